// Internal: the matcher as a persistent customer store uses it — records one at a time,
// the fixed model (no data to learn from), and the text keys (ICU transliterators, OpenCC
// dictionaries) made once and kept, because making them costs milliseconds, more than the
// rest of a check. The store's Duplicates feature and its match-key index use this and
// nothing else of the engine's insides.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "clientele/dedupe.hpp"

namespace clientele::matching {

class Romanizer;

class StoreMatcher {
public:
    StoreMatcher();
    ~StoreMatcher();
    StoreMatcher(const StoreMatcher&) = delete;
    StoreMatcher& operator=(const StoreMatcher&) = delete;

    /// Each record's index keys (blocking.hpp: index_keys), sorted and distinct.
    std::vector<std::vector<std::uint64_t>> index_keys(const std::vector<MatchRecord>& records,
                                                       std::string_view default_region);
    /// records[0] explained against each of records[1..], under the fixed model.
    std::vector<PairExplanation> explain_first(const std::vector<MatchRecord>& records,
                                               std::string_view default_region);

private:
    Romanizer& romanizer();
    std::unique_ptr<Romanizer> romanizer_;  // made on first use
};

}  // namespace clientele::matching
