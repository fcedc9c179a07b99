// clientele._core — care reminders (docs/reminders.md).
#include <string>

#include "json/json.hpp"
#include "json/reminder_json.hpp"
#include "clientele/reminders.hpp"

#include "convert.hpp"
#include "shared_database.hpp"

namespace clientele::python {

namespace {

/// A date argument given as "YYYY-MM-DD" or a datetime.date; InvalidInput naming `field`.
Date date_argument(py::handle value, const char* field) {
    const auto j = from_python(value, field);
    if (!j.is_string()) throw InvalidInput(field, "must be a date (YYYY-MM-DD or datetime.date)");
    return parse_date(j.get<std::string>(), field);
}

nlohmann::json json_list(const std::vector<Reminder>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : list) out.push_back(clientele::to_json(r));
    return out;
}

}  // namespace

void bind_reminders(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<SharedDatabase>>(m.attr("Database"));
    cls.def("reminders_due", [](SharedDatabase& self, py::handle as_of, int horizon, const std::string& owner) {
           const Date d = date_argument(as_of, "as_of");
           return to_python(self.run([&](Database& db) { return json_list(db.reminders().due(d, horizon, owner)); }));
       }, py::arg("as_of"), py::arg("horizon") = 7, py::arg("owner") = "")
        .def("reminders_generate", [](SharedDatabase& self, py::handle as_of, int horizon) {
            const Date d = date_argument(as_of, "as_of");
            return self.run([&](Database& db) { return db.reminders().generate(d, horizon); });
        }, py::arg("as_of"), py::arg("horizon") = 7)
        .def("reminder_get", [](SharedDatabase& self, std::int64_t id) {
            return to_python(self.run([&](Database& db) { return clientele::to_json(db.reminders().get(id)); }));
        }, py::arg("id"))
        .def("reminders_of_customer", [](SharedDatabase& self, const std::string& customer) {
            return to_python(self.run([&](Database& db) { return json_list(db.reminders().of_customer(customer)); }));
        }, py::arg("customer"))
        .def("reminder_add", [](SharedDatabase& self, py::handle follow_up) {
            const FollowUp f = follow_up_from_json(from_python(follow_up, "follow_up"));
            return to_python(self.run([&](Database& db) { return clientele::to_json(db.reminders().add(f)); }));
        }, py::arg("follow_up"))
        .def("reminder_done", [](SharedDatabase& self, std::int64_t id, py::handle outcome) {
            const ReminderOutcome o =
                outcome.is_none() ? ReminderOutcome{} : reminder_outcome_from_json(from_python(outcome, "outcome"));
            return to_python(self.run([&](Database& db) { return clientele::to_json(db.reminders().done(id, o)); }));
        }, py::arg("id"), py::arg("outcome") = py::none())
        .def("reminder_snooze", [](SharedDatabase& self, std::int64_t id, py::handle until) {
            const Date d = date_argument(until, "until");
            return to_python(self.run([&](Database& db) { return clientele::to_json(db.reminders().snooze(id, d)); }));
        }, py::arg("id"), py::arg("until"))
        .def("reminder_dismiss", [](SharedDatabase& self, std::int64_t id, const std::string& note) {
            return to_python(self.run([&](Database& db) { return clientele::to_json(db.reminders().dismiss(id, note)); }));
        }, py::arg("id"), py::arg("note") = "")
        .def("reminder_rules", [](SharedDatabase& self) {
            return to_python(self.run([&](Database& db) { return clientele::to_json(db.reminders().rules()); }));
        })
        .def("reminder_set_rules", [](SharedDatabase& self, py::handle rules) {
            const ReminderRules r = reminder_rules_from_json(from_python(rules, "rules"));
            self.run([&](Database& db) { db.reminders().set_rules(r); });
        }, py::arg("rules"));
}

}  // namespace clientele::python
