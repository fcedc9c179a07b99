// clientele — each customer's loyalty points ledger in the store: db.points()
// (types in clientele/points.hpp, rules in docs/points.md).
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <string_view>
#include <vector>

#include "clientele/feature.hpp"
#include "clientele/points.hpp"

namespace clientele {

class CLIENTELE_API PointsLedger : public Feature {
public:
    /// Appends one entry to the ledger of `customer` (UUID or external id; a merged
    /// customer's refs mean its survivor) and returns it as stored. entry.points is signed
    /// as stored: earn > 0, redeem and expire < 0, adjust any non-zero value; entry.at unset
    /// means now. InvalidInput (field "points") for a wrong sign, zero, or an entry that
    /// would take the balance below zero; NotFound for an unknown or invisible customer;
    /// PermissionDenied for a viewer. Like interactions: a sales user only reaches the
    /// customers they own. One transaction; does not change the customer's version.
    PointsEntry record(std::string_view customer, const PointsEntry& entry);
    /// The sum of the customer's entries (0 when there are none).
    std::int64_t balance(std::string_view customer) const;
    /// The customer's entries matching `filter`, newest first (by at, then entry order).
    std::vector<PointsEntry> history(std::string_view customer, const PointsFilter& filter = {}) const;

    /// Made by the Database (a store::Session is internal to the library).
    explicit PointsLedger(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele
