// clientele — customer analytics over columns: RFM scores, segments, value tiers and
// lifecycle stages (rules in docs/analytics.md).
//
// The functions here know nothing of SQLite or files: they take transactions as three
// parallel columns (customer id, Unix time, amount in minor units) and hand back columns.
// The store, the CSV reader and the Python module all feed this one implementation.
// Work is spread over up to `threads` threads (0 = every core); inner loops allocate
// nothing per row.
#pragma once

#include "clientele/export.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace clientele {

/// Transactions as parallel columns of equal length (borrowed for the call only).
struct TransactionColumns {
    /// Any int64 customer key: an internal id, an index from factorizing text ids, ...
    std::span<const std::int64_t> customer;
    /// Time of each row since the Unix epoch (UTC), in units of 1/units_per_second s:
    /// 1 for Unix seconds, 1'000'000'000 for nanoseconds (numpy datetime64[ns]).
    std::span<const std::int64_t> timestamp;
    /// Amount in minor units (cents): > 0 purchase, == 0 purchase, < 0 refund.
    std::span<const std::int64_t> amount;
    std::int64_t units_per_second = 1;
};

/// One cell range of the segment grid: customers whose R score is in [r_min, r_max] and F
/// score in [f_min, f_max] get `name`. The first matching rule wins.
struct SegmentRule {
    std::string name;
    int r_min = 1, r_max = 5, f_min = 1, f_max = 5;
};

/// The default grid for 5 bins (champions, loyal_customers, ..., hibernating).
CLIENTELE_API std::vector<SegmentRule> default_segments();

enum class ValueTier : std::uint8_t { low = 0, medium = 1, high = 2 };
CLIENTELE_API std::string_view to_string(ValueTier tier) noexcept;

struct RfmOptions {
    std::chrono::sys_days as_of{};  ///< rows dated after this UTC date are ignored
    int bins = 5;                   ///< 2..10
    /// Used only when bins == segment_bins (segments are defined on that grid).
    std::vector<SegmentRule> segments = default_segments();
    int segment_bins = 5;
    /// value_tier from p = (rank_M - 1) / n: high if p >= high_tier, medium if
    /// p >= medium_tier, else low.
    double high_tier = 0.8;
    double medium_tier = 0.5;
    unsigned threads = 0;  ///< 0 = std::thread::hardware_concurrency()
};

/// One row per scored customer (at least one purchase on or before as_of), in ascending
/// customer key order. Customers without a purchase (prospects) have no row.
struct CLIENTELE_API RfmScores {
    static constexpr std::uint8_t kNoSegment = 0xff;
    std::vector<std::int64_t> customer;
    std::vector<std::int64_t> recency_days;
    std::vector<std::int64_t> frequency;
    std::vector<std::int64_t> monetary;  ///< minor units: purchases + refunds
    std::vector<std::uint8_t> r, f, m;   ///< scores 1..bins
    std::vector<std::uint8_t> segment;   ///< index into segment_names, or kNoSegment
    std::vector<ValueTier> value_tier;
    std::vector<std::string> segment_names;

    std::size_t size() const noexcept { return customer.size(); }
    /// The three scores as text, e.g. "545".
    std::string rfm(std::size_t row) const;
    /// The segment's name, "" when none.
    std::string_view segment_name(std::size_t row) const noexcept;
};

/// RFM scores of every customer with a purchase on or before options.as_of. Throws
/// InvalidInput when the columns differ in length, bins is outside 2..10, or the tier
/// thresholds or segment rules are out of range.
CLIENTELE_API RfmScores rfm(const TransactionColumns& transactions, const RfmOptions& options);

// ---- lifecycle ---------------------------------------------------------------------------

enum class LifecycleStage : std::uint8_t {
    prospect = 0, new_customer = 1, repeat = 2, loyal = 3, at_risk = 4, churned = 5, reactivated = 6
};
inline constexpr std::size_t kLifecycleStages = 7;
/// "prospect", "new", "repeat", "loyal", "at_risk", "churned", "reactivated".
CLIENTELE_API std::string_view to_string(LifecycleStage stage) noexcept;
/// The inverse of to_string; throws InvalidInput for another name.
CLIENTELE_API LifecycleStage parse_lifecycle_stage(std::string_view name);

struct LifecycleOptions {
    std::chrono::sys_days as_of{};
    int churned_days = 365;          ///< churned when recency_days > this
    int at_risk_days = 180;          ///< at_risk when recency_days > this
    int reactivated_gap_days = 365;  ///< reactivated when N >= 2 and gap > this
    int loyal_purchases = 4;         ///< loyal when n_window >= this
    int loyal_window_days = 365;     ///< n_window counts purchases with as_of - date < this
    unsigned threads = 0;
};

/// Stage of each customer at as_of and the date it entered that stage (days since the
/// epoch; kNoDate for prospects, who have no purchase to date it from). Rows: every
/// customer in the transactions or in `known_customers`, ascending key order.
struct CLIENTELE_API LifecycleStages {
    static constexpr std::int64_t kNoDate = INT64_MIN;
    std::vector<std::int64_t> customer;
    std::vector<LifecycleStage> stage;
    std::vector<std::int64_t> stage_since;
    std::size_t size() const noexcept { return customer.size(); }
    /// How many customers are in each stage (the funnel), indexed by LifecycleStage.
    std::array<std::int64_t, kLifecycleStages> counts() const noexcept;
};

/// `known_customers` are customers known without transactions (from the store or a
/// customers file): without a purchase on or before as_of they are prospects, as are
/// customers whose only rows are refunds or dated after as_of.
CLIENTELE_API LifecycleStages lifecycle(const TransactionColumns& transactions,
                                        std::span<const std::int64_t> known_customers,
                                        const LifecycleOptions& options);

/// Every stage change of every customer up to as_of, from its purchase history: one row
/// per (customer, day the stage changed, stage entered), ordered by customer then day.
/// A customer's first row is the day of its first purchase.
struct StageHistory {
    std::vector<std::int64_t> customer;
    std::vector<std::int64_t> day;
    std::vector<LifecycleStage> stage;
    std::size_t size() const noexcept { return customer.size(); }
};
CLIENTELE_API StageHistory stage_history(const TransactionColumns& transactions,
                                         const LifecycleOptions& options);

/// counts[a][b]: customers in stage a on `from` and in stage b on options.as_of (the
/// later date; from <= as_of). Known customers count as prospects until their first purchase.
using StageTransitions = std::array<std::array<std::int64_t, kLifecycleStages>, kLifecycleStages>;
CLIENTELE_API StageTransitions stage_transitions(const TransactionColumns& transactions,
                                                 std::span<const std::int64_t> known_customers,
                                                 std::chrono::sys_days from,
                                                 const LifecycleOptions& options);

/// Customers who purchased in [from, to] (dates, inclusive): new when their first purchase
/// ever is in the period, returning when they had bought before `from`.
struct CustomerRecurrence {
    std::vector<std::int64_t> customer;  ///< ascending
    std::vector<std::uint8_t> returning;  ///< 0 new, 1 returning
    std::int64_t new_customers = 0;
    std::int64_t returning_customers = 0;
};
CLIENTELE_API CustomerRecurrence new_vs_returning(const TransactionColumns& transactions,
                                                  std::chrono::sys_days from,
                                                  std::chrono::sys_days to,
                                                  unsigned threads = 0);

}  // namespace clientele
