// RFM: one pass over the rows into per-customer accumulators (one set per thread, merged),
// then ranks of R, F and M by counting or radix sort, then scores, segments and tiers.
#include <algorithm>
#include <limits>
#include <string>

#include "analytics/columns.hpp"
#include "clientele/analytics.hpp"
#include "clientele/error.hpp"

namespace clientele {

using namespace analytics;

std::vector<SegmentRule> default_segments() {
    return {
        {"champions", 5, 5, 4, 5},        {"loyal_customers", 3, 4, 4, 5}, {"potential_loyalists", 4, 5, 2, 3},
        {"new_customers", 5, 5, 1, 1},    {"promising", 4, 4, 1, 1},       {"need_attention", 3, 3, 3, 3},
        {"about_to_sleep", 3, 3, 1, 2},   {"cant_lose", 1, 2, 5, 5},       {"at_risk", 1, 2, 3, 4},
        {"hibernating", 1, 2, 1, 2},
    };
}

std::string_view to_string(ValueTier tier) noexcept {
    switch (tier) {
        case ValueTier::low: return "low";
        case ValueTier::medium: return "medium";
        case ValueTier::high: return "high";
    }
    return "low";
}

std::string RfmScores::rfm(std::size_t row) const {
    return std::to_string(r[row]) + std::to_string(f[row]) + std::to_string(m[row]);
}

std::string_view RfmScores::segment_name(std::size_t row) const noexcept {
    return segment[row] == kNoSegment ? std::string_view{} : std::string_view(segment_names[segment[row]]);
}

namespace {

constexpr int kMaxBins = 10;
constexpr std::size_t kPrefetchRows = 16;

void check_options(const RfmOptions& o) {
    if (o.bins < 2 || o.bins > kMaxBins) throw InvalidInput("bins", "must be 2..10, got " + std::to_string(o.bins));
    if (!(o.medium_tier >= 0 && o.medium_tier <= o.high_tier && o.high_tier <= 1))
        throw InvalidInput("value_tier", "thresholds must satisfy 0 <= medium <= high <= 1");
    if (o.segment_bins < 2 || o.segment_bins > kMaxBins) throw InvalidInput("segment_bins", "must be 2..10");
    if (o.segments.size() >= RfmScores::kNoSegment) throw InvalidInput("segments", "too many segment rules");
    for (const auto& s : o.segments) {
        auto in = [&](int v) { return v >= 1 && v <= o.segment_bins; };
        if (s.name.empty() || !in(s.r_min) || !in(s.r_max) || !in(s.f_min) || !in(s.f_max) || s.r_min > s.r_max ||
            s.f_min > s.f_max)
            throw InvalidInput("segments", "rule '" + s.name + "' needs a name and score ranges within 1..segment_bins");
    }
}

/// One customer's sums over the rows dated on or before as_of. Kept together (one cache
/// line) because rows arrive in random customer order: at a million customers every row is
/// a cache miss, and three separate arrays made it three.
struct alignas(32) Totals {
    std::int64_t last_time = std::numeric_limits<std::int64_t>::min();  ///< of the last purchase
    std::int64_t frequency = 0;
    std::int64_t monetary = 0;
};

}  // namespace

RfmScores rfm(const TransactionColumns& t, const RfmOptions& options) {
    check_columns(t);
    check_options(options);
    const std::int64_t as_of = options.as_of.time_since_epoch().count();
    const std::int64_t units_per_day = 86400 * t.units_per_second;
    const std::size_t rows = t.customer.size();
    const unsigned threads = thread_count(options.threads, rows);
    CustomerSlots slots(t.customer, {}, threads);

    // Rows at or after the start of the day after as_of are ignored. Comparing times (not
    // days) keeps a 64-bit division out of the per-row loop; days are taken per customer.
    const std::int64_t end_of_as_of = end_of_day(as_of, units_per_day);
    // Each thread sums its share of the rows into its own totals; then the totals are
    // merged by slot range, again on every thread.
    std::vector<std::vector<Totals>> parts(threads);
    // Checked sums: a monetary beyond 64 bits is an error, not a wrapped number. One flag
    // per thread (no sharing in the loop); a jo per row costs nothing measurable.
    std::vector<char> overflow(threads, 0);
    run_parallel(threads, [&](unsigned i) {
        parts[i].resize(slots.size());  // first touched by the thread that uses it
        auto [b, e] = part(rows, i, threads);
        Totals* totals = parts[i].data();
        for (std::size_t r = b; r < e; ++r) {
            // Ask for a later row's customer now: its cache miss overlaps this row's work.
            if (r + kPrefetchRows < e) __builtin_prefetch(&totals[slots.row_slot(r + kPrefetchRows)], 1);
            std::int64_t time = t.timestamp[r];
            if (time >= end_of_as_of) continue;
            Totals& c = totals[slots.row_slot(r)];
            std::int64_t amount = t.amount[r];
            overflow[i] |= static_cast<char>(__builtin_add_overflow(c.monetary, amount, &c.monetary));
            if (amount >= 0) {
                ++c.frequency;
                c.last_time = std::max(c.last_time, time);
            }
        }
    });
    std::vector<Totals>& total = parts[0];
    run_parallel(threads, [&](unsigned i) {
        auto [b, e] = part(slots.size(), i, threads);
        for (unsigned p = 1; p < threads; ++p)
            for (std::size_t s = b; s < e; ++s) {
                total[s].last_time = std::max(total[s].last_time, parts[p][s].last_time);
                total[s].frequency += parts[p][s].frequency;
                overflow[i] |= static_cast<char>(
                    __builtin_add_overflow(total[s].monetary, parts[p][s].monetary, &total[s].monetary));
            }
    });
    if (std::find(overflow.begin(), overflow.end(), 1) != overflow.end())
        throw InvalidInput("amount", "a customer's amounts sum beyond 64 bits (monetary would wrap)");
    parts.resize(1);  // free the other threads' totals

    std::vector<std::uint32_t> scored;
    for (std::uint32_t s = 0; s < slots.size(); ++s)
        if (total[s].frequency > 0) scored.push_back(s);
    order_by_key(slots, scored);
    const std::size_t n = scored.size();

    RfmScores out;
    out.customer.resize(n);
    out.recency_days.resize(n);
    out.frequency.resize(n);
    out.monetary.resize(n);
    std::vector<std::int64_t> last_day(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t s = scored[i];
        out.customer[i] = slots.key(s);
        last_day[i] = day_of(total[s].last_time, units_per_day);
        out.recency_days[i] = as_of - last_day[i];
        out.frequency[i] = total[s].frequency;
        out.monetary[i] = total[s].monetary;
    }
    parts.clear();

    // Worst first: R by last purchase day ascending (longest ago = rank 1), F and M ascending.
    std::vector<std::uint32_t> rank_r(n), rank_f(n), rank_m(n);
    run_parallel(std::min(threads, 2u), [&](unsigned i) {
        if (i == 0) rank_ascending(out.monetary, rank_m);
        if (i == 1 || threads < 2) {
            rank_ascending(last_day, rank_r);
            rank_ascending(out.frequency, rank_f);
        }
    });

    const bool segmented = options.bins == options.segment_bins;
    std::uint8_t grid[kMaxBins + 1][kMaxBins + 1];
    for (auto& row : grid) std::fill(std::begin(row), std::end(row), RfmScores::kNoSegment);
    if (segmented) {
        out.segment_names.reserve(options.segments.size());
        for (std::size_t k = options.segments.size(); k-- > 0;) {  // last first, so the first rule wins
            const auto& rule = options.segments[k];
            for (int r = rule.r_min; r <= rule.r_max; ++r)
                for (int f = rule.f_min; f <= rule.f_max; ++f) grid[r][f] = static_cast<std::uint8_t>(k);
        }
        for (const auto& rule : options.segments) out.segment_names.push_back(rule.name);
    }

    out.r.resize(n);
    out.f.resize(n);
    out.m.resize(n);
    out.segment.resize(n);
    out.value_tier.resize(n);
    const auto bins = static_cast<std::uint64_t>(options.bins);
    const auto nn = static_cast<double>(n);
    auto score = [&](std::uint32_t rank) { return static_cast<std::uint8_t>(1 + bins * (rank - 1) / n); };
    for (std::size_t i = 0; i < n; ++i) {
        out.r[i] = score(rank_r[i]);
        out.f[i] = score(rank_f[i]);
        out.m[i] = score(rank_m[i]);
        out.segment[i] = grid[out.r[i]][out.f[i]];
        double p = static_cast<double>(rank_m[i] - 1) / nn;
        out.value_tier[i] = p >= options.high_tier     ? ValueTier::high
                            : p >= options.medium_tier ? ValueTier::medium
                                                       : ValueTier::low;
    }
    return out;
}

}  // namespace clientele
