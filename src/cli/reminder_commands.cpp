// clientele reminders DB --as-of D [--horizon 7d] [--owner U] [--csv] — today's care
// reminders; reminders add | done | snooze | dismiss | rules (docs/reminders.md).
#include <charconv>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include <clientele/database.hpp>
#include <clientele/error.hpp>
#include <clientele/reminders.hpp>
#include <clientele/time.hpp>
#include "json/json.hpp"
#include "json/reminder_json.hpp"

#include "analytics_input.hpp"
#include "commands.hpp"
#include "render.hpp"
#include "table.hpp"

namespace clientele::cli {
namespace {

struct DueOptions {
    std::string db, as_of, horizon = "7d", owner, out, customer;
    bool csv = false;
};

/// "7d", "7" or "2w": a number of days.
int horizon_days(const std::string& text) {
    int n = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, n);
    const std::string_view unit(ptr, static_cast<std::size_t>(end - ptr));
    if (text.empty() || ec != std::errc() || !(unit.empty() || unit == "d" || unit == "w"))
        throw InvalidInput("--horizon", "'" + text + "' is not a number of days (7d, 2w or 7)");
    return unit == "w" ? n * 7 : n;
}

std::string date_or_empty(const std::optional<Date>& d) { return d ? format_date(*d) : ""; }

void write_csv(const std::vector<Reminder>& list, const std::string& path) {
    Output out(path);
    out.text("id,due_on,kind,occasion,customer,customer_name,owner,channel,reason,status,snoozed_until").end_row();
    for (const auto& r : list) {
        out.number(r.id).text(",").text(format_date(r.due_on)).text(",").text(to_string(r.kind)).text(",");
        out.field(r.occasion).text(",").field(r.customer).text(",").field(r.customer_name).text(",").field(r.owner);
        out.text(",").field(r.channel).text(",").field(r.reason).text(",").text(to_string(r.status)).text(",");
        out.text(date_or_empty(r.snoozed_until)).end_row();
    }
    out.flush();
}

void run_due(const DueOptions& o, const GlobalOptions& g) {
    if (o.db.empty()) throw UsageError("reminders: DB is required (clientele reminders DB --as-of YYYY-MM-DD)");
    if (!o.customer.empty() && (!o.as_of.empty() || !o.owner.empty()))
        throw UsageError("reminders: --customer lists one customer's reminders of any day; drop --as-of and --owner");
    if (o.as_of.empty() && o.customer.empty()) throw UsageError("reminders: --as-of (or --customer) is required");
    std::vector<Reminder> list;
    std::string none;
    Database db = open_store(o.db, g);
    if (!o.customer.empty()) {
        list = db.reminders().of_customer(o.customer);
        none = "(no reminders for " + o.customer + ")";
    } else {
        const Date as_of = parse_date(o.as_of, "--as-of");
        const int horizon = horizon_days(o.horizon);
        list = db.reminders().due(as_of, horizon, o.owner);
        none = "(no reminders due by " + format_date(from_days(to_days(as_of) + horizon)) + ")";
    }
    if (g.json) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& r : list) a.push_back(to_json(r));
        print_json(a);
        return;
    }
    if (o.csv || !o.out.empty()) {
        write_csv(list, o.out);
        return;
    }
    if (list.empty()) {
        std::cout << none << '\n';
        return;
    }
    Table t({"ID", "DUE", "KIND", "CUSTOMER", "OWNER", "CHANNEL", "REASON", "STATUS"});
    t.align_right(0);
    t.cap_width(3, 24);
    t.cap_width(6, 60);
    for (const auto& r : list) {
        const auto due = r.snoozed_until ? format_date(*r.snoozed_until) + " (snoozed)" : format_date(r.due_on);
        t.add_row({std::to_string(r.id), due, std::string(to_string(r.kind)),
                   r.customer_name.empty() ? r.customer : r.customer_name, r.owner,
                   r.channel.empty() ? "-" : r.channel, r.reason, std::string(to_string(r.status))});
    }
    t.print(std::cout);
}

void print_one(const Reminder& r, const GlobalOptions& g, std::string_view what) {
    if (g.json) {
        print_json(to_json(r));
        return;
    }
    std::cout << "reminder " << r.id << ' ' << what << ": " << to_string(r.kind) << " for "
              << (r.customer_name.empty() ? r.customer : r.customer_name) << " (" << r.reason << ")";
    if (r.snoozed_until) std::cout << ", until " << format_date(*r.snoozed_until);
    if (r.interaction) std::cout << ", interaction " << r.interaction->to_string();
    std::cout << '\n';
}

struct DoneOptions {
    std::string db, record, channel, subject, note;
    std::int64_t id = 0;
};

void run_done(const DoneOptions& o, const GlobalOptions& g) {
    ReminderOutcome outcome;
    outcome.note = o.note;
    if (!o.record.empty()) {
        Interaction i;
        i.kind = parse_interaction_kind(o.record, "--record");
        i.channel = o.channel;
        i.direction = Direction::outbound;
        i.subject = o.subject;
        i.body = o.note;
        outcome.interaction = i;
    } else if (!o.channel.empty() || !o.subject.empty()) {
        throw UsageError("reminders done: --channel and --subject describe the interaction of --record KIND");
    }
    Database db = open_store(o.db, g);
    print_one(db.reminders().done(o.id, outcome), g, "done");
}

std::string rules_text(const std::string& arg) {
    if (arg.empty() || arg.front() == '{') return arg;
    std::ifstream in(arg, std::ios::binary);
    if (!in) throw NotFound("cannot read rules file '" + arg + "'");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

void register_reminder_commands(CLI::App& app, CommandLine& cl) {
    auto due = std::make_shared<DueOptions>();
    CLI::App* cmd = add_command(app, cl, "reminders",
                                "Care reminders due by a day (table, --json or --csv); add, done, snooze, dismiss, rules",
                                [due, &cl] { run_due(*due, cl.global); });
    // The listing is the command itself; a subcommand chosen instead runs alone.
    cmd->callback([cmd, due, &cl] {
        if (cmd->get_subcommands().empty()) cl.action = [due, &cl] { run_due(*due, cl.global); };
    });
    cmd->add_option("DB", due->db, "Database file");
    cmd->add_option("--as-of", due->as_of, "The day (YYYY-MM-DD); required for the listing");
    cmd->add_option("--horizon", due->horizon, "Also what comes due this many days ahead (7d, 2w; default 7d)");
    cmd->add_option("--owner", due->owner, "Only the customers of this salesperson");
    cmd->add_option("--customer", due->customer, "Instead: every reminder of this customer, whatever its status or day");
    cmd->add_flag("--csv", due->csv, "CSV instead of a table");
    cmd->add_option("--out", due->out, "Write the CSV to this file");

    {
        struct AddOptions {
            std::string db, customer, due, reason, note;
        };
        auto o = std::make_shared<AddOptions>();
        CLI::App* sub = add_command(*cmd, cl, "add", "Add a follow-up by hand", [o, &cl] {
            FollowUp f{o->customer, parse_date(o->due, "--due"), o->reason, o->note};
            Database db = open_store(o->db, cl.global);
            print_one(db.reminders().add(f), cl.global, "added");
        });
        sub->add_option("DB", o->db, "Database file")->required();
        sub->add_option("CUSTOMER", o->customer, "Customer id or external id")->required();
        sub->add_option("--due", o->due, "The day it is due (YYYY-MM-DD, today or later)")->required();
        sub->add_option("--reason", o->reason, "What to follow up on");
        sub->add_option("--note", o->note, "A note");
    }
    {
        auto o = std::make_shared<DoneOptions>();
        CLI::App* sub = add_command(*cmd, cl, "done", "Mark a reminder done, optionally recording the interaction",
                                    [o, &cl] { run_done(*o, cl.global); });
        sub->add_option("DB", o->db, "Database file")->required();
        sub->add_option("ID", o->id, "Reminder id")->required();
        sub->add_option("--record", o->record, "Record an interaction of this kind (call, chat, sms, email, visit, ...)");
        sub->add_option("--channel", o->channel, "Its channel (wechat, phone, ...)");
        sub->add_option("--subject", o->subject, "Its subject");
        sub->add_option("--note", o->note, "A note (also the interaction's body)");
    }
    {
        struct SnoozeOptions {
            std::string db, until;
            std::int64_t id = 0;
        };
        auto o = std::make_shared<SnoozeOptions>();
        CLI::App* sub = add_command(*cmd, cl, "snooze", "Hide a reminder until a later day", [o, &cl] {
            const Date until = parse_date(o->until, "--until");
            Database db = open_store(o->db, cl.global);
            print_one(db.reminders().snooze(o->id, until), cl.global, "snoozed");
        });
        sub->add_option("DB", o->db, "Database file")->required();
        sub->add_option("ID", o->id, "Reminder id")->required();
        sub->add_option("--until", o->until, "The day it comes back (YYYY-MM-DD, today or later)")->required();
    }
    {
        struct DismissOptions {
            std::string db, note;
            std::int64_t id = 0;
        };
        auto o = std::make_shared<DismissOptions>();
        CLI::App* sub = add_command(*cmd, cl, "dismiss", "Dismiss a reminder", [o, &cl] {
            Database db = open_store(o->db, cl.global);
            print_one(db.reminders().dismiss(o->id, o->note), cl.global, "dismissed");
        });
        sub->add_option("DB", o->db, "Database file")->required();
        sub->add_option("ID", o->id, "Reminder id")->required();
        sub->add_option("--note", o->note, "Why");
    }
    {
        struct RulesOptions {
            std::string db, set;
        };
        auto o = std::make_shared<RulesOptions>();
        CLI::App* sub = add_command(*cmd, cl, "rules", "Show the reminder rules, or --set them (JSON text or file)",
                                    [o, &cl] {
            Database db = open_store(o->db, cl.global);
            if (!o->set.empty()) db.reminders().set_rules(reminder_rules_from_json_text(rules_text(o->set)));
            print_json(to_json(db.reminders().rules()));
        });
        sub->add_option("DB", o->db, "Database file")->required();
        sub->add_option("--set", o->set, "New rules: a JSON object, or a file holding one (docs/reminders.md)");
    }
}

}  // namespace clientele::cli
