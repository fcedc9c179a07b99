// clientele._core — a customer's loyalty points ledger (docs/points.md).
#include <string>

#include "json/json.hpp"
#include "clientele/points.hpp"

#include "convert.hpp"
#include "shared_database.hpp"

namespace clientele::python {

void bind_points(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<SharedDatabase>>(m.attr("Database"));
    cls.def("record_points", [](SharedDatabase& self, const std::string& customer, py::handle entry) {
           const PointsEntry e = points_entry_from_json(from_python(entry, "entry"), "");
           return to_python(self.run([&](Database& db) { return clientele::to_json(db.points().record(customer, e)); }));
       }, py::arg("customer"), py::arg("entry"))
        .def("points_balance", [](SharedDatabase& self, const std::string& customer) {
            return self.run([&](Database& db) { return db.points().balance(customer); });
        }, py::arg("customer"))
        .def("points_history", [](SharedDatabase& self, const std::string& customer, py::handle filter) {
            const PointsFilter f =
                points_filter_from_json(filter.is_none() ? nlohmann::json::object() : from_python(filter, "filter"));
            return to_python(self.run([&](Database& db) {
                nlohmann::json out = nlohmann::json::array();
                for (const auto& e : db.points().history(customer, f)) out.push_back(clientele::to_json(e));
                return out;
            }));
        }, py::arg("customer"), py::arg("filter") = py::none());
}

}  // namespace clientele::python
