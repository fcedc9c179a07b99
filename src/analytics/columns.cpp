#include "analytics/columns.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "clientele/error.hpp"

namespace clientele::analytics {

void check_columns(const TransactionColumns& t) {
    if (t.timestamp.size() != t.customer.size())
        throw InvalidInput("timestamp", "has " + std::to_string(t.timestamp.size()) + " rows, customer has " +
                                            std::to_string(t.customer.size()));
    if (t.amount.size() != t.customer.size())
        throw InvalidInput("amount", "has " + std::to_string(t.amount.size()) + " rows, customer has " +
                                         std::to_string(t.customer.size()));
    if (t.units_per_second <= 0 || t.units_per_second > 1'000'000'000)
        throw InvalidInput("units_per_second", "must be 1..1000000000");
    if (t.customer.size() >= std::numeric_limits<std::uint32_t>::max())
        throw InvalidInput("customer", "more than 4294967294 rows");
}

unsigned thread_count(unsigned requested, std::size_t work) {
    unsigned n = requested != 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
    // Below this many rows a thread costs more than it saves.
    constexpr std::size_t kMinWork = 200'000;
    return static_cast<unsigned>(std::clamp<std::size_t>(work / kMinWork, 1, n));
}

namespace {

std::uint64_t mix(std::int64_t key) {
    auto x = static_cast<std::uint64_t>(key);  // splitmix64 finalizer
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

}  // namespace

CustomerSlots::CustomerSlots(std::span<const std::int64_t> rows, std::span<const std::int64_t> extra,
                             unsigned threads)
    : rows_(rows) {
    if (rows.empty() && extra.empty()) return;
    std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = std::numeric_limits<std::int64_t>::min();
    unsigned n = thread_count(threads, rows.size());
    std::vector<std::pair<std::int64_t, std::int64_t>> bounds(n, {lo, hi});
    run_parallel(n, [&](unsigned i) {
        auto [b, e] = part(rows.size(), i, n);
        std::int64_t l = lo, h = hi;
        for (std::size_t r = b; r < e; ++r) {
            l = std::min(l, rows[r]);
            h = std::max(h, rows[r]);
        }
        bounds[i] = {l, h};
    });
    for (auto [l, h] : bounds) lo = std::min(lo, l), hi = std::max(hi, h);
    for (auto k : extra) lo = std::min(lo, k), hi = std::max(hi, k);
    auto range = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);  // no overflow
    // Dense when a slot per key in the range costs at most about one per row.
    std::uint64_t limit = rows.size() + extra.size() + (std::uint64_t{1} << 20);
    if (range < limit) {
        base_ = lo;
        slots_ = static_cast<std::size_t>(range) + 1;
        return;
    }
    dense_ = false;
    codes_.resize(rows.size());
    mask_ = (std::uint64_t{1} << 16) - 1;
    table_.assign(mask_ + 1, 0);
    auto insert = [&](std::int64_t key) -> std::uint32_t {
        for (std::uint64_t h = mix(key) & mask_;; h = (h + 1) & mask_) {
            std::uint32_t s = table_[h];
            if (s == 0) {
                keys_.push_back(key);
                table_[h] = static_cast<std::uint32_t>(keys_.size());
                if (keys_.size() * 2 > mask_) {  // keep the load under one half
                    mask_ = mask_ * 2 + 1;
                    table_.assign(mask_ + 1, 0);
                    for (std::size_t k = 0; k < keys_.size(); ++k) {
                        std::uint64_t g = mix(keys_[k]) & mask_;
                        while (table_[g] != 0) g = (g + 1) & mask_;
                        table_[g] = static_cast<std::uint32_t>(k + 1);
                    }
                }
                return static_cast<std::uint32_t>(keys_.size() - 1);
            }
            if (keys_[s - 1] == key) return s - 1;
        }
    };
    for (std::size_t r = 0; r < rows.size(); ++r) codes_[r] = insert(rows[r]);
    for (auto k : extra) insert(k);
    slots_ = keys_.size();
}

std::uint32_t CustomerSlots::key_slot(std::int64_t key) const {
    if (dense_) return static_cast<std::uint32_t>(key - base_);
    for (std::uint64_t h = mix(key) & mask_;; h = (h + 1) & mask_) {
        std::uint32_t s = table_[h];
        if (s == 0 || keys_[s - 1] == key) return s - 1;  // always found: every key was inserted
    }
}

void rank_ascending(std::span<const std::int64_t> values, std::span<std::uint32_t> ranks) {
    const std::size_t n = values.size();
    if (n == 0) return;
    auto [lo_it, hi_it] = std::minmax_element(values.begin(), values.end());
    std::int64_t lo = *lo_it;
    auto range = static_cast<std::uint64_t>(*hi_it) - static_cast<std::uint64_t>(lo);
    if (range < 2 * n + 65536) {
        // Counting: below[v] = how many values are < v.
        std::vector<std::uint32_t> below(static_cast<std::size_t>(range) + 2, 0);
        for (auto v : values) ++below[static_cast<std::size_t>(v - lo) + 1];
        for (std::size_t i = 1; i < below.size(); ++i) below[i] += below[i - 1];
        for (std::size_t i = 0; i < n; ++i) ranks[i] = below[static_cast<std::size_t>(values[i] - lo)] + 1;
        return;
    }
    // LSD radix sort of (key, index) by bytes, skipping bytes every key shares.
    struct Item {
        std::uint64_t key;
        std::uint32_t index;
    };
    std::vector<Item> a(n), b(n);
    std::uint64_t all_or = 0, all_and = ~std::uint64_t{0};
    for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t k = static_cast<std::uint64_t>(values[i] - lo);  // order kept: offset from the minimum
        a[i] = {k, static_cast<std::uint32_t>(i)};
        all_or |= k;
        all_and &= k;
    }
    for (int shift = 0; shift < 64; shift += 8) {
        if (((all_or ^ all_and) >> shift & 0xff) == 0) continue;
        std::size_t count[257] = {};
        for (const auto& it : a) ++count[(it.key >> shift & 0xff) + 1];
        for (int d = 1; d < 257; ++d) count[d] += count[d - 1];
        for (const auto& it : a) b[count[it.key >> shift & 0xff]++] = it;
        a.swap(b);
    }
    std::uint32_t rank = 1;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && a[i].key != a[i - 1].key) rank = static_cast<std::uint32_t>(i + 1);
        ranks[a[i].index] = rank;
    }
}

void order_by_key(const CustomerSlots& slots, std::vector<std::uint32_t>& selected) {
    if (slots.ordered()) return;
    std::sort(selected.begin(), selected.end(),
              [&](std::uint32_t x, std::uint32_t y) { return slots.key(x) < slots.key(y); });
}

PurchaseRuns::PurchaseRuns(const TransactionColumns& t, std::span<const std::int64_t> known, std::int64_t as_of,
                           unsigned threads)
    : slots(t.customer, known, threads), seen(slots.size(), 0), offsets(slots.size() + 1, 0) {
    const std::int64_t units_per_day = 86400 * t.units_per_second;
    const std::size_t rows = t.customer.size();
    for (auto k : known) seen[slots.key_slot(k)] = 1;
    for (std::size_t r = 0; r < rows; ++r) {
        std::uint32_t s = slots.row_slot(r);
        seen[s] = 1;
        if (t.amount[r] >= 0 && day_of(t.timestamp[r], units_per_day) <= as_of) ++offsets[s + 1];
    }
    for (std::size_t s = 1; s < offsets.size(); ++s) offsets[s] += offsets[s - 1];
    days.resize(offsets.back());
    std::vector<std::uint64_t> fill(offsets.begin(), offsets.end() - 1);
    for (std::size_t r = 0; r < rows; ++r) {
        std::int64_t day = day_of(t.timestamp[r], units_per_day);
        if (t.amount[r] >= 0 && day <= as_of) days[fill[slots.row_slot(r)]++] = day;
    }
    unsigned n = thread_count(threads, days.size());
    run_parallel(n, [&](unsigned i) {
        auto [b, e] = part(slots.size(), i, n);
        for (std::size_t s = b; s < e; ++s)
            std::sort(days.begin() + static_cast<std::ptrdiff_t>(offsets[s]),
                      days.begin() + static_cast<std::ptrdiff_t>(offsets[s + 1]));
    });
}

std::vector<std::uint32_t> PurchaseRuns::customers() const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t s = 0; s < slots.size(); ++s)
        if (seen[s]) out.push_back(s);
    order_by_key(slots, out);
    return out;
}

std::int64_t end_of_day(std::int64_t as_of, std::int64_t units_per_day) {
    __extension__ using Wide = __int128;  // as_of * units may pass 64 bits before the clamp
    const auto wide = static_cast<Wide>(as_of + 1) * units_per_day;
    if (wide > std::numeric_limits<std::int64_t>::max()) return std::numeric_limits<std::int64_t>::max();
    if (wide < std::numeric_limits<std::int64_t>::min()) return std::numeric_limits<std::int64_t>::min();
    return static_cast<std::int64_t>(wide);
}

// The value at quantile q of `v` (reordered), interpolated linearly between the two
/// nearest ranks (numpy's and pandas' default).
double quantile(std::vector<std::int64_t>& v, double q) {
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto k = static_cast<std::size_t>(pos);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    const auto low = static_cast<double>(v[k]);
    const double frac = pos - static_cast<double>(k);
    if (frac == 0.0 || k + 1 >= v.size()) return low;
    const auto high = static_cast<double>(*std::min_element(v.begin() + static_cast<std::ptrdiff_t>(k) + 1, v.end()));
    return low + (high - low) * frac;
}

}  // namespace clientele::analytics
