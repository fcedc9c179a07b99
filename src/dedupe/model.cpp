#include "dedupe/model.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string_view>

namespace clientele::matching {

double Model::prior_weight() const {
    double l = std::clamp(lambda, 1e-9, 1 - 1e-9);
    return std::log2(l / (1 - l));
}

double Model::field_weight(int f, int l) const {
    if (l == 0) return 0;
    return std::log2(m[f][l] / u[f][l]);
}

NameFrequencies name_frequencies(const PreparedRecords& r) {
    std::unordered_map<std::string_view, std::uint32_t> fam, giv;
    std::size_t nf = 0, ng = 0;
    for (std::size_t i = 0; i < r.size; ++i) {
        if (!r.names[0].family[i].empty()) ++fam[r.names[0].family[i]], ++nf;
        if (!r.names[0].given[i].empty()) ++giv[r.names[0].given[i]], ++ng;
    }
    NameFrequencies out;
    for (int v = 0; v < 2; ++v) {
        out.family[v].resize(r.size);
        out.given[v].resize(r.size);
        for (std::size_t i = 0; i < r.size; ++i) {
            auto f = fam.find(r.names[v].family[i]);
            auto g = giv.find(r.names[v].given[i]);
            out.family[v][i] = f == fam.end() || nf == 0 ? 0.f : static_cast<float>(f->second) / nf;
            out.given[v][i] = g == giv.end() || ng == 0 ? 0.f : static_cast<float>(g->second) / ng;
        }
    }
    return out;
}

namespace {

// What random pairs of a customer base typically look like, per field and level (the last,
// disagreement, takes the rest). A prior worth kUPriorPairs pairs: it decides for a handful
// of records and fades before the sample of a real data set.
constexpr double kUPriorPairs = 500;
const std::array<std::array<double, 8>, kFieldCount>& default_u() {
    static const std::array<std::array<double, 8>, kFieldCount> u = [] {
        std::array<std::array<double, 8>, kFieldCount> t{};
        auto set = [&](int f, std::initializer_list<double> levels) {
            int l = 1;
            double sum = 0;
            for (double v : levels) t[f][l++] = v, sum += v;
            t[f][kLevels[f] - 1] = 1 - sum;
        };
        set(kGiven, {0.01, 0.002, 0.01, 0.03});
        set(kFamily, {0.01, 0.002, 0.01, 0.03});
        set(kBirthday, {0.0005, 0.005});
        set(kEmail, {1e-5, 1e-5});
        set(kPhone, {1e-5, 1e-4});
        set(kStreet, {1e-4, 5e-4, 0.01, 0.002});
        set(kStreet2, {0.001, 0.005});
        set(kLocality, {0.005, 0.002, 0.02, 0.01});
        set(kCompany, {0.001, 0.005});
        return t;
    }();
    return u;
}

}  // namespace

void estimate_u(Model& model, const PreparedRecords& r, std::size_t sample_pairs) {
    std::array<std::array<double, 8>, kFieldCount> counts{};
    std::size_t n = r.size;
    auto add = [&](std::size_t a, std::size_t b) {
        Comparison c = compare(r, a, b);
        for (int f = 0; f < kFieldCount; ++f) counts[f][c.levels[f]] += 1;
    };
    if (n >= 2) {
        if (n * (n - 1) / 2 <= sample_pairs) {
            for (std::size_t a = 0; a < n; ++a)
                for (std::size_t b = a + 1; b < n; ++b) add(a, b);
        } else {
            std::mt19937_64 rng(0x5eed);
            std::uniform_int_distribution<std::size_t> pick(0, n - 1);
            for (std::size_t k = 0; k < sample_pairs; ++k) {
                std::size_t a = pick(rng), b = pick(rng);
                if (a == b) continue;
                add(a, b);
            }
        }
    }
    for (int f = 0; f < kFieldCount; ++f) {
        int L = kLevels[f];
        double total = 0;
        for (int l = 1; l < L; ++l) total += counts[f][l];
        // Smoothed towards the typical values: a level never seen among random pairs is
        // rare, not impossible, and ten records say little about random pairs.
        for (int l = 1; l < L; ++l)
            model.u[f][l] = model.u_random[f][l] =
                (counts[f][l] + kUPriorPairs * default_u()[f][l]) / (total + kUPriorPairs);
    }
}

namespace {

void init_m(Model& model) {
    for (int f = 0; f < kFieldCount; ++f) {
        int L = kLevels[f];
        model.m[f][1] = 0.7;
        model.m[f][L - 1] = 0.05;
        for (int l = 2; l < L - 1; ++l) model.m[f][l] = 0.25 / (L - 3);
    }
}

std::uint64_t pack(const Levels& l) {
    std::uint64_t k = 0;
    for (int f = 0; f < kFieldCount; ++f) k |= static_cast<std::uint64_t>(l[f]) << (4 * f);  // levels < 16
    return k;
}

}  // namespace

namespace {

// One EM "session" in the manner of splink: the candidate pairs that agree exactly on the
// session's own fields. Among them the other fields of non-matches still look like those
// of random pairs, so u stays fixed at u_random and EM learns m (and the session's share
// of matches, which is thrown away) for the other fields only.
struct Session {
    bool (*select)(const Levels&);
    std::array<bool, kFieldCount> own{};
};

void run_session(const Model& model, const Session& s, const std::vector<std::pair<Levels, double>>& patterns,
                 int iterations, bool (*non_match)(const Levels&),
                 std::array<std::array<double, 8>, kFieldCount>& m_sum, std::array<double, kFieldCount>& m_n) {
    std::vector<const std::pair<Levels, double>*> chosen;
    double n = 0;
    for (auto& p : patterns)
        if (s.select(p.first)) chosen.push_back(&p), n += p.second;
    if (n < 10) return;
    auto m = model.m;
    double lambda = 0.5;
    constexpr double kPseudo = 10;
    for (int it = 0; it < iterations; ++it) {
        std::array<std::array<double, 8>, kFieldCount> acc{};
        double matched = 0;
        for (auto* p : chosen) {
            double lm = std::log(lambda), lu = std::log(1 - lambda);
            for (int f = 0; f < kFieldCount; ++f) {
                int l = p->first[f];
                if (l == 0 || s.own[f]) continue;
                lm += std::log(m[f][l]);
                lu += std::log(model.u_random[f][l]);
            }
            double post = non_match && non_match(p->first) ? 0 : 1 / (1 + std::exp(lu - lm));
            matched += post * p->second;
            for (int f = 0; f < kFieldCount; ++f) acc[f][p->first[f]] += post * p->second;
        }
        lambda = std::clamp(matched / n, 1e-4, 1 - 1e-4);
        for (int f = 0; f < kFieldCount; ++f) {
            if (s.own[f]) continue;
            int L = kLevels[f];
            double sum = 0;
            for (int l = 1; l < L; ++l) sum += acc[f][l];
            for (int l = 1; l < L; ++l) m[f][l] = (acc[f][l] + kPseudo * model.m[f][l]) / (sum + kPseudo);
        }
    }
    for (int f = 0; f < kFieldCount; ++f) {
        if (s.own[f]) continue;
        for (int l = 1; l < kLevels[f]; ++l) m_sum[f][l] += m[f][l];
        m_n[f] += 1;
    }
}

}  // namespace

void estimate_m(Model& model, const std::vector<Levels>& candidates, std::size_t records, int iterations,
                bool (*non_match)(const Levels&)) {
    // Distinct agreement patterns: a few hundred, however many pairs.
    std::unordered_map<std::uint64_t, std::pair<Levels, double>> by_key;
    for (const Levels& l : candidates) {
        auto& p = by_key[pack(l)];
        p.first = l;
        p.second += 1;
    }
    std::vector<std::pair<Levels, double>> patterns;
    for (auto& [k, p] : by_key) patterns.push_back(p);
    std::sort(patterns.begin(), patterns.end(), [](auto& x, auto& y) { return pack(x.first) < pack(y.first); });

    init_m(model);
    Session sessions[4];
    sessions[0].select = [](const Levels& l) { return l[kBirthday] == 1; };
    sessions[0].own[kBirthday] = true;
    sessions[1].select = [](const Levels& l) { return l[kGiven] == 1 && l[kFamily] == 1; };
    sessions[1].own[kGiven] = sessions[1].own[kFamily] = true;
    sessions[2].select = [](const Levels& l) { return l[kEmail] == 1; };
    sessions[2].own[kEmail] = true;
    sessions[3].select = [](const Levels& l) { return l[kPhone] == 1; };
    sessions[3].own[kPhone] = true;
    std::array<std::array<double, 8>, kFieldCount> m_sum{};
    std::array<double, kFieldCount> m_n{};
    for (const Session& s : sessions) run_session(model, s, patterns, iterations, non_match, m_sum, m_n);
    for (int f = 0; f < kFieldCount; ++f)
        if (m_n[f] > 0)
            for (int l = 1; l < kLevels[f]; ++l) model.m[f][l] = m_sum[f][l] / m_n[f];

    // The prior: the share of matches among all pairs, as the fixed point of "expected
    // matches among the candidates / all pairs" (pairs not blocked together are taken as
    // non-matches).
    double all_pairs = records > 1 ? static_cast<double>(records) * (records - 1) / 2 : 1;
    double lambda = records > 1 ? 1.0 / records : 0.5;
    for (int it = 0; it < 30; ++it) {
        double expected = 0;
        double prior = std::log(lambda / (1 - lambda));
        for (auto& p : patterns) {
            double lr = prior;
            for (int f = 0; f < kFieldCount; ++f) {
                int l = p.first[f];
                if (l) lr += std::log(model.m[f][l] / model.u_random[f][l]);
            }
            if (!(non_match && non_match(p.first))) expected += p.second / (1 + std::exp(-lr));
        }
        lambda = std::clamp(expected / all_pairs, 1e-12, 0.5);
    }
    model.lambda = lambda;
    model.u = model.u_random;
    model.trained = true;
}

void fixed_model(Model& model) {
    for (int f = 0; f < kFieldCount; ++f)
        for (int l = 1; l < kLevels[f]; ++l) model.u[f][l] = model.u_random[f][l] = default_u()[f][l];
    init_m(model);
    model.lambda = 1.0 / 1025;  // prior odds 1:1024, weight -10
    model.trained = true;
}

void estimate_m_from_labels(Model& model, const std::vector<Levels>& matches, double prior) {
    std::array<std::array<double, 8>, kFieldCount> acc{};
    for (const Levels& l : matches)
        for (int f = 0; f < kFieldCount; ++f) acc[f][l[f]] += 1;
    for (int f = 0; f < kFieldCount; ++f) {
        int L = kLevels[f];
        double sum = 0;
        for (int l = 1; l < L; ++l) sum += acc[f][l];
        for (int l = 1; l < L; ++l) model.m[f][l] = (acc[f][l] + 0.5) / (sum + 0.5 * (L - 1));
    }
    model.lambda = std::clamp(prior, 1e-6, 1 - 1e-6);
    model.trained = true;
}

bool is_shared_field(int field) {
    switch (field) {
        case kFamily: case kPhone: case kStreet: case kStreet2: case kLocality: case kCompany: return true;
        default: return false;
    }
}

double pair_weight(const Model& model, const NameFrequencies& tf, const Comparison& c, std::size_t a,
                   std::array<double, kFieldCount>* parts, double* household) {
    double w = model.prior_weight(), w_house = kHouseholdPriorWeight;
    for (int f = 0; f < kFieldCount; ++f) {
        int l = c.levels[f];
        double fw = model.field_weight(f, l);
        // Term frequency: agreeing on a common name (王, Smith) is weaker evidence than on a
        // rare one. Replaces the level's average u by the value's own frequency.
        if (l == 1 && (f == kFamily || f == kGiven)) {
            bool fam_side = f == kFamily;  // a's value: the swap only changes b's side
            float freq = fam_side ? tf.family[c.reading_a][a] : tf.given[c.reading_a][a];
            if (freq > 0) fw += std::log2(model.u_random[f][1] / std::max<double>(freq, 1e-6));
        }
        if (parts) (*parts)[f] = fw;
        w += fw;
        // Against a household member only the personal fields speak for a match; what a
        // household (or a company) shares may still speak against one.
        // A given name matched against the other record's family name (swapped columns, a
        // name read family-last) may be the family name both share: no personal evidence.
        bool shared = is_shared_field(f) || (f == kGiven && c.swapped);
        w_house += shared ? std::min(fw, 0.0) : fw;
    }
    // Two alternatives to "one person": two random customers (the prior) and, unless the given
    // names agree and the family names do not differ, two members of one household (or
    // colleagues); a given name missing on one side, or an English name against a Chinese
    // one, is no sign of one person either. The second is what
    // agreement on the address, the home phone and the family name cannot rule out, so
    // such agreement stops counting and the personal fields (given name, birthday, email)
    // have to decide: odds = 1 / (1/odds_random + 1/odds_household). A family rarely gives
    // two members one given name, so "Tayla Green" / "Tayla White" on one birthday at one
    // address is one person, and "Tayla Green" / "Mia Green" there without a shared
    // birthday or email is not.
    bool given_agrees = c.levels[kGiven] != 0 && c.levels[kGiven] != kLevels[kGiven] - 1;
    if (given_agrees && c.levels[kFamily] != kLevels[kFamily] - 1) {
        if (household) *household = 0;
        return w;
    }
    double combined = -std::log2(std::exp2(-w) + std::exp2(-w_house));
    if (household) *household = combined - w;
    return combined;
}

}  // namespace clientele::matching
