// Internal: the pieces RFM and lifecycle share — checking the input columns, turning
// timestamps into UTC days, mapping customer keys to dense slots, running work on both
// cores, and ranking a column with ties given the lowest rank.
#pragma once

#include <cstdint>
#include <exception>
#include <span>
#include <thread>
#include <vector>

#include "clientele/analytics.hpp"

namespace clientele::analytics {

/// Throws InvalidInput unless the three columns have one length and units_per_second > 0.
void check_columns(const TransactionColumns& t);

/// Floor division: the UTC day of a time in `unit` per day (86400 * units_per_second).
inline std::int64_t day_of(std::int64_t t, std::int64_t units_per_day) {
    std::int64_t q = t / units_per_day;
    return q - ((t % units_per_day) < 0);
}

unsigned thread_count(unsigned requested, std::size_t work);

/// Runs body(i) for i in [0, n) on n threads (the caller's thread runs task 0) and
/// rethrows the first exception any of them threw.
template <class Body>
void run_parallel(unsigned n, Body&& body) {
    std::vector<std::exception_ptr> errors(n);
    {
        std::vector<std::jthread> threads;
        threads.reserve(n > 0 ? n - 1 : 0);
        for (unsigned i = 1; i < n; ++i)
            threads.emplace_back([&, i] {
                try { body(i); } catch (...) { errors[i] = std::current_exception(); }
            });
        try { body(0u); } catch (...) { errors[0] = std::current_exception(); }
    }
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

/// [begin, end) of part `i` of `n` equal parts of `size`.
inline std::pair<std::size_t, std::size_t> part(std::size_t size, unsigned i, unsigned n) {
    return {size * i / n, size * (i + 1) / n};
}

/// Maps customer keys to slots 0..slots-1. When the keys fall in a range not much larger
/// than the row count (ids from a store or factorized text) the slot is key - base, with
/// slots in key order; otherwise keys are hashed once into `codes` (one per row) and
/// `keys` holds each slot's key.
class CustomerSlots {
public:
    /// `rows` then `extra` (known customers without rows) are all given slots.
    CustomerSlots(std::span<const std::int64_t> rows, std::span<const std::int64_t> extra,
                  unsigned threads);
    std::size_t size() const noexcept { return slots_; }
    std::uint32_t row_slot(std::size_t row) const noexcept {
        return dense_ ? static_cast<std::uint32_t>(rows_[row] - base_) : codes_[row];
    }
    std::uint32_t key_slot(std::int64_t key) const;  ///< for `extra` keys
    std::int64_t key(std::uint32_t slot) const noexcept {
        return dense_ ? base_ + slot : keys_[slot];
    }
    /// True when slot order is ascending key order.
    bool ordered() const noexcept { return dense_; }

private:
    std::span<const std::int64_t> rows_;
    bool dense_ = true;
    std::int64_t base_ = 0;
    std::size_t slots_ = 0;
    std::vector<std::uint32_t> codes_;
    std::vector<std::int64_t> keys_;
    std::vector<std::uint32_t> table_;  ///< open addressing: slot + 1, 0 = empty
    std::uint64_t mask_ = 0;
};

/// ranks[i] = 1 + the number of values strictly less than values[i] (ties share the lowest
/// rank). Counting when the value range is small, radix sort otherwise.
void rank_ascending(std::span<const std::int64_t> values, std::span<std::uint32_t> ranks);

/// Slots in ascending key order, given `selected` slots (in slot order).
void order_by_key(const CustomerSlots& slots, std::vector<std::uint32_t>& selected);

/// Every customer's purchase days (amount >= 0) up to as_of, sorted, as runs of one array:
/// the lifecycle stages and the time between purchases read them.
struct PurchaseRuns {
    CustomerSlots slots;
    std::vector<std::uint8_t> seen;       ///< per slot: the key occurs in rows or known
    std::vector<std::uint64_t> offsets;   ///< run of slot s: days[offsets[s], offsets[s+1])
    std::vector<std::int64_t> days;

    PurchaseRuns(const TransactionColumns& t, std::span<const std::int64_t> known, std::int64_t as_of,
                 unsigned threads);
    std::span<const std::int64_t> run(std::size_t s) const {
        return {days.data() + offsets[s], days.data() + offsets[s + 1]};
    }
    /// Seen slots in ascending key order.
    std::vector<std::uint32_t> customers() const;
};

/// The first time (in the columns' unit) after the day as_of, clamped to int64: rows at or
/// after it are ignored. Comparing times keeps a division out of per-row loops.
std::int64_t end_of_day(std::int64_t as_of, std::int64_t units_per_day);

/// The value at quantile q of non-empty `v` (reordered), interpolated linearly between the
/// two nearest ranks (numpy's and pandas' default).
double quantile(std::vector<std::int64_t>& v, double q);

}  // namespace clientele::analytics
