// clientele cohorts / repeat / revenue-by — the tables a retention analysis starts with,
// from a transactions CSV or a store (--db), through the same input as rfm
// (analytics_input.hpp) and the core of clientele/cohorts.hpp. CSV out, or JSON with --json.
#include <cstdio>
#include <memory>
#include <string>

#include <clientele/cohorts.hpp>
#include <clientele/database.hpp>
#include <clientele/error.hpp>
#include <clientele/time.hpp>

#include "analytics_input.hpp"
#include "commands.hpp"

namespace clientele::cli {

namespace {

struct CohortArgs {
    SourceArgs source;
    std::string as_of, from, by = "segment";
    bool gaps = false;
};

/// "2024-01" for a month since January 1970.
std::string month_text(MonthIndex month) { return format_date(from_days(first_day_of_month(month))).substr(0, 7); }

/// A share or a number of days with up to 6 decimals, trailing zeros dropped ("0.4", "15").
std::string decimal(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6f", v);
    std::string s(buf);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s;
}

std::optional<std::chrono::sys_days> from_option(const std::string& from) {
    if (from.empty()) return std::nullopt;
    return date_option(from, "--from");
}

CohortOptions cohort_options(const CohortArgs& a) {
    CohortOptions o;
    o.as_of = date_option(a.as_of, "--as-of");
    o.from = from_option(a.from);
    if (o.from && *o.from > o.as_of) throw InvalidInput("--from", a.from + " is after --as-of " + a.as_of);
    return o;
}

void run_cohorts(const CohortArgs& a, const GlobalOptions& global) {
    auto o = cohort_options(a);
    auto src = open_source(a.source, global);
    auto t = src.db ? src.db->analytics().cohorts(o, a.source.currency) : cohorts(src.csv.columns(), o);
    Output out(a.source.out);
    if (global.json) {
        auto rows = nlohmann::json::array();
        for (std::size_t i = 0; i < t.size(); ++i)
            rows.push_back({{"cohort", month_text(t.cohort[i])}, {"period", t.period[i]},
                            {"cohort_customers", t.cohort_customers[i]}, {"customers", t.customers[i]},
                            {"revenue", units(t.revenue[i], src.decimals)}, {"revenue_minor", t.revenue[i]},
                            {"retention", t.retention[i]}});
        out.json(rows).flush();
        return;
    }
    out.text("cohort,period,cohort_customers,customers,revenue,retention").end_row();
    for (std::size_t i = 0; i < t.size(); ++i) {
        out.text(month_text(t.cohort[i])).text(",").number(t.period[i]).text(",").number(t.cohort_customers[i]);
        out.text(",").number(t.customers[i]).text(",").minor(t.revenue[i], src.decimals).text(",").text(decimal(t.retention[i]));
        out.end_row();
    }
    out.flush();
}

void run_repeat(const CohortArgs& a, const GlobalOptions& global) {
    auto o = cohort_options(a);
    auto src = open_source(a.source, global);
    auto r = src.db ? src.db->analytics().repeat_purchases(o, a.source.currency) : repeat_purchases(src.csv.columns(), o);
    std::vector<std::string> buckets;
    std::int64_t low = 0;
    for (auto upper : kGapBucketUpperDays) {
        buckets.push_back(std::to_string(low) + "-" + std::to_string(upper));
        low = upper + 1;
    }
    buckets.push_back(std::to_string(low) + "+");
    // Without a repeat purchase there is no gap to average: no number rather than 0.
    auto stat = [&](double v) { return r.gaps > 0 ? nlohmann::json(v) : nlohmann::json(nullptr); };
    auto stat_text = [&](double v) { return r.gaps > 0 ? decimal(v) : std::string(); };
    Output out(a.source.out);
    if (global.json) {
        auto cohorts_json = nlohmann::json::array();
        for (std::size_t i = 0; i < r.size(); ++i)
            cohorts_json.push_back({{"cohort", month_text(r.cohort[i])}, {"customers", r.customers[i]},
                                    {"repeat_customers", r.repeat_customers[i]}, {"repeat_rate", r.repeat_rate[i]}});
        auto buckets_json = nlohmann::json::array();
        for (std::size_t b = 0; b < kGapBuckets; ++b)
            buckets_json.push_back({{"bucket", buckets[b]}, {"gaps", r.gap_buckets[b]}});
        out.json({{"as_of", a.as_of}, {"customers", r.total_customers}, {"repeat_customers", r.total_repeat_customers},
                  {"repeat_rate", r.total_repeat_rate}, {"cohorts", cohorts_json},
                  {"gaps", {{"count", r.gaps}, {"mean_days", stat(r.gap_mean_days)},
                            {"median_days", stat(r.gap_median_days)}, {"p90_days", stat(r.gap_p90_days)},
                            {"buckets", buckets_json}}}})
            .flush();
        return;
    }
    if (a.gaps) {
        out.text("bucket,gaps").end_row();
        for (std::size_t b = 0; b < kGapBuckets; ++b) out.text(buckets[b]).text(",").number(r.gap_buckets[b]).end_row();
        out.flush();
        return;
    }
    out.text("cohort,customers,repeat_customers,repeat_rate,gaps,gap_mean_days,gap_median_days,gap_p90_days").end_row();
    for (std::size_t i = 0; i < r.size(); ++i)
        out.text(month_text(r.cohort[i])).text(",").number(r.customers[i]).text(",").number(r.repeat_customers[i])
            .text(",").text(decimal(r.repeat_rate[i])).text(",,,,").end_row();
    out.text("all,").number(r.total_customers).text(",").number(r.total_repeat_customers).text(",");
    out.text(decimal(r.total_repeat_rate)).text(",").number(r.gaps).text(",").text(stat_text(r.gap_mean_days));
    out.text(",").text(stat_text(r.gap_median_days)).text(",").text(stat_text(r.gap_p90_days)).end_row();
    out.flush();
}

void run_revenue_by(const CohortArgs& a, const GlobalOptions& global) {
    RevenueByOptions o;
    o.by = parse_revenue_grouping(a.by);
    o.as_of = date_option(a.as_of, "--as-of");
    o.from = from_option(a.from);
    if (o.from && *o.from > o.as_of) throw InvalidInput("--from", a.from + " is after --as-of " + a.as_of);
    auto src = open_source(a.source, global);
    auto g = src.db ? src.db->analytics().revenue_by(o, a.source.currency) : revenue_by(src.csv.columns(), o);
    const char* column = o.by == RevenueGrouping::segment      ? "segment"
                         : o.by == RevenueGrouping::value_tier ? "value_tier"
                                                               : "stage";
    Output out(a.source.out);
    if (global.json) {
        auto rows = nlohmann::json::array();
        for (std::size_t i = 0; i < g.size(); ++i)
            rows.push_back({{"month", month_text(g.month[i])}, {column, g.group_names[g.group[i]]},
                            {"customers", g.customers[i]}, {"active_customers", g.active_customers[i]},
                            {"revenue", units(g.revenue[i], src.decimals)}, {"revenue_minor", g.revenue[i]}});
        out.json(rows).flush();
        return;
    }
    out.text("month,").text(column).text(",customers,active_customers,revenue").end_row();
    for (std::size_t i = 0; i < g.size(); ++i) {
        out.text(month_text(g.month[i])).text(",").field(g.group_names[g.group[i]]).text(",").number(g.customers[i]);
        out.text(",").number(g.active_customers[i]).text(",").minor(g.revenue[i], src.decimals).end_row();
    }
    out.flush();
}

void add_period_options(CLI::App* cmd, CohortArgs& a, const char* from_help) {
    cmd->add_option("--as-of", a.as_of, "The last day counted (YYYY-MM-DD); later rows are ignored")->required();
    cmd->add_option("--from", a.from, from_help);
}

}  // namespace

void register_cohort_commands(CLI::App& app, CommandLine& cl) {
    auto cohort_args = std::make_shared<CohortArgs>();
    CLI::App* cmd = add_command(app, cl, "cohorts", "Monthly acquisition cohorts × months since first purchase (CSV out)",
                                [cohort_args, &cl] { run_cohorts(*cohort_args, cl.global); });
    add_source_options(cmd, cohort_args->source, false);
    add_period_options(cmd, *cohort_args, "First cohort: the month of this day (customers who bought earlier are left out)");
    cmd->footer("Output: cohort,period,cohort_customers,customers,revenue,retention (cohort = YYYY-MM, UTC;\n"
                "period = months since the first purchase). --json: an array of objects with those keys, plus\n"
                "revenue_minor (exact, in the currency's minor units). Rules: docs/analytics.md, \"Cohorts\"");

    auto repeat_args = std::make_shared<CohortArgs>();
    cmd = add_command(app, cl, "repeat", "Repeat-purchase rate per cohort and the days between purchases (CSV out)",
                      [repeat_args, &cl] { run_repeat(*repeat_args, cl.global); });
    add_source_options(cmd, repeat_args->source, false);
    add_period_options(cmd, *repeat_args, "First cohort counted: the month of this day");
    cmd->add_flag("--gaps", repeat_args->gaps, "Write the days between purchases by bucket instead: bucket,gaps");
    cmd->footer("Output: cohort,customers,repeat_customers,repeat_rate,gaps,gap_mean_days,gap_median_days,gap_p90_days;\n"
                "a row per cohort, then \"all\" with the gap statistics (empty when nobody bought twice).\n"
                "--json: {as_of, customers, repeat_customers, repeat_rate, cohorts: [...],\n"
                "gaps: {count, mean_days, median_days, p90_days, buckets: [{bucket, gaps}]}}");

    auto revenue_args = std::make_shared<CohortArgs>();
    cmd = add_command(app, cl, "revenue-by", "Revenue per month by RFM segment, value tier or lifecycle stage (CSV out)",
                      [revenue_args, &cl] { run_revenue_by(*revenue_args, cl.global); });
    add_source_options(cmd, revenue_args->source, false);
    add_period_options(cmd, *revenue_args, "First month reported: the month of this day");
    cmd->add_option("--by", revenue_args->by, "segment, tier or stage (each customer as at the end of every month)")
        ->capture_default_str();
    cmd->footer("Output: month,<segment|value_tier|stage>,customers,active_customers,revenue; every month and group.\n"
                "--json: an array of objects with those keys, plus revenue_minor (exact, in the currency's minor units)");
}

}  // namespace clientele::cli
