// Internal: a customer's ledger replayed in time order — its lots (oldest spent first), and
// the least balance it has from a date on, which every write that takes points checks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clientele/loyalty.hpp"

namespace clientele::store {
class Session;
}

namespace clientele::loyalty {

struct LedgerRow {
    std::int64_t id = 0, at = 0, points = 0;
    std::optional<std::int64_t> expires_at;
    bool is_expire = false;
    std::int64_t voids = 0;      ///< the entry this one voids (0: none)
    std::int64_t lot = 0;        ///< an expire entry's lot (reference "lot:<id>"), 0: none
};

/// The customer's entries (internal id), ordered by at, then id.
std::vector<LedgerRow> ledger_rows(store::Session& impl, std::int64_t customer);
/// The lots as of `as_of`: positive entries; negative ones take from the oldest lot still
/// alive at their date first, then (points spent before their expiry was written) from the
/// oldest expired one; an expire entry takes its own lot; a voided entry and its void are
/// left out once the void is dated.
std::vector<PointsLot> replay(const std::vector<LedgerRow>& rows, std::int64_t as_of);
/// The smallest balance the ledger has at `at` or at any later entry: what a write dated
/// `at` may take without leaving the balance below zero at any time.
std::int64_t spendable_from(const std::vector<LedgerRow>& rows, std::int64_t at);
/// The reference an expire entry names its lot by.
std::string lot_reference(std::int64_t entry_id);

}  // namespace clientele::loyalty
