// clientele._core — turns clientele::Error into the Python exception classes of
// clientele._errors (one per ErrorCode, all under clientele.Error).
#pragma once

#include <pybind11/pybind11.h>

namespace clientele::python {

void register_error_translator();

}  // namespace clientele::python
