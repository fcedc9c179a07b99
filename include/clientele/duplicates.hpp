// clientele — the per-insert duplicate check over stored customers: db.duplicates()
// (the matcher in clientele/dedupe.hpp, docs/dedupe.md).
#pragma once

#include "clientele/export.h"

#include <string_view>
#include <vector>

#include "clientele/dedupe.hpp"
#include "clientele/feature.hpp"
#include "clientele/merge.hpp"
#include "clientele/model.hpp"

namespace clientele {

class CLIENTELE_API Duplicates : public Feature {
public:
    /// Existing customers that are likely the same person as `candidate` (not stored; its
    /// contacts are normalized here): active customers visible to this user sharing a
    /// normalized email, an E.164 phone or blocking keys, each scored with the dedupe
    /// engine's fixed model. Matches at or above options.threshold, best first.
    /// InvalidInput for a malformed candidate or option.
    std::vector<DuplicateMatch> find(const Customer& candidate, const FindDuplicatesOptions& options = {}) const;
    /// The dedupe engine's per-field explanation for two stored customers (UUIDs or external
    /// ids; a = 0 and b = 1 in the result). NotFound when one is absent or not visible.
    PairExplanation explain(std::string_view a, std::string_view b) const;
    /// Every active customer this user can see as a record to match (match_record), in
    /// store order: the input of a dedupe over the store. Merged and archived customers are
    /// not candidates (merging them again would fail or revive them).
    std::vector<MatchRecord> records() const;

    /// Made by the Database (a store::Session is internal to the library).
    explicit Duplicates(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele
