// clientele report — the HTML report of the store (docs/report.md), written through the
// library's one safe way of writing a file (a temporary file renamed over --out, never the
// database).
#include <iostream>
#include <memory>

#include <clientele/database.hpp>
#include <clientele/error.hpp>

#include "analytics_input.hpp"
#include "commands.hpp"

namespace clientele::cli {

namespace {

struct ReportArgs {
    std::string db, as_of, from, lang = "zh-CN", owner, currency, out;
    int top = 20;
    bool no_names = false;
    int stale_days = 365;
};

}  // namespace

void register_report_commands(CLI::App& app, CommandLine& cl) {
    auto a = std::make_shared<ReportArgs>();
    CLI::App* cmd = add_command(app, cl, "report", "Write the HTML report of the customers you can see",
                                [a, &cl] {
                                    ReportOptions o;
                                    o.as_of = date_option(a->as_of, "--as-of");
                                    if (!a->from.empty()) o.from = date_option(a->from, "--from");
                                    o.lang = a->lang;
                                    o.owner = a->owner;
                                    o.currency = a->currency;
                                    o.top_customers = a->top;
                                    o.show_names = !a->no_names;
                                    o.stale_days = a->stale_days;
                                    Database db = open_store(a->db, cl.global);
                                    db.reports().write_html(a->out, o);
                                    std::cout << a->out << "\n";
                                });
    cmd->add_option("DB", a->db, "Database file")->required();
    cmd->add_option("--as-of", a->as_of, "Last day counted (YYYY-MM-DD, UTC)")->required();
    cmd->add_option("--from", a->from, "First day of the period (default: 30 days up to --as-of)");
    cmd->add_option("--lang", a->lang, "zh-CN (default) or en");
    cmd->add_option("--owner", a->owner, "Only the customers owned by this user");
    cmd->add_option("--currency", a->currency, "Currency to count (default: the only one)");
    cmd->add_option("--top", a->top, "Rows of the top-customers table (1..100, default 20)");
    cmd->add_flag("--no-names", a->no_names, "Public references instead of names in the top-customers table");
    cmd->add_option("--stale-days", a->stale_days, "Verification older than this is stale (default 365)");
    cmd->add_option("--out", a->out, "The HTML file to write")->required();
}

}  // namespace clientele::cli
