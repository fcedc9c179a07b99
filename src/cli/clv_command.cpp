// clientele clv — customer lifetime value over a transactions CSV or a store (--db): the
// CLV summary, BG/NBD and Gamma-Gamma fits and the predictions per customer
// (docs/clv.md), written as CSV, or JSON with --json (the fits included).
#include <charconv>
#include <cmath>
#include <memory>

#include <clientele/clv.hpp>
#include <clientele/database.hpp>
#include <clientele/json.hpp>

#include "analytics_input.hpp"
#include "commands.hpp"

namespace clientele::cli {

namespace {

struct ClvArgs {
    SourceArgs source;
    std::string as_of;
    std::string period = "D";
    double horizon = 365;
    double discount_rate = 0.01;
    std::size_t min_repeat_customers = 10;
    std::string parameters;  ///< --parameters FILE: the fitted parameters as CSV
};

/// Shortest text that reads back to the same double.
std::string number(double v) {
    char tmp[32];
    auto end = std::to_chars(tmp, tmp + sizeof tmp, v).ptr;
    return std::string(tmp, end);
}

nlohmann::json fit_json(const ClvFit& f) {
    auto a = nlohmann::json::array();
    for (std::size_t k = 0; k < f.names.size(); ++k)
        a.push_back({{"parameter", f.names[k]}, {"value", f.values[k]}, {"standard_error", f.standard_errors[k]}});
    return {{"parameters", a}, {"log_likelihood", f.log_likelihood}, {"customers", f.customers},
            {"iterations", f.iterations}};
}

/// Amounts of the core (minor units) in currency units, with v of Gamma-Gamma likewise.
struct Units {
    double scale = 1;
    explicit Units(int decimals) {
        for (int k = 0; k < decimals; ++k) scale *= 10;
    }
    double operator()(double minor) const { return minor / scale; }
};

void write_parameters(const ClvScores& s, const Units& money, const std::string& path) {
    Output out(path);
    out.text("model,parameter,value,standard_error").end_row();
    auto rows = [&](const char* model, const ClvFit& f) {
        for (std::size_t k = 0; k < f.names.size(); ++k) {
            const double unit = f.names[k] == "v" ? money.scale : 1;
            out.text(model).text(",").text(f.names[k]).text(",").text(number(f.values[k] / unit)).text(",");
            out.text(number(f.standard_errors[k] / unit)).end_row();
        }
    };
    rows("bgnbd", s.bgnbd);
    rows("gamma_gamma", s.gamma_gamma);
    out.flush();
}

void write_clv(const ClvScores& s, const RowNames& rows, const ClvArgs& a, bool json, int decimals) {
    const Units money(decimals);
    const ClvSummary& m = s.summary;
    if (!a.parameters.empty()) write_parameters(s, money, a.parameters);
    Output out(a.source.out);
    if (json) {
        auto customers = nlohmann::json::array();
        for (std::size_t i : rows.order)
            customers.push_back({{"customer_id", rows.names[i]}, {"frequency", m.frequency[i]}, {"recency", m.recency[i]},
                                 {"T", m.T[i]}, {"monetary_value", money(m.monetary_value[i])},
                                 {"p_alive", s.p_alive[i]}, {"expected_purchases", s.expected_purchases[i]},
                                 {"expected_value", money(s.expected_value[i])}, {"clv", money(s.clv[i])}});
        auto gg = fit_json(s.gamma_gamma);
        for (auto& p : gg["parameters"])
            if (p["parameter"] == "v") {
                p["value"] = money(p["value"].get<double>());
                p["standard_error"] = money(p["standard_error"].get<double>());
            }
        gg["frequency_monetary_correlation"] = s.gamma_gamma.frequency_monetary_correlation;
        gg["excluded"] = s.spend_fit_excluded;
        out.json({{"period", std::string(to_string(m.period))}, {"horizon", a.horizon},
                  {"bgnbd", fit_json(s.bgnbd)}, {"gamma_gamma", gg}, {"customers", customers}})
            .flush();
        return;
    }
    out.text("customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,expected_value,clv").end_row();
    for (std::size_t i : rows.order) {
        out.field(rows.names[i]);
        for (double v : {m.frequency[i], m.recency[i], m.T[i], money(m.monetary_value[i]), s.p_alive[i],
                         s.expected_purchases[i], money(s.expected_value[i]), money(s.clv[i])})
            out.text(",").text(number(v));
        out.end_row();
    }
    out.flush();
}

void run_clv(const ClvArgs& a, const GlobalOptions& global) {
    ClvScoreOptions o;
    o.as_of = date_option(a.as_of, "--as-of");
    o.period = parse_clv_period(a.period);
    o.horizon = a.horizon;
    o.monthly_discount_rate = a.discount_rate;
    o.fit.min_repeat_customers = a.min_repeat_customers;
    auto src = open_source(a.source, global);
    if (src.db) {
        auto r = src.db->analytics().clv(o, a.source.currency);
        write_clv(r.scores, store_row_names(std::move(r.customer)), a, global.json, src.decimals);
        return;
    }
    const ClvScores s = clv_scores(src.csv.columns(), o);
    write_clv(s, csv_row_names(s.summary.customer, src.csv.customers), a, global.json, src.decimals);
}

}  // namespace

void register_clv_command(CLI::App& app, CommandLine& cl) {
    auto args = std::make_shared<ClvArgs>();
    CLI::App* cmd = add_command(app, cl, "clv",
                                "Customer lifetime value: BG/NBD and Gamma-Gamma fits, P(alive), expected purchases "
                                "and CLV per customer (CSV out)",
                                [args, &cl] { run_clv(*args, cl.global); });
    add_source_options(cmd, args->source, false);
    cmd->add_option("--as-of", args->as_of, "The observation end (YYYY-MM-DD); later rows are ignored")->required();
    cmd->add_option("--period", args->period, "Unit of recency, T and --horizon: D, W (from Monday) or M")
        ->capture_default_str();
    cmd->add_option("--horizon", args->horizon, "Periods to predict purchases and CLV over")->capture_default_str();
    cmd->add_option("--discount-rate", args->discount_rate, "Monthly discount rate of the CLV")->capture_default_str();
    cmd->add_option("--min-repeat-customers", args->min_repeat_customers,
                    "Refuse to fit with fewer customers with a repeat purchase")->capture_default_str();
    cmd->add_option("--parameters", args->parameters,
                    "Also write the fitted parameters with standard errors to this CSV file");
    cmd->footer("Output: customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,expected_value,clv\n"
                "--json: {period, horizon, bgnbd, gamma_gamma (parameters with standard errors), customers}");
}

}  // namespace clientele::cli
