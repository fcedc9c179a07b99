// Internal: what the report's service and loyalty sections show, read for the customers the
// session can see (the report's owner narrowing included). Each is unset when the store has
// nothing of the kind for them, so the section is left out rather than drawn empty.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clientele/cases.hpp"

namespace clientele::store {
class Session;
}

namespace clientele::report {

/// The service report's "month" rows from `first_day` to `last_day` (inclusive), one per
/// month in order (months without surveys or cases have an empty row), and its "all" row.
struct ServiceFigures {
    std::vector<std::string> months;  ///< "2026-10"
    std::vector<ServiceReportRow> by_month;
    ServiceReportRow all;
};
std::optional<ServiceFigures> read_service(store::Session& s, std::chrono::sys_days first_day,
                                           std::chrono::sys_days last_day, const std::string& currency);

/// Customers per membership level and the points they hold, as of the end of a day.
struct LoyaltyFigures {
    struct Level {
        std::string name;  ///< "" for customers without a level
        std::int64_t customers = 0, points = 0, holders = 0;
    };
    std::vector<Level> levels;  ///< the rule set's tiers in order, then other names, "" last
    std::int64_t points = 0;    ///< the ledger balance of all of them
    std::int64_t holders = 0;   ///< customers with a positive balance
    /// Points of lots that lapse within 30 / 90 days after the day (what is left of them).
    std::int64_t expiring_30 = 0, expiring_90 = 0;
};
std::optional<LoyaltyFigures> read_loyalty(store::Session& s, std::chrono::sys_days as_of);

}  // namespace clientele::report
