// clientele CLI — what the analytics commands share: where the transactions come from (a
// transactions CSV or a store), how result rows are named and ordered, and where the
// output goes. One place, so every command reads its input the same way.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <clientele/analytics.hpp>
#include <clientele/database.hpp>

#include "command_line.hpp"
#include "files/output_file.hpp"
#include "transactions_csv.hpp"

namespace clientele::cli {

/// The options every analytics command takes for its input and output.
struct SourceArgs {
    std::string file;
    std::string db;
    std::string out;
    std::string customers;
    std::string currency;
    std::vector<std::string> map;
    std::string time_unit;
    std::string date_order;
    std::string date_format;
};

/// FILE, --db, --out, --map, --currency, --time-unit, --date-order; with `known_customers`
/// also --customers.
void add_source_options(CLI::App* cmd, SourceArgs& a, bool known_customers);

/// The lifecycle rules every stage command takes (--churned-days, --at-risk-days,
/// --reactivated-gap-days, --loyal-purchases, --loyal-window-days), the same as the C++,
/// C and Python options; the defaults are LifecycleOptions'. The core checks the values.
void add_lifecycle_rule_options(CLI::App* cmd, LifecycleOptions& rules);

/// The input of one command: a store (--db) or a CSV's columns plus the keys of the
/// customers of --customers (known without purchases).
struct AnalyticsSource {
    std::optional<Database> db;
    TransactionsCsv csv;
    std::vector<std::int64_t> known;
    /// Decimals of the amounts in the results: a CSV's are read in hundredths whatever the
    /// currency; a store's are in the minor units of the currency counted (JPY none).
    int decimals = 2;
};

/// `minor` in currency units, for --json.
double units(std::int64_t minor, int decimals);
/// Checks that exactly one of FILE and --db is given (UsageError) and that --out is not the
/// database (InvalidInput), then reads it.
AnalyticsSource open_source(const SourceArgs& a, const GlobalOptions& global);

/// Each result row's customer name and the order to print rows in: ascending name, rows
/// of one customer kept in their order (a stage history's days).
struct RowNames {
    std::vector<std::string> names;
    std::vector<std::size_t> order;
};
/// Rows keyed by a CSV's customer keys: already in name order.
RowNames csv_row_names(const std::vector<std::int64_t>& keys, const CustomerIds& ids);
/// Rows from a store, named by their customer references (ordered by internal id).
RowNames store_row_names(std::vector<std::string> refs);

/// Computes a per-customer result from the source and writes it with its rows' names:
/// `from_store(Database&)` returns a store result {core result, customer references}
/// (CustomerRfm, CustomerLifecycle, ...); `from_columns(TransactionColumns, known keys)`
/// returns the core result keyed by the CSV's keys; `write(result, RowNames)`.
template <class FromStore, class FromColumns, class Write>
void per_customer(AnalyticsSource& src, FromStore&& from_store, FromColumns&& from_columns, Write&& write) {
    if (src.db) {
        auto [result, refs] = from_store(*src.db);
        write(result, store_row_names(std::move(refs)));
        return;
    }
    auto result = from_columns(src.csv.columns(), std::span<const std::int64_t>(src.known));
    write(result, csv_row_names(result.customer, src.csv.customers));
}

/// A date option ("YYYY-MM-DD"); InvalidInput naming `option` when it is no date.
std::chrono::sys_days date_option(const std::string& text, const char* option);

/// Buffered output to --out FILE or standard output, with the CSV cell forms we write.
class Output {
public:
    explicit Output(const std::string& path);
    Output& text(std::string_view s);
    Output& field(std::string_view s);  ///< RFC 4180 quoting when needed
    Output& number(std::int64_t v);
    Output& minor(std::int64_t v, int decimals);  ///< minor units: (-1250, 2) -> "-12.50", (1250, 0) -> "1250"
    Output& date(std::int64_t days);  ///< "" for LifecycleStages::kNoDate
    Output& end_row();
    /// JSON, indented, then a newline.
    Output& json(const nlohmann::json& j);
    /// Writes what is left and, for --out FILE, puts the whole file in place: until then
    /// the file is a temporary one, removed if the command fails.
    void flush();

private:
    static constexpr std::size_t kFlushAt = std::size_t{1} << 20;
    std::ostream& stream();
    void write_buffer();
    std::optional<files::OutputFile> file_;
    std::string buf_;
};

/// "2024-04-10", or null for LifecycleStages::kNoDate.
nlohmann::json json_date(std::int64_t days);

}  // namespace clientele::cli
