// clientele rfm / clientele lifecycle — customer analytics over a transactions CSV or a
// store (--db), written as CSV, or JSON with --json (docs/analytics.md has the rules and
// the columns). The input and output pieces are shared with the stage commands
// (analytics_input.hpp).
#include <memory>

#include <clientele/analytics.hpp>
#include <clientele/error.hpp>
#include <clientele/database.hpp>

#include <clientele/json.hpp>

#include "analytics_input.hpp"
#include "commands.hpp"
#include "record_input.hpp"

namespace clientele::cli {

namespace {

struct AnalyticsArgs {
    SourceArgs source;
    std::string as_of;
    int bins = 5;
    RfmOptions rfm;          // rfm only: tiers
    std::string segments;    // rfm only: a JSON file of segment rules
    LifecycleOptions rules;  // lifecycle only
};

void write_rfm(const RfmScores& s, const RowNames& rows, const std::string& out_path, bool json, int decimals) {
    Output out(out_path);
    if (json) {
        auto a = nlohmann::json::array();
        for (std::size_t i : rows.order) {
            auto seg = s.segment_name(i);
            a.push_back({{"customer_id", rows.names[i]}, {"recency_days", s.recency_days[i]},
                         {"frequency", s.frequency[i]}, {"monetary", units(s.monetary[i], decimals)},
                         {"monetary_minor", s.monetary[i]}, {"r", s.r[i]}, {"f", s.f[i]}, {"m", s.m[i]},
                         {"rfm", s.rfm(i)}, {"segment", seg.empty() ? nlohmann::json(nullptr) : nlohmann::json(seg)},
                         {"value_tier", to_string(s.value_tier[i])}});
        }
        out.json(a).flush();
        return;
    }
    out.text("customer_id,recency_days,frequency,monetary,r,f,m,rfm,segment,value_tier").end_row();
    for (std::size_t i : rows.order) {
        out.field(rows.names[i]).text(",").number(s.recency_days[i]).text(",").number(s.frequency[i]).text(",");
        out.minor(s.monetary[i], decimals).text(",").number(s.r[i]).text(",").number(s.f[i]).text(",").number(s.m[i]);
        out.text(",").number(s.r[i]).number(s.f[i]).number(s.m[i]).text(",").text(s.segment_name(i)).text(",");
        out.text(to_string(s.value_tier[i])).end_row();
    }
    out.flush();
}

void write_lifecycle(const LifecycleStages& l, const RowNames& rows, const std::string& out_path, bool json) {
    Output out(out_path);
    if (json) {
        auto a = nlohmann::json::array();
        for (std::size_t i : rows.order)
            a.push_back({{"customer_id", rows.names[i]}, {"stage", to_string(l.stage[i])},
                         {"stage_since", json_date(l.stage_since[i])}});
        out.json(a).flush();
        return;
    }
    out.text("customer_id,stage,stage_since").end_row();
    for (std::size_t i : rows.order)
        out.field(rows.names[i]).text(",").text(to_string(l.stage[i])).text(",").date(l.stage_since[i]).end_row();
    out.flush();
}

void run_rfm(const AnalyticsArgs& a, const GlobalOptions& global) {
    RfmOptions options = a.rfm;
    options.as_of = date_option(a.as_of, "--as-of");
    options.bins = a.bins;
    if (!a.segments.empty()) options.segments = segment_rules_from_json_text(read_text(a.segments));
    auto src = open_source(a.source, global);
    per_customer(
        src, [&](Database& db) { return db.analytics().rfm(options, a.source.currency); },
        [&](const TransactionColumns& t, auto) { return rfm(t, options); },
        [&](const RfmScores& s, const RowNames& rows) { write_rfm(s, rows, a.source.out, global.json, src.decimals); });
}

void run_lifecycle(const AnalyticsArgs& a, const GlobalOptions& global) {
    LifecycleOptions options = a.rules;
    options.as_of = date_option(a.as_of, "--as-of");
    auto src = open_source(a.source, global);
    per_customer(
        src, [&](Database& db) { return db.analytics().lifecycle(options, a.source.currency); },
        [&](const TransactionColumns& t, auto known) { return lifecycle(t, known, options); },
        [&](const LifecycleStages& l, const RowNames& rows) { write_lifecycle(l, rows, a.source.out, global.json); });
}

void add_as_of(CLI::App* cmd, AnalyticsArgs& a) {
    cmd->add_option("--as-of", a.as_of, "The day to compute at (YYYY-MM-DD); later rows are ignored")->required();
}

}  // namespace

void register_analytics_commands(CLI::App& app, CommandLine& cl) {
    auto rfm_args = std::make_shared<AnalyticsArgs>();
    CLI::App* rfm_cmd = add_command(app, cl, "rfm", "RFM scores, segments and value tiers per customer (CSV out)",
                                    [rfm_args, &cl] { run_rfm(*rfm_args, cl.global); });
    add_source_options(rfm_cmd, rfm_args->source, false);
    add_as_of(rfm_cmd, *rfm_args);
    rfm_cmd->add_option("--bins", rfm_args->bins, "Score bins, 2..10 (segments need 5)")->capture_default_str();
    rfm_cmd->add_option("--segments", rfm_args->segments,
                        "JSON file of segment rules instead of the default grid: "
                        "[{\"name\": \"vip\", \"r\": [4, 5], \"f\": [4, 5]}, ...], the first match wins");
    rfm_cmd->add_option("--high-tier", rfm_args->rfm.high_tier,
                        "value_tier high from this monetary rank share, 0..1")->capture_default_str();
    rfm_cmd->add_option("--medium-tier", rfm_args->rfm.medium_tier,
                        "value_tier medium from this monetary rank share, 0..1")->capture_default_str();
    rfm_cmd->footer("Output: customer_id,recency_days,frequency,monetary,r,f,m,rfm,segment,value_tier\n"
                    "--json: an array of objects with those keys, plus monetary_minor (exact, in the currency's minor units)");

    auto life_args = std::make_shared<AnalyticsArgs>();
    CLI::App* life_cmd = add_command(app, cl, "lifecycle", "Lifecycle stage of each customer (CSV out)",
                                     [life_args, &cl] { run_lifecycle(*life_args, cl.global); });
    add_source_options(life_cmd, life_args->source, true);
    add_as_of(life_cmd, *life_args);
    add_lifecycle_rule_options(life_cmd, life_args->rules);
    life_cmd->footer("Output: customer_id,stage,stage_since (--json: an array of objects with those keys)\n"
                     "See also: clientele funnel, stage-history, transitions, new-vs-returning");
}

}  // namespace clientele::cli
