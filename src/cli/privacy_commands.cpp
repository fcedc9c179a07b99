// clientele anonymize | subject-export | retention — privacy requests (docs/privacy.md),
// and the --purpose rule of lists and exports (purpose.hpp).
#include <iostream>
#include <memory>

#include <clientele/database.hpp>
#include <clientele/error.hpp>
#include <clientele/time.hpp>
#include "json/json.hpp"

#include "commands.hpp"
#include "purpose.hpp"
#include "render.hpp"
#include "table.hpp"

namespace clientele::cli {

void add_purpose_options(CLI::App* cmd, PurposeOptions& o) {
    cmd->add_option("--purpose", o.purpose,
                    "marketing (only customers who granted --channel) or service (contact about an order)");
    cmd->add_option("--channel", o.channel, "with --purpose marketing: email, sms, phone or wechat");
}

void apply_purpose(const PurposeOptions& o, CustomerFilter& filter) {
    if (o.purpose.empty() && o.channel.empty()) return;
    if (o.purpose == "marketing") {
        if (o.channel.empty()) throw InvalidInput("--channel", "a marketing list needs the channel it is for");
        filter.consented = parse_consent_channel(o.channel, "--channel");
    } else if (o.purpose == "service") {
        if (!o.channel.empty()) throw InvalidInput("--channel", "applies to --purpose marketing only");
    } else if (o.purpose.empty()) {
        throw InvalidInput("--purpose", "--channel needs --purpose marketing");
    } else {
        throw InvalidInput("--purpose", "'" + o.purpose + "' is not marketing or service");
    }
}

namespace {

struct RetentionArgs {
    std::string db, as_of;
    std::int64_t prospect_days = 0;
    bool apply = false;
};

void run_retention(const RetentionArgs& a, const GlobalOptions& g) {
    RetentionOptions o;
    o.as_of = parse_timestamp(a.as_of, "--as-of");
    o.prospect_days = a.prospect_days;
    o.dry_run = !a.apply;
    Database db = open_store(a.db, g);
    const auto r = db.privacy().apply_retention(o);
    if (g.json) {
        print_json(to_json(r));
        return;
    }
    Table t({"ID", "EXTERNAL ID", "NAME", "UPDATED"});
    for (const auto& c : r.customers)
        t.add_row({c.id.to_string(), c.external_id, c.display_name, format_timestamp(c.updated_at)});
    if (!r.customers.empty()) t.print(std::cout);
    std::cout << (r.dry_run ? "would delete " : "deleted ") << r.customers.size()
              << (r.customers.size() == 1 ? " customer" : " customers")
              << (r.dry_run ? " (dry run; --apply deletes them)" : "") << '\n';
}

}  // namespace

void register_privacy_commands(CLI::App& app, CommandLine& cl) {
    {
        auto db = std::make_shared<std::string>();
        auto customer = std::make_shared<std::string>();
        CLI::App* cmd = add_command(app, cl, "anonymize",
                                    "Wipe a customer's personal data irreversibly, keeping a pseudonymous record (admins)",
                                    [db, customer, &cl] {
                                        Database d = open_store(*db, cl.global);
                                        const Customer c = d.privacy().anonymize(*customer);
                                        if (cl.global.json) print_json(to_json(c));
                                        else std::cout << "anonymized customer " << c.id.to_string() << '\n';
                                    });
        cmd->add_option("DB", *db, "Database file")->required();
        cmd->add_option("CUSTOMER", *customer, "Customer id or external id")->required();
    }
    {
        auto db = std::make_shared<std::string>();
        auto customer = std::make_shared<std::string>();
        auto out = std::make_shared<std::string>();
        CLI::App* cmd = add_command(app, cl, "subject-export",
                                    "Write everything held about a person into a directory (admins)",
                                    [db, customer, out, &cl] {
                                        Database d = open_store(*db, cl.global);
                                        const auto r = d.privacy().subject_export(*customer, *out);
                                        if (cl.global.json) {
                                            print_json(to_json(r));
                                            return;
                                        }
                                        for (const auto& f : r.files) std::cout << f.string() << '\n';
                                        std::cout << r.interactions << " interactions, " << r.points_entries
                                                  << " points entries, " << r.merges << " merges, "
                                                  << r.reminders << " reminders, " << r.cases << " cases, "
                                                  << r.level_changes << " level changes\n";
                                    });
        cmd->add_option("DB", *db, "Database file")->required();
        cmd->add_option("CUSTOMER", *customer, "Customer id or external id")->required();
        cmd->add_option("--out", *out, "Directory to write into (made if missing; files are never overwritten)")
            ->required();
    }
    {
        auto a = std::make_shared<RetentionArgs>();
        CLI::App* cmd = add_command(app, cl, "retention", "Delete prospects nobody has dealt with for too long (admins)",
                                    [a, &cl] { run_retention(*a, cl.global); });
        cmd->add_option("DB", a->db, "Database file")->required();
        cmd->add_option("--as-of", a->as_of, "The day the rule is applied for (ISO 8601)")->required();
        cmd->add_option("--prospect-days", a->prospect_days,
                        "Prospects (no purchase) with no interaction or change for this many days")
            ->required();
        cmd->add_flag("--apply", a->apply, "Delete them (without it: a dry run that lists them)");
    }
}

}  // namespace clientele::cli
