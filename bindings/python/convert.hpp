// clientele._core — the one converter between Python objects and nlohmann::json.
//
// Records cross the binding as JSON (the same form the C ABI and the CLI speak), so this is
// the only place that knows how a Python value maps to a JSON value and back.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>

namespace clientele::python {

/// Python -> JSON. Needs the GIL. None/NaN/pandas NA -> null, bool, int (int64 or
/// uint64), float, str, dict with str keys, list/tuple, datetime (aware ones converted to
/// UTC, naive ones taken as UTC) -> "YYYY-MM-DDTHH:MM:SSZ", date -> "YYYY-MM-DD", numpy
/// scalars and arrays through .tolist(). Anything else throws clientele::InvalidInput
/// naming the path of the offending value ("custom.sizes[2]") below `field`.
nlohmann::json from_python(pybind11::handle value, std::string_view field = {});

/// JSON -> Python (dict, list, str, int, float, bool, None). Needs the GIL.
pybind11::object to_python(const nlohmann::json& value);

/// Must be called once from the module's init (imports the datetime C API).
void init_converter();

}  // namespace clientele::python
