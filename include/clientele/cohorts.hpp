// clientele — the tables a retention analysis starts with, over the same transaction
// columns as RFM (clientele/analytics.hpp): monthly acquisition cohorts, repeat purchases
// and the time between them, and revenue by RFM segment, value tier or lifecycle stage
// month by month. Definitions (what a purchase is, refunds, months, UTC) are in
// docs/analytics.md, "Cohorts".
//
// A month is a UTC calendar month, counted as months since January 1970 (MonthIndex 0 is
// 1970-01) so that the columns stay plain integers across the C ABI and into numpy.
#pragma once

#include "clientele/export.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/analytics.hpp"

namespace clientele {

/// Months since January 1970 (UTC); negative before.
using MonthIndex = std::int32_t;

/// The month of a day (days since 1970-01-01).
CLIENTELE_API MonthIndex month_of_day(std::int64_t day) noexcept;
/// The first day (days since 1970-01-01) of a month.
CLIENTELE_API std::int64_t first_day_of_month(MonthIndex month) noexcept;

/// Which rows a cohort table counts. Rows dated after as_of are ignored everywhere.
struct CohortOptions {
    std::chrono::sys_days as_of{};
    /// The first cohort: customers whose first purchase is in an earlier month are left
    /// out, though their rows still count to decide that it is earlier. Unset: the month
    /// of the earliest purchase.
    std::optional<std::chrono::sys_days> from;
    unsigned threads = 0;  ///< 0 = every core
};

/// Acquisition cohorts in long form: one row per (cohort, period) from period 0 to the
/// month of as_of, every cohort with a customer, ordered by cohort then period.
struct CohortTable {
    std::vector<MonthIndex> cohort;               ///< month of the customers' first purchase
    std::vector<std::int32_t> period;             ///< months since that month (0 = the first)
    std::vector<std::int64_t> cohort_customers;   ///< customers in the cohort
    std::vector<std::int64_t> customers;          ///< of them, with a purchase in the month
    std::vector<std::int64_t> revenue;            ///< minor units: purchases + refunds in the month
    std::vector<double> retention;                ///< customers / cohort_customers
    std::size_t size() const noexcept { return cohort.size(); }
};

/// Cohorts × months since first purchase. Throws InvalidInput for unequal columns, a
/// `from` after as_of, a monthly revenue beyond 64 bits, or purchases spread over so many
/// months that the table would not fit in memory (give a later `from`).
CLIENTELE_API CohortTable cohorts(const TransactionColumns& transactions, const CohortOptions& options);

/// Upper bounds (days, inclusive) of the buckets of time between purchases; the last
/// bucket (kGapBuckets - 1) holds the longer gaps: 0-7, 8-14, 15-30, 31-60, 61-90, 91-180,
/// 181-365, 366 and more.
inline constexpr std::array<std::int64_t, 7> kGapBucketUpperDays = {7, 14, 30, 60, 90, 180, 365};
inline constexpr std::size_t kGapBuckets = kGapBucketUpperDays.size() + 1;

/// Repeat purchases of the customers of the cohorts (as in `cohorts`), per cohort and in
/// all, and the days between each customer's consecutive purchases up to as_of.
struct RepeatPurchases {
    std::vector<MonthIndex> cohort;               ///< cohorts with a customer, ascending
    std::vector<std::int64_t> customers;          ///< customers of the cohort
    std::vector<std::int64_t> repeat_customers;   ///< of them, with two or more purchases
    std::vector<double> repeat_rate;              ///< repeat_customers / customers
    std::int64_t total_customers = 0;
    std::int64_t total_repeat_customers = 0;
    double total_repeat_rate = 0;                 ///< 0 when there are no customers
    std::int64_t gaps = 0;                        ///< consecutive-purchase pairs
    double gap_mean_days = 0, gap_median_days = 0, gap_p90_days = 0;  ///< 0 without gaps
    std::array<std::int64_t, kGapBuckets> gap_buckets{};              ///< gaps per bucket
    std::size_t size() const noexcept { return cohort.size(); }
};

/// Throws InvalidInput as `cohorts` does.
CLIENTELE_API RepeatPurchases repeat_purchases(const TransactionColumns& transactions,
                                               const CohortOptions& options);

/// What revenue_by groups customers by, each customer taken as it stood at the end of
/// every month (as_of for the last).
enum class RevenueGrouping : std::uint8_t { segment = 0, value_tier = 1, lifecycle_stage = 2 };
/// "segment", "tier" (or "value_tier"), "stage" (or "lifecycle_stage"); InvalidInput
/// (field "by") for anything else.
CLIENTELE_API RevenueGrouping parse_revenue_grouping(std::string_view name);

struct RevenueByOptions {
    std::chrono::sys_days as_of{};
    /// The first month reported; unset: the month of the earliest row.
    std::optional<std::chrono::sys_days> from;
    RevenueGrouping by = RevenueGrouping::segment;
    RfmOptions rfm;              ///< rules for segment and value_tier (as_of and threads are set per month)
    LifecycleOptions lifecycle;  ///< rules for lifecycle_stage (as_of and threads likewise)
    unsigned threads = 0;
};

/// One row per (month, group) for every month from the first to as_of's and every group,
/// including empty ones, ordered by month then group.
struct RevenueByGroup {
    std::vector<MonthIndex> month;
    std::vector<std::uint8_t> group;               ///< index into group_names
    std::vector<std::int64_t> customers;           ///< customers in the group at the month's end
    std::vector<std::int64_t> active_customers;    ///< of them, with a purchase in the month
    std::vector<std::int64_t> revenue;             ///< minor units: purchases + refunds in the month
    /// Segments in rule order then "none" (no purchase yet, or no segment rule for the
    /// scores); low, medium, high, "none"; or the lifecycle stages in funnel order.
    std::vector<std::string> group_names;
    std::size_t size() const noexcept { return month.size(); }
};

/// Revenue and customers per month by the group each customer was in at the month's end.
/// Throws InvalidInput for bad RFM or lifecycle options and as `cohorts` does.
CLIENTELE_API RevenueByGroup revenue_by(const TransactionColumns& transactions, const RevenueByOptions& options);

}  // namespace clientele
