// clientele._core — the audit trail (docs/audit.md).
#include <string>

#include "json/json.hpp"
#include "json/reader.hpp"

#include "convert.hpp"
#include "shared_database.hpp"

namespace clientele::python {

void bind_audit(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<SharedDatabase>>(m.attr("Database"));
    cls.def("audit_list", [](SharedDatabase& self, py::handle filter) {
           const auto f = audit_filter_from_json(from_python(filter, "filter"));
           return to_python(self.run([&](Database& db) {
               nlohmann::json out = nlohmann::json::array();
               for (const auto& e : db.audit().list(f)) out.push_back(clientele::to_json(e));
               return out;
           }));
       }, py::arg("filter"))
        .def("audit_verify", [](SharedDatabase& self, std::int64_t anchor_id, const std::string& anchor_hash) {
            return to_python(self.run([&](Database& db) { return clientele::to_json(db.audit().verify(anchor_id, anchor_hash)); }));
        }, py::arg("anchor_id") = 0, py::arg("anchor_hash") = "")
        .def("audit_prune", [](SharedDatabase& self, py::handle options) {
            // {"as_of": instant}: read like every other instant the module takes.
            const auto j = from_python(options, "options");
            json_read::Reader r(j, "audit_prune", 0);
            r.only({"as_of"});
            const auto as_of = r.timestamp("as_of");
            if (!as_of) r.fail("as_of", "is required");
            return self.run([&](Database& db) { return db.audit().prune(*as_of); });
        }, py::arg("options"));
}

}  // namespace clientele::python
