// Internal: what the store needs from the matcher beyond the public API.
#pragma once

#include <cstdint>
#include <vector>

#include "clientele/dedupe.hpp"

namespace clientele {

namespace matching {
class Romanizer;
}

struct DeduplicatorAccess {
    /// A Deduplicator (one thread) whose normalization uses `romanizer`, which the caller
    /// keeps between calls: the per-insert check builds one per call, and a fresh Romanizer
    /// sets up ICU transliterators and OpenCC's dictionaries — milliseconds, most of a call.
    static Deduplicator with_romanizer(std::vector<MatchRecord> records, DedupeOptions options,
                                       matching::Romanizer& romanizer);
    /// Each record's blocking keys without the contact keys (matching/blocking.hpp), as the
    /// store keeps them in customer_match_keys.
    static std::vector<std::vector<std::uint64_t>> match_keys(const std::vector<MatchRecord>& records,
                                                              const DedupeOptions& options,
                                                              matching::Romanizer& romanizer);
};

}  // namespace clientele
