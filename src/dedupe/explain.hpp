// Internal: one pair's score explained field by field, shared by Deduplicator::explain and
// the store's matcher (store_matcher.hpp).
#pragma once

#include <cstddef>

#include "clientele/dedupe.hpp"
#include "dedupe/model.hpp"
#include "dedupe/records.hpp"

namespace clientele::matching {

/// Records a and b of `prep` under `model`; a pair in identity conflict is held just under
/// `threshold`.
PairExplanation explain_pair(const PreparedRecords& prep, const Model& model, const NameFrequencies& tf,
                             double threshold, std::size_t a, std::size_t b);
/// Frequencies that turn the term-frequency adjustment off, for `records` records.
NameFrequencies no_name_frequencies(std::size_t records);

}  // namespace clientele::matching
