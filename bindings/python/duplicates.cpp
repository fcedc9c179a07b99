// clientele._core — the per-insert duplicate check (Database::find_duplicates / explain).
#include <string>

#include "json/json.hpp"
#include "clientele/merge.hpp"

#include "convert.hpp"
#include "shared_database.hpp"

namespace clientele::python {

void bind_duplicates(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<SharedDatabase>>(m.attr("Database"));
    cls.def("find_duplicates", [](SharedDatabase& self, py::handle record, double threshold) {
           const Customer candidate = customer_from_json(from_python(record, "customer"), "");
           return to_python(self.run([&](Database& db) {
               nlohmann::json out = nlohmann::json::array();
               for (const auto& d : db.duplicates().find(candidate, {.threshold = threshold})) out.push_back(clientele::to_json(d));
               return out;
           }));
       }, py::arg("customer"), py::arg("threshold") = 0.5)
        .def("explain", [](SharedDatabase& self, const std::string& a, const std::string& b) {
            return to_python(self.run([&](Database& db) {
                nlohmann::json out = clientele::to_json(db.duplicates().explain(a, b));
                out["a"] = a;
                out["b"] = b;
                return out;
            }));
        }, py::arg("a"), py::arg("b"));
}

}  // namespace clientele::python
