// clientele._core — Database methods for lifecycle stages over time (stage history,
// transitions, new vs returning) over the store's purchases, as the user may see them.
// The Python side (python/clientele/_database.py) turns the columns into DataFrames.
#include <chrono>
#include <string>

#include <pybind11/stl.h>

#include "clientele/database.hpp"

#include "analytics_columns.hpp"
#include "shared_database.hpp"

namespace clientele::python {

void bind_stages(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<SharedDatabase>>(m.attr("Database"));
    cls.def("stage_history", [](SharedDatabase& self, std::int64_t as_of, const py::dict& options,
                                const std::string& currency) {
        auto o = lifecycle_options(as_of, options, 0);
        auto result = self.run([&](Database& db) { return db.analytics().stage_history(o, currency); });
        auto cols = stage_history_columns(std::move(result.history));
        cols["customer"] = py::cast(result.customer);
        return cols;
    }, py::arg("as_of"), py::arg("options"), py::arg("currency"))
        .def("stage_transitions", [](SharedDatabase& self, std::int64_t from, std::int64_t to,
                                     const py::dict& options, const std::string& currency) {
            auto o = lifecycle_options(to, options, 0);
            return transition_rows(self.run([&](Database& db) { return db.analytics().stage_transitions(day(from), o, currency); }));
        }, py::arg("start"), py::arg("end"), py::arg("options"), py::arg("currency"))
        .def("new_vs_returning", [](SharedDatabase& self, std::int64_t from, std::int64_t to,
                                    const std::string& currency) {
            auto result = self.run([&](Database& db) { return db.analytics().new_vs_returning(day(from), day(to), currency); });
            auto cols = recurrence_columns(std::move(result.recurrence));
            cols["customer"] = py::cast(result.customer);
            return cols;
        }, py::arg("start"), py::arg("end"), py::arg("currency"));
}

}  // namespace clientele::python
