// The CLV summary: each customer's rows grouped into purchase periods, then lifetimes'
// frequency, recency, T and monetary value (and the holdout columns) read off the periods.
// Rows are bucketed by customer with a counting sort (two passes, no per-row allocation),
// then each customer's few rows are sorted by period.
#include <algorithm>
#include <cmath>

#include "analytics/columns.hpp"
#include "analytics/months.hpp"
#include "clientele/clv.hpp"
#include "clientele/error.hpp"

namespace clientele {

using namespace analytics;

std::string_view to_string(ClvPeriod period) noexcept {
    switch (period) {
        case ClvPeriod::day: return "D";
        case ClvPeriod::week: return "W";
        case ClvPeriod::month: return "M";
    }
    return "D";
}

ClvPeriod parse_clv_period(std::string_view text) {
    if (text == "D" || text == "day" || text == "days") return ClvPeriod::day;
    if (text == "W" || text == "week" || text == "weeks") return ClvPeriod::week;
    if (text == "M" || text == "month" || text == "months") return ClvPeriod::month;
    throw InvalidInput("period", "'" + std::string(text) + "' is not one of D, W, M");
}

double periods_per_month(ClvPeriod period) noexcept {
    switch (period) {
        case ClvPeriod::day: return 30;
        case ClvPeriod::week: return 4.345;
        case ClvPeriod::month: return 1;
    }
    return 30;
}

namespace {

/// The period of a UTC day: weeks run Monday to Sunday (1970-01-01 was a Thursday, so
/// Monday 1969-12-29 is day -3).
std::int64_t period_of(std::int64_t day, ClvPeriod period) {
    switch (period) {
        case ClvPeriod::day: return day;
        case ClvPeriod::week: {
            const std::int64_t d = day + 3;
            return d / 7 - (d % 7 < 0);
        }
        case ClvPeriod::month: return month_of(day);
    }
    return day;
}

struct Row {
    std::int64_t period;
    std::int64_t amount;
};

/// Sums of the purchase periods in [from, to] of one customer's rows (sorted by period):
/// the number of periods with a purchase, the first and last of them, and the summed
/// amounts of all but the first (`skip_first`) or of all of them.
struct Periods {
    std::int64_t count = 0, first = 0, last = 0;
    double repeat_amount = 0;
};

Periods purchase_periods(std::span<const Row> rows, std::int64_t from, std::int64_t to, bool skip_first) {
    Periods out;
    for (std::size_t i = 0; i < rows.size();) {
        std::size_t j = i;
        bool purchase = false;
        std::int64_t sum = 0;
        for (; j < rows.size() && rows[j].period == rows[i].period; ++j) {
            purchase |= rows[j].amount >= 0;
            sum += rows[j].amount;
        }
        const std::int64_t p = rows[i].period;
        if (purchase && p >= from && p <= to) {
            if (out.count == 0) out.first = p;
            out.last = p;
            if (out.count > 0 || !skip_first) out.repeat_amount += static_cast<double>(sum);
            ++out.count;
        }
        i = j;
    }
    return out;
}

}  // namespace

ClvSummary clv_summary(const TransactionColumns& t, const ClvSummaryOptions& options) {
    check_columns(t);
    const std::int64_t as_of = options.as_of.time_since_epoch().count();
    const std::int64_t cal = options.calibration_end ? options.calibration_end->time_since_epoch().count() : as_of;
    if (cal > as_of) throw InvalidInput("calibration_end", "is after the observation end (as_of)");
    const std::int64_t units_per_day = 86400 * t.units_per_second;
    const std::int64_t end = end_of_day(as_of, units_per_day);
    const std::size_t rows = t.customer.size();
    const unsigned threads = thread_count(options.threads, rows);
    CustomerSlots slots(t.customer, {}, threads);

    std::vector<std::uint64_t> offsets(slots.size() + 1, 0);
    for (std::size_t r = 0; r < rows; ++r)
        if (t.timestamp[r] < end) ++offsets[slots.row_slot(r) + 1];
    for (std::size_t s = 1; s < offsets.size(); ++s) offsets[s] += offsets[s - 1];
    std::vector<Row> sorted(offsets.back());
    {
        std::vector<std::uint64_t> fill(offsets.begin(), offsets.end() - 1);
        for (std::size_t r = 0; r < rows; ++r)
            if (t.timestamp[r] < end)
                sorted[fill[slots.row_slot(r)]++] = {period_of(day_of(t.timestamp[r], units_per_day), options.period),
                                                     t.amount[r]};
    }

    const std::int64_t end_period = period_of(as_of, options.period);
    const std::int64_t cal_period = period_of(cal, options.period);
    const bool split = options.calibration_end.has_value();
    std::vector<std::uint8_t> keep(slots.size(), 0);
    std::vector<double> freq(slots.size()), rec(slots.size()), age(slots.size()), money(slots.size()),
        freq_h(split ? slots.size() : 0), money_h(split ? slots.size() : 0);
    // Holdout rows are the days after calibration_end (by day, not period: with weeks or
    // months the period of calibration_end may hold some of them, as in lifetimes). They
    // are marked by re-reading the rows' times in the order they were bucketed.
    std::vector<std::uint8_t> holdout;
    if (split) {
        holdout.resize(sorted.size());
        const std::int64_t cal_end_time = end_of_day(cal, units_per_day);
        std::vector<std::uint64_t> fill(offsets.begin(), offsets.end() - 1);
        for (std::size_t r = 0; r < rows; ++r)
            if (t.timestamp[r] < end) holdout[fill[slots.row_slot(r)]++] = t.timestamp[r] >= cal_end_time;
    }

    run_parallel(threads, [&](unsigned i) {
        auto [b, e] = part(slots.size(), i, threads);
        std::vector<Row> cal_rows, hold_rows;
        for (std::size_t s = b; s < e; ++s) {
            std::span<Row> run(sorted.data() + offsets[s], sorted.data() + offsets[s + 1]);
            cal_rows.clear();
            hold_rows.clear();
            for (std::size_t k = 0; k < run.size(); ++k)
                (split && holdout[offsets[s] + k] ? hold_rows : cal_rows).push_back(run[k]);
            auto by_period = [](const Row& x, const Row& y) { return x.period < y.period; };
            std::sort(cal_rows.begin(), cal_rows.end(), by_period);
            Periods c = purchase_periods(cal_rows, INT64_MIN, cal_period, true);
            if (c.count == 0) continue;
            keep[s] = 1;
            freq[s] = static_cast<double>(c.count - 1);
            rec[s] = static_cast<double>(c.last - c.first);
            age[s] = static_cast<double>(cal_period - c.first);
            money[s] = c.count > 1 ? c.repeat_amount / static_cast<double>(c.count - 1) : 0;
            if (split) {
                std::sort(hold_rows.begin(), hold_rows.end(), by_period);
                Periods h = purchase_periods(hold_rows, INT64_MIN, end_period, false);
                freq_h[s] = static_cast<double>(h.count);
                money_h[s] = h.count > 0 ? h.repeat_amount / static_cast<double>(h.count) : 0;
            }
        }
    });

    std::vector<std::uint32_t> selected;
    for (std::uint32_t s = 0; s < slots.size(); ++s)
        if (keep[s]) selected.push_back(s);
    order_by_key(slots, selected);
    ClvSummary out;
    out.period = options.period;
    out.duration_holdout = split ? static_cast<double>(end_period - cal_period) : 0;
    const std::size_t n = selected.size();
    out.customer.resize(n);
    out.frequency.resize(n);
    out.recency.resize(n);
    out.T.resize(n);
    out.monetary_value.resize(n);
    if (split) {
        out.frequency_holdout.resize(n);
        out.monetary_value_holdout.resize(n);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t s = selected[i];
        out.customer[i] = slots.key(s);
        out.frequency[i] = freq[s];
        out.recency[i] = rec[s];
        out.T[i] = age[s];
        out.monetary_value[i] = money[s];
        if (split) {
            out.frequency_holdout[i] = freq_h[s];
            out.monetary_value_holdout[i] = money_h[s];
        }
    }
    return out;
}

}  // namespace clientele
