// Importer::customers / interactions: one streaming pass over the file
// inside one write scope. Every row goes through the store's own create/save/add paths
// (one piece of code for writing a customer); all-or-nothing is the scope's rollback.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "json/json.hpp"
#include "clientele/database.hpp"
#include "csv/reader.hpp"
#include "csv/writer.hpp"
#include "files/output_file.hpp"
#include "import/columns.hpp"
#include "customers/customer_census.hpp"
#include "customers/customer_rows.hpp"
#include "customers/customer_writes.hpp"
#include "interactions/interaction_writes.hpp"
#include "loyalty/earning.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"
#include "normalize/validate.hpp"

namespace clientele {

namespace {

using import::Column;
using import::Field;
using import::RecordType;

constexpr std::int64_t kProgressEvery = 1000;
constexpr std::size_t kValueShown = 200;

// At most `n` bytes of UTF-8 without cutting a character.
std::string shorten(std::string_view v, std::size_t n = kValueShown) {
    if (v.size() <= n) return std::string(v);
    while (n > 0 && (static_cast<unsigned char>(v[n]) & 0xC0) == 0x80) --n;
    return std::string(v.substr(0, n)) + "...";
}

csv::Encoding to_csv(TextEncoding e) {
    switch (e) {
        case TextEncoding::utf8: return csv::Encoding::utf8;
        case TextEncoding::gb18030: return csv::Encoding::gb18030;
        case TextEncoding::automatic: break;
    }
    return csv::Encoding::automatic;
}

nlohmann::json comparable(const Customer& c) {
    auto j = to_json(c);
    j.erase("updated_at");
    j.erase("version");
    return j;
}

nlohmann::json without_balance(nlohmann::json j) {
    j.erase(std::string(import::kPointsBalanceColumn));
    return j;
}

// Errors that make a row invalid (reported, the import goes on) as opposed to errors of
// the store or the file (the import stops, nothing is written).
bool row_error(const Error& e) {
    switch (e.code()) {
        case ErrorCode::invalid_input:
        case ErrorCode::not_found:
        case ErrorCode::conflict:
        case ErrorCode::permission_denied: return true;
        default: return false;
    }
}

std::string reason_of(const Error& e) {
    if (const auto* bad = dynamic_cast<const InvalidInput*>(&e)) return bad->reason();
    return e.what();
}

/// One run of an import: counters, the report, duplicate detection and rejected rows.
class Run {
public:
    /// `last_id`: the largest internal id of the records being imported before the import.
    Run(store::Session& impl, std::string name, const ImportOptions& options, std::int64_t last_id)
        : impl(impl), options(options), time(CellRules{options.default_time_zone, options.time_unit, options.date_order, options.date_format}), name_(std::move(name)), max_before_(last_id) {}

    store::Session& impl;
    const ImportOptions& options;
    CellParser time;
    ImportReport report;

    const std::string& name() const { return name_; }

    void error(std::int64_t line, std::string column, std::string_view value, std::string reason) {
        ++report.rejected;
        if (report.errors.size() < options.max_errors)
            report.errors.push_back({name_, line, std::move(column), shorten(value), std::move(reason)});
    }
    void file_error(const InvalidInput& e) {
        file_failed_ = true;
        error(e.row(), e.field(), "", e.reason());
    }
    void file_error(std::int64_t line, std::string reason) { file_error(InvalidInput("", reason, name_, line)); }
    bool file_failed() const { return file_failed_; }

    /// False (and reports the row) when a stored record this import already matched or
    /// created is matched again: the file has the same key twice.
    bool first_match(std::int64_t id) {
        if (id > max_before_) return false;
        const auto k = static_cast<std::size_t>(id);
        if (k >= touched_.size()) touched_.resize(std::max(k + 1, touched_.size() * 2));
        if (touched_[k]) return false;
        touched_[k] = true;
        return true;
    }

    void row_done(std::uint64_t bytes) {
        ++report.rows;
        if (options.progress && report.rows % kProgressEvery == 0) progress(bytes);
    }
    void progress(std::uint64_t bytes) {
        if (options.progress && !options.progress(ImportProgress{bytes, 0, report.rows}))
            throw Cancelled("import of '" + name_ + "' cancelled; nothing was written");
    }

    // Rejected rows, in the input's format, with the reason in kErrorColumn.
    void reject_csv(std::span<const std::string> header, import::Row row, const std::string& why) {
        if (!options.rejected_rows) return;
        std::string out;
        if (!header_written_) {
            for (const auto& h : header) {
                if (h == import::kErrorColumn) continue;
                csv::append_field(out, h, options.delimiter);
                out.push_back(options.delimiter);
            }
            out.append(import::kErrorColumn).push_back('\n');
            header_written_ = true;
        }
        for (std::size_t k = 0; k < row.size(); ++k) {
            if (k < header.size() && header[k] == import::kErrorColumn) continue;
            csv::append_field(out, row[k], options.delimiter);
            out.push_back(options.delimiter);
        }
        csv::append_field(out, why, options.delimiter);
        out.push_back('\n');
        *options.rejected_rows << out;
    }
    void reject_json(std::string_view line, const std::string& why) {
        if (!options.rejected_rows) return;
        // Under the same rules as the import: a line too deep to parse is written back as text.
        JsonTextProblem unused;
        auto j = read_json_text(line, kMaxJsonTextDepth, unused);
        if (j && j->is_object()) {
            (*j)[std::string(import::kErrorColumn)] = why;
            *options.rejected_rows << j->dump() << '\n';
        } else {
            *options.rejected_rows << nlohmann::json{{std::string(import::kErrorColumn), why}, {"line", std::string(line)}}.dump()
                                   << '\n';
        }
    }

    // Ends the run: commits when allowed, otherwise everything is rolled back.
    ImportReport finish(store::WriteScope& scope, std::uint64_t bytes, std::string_view records) {
        progress(bytes);
        if (!file_failed_ && (report.rejected == 0 || options.skip_invalid)) {
            // Each row's change has its own entry (store::AuditSource names its row); this
            // one sums the run up.
            store::audit(impl, {"import", std::nullopt, name_,
                                {{"records", records}, {"rows", report.rows}, {"created", report.created},
                                 {"updated", report.updated}, {"unchanged", report.unchanged}, {"rejected", report.rejected}}});
            scope.commit();
            report.committed = true;
        } else {
            report.created = report.updated = report.unchanged = 0;
        }
        return std::move(report);
    }

private:
    std::string name_;
    std::int64_t max_before_;
    std::vector<bool> touched_;
    bool file_failed_ = false;
    bool header_written_ = false;
};

// ---- customers ------------------------------------------------------------------------

enum class Outcome { created, updated, unchanged };

void count(ImportReport& r, Outcome o) {
    (o == Outcome::created ? r.created : o == Outcome::updated ? r.updated : r.unchanged)++;
}

// Stores `next` (built on top of `current` when the key matched a stored customer).
Outcome store_customer(Run& run, std::optional<std::int64_t> id, const std::optional<Customer>& current, Customer next) {
    if (!id) {
        // An export read back keeps its UUIDs, so references to them stay true.
        store::create_customer(run.impl, next, store::Origin::restored);
        return Outcome::created;
    }
    if (next.id != current->id)
        throw InvalidInput("uuid", "'" + next.id.to_string() + "' differs from the stored customer's " + current->id.to_string());
    next.version = current->version;
    if (next.created_at == Timestamp{}) next.created_at = current->created_at;
    store::prepare_customer(next, run.impl.default_region);
    if (comparable(next) == comparable(*current)) return Outcome::unchanged;
    store::save_customer(run.impl, next);
    return Outcome::updated;
}

// The stored customer a key names, refusing a second match in the same file.
std::optional<std::int64_t> match_customer(Run& run, const std::string& key, const std::string& column) {
    if (key.empty()) return std::nullopt;
    auto id = run.impl.find_customer_id(key);
    if (id && !run.first_match(*id))
        throw InvalidInput(column, "'" + key + "' appears more than once in this file");
    return id;
}

template <class RowFn>
void each_csv_row(Run& run, csv::Reader& reader, std::vector<std::string>& header, RowFn&& fn) {
    if (!reader.next()) {
        run.file_error(0, "the file is empty (expected a header row)");
        return;
    }
    for (std::size_t k = 0; k < reader.size(); ++k) header.emplace_back(reader[k]);
    run.report.encoding = csv::encoding_name(reader.encoding());
    std::vector<std::string_view> row;
    bool any = false;
    while (reader.next()) {
        any = true;
        row.assign(reader.size(), std::string_view{});
        for (std::size_t k = 0; k < reader.size(); ++k) row[k] = reader[k];
        const auto line = static_cast<std::int64_t>(reader.line());
        if (row.size() != header.size()) {
            const auto why = "has " + std::to_string(row.size()) + " fields; the header has " + std::to_string(header.size());
            run.error(line, "", "", why);
            run.reject_csv(header, row, "line " + std::to_string(line) + ": " + why);
        } else {
            fn(import::Row(row), line);
        }
        run.row_done(reader.bytes_consumed());
    }
    if (!any) run.file_error(static_cast<std::int64_t>(reader.line()), "the file has a header but no rows");
}

template <class LineFn>
void each_json_line(Run& run, csv::LineReader& reader, LineFn&& fn) {
    bool any = false;
    while (reader.next()) {
        any = true;
        run.report.encoding = csv::encoding_name(reader.encoding());
        fn(reader.text(), static_cast<std::int64_t>(reader.line()));
        run.row_done(reader.bytes_consumed());
    }
    if (!any) run.file_error(0, "the file is empty (expected JSON Lines, one object per line)");
}

// Runs one row's work; a row error is reported (with `on_error` writing the rejected
// row), anything else ends the import.
template <class Fn, class OnError>
void guarded(Run& run, std::int64_t line, Fn&& fn, OnError&& on_error) {
    store::AuditSource source(run.impl, run.name(), line);
    try {
        fn();
    } catch (const Error& e) {
        if (!row_error(e)) throw;
        std::string column, value;
        on_error(e, column, value);
        run.error(line, column, value, reason_of(e));
    }
}

std::string json_field(const Error& e) {
    const auto* bad = dynamic_cast<const InvalidInput*>(&e);
    return bad ? bad->field() : "";
}

// The parsed object of a JSON line, without the import_error key of a rejected-rows file.
nlohmann::json json_object(std::string_view text, const std::string& source, std::int64_t line) {
    try {
        auto j = parse_json_object(text, source);
        j.erase(std::string(import::kErrorColumn));
        return j;
    } catch (const InvalidInput& e) {
        throw InvalidInput(e.field(), e.reason(), source, line);
    }
}

// Reads a CSV file row by row: the columns are planned from the header, then
// row_fn(columns, row, key_column, at) handles each row, a row error naming the column
// `at` points to. `key_field`'s header names the errors of duplicate keys.
template <class RowFn>
std::uint64_t read_csv(Run& run, std::istream& in, const csv::Options& co, RecordType type, Field key_field,
                       RowFn&& row_fn) {
    csv::Reader reader(in, run.name(), co);
    std::vector<std::string> header;
    std::vector<Column> columns;
    std::string key_column = key_field == Field::external_id ? "external_id" : "customer_id";
    each_csv_row(run, reader, header, [&](import::Row row, std::int64_t line) {
        if (columns.empty()) {
            columns = import::plan_columns(header, run.options, type);
            for (const auto& c : columns)
                if (c.field == key_field) key_column = c.header;
        }
        std::size_t at = columns.size();
        guarded(run, line, [&] { row_fn(columns, row, key_column, at); },
                [&](const Error& e, std::string& column, std::string& value) {
                    column = at < columns.size() ? columns[at].header : json_field(e);
                    if (at < columns.size()) value = row[at];
                    run.reject_csv(header, row, reason_of(e));
                });
    });
    return reader.bytes_consumed();
}

// Reads JSON Lines: fn(object, line) for each object (without an import_error key).
template <class ObjectFn>
std::uint64_t read_jsonl(Run& run, std::istream& in, const csv::Options& co, ObjectFn&& fn) {
    csv::LineReader reader(in, run.name(), co);
    each_json_line(run, reader, [&](std::string_view text, std::int64_t line) {
        guarded(run, line, [&] { fn(json_object(text, run.name(), line), line); },
                [&](const Error& e, std::string& column, std::string&) {
                    column = json_field(e);
                    run.reject_json(text, reason_of(e));
                });
    });
    return reader.bytes_consumed();
}

}  // namespace

// ---- the entry points -------------------------------------------------------------------

namespace {

template <class Body>
ImportReport run_import(store::Session& impl, std::string_view name, const ImportOptions& options,
                        std::int64_t (*last_id)(store::Session&), const char* what, Body&& body) {
    impl.require_write(what);
    std::optional<files::OutputFile> rejected;
    if (!options.rejected_path.empty()) rejected.emplace(options.rejected_path, impl.path, "rejected_path");
    auto o = options;
    if (rejected) o.rejected_rows = &rejected->stream();
    Run run(impl, std::string(name), o, last_id(impl));
    store::WriteScope scope(impl);
    csv::Options co;
    co.delimiter = options.delimiter;
    co.encoding = to_csv(options.encoding);
    // Longer than any field the store accepts (notes: 1 MiB), short enough that a runaway
    // quote does not read the whole file into memory.
    co.max_field_bytes = std::size_t{16} << 20;
    co.force_encoding = options.force_encoding;
    std::uint64_t bytes = 0;
    try {
        bytes = body(run, co);
    } catch (const InvalidInput& e) {
        // The reader cannot go on: bad quoting, bytes not in the encoding, a read error.
        run.file_error(e);
    }
    auto report = run.finish(scope, bytes, std::string_view(what).substr(std::string_view(what).find(' ') + 1));
    if (rejected) rejected->commit();
    return report;
}

std::uint64_t input_size(const std::filesystem::path& p) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(p, ec);
    return ec ? 0 : n;
}

// Opens `file` and runs the stream import on it, with the file's size in the progress.
template <class Fn>
ImportReport from_file(const std::filesystem::path& file, const ImportOptions& options, Fn&& fn) {
    const auto in = csv::open_input(file);
    auto o = options;
    const std::uint64_t total = input_size(file);
    if (options.progress)
        o.progress = [&](const ImportProgress& p) { return options.progress(ImportProgress{p.bytes_read, total, p.rows}); };
    return fn(*in, o);
}

}  // namespace

ImportReport Importer::customers(std::istream& in, std::string_view name, const ImportOptions& options) {
    return run_import(session(), name, options, store::last_customer_id, "import customers",
                      [&](Run& run, const csv::Options& co) -> std::uint64_t {
        if (options.format == FileFormat::jsonl) {
            return read_jsonl(run, in, co, [&](const nlohmann::json& j, std::int64_t line) {
                // The export's read-only balance: the ledger, not the file, says it.
                Customer c = j.is_object() && j.contains(import::kPointsBalanceColumn)
                                 ? customer_from_json(without_balance(j), run.name(), line)
                                 : customer_from_json(j, run.name(), line);
                const std::string key = !c.external_id.empty() ? c.external_id : c.id.is_nil() ? "" : c.id.to_string();
                const auto id = match_customer(run, key, c.external_id.empty() ? "id" : "external_id");
                std::optional<Customer> current;
                if (id) {
                    current = store::load_customer(run.impl, *id);
                    if (c.id.is_nil()) c.id = current->id;
                }
                count(run.report, store_customer(run, id, current, std::move(c)));
            });
        }
        return read_csv(run, in, co, RecordType::customers, Field::external_id,
                        [&](const std::vector<Column>& columns, import::Row row, const std::string& key_column,
                            std::size_t& at) {
            const auto id = match_customer(run, import::customer_key(columns, row), key_column);
            std::optional<Customer> current;
            if (id) current = store::load_customer(run.impl, *id);
            Customer c = current ? *current : Customer{};
            import::apply_customer(columns, row, c, run.time, at);
            count(run.report, store_customer(run, id, current, std::move(c)));
        });
    });
}

ImportReport Importer::customers(const std::filesystem::path& file, const ImportOptions& options) {
    return from_file(file, options, [&](std::istream& in, const ImportOptions& o) {
        return customers(in, file.string(), o);
    });
}

namespace {

// An interaction row: resolve its customer, match it against the stored ones, add it.
void store_interaction(Run& run, Interaction i, const std::string& customer_column) {
    const std::string ref = !i.customer_id.is_nil() ? i.customer_id.to_string() : i.customer_external_id;
    if (ref.empty()) throw InvalidInput(customer_column, "is empty: every interaction needs its customer");
    const auto customer = run.impl.find_customer_id(ref);
    if (!customer) throw InvalidInput(customer_column, "no customer '" + ref + "' (by external_id or UUID)");
    // The key fields as they will be stored (refunds negative, currency defaulted).
    Interaction key = i;
    store::prepare_interaction(key, run.impl.default_currency);
    std::optional<std::int64_t> found;
    std::string what;
    if (!key.external_id.empty()) {
        found = store::interaction_by_external_id(run.impl, key.external_id);
        what = "external_id '" + key.external_id + "' appears more than once in this file";
    } else {
        found = store::same_interaction(run.impl, *customer, key);
        what = "the same customer, time, kind and amount as an earlier row: give the rows an external_id column to keep both";
    }
    if (found) {
        if (!run.first_match(*found)) throw InvalidInput(key.external_id.empty() ? "" : "external_id", what);
        // Interactions record events: a row matching a stored one is that event again.
        ++run.report.unchanged;
        return;
    }
    store::add_interaction(run.impl, i, store::Origin::restored);
    ++run.report.created;
}

}  // namespace

ImportReport Importer::interactions(std::istream& in, std::string_view name, const ImportOptions& options) {
    // The points of the new purchases and refunds are earned in one pass after the rows,
    // inside the import's transaction (loyalty/earning.hpp).
    const auto before = store::last_interaction_id(session());
    return run_import(session(), name, options, store::last_interaction_id, "import interactions",
                      [&](Run& run, const csv::Options& co) -> std::uint64_t {
        std::uint64_t bytes = 0;
        if (options.format == FileFormat::jsonl) {
            // The stored customer is named by either form; the export writes both.
            bytes = read_jsonl(run, in, co, [&](const nlohmann::json& j, std::int64_t line) {
                store_interaction(run, interaction_from_json(j, run.name(), line), "customer_id");
            });
        } else {
            bytes = read_csv(run, in, co, RecordType::interactions, Field::customer,
                             [&](const std::vector<Column>& columns, import::Row row, const std::string& customer_column,
                                 std::size_t& at) {
                store_interaction(run, import::read_interaction(columns, row, run.time, run.impl.default_currency, at),
                                  customer_column);
            });
        }
        loyalty::earn_for_interactions(run.impl, before);
        return bytes;
    });
}

ImportReport Importer::interactions(const std::filesystem::path& file, const ImportOptions& options) {
    return from_file(file, options, [&](std::istream& in, const ImportOptions& o) {
        return interactions(in, file.string(), o);
    });
}

}  // namespace clientele
