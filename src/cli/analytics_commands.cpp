// clientele rfm / clientele lifecycle — customer analytics over a transactions CSV or a
// store (--db), written as CSV (docs/analytics.md has the rules and the columns).
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <numeric>

#include <clientele/analytics.hpp>
#include <clientele/error.hpp>
#include <clientele/store.hpp>
#include <clientele/time.hpp>

#include "commands.hpp"
#include "render.hpp"
#include "transactions_csv.hpp"

namespace clientele::cli {

namespace {

struct AnalyticsArgs {
    std::string file;
    std::string db;
    std::string as_of;
    std::string out;
    std::string customers;
    std::string currency;
    std::vector<std::string> map;
    int bins = 5;
};

/// Buffered CSV output to --out FILE or stdout.
class CsvOut {
public:
    explicit CsvOut(const std::string& path) {
        if (!path.empty()) {
            file_.open(path, std::ios::binary | std::ios::trunc);
            if (!file_) throw StorageError("cannot write '" + path + "'");
        }
        buf_.reserve(kFlushAt + 4096);
    }
    CsvOut& text(std::string_view s) {
        buf_ += s;
        return *this;
    }
    CsvOut& field(std::string_view s) {  // RFC 4180 quoting when needed
        if (s.find_first_of(",\"\r\n") == std::string_view::npos) return text(s);
        buf_ += '"';
        for (char c : s) {
            if (c == '"') buf_ += '"';
            buf_ += c;
        }
        buf_ += '"';
        return *this;
    }
    CsvOut& number(std::int64_t v) {
        char tmp[24];
        auto end = std::to_chars(tmp, tmp + sizeof tmp, v).ptr;
        buf_.append(tmp, end);
        return *this;
    }
    /// Minor units with two decimals: -1250 -> "-12.50".
    CsvOut& cents(std::int64_t v) {
        if (v < 0) buf_ += '-';
        auto u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
        char tmp[24];
        auto end = std::to_chars(tmp, tmp + sizeof tmp, u / 100).ptr;
        buf_.append(tmp, end);
        buf_ += '.';
        buf_ += static_cast<char>('0' + u % 100 / 10);
        buf_ += static_cast<char>('0' + u % 10);
        return *this;
    }
    CsvOut& date(std::int64_t days) {
        if (days != LifecycleStages::kNoDate) buf_ += format_date(from_days(days));
        return *this;
    }
    CsvOut& end_row() {
        buf_ += '\n';
        if (buf_.size() >= kFlushAt) flush();
        return *this;
    }
    void flush() {
        std::ostream& os = file_.is_open() ? static_cast<std::ostream&>(file_) : std::cout;
        os.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        buf_.clear();
        if (!os) throw StorageError("cannot write the output");
    }
    ~CsvOut() = default;

private:
    static constexpr std::size_t kFlushAt = std::size_t{1} << 20;
    std::ofstream file_;
    std::string buf_;
};

std::chrono::sys_days as_of_date(const std::string& text) {
    return std::chrono::sys_days(parse_date(text, "--as-of"));
}

void check_source(const AnalyticsArgs& a) {
    if (a.file.empty() == a.db.empty()) throw UsageError("give either FILE.csv or --db DB");
    if (!a.db.empty() && !a.customers.empty()) throw UsageError("--customers goes with FILE.csv, not --db");
    if (!a.db.empty() && !a.map.empty()) throw UsageError("--map goes with FILE.csv, not --db");
}

/// Rows in ascending order of the customer names (the order of a CSV's output).
std::vector<std::size_t> by_name(const std::vector<std::string>& names) {
    std::vector<std::size_t> order(names.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return names[a] < names[b]; });
    return order;
}

void write_rfm(const RfmScores& s, const std::vector<std::string>& names, const std::vector<std::size_t>& order,
               const std::string& out_path) {
    CsvOut out(out_path);
    out.text("customer_id,recency_days,frequency,monetary,r,f,m,rfm,segment,value_tier").end_row();
    for (std::size_t i : order) {
        out.field(names[i]).text(",").number(s.recency_days[i]).text(",").number(s.frequency[i]).text(",");
        out.cents(s.monetary[i]).text(",").number(s.r[i]).text(",").number(s.f[i]).text(",").number(s.m[i]);
        out.text(",").number(s.r[i]).number(s.f[i]).number(s.m[i]).text(",").text(s.segment_name(i)).text(",");
        out.text(to_string(s.value_tier[i])).end_row();
    }
    out.flush();
}

void write_lifecycle(const LifecycleStages& l, const std::vector<std::string>& names,
                     const std::vector<std::size_t>& order, const std::string& out_path) {
    CsvOut out(out_path);
    out.text("customer_id,stage,stage_since").end_row();
    for (std::size_t i : order)
        out.field(names[i]).text(",").text(to_string(l.stage[i])).text(",").date(l.stage_since[i]).end_row();
    out.flush();
}

/// Names of result rows keyed by a CSV's customer keys (indexes into the sorted ids).
std::vector<std::string> names_of(const std::vector<std::int64_t>& keys, const CustomerIds& ids) {
    std::vector<std::string> names;
    names.reserve(keys.size());
    for (auto k : keys) names.push_back(ids.name(k));
    return names;
}

std::vector<std::size_t> identity(std::size_t n) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    return order;
}

void run_rfm(const AnalyticsArgs& a, const GlobalOptions& global) {
    check_source(a);
    RfmOptions options;
    options.as_of = as_of_date(a.as_of);
    options.bins = a.bins;
    if (!a.db.empty()) {
        Database db = open_store(a.db, global);
        auto r = db.rfm(options, a.currency);
        write_rfm(r.scores, r.customer, by_name(r.customer), a.out);
        return;
    }
    auto t = read_transactions_csv(a.file, parse_column_map(a.map));
    auto scores = rfm(t.columns(), options);
    write_rfm(scores, names_of(scores.customer, t.customers), identity(scores.size()), a.out);
}

void run_lifecycle(const AnalyticsArgs& a, const GlobalOptions& global) {
    check_source(a);
    LifecycleOptions options;
    options.as_of = as_of_date(a.as_of);
    if (!a.db.empty()) {
        Database db = open_store(a.db, global);
        auto l = db.lifecycle(options, a.currency);
        write_lifecycle(l.stages, l.customer, by_name(l.customer), a.out);
        return;
    }
    auto map = parse_column_map(a.map);
    auto t = read_transactions_csv(a.file, map);
    std::vector<std::int64_t> known;
    if (!a.customers.empty()) known = read_customers_csv(a.customers, map, t);
    auto stages = lifecycle(t.columns(), known, options);
    write_lifecycle(stages, names_of(stages.customer, t.customers), identity(stages.size()), a.out);
}

void add_common_options(CLI::App* cmd, AnalyticsArgs& a) {
    cmd->add_option("FILE", a.file, "Transactions CSV with a header: customer_id,timestamp,amount (others ignored)");
    cmd->add_option("--db", a.db, "Read the purchases and refunds of a store instead of a CSV");
    cmd->add_option("--as-of", a.as_of, "The day to compute at (YYYY-MM-DD); later rows are ignored")->required();
    cmd->add_option("--out", a.out, "Write the CSV here instead of standard output");
    cmd->add_option("--map", a.map, "Column of the file for a field: NAME=COLUMN (e.g. customer_id=member_no)");
    cmd->add_option("--currency", a.currency, "With --db: the currency to count (default: the store's)");
}

}  // namespace

void register_analytics_commands(CLI::App& app, CommandLine& cl) {
    auto rfm_args = std::make_shared<AnalyticsArgs>();
    CLI::App* rfm_cmd = add_command(app, cl, "rfm", "RFM scores, segments and value tiers per customer (CSV out)",
                                    [rfm_args, &cl] { run_rfm(*rfm_args, cl.global); });
    add_common_options(rfm_cmd, *rfm_args);
    rfm_cmd->add_option("--bins", rfm_args->bins, "Score bins, 2..10 (segments need 5)")->capture_default_str();
    rfm_cmd->footer("Output: customer_id,recency_days,frequency,monetary,r,f,m,rfm,segment,value_tier");

    auto life_args = std::make_shared<AnalyticsArgs>();
    CLI::App* life_cmd = add_command(app, cl, "lifecycle", "Lifecycle stage of each customer (CSV out)",
                                     [life_args, &cl] { run_lifecycle(*life_args, cl.global); });
    add_common_options(life_cmd, *life_args);
    life_cmd->add_option("--customers", life_args->customers,
                         "CSV of known customers (column customer_id): without purchases they are prospects");
    life_cmd->footer("Output: customer_id,stage,stage_since");
}

}  // namespace clientele::cli
