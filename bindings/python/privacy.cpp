// clientele._core — privacy requests (docs/privacy.md).
#include <filesystem>
#include <string>

#include <pybind11/stl/filesystem.h>

#include "json/json.hpp"

#include "convert.hpp"
#include "shared_database.hpp"

namespace clientele::python {

void bind_privacy(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<SharedDatabase>>(m.attr("Database"));
    cls.def("anonymize", [](SharedDatabase& self, const std::string& customer) {
           return to_python(self.run([&](Database& db) { return clientele::to_json(db.privacy().anonymize(customer)); }));
       }, py::arg("customer"))
        .def("subject_export", [](SharedDatabase& self, const std::string& customer, const std::filesystem::path& dir) {
            return to_python(
                self.run([&](Database& db) { return clientele::to_json(db.privacy().subject_export(customer, dir)); }));
        }, py::arg("customer"), py::arg("dir"))
        .def("apply_retention", [](SharedDatabase& self, py::handle options) {
            const auto o = retention_options_from_json(from_python(options, "options"));
            return to_python(self.run([&](Database& db) { return clientele::to_json(db.privacy().apply_retention(o)); }));
        }, py::arg("options"));
}

}  // namespace clientele::python
