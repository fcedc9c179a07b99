// clientele._core cohorts: acquisition cohorts, repeat purchases and revenue by group
// (clientele/cohorts.hpp) over numpy columns and, as Database methods, over the store's
// purchases as the user may see them. Results are dicts of numpy arrays that own the C++
// vectors; python/clientele/_cohorts.py turns them into frames.
#include <optional>
#include <string>
#include <tuple>

#include <pybind11/stl.h>

#include "clientele/cohorts.hpp"
#include "clientele/database.hpp"

#include "analytics_columns.hpp"
#include "shared_database.hpp"

namespace clientele::python {

namespace {

CohortOptions cohort_options(std::int64_t as_of, std::optional<std::int64_t> from, unsigned threads) {
    CohortOptions o;
    o.as_of = day(as_of);
    if (from) o.from = day(*from);
    o.threads = threads;
    return o;
}

using SegmentRules = std::vector<std::tuple<std::string, int, int, int, int>>;

/// The RFM rules of `o` (bins, high_tier, medium_tier, segments), as clientele.rfm takes them.
RfmOptions rfm_rules(const py::dict& o) {
    RfmOptions r;
    if (o.contains("bins")) r.bins = o["bins"].cast<int>();
    if (o.contains("high_tier")) r.high_tier = o["high_tier"].cast<double>();
    if (o.contains("medium_tier")) r.medium_tier = o["medium_tier"].cast<double>();
    if (o.contains("segments") && !o["segments"].is_none()) {
        r.segments.clear();
        for (auto& [name, r_min, r_max, f_min, f_max] : o["segments"].cast<SegmentRules>())
            r.segments.push_back({name, r_min, r_max, f_min, f_max});
    }
    return r;
}

RevenueByOptions revenue_by_options(const std::string& by, std::int64_t as_of, std::optional<std::int64_t> from,
                                    const py::dict& rfm, const py::dict& lifecycle, unsigned threads) {
    RevenueByOptions o;
    o.by = parse_revenue_grouping(by);
    o.as_of = day(as_of);
    if (from) o.from = day(*from);
    o.rfm = rfm_rules(rfm);
    o.lifecycle = lifecycle_options(as_of, lifecycle, threads);
    o.threads = threads;
    return o;
}

py::dict cohort_columns(CohortTable&& t) {
    py::dict out;
    out["cohort"] = to_numpy(std::move(t.cohort));
    out["period"] = to_numpy(std::move(t.period));
    out["cohort_customers"] = to_numpy(std::move(t.cohort_customers));
    out["customers"] = to_numpy(std::move(t.customers));
    out["revenue"] = to_numpy(std::move(t.revenue));
    out["retention"] = to_numpy(std::move(t.retention));
    return out;
}

py::dict repeat_columns(RepeatPurchases&& r) {
    py::dict out;
    out["total_customers"] = r.total_customers;
    out["total_repeat_customers"] = r.total_repeat_customers;
    out["total_repeat_rate"] = r.total_repeat_rate;
    out["gaps"] = r.gaps;
    out["gap_mean_days"] = r.gap_mean_days;
    out["gap_median_days"] = r.gap_median_days;
    out["gap_p90_days"] = r.gap_p90_days;
    out["gap_buckets"] = std::vector<std::int64_t>(r.gap_buckets.begin(), r.gap_buckets.end());
    out["cohort"] = to_numpy(std::move(r.cohort));
    out["customers"] = to_numpy(std::move(r.customers));
    out["repeat_customers"] = to_numpy(std::move(r.repeat_customers));
    out["repeat_rate"] = to_numpy(std::move(r.repeat_rate));
    return out;
}

py::dict revenue_by_columns(RevenueByGroup&& g) {
    py::dict out;
    out["group_names"] = g.group_names;
    out["month"] = to_numpy(std::move(g.month));
    out["group"] = to_numpy(std::move(g.group));
    out["customers"] = to_numpy(std::move(g.customers));
    out["active_customers"] = to_numpy(std::move(g.active_customers));
    out["revenue"] = to_numpy(std::move(g.revenue));
    return out;
}

/// Runs `work` with the GIL released (the options were read before).
template <class Work>
auto without_gil(Work&& work) {
    py::gil_scoped_release no_gil;
    return work();
}

}  // namespace

void bind_cohorts(py::module_& m) {
    m.def("_cohorts", [](const Column& customer, const Column& timestamp, const Column& amount,
                         std::int64_t units_per_second, std::int64_t as_of, std::optional<std::int64_t> from,
                         unsigned threads) {
        auto o = cohort_options(as_of, from, threads);
        return cohort_columns(without_gil([&] { return cohorts(columns(customer, timestamp, amount, units_per_second), o); }));
    }, py::arg("customer"), py::arg("timestamp"), py::arg("amount"), py::arg("units_per_second"), py::arg("as_of"),
       py::arg("from_"), py::arg("threads"));

    m.def("_repeat_purchases", [](const Column& customer, const Column& timestamp, const Column& amount,
                                  std::int64_t units_per_second, std::int64_t as_of, std::optional<std::int64_t> from,
                                  unsigned threads) {
        auto o = cohort_options(as_of, from, threads);
        return repeat_columns(
            without_gil([&] { return repeat_purchases(columns(customer, timestamp, amount, units_per_second), o); }));
    }, py::arg("customer"), py::arg("timestamp"), py::arg("amount"), py::arg("units_per_second"), py::arg("as_of"),
       py::arg("from_"), py::arg("threads"));

    m.def("_revenue_by", [](const Column& customer, const Column& timestamp, const Column& amount,
                            std::int64_t units_per_second, const std::string& by, std::int64_t as_of,
                            std::optional<std::int64_t> from, const py::dict& rfm_options,
                            const py::dict& lifecycle_options, unsigned threads) {
        auto o = revenue_by_options(by, as_of, from, rfm_options, lifecycle_options, threads);
        return revenue_by_columns(
            without_gil([&] { return revenue_by(columns(customer, timestamp, amount, units_per_second), o); }));
    }, py::arg("customer"), py::arg("timestamp"), py::arg("amount"), py::arg("units_per_second"), py::arg("by"),
       py::arg("as_of"), py::arg("from_"), py::arg("rfm_options"), py::arg("lifecycle_options"), py::arg("threads"));

    m.attr("gap_bucket_upper_days") = std::vector<std::int64_t>(kGapBucketUpperDays.begin(), kGapBucketUpperDays.end());

    auto cls = py::reinterpret_borrow<py::class_<SharedDatabase>>(m.attr("Database"));
    cls.def("cohorts", [](SharedDatabase& self, std::int64_t as_of, std::optional<std::int64_t> from,
                          const std::string& currency) {
        auto o = cohort_options(as_of, from, 0);
        return cohort_columns(self.run([&](Database& db) { return db.analytics().cohorts(o, currency); }));
    }, py::arg("as_of"), py::arg("from_"), py::arg("currency"))
        .def("repeat_purchases", [](SharedDatabase& self, std::int64_t as_of, std::optional<std::int64_t> from,
                                    const std::string& currency) {
            auto o = cohort_options(as_of, from, 0);
            return repeat_columns(self.run([&](Database& db) { return db.analytics().repeat_purchases(o, currency); }));
        }, py::arg("as_of"), py::arg("from_"), py::arg("currency"))
        .def("revenue_by", [](SharedDatabase& self, const std::string& by, std::int64_t as_of,
                              std::optional<std::int64_t> from, const py::dict& rfm_options,
                              const py::dict& lifecycle_options, const std::string& currency) {
            auto o = revenue_by_options(by, as_of, from, rfm_options, lifecycle_options, 0);
            return revenue_by_columns(self.run([&](Database& db) { return db.analytics().revenue_by(o, currency); }));
        }, py::arg("by"), py::arg("as_of"), py::arg("from_"), py::arg("rfm_options"), py::arg("lifecycle_options"),
           py::arg("currency"));
}

}  // namespace clientele::python
