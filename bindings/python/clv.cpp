// clientele._core CLV: the kernels of clientele/clv.hpp over numpy arrays, GIL released.
// python/clientele/_clv.py turns DataFrames into these arrays and the results into frames.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "clientele/clv.hpp"

#include "analytics_columns.hpp"

namespace py = pybind11;

namespace clientele::python {
namespace {

using Doubles = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::span<const double> span_of(const Doubles& a) { return {a.data(), static_cast<std::size_t>(a.size())}; }

ClvHistory history(const Doubles& frequency, const Doubles& recency, const Doubles& T) {
    return {span_of(frequency), span_of(recency), span_of(T)};
}

ClvFitOptions fit_options(std::size_t min_repeat_customers, unsigned threads) {
    ClvFitOptions o;
    o.min_repeat_customers = min_repeat_customers;
    o.threads = threads;
    return o;
}

template <class Fn>
auto without_gil(Fn&& fn) {
    py::gil_scoped_release no_gil;
    return fn();
}

}  // namespace

py::dict clv_summary_columns(ClvSummary&& s) {
    py::dict out;
    const bool split = !s.frequency_holdout.empty() || s.duration_holdout > 0;
    out["period"] = std::string(to_string(s.period));
    out["duration_holdout"] = s.duration_holdout;
    out["split"] = split;
    out["customer"] = to_numpy(std::move(s.customer));
    out["frequency"] = to_numpy(std::move(s.frequency));
    out["recency"] = to_numpy(std::move(s.recency));
    out["T"] = to_numpy(std::move(s.T));
    out["monetary_value"] = to_numpy(std::move(s.monetary_value));
    out["frequency_holdout"] = to_numpy(std::move(s.frequency_holdout));
    out["monetary_value_holdout"] = to_numpy(std::move(s.monetary_value_holdout));
    return out;
}

py::dict clv_fit_dict(const ClvFit& f) {
    py::dict out;
    out["names"] = f.names;
    out["values"] = f.values;
    out["standard_errors"] = f.standard_errors;
    out["log_likelihood"] = f.log_likelihood;
    out["iterations"] = f.iterations;
    out["customers"] = f.customers;
    return out;
}

py::dict clv_score_columns(ClvScores&& s) {
    py::dict out = clv_summary_columns(std::move(s.summary));
    out["bgnbd"] = clv_fit_dict(s.bgnbd);
    py::dict gg = clv_fit_dict(s.gamma_gamma);
    gg["frequency_monetary_correlation"] = s.gamma_gamma.frequency_monetary_correlation;
    gg["excluded"] = s.spend_fit_excluded;
    out["gamma_gamma"] = gg;
    out["p_alive"] = to_numpy(std::move(s.p_alive));
    out["expected_purchases"] = to_numpy(std::move(s.expected_purchases));
    out["expected_value"] = to_numpy(std::move(s.expected_value));
    out["clv"] = to_numpy(std::move(s.clv));
    return out;
}

ClvScoreOptions clv_score_options(std::int64_t as_of, const std::string& period, double horizon, double discount_rate,
                                  std::size_t min_repeat_customers, unsigned threads) {
    ClvScoreOptions o;
    o.as_of = day(as_of);
    o.period = parse_clv_period(period);
    o.horizon = horizon;
    o.monthly_discount_rate = discount_rate;
    o.fit = fit_options(min_repeat_customers, threads);
    o.threads = threads;
    return o;
}

void bind_clv(py::module_& m) {
    py::dict per_month;
    for (auto p : {ClvPeriod::day, ClvPeriod::week, ClvPeriod::month})
        per_month[py::str(std::string(to_string(p)))] = periods_per_month(p);
    m.attr("clv_periods_per_month") = per_month;
    m.def("_clv_summary", [](const Column& customer, const Column& timestamp, const Column& amount,
                             std::int64_t units_per_second, std::int64_t as_of, const std::string& period,
                             std::optional<std::int64_t> calibration_end, unsigned threads) {
        ClvSummaryOptions o;
        o.as_of = day(as_of);
        o.period = parse_clv_period(period);
        if (calibration_end) o.calibration_end = day(*calibration_end);
        o.threads = threads;
        return clv_summary_columns(
            without_gil([&] { return clv_summary(columns(customer, timestamp, amount, units_per_second), o); }));
    }, py::arg("customer"), py::arg("timestamp"), py::arg("amount"), py::arg("units_per_second"), py::arg("as_of"),
       py::arg("period"), py::arg("calibration_end"), py::arg("threads"));
    m.def("_clv_scores", [](const Column& customer, const Column& timestamp, const Column& amount,
                            std::int64_t units_per_second, std::int64_t as_of, const std::string& period,
                            double horizon, double discount_rate, std::size_t min_repeat_customers, unsigned threads) {
        const auto o = clv_score_options(as_of, period, horizon, discount_rate, min_repeat_customers, threads);
        return clv_score_columns(
            without_gil([&] { return clv_scores(columns(customer, timestamp, amount, units_per_second), o); }));
    }, py::arg("customer"), py::arg("timestamp"), py::arg("amount"), py::arg("units_per_second"), py::arg("as_of"),
       py::arg("period"), py::arg("horizon"), py::arg("discount_rate"), py::arg("min_repeat_customers"),
       py::arg("threads"));
    m.def("_clv_fit_bgnbd", [](const Doubles& frequency, const Doubles& recency, const Doubles& T,
                               std::size_t min_repeat_customers, unsigned threads) {
        return clv_fit_dict(without_gil(
            [&] { return fit_bgnbd(history(frequency, recency, T), fit_options(min_repeat_customers, threads)); }));
    }, py::arg("frequency"), py::arg("recency"), py::arg("T"), py::arg("min_repeat_customers"), py::arg("threads"));
    m.def("_clv_fit_gamma_gamma", [](const Doubles& frequency, const Doubles& monetary_value,
                                     std::size_t min_repeat_customers, unsigned threads) {
        const GammaGammaFit fit = without_gil([&] {
            return fit_gamma_gamma(span_of(frequency), span_of(monetary_value),
                                   fit_options(min_repeat_customers, threads));
        });
        py::dict out = clv_fit_dict(fit);
        out["frequency_monetary_correlation"] = fit.frequency_monetary_correlation;
        return out;
    }, py::arg("frequency"), py::arg("monetary_value"), py::arg("min_repeat_customers"), py::arg("threads"));
    m.def("_clv_p_alive", [](const Doubles& frequency, const Doubles& recency, const Doubles& T,
                             const std::vector<double>& p, unsigned threads) {
        return to_numpy(without_gil([&] {
            return bgnbd_probability_alive(history(frequency, recency, T), {p.at(0), p.at(1), p.at(2), p.at(3)},
                                           threads);
        }));
    }, py::arg("frequency"), py::arg("recency"), py::arg("T"), py::arg("params"), py::arg("threads"));
    m.def("_clv_expected_purchases", [](const Doubles& frequency, const Doubles& recency, const Doubles& T,
                                        const std::vector<double>& p, double t, unsigned threads) {
        return to_numpy(without_gil([&] {
            return bgnbd_expected_purchases(history(frequency, recency, T), {p.at(0), p.at(1), p.at(2), p.at(3)}, t,
                                            threads);
        }));
    }, py::arg("frequency"), py::arg("recency"), py::arg("T"), py::arg("params"), py::arg("t"), py::arg("threads"));
    m.def("_clv_expected_value", [](const Doubles& frequency, const Doubles& monetary_value,
                                    const std::vector<double>& g) {
        return to_numpy(gamma_gamma_expected_value(span_of(frequency), span_of(monetary_value),
                                                   {g.at(0), g.at(1), g.at(2)}));
    }, py::arg("frequency"), py::arg("monetary_value"), py::arg("params"));
    m.def("_clv_lifetime_value", [](const Doubles& frequency, const Doubles& recency, const Doubles& T,
                                    const Doubles& expected_value, const std::vector<double>& p, double horizon,
                                    const std::string& period, double discount_rate, unsigned threads) {
        ClvOptions o;
        o.horizon = horizon;
        o.period = parse_clv_period(period);
        o.monthly_discount_rate = discount_rate;
        o.threads = threads;
        return to_numpy(without_gil([&] {
            return customer_lifetime_value(history(frequency, recency, T), span_of(expected_value),
                                           {p.at(0), p.at(1), p.at(2), p.at(3)}, o);
        }));
    }, py::arg("frequency"), py::arg("recency"), py::arg("T"), py::arg("expected_value"), py::arg("params"),
       py::arg("horizon"), py::arg("period"), py::arg("discount_rate"), py::arg("threads"));
}

}  // namespace clientele::python
