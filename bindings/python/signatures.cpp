// clientele._core — makes inspect.signature() work on every compiled function.
//
// CPython reads a builtin's signature from its docstring only when the docstring starts
// with "name(params)\n--\n\n" (the __text_signature__ convention of Argument Clinic);
// pybind11 writes "name(params: types) -> result" without the marker, so inspect gives up
// and mypy.stubtest cannot compare the stubs. Once every function is defined, this pass
// puts the names and defaults pybind11 already printed (from the py::arg list) in front of
// each docstring in that form, keeping the typed line below for help().
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include <pybind11/pybind11.h>

namespace clientele::python {

namespace py = pybind11;

namespace {

// Calls visit(i, depth) for each character from `from` on that is outside quoted text,
// `depth` being the number of brackets open around it; stops at the first i for which
// visit returns true and gives it back (npos when none does).
template <class Visit>
std::size_t scan(std::string_view s, std::size_t from, Visit visit) {
    int depth = 0;
    char quote = 0;
    for (std::size_t i = from; i < s.size(); ++i) {
        const char c = s[i];
        if (quote) {
            if (c == '\\') ++i;
            else if (c == quote) quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            continue;
        }
        if (c == ')' || c == ']' || c == '}') --depth;
        if (visit(i, depth)) return i;
        if (c == '(' || c == '[' || c == '{') ++depth;
    }
    return std::string_view::npos;
}

// The position of the ')' that closes the '(' at `open`, or npos when unbalanced.
std::size_t closing_paren(std::string_view s, std::size_t open) {
    return scan(s, open, [&](std::size_t i, int depth) { return depth == 0 && i > open && s[i] == ')'; });
}

// Splits at the top-level occurrences of `sep` (outside brackets and quotes).
std::vector<std::string_view> split_top(std::string_view s, std::string_view sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    scan(s, 0, [&](std::size_t i, int depth) {
        if (depth == 0 && i >= start && s.substr(i, sep.size()) == sep) {
            parts.push_back(s.substr(start, i - start));
            start = i + sep.size();
        }
        return false;
    });
    parts.push_back(s.substr(start));
    return parts;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

// "name(a: int, b: str = 'x', *, c: bool = False) -> T\n..." -> "name(a, b='x', *, c=False)",
// or "" when the docstring is not a single pybind11 signature.
std::string text_signature(std::string_view name, std::string_view doc) {
    if (doc.substr(0, name.size()) != name || doc.size() <= name.size() || doc[name.size()] != '(')
        return {};
    const std::size_t close = closing_paren(doc, name.size());
    if (close == std::string_view::npos) return {};
    const std::string_view params = doc.substr(name.size() + 1, close - name.size() - 1);
    std::string out(name);
    out += '(';
    bool first = true;
    if (!trim(params).empty()) {
        for (std::string_view param : split_top(params, ",")) {
            param = trim(param);
            const auto halves = split_top(param, " = ");
            std::string_view head = halves[0];
            const std::size_t colon = head.find(':');
            std::string_view param_name = trim(head.substr(0, colon));
            if (param_name.empty()) return {};
            if (!first) out += ", ";
            first = false;
            out += param_name;
            if (halves.size() == 2) {
                out += '=';
                out += trim(halves[1]);
            }
        }
    }
    out += ')';
    return out;
}

// The PyCFunction behind a module function or a method (pybind11 wraps methods in an
// instancemethod), or nullptr.
PyObject* builtin_of(py::handle value) {
    PyObject* object = value.ptr();
    if (PyInstanceMethod_Check(object)) object = PyInstanceMethod_GET_FUNCTION(object);
    return PyCFunction_Check(object) ? object : nullptr;
}

void add_text_signature(py::handle value) {
    PyObject* object = builtin_of(value);
    if (object == nullptr) return;
    auto* function = reinterpret_cast<PyCFunctionObject*>(object);
    const char* name = function->m_ml->ml_name;
    const char* doc = function->m_ml->ml_doc;
    if (name == nullptr || doc == nullptr || std::strncmp(name, "_pybind11", 9) == 0) return;
    if (std::strstr(doc, "\n--\n\n") != nullptr) return;  // already has one
    const std::string signature = text_signature(name, doc);
    if (signature.empty()) return;
    // pybind11 owns ml_doc as a malloc'ed string (it frees the old one the same way when
    // it rebuilds a docstring), so the new one is malloc'ed too.
    const std::string text = signature + "\n--\n\n" + doc;
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy == nullptr) throw std::bad_alloc();
    std::memcpy(copy, text.c_str(), text.size() + 1);
    std::free(const_cast<char*>(function->m_ml->ml_doc));
    function->m_ml->ml_doc = copy;
}

}  // namespace

void add_text_signatures(py::module_& m) {
    for (auto item : m.attr("__dict__").cast<py::dict>()) {
        py::handle value = item.second;
        if (PyType_Check(value.ptr())) {
            auto* type = reinterpret_cast<PyTypeObject*>(value.ptr());
            for (auto member : py::reinterpret_borrow<py::dict>(type->tp_dict)) add_text_signature(member.second);
        } else {
            add_text_signature(value);
        }
    }
}

}  // namespace clientele::python
