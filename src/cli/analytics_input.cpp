// clientele CLI — the input, row naming and output the analytics commands share.
#include "analytics_input.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iostream>
#include <numeric>

#include <clientele/cells.hpp>
#include <clientele/error.hpp>
#include <clientele/time.hpp>

#include "csv/writer.hpp"

namespace clientele::cli {

void add_source_options(CLI::App* cmd, SourceArgs& a, bool known_customers) {
    cmd->add_option("FILE", a.file, "Transactions CSV with a header: customer_id,timestamp,amount (others ignored)");
    cmd->add_option("--db", a.db, "Read the purchases and refunds of a store instead of a CSV");
    cmd->add_option("--out", a.out, "Write the output here instead of standard output");
    cmd->add_option("--map", a.map, "Column of the file for a field: NAME=COLUMN (e.g. customer_id=member_no)");
    cmd->add_option("--currency", a.currency, "With --db: the currency to count (default: the only one of the purchases; required when there are several)");
    cmd->add_option("--time-unit", a.time_unit, "What a timestamp that is a bare number counts: s, ms, us or ns "
                                                "(without it such a cell is refused)");
    cmd->add_option("--date-order", a.date_order, "How dates written year last (05/01/2024) are read: day-first or "
                                                  "month-first (without it they are refused)");
    cmd->add_option("--date-format", a.date_format, "How every timestamp is written when not ISO: %d/%m/%Y, %Y%m%d, "
                                                    "%d.%m.%Y %H:%M (a cell that does not match is refused)");
    if (known_customers)
        cmd->add_option("--customers", a.customers,
                        "CSV of known customers (column customer_id): without purchases they are prospects");
}

void add_lifecycle_rule_options(CLI::App* cmd, LifecycleOptions& rules) {
    cmd->add_option("--churned-days", rules.churned_days, "churned when the last purchase is more days ago than this")
        ->capture_default_str();
    cmd->add_option("--at-risk-days", rules.at_risk_days, "at_risk when the last purchase is more days ago than this")
        ->capture_default_str();
    cmd->add_option("--reactivated-gap-days", rules.reactivated_gap_days,
                    "reactivated when a purchase follows a gap longer than this many days")->capture_default_str();
    cmd->add_option("--loyal-purchases", rules.loyal_purchases,
                    "loyal with at least this many purchases in the loyal window")->capture_default_str();
    cmd->add_option("--loyal-window-days", rules.loyal_window_days, "the loyal window, in days before --as-of")
        ->capture_default_str();
}

namespace {

/// The CLI links no Arrow (docs/scale.md): a Parquet or Arrow IPC file is named as such and
/// sent to the Python entry point, rather than read as a CSV and refused byte by byte.
void refuse_arrow_file(const std::string& file) {
    auto dot = file.find_last_of('.');
    std::string suffix = dot == std::string::npos ? "" : file.substr(dot);
    for (auto& c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (suffix == ".parquet" || suffix == ".pq" || suffix == ".arrow" || suffix == ".feather" || suffix == ".ipc")
        throw UsageError(file + ": the clientele CLI reads CSV; Parquet and Arrow files are read by the Python "
                         "package: python -m clientele rfm|lifecycle " + file + " --as-of ... "
                         "(pip install 'clientele[arrow]'), see docs/scale.md");
}

}  // namespace

AnalyticsSource open_source(const SourceArgs& a, const GlobalOptions& global) {
    if (a.file.empty() == a.db.empty()) throw UsageError("give either FILE.csv or --db DB");
    if (!a.db.empty() && !a.customers.empty()) throw UsageError("--customers goes with FILE.csv, not --db");
    if (!a.db.empty() && !a.map.empty()) throw UsageError("--map goes with FILE.csv, not --db");
    if (!a.db.empty() && (!a.time_unit.empty() || !a.date_order.empty() || !a.date_format.empty()))
        throw UsageError("--time-unit and --date-order go with FILE.csv, not --db");
    files::refuse_database_path(a.out, a.db, "--out");
    AnalyticsSource s;
    if (!a.db.empty()) {
        s.db.emplace(open_store(a.db, global));
        s.decimals = currency_decimals(s.db->analytics().currency(a.currency));
        return s;
    }
    refuse_arrow_file(a.file);
    auto map = parse_column_map(a.map);
    CellRules rules;
    rules.time_unit = parse_time_unit(a.time_unit, "--time-unit");
    rules.date_order = parse_date_order(a.date_order, "--date-order");
    rules.date_format = a.date_format;
    s.csv = read_transactions_csv(a.file, map, rules);
    if (!a.customers.empty()) s.known = read_customers_csv(a.customers, map, s.csv);
    return s;
}

RowNames csv_row_names(const std::vector<std::int64_t>& keys, const CustomerIds& ids) {
    RowNames r;
    r.names.reserve(keys.size());
    for (auto k : keys) r.names.push_back(ids.name(k));
    r.order.resize(keys.size());
    std::iota(r.order.begin(), r.order.end(), 0);
    return r;
}

RowNames store_row_names(std::vector<std::string> refs) {
    RowNames r;
    r.names = std::move(refs);
    r.order.resize(r.names.size());
    std::iota(r.order.begin(), r.order.end(), 0);
    std::stable_sort(r.order.begin(), r.order.end(),
                     [&](std::size_t a, std::size_t b) { return r.names[a] < r.names[b]; });
    return r;
}

std::chrono::sys_days date_option(const std::string& text, const char* option) {
    // The date cell rule (clientele/cells.hpp), as Python's as_of: "20240105" is no date.
    return std::chrono::sys_days(CellParser().date(text, option));
}

Output::Output(const std::string& path) {
    if (!path.empty()) file_.emplace(path);
    buf_.reserve(kFlushAt + 4096);
}

Output& Output::text(std::string_view s) {
    buf_ += s;
    return *this;
}

Output& Output::field(std::string_view s) {
    csv::append_field(buf_, s);  // the one CSV writer: quoting and the formula guard
    return *this;
}

Output& Output::number(std::int64_t v) {
    char tmp[24];
    auto end = std::to_chars(tmp, tmp + sizeof tmp, v).ptr;
    buf_.append(tmp, end);
    return *this;
}

Output& Output::minor(std::int64_t v, int decimals) {
    if (v < 0) buf_ += '-';
    auto u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    std::uint64_t scale = 1;
    for (int k = 0; k < decimals; ++k) scale *= 10;
    char tmp[24];
    auto end = std::to_chars(tmp, tmp + sizeof tmp, u / scale).ptr;
    buf_.append(tmp, end);
    if (decimals > 0) {
        buf_ += '.';
        std::string frac = std::to_string(u % scale);
        buf_.append(static_cast<std::size_t>(decimals) - frac.size(), '0');
        buf_ += frac;
    }
    return *this;
}

double units(std::int64_t minor, int decimals) {
    double scale = 1;
    for (int k = 0; k < decimals; ++k) scale *= 10;
    return static_cast<double>(minor) / scale;
}

Output& Output::date(std::int64_t days) {
    if (days != LifecycleStages::kNoDate) buf_ += format_date(from_days(days));
    return *this;
}

Output& Output::end_row() {
    buf_ += '\n';
    if (buf_.size() >= kFlushAt) write_buffer();
    return *this;
}

Output& Output::json(const nlohmann::json& j) {
    buf_ += j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    return end_row();
}

std::ostream& Output::stream() { return file_ ? file_->stream() : std::cout; }

void Output::write_buffer() {
    std::ostream& os = stream();
    os.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
    if (!os) throw StorageError("cannot write the output");
}

void Output::flush() {
    write_buffer();
    if (file_) file_->commit();
}

nlohmann::json json_date(std::int64_t days) {
    if (days == LifecycleStages::kNoDate) return nullptr;
    return format_date(from_days(days));
}

}  // namespace clientele::cli
