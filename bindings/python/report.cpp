// clientele._core report: Database.report_html / Database.report_write over db.reports();
// python/clientele/_report.py gives them their Python signature.
#include <optional>
#include <string>

#include <pybind11/stl.h>

#include "clientele/database.hpp"
#include "clientele/report.hpp"

#include "analytics_columns.hpp"
#include "shared_database.hpp"

namespace clientele::python {

namespace {

ReportOptions report_options(std::int64_t as_of, std::optional<std::int64_t> from, const std::string& lang,
                             const std::string& owner, const std::string& currency, int top, bool show_names,
                             int stale_days) {
    ReportOptions o;
    o.as_of = day(as_of);
    if (from) o.from = day(*from);
    o.lang = lang;
    o.owner = owner;
    o.currency = currency;
    o.top_customers = top;
    o.show_names = show_names;
    o.stale_days = stale_days;
    return o;
}

}  // namespace

void bind_report(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<SharedDatabase>>(m.attr("Database"));
    cls.def("report_html", [](SharedDatabase& self, std::int64_t as_of, std::optional<std::int64_t> from,
                              const std::string& lang, const std::string& owner, const std::string& currency, int top,
                              bool show_names, int stale_days) {
        auto o = report_options(as_of, from, lang, owner, currency, top, show_names, stale_days);
        return self.run([&](Database& db) { return db.reports().html(o); });
    }, py::arg("as_of"), py::arg("from_"), py::arg("lang"), py::arg("owner"), py::arg("currency"), py::arg("top"),
       py::arg("show_names"), py::arg("stale_days"))
        .def("report_write", [](SharedDatabase& self, const std::string& path, std::int64_t as_of,
                                std::optional<std::int64_t> from, const std::string& lang, const std::string& owner,
                                const std::string& currency, int top, bool show_names, int stale_days) {
            auto o = report_options(as_of, from, lang, owner, currency, top, show_names, stale_days);
            self.run([&](Database& db) { db.reports().write_html(path, o); });
        }, py::arg("path"), py::arg("as_of"), py::arg("from_"), py::arg("lang"), py::arg("owner"), py::arg("currency"),
           py::arg("top"), py::arg("show_names"), py::arg("stale_days"));
}

}  // namespace clientele::python
