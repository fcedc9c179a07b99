#include "import_export.hpp"

#include <filesystem>
#include <sstream>
#include <string>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "clientele/import_export.hpp"
#include "json/json.hpp"
#include "convert.hpp"
#include "shared_database.hpp"

namespace clientele::python {

namespace {

namespace py = pybind11;

bool is_interactions(const std::string& type) {
    if (type == "customers") return false;
    if (type == "interactions") return true;
    throw InvalidInput("type", "'" + type + "' is not customers or interactions");
}

// The export's format and its customer filter (a dict in the JSON form of list filters).
ExportOptions export_options(const std::string& format, bool formula_guard, py::handle filter) {
    ExportOptions o;
    o.format = parse_file_format(format);
    o.formula_guard = formula_guard;
    if (!filter.is_none()) o.customers = customer_filter_from_json(from_python(filter, "filter"));
    return o;
}

/// The options from Python keywords. A Python progress callback is called with the GIL
/// taken back; if it raises, the import is cancelled and the exception re-raised after.
struct PyImport {
    ImportOptions options;
    py::object progress;
    std::optional<py::error_already_set> progress_error;

    PyImport(const std::string& format, const std::string& encoding, const std::string& delimiter,
             const std::map<std::string, std::string>& column_map, const std::string& unknown_columns,
             bool skip_invalid, const std::optional<std::filesystem::path>& errors, const std::string& time_zone,
             const std::string& time_unit, const std::string& date_order, const std::string& date_format,
             py::object progress_fn)
        : progress(std::move(progress_fn)) {
        options.format = parse_file_format(format);
        options.encoding = parse_text_encoding(encoding);
        if (delimiter.size() != 1) throw InvalidInput("delimiter", "must be one character");
        options.delimiter = delimiter[0];
        options.column_map = column_map;
        options.unknown_columns = parse_unknown_columns(unknown_columns);
        options.skip_invalid = skip_invalid;
        options.default_time_zone = time_zone;
        options.time_unit = parse_time_unit(time_unit);
        options.date_order = parse_date_order(date_order);
        options.date_format = date_format;
        if (errors) options.rejected_path = *errors;
        if (!progress.is_none()) {
            options.progress = [this](const ImportProgress& p) {
                py::gil_scoped_acquire gil;
                try {
                    return py::cast<bool>(progress(p.bytes_read, p.bytes_total, p.rows));
                } catch (py::error_already_set& e) {
                    progress_error.emplace(std::move(e));
                    return false;
                }
            };
        }
    }

    py::object finish(const ImportReport& r) {
        if (progress_error) throw std::move(*progress_error);
        return to_python(clientele::to_json(r));
    }
};

// Runs an import with the GIL released; a Python exception from the progress callback
// wins over the Cancelled it caused.
template <class Fn>
py::object run_import(SharedDatabase& self, PyImport& imp, Fn&& fn) {
    ImportReport r;
    try {
        r = self.run([&](Database& db) { return fn(db); });
    } catch (const Cancelled&) {
        if (imp.progress_error) throw std::move(*imp.progress_error);
        throw;
    }
    return imp.finish(r);
}

}  // namespace

void bind_import_export(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<SharedDatabase>>(m.attr("Database"));
    cls.def("import_file", [](SharedDatabase& self, const std::filesystem::path& path, const std::string& type,
                               const std::string& format, const std::string& encoding, const std::string& delimiter,
                               const std::map<std::string, std::string>& column_map, const std::string& unknown_columns,
                               bool skip_invalid, const std::optional<std::filesystem::path>& errors,
                               const std::string& time_zone, const std::string& time_unit,
                               const std::string& date_order, const std::string& date_format, py::object progress,
                               bool force_encoding) {
            const bool interactions = is_interactions(type);
            PyImport imp(format, encoding, delimiter, column_map, unknown_columns, skip_invalid, errors, time_zone,
                         time_unit, date_order, date_format, std::move(progress));
            imp.options.force_encoding = force_encoding;
            return run_import(self, imp, [&](Database& db) {
                return interactions ? db.importer().interactions(path, imp.options) : db.importer().customers(path, imp.options);
            });
        }, py::arg("path"), py::arg("type"), py::arg("format"), py::arg("encoding"), py::arg("delimiter"),
           py::arg("column_map"), py::arg("unknown_columns"), py::arg("skip_invalid"), py::arg("errors"),
           py::arg("time_zone"), py::arg("time_unit"), py::arg("date_order"), py::arg("date_format"), py::arg("progress"),
           py::arg("force_encoding") = false);
    cls.def("import_text", [](SharedDatabase& self, const py::bytes& data, const std::string& name, const std::string& type,
                               const std::string& format, const std::string& encoding, const std::string& delimiter,
                               const std::map<std::string, std::string>& column_map, const std::string& unknown_columns,
                               bool skip_invalid, const std::optional<std::filesystem::path>& errors,
                               const std::string& time_zone, const std::string& time_unit,
                               const std::string& date_order, const std::string& date_format, py::object progress,
                               bool force_encoding) {
            const bool interactions = is_interactions(type);
            PyImport imp(format, encoding, delimiter, column_map, unknown_columns, skip_invalid, errors, time_zone,
                         time_unit, date_order, date_format, std::move(progress));
            imp.options.force_encoding = force_encoding;
            std::istringstream in{static_cast<std::string>(data)};
            return run_import(self, imp, [&](Database& db) {
                return interactions ? db.importer().interactions(in, name, imp.options)
                                    : db.importer().customers(in, name, imp.options);
            });
        }, py::arg("data"), py::arg("name"), py::arg("type"), py::arg("format"), py::arg("encoding"),
           py::arg("delimiter"), py::arg("column_map"), py::arg("unknown_columns"), py::arg("skip_invalid"),
           py::arg("errors"), py::arg("time_zone"), py::arg("time_unit"), py::arg("date_order"), py::arg("date_format"), py::arg("progress"),
           py::arg("force_encoding") = false);
    cls.def("export_file", [](SharedDatabase& self, const std::filesystem::path& path, const std::string& type,
                               const std::string& format, bool formula_guard, bool skip_damaged, py::handle filter) {
            const bool interactions = is_interactions(type);
            std::vector<DamagedRecord> skipped;
            ExportOptions o = export_options(format, formula_guard, filter);
            o.skip_damaged = skip_damaged;
            o.damaged = &skipped;
            const auto n = self.run([&](Database& db) {
                return interactions ? db.exporter().interactions(path, o) : db.exporter().customers(path, o);
            });
            nlohmann::json damaged = nlohmann::json::array();
            for (const auto& d : skipped) damaged.push_back(to_json(d));
            return py::make_tuple(n, to_python(damaged));
        }, py::arg("path"), py::arg("type"), py::arg("format"), py::arg("formula_guard") = true,
           py::arg("skip_damaged") = false, py::arg("filter") = py::none());
    cls.def("export_text", [](SharedDatabase& self, const std::string& type, const std::string& format,
                               bool formula_guard, py::handle filter) {
            const bool interactions = is_interactions(type);
            const ExportOptions o = export_options(format, formula_guard, filter);
            std::string text = self.run([&](Database& db) {
                std::ostringstream out;
                interactions ? db.exporter().interactions(out, o) : db.exporter().customers(out, o);
                return std::move(out).str();
            });
            return py::str(text);
        }, py::arg("type"), py::arg("format"), py::arg("formula_guard") = true, py::arg("filter") = py::none());
}

}  // namespace clientele::python
