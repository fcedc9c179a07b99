// clientele — a customer's loyalty points ledger (docs/points.md).
//
// The types of PointsLedger::record / balance / history (points_ledger.hpp) and
// their JSON form. The ledger is append-only: every change of a balance is one entry, and
// the balance is the sum of the customer's entries. Entries carry their sign: earned points
// are positive, redeemed and expired ones negative, adjustments either. No write may leave
// a balance below zero.
#pragma once

#include "clientele/export.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "clientele/model.hpp"

namespace clientele {

enum class PointsKind {
    earn,    ///< points given (a purchase, a campaign); points > 0
    redeem,  ///< points spent; points < 0
    expire,  ///< points that lapsed; points < 0
    adjust,  ///< a correction either way; points != 0
};

CLIENTELE_API std::string_view to_string(PointsKind);
CLIENTELE_API PointsKind parse_points_kind(std::string_view, std::string_view field = "kind");

/// One ledger entry.
struct PointsEntry {
    std::int64_t id = 0;  ///< set by the store; entries are numbered in the order they are made
    Uuid customer_id;     ///< set by the store: the customer the entry is on now
    PointsKind kind = PointsKind::earn;
    /// Signed, as stored: earn > 0, redeem and expire < 0, adjust either but not 0.
    std::int64_t points = 0;
    std::string reason;     ///< free text ("order 1042", "birthday gift")
    std::string reference;  ///< optional: an order number, an interaction id, ...
    /// When it happened; unset = now. Always set on entries the store returns.
    std::optional<Timestamp> at;
    std::string created_by;  ///< set by the store: the username that recorded it
    /// Set by the store on earned points when the loyalty rules expire lots
    /// (docs/loyalty.md); unset: the lot never expires.
    std::optional<Timestamp> expires_at;
    std::int64_t voids = 0;  ///< set by Loyalty::void_entry: the id of the entry this one cancels
};

/// Which entries PointsLedger::history returns; unset members do not filter.
struct PointsFilter {
    std::optional<PointsKind> kind;
    std::optional<Timestamp> from, to;  ///< at in [from, to)
    std::size_t limit = 100;            ///< newest first, 1..10000
};

// The JSON text form of entries and filters is in clientele/json.hpp.

}  // namespace clientele
