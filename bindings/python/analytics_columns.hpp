// clientele._core — the analytics results as Python columns (numpy arrays that own the
// C++ vectors) and the lifecycle options read from a dict: shared by the column kernels
// (analytics.cpp) and the Database methods over the store (stages.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "clientele/analytics.hpp"
#include "clientele/clv.hpp"

namespace clientele::python {

namespace py = pybind11;

/// An int64 input column, read in place when already int64 and contiguous.
using Column = py::array_t<std::int64_t, py::array::c_style>;

inline std::span<const std::int64_t> span_of(const Column& a) {
    return {a.data(), static_cast<std::size_t>(a.size())};
}

inline TransactionColumns columns(const Column& customer, const Column& timestamp, const Column& amount,
                                  std::int64_t units_per_second) {
    return {span_of(customer), span_of(timestamp), span_of(amount), units_per_second};
}

inline std::chrono::sys_days day(std::int64_t d) { return std::chrono::sys_days(std::chrono::days(d)); }

/// A numpy array that owns `v` (moved to the heap, freed with the array).
template <class T>
py::array to_numpy(std::vector<T>&& v) {
    auto owner = std::make_unique<std::vector<T>>(std::move(v));
    auto* data = owner->data();
    auto size = static_cast<py::ssize_t>(owner->size());
    py::capsule free(owner.get(), [](void* p) { delete static_cast<std::vector<T>*>(p); });
    owner.release();
    using Element = std::conditional_t<std::is_enum_v<T>, std::uint8_t, T>;
    static_assert(sizeof(Element) == sizeof(T));
    return py::array_t<Element>({size}, {sizeof(T)}, reinterpret_cast<Element*>(data), free);
}

/// as_of (days since the epoch), the rule keys of `o` (churned_days, at_risk_days,
/// reactivated_gap_days, loyal_purchases, loyal_window_days) and threads.
LifecycleOptions lifecycle_options(std::int64_t as_of, const py::dict& o, unsigned threads);

/// A segment rule as Python gives it: (name, r_min, r_max, f_min, f_max).
using SegmentTuple = std::tuple<std::string, int, int, int, int>;
/// as_of (days since the epoch), bins, tiers, the segment rules (None: the default ones)
/// and threads.
RfmOptions rfm_options(std::int64_t as_of, int bins, double high_tier, double medium_tier,
                       const std::optional<std::vector<SegmentTuple>>& segments, unsigned threads);

py::dict rfm_result_columns(RfmScores&& scores);
py::dict lifecycle_result_columns(LifecycleStages&& stages);
py::dict stage_history_columns(StageHistory&& history);  ///< customer, day, stage
py::dict recurrence_columns(CustomerRecurrence&& recurrence);  ///< customer, returning
/// The matrix as nested lists, rows = stage on the first date.
std::vector<std::vector<std::int64_t>> transition_rows(const StageTransitions& transitions);

/// The CLV pipeline's columns and both fits (bindings/python/clv.cpp), for db.clv().
py::dict clv_score_columns(ClvScores&& scores);
ClvScoreOptions clv_score_options(std::int64_t as_of, const std::string& period, double horizon, double discount_rate,
                                  std::size_t min_repeat_customers, unsigned threads);

}  // namespace clientele::python
