#include "errors.hpp"

#include <exception>

#include "clientele/error.hpp"

namespace py = pybind11;

namespace clientele::python {
namespace {

// Raises the Python exception for `error`. The classes live in clientele/_errors.py so they
// can be documented, typed and pickled like any Python exception; they are looked up
// through sys.modules each time (an error path, so the lookup costs nothing that matters,
// and no Python object is held past interpreter shutdown).
void raise(const Error& error) {
    try {
        py::module_ errors = py::module_::import("clientele._errors");
        py::object cls = errors.attr("class_for_code")(static_cast<int>(error.code()));
        py::object instance;
        if (const auto* invalid = dynamic_cast<const InvalidInput*>(&error)) {
            instance = cls(error.what(), py::arg("field") = invalid->field(),
                           py::arg("source") = invalid->source(),
                           py::arg("row") = invalid->row(),
                           py::arg("reason") = invalid->reason());
        } else {
            instance = cls(error.what());
        }
        PyErr_SetObject(cls.ptr(), instance.ptr());
    } catch (py::error_already_set& failed) {
        // clientele._errors could not be imported (the module used on its own): still
        // report the failure, as a RuntimeError carrying the message.
        failed.restore();
        PyErr_Clear();
        PyErr_SetString(PyExc_RuntimeError, error.what());
    }
}

}  // namespace

void register_error_translator() {
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const Error& error) {
            raise(error);
        }
    });
}

}  // namespace clientele::python
