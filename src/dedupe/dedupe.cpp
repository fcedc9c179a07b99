#include "clientele/dedupe.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <numeric>
#include <thread>
#include <unordered_map>

#include "clientele/error.hpp"
#include "dedupe/explain.hpp"
#include "dedupe/store_matcher.hpp"
#include "dedupe/blocking.hpp"
#include "dedupe/compare.hpp"
#include "dedupe/model.hpp"
#include "dedupe/records.hpp"

namespace clientele {

using namespace matching;

namespace {

constexpr std::size_t kUSamplePairs = 60000;
constexpr std::size_t kCoherenceMembers = 8;  // members per side checked before joining clusters
// Two clusters join only if the pairs between their members (the joining pair included) say
// "one person" on balance: the sum of their weights, each held within ±kChainClamp (log2
// odds) so that one pair sharing a whole address cannot outvote the rest, and a pair in
// identity conflict counting as −kChainClamp, is not negative. So a chain A-B-C does not
// gather an A and a C that are plainly two people, while a record whose given name was
// replaced still joins the cluster of its other copies.
constexpr double kChainClamp = 10;

// Phase times on stderr when CLIENTELE_DEDUPE_TRACE is set (for the speed benchmark).
class PhaseClock {
public:
    PhaseClock() : on_(std::getenv("CLIENTELE_DEDUPE_TRACE") != nullptr) {}
    void lap(const char* phase) {
        if (!on_) return;
        auto now = std::chrono::steady_clock::now();
        std::cerr << "dedupe " << phase << ' ' << std::chrono::duration<double>(now - last_).count() << " s\n";
        last_ = now;
    }

private:
    bool on_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

unsigned thread_count(unsigned requested) {
    if (requested) return requested;
    unsigned hw = std::thread::hardware_concurrency();
    return hw ? std::min(hw, 16u) : 2u;
}

double to_weight(double probability) {
    double p = std::clamp(probability, 1e-12, 1 - 1e-12);
    return std::log2(p / (1 - p));
}

double to_probability(double weight) { return 1 / (1 + std::exp2(-weight)); }

// Two records whose given names and birthdays both differ (beyond typos, initials,
// nicknames, homophones, swaps) are two people, whatever else they share: a household
// shares its address, home phone and often the family name. So are two records that share
// an email or a phone while their birthdays differ: a family's shared account or home line.
// Such a pair is never joined, never lets a cluster grow over it, and EM counts it among the
// non-matches. Everything short of that (a family name replaced, a given name replaced on
// the same birthday) is weighed, not vetoed: pair_weight holds a pair that shares only
// household fields to what its personal fields say.
bool identity_conflict(const Levels& l) {
    bool given_differs = l[kGiven] == kLevels[kGiven] - 1;
    bool birthday_differs = l[kBirthday] == kLevels[kBirthday] - 1;
    return birthday_differs && (given_differs || l[kEmail] == 1 || l[kPhone] == 1);
}

template <class F>
void parallel_for(std::size_t n, unsigned threads, F body) {
    if (threads <= 1 || n < 4096) {
        body(std::size_t{0}, n);
        return;
    }
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&, t] { body(n * t / threads, n * (t + 1) / threads); });
    for (auto& th : pool) th.join();
}

struct DisjointSets {
    std::vector<std::uint32_t> parent;
    std::vector<std::vector<std::uint32_t>> members;
    explicit DisjointSets(std::size_t n) : parent(n), members(n) {
        std::iota(parent.begin(), parent.end(), 0u);
        for (std::uint32_t i = 0; i < n; ++i) members[i] = {i};
    }
    std::uint32_t find(std::uint32_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void join(std::uint32_t a, std::uint32_t b) {  // roots
        if (members[a].size() < members[b].size()) std::swap(a, b);
        parent[b] = a;
        members[a].insert(members[a].end(), members[b].begin(), members[b].end());
        members[b].clear();
        members[b].shrink_to_fit();
    }
};

}  // namespace

struct Deduplicator::Impl {
    DedupeOptions options;
    unsigned threads;
    PreparedRecords prep;
    NameFrequencies tf;
    Model model;
    std::vector<std::uint64_t> pairs;
    bool blocked = false;

    Impl(std::vector<MatchRecord> recs, DedupeOptions opts)
        : options(std::move(opts)), threads(thread_count(options.threads)) {
        if (!(options.threshold > 0 && options.threshold < 1))
            throw InvalidInput("threshold", "must be between 0 and 1 (exclusive)");
        if (!(options.review_threshold > 0 && options.review_threshold <= options.threshold))
            throw InvalidInput("review_threshold", "must be above 0 and at most the threshold");
        PhaseClock clock;
        prep = prepare(recs, options, threads);
        std::vector<MatchRecord>().swap(recs);  // the normalized columns are all that is kept
        tf = name_frequencies(prep);
        clock.lap("prepare");
    }

    void block() {
        if (blocked) return;
        pairs = candidate_pairs(prep, threads);
        blocked = true;
    }

    std::vector<Comparison> compare_all() {
        std::vector<Comparison> out(pairs.size());
        parallel_for(pairs.size(), threads, [&](std::size_t from, std::size_t to) {
            for (std::size_t k = from; k < to; ++k)
                out[k] = compare(prep, pairs[k] >> 32, pairs[k] & 0xffffffffu);
        });
        return out;
    }

    void train(const std::vector<Comparison>& comps) {
        if (model.trained) return;
        estimate_u(model, prep, kUSamplePairs);
        std::vector<Levels> levels(comps.size());
        for (std::size_t k = 0; k < comps.size(); ++k) levels[k] = comps[k].levels;
        estimate_m(model, levels, prep.size, options.em_iterations, identity_conflict);
    }

    double weight(const Comparison& c, std::size_t a, std::array<double, kFieldCount>* parts = nullptr) const {
        return pair_weight(model, tf, c, a, parts);
    }
};

Deduplicator::Deduplicator(std::vector<MatchRecord> records, DedupeOptions options)
    : impl_(std::make_unique<Impl>(std::move(records), std::move(options))) {}
Deduplicator::Deduplicator(Deduplicator&&) noexcept = default;
Deduplicator& Deduplicator::operator=(Deduplicator&&) noexcept = default;
Deduplicator::~Deduplicator() = default;

std::size_t Deduplicator::size() const noexcept { return impl_->prep.size; }
const DedupeOptions& Deduplicator::options() const noexcept { return impl_->options; }

DedupeResult Deduplicator::run() {
    Impl& d = *impl_;
    PhaseClock clock;
    d.block();
    clock.lap("block");
    std::vector<Comparison> comps = d.compare_all();
    clock.lap("compare");
    d.train(comps);
    clock.lap("train");

    const double join_w = to_weight(d.options.threshold), review_w = to_weight(d.options.review_threshold);
    std::vector<float> w(d.pairs.size());
    std::vector<std::uint8_t> conflict(d.pairs.size());
    parallel_for(d.pairs.size(), d.threads, [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k < to; ++k) {
            w[k] = static_cast<float>(d.weight(comps[k], d.pairs[k] >> 32));
            conflict[k] = identity_conflict(comps[k].levels);
        }
    });

    DedupeResult result;
    result.candidate_pairs = d.pairs.size();
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < d.pairs.size(); ++k) {
        if (w[k] < review_w) continue;
        ScoredPair p{static_cast<std::uint32_t>(d.pairs[k] >> 32), static_cast<std::uint32_t>(d.pairs[k]), w[k],
                     static_cast<float>(to_probability(w[k]))};
        result.pairs.push_back(p);
        if (w[k] >= join_w && !conflict[k]) order.push_back(k);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        return w[x] != w[y] ? w[x] > w[y] : x < y;
    });

    // Strongest pairs first; two clusters join only if no member of one is in identity
    // conflict with a member of the other, so a chain cannot carry a household into one.
    DisjointSets sets(d.prep.size);
    std::vector<float> root_score(d.prep.size, 1.0f);  // per root: weakest joining pair
    // Records identical in every normalized field (and not empty of name and contacts) are
    // one customer whatever the model says: a model trained on nothing but copies has
    // learnt that agreement means nothing.
    {
        std::unordered_map<std::string, std::uint32_t> first;
        const PreparedRecords& p = d.prep;
        for (std::uint32_t i = 0; i < p.size; ++i) {
            if (p.names[0].family[i].empty() && p.names[0].given[i].empty() && p.emails.count(i) == 0 &&
                p.phones.count(i) == 0)
                continue;
            std::string key = p.names[0].family_han[i] + '\x1f' + p.names[0].family[i] + '\x1f' +
                              p.names[0].given_han[i] + '\x1f' + p.names[0].given[i] + '\x1f' + p.birthday[i] +
                              '\x1f' + p.street[i] + '\x1f' + p.street2[i] + '\x1f' + p.city[i] + '\x1f' +
                              p.postcode[i] + '\x1f' + p.company[i];
            for (std::size_t k = 0; k < p.emails.count(i); ++k) key += '\x1f' + p.emails.at(i, k);
            for (std::size_t k = 0; k < p.phones.count(i); ++k) key += '\x1e' + p.phones.at(i, k);
            auto [it, fresh] = first.emplace(std::move(key), i);
            if (!fresh) {
                std::uint32_t ra = sets.find(it->second), rb = sets.find(i);
                if (ra != rb) sets.join(ra, rb);
            }
        }
    }
    for (std::size_t k : order) {
        std::uint32_t a = static_cast<std::uint32_t>(d.pairs[k] >> 32), b = static_cast<std::uint32_t>(d.pairs[k]);
        std::uint32_t ra = sets.find(a), rb = sets.find(b);
        if (ra == rb) continue;
        bool ok = true;
        if (sets.members[ra].size() > 1 || sets.members[rb].size() > 1) {
            const auto &ma = sets.members[ra], &mb = sets.members[rb];
            double evidence = std::min<double>(w[k], kChainClamp);
            for (std::size_t i = 0; i < std::min(ma.size(), kCoherenceMembers); ++i)
                for (std::size_t j = 0; j < std::min(mb.size(), kCoherenceMembers); ++j) {
                    std::uint32_t x = ma[i], y = mb[j];
                    if ((x == a && y == b) || (x == b && y == a)) continue;
                    Comparison c = x < y ? compare(d.prep, x, y) : compare(d.prep, y, x);
                    evidence += identity_conflict(c.levels) ? -kChainClamp
                                                            : std::clamp(d.weight(c, std::min(x, y)), -kChainClamp, kChainClamp);
                }
            ok = evidence >= 0;
        }
        if (!ok) {
            ++result.rejected_merges;
            continue;
        }
        float score = std::min({root_score[ra], root_score[rb], static_cast<float>(to_probability(w[k]))});
        sets.join(ra, rb);
        root_score[sets.find(a)] = score;
    }
    result.cluster.assign(d.prep.size, 0);
    std::vector<std::uint32_t> id_of_root(d.prep.size, UINT32_MAX);
    std::uint32_t next = 0;
    for (std::uint32_t i = 0; i < d.prep.size; ++i) {
        std::uint32_t r = sets.find(i);
        if (id_of_root[r] == UINT32_MAX) {
            id_of_root[r] = next++;
            result.cluster_score.push_back(root_score[r]);
        }
        result.cluster[i] = id_of_root[r];
    }
    result.clusters = next;
    clock.lap("cluster");
    return result;
}

PairExplanation Deduplicator::explain(std::size_t a, std::size_t b) {
    Impl& d = *impl_;
    if (a >= d.prep.size || b >= d.prep.size)
        throw InvalidInput(a >= d.prep.size ? "a" : "b", "record index out of range (" + std::to_string(d.prep.size) +
                                                             " records)");
    if (!d.model.trained) {
        d.block();
        d.train(d.compare_all());
    }
    return matching::explain_pair(d.prep, d.model, d.tf, d.options.threshold, a, b);
}

void Deduplicator::train_from_labels(const std::vector<std::pair<std::size_t, std::size_t>>& matches) {
    Impl& d = *impl_;
    std::vector<Levels> levels;
    for (auto [a, b] : matches) {
        if (a >= d.prep.size || b >= d.prep.size || a == b)
            throw InvalidInput("matches", "pair (" + std::to_string(a) + ", " + std::to_string(b) + ") is not two records");
        levels.push_back(compare(d.prep, std::min(a, b), std::max(a, b)).levels);
    }
    d.block();
    estimate_u(d.model, d.prep, kUSamplePairs);
    // The prior is a share of all pairs, as in EM training.
    double n = static_cast<double>(d.prep.size);
    double prior = n > 1 ? std::max<double>(matches.size(), 1) / (n * (n - 1) / 2) : 0.5;
    estimate_m_from_labels(d.model, levels, prior);
}

void Deduplicator::use_fixed_model() {
    Impl& d = *impl_;
    fixed_model(d.model);
    d.tf = matching::no_name_frequencies(d.prep.size);
}

DedupeResult dedupe(std::vector<MatchRecord> records, const DedupeOptions& options) {
    Deduplicator d(std::move(records), options);
    return d.run();
}

namespace matching {

PairExplanation explain_pair(const PreparedRecords& prep, const Model& model, const NameFrequencies& tf,
                             double threshold, std::size_t a, std::size_t b) {
    if (a > b) std::swap(a, b);
    Comparison c = compare(prep, a, b);
    std::array<double, kFieldCount> parts{};
    double household = 0;
    PairExplanation e;
    e.a = a;
    e.b = b;
    e.prior_weight = model.prior_weight();
    e.weight = pair_weight(model, tf, c, a, &parts, &household);
    for (int f = 0; f < kFieldCount; ++f)
        e.fields.push_back({field_name(f), level_name(f, c.levels[f]), parts[f]});
    if (household < -0.01)
        e.fields.push_back({"household", "shared address, phone or family name count only against", household});
    if (identity_conflict(c.levels)) {
        e.fields.push_back({"identity_conflict", "birthdays differ with the given name, an email or a phone", 0});
        e.weight = std::min(e.weight, to_weight(threshold) - 1e-3);
    }
    e.probability = to_probability(e.weight);
    return e;
}

NameFrequencies no_name_frequencies(std::size_t records) {
    // Name frequencies among a few blocked records (all sharing the name) say nothing about
    // how common the name is; 0 turns the adjustment off.
    NameFrequencies tf;
    for (int v = 0; v < 2; ++v) {
        tf.family[v].assign(records, 0.f);
        tf.given[v].assign(records, 0.f);
    }
    return tf;
}

}  // namespace matching
}  // namespace clientele
