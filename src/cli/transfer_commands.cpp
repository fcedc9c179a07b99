// clientele import | export — bring a spreadsheet (CSV, UTF-8 or GB18030) or JSON Lines
// in, and take customers or interactions out again in a form import reads back.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include <clientele/error.hpp>
#include "json/json.hpp"
#include <clientele/database.hpp>

#include "commands.hpp"
#include "purpose.hpp"
#include "files/output_file.hpp"
#include "record_input.hpp"
#include "render.hpp"
#include "text_width.hpp"

namespace clientele::cli {
namespace {

struct ImportArgs {
    std::string db, file, type = "customers", format, encoding = "auto", unknown = "custom", errors_file, zone = "UTC";
    std::string time_unit, date_order, date_format;
    std::string delimiter = ",";
    std::vector<std::string> maps;
    bool skip_invalid = false;
    bool no_progress = false;
    bool force_encoding = false;
};

bool is_interactions(const std::string& type) {
    if (type == "customers") return false;
    if (type == "interactions") return true;
    throw UsageError("--type must be customers or interactions, not '" + type + "'");
}

FileFormat format_for(const std::string& format, const std::string& file) {
    if (!format.empty()) return parse_file_format(format);
    for (const char* ext : {".jsonl", ".ndjson", ".json"})
        if (file.size() > std::string_view(ext).size() && file.ends_with(ext)) return FileFormat::jsonl;
    return FileFormat::csv;
}

/// A one-line progress bar on stderr, redrawn at most ten times a second.
class ProgressBar {
public:
    bool operator()(const ImportProgress& p) {
        const auto now = std::chrono::steady_clock::now();
        if (now - last_ < std::chrono::milliseconds(100)) return true;
        last_ = now;
        drawn_ = true;
        if (p.bytes_total > 0) {
            const double f = std::min(1.0, static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total));
            const int filled = static_cast<int>(f * 30);
            std::fprintf(stderr, "\r[%-30s] %3d%%  %lld rows", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                         static_cast<int>(f * 100), static_cast<long long>(p.rows));
        } else {
            std::fprintf(stderr, "\r%lld rows", static_cast<long long>(p.rows));
        }
        std::fflush(stderr);
        return true;
    }
    ~ProgressBar() {
        if (drawn_) std::fputs("\r\033[K", stderr);
    }

private:
    std::chrono::steady_clock::time_point last_{};
    bool drawn_ = false;
};

void run_import(const ImportArgs& a, const GlobalOptions& global) {
    const bool interactions = is_interactions(a.type);
    if (a.delimiter.size() != 1) throw UsageError("--delimiter must be one character");
    ImportOptions o;
    o.format = format_for(a.format, a.file);
    o.encoding = parse_text_encoding(a.encoding);
    o.unknown_columns = parse_unknown_columns(a.unknown);
    o.skip_invalid = a.skip_invalid;
    o.default_time_zone = a.zone;
    o.time_unit = parse_time_unit(a.time_unit, "--time-unit");
    o.date_order = parse_date_order(a.date_order, "--date-order");
    o.date_format = a.date_format;
    o.delimiter = a.delimiter[0];
    o.force_encoding = a.force_encoding;
    for (const auto& m : a.maps) {
        auto [column, field] = split_assignment(m, "--map");
        o.column_map[column] = field;
    }
    files::refuse_database_path(a.errors_file, a.db, "--errors");
    o.rejected_path = a.errors_file;
    ProgressBar bar;
    if (!a.no_progress && !global.json && isatty(STDERR_FILENO))
        o.progress = [&bar](const ImportProgress& p) { return bar(p); };

    Database db = open_store(a.db, global);
    ImportReport r;
    if (a.file == "-") {
        r = interactions ? db.importer().interactions(std::cin, "<stdin>", o) : db.importer().customers(std::cin, "<stdin>", o);
    } else {
        r = interactions ? db.importer().interactions(a.file, o) : db.importer().customers(a.file, o);
    }
    if (global.json) {
        print_json(to_json(r));
    } else {
        // The first few problems on the terminal; all of them with --json or --errors.
        constexpr std::int64_t kShown = 20;
        std::int64_t shown = 0;
        for (const auto& e : r.errors) {
            if (shown++ == kShown) break;
            std::cerr << "  " << single_line(e.message()) << '\n';
        }
        if (r.rejected > std::min<std::int64_t>(kShown, static_cast<std::int64_t>(r.errors.size())))
            std::cerr << "  ... and " << (r.rejected - std::min<std::int64_t>(kShown, static_cast<std::int64_t>(r.errors.size())))
                      << " more (see them all with --json, or write the rows with --errors FILE)\n";
        if (r.committed)
            std::cout << source_name(a.file) << ": " << r.created << " created, " << r.updated << " updated, "
                      << r.unchanged << " unchanged, " << r.rejected << " rejected (" << r.rows << " rows, "
                      << r.encoding << ")\n";
    }
    if (!r.committed) {
        std::cerr.flush();
        const bool row_errors = !r.errors.empty() && r.errors.front().line > 0 && r.rows > 0;
        throw InvalidInput("", std::to_string(r.rejected) + (r.rejected == 1 ? " problem" : " problems") +
                                   "; nothing was imported" +
                                   (row_errors && !a.skip_invalid ? " (fix the rows, or import the valid ones with --skip-invalid --errors FILE)" : ""),
                           source_name(a.file));
    }
}

struct ExportArgs {
    std::string db, type = "customers", format, out = "-";
    PurposeOptions purpose;
    bool raw_cells = false;
    bool skip_damaged = false;
};

void run_export(const ExportArgs& a, const GlobalOptions& global) {
    const bool interactions = is_interactions(a.type);
    ExportOptions o;
    o.format = format_for(a.format, a.out);
    apply_purpose(a.purpose, o.customers);
    if (interactions && o.customers.consented)
        throw InvalidInput("--purpose", "applies to customer exports (an interaction export has no consent to check)");
    o.formula_guard = !a.raw_cells;
    std::vector<DamagedRecord> skipped;
    o.skip_damaged = a.skip_damaged;
    o.damaged = &skipped;
    if (a.out != "-") files::refuse_database_path(a.out, a.db, "--out");
    Database db = open_store(a.db, global);
    // The records left out, on stderr whatever goes to stdout (the data may).
    const auto report_skipped = [&] {
        for (const auto& d : skipped) std::cerr << "  skipped " << single_line(d.record) << ": " << single_line(d.reason) << '\n';
        if (!skipped.empty()) std::cerr << "  " << skipped.size() << " damaged record(s) left out (clientele check " << a.db << ")\n";
    };
    if (a.out == "-") {
        interactions ? db.exporter().interactions(std::cout, o) : db.exporter().customers(std::cout, o);
        report_skipped();
        return;
    }
    const auto n = interactions ? db.exporter().interactions(a.out, o) : db.exporter().customers(a.out, o);
    if (global.json) {
        nlohmann::json damaged = nlohmann::json::array();
        for (const auto& d : skipped) damaged.push_back(to_json(d));
        print_json({{"exported", n}, {"type", a.type}, {"file", a.out}, {"skipped", damaged}});
    } else {
        report_skipped();
        std::cout << "exported " << n << " " << a.type << " to " << a.out << '\n';
    }
}

}  // namespace

void register_transfer_commands(CLI::App& app, CommandLine& cl) {
    auto ia = std::make_shared<ImportArgs>();
    CLI::App* imp = add_command(app, cl, "import",
                                "Import customers or interactions from CSV (UTF-8 or GB18030) or JSON Lines",
                                [ia, &cl] { run_import(*ia, cl.global); });
    imp->add_option("DB", ia->db, "Database file")->required();
    imp->add_option("FILE", ia->file, "CSV or JSON Lines file; - for stdin")->required();
    imp->add_option("--type", ia->type, "customers (default) or interactions");
    imp->add_option("--format", ia->format, "csv or jsonl (default: from the file name, else csv)");
    imp->add_option("--encoding", ia->encoding, "auto (default), utf-8 or gb18030");
    imp->add_flag("--force-encoding", ia->force_encoding,
                  "read the file as --encoding even when it looks otherwise (gb18030 is refused for a file "
                  "that is valid UTF-8 with non-ASCII text, which it would turn into mojibake)");
    imp->add_option("--map", ia->maps, "COLUMN=FIELD: read a column as a field (or custom.NAME, or ignore); repeatable");
    imp->add_option("--unknown-columns", ia->unknown, "custom (default: keep as custom fields), ignore or error");
    imp->add_option("--time-zone", ia->zone, "zone of times without an offset: UTC (default), +08:00, Asia/Shanghai");
    imp->add_option("--time-unit", ia->time_unit, "what a time that is a bare number counts: s, ms, us or ns "
                                                  "(without it such a cell is refused)");
    imp->add_option("--date-order", ia->date_order, "how dates written year last (05/01/2024) are read: day-first "
                                                    "or month-first (without it they are refused)");
    imp->add_option("--date-format", ia->date_format, "how every time cell is written when not ISO: %d/%m/%Y, %Y%m%d "
                                                      "(a cell that does not match is refused)");
    imp->add_option("--delimiter", ia->delimiter, "CSV field separator (default ,)");
    imp->add_flag("--skip-invalid", ia->skip_invalid, "import the valid rows, reject the others");
    imp->add_option("--errors", ia->errors_file, "write the rejected rows, with an import_error column, to this file");
    imp->add_flag("--no-progress", ia->no_progress, "no progress bar (it only shows on a terminal anyway)");
    imp->footer("Exit 3 when any row is invalid (then nothing is imported unless --skip-invalid).\n"
                "Column names and formats: docs/import-export.md");

    auto ea = std::make_shared<ExportArgs>();
    CLI::App* exp = add_command(app, cl, "export", "Export customers or interactions to CSV or JSON Lines",
                                [ea, &cl] { run_export(*ea, cl.global); });
    exp->add_option("DB", ea->db, "Database file")->required();
    exp->add_option("--type", ea->type, "customers (default) or interactions");
    exp->add_option("--format", ea->format, "csv or jsonl (default: from --out's name, else csv)");
    exp->add_option("--out", ea->out, "output file; - (default) for stdout");
    add_purpose_options(exp, ea->purpose);
    exp->add_flag("--raw-cells", ea->raw_cells,
                  "CSV: write cells exactly as stored (default: a cell starting with = + - @ gets a ' in front, "
                  "so a spreadsheet does not run it as a formula; import takes it off again)");
    exp->add_flag("--skip-damaged", ea->skip_damaged,
                  "leave out records that cannot be read back and list them on stderr, instead of failing");
}

}  // namespace clientele::cli
