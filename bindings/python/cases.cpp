// clientele._core — service cases, the SLA policy and the service report (docs/service.md).
#include <string>

#include <pybind11/stl.h>

#include "clientele/cases.hpp"
#include "json/cases_json.hpp"
#include "json/json.hpp"

#include "convert.hpp"
#include "shared_database.hpp"

namespace clientele::python {

namespace {

nlohmann::json case_list(const std::vector<Case>& cases, Timestamp as_of) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : cases) out.push_back(to_json(c, as_of));
    return out;
}

nlohmann::json object_or_empty(py::handle h, const char* field) {
    return h.is_none() ? nlohmann::json::object() : from_python(h, field);
}

}  // namespace

void bind_cases(py::module_& m) {
    m.attr("case_statuses") = py::dict(py::arg("complaint") = case_statuses(CaseType::complaint),
                                       py::arg("suggestion") = case_statuses(CaseType::suggestion));
    auto cls = py::reinterpret_borrow<py::class_<SharedDatabase>>(m.attr("Database"));
    cls.def("open_case", [](SharedDatabase& self, py::handle opening) {
           const CaseOpening o = case_opening_from_json(from_python(opening, "case"));
           return to_python(self.run([&](Database& db) { return to_json(db.cases().open(o), now_utc()); }));
       }, py::arg("opening"))
        .def("update_case", [](SharedDatabase& self, std::int64_t id, py::handle change) {
            const CaseChange c = case_change_from_json(from_python(change, "change"));
            return to_python(self.run([&](Database& db) { return to_json(db.cases().update(id, c), now_utc()); }));
        }, py::arg("id"), py::arg("change"))
        .def("get_case", [](SharedDatabase& self, std::int64_t id) {
            return to_python(self.run([&](Database& db) { return to_json(db.cases().get(id), now_utc()); }));
        }, py::arg("id"))
        .def("list_cases", [](SharedDatabase& self, py::handle filter) {
            const CaseFilter f = case_filter_from_json(object_or_empty(filter, "filter"));
            return to_python(self.run([&](Database& db) {
                return case_list(db.cases().list(f), f.breached_as_of.value_or(now_utc()));
            }));
        }, py::arg("filter") = py::none())
        .def("escalate_cases", [](SharedDatabase& self, const std::string& as_of) {
            const Timestamp t = parse_timestamp(as_of, "as_of");
            return to_python(self.run([&](Database& db) { return case_list(db.cases().escalate(t), t); }));
        }, py::arg("as_of"))
        .def("sla_policy", [](SharedDatabase& self) {
            return to_python(self.run([&](Database& db) { return to_json(db.cases().sla_policy()); }));
        })
        .def("set_sla_policy", [](SharedDatabase& self, py::handle policy) {
            const SlaPolicy p = sla_policy_from_json(from_python(policy, "sla"));
            self.run([&](Database& db) { db.cases().set_sla_policy(p); });
        }, py::arg("policy"))
        .def("service_report", [](SharedDatabase& self, const std::string& from, const std::string& to,
                                  const std::string& currency) {
            ServiceReportOptions o;
            o.from = parse_timestamp(from, "from");
            o.to = parse_timestamp(to, "to");
            o.currency = currency;
            return to_python(self.run([&](Database& db) { return to_json(db.cases().service_report(o)); }));
        }, py::arg("from_"), py::arg("to"), py::arg("currency") = "");
}

}  // namespace clientele::python
