// Lifecycle stages. Each customer's purchase days (on or before as_of) are gathered into
// one sorted run (counting sort by slot); a stage at any day is then a few binary searches
// into that run. A stage can only change on a purchase day, or when the last purchase
// ages past the at_risk or churned limit, or when a purchase leaves the loyalty window, so
// those days are the only candidates for "since when" and for the history.
#include <algorithm>
#include <limits>
#include <string>

#include "analytics/columns.hpp"
#include "clientele/analytics.hpp"
#include "clientele/error.hpp"

namespace clientele {

using namespace analytics;

namespace {

constexpr std::string_view kStageNames[kLifecycleStages] = {"prospect", "new",     "repeat",     "loyal",
                                                            "at_risk",  "churned", "reactivated"};

void check_options(const LifecycleOptions& o) {
    if (o.churned_days < 0 || o.at_risk_days < 0 || o.reactivated_gap_days < 0)
        throw InvalidInput("lifecycle", "day limits must not be negative");
    if (o.loyal_purchases < 1 || o.loyal_window_days < 1)
        throw InvalidInput("lifecycle", "loyal_purchases and loyal_window_days must be at least 1");
}

/// The stage on day t of a customer whose purchase days (sorted) are `days`.
LifecycleStage stage_at(std::span<const std::int64_t> days, std::int64_t t, const LifecycleOptions& o) {
    auto n = static_cast<std::size_t>(std::upper_bound(days.begin(), days.end(), t) - days.begin());
    if (n == 0) return LifecycleStage::prospect;
    std::int64_t last = days[n - 1];
    std::int64_t d = t - last;
    if (d > o.churned_days) return LifecycleStage::churned;
    if (d > o.at_risk_days) return LifecycleStage::at_risk;
    if (n >= 2 && last - days[n - 2] > o.reactivated_gap_days) return LifecycleStage::reactivated;
    if (n == 1) return LifecycleStage::new_customer;
    auto first_in_window = std::lower_bound(days.begin(), days.begin() + static_cast<std::ptrdiff_t>(n),
                                            t - (o.loyal_window_days - 1));
    auto in_window = static_cast<std::int64_t>(days.begin() + static_cast<std::ptrdiff_t>(n) - first_in_window);
    return in_window >= o.loyal_purchases ? LifecycleStage::loyal : LifecycleStage::repeat;
}

/// Days on which the stage may change, within [days.front(), as_of], ascending, unique.
void candidate_days(std::span<const std::int64_t> days, std::int64_t as_of, const LifecycleOptions& o,
                    std::vector<std::int64_t>& out) {
    out.clear();
    for (auto p : days)
        for (std::int64_t c : {p, p + o.at_risk_days + 1, p + o.churned_days + 1, p + o.loyal_window_days})
            if (c <= as_of) out.push_back(c);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace

std::string_view to_string(LifecycleStage stage) noexcept {
    auto i = static_cast<std::size_t>(stage);
    return i < kLifecycleStages ? kStageNames[i] : std::string_view("prospect");
}

LifecycleStage parse_lifecycle_stage(std::string_view name) {
    for (std::size_t i = 0; i < kLifecycleStages; ++i)
        if (kStageNames[i] == name) return static_cast<LifecycleStage>(i);
    throw InvalidInput("stage", "unknown lifecycle stage '" + std::string(name) + "'");
}

std::array<std::int64_t, kLifecycleStages> LifecycleStages::counts() const noexcept {
    std::array<std::int64_t, kLifecycleStages> c{};
    for (auto s : stage) ++c[static_cast<std::size_t>(s)];
    return c;
}

LifecycleStages lifecycle(const TransactionColumns& t, std::span<const std::int64_t> known,
                          const LifecycleOptions& options) {
    check_columns(t);
    check_options(options);
    const std::int64_t as_of = options.as_of.time_since_epoch().count();
    PurchaseRuns runs(t, known, as_of, options.threads);
    auto customers = runs.customers();
    LifecycleStages out;
    const std::size_t n = customers.size();
    out.customer.resize(n);
    out.stage.resize(n);
    out.stage_since.resize(n);
    unsigned threads = thread_count(options.threads, runs.days.size());
    run_parallel(threads, [&](unsigned i) {
        std::vector<std::int64_t> candidates;
        auto [b, e] = part(n, i, threads);
        for (std::size_t k = b; k < e; ++k) {
            std::uint32_t s = customers[k];
            auto days = runs.run(s);
            out.customer[k] = runs.slots.key(s);
            LifecycleStage now = stage_at(days, as_of, options);
            out.stage[k] = now;
            if (days.empty()) {
                out.stage_since[k] = LifecycleStages::kNoDate;
                continue;
            }
            // The latest candidate day before which the stage was different.
            candidate_days(days, as_of, options, candidates);
            std::int64_t since = days.front();
            for (auto c = candidates.rbegin(); c != candidates.rend(); ++c)
                if (stage_at(days, *c - 1, options) != now) {
                    since = *c;
                    break;
                }
            out.stage_since[k] = since;
        }
    });
    return out;
}

StageHistory stage_history(const TransactionColumns& t, const LifecycleOptions& options) {
    check_columns(t);
    check_options(options);
    const std::int64_t as_of = options.as_of.time_since_epoch().count();
    PurchaseRuns runs(t, {}, as_of, options.threads);
    StageHistory out;
    std::vector<std::int64_t> candidates;
    for (auto s : runs.customers()) {
        auto days = runs.run(s);
        candidate_days(days, as_of, options, candidates);
        auto previous = LifecycleStage::prospect;
        for (auto c : candidates) {
            auto stage = stage_at(days, c, options);
            if (stage == previous) continue;
            out.customer.push_back(runs.slots.key(s));
            out.day.push_back(c);
            out.stage.push_back(stage);
            previous = stage;
        }
    }
    return out;
}

StageTransitions stage_transitions(const TransactionColumns& t, std::span<const std::int64_t> known,
                                   std::chrono::sys_days from, const LifecycleOptions& options) {
    check_columns(t);
    check_options(options);
    const std::int64_t as_of = options.as_of.time_since_epoch().count();
    const std::int64_t start = from.time_since_epoch().count();
    if (start > as_of) throw InvalidInput("from", "the first date must not be after the second");
    PurchaseRuns runs(t, known, as_of, options.threads);
    StageTransitions counts{};
    for (auto s : runs.customers()) {
        auto days = runs.run(s);
        ++counts[static_cast<std::size_t>(stage_at(days, start, options))]
                [static_cast<std::size_t>(stage_at(days, as_of, options))];
    }
    return counts;
}

CustomerRecurrence new_vs_returning(const TransactionColumns& t, std::chrono::sys_days from,
                                    std::chrono::sys_days to, unsigned threads) {
    check_columns(t);
    const std::int64_t start = from.time_since_epoch().count();
    const std::int64_t end = to.time_since_epoch().count();
    if (start > end) throw InvalidInput("from", "the period must not end before it starts");
    const std::int64_t units_per_day = 86400 * t.units_per_second;
    CustomerSlots slots(t.customer, {}, threads);
    std::vector<std::int64_t> first(slots.size(), std::numeric_limits<std::int64_t>::max());
    std::vector<std::uint8_t> in_period(slots.size(), 0);
    for (std::size_t r = 0; r < t.customer.size(); ++r) {
        if (t.amount[r] < 0) continue;
        std::int64_t day = day_of(t.timestamp[r], units_per_day);
        if (day > end) continue;
        std::uint32_t s = slots.row_slot(r);
        first[s] = std::min(first[s], day);
        if (day >= start) in_period[s] = 1;
    }
    std::vector<std::uint32_t> buyers;
    for (std::uint32_t s = 0; s < slots.size(); ++s)
        if (in_period[s]) buyers.push_back(s);
    order_by_key(slots, buyers);
    CustomerRecurrence out;
    for (auto s : buyers) {
        bool returning = first[s] < start;
        out.customer.push_back(slots.key(s));
        out.returning.push_back(returning ? 1 : 0);
        ++(returning ? out.returning_customers : out.new_customers);
    }
    return out;
}

}  // namespace clientele
