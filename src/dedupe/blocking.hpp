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

/// The blocking keys of one record (hashes), sorted and distinct: every key the batch
/// matcher blocks on.
std::vector<std::uint64_t> blocking_keys(const PreparedRecords& r, std::size_t i);

/// The keys a persistent index holds for one record, probed one record at a time: the
/// blocking keys without phones and whole emails (an index keeps those exactly, in tables
/// of their own) and without a name part with the city, whose blocks (王 in 北京) are nearly
/// always too large to probe and whose pairs the name, birthday, postcode and street keys
/// find (measured on the generated multilingual set: the recall of the per-insert check
/// moved by < 0.001 without them).
std::vector<std::uint64_t> index_keys(const PreparedRecords& r, std::size_t i);

/// The version of blocking_keys() and of the normalization under it. The store keeps every
/// customer's keys (customer_match_keys) and rebuilds them when this differs from the
/// version they were made with: bump it whenever a change alters any record's keys
/// (tests/cpp/store/test_duplicates.cpp pins the keys of sample records to catch that).
inline constexpr int kMatchKeysVersion = 3;

}  // namespace clientele::matching
