// clientele funnel / stage-history / transitions / new-vs-returning — lifecycle stages over
// time, from a transactions CSV or a store (--db), through the same input as rfm and
// lifecycle (analytics_input.hpp) and the same core (clientele/analytics.hpp).
#include <cstdio>
#include <algorithm>
#include <array>
#include <sstream>
#include <memory>

#include <clientele/analytics.hpp>
#include <clientele/error.hpp>
#include <clientele/database.hpp>
#include <clientele/time.hpp>

#include "analytics_input.hpp"
#include "commands.hpp"
#include "table.hpp"

namespace clientele::cli {

namespace {

struct StageArgs {
    SourceArgs source;
    std::string as_of, from, to;
    bool summary = false;
    LifecycleOptions rules;  // funnel, stage-history, transitions
};

LifecycleStage stage_at(std::size_t i) { return static_cast<LifecycleStage>(i); }

/// "33.3%" of `part` in `whole` (0% of nothing).
std::string percent(std::int64_t part, std::int64_t whole) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f%%", whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
    return buf;
}

double share(std::int64_t part, std::int64_t whole) {
    return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

/// A horizontal bar, `width` cells for `max`; at least one cell for any non-zero count, so
/// a small stage is still seen.
std::string bar(std::int64_t count, std::int64_t max, std::int64_t width = 40) {
    std::int64_t cells = max > 0 ? (count * width + max / 2) / max : 0;
    if (count > 0 && cells == 0) cells = 1;
    std::string s;
    for (std::int64_t i = 0; i < cells; ++i) s += "\u2588";  // full block
    return s;
}

/// Labelled counts as a table: label, count, percent of the total, bar; then the total.
void print_bars(const std::vector<std::pair<std::string, std::int64_t>>& counts, const char* label, Output& out) {
    std::int64_t total = 0, max = 0;
    for (auto& [name, n] : counts) {
        total += n;
        max = std::max(max, n);
    }
    Table t({label, "customers", "share", ""});
    t.align_right(1);
    t.align_right(2);
    for (auto& [name, n] : counts) t.add_row({name, std::to_string(n), percent(n, total), bar(n, max)});
    t.add_row({"total", std::to_string(total), percent(total, total), ""});
    std::ostringstream os;
    t.print(os);
    // The bar column has no header: drop the padding the table leaves after the others.
    std::istringstream lines(os.str());
    for (std::string line; std::getline(lines, line);) {
        line.erase(line.find_last_not_of(' ') + 1);
        out.text(line).end_row();
    }
}

nlohmann::json json_counts(const std::vector<std::pair<std::string, std::int64_t>>& counts, const char* label) {
    std::int64_t total = 0;
    for (auto& c : counts) total += c.second;
    auto a = nlohmann::json::array();
    for (auto& [name, n] : counts)
        a.push_back({{label, name}, {"customers", n}, {"share", share(n, total)}});
    return {{"customers", total}, {"stages", a}};
}

// ---- funnel -------------------------------------------------------------------------------

void run_funnel(const StageArgs& a, const GlobalOptions& global) {
    LifecycleOptions options = a.rules;
    options.as_of = date_option(a.as_of, "--as-of");
    auto src = open_source(a.source, global);
    auto counts = src.db ? src.db->analytics().lifecycle(options, a.source.currency).stages.counts()
                         : lifecycle(src.csv.columns(), src.known, options).counts();
    std::vector<std::pair<std::string, std::int64_t>> rows;
    for (std::size_t i = 0; i < kLifecycleStages; ++i) rows.emplace_back(to_string(stage_at(i)), counts[i]);
    Output out(a.source.out);
    if (global.json) {
        auto j = json_counts(rows, "stage");
        j["as_of"] = a.as_of;
        out.json(j);
    } else {
        print_bars(rows, "stage", out);
    }
    out.flush();
}

// ---- stage history ------------------------------------------------------------------------

void write_history(const StageHistory& h, const RowNames& rows, const std::string& out_path, bool json) {
    Output out(out_path);
    if (json) {
        auto a = nlohmann::json::array();
        for (std::size_t i : rows.order)
            a.push_back({{"customer_id", rows.names[i]}, {"date", json_date(h.day[i])}, {"stage", to_string(h.stage[i])}});
        out.json(a).flush();
        return;
    }
    out.text("customer_id,date,stage").end_row();
    for (std::size_t i : rows.order)
        out.field(rows.names[i]).text(",").date(h.day[i]).text(",").text(to_string(h.stage[i])).end_row();
    out.flush();
}

void run_history(const StageArgs& a, const GlobalOptions& global) {
    LifecycleOptions options = a.rules;
    options.as_of = date_option(a.as_of, "--as-of");
    auto src = open_source(a.source, global);
    per_customer(
        src, [&](Database& db) { return db.analytics().stage_history(options, a.source.currency); },
        [&](const TransactionColumns& t, auto) { return stage_history(t, options); },
        [&](const StageHistory& h, const RowNames& rows) { write_history(h, rows, a.source.out, global.json); });
}

// ---- transitions --------------------------------------------------------------------------

void run_transitions(const StageArgs& a, const GlobalOptions& global) {
    LifecycleOptions options = a.rules;
    auto from = date_option(a.from, "--from");
    options.as_of = date_option(a.to, "--to");
    if (from > options.as_of) throw InvalidInput("--from", a.from + " is after --to " + a.to);
    auto src = open_source(a.source, global);
    auto m = src.db ? src.db->analytics().stage_transitions(from, options, a.source.currency)
                    : stage_transitions(src.csv.columns(), src.known, from, options);
    Output out(a.source.out);
    if (global.json) {
        auto names = nlohmann::json::array();
        auto matrix = nlohmann::json::array();
        for (std::size_t i = 0; i < kLifecycleStages; ++i) {
            names.push_back(to_string(stage_at(i)));
            matrix.push_back(m[i]);
        }
        out.json({{"from", a.from}, {"to", a.to}, {"stages", names}, {"matrix", matrix}}).flush();
        return;
    }
    // Rows: the stage on --from; columns: the stage on --to; totals on the right and below.
    std::vector<std::string> headers{"from \\ to"};
    for (std::size_t j = 0; j < kLifecycleStages; ++j) headers.emplace_back(to_string(stage_at(j)));
    headers.emplace_back("total");
    Table t(headers);
    for (std::size_t c = 1; c < headers.size(); ++c) t.align_right(c);
    std::array<std::int64_t, kLifecycleStages + 1> column_totals{};
    for (std::size_t i = 0; i < kLifecycleStages; ++i) {
        std::vector<std::string> row{std::string(to_string(stage_at(i)))};
        std::int64_t total = 0;
        for (std::size_t j = 0; j < kLifecycleStages; ++j) {
            row.push_back(std::to_string(m[i][j]));
            total += m[i][j];
            column_totals[j] += m[i][j];
        }
        column_totals[kLifecycleStages] += total;
        row.push_back(std::to_string(total));
        t.add_row(std::move(row));
    }
    std::vector<std::string> last{"total"};
    for (auto n : column_totals) last.push_back(std::to_string(n));
    t.add_row(std::move(last));
    std::ostringstream os;
    os << "Customers by stage on " << a.from << " (rows) and on " << a.to << " (columns)\n";
    t.print(os);
    out.text(os.str()).flush();
}

// ---- new vs returning ---------------------------------------------------------------------

void write_recurrence(const CustomerRecurrence& r, const RowNames& rows, const StageArgs& a, bool json) {
    Output out(a.source.out);
    auto kind = [&](std::size_t i) { return r.returning[i] ? "returning" : "new"; };
    std::vector<std::pair<std::string, std::int64_t>> counts{{"new", r.new_customers},
                                                             {"returning", r.returning_customers}};
    if (json) {
        auto customers = nlohmann::json::array();
        for (std::size_t i : rows.order) customers.push_back({{"customer_id", rows.names[i]}, {"kind", kind(i)}});
        out.json({{"from", a.from}, {"to", a.to}, {"new", r.new_customers}, {"returning", r.returning_customers},
                  {"customers", customers}});
    } else if (a.summary) {
        print_bars(counts, "kind", out);
    } else {
        out.text("customer_id,kind").end_row();
        for (std::size_t i : rows.order) out.field(rows.names[i]).text(",").text(kind(i)).end_row();
    }
    out.flush();
}

void run_new_vs_returning(const StageArgs& a, const GlobalOptions& global) {
    auto from = date_option(a.from, "--from");
    auto to = date_option(a.to, "--to");
    if (from > to) throw InvalidInput("--from", a.from + " is after --to " + a.to);
    auto src = open_source(a.source, global);
    per_customer(
        src, [&](Database& db) { return db.analytics().new_vs_returning(from, to, a.source.currency); },
        [&](const TransactionColumns& t, auto) { return new_vs_returning(t, from, to); },
        [&](const CustomerRecurrence& r, const RowNames& rows) { write_recurrence(r, rows, a, global.json); });
}

}  // namespace

void register_stage_commands(CLI::App& app, CommandLine& cl) {
    auto funnel = std::make_shared<StageArgs>();
    CLI::App* cmd = add_command(app, cl, "funnel", "How many customers are in each lifecycle stage (bars)",
                                [funnel, &cl] { run_funnel(*funnel, cl.global); });
    add_source_options(cmd, funnel->source, true);
    cmd->add_option("--as-of", funnel->as_of, "The day to compute at (YYYY-MM-DD)")->required();
    add_lifecycle_rule_options(cmd, funnel->rules);
    cmd->footer("Output: stage, customers, share of all customers, a bar; stages in lifecycle order.\n"
                "--json: {as_of, customers, stages: [{stage, customers, share}]}");

    auto history = std::make_shared<StageArgs>();
    cmd = add_command(app, cl, "stage-history", "Every lifecycle stage change of every customer (CSV out)",
                      [history, &cl] { run_history(*history, cl.global); });
    add_source_options(cmd, history->source, false);
    cmd->add_option("--as-of", history->as_of, "The last day to follow (YYYY-MM-DD)")->required();
    add_lifecycle_rule_options(cmd, history->rules);
    cmd->footer("Output: customer_id,date,stage (--json: an array of objects with those keys)");

    auto transitions = std::make_shared<StageArgs>();
    cmd = add_command(app, cl, "transitions", "Customers by stage on one day and on a later day (a matrix)",
                      [transitions, &cl] { run_transitions(*transitions, cl.global); });
    add_source_options(cmd, transitions->source, true);
    cmd->add_option("--from", transitions->from, "The earlier day (YYYY-MM-DD)")->required();
    cmd->add_option("--to", transitions->to, "The later day (YYYY-MM-DD)")->required();
    add_lifecycle_rule_options(cmd, transitions->rules);
    cmd->footer("Output: a table, rows = stage on --from, columns = stage on --to.\n"
                "--json: {from, to, stages, matrix} with matrix[from_stage][to_stage]");

    auto recurrence = std::make_shared<StageArgs>();
    cmd = add_command(app, cl, "new-vs-returning", "Customers who bought in a period: new or returning (CSV out)",
                      [recurrence, &cl] { run_new_vs_returning(*recurrence, cl.global); });
    add_source_options(cmd, recurrence->source, false);
    cmd->add_option("--from", recurrence->from, "First day of the period (YYYY-MM-DD)")->required();
    cmd->add_option("--to", recurrence->to, "Last day of the period, inclusive (YYYY-MM-DD)")->required();
    cmd->add_flag("--summary", recurrence->summary, "Print the two counts with shares and bars instead");
    cmd->footer("Output: customer_id,kind (new when the first purchase ever is in the period).\n"
                "--json: {from, to, new, returning, customers: [{customer_id, kind}]}");
}

}  // namespace clientele::cli
