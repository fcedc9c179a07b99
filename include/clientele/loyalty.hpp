// clientele — the loyalty program over the points ledger: db.loyalty() (docs/loyalty.md).
//
// The rule set (earning, campaigns, expiry, membership levels) is configuration stored in
// the database as JSON text, validated when it is set. With a rule set, recording or
// importing a purchase earns points (once per purchase), a refund takes them back, earned
// points are lots that expire, and levels follow the rolling spend or points.
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/feature.hpp"
#include "clientele/model.hpp"
#include "clientele/points.hpp"

namespace clientele {

/// A lot: the points of one positive entry and what is left of them after the redemptions
/// (oldest lot first), expiries and voids up to a date.
struct PointsLot {
    std::int64_t entry_id = 0;  ///< the earn (or positive adjust) entry that made the lot
    Timestamp at{};
    std::optional<Timestamp> expires_at;  ///< unset: never
    std::int64_t points = 0;
    std::int64_t remaining = 0;
};

/// What one expire_due run wrote.
struct ExpiryReport {
    std::int64_t customers = 0;  ///< customers with points expired
    std::int64_t entries = 0;    ///< expire entries written (one per lot)
    std::int64_t points = 0;     ///< points expired in all (positive)
};

/// One change of a customer's membership level.
struct LevelChange {
    Uuid customer_id;
    std::string from, to;  ///< level names; from is "" for the first level given
    Timestamp at{};
    std::int64_t basis_value = 0;  ///< the rolling spend (minor units) or points it was decided on
};

class CLIENTELE_API Loyalty : public Feature {
public:
    /// Replaces the rule set by `rules_json` (docs/loyalty.md) after validating all of it:
    /// InvalidInput naming the field ("campaigns[1].from", "multipliers.levels.金卡") for
    /// text that does not parse, negative multipliers, overlapping campaigns, unknown
    /// members; nothing is written then. "{}" clears the rules. Admins and managers.
    void set_rules(std::string_view rules_json);
    /// The rule set as stored ("{}" when none is configured).
    std::string rules() const;

    /// Writes an expire entry (dated when the lot expired) for what is left of every lot of
    /// the visible customers that expired by `as_of`. Running it again writes nothing.
    ExpiryReport expire_due(Timestamp as_of);
    /// Puts every visible customer on the level its rolling spend or points give at
    /// `as_of`: upgrades at once, downgrades only once a review date has passed since the
    /// last change. Returns the changes made (none on a second run) and keeps them as the
    /// level history; the customer's membership_level follows.
    std::vector<LevelChange> evaluate_levels(Timestamp as_of);
    /// The customer's level changes, oldest first.
    std::vector<LevelChange> level_history(std::string_view customer) const;

    /// The customer's lots as of `as_of` (unset: now), oldest first, spent ones included.
    std::vector<PointsLot> lots(std::string_view customer, std::optional<Timestamp> as_of = {}) const;
    /// The balance as it stood at `at` (entries dated at or before it).
    std::int64_t balance_at(std::string_view customer, Timestamp at) const;
    /// Cancels entry `entry_id` with an opposite entry that names it (kind adjust, now),
    /// so the ledger still explains the balance. NotFound for an unknown id, InvalidInput
    /// (field "entry") for a void of a void or of an entry already voided, and (field
    /// "points") when the balance would go below zero.
    PointsEntry void_entry(std::int64_t entry_id, std::string_view reason);

    /// Made by the Database (a store::Session is internal to the library).
    explicit Loyalty(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele
