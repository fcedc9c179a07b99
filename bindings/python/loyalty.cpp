// clientele._core — the loyalty program (docs/loyalty.md): Database methods.
#include <string>

#include "json/json.hpp"
#include "json/reader.hpp"
#include "clientele/loyalty.hpp"

#include "convert.hpp"
#include "shared_database.hpp"

namespace clientele::python {

namespace {

// {"as_of": instant} from Python (a dict whose instants the converter wrote as ISO text);
// unset: now.
std::optional<Timestamp> as_of_arg(py::handle options) {
    if (options.is_none()) return std::nullopt;
    const nlohmann::json j = from_python(options, "options");
    json_read::Reader r(j, "options", 0);
    r.only({"as_of"});
    return r.timestamp("as_of");
}

template <class Range>
nlohmann::json array(const Range& items) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& item : items) a.push_back(clientele::to_json(item));
    return a;
}

}  // namespace

void bind_loyalty(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<SharedDatabase>>(m.attr("Database"));
    cls.def("set_loyalty_rules", [](SharedDatabase& self, const std::string& rules) {
           self.run([&](Database& db) { db.loyalty().set_rules(rules); });
       }, py::arg("rules"))
        .def("loyalty_rules", [](SharedDatabase& self) {
            return self.run([&](Database& db) { return db.loyalty().rules(); });
        })
        .def("expire_points_due", [](SharedDatabase& self, py::handle options) {
            const auto as_of = as_of_arg(options);
            return to_python(self.run([&](Database& db) {
                return clientele::to_json(db.loyalty().expire_due(as_of.value_or(now_utc())));
            }));
        }, py::arg("options") = py::none())
        .def("evaluate_levels", [](SharedDatabase& self, py::handle options) {
            const auto as_of = as_of_arg(options);
            return to_python(self.run([&](Database& db) { return array(db.loyalty().evaluate_levels(as_of.value_or(now_utc()))); }));
        }, py::arg("options") = py::none())
        .def("level_history", [](SharedDatabase& self, const std::string& customer) {
            return to_python(self.run([&](Database& db) { return array(db.loyalty().level_history(customer)); }));
        }, py::arg("customer"))
        .def("points_lots", [](SharedDatabase& self, const std::string& customer, py::handle options) {
            const auto as_of = as_of_arg(options);
            return to_python(self.run([&](Database& db) { return array(db.loyalty().lots(customer, as_of)); }));
        }, py::arg("customer"), py::arg("options") = py::none())
        .def("points_balance_at", [](SharedDatabase& self, const std::string& customer, py::handle options) {
            const auto at = as_of_arg(options);
            if (!at) throw InvalidInput("at", "is required");
            return self.run([&](Database& db) { return db.loyalty().balance_at(customer, *at); });
        }, py::arg("customer"), py::arg("options"))
        .def("void_points", [](SharedDatabase& self, std::int64_t entry, const std::string& reason) {
            return to_python(self.run([&](Database& db) { return clientele::to_json(db.loyalty().void_entry(entry, reason)); }));
        }, py::arg("entry"), py::arg("reason") = "");
}

}  // namespace clientele::python
