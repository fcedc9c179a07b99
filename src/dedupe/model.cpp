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
        // Laplace-smoothed; a level never seen among random pairs is rare, not impossible.
        for (int l = 1; l < L; ++l) model.u[f][l] = model.u_random[f][l] = (counts[f][l] + 0.5) / (total + 0.5 * (L - 1));
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
    for (int f = 0; f < kFieldCount; ++f) k |= static_cast<std::uint64_t>(l[f]) << (8 * f);
    return k;
}

}  // namespace

void estimate_m(Model& model, const std::vector<Levels>& candidates, int iterations) {
    // EM over distinct agreement patterns: a few hundred, however many pairs.
    std::unordered_map<std::uint64_t, std::pair<Levels, double>> patterns;
    for (const Levels& l : candidates) {
        auto& p = patterns[pack(l)];
        p.first = l;
        p.second += 1;
    }
    init_m(model);
    const auto m0 = model.m;
    const auto u0 = model.u_random;
    constexpr double kPseudo = 20;  // pairs' worth of prior belief per class and field
    model.lambda = 0.2;
    for (int it = 0; it < iterations; ++it) {
        std::array<std::array<double, 8>, kFieldCount> am{}, au{};
        double matched = 0, total = 0;
        for (auto& [key, p] : patterns) {
            double lm = std::log(model.lambda), lu = std::log(1 - model.lambda);
            for (int f = 0; f < kFieldCount; ++f) {
                int l = p.first[f];
                if (l == 0) continue;
                lm += std::log(model.m[f][l]);
                lu += std::log(model.u[f][l]);
            }
            double post = 1 / (1 + std::exp(lu - lm));
            matched += post * p.second;
            total += p.second;
            for (int f = 0; f < kFieldCount; ++f) {
                am[f][p.first[f]] += post * p.second;
                au[f][p.first[f]] += (1 - post) * p.second;
            }
        }
        model.lambda = std::clamp((matched + 1) / (total + 10), 1e-6, 1 - 1e-6);
        for (int f = 0; f < kFieldCount; ++f) {
            int L = kLevels[f];
            double sm = 0, su = 0;
            for (int l = 1; l < L; ++l) sm += am[f][l], su += au[f][l];
            for (int l = 1; l < L; ++l) {
                model.m[f][l] = (am[f][l] + kPseudo * m0[f][l]) / (sm + kPseudo);
                model.u[f][l] = (au[f][l] + kPseudo * u0[f][l]) / (su + kPseudo);
            }
        }
    }
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

double pair_weight(const Model& model, const NameFrequencies& tf, const Comparison& c, std::size_t a,
                   std::array<double, kFieldCount>* parts) {
    double w = model.prior_weight();
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
    }
    return w;
}

}  // namespace clientele::matching
