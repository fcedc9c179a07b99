// clientele._core — the analytics results as Python columns (numpy arrays that own the
// C++ vectors) and the lifecycle options read from a dict: shared by the column kernels
// (analytics.cpp) and the Database methods over the store (stages.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <pybind11/pybind11.h>

#include "clientele/analytics.hpp"

namespace clientele::python {

namespace py = pybind11;

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

}  // namespace clientele::python
