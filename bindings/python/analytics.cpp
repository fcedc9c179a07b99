// clientele._core analytics: the column kernels of clientele/analytics.hpp over numpy
// arrays. Inputs are int64 arrays read in place (no copy when already int64 and
// contiguous); results are numpy arrays that take over the C++ vectors (no copy either).
// The Python side (python/clientele/_analytics.py) turns DataFrames, Arrow tables and
// other columns into these arrays and the results into DataFrames.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "clientele/analytics.hpp"
#include "clientele/cells.hpp"
#include "clientele/error.hpp"

#include "analytics_columns.hpp"

namespace py = pybind11;

namespace clientele::python {
namespace {

py::dict rfm_columns(RfmScores&& s) {
    py::dict out;
    out["segment_names"] = s.segment_names;
    out["customer"] = to_numpy(std::move(s.customer));
    out["recency_days"] = to_numpy(std::move(s.recency_days));
    out["frequency"] = to_numpy(std::move(s.frequency));
    out["monetary"] = to_numpy(std::move(s.monetary));
    out["r"] = to_numpy(std::move(s.r));
    out["f"] = to_numpy(std::move(s.f));
    out["m"] = to_numpy(std::move(s.m));
    out["segment"] = to_numpy(std::move(s.segment));
    out["value_tier"] = to_numpy(std::move(s.value_tier));
    return out;
}

py::dict lifecycle_columns(LifecycleStages&& l) {
    py::dict out;
    out["customer"] = to_numpy(std::move(l.customer));
    out["stage"] = to_numpy(std::move(l.stage));
    out["stage_since"] = to_numpy(std::move(l.stage_since));
    return out;
}

}  // namespace

LifecycleOptions lifecycle_options(std::int64_t as_of, const py::dict& o, unsigned threads) {
    LifecycleOptions options;
    options.as_of = day(as_of);
    options.threads = threads;
    auto set = [&](const char* key, int& field) {
        if (o.contains(key)) field = o[key].cast<int>();
    };
    set("churned_days", options.churned_days);
    set("at_risk_days", options.at_risk_days);
    set("reactivated_gap_days", options.reactivated_gap_days);
    set("loyal_purchases", options.loyal_purchases);
    set("loyal_window_days", options.loyal_window_days);
    return options;
}

py::dict rfm_result_columns(RfmScores&& scores) { return rfm_columns(std::move(scores)); }
py::dict lifecycle_result_columns(LifecycleStages&& stages) { return lifecycle_columns(std::move(stages)); }

py::dict stage_history_columns(StageHistory&& h) {
    py::dict out;
    out["customer"] = to_numpy(std::move(h.customer));
    out["day"] = to_numpy(std::move(h.day));
    out["stage"] = to_numpy(std::move(h.stage));
    return out;
}

py::dict recurrence_columns(CustomerRecurrence&& r) {
    py::dict out;
    out["customer"] = to_numpy(std::move(r.customer));
    out["returning"] = to_numpy(std::move(r.returning));
    return out;
}

std::vector<std::vector<std::int64_t>> transition_rows(const StageTransitions& t) {
    std::vector<std::vector<std::int64_t>> rows;
    for (auto& row : t) rows.emplace_back(row.begin(), row.end());
    return rows;
}

RfmOptions rfm_options(std::int64_t as_of, int bins, double high_tier, double medium_tier,
                       const std::optional<std::vector<SegmentTuple>>& segments, unsigned threads) {
    RfmOptions options;
    options.as_of = day(as_of);
    options.bins = bins;
    options.high_tier = high_tier;
    options.medium_tier = medium_tier;
    options.threads = threads;
    if (segments) {
        options.segments.clear();
        for (const auto& [name, r_min, r_max, f_min, f_max] : *segments)
            options.segments.push_back({name, r_min, r_max, f_min, f_max});
    }
    return options;
}

void bind_analytics(py::module_& m) {
    m.def("_rfm", [](const Column& customer, const Column& timestamp, const Column& amount,
                     std::int64_t units_per_second, std::int64_t as_of, int bins, double high_tier,
                     double medium_tier, std::optional<std::vector<SegmentTuple>> segments,
                     unsigned threads) {
        const RfmOptions options = rfm_options(as_of, bins, high_tier, medium_tier, segments, threads);
        RfmScores scores;
        {
            py::gil_scoped_release no_gil;
            scores = rfm(columns(customer, timestamp, amount, units_per_second), options);
        }
        return rfm_columns(std::move(scores));
    }, py::arg("customer"), py::arg("timestamp"), py::arg("amount"), py::arg("units_per_second"),
       py::arg("as_of"), py::arg("bins"), py::arg("high_tier"), py::arg("medium_tier"), py::arg("segments"),
       py::arg("threads"));

    m.def("_lifecycle", [](const Column& customer, const Column& timestamp, const Column& amount,
                           std::int64_t units_per_second, const Column& known, std::int64_t as_of,
                           const py::dict& options, unsigned threads) {
        auto o = lifecycle_options(as_of, options, threads);
        LifecycleStages stages;
        {
            py::gil_scoped_release no_gil;
            stages = lifecycle(columns(customer, timestamp, amount, units_per_second), span_of(known), o);
        }
        return lifecycle_columns(std::move(stages));
    }, py::arg("customer"), py::arg("timestamp"), py::arg("amount"), py::arg("units_per_second"), py::arg("known"),
       py::arg("as_of"), py::arg("options"), py::arg("threads"));

    m.def("_stage_history", [](const Column& customer, const Column& timestamp, const Column& amount,
                               std::int64_t units_per_second, std::int64_t as_of, const py::dict& options,
                               unsigned threads) {
        auto o = lifecycle_options(as_of, options, threads);
        StageHistory h;
        {
            py::gil_scoped_release no_gil;
            h = stage_history(columns(customer, timestamp, amount, units_per_second), o);
        }
        return stage_history_columns(std::move(h));
    }, py::arg("customer"), py::arg("timestamp"), py::arg("amount"), py::arg("units_per_second"), py::arg("as_of"),
       py::arg("options"), py::arg("threads"));

    m.def("_stage_transitions", [](const Column& customer, const Column& timestamp, const Column& amount,
                                   std::int64_t units_per_second, const Column& known, std::int64_t from,
                                   std::int64_t to, const py::dict& options, unsigned threads) {
        auto o = lifecycle_options(to, options, threads);
        StageTransitions t;
        {
            py::gil_scoped_release no_gil;
            t = stage_transitions(columns(customer, timestamp, amount, units_per_second), span_of(known), day(from), o);
        }
        return transition_rows(t);
    }, py::arg("customer"), py::arg("timestamp"), py::arg("amount"), py::arg("units_per_second"), py::arg("known"),
       py::arg("start"), py::arg("end"), py::arg("options"), py::arg("threads"));

    m.def("_new_vs_returning", [](const Column& customer, const Column& timestamp, const Column& amount,
                                  std::int64_t units_per_second, std::int64_t from, std::int64_t to,
                                  unsigned threads) {
        CustomerRecurrence r;
        {
            py::gil_scoped_release no_gil;
            r = new_vs_returning(columns(customer, timestamp, amount, units_per_second), day(from), day(to), threads);
        }
        return recurrence_columns(std::move(r));
    }, py::arg("customer"), py::arg("timestamp"), py::arg("amount"), py::arg("units_per_second"), py::arg("start"),
       py::arg("end"), py::arg("threads"));

    std::vector<std::string> stages;
    for (std::size_t i = 0; i < kLifecycleStages; ++i) stages.emplace_back(to_string(static_cast<LifecycleStage>(i)));
    m.attr("lifecycle_stages") = stages;
    // The segment grid rfm uses when given none: clientele.dask scores customers from their
    // global ranks and must place them in the same cells.
    std::vector<SegmentTuple> segments;
    for (const auto& s : default_segments()) segments.emplace_back(s.name, s.r_min, s.r_max, s.f_min, s.f_max);
    m.attr("default_segments") = segments;
}

}  // namespace clientele::python
