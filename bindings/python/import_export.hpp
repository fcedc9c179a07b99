// clientele._core — import and export methods of Database (issue 4).
#pragma once

#include <pybind11/pybind11.h>

namespace clientele::python {

/// Adds import_file / import_text / export_file / export_text to _core.Database; call
/// after bind_database.
void bind_import_export(pybind11::module_& m);

}  // namespace clientele::python
