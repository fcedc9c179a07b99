// clientele loyalty rules | expire | levels | level-history — the loyalty program over the
// points ledger (docs/loyalty.md).
#include <iostream>
#include <memory>

#include <clientele/database.hpp>
#include <clientele/loyalty.hpp>
#include <clientele/time.hpp>
#include "json/json.hpp"

#include "commands.hpp"
#include "record_input.hpp"
#include "render.hpp"
#include "table.hpp"

namespace clientele::cli {
namespace {

struct RulesOptions {
    std::string db, set;
};

void run_rules(const RulesOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    if (!o.set.empty()) {
        db.loyalty().set_rules(read_text(o.set));
        if (!g.json) {
            std::cout << "loyalty rules set\n";
            return;
        }
    }
    // The rules are JSON in every output: there is no table form of a rule set.
    print_json(nlohmann::json::parse(db.loyalty().rules()));
}

struct RunOptions {
    std::string db, as_of;
};

Timestamp as_of(const RunOptions& o) { return o.as_of.empty() ? now_utc() : parse_timestamp(o.as_of, "--as-of"); }

void run_expire(const RunOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    const auto report = db.loyalty().expire_due(as_of(o));
    if (g.json) print_json(to_json(report));
    else std::cout << "expired " << report.points << " points in " << report.entries << " lots of " << report.customers
                   << " customers\n";
}

// A customer as people know them: display name, else the id.
std::string customer_name(Database& db, const Uuid& id) {
    const Customer c = db.customers().get(id.to_string());
    return c.display_name.empty() ? id.to_string() : c.display_name;
}

void print_changes(Database& db, const std::vector<LevelChange>& changes, const GlobalOptions& g, bool with_customer) {
    if (g.json) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& c : changes) a.push_back(to_json(c));
        print_json(a);
        return;
    }
    if (changes.empty()) {
        std::cout << "(no level changes)\n";
        return;
    }
    std::vector<std::string> head{"AT", "FROM", "TO", "BASIS"};
    if (with_customer) head.insert(head.begin(), "CUSTOMER");
    Table t(head);
    t.align_right(head.size() - 1);
    for (const auto& c : changes) {
        std::vector<std::string> row{format_timestamp(c.at), c.from.empty() ? "-" : c.from, c.to,
                                     std::to_string(c.basis_value)};
        if (with_customer) row.insert(row.begin(), customer_name(db, c.customer_id));
        t.add_row(row);
    }
    t.print(std::cout);
}

}  // namespace

void register_loyalty_commands(CLI::App& app, CommandLine& cl) {
    CLI::App* group = add_group(app, cl, "loyalty", "The loyalty program: rules, expiry, membership levels");
    {
        auto o = std::make_shared<RulesOptions>();
        CLI::App* cmd = add_command(*group, cl, "rules", "Print the loyalty rule set, or set it with --set",
                                    [o, &cl] { run_rules(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("--set", o->set, "A JSON file with the new rule set (- for stdin; {} clears it)");
    }
    {
        auto o = std::make_shared<RunOptions>();
        CLI::App* cmd = add_command(*group, cl, "expire", "Expire what is left of the lots due (idempotent)",
                                    [o, &cl] { run_expire(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("--as-of", o->as_of, "Expire the lots due by then (ISO 8601; default now)");
    }
    {
        auto o = std::make_shared<RunOptions>();
        CLI::App* cmd = add_command(*group, cl, "levels", "Evaluate membership levels and list who moved", [o, &cl] {
            Database db = open_store(o->db, cl.global);
            print_changes(db, db.loyalty().evaluate_levels(as_of(*o)), cl.global, true);
        });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("--as-of", o->as_of, "Evaluate at this time (ISO 8601; default now)");
    }
    {
        auto db = std::make_shared<std::string>();
        auto customer = std::make_shared<std::string>();
        CLI::App* cmd = add_command(*group, cl, "level-history", "List a customer's level changes, oldest first",
                                    [db, customer, &cl] {
            Database d = open_store(*db, cl.global);
            print_changes(d, d.loyalty().level_history(*customer), cl.global, false);
        });
        cmd->add_option("DB", *db, "Database file")->required();
        cmd->add_option("CUSTOMER", *customer, "Customer id or external id")->required();
    }
}

}  // namespace clientele::cli
