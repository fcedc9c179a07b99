// clientele C ABI — import and export.
#include "capi/capi.hpp"

#include "clientele/error.hpp"
#include "clientele/import_export.hpp"

using namespace clientele::capi;
using clientele::ImportOptions;
using clientele::ImportReport;

/// The handle behind clt_import_report.
struct clt_import_report {
    ImportReport report;
};

namespace {

constexpr clt_import_options kImportDefaults = CLT_IMPORT_OPTIONS_INIT;

ImportOptions import_options(const clt_import_options* opts) {
    ImportOptions o;
    if (!options_arg(opts, kImportDefaults.version, "clt_import_options")) return o;
    if (auto j = optional_object_arg(opts->options_json)) {
        for (const auto& [key, value] : j->items()) {
            auto str = [&, &key = key, &value = value] {
                if (!value.is_string()) throw clientele::InvalidInput(key, "must be a string", "options_json");
                return value.get<std::string>();
            };
            if (key == "format") o.format = clientele::parse_file_format(str());
            else if (key == "encoding") o.encoding = clientele::parse_text_encoding(str());
            else if (key == "unknown_columns") o.unknown_columns = clientele::parse_unknown_columns(str());
            else if (key == "time_zone") o.default_time_zone = str();
            else if (key == "time_unit") o.time_unit = clientele::parse_time_unit(str(), key);
            else if (key == "date_order") o.date_order = clientele::parse_date_order(str(), key);
            else if (key == "date_format") o.date_format = str();
            else if (key == "delimiter") {
                const auto d = str();
                if (d.size() != 1) throw clientele::InvalidInput(key, "must be one character", "options_json");
                o.delimiter = d[0];
            } else if (key == "skip_invalid") {
                if (!value.is_boolean()) throw clientele::InvalidInput(key, "must be true or false", "options_json");
                o.skip_invalid = value.get<bool>();
            } else if (key == "force_encoding") {
                if (!value.is_boolean()) throw clientele::InvalidInput(key, "must be true or false", "options_json");
                o.force_encoding = value.get<bool>();
            } else if (key == "max_errors") {
                if (!value.is_number_unsigned()) throw clientele::InvalidInput(key, "must be a count", "options_json");
                o.max_errors = value.get<std::size_t>();
            } else if (key == "map") {
                if (!value.is_object()) throw clientele::InvalidInput(key, "must be an object", "options_json");
                for (const auto& [column, field] : value.items()) {
                    if (!field.is_string()) throw clientele::InvalidInput("map." + column, "must be a string", "options_json");
                    o.column_map[column] = field.get<std::string>();
                }
            } else {
                throw clientele::InvalidInput(key, "is not an import option", "options_json");
            }
        }
    }
    if (opts->rejected_path != nullptr && *opts->rejected_path != '\0') o.rejected_path = utf8_path(opts->rejected_path);
    if (opts->progress != nullptr) {
        auto fn = opts->progress;
        auto data = opts->progress_data;
        o.progress = [fn, data](const clientele::ImportProgress& p) {
            return fn(data, p.bytes_read, p.bytes_total, p.rows) != 0;
        };
    }
    return o;
}

template <class Import>
clt_status run_import(const char* function, clt_db* db, const char* path, const clt_import_options* options,
                      clt_import_report** out_report, Import&& import) {
    // Not committed because of invalid rows: the report goes out with CLT_INVALID_INPUT.
    std::unique_ptr<clt_import_report> failed;
    const auto status = guard(function, db, [&] {
        auto& out = out_param(out_report, "out_report");
        auto& d = database(db);
        const auto file = utf8_path(text(path, "path"));
        const auto o = import_options(options);
        auto r = std::make_unique<clt_import_report>(clt_import_report{import(d, file, o)});
        if (!r->report.committed) {
            const auto n = r->report.rejected;
            failed = std::move(r);
            throw clientele::InvalidInput("", std::to_string(n) + " problem(s) in the file; nothing was imported "
                                                                  "(see the report's errors)", file.string());
        }
        out = r.release();
    });
    if (failed) *out_report = failed.release();
    return status;
}

constexpr clt_export_options kExportDefaults = CLT_EXPORT_OPTIONS_INIT;

// The one export path behind clt_customer_export, clt_interaction_export and clt_db_export.
clt_status run_export(const char* function, clt_db* db, const char* type, const char* path,
                      const clt_export_options* opts, int64_t* out_count, char** out_json) {
    if (out_count) *out_count = 0;
    reset(out_json);
    return guard(function, db, [&] {
        auto& d = database(db);
        const auto kind = text(type, "type");
        if (kind != "customers" && kind != "interactions")
            throw clientele::InvalidInput("type", "'" + std::string(kind) + "' is not customers or interactions");
        const auto file = utf8_path(text(path, "path"));
        const auto* given = options_arg(opts, kExportDefaults.version, "clt_export_options");
        const clt_export_options& c = given ? *given : kExportDefaults;
        std::vector<clientele::DamagedRecord> skipped;
        clientele::ExportOptions o;
        if (c.format) o.format = clientele::parse_file_format(c.format);
        o.formula_guard = c.formula_guard != 0;
        o.skip_damaged = c.skip_damaged != 0;
        if (c.consented) {
            if (kind != "customers") throw clientele::InvalidInput("consented", "applies to customer exports");
            o.customers.consented = clientele::parse_consent_channel(c.consented, "consented");
        }
        o.damaged = &skipped;
        const auto n = kind == "customers" ? d.exporter().customers(file, o) : d.exporter().interactions(file, o);
        if (out_count) *out_count = n;
        if (out_json) put_json(out_json, {{"exported", n}, {"skipped", json_array(skipped)}});
    });
}

clt_export_options with_format(const char* format) {
    clt_export_options o = kExportDefaults;
    o.format = format;
    return o;
}

}  // namespace

extern "C" {

CLT_API clt_status clt_export_options_init(clt_export_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kExportDefaults, "clt_export_options"); });
}

CLT_API clt_status clt_db_export(char** out_json, clt_db* db, const char* type, const char* path,
                                 const clt_export_options* opts) {
    return run_export(__func__, db, type, path, opts, nullptr, out_json);
}

CLT_API clt_status clt_import_options_init(clt_import_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kImportDefaults, "clt_import_options"); });
}

CLT_API clt_status clt_customer_import(clt_import_report** out_report, clt_db* db, const char* path,
                                       const clt_import_options* options) {
    return run_import(__func__, db, path, options, out_report,
                      [](clientele::Database& d, const auto& file, const ImportOptions& o) { return d.importer().customers(file, o); });
}

CLT_API clt_status clt_interaction_import(clt_import_report** out_report, clt_db* db, const char* path,
                                          const clt_import_options* options) {
    return run_import(__func__, db, path, options, out_report,
                      [](clientele::Database& d, const auto& file, const ImportOptions& o) { return d.importer().interactions(file, o); });
}

CLT_API int clt_import_report_committed(const clt_import_report* report) {
    return report != nullptr && report->report.committed ? 1 : 0;
}

CLT_API void clt_import_report_counts(int64_t* out_rows, int64_t* out_created, int64_t* out_updated,
                                      int64_t* out_unchanged, int64_t* out_rejected, const clt_import_report* report) {
    const ImportReport empty;
    const ImportReport& r = report != nullptr ? report->report : empty;
    if (out_rows) *out_rows = r.rows;
    if (out_created) *out_created = r.created;
    if (out_updated) *out_updated = r.updated;
    if (out_unchanged) *out_unchanged = r.unchanged;
    if (out_rejected) *out_rejected = r.rejected;
}

CLT_API size_t clt_import_report_error_count(const clt_import_report* report) {
    return report != nullptr ? report->report.errors.size() : 0;
}

CLT_API clt_status clt_import_report_error(int64_t* out_line, const char** out_file, const char** out_column,
                                           const char** out_value, const char** out_reason,
                                           const clt_import_report* report, size_t index) {
    return guard(__func__, [&] {
        if (report == nullptr) throw Misuse("report", "argument 'report' must not be NULL");
        if (index >= report->report.errors.size())
            throw Misuse("index", "index " + std::to_string(index) + " is past the report's " +
                                      std::to_string(report->report.errors.size()) + " errors");
        const auto& e = report->report.errors[index];
        if (out_line) *out_line = e.line;
        if (out_file) *out_file = e.file.c_str();
        if (out_column) *out_column = e.column.c_str();
        if (out_value) *out_value = e.value.c_str();
        if (out_reason) *out_reason = e.reason.c_str();
    });
}

CLT_API clt_status clt_import_report_json(char** out_json, const clt_import_report* report) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        if (report == nullptr) throw Misuse("report", "argument 'report' must not be NULL");
        put_json(out_json, clientele::to_json(report->report));
    });
}

CLT_API void clt_import_report_free(clt_import_report* report) { delete report; }

CLT_API clt_status clt_customer_export(int64_t* out_count, clt_db* db, const char* path, const char* format) {
    const auto o = with_format(format);
    return run_export(__func__, db, "customers", path, &o, out_count, nullptr);
}

CLT_API clt_status clt_interaction_export(int64_t* out_count, clt_db* db, const char* path, const char* format) {
    const auto o = with_format(format);
    return run_export(__func__, db, "interactions", path, &o, out_count, nullptr);
}

}  // extern "C"
