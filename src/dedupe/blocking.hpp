// Internal: candidate pairs from several blocking keys at once.
#pragma once

#include <cstdint>
#include <vector>

#include "dedupe/records.hpp"

namespace clientele::matching {

/// Blocks larger than this are not compared all against all: their records are sorted by
/// name and birthday and each is compared with its next kWindow neighbours.
inline constexpr std::size_t kMaxBlock = 24;
inline constexpr std::size_t kWindow = 8;

/// Sorted, distinct candidate pairs (a << 32 | b, a < b).
std::vector<std::uint64_t> candidate_pairs(const PreparedRecords& r, unsigned threads);

/// The blocking keys of one record (hashes), for the store's incremental lookup.
std::vector<std::uint64_t> blocking_keys(const PreparedRecords& r, std::size_t i);

}  // namespace clientele::matching
