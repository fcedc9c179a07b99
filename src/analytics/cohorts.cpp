// Cohorts, repeat purchases and revenue by group over time (clientele/cohorts.hpp).
//
// Cohorts take two passes over the rows and none over a sorted copy: the first sets, per
// customer, one bit per month with a purchase (a bitset of the months from the first
// cohort to as_of, plus one bit for "bought before the first cohort"), so the lowest set
// bit is the cohort and every set bit an active month; the second adds each row's amount
// to its (cohort, period) cell. Each thread fills its own bitsets and tables, merged after.
// Repeat purchases need each customer's purchases in order and read the sorted runs the
// lifecycle stages use; revenue by group scores the customers at every month's end with
// the RFM and lifecycle rules themselves (one code for the rules), RFM over the rows up
// to that month (a prefix of the rows sorted by month).
#include <algorithm>
#include <limits>
#include <string>

#include "analytics/columns.hpp"
#include "analytics/months.hpp"
#include "clientele/cohorts.hpp"
#include "clientele/error.hpp"

namespace clientele {

using namespace analytics;

MonthIndex month_of_day(std::int64_t day) noexcept { return month_of(day); }
std::int64_t first_day_of_month(MonthIndex month) noexcept { return first_day_of(month); }

RevenueGrouping parse_revenue_grouping(std::string_view name) {
    if (name == "segment") return RevenueGrouping::segment;
    if (name == "tier" || name == "value_tier") return RevenueGrouping::value_tier;
    if (name == "stage" || name == "lifecycle_stage") return RevenueGrouping::lifecycle_stage;
    throw InvalidInput("by", "'" + std::string(name) + "' is not one of segment, tier, stage");
}

namespace {

constexpr std::size_t kPrefetchRows = 16;
/// A table of months × months cells per thread must stay small: 4096 months is 341 years.
constexpr std::int64_t kMaxMonths = 4096;
/// Per-thread month bitsets above this many bytes are refused (or use fewer threads).
constexpr std::uint64_t kMaxBitsetBytes = std::uint64_t{1} << 31;

std::int64_t days_of(std::chrono::sys_days d) { return d.time_since_epoch().count(); }

/// The first month counted: `from`'s, else that of the earliest row on or before as_of
/// (purchases only when `purchases`); nullopt when there is no such row.
std::optional<std::int32_t> first_month(const TransactionColumns& t, const std::optional<std::chrono::sys_days>& from,
                                        std::int64_t as_of, std::int64_t end, bool purchases, unsigned threads) {
    if (from) {
        if (days_of(*from) > as_of) throw InvalidInput("from", "is after as_of");
        return month_of(days_of(*from));
    }
    const std::size_t rows = t.customer.size();
    std::vector<std::int64_t> lows(threads, std::numeric_limits<std::int64_t>::max());
    run_parallel(threads, [&](unsigned i) {
        auto [b, e] = part(rows, i, threads);
        std::int64_t lo = std::numeric_limits<std::int64_t>::max();
        for (std::size_t r = b; r < e; ++r)
            if (t.timestamp[r] < end && (!purchases || t.amount[r] >= 0)) lo = std::min(lo, t.timestamp[r]);
        lows[i] = lo;
    });
    std::int64_t lo = *std::min_element(lows.begin(), lows.end());
    if (lo == std::numeric_limits<std::int64_t>::max()) return std::nullopt;
    return month_of(day_of(lo, 86400 * t.units_per_second));
}

void check_months(std::int64_t months) {
    if (months > kMaxMonths)
        throw InvalidInput("from", "the rows span " + std::to_string(months) + " months, more than " +
                                       std::to_string(kMaxMonths) + ": give a later from (or check the timestamps' unit)");
}

/// Adds `parts[1..]` into parts[0], cell by cell; true when a sum overflowed.
bool merge_sums(std::vector<std::vector<std::int64_t>>& parts) {
    bool overflow = false;
    for (std::size_t p = 1; p < parts.size(); ++p)
        for (std::size_t c = 0; c < parts[0].size(); ++c)
            overflow |= __builtin_add_overflow(parts[0][c], parts[p][c], &parts[0][c]);
    return overflow;
}

void refuse_overflow(bool overflow) {
    if (overflow) throw InvalidInput("amount", "a month's amounts sum beyond 64 bits (revenue would wrap)");
}

double ratio(std::int64_t part, std::int64_t whole) {
    return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

}  // namespace

CohortTable cohorts(const TransactionColumns& t, const CohortOptions& options) {
    check_columns(t);
    const std::int64_t as_of = days_of(options.as_of);
    const std::int64_t end = end_of_day(as_of, 86400 * t.units_per_second);
    const std::size_t rows = t.customer.size();
    unsigned threads = thread_count(options.threads, rows);
    CohortTable out;
    auto first_opt = first_month(t, options.from, as_of, end, true, threads);
    if (!first_opt) return out;
    const std::int32_t first = *first_opt;
    const std::int64_t months = static_cast<std::int64_t>(month_of(as_of)) - first + 1;
    check_months(months);
    const auto m = static_cast<std::size_t>(months);
    // Bit 0: a purchase before the first cohort; bit 1 + k: a purchase in month first + k.
    const std::size_t words = (m + 1 + 63) / 64;
    CustomerSlots slots(t.customer, {}, threads);
    const std::uint64_t slot_bytes = static_cast<std::uint64_t>(slots.size()) * words * sizeof(std::uint64_t);
    if (slot_bytes > kMaxBitsetBytes)
        throw InvalidInput("from", "the purchases span " + std::to_string(months) + " months over " +
                                       std::to_string(slots.size()) + " customers, too many to tabulate: give a later from");
    while (threads > 1 && slot_bytes * threads > kMaxBitsetBytes) --threads;

    std::vector<std::vector<std::uint64_t>> bits(threads);
    with_day_of(t.units_per_second, [&](auto day) {
        run_parallel(threads, [&](unsigned i) {
            bits[i].assign(slots.size() * words, 0);  // first touched by the thread that uses it
            std::uint64_t* b = bits[i].data();
            auto [lo, hi] = part(rows, i, threads);
            for (std::size_t r = lo; r < hi; ++r) {
                if (r + kPrefetchRows < hi) __builtin_prefetch(&b[slots.row_slot(r + kPrefetchRows) * words], 1);
                const std::int64_t time = t.timestamp[r];
                if (time >= end || t.amount[r] < 0) continue;
                const std::int64_t k = std::max<std::int64_t>(month_of(day(time)) - first + 1, 0);
                b[slots.row_slot(r) * words + static_cast<std::size_t>(k) / 64] |= std::uint64_t{1} << (k % 64);
            }
        });
    });
    std::vector<std::uint64_t>& merged = bits[0];
    run_parallel(threads, [&](unsigned i) {
        auto [b, e] = part(merged.size(), i, threads);
        for (unsigned p = 1; p < threads; ++p)
            for (std::size_t w = b; w < e; ++w) merged[w] |= bits[p][w];
    });
    bits.resize(1);

    // Each customer's cohort (index from `first`; -1: none, or before the first cohort) and
    // the active customers of every (cohort, period) cell, cohort-major.
    std::vector<std::int32_t> cohort_of(slots.size(), -1);
    std::vector<std::vector<std::int64_t>> active(threads);
    run_parallel(threads, [&](unsigned i) {
        active[i].assign(m * m, 0);
        auto [b, e] = part(slots.size(), i, threads);
        for (std::size_t s = b; s < e; ++s) {
            const std::uint64_t* w = &merged[s * words];
            if (w[0] & 1) continue;
            std::int64_t c = -1;
            for (std::size_t k = 0; k < words; ++k)
                for (std::uint64_t word = w[k]; word != 0; word &= word - 1) {
                    const auto bit = static_cast<std::int64_t>(k * 64) + __builtin_ctzll(word);
                    if (c < 0) {
                        c = bit;
                        cohort_of[s] = static_cast<std::int32_t>(c - 1);
                    }
                    ++active[i][static_cast<std::size_t>((c - 1) * months + (bit - c))];
                }
        }
    });
    merge_sums(active);
    bits.clear();

    std::vector<std::vector<std::int64_t>> revenue(threads);
    std::vector<char> overflow(threads, 0);
    with_day_of(t.units_per_second, [&](auto day) {
        run_parallel(threads, [&](unsigned i) {
            revenue[i].assign(m * m, 0);
            std::int64_t* cells = revenue[i].data();
            auto [lo, hi] = part(rows, i, threads);
            bool wrapped = false;
            for (std::size_t r = lo; r < hi; ++r) {
                if (r + kPrefetchRows < hi) __builtin_prefetch(&cohort_of[slots.row_slot(r + kPrefetchRows)]);
                const std::int64_t time = t.timestamp[r];
                if (time >= end) continue;
                const std::int32_t c = cohort_of[slots.row_slot(r)];
                if (c < 0) continue;
                const std::int64_t p = static_cast<std::int64_t>(month_of(day(time))) - first - c;
                if (p < 0) continue;  // a refund before the first purchase
                wrapped |= __builtin_add_overflow(cells[c * months + p], t.amount[r], &cells[c * months + p]);
            }
            overflow[i] = wrapped;
        });
    });
    refuse_overflow(std::find(overflow.begin(), overflow.end(), 1) != overflow.end() || merge_sums(revenue));

    for (std::int64_t c = 0; c < months; ++c) {
        const std::int64_t size = active[0][static_cast<std::size_t>(c * months)];
        if (size == 0) continue;
        for (std::int64_t p = 0; p < months - c; ++p) {
            const auto cell = static_cast<std::size_t>(c * months + p);
            out.cohort.push_back(static_cast<MonthIndex>(first + c));
            out.period.push_back(static_cast<std::int32_t>(p));
            out.cohort_customers.push_back(size);
            out.customers.push_back(active[0][cell]);
            out.revenue.push_back(revenue[0][cell]);
            out.retention.push_back(ratio(active[0][cell], size));
        }
    }
    return out;
}

RepeatPurchases repeat_purchases(const TransactionColumns& t, const CohortOptions& options) {
    check_columns(t);
    const std::int64_t as_of = days_of(options.as_of);
    if (options.from && days_of(*options.from) > as_of) throw InvalidInput("from", "is after as_of");
    const std::int64_t from_day = options.from ? first_day_of(month_of(days_of(*options.from)))
                                               : std::numeric_limits<std::int64_t>::min();
    PurchaseRuns runs(t, {}, as_of, options.threads);
    RepeatPurchases out;
    std::int32_t lo = std::numeric_limits<std::int32_t>::max(), hi = std::numeric_limits<std::int32_t>::min();
    for (std::size_t s = 0; s < runs.slots.size(); ++s) {
        auto days = runs.run(s);
        if (days.empty() || days.front() < from_day) continue;
        const std::int32_t c = month_of(days.front());
        lo = std::min(lo, c);
        hi = std::max(hi, c);
    }
    if (lo > hi) return out;
    const std::size_t span = static_cast<std::size_t>(static_cast<std::int64_t>(hi) - lo + 1);
    std::vector<std::int64_t> customers(span, 0), repeat(span, 0), gaps;
    gaps.reserve(runs.days.size());
    for (std::size_t s = 0; s < runs.slots.size(); ++s) {
        auto days = runs.run(s);
        if (days.empty() || days.front() < from_day) continue;
        const auto c = static_cast<std::size_t>(month_of(days.front()) - lo);
        ++customers[c];
        if (days.size() >= 2) ++repeat[c];
        for (std::size_t k = 1; k < days.size(); ++k) {
            const std::int64_t gap = days[k] - days[k - 1];
            gaps.push_back(gap);
            ++out.gap_buckets[static_cast<std::size_t>(
                std::lower_bound(kGapBucketUpperDays.begin(), kGapBucketUpperDays.end(), gap) -
                kGapBucketUpperDays.begin())];
        }
    }
    for (std::size_t c = 0; c < span; ++c) {
        if (customers[c] == 0) continue;
        out.cohort.push_back(static_cast<MonthIndex>(lo + static_cast<std::int64_t>(c)));
        out.customers.push_back(customers[c]);
        out.repeat_customers.push_back(repeat[c]);
        out.repeat_rate.push_back(ratio(repeat[c], customers[c]));
        out.total_customers += customers[c];
        out.total_repeat_customers += repeat[c];
    }
    out.total_repeat_rate = ratio(out.total_repeat_customers, out.total_customers);
    out.gaps = static_cast<std::int64_t>(gaps.size());
    if (!gaps.empty()) {
        long double sum = 0;  // exact far beyond any real count of days
        for (auto g : gaps) sum += static_cast<long double>(g);
        out.gap_mean_days = static_cast<double>(sum) / static_cast<double>(gaps.size());
        out.gap_median_days = quantile(gaps, 0.5);
        out.gap_p90_days = quantile(gaps, 0.9);
    }
    return out;
}

namespace {

/// Each customer's (slot's) stage history as a range of `h`'s rows.
struct HistoryRuns {
    std::vector<std::size_t> begin, end;
    HistoryRuns(const StageHistory& h, const CustomerSlots& slots) : begin(slots.size(), 0), end(slots.size(), 0) {
        for (std::size_t r = 0; r < h.size();) {
            std::size_t e = r;
            while (e < h.size() && h.customer[e] == h.customer[r]) ++e;
            const std::uint32_t s = slots.key_slot(h.customer[r]);
            begin[s] = r;
            end[s] = e;
            r = e;
        }
    }
};

}  // namespace

RevenueByGroup revenue_by(const TransactionColumns& t, const RevenueByOptions& options) {
    check_columns(t);
    const std::int64_t as_of = days_of(options.as_of);
    const std::int64_t units_per_day = 86400 * t.units_per_second;
    const std::int64_t end = end_of_day(as_of, units_per_day);
    const std::size_t rows = t.customer.size();
    const unsigned threads = thread_count(options.threads, rows);

    RevenueByGroup out;
    std::uint8_t none = 0;
    switch (options.by) {
        case RevenueGrouping::segment:
            for (const auto& rule : options.rfm.segments) out.group_names.push_back(rule.name);
            none = static_cast<std::uint8_t>(out.group_names.size());
            out.group_names.emplace_back("none");
            break;
        case RevenueGrouping::value_tier:
            for (auto tier : {ValueTier::low, ValueTier::medium, ValueTier::high})
                out.group_names.emplace_back(to_string(tier));
            none = static_cast<std::uint8_t>(out.group_names.size());
            out.group_names.emplace_back("none");
            break;
        case RevenueGrouping::lifecycle_stage:
            for (std::size_t i = 0; i < kLifecycleStages; ++i)
                out.group_names.emplace_back(to_string(static_cast<LifecycleStage>(i)));
            none = static_cast<std::uint8_t>(LifecycleStage::prospect);
            break;
        default: throw InvalidInput("by", "unknown grouping");
    }
    if (out.group_names.size() > 255) throw InvalidInput("segments", "too many segment rules");
    const std::size_t groups = out.group_names.size();

    auto first_opt = first_month(t, options.from, as_of, end, false, threads);
    if (!first_opt) return out;
    const std::int32_t first = *first_opt;
    const std::int64_t months = static_cast<std::int64_t>(month_of(as_of)) - first + 1;
    check_months(months);

    // Rows by month (a counting sort of row numbers): bucket 0 holds the rows before the
    // first month, 1 + k those of month first + k; rows after as_of are left out. A
    // customer counts from the month of its first row.
    CustomerSlots slots(t.customer, {}, threads);
    const auto buckets = static_cast<std::size_t>(months) + 1;
    std::vector<std::uint32_t> bucket(rows, 0);
    std::vector<std::size_t> offsets(buckets + 1, 0);
    std::vector<std::uint32_t> first_seen(slots.size(), std::numeric_limits<std::uint32_t>::max());
    with_day_of(t.units_per_second, [&](auto day) {
        for (std::size_t r = 0; r < rows; ++r) {
            if (t.timestamp[r] >= end) {
                bucket[r] = std::numeric_limits<std::uint32_t>::max();
                continue;
            }
            const auto b = static_cast<std::uint32_t>(std::max<std::int64_t>(month_of(day(t.timestamp[r])) - first + 1, 0));
            bucket[r] = b;
            ++offsets[b + 1];
            auto& seen = first_seen[slots.row_slot(r)];
            seen = std::min(seen, b);
        }
    });
    for (std::size_t b = 1; b < offsets.size(); ++b) offsets[b] += offsets[b - 1];
    std::vector<std::uint32_t> order(offsets.back());
    {
        std::vector<std::size_t> fill(offsets.begin(), offsets.end() - 1);
        for (std::size_t r = 0; r < rows; ++r)
            if (bucket[r] != std::numeric_limits<std::uint32_t>::max()) order[fill[bucket[r]]++] = static_cast<std::uint32_t>(r);
    }
    bucket = {};

    // RFM at a month's end reads only the rows up to it: with the rows in month order,
    // those are a prefix, so the months together read about half the rows each once.
    std::vector<std::int64_t> by_month_customer, by_month_time, by_month_amount;
    if (options.by != RevenueGrouping::lifecycle_stage) {
        by_month_customer.resize(order.size());
        by_month_time.resize(order.size());
        by_month_amount.resize(order.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            by_month_customer[i] = t.customer[order[i]];
            by_month_time[i] = t.timestamp[order[i]];
            by_month_amount[i] = t.amount[order[i]];
        }
    }

    StageHistory history;
    std::optional<HistoryRuns> runs;
    if (options.by == RevenueGrouping::lifecycle_stage) {
        LifecycleOptions lo = options.lifecycle;
        lo.as_of = options.as_of;
        lo.threads = threads;
        history = stage_history(t, lo);
        runs.emplace(history, slots);
    }

    std::vector<std::uint8_t> group_of(slots.size());
    std::vector<std::int64_t> stamp(slots.size(), -1);
    out.month.reserve(static_cast<std::size_t>(months) * groups);
    for (std::int64_t k = 0; k < months; ++k) {
        const auto month = static_cast<std::int32_t>(first + k);
        const std::int64_t month_end = std::min(first_day_of(month + 1) - 1, as_of);
        std::fill(group_of.begin(), group_of.end(), none);
        if (runs) {
            for (std::size_t s = 0; s < slots.size(); ++s) {
                const auto* day_begin = history.day.data() + runs->begin[s];
                const auto* day_end = history.day.data() + runs->end[s];
                const auto* after = std::upper_bound(day_begin, day_end, month_end);
                if (after != day_begin)
                    group_of[s] = static_cast<std::uint8_t>(history.stage[static_cast<std::size_t>(after - history.day.data()) - 1]);
            }
        } else {
            RfmOptions ro = options.rfm;
            ro.as_of = std::chrono::sys_days(std::chrono::days(month_end));
            ro.threads = threads;
            const std::size_t through_month = offsets[static_cast<std::size_t>(k) + 2];
            const TransactionColumns prefix{{by_month_customer.data(), through_month},
                                            {by_month_time.data(), through_month},
                                            {by_month_amount.data(), through_month},
                                            t.units_per_second};
            const RfmScores scores = rfm(prefix, ro);
            for (std::size_t i = 0; i < scores.size(); ++i) {
                const std::uint32_t s = slots.key_slot(scores.customer[i]);
                if (options.by == RevenueGrouping::value_tier)
                    group_of[s] = static_cast<std::uint8_t>(scores.value_tier[i]);
                else if (scores.segment[i] != RfmScores::kNoSegment)
                    group_of[s] = scores.segment[i];
            }
        }
        const std::size_t base = out.month.size();
        for (std::size_t g = 0; g < groups; ++g) {
            out.month.push_back(month);
            out.group.push_back(static_cast<std::uint8_t>(g));
        }
        out.customers.resize(base + groups, 0);
        out.active_customers.resize(base + groups, 0);
        out.revenue.resize(base + groups, 0);
        const auto through = static_cast<std::uint32_t>(k + 1);
        for (std::size_t s = 0; s < slots.size(); ++s)
            if (first_seen[s] <= through) ++out.customers[base + group_of[s]];
        bool wrapped = false;
        for (std::size_t i = offsets[through]; i < offsets[through + 1]; ++i) {
            const std::uint32_t r = order[i];
            const std::uint32_t s = slots.row_slot(r);
            const std::size_t cell = base + group_of[s];
            wrapped |= __builtin_add_overflow(out.revenue[cell], t.amount[r], &out.revenue[cell]);
            if (t.amount[r] >= 0 && stamp[s] != k) {
                stamp[s] = k;
                ++out.active_customers[cell];
            }
        }
        refuse_overflow(wrapped);
    }
    return out;
}

}  // namespace clientele
