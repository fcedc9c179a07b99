#include "convert.hpp"

#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include <Python.h>
#include <datetime.h>

#include "clientele/error.hpp"
#include "json/json.hpp"

namespace py = pybind11;
using nlohmann::json;

namespace clientele::python {
namespace {

// Thrown while walking a value; every container on the way back up prepends its part of
// the path, so the message names exactly where the bad value sits. Nothing is built on the
// success path.
struct BadValue {
    std::string path;
    std::string reason;
};

std::string type_name(py::handle value) {
    return Py_TYPE(value.ptr())->tp_name;
}

bool is_type_named(py::handle value, std::string_view name) {
    return std::string_view(Py_TYPE(value.ptr())->tp_name) == name;
}

// True for objects of a type defined in numpy (scalars such as numpy.int64, arrays).
bool is_numpy(py::handle value) {
    PyObject* module = PyObject_GetAttrString(reinterpret_cast<PyObject*>(Py_TYPE(value.ptr())),
                                              "__module__");
    if (!module) {
        PyErr_Clear();
        return false;
    }
    bool numpy = false;
    if (PyUnicode_Check(module)) {
        const char* text = PyUnicode_AsUTF8(module);
        if (text) {
            std::string_view name(text);
            numpy = name == "numpy" || name.starts_with("numpy.");
        } else {
            PyErr_Clear();
        }
    }
    Py_DECREF(module);
    return numpy;
}

std::string utf8(PyObject* text) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(text, &size);
    if (!data) {
        PyErr_Clear();
        throw BadValue{{}, "text is not valid Unicode (lone surrogate)"};
    }
    return std::string(data, static_cast<std::size_t>(size));
}

std::string format_date(int y, int m, int d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

json datetime_to_json(py::handle value) {
    py::object utc = py::reinterpret_borrow<py::object>(value);
    py::object offset = utc.attr("utcoffset")();
    if (!offset.is_none()) utc = utc - offset;  // same wall clock fields, now in UTC
    PyObject* p = utc.ptr();
    if (!PyDateTime_Check(p)) throw BadValue{{}, "cannot convert " + type_name(value) + " to UTC"};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ",
                  format_date(PyDateTime_GET_YEAR(p), PyDateTime_GET_MONTH(p),
                              PyDateTime_GET_DAY(p)).c_str(),
                  PyDateTime_DATE_GET_HOUR(p), PyDateTime_DATE_GET_MINUTE(p),
                  PyDateTime_DATE_GET_SECOND(p));
    return buf;
}

// The core's limit for JSON text, so a dict refused as text is refused as a dict too (and a
// list that contains itself cannot recurse without end). `depth` containers enclose this one.
void check_depth(int depth) {
    if (depth >= kMaxJsonTextDepth)
        throw BadValue{{}, "is nested deeper than " + std::to_string(kMaxJsonTextDepth) + " levels (the limit)"};
}

json convert(py::handle value, int depth) {
    PyObject* p = value.ptr();
    if (p == Py_None) return nullptr;
    if (PyBool_Check(p)) return p == Py_True;
    if (PyLong_Check(p)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(p, &overflow);
        if (overflow == 0) {
            if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
            return static_cast<std::int64_t>(v);
        }
        if (overflow > 0) {
            unsigned long long u = PyLong_AsUnsignedLongLong(p);
            if (!(u == static_cast<unsigned long long>(-1) && PyErr_Occurred()))
                return static_cast<std::uint64_t>(u);
            PyErr_Clear();
        }
        throw BadValue{{}, "integer does not fit in 64 bits"};
    }
    if (PyFloat_Check(p)) {
        double d = PyFloat_AS_DOUBLE(p);
        if (std::isnan(d)) return nullptr;  // pandas' missing value; JSON has no NaN
        if (std::isinf(d)) throw BadValue{{}, "infinity is not a JSON number"};
        return d;
    }
    if (PyUnicode_Check(p)) return utf8(p);
    if (PyDict_Check(p)) {
        check_depth(depth);
        json out = json::object();
        PyObject* key = nullptr;
        PyObject* item = nullptr;
        Py_ssize_t pos = 0;
        while (PyDict_Next(p, &pos, &key, &item)) {
            if (!PyUnicode_Check(key))
                throw BadValue{{}, "keys must be text, not " + type_name(key)};
            std::string name = utf8(key);
            try {
                out[name] = convert(item, depth + 1);
            } catch (BadValue& bad) {
                bad.path = bad.path.empty() || bad.path.front() == '['
                               ? name + bad.path
                               : name + "." + bad.path;
                throw;
            }
        }
        return out;
    }
    if (PyList_Check(p) || PyTuple_Check(p)) {
        check_depth(depth);
        json out = json::array();
        const Py_ssize_t n = PySequence_Fast_GET_SIZE(p);
        PyObject** items = PySequence_Fast_ITEMS(p);
        for (Py_ssize_t i = 0; i < n; ++i) {
            try {
                out.push_back(convert(items[i], depth + 1));
            } catch (BadValue& bad) {
                std::string index = "[" + std::to_string(i) + "]";
                bad.path = bad.path.empty() || bad.path.front() == '['
                               ? index + bad.path
                               : index + "." + bad.path;
                throw;
            }
        }
        return out;
    }
    // pandas' missing markers: NaT is a datetime subclass, so test it before datetimes.
    if (is_type_named(value, "NaTType") || is_type_named(value, "NAType")) return nullptr;
    if (PyDateTime_Check(p)) return datetime_to_json(value);
    if (PyDate_Check(p))
        return format_date(PyDateTime_GET_YEAR(p), PyDateTime_GET_MONTH(p), PyDateTime_GET_DAY(p));
    if (is_numpy(value) && py::hasattr(value, "tolist")) {
        py::object plain = value.attr("tolist")();
        if (plain.ptr() != p) return convert(plain, depth + 1);
    }
    throw BadValue{{}, "cannot store a value of type " + type_name(value)};
}

}  // namespace

void init_converter() {
    PyDateTime_IMPORT;
    if (!PyDateTimeAPI) throw py::error_already_set();
}

json from_python(py::handle value, std::string_view field) {
    try {
        return convert(value, 0);
    } catch (BadValue& bad) {
        std::string path(field);
        if (!bad.path.empty()) {
            if (path.empty()) path = bad.path;
            else if (bad.path.front() == '[') path += bad.path;
            else path += "." + bad.path;
        }
        throw InvalidInput(path, bad.reason);
    }
}

py::object to_python(const json& value) {
    switch (value.type()) {
        case json::value_t::null:
        case json::value_t::discarded:
            return py::none();
        case json::value_t::boolean:
            return py::bool_(value.get<bool>());
        case json::value_t::number_integer:
            return py::reinterpret_steal<py::object>(
                PyLong_FromLongLong(value.get<std::int64_t>()));
        case json::value_t::number_unsigned:
            return py::reinterpret_steal<py::object>(
                PyLong_FromUnsignedLongLong(value.get<std::uint64_t>()));
        case json::value_t::number_float:
            return py::float_(value.get<double>());
        case json::value_t::string: {
            const auto& s = value.get_ref<const std::string&>();
            PyObject* text = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()),
                                                  "surrogateescape");
            if (!text) throw py::error_already_set();
            return py::reinterpret_steal<py::object>(text);
        }
        case json::value_t::array: {
            py::list out(value.size());
            std::size_t i = 0;
            for (const auto& item : value) {
                PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i++),
                                to_python(item).release().ptr());
            }
            return out;
        }
        case json::value_t::object: {
            py::dict out;
            for (const auto& [key, item] : value.items()) {
                py::object k = py::reinterpret_steal<py::object>(PyUnicode_DecodeUTF8(
                    key.data(), static_cast<Py_ssize_t>(key.size()), "surrogateescape"));
                if (!k) throw py::error_already_set();
                if (PyDict_SetItem(out.ptr(), k.ptr(), to_python(item).ptr()) != 0)
                    throw py::error_already_set();
            }
            return out;
        }
        case json::value_t::binary: {
            const auto& bytes = value.get_binary();
            return py::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        }
    }
    return py::none();
}

}  // namespace clientele::python
