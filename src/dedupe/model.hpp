// Internal: the Fellegi-Sunter model: u from random pairs, m and the prior by EM over the
// candidate pairs' agreement patterns, term-frequency adjustment of exact name agreement.
#pragma once

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "dedupe/compare.hpp"

namespace clientele::matching {

struct Model {
    // Per field and level: m and u among the candidate pairs (both learnt by EM, since
    // candidates are not random pairs: they share a blocking key), and u among random pairs
    // (for the term-frequency adjustment and as the starting point and prior of EM).
    std::array<std::array<double, 8>, kFieldCount> m{}, u{}, u_random{};
    double lambda = 0.1;  // share of matches among candidates
    bool trained = false;

    double prior_weight() const;
    double field_weight(int field, int level) const;  // log2(m/u); 0 for missing
};

/// Value frequencies of the name keys (share of records having the value), per record and
/// reading, for the term-frequency adjustment.
struct NameFrequencies {
    std::vector<float> family[2], given[2];
};
NameFrequencies name_frequencies(const PreparedRecords& r);

/// u probabilities from (a deterministic sample of) random pairs.
void estimate_u(Model& model, const PreparedRecords& r, std::size_t sample_pairs);
/// m by EM in sessions over the candidate pairs (see model.cpp), u fixed at u_random, and
/// the prior as the share of expected matches among all pairs of `records`. Pairs for
/// which `non_match` is true are held as non-matches.
void estimate_m(Model& model, const std::vector<Levels>& candidates, std::size_t records, int iterations,
                bool (*non_match)(const Levels&) = nullptr);
/// The model without training (see Deduplicator::use_fixed_model): u = the typical random-pair
/// values, m = EM's starting values, lambda = 1/1025.
void fixed_model(Model& model);
/// m from pairs known to be matches.
void estimate_m_from_labels(Model& model, const std::vector<Levels>& matches, double prior);

/// Log2 odds of "one person" against "two members of one household" before any field is
/// compared (1:1): among pairs sharing an address and home phone, as many are family members
/// as are one person's two records, for all the data can say before looking at them.
inline constexpr double kHouseholdPriorWeight = 0;

/// Fields a household (or a company) shares: family name, phone, address, company. The
/// others (given name, birthday, email) are personal.
bool is_shared_field(int field);

/// The pair's weight (log2 odds of one person against both alternatives: two random
/// customers, two members of one household), with the per-field parts in `parts` and what
/// the household alternative takes off in `household` when not null; prior + parts +
/// household = weight.
double pair_weight(const Model& model, const NameFrequencies& tf, const Comparison& c, std::size_t a,
                   std::array<double, kFieldCount>* parts = nullptr, double* household = nullptr);

}  // namespace clientele::matching
