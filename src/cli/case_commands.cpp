// clientele case open | update | list | show | escalate | sla, and service-report —
// complaints and suggestions as cases with SLA deadlines, and the survey/service report
// (docs/service.md).
#include <charconv>
#include <cstdio>
#include <iostream>
#include <memory>

#include <clientele/cases.hpp>
#include <clientele/database.hpp>
#include <clientele/error.hpp>
#include <clientele/time.hpp>

#include "commands.hpp"
#include "json/cases_json.hpp"
#include "record_input.hpp"
#include "render.hpp"
#include "table.hpp"

namespace clientele::cli {
namespace {

std::optional<Timestamp> optional_time(const std::string& text, const char* option) {
    if (text.empty()) return std::nullopt;
    return parse_timestamp(text, option);
}

std::string when(const std::optional<Timestamp>& t) { return t ? format_timestamp(*t) : ""; }

// A case id as typed: a positive whole number.
std::int64_t case_id(const std::string& text) {
    std::int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || n < 1)
        throw InvalidInput("CASE", "'" + text + "' is not a case id (a positive whole number)");
    return n;
}

void print_cases(const std::vector<Case>& cases, Timestamp as_of, const GlobalOptions& g) {
    if (g.json) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& c : cases) a.push_back(to_json(c, as_of));
        print_json(a);
        return;
    }
    if (cases.empty()) {
        std::cout << "(no cases)\n";
        return;
    }
    Table t({"ID", "TYPE", "STATUS", "PRIORITY", "OPENED", "RESOLUTION DUE", "ASSIGNEE", "ESCALATED", "BREACHED",
             "SUBJECT"});
    t.align_right(0);
    t.cap_width(9, 40);
    for (const auto& c : cases)
        t.add_row({std::to_string(c.id), std::string(to_string(c.type)), c.status, std::string(to_string(c.priority)),
                   format_timestamp(c.opened_at), format_timestamp(c.resolution_due), c.assignee, c.escalated_to,
                   c.breached(as_of) ? "yes" : "no", c.subject});
    t.print(std::cout);
}

void print_case(const Case& c, const GlobalOptions& g) {
    const Timestamp now = now_utc();
    if (g.json) {
        print_json(to_json(c, now));
        return;
    }
    Table f({"FIELD", "VALUE"});
    const std::pair<const char*, std::string> fields[] = {
        {"id", std::to_string(c.id)},
        {"type", std::string(to_string(c.type))},
        {"status", c.status},
        {"priority", std::string(to_string(c.priority))},
        {"customer", c.customer_id.to_string()},
        {"interaction", c.interaction_id.to_string()},
        {"owner", c.owner},
        {"assignee", c.assignee},
        {"channel", c.channel},
        {"subject", c.subject},
        {"opened", format_timestamp(c.opened_at)},
        {"first response due", format_timestamp(c.first_response_due)},
        {"first responded", when(c.first_responded_at)},
        {"resolution due", format_timestamp(c.resolution_due)},
        {"resolved", when(c.resolved_at)},
        {"closed", when(c.closed_at)},
        {"escalated to", c.escalated_to},
        {"breached", c.breached(now) ? "yes" : "no"}};
    for (const auto& [k, v] : fields)
        if (!v.empty()) f.add_row({k, v});
    f.print(std::cout);
    if (c.history.empty()) return;
    std::cout << '\n';
    Table h({"AT", "BY", "ACTION", "FROM", "TO", "NOTE"});
    h.cap_width(5, 40);
    for (const auto& e : c.history) h.add_row({format_timestamp(e.at), e.user, e.action, e.from, e.to, e.note});
    h.print(std::cout);
}

struct OpenOptions {
    std::string db, customer, interaction, type = "complaint", priority = "normal", assignee, channel, subject, body, at,
        due, note;
};

struct UpdateOptions {
    std::string db, id, status, priority, assignee, due, note, at;
    CLI::Option *assignee_opt = nullptr;
};

struct ListOptions {
    std::string db, customer, type, status, assignee, overdue_as_of;
    bool open = false, overdue = false;
    std::size_t limit = 100;
};

std::string number(const std::optional<double>& v, int decimals = 1) {
    if (!v) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
    return buf;
}

std::string percent(const std::optional<double>& v) { return v ? number(*v * 100.0) + "%" : "-"; }

void print_report(const ServiceReport& r, const GlobalOptions& g) {
    if (g.json) {
        print_json(to_json(r));
        return;
    }
    std::cout << "Service report " << format_timestamp(r.from) << " .. " << format_timestamp(r.to) << "\n";
    std::string dimension;
    std::unique_ptr<Table> t;
    auto flush = [&] {
        if (!t) return;
        std::cout << '\n' << dimension << '\n';
        t->print(std::cout);
    };
    for (const auto& x : r.rows) {
        if (x.dimension != dimension) {
            flush();
            dimension = x.dimension;
            t = std::make_unique<Table>(std::vector<std::string>{
                "GROUP", "SURVEYS", "RESPONSE", "NPS", "PROM/PASS/DETR", "CSAT", "CSAT 1-5", "COMPLAINTS",
                "SUGGESTIONS", "1ST RESP MED/P90 H", "RESOLVE MED/P90 H", "BREACH"});
            for (std::size_t c = 1; c < 12; ++c) t->align_right(c);
        }
        std::string dist;
        for (auto n : x.csat_counts) dist += (dist.empty() ? "" : "/") + std::to_string(n);
        t->add_row({x.group, std::to_string(x.surveys), percent(x.response_rate), number(x.nps),
                    std::to_string(x.promoters) + "/" + std::to_string(x.passives) + "/" + std::to_string(x.detractors),
                    number(x.csat_mean, 2), dist, std::to_string(x.complaints), std::to_string(x.suggestions),
                    number(x.first_response_median_hours) + "/" + number(x.first_response_p90_hours),
                    number(x.resolution_median_hours) + "/" + number(x.resolution_p90_hours), percent(x.breach_rate)});
    }
    flush();
}

}  // namespace

void register_case_commands(CLI::App& app, CommandLine& cl) {
    CLI::App* group = add_group(app, cl, "case", "Complaints and suggestions as cases: workflow, SLA, escalation");
    {
        auto o = std::make_shared<OpenOptions>();
        CLI::App* cmd = add_command(*group, cl, "open", "Open a case for a customer or a complaint/suggestion interaction", [o, &cl] {
            CaseOpening op;
            op.customer = o->customer;
            op.interaction = o->interaction;
            op.type = parse_case_type(o->type, "--type");
            op.priority = parse_case_priority(o->priority, "--priority");
            op.assignee = o->assignee;
            op.channel = o->channel;
            op.subject = o->subject;
            op.body = o->body;
            op.at = optional_time(o->at, "--at");
            op.resolution_due = optional_time(o->due, "--due");
            op.note = o->note;
            Database db = open_store(o->db, cl.global);
            const Case c = db.cases().open(op);
            if (cl.global.json) print_case(c, cl.global);
            else
                std::cout << "opened case " << c.id << " (" << to_string(c.type) << ", " << to_string(c.priority)
                          << "); first response due " << format_timestamp(c.first_response_due) << ", resolution due "
                          << format_timestamp(c.resolution_due) << '\n';
        });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("--customer", o->customer, "Customer id or external id (records a new interaction)");
        cmd->add_option("--interaction", o->interaction, "The complaint or suggestion interaction (id or external id)");
        cmd->add_option("--type", o->type, "complaint (default) or suggestion, with --customer");
        cmd->add_option("--priority", o->priority, "low, normal (default), high or urgent");
        cmd->add_option("--assignee", o->assignee, "Username (default: the customer's owner)");
        cmd->add_option("--channel", o->channel, "Channel of the new interaction");
        cmd->add_option("--subject", o->subject, "Subject of the new interaction");
        cmd->add_option("--body", o->body, "Text of the new interaction");
        cmd->add_option("--at", o->at, "When the new interaction happened (ISO 8601; default now)");
        cmd->add_option("--due", o->due, "Resolution deadline instead of the SLA's (ISO 8601, in the future)");
        cmd->add_option("--note", o->note, "A note for the history");
    }
    {
        auto o = std::make_shared<UpdateOptions>();
        CLI::App* cmd = add_command(*group, cl, "update", "Change a case's status, priority, assignee or deadline", [o, &cl] {
            CaseChange ch;
            if (!o->status.empty()) ch.status = o->status;
            if (!o->priority.empty()) ch.priority = parse_case_priority(o->priority, "--priority");
            if (o->assignee_opt->count() > 0) ch.assignee = o->assignee;
            ch.resolution_due = optional_time(o->due, "--due");
            ch.note = o->note;
            ch.at = optional_time(o->at, "--at");
            const auto id = case_id(o->id);
            Database db = open_store(o->db, cl.global);
            const Case c = db.cases().update(id, ch);
            if (cl.global.json) print_case(c, cl.global);
            else std::cout << "case " << c.id << ": " << c.status << ", " << to_string(c.priority) << '\n';
        });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("CASE", o->id, "Case id")->required();
        cmd->add_option("--status", o->status, "New status (complaint: in_progress, resolved, closed; "
                                               "suggestion: under_review, accepted, declined, closed)");
        cmd->add_option("--priority", o->priority, "low, normal, high or urgent (recomputes the SLA deadlines)");
        o->assignee_opt = cmd->add_option("--assignee", o->assignee, "Username (\"\" for none)");
        cmd->add_option("--due", o->due, "New resolution deadline (ISO 8601, after the change)");
        cmd->add_option("--note", o->note, "A note for the history");
        cmd->add_option("--at", o->at, "When the change happened (ISO 8601; default now)");
    }
    {
        auto o = std::make_shared<ListOptions>();
        CLI::App* cmd = add_command(*group, cl, "list", "List cases, newest first", [o, &cl] {
            CaseFilter f;
            f.customer = o->customer;
            if (!o->type.empty()) f.type = parse_case_type(o->type, "--type");
            f.status = o->status;
            f.assignee = o->assignee;
            f.open_only = o->open;
            const Timestamp as_of = o->overdue_as_of.empty() ? now_utc() : parse_timestamp(o->overdue_as_of, "--as-of");
            if (o->overdue) f.breached_as_of = as_of;
            f.limit = o->limit;
            Database db = open_store(o->db, cl.global);
            print_cases(db.cases().list(f), as_of, cl.global);
        });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("--customer", o->customer, "Only this customer's");
        cmd->add_option("--type", o->type, "complaint or suggestion");
        cmd->add_option("--status", o->status, "Only this status");
        cmd->add_option("--assignee", o->assignee, "Only this user's");
        cmd->add_flag("--open", o->open, "Only cases not resolved or closed");
        cmd->add_flag("--overdue", o->overdue, "Only open cases past a deadline (at --as-of)");
        cmd->add_option("--as-of", o->overdue_as_of, "The time breaches are judged at (ISO 8601; default now)");
        cmd->add_option("--limit", o->limit, "At most this many (1..10000, default 100)");
    }
    {
        auto db = std::make_shared<std::string>();
        auto id = std::make_shared<std::string>();
        CLI::App* cmd = add_command(*group, cl, "show", "Show a case and its history", [db, id, &cl] {
            const auto n = case_id(*id);
            Database d = open_store(*db, cl.global);
            print_case(d.cases().get(n), cl.global);
        });
        cmd->add_option("DB", *db, "Database file")->required();
        cmd->add_option("CASE", *id, "Case id")->required();
    }
    {
        auto db = std::make_shared<std::string>();
        auto as_of = std::make_shared<std::string>();
        CLI::App* cmd = add_command(*group, cl, "escalate", "Escalate open cases past a deadline to the owner's manager",
                                    [db, as_of, &cl] {
                                        const Timestamp t = as_of->empty() ? now_utc() : parse_timestamp(*as_of, "--as-of");
                                        Database d = open_store(*db, cl.global);
                                        print_cases(d.cases().escalate(t), t, cl.global);
                                    });
        cmd->add_option("DB", *db, "Database file")->required();
        cmd->add_option("--as-of", *as_of, "Judge breaches at this time (ISO 8601; default now)");
    }
    {
        auto db = std::make_shared<std::string>();
        auto file = std::make_shared<std::string>();
        CLI::App* cmd = add_command(*group, cl, "sla", "Print the SLA policy, or set it from a JSON file (--set)", [db, file, &cl] {
            Database d = open_store(*db, cl.global);
            if (!file->empty()) {
                const auto text = read_text(*file);
                SlaPolicy p;
                try {
                    p = sla_policy_from_json_text(text);
                } catch (const InvalidInput& e) {
                    throw InvalidInput(e.field(), e.reason(), source_name(*file));
                }
                d.cases().set_sla_policy(p);
            }
            print_json(to_json(d.cases().sla_policy()));
        });
        cmd->add_option("DB", *db, "Database file")->required();
        cmd->add_option("--set", *file, "A JSON file with the policy (docs/service.md; - for stdin)");
    }
}

void register_service_report_command(CLI::App& app, CommandLine& cl) {
    struct Options {
        std::string db, from, to, currency;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = add_command(app, cl, "service-report", "Surveys (NPS, CSAT) and cases by month, owner, channel, "
                                                            "segment, value tier and stage", [o, &cl] {
        ServiceReportOptions r;
        r.from = parse_timestamp(o->from, "--from");
        r.to = parse_timestamp(o->to, "--to");
        r.currency = o->currency;
        Database db = open_store(o->db, cl.global);
        print_report(db.cases().service_report(r), cl.global);
    });
    cmd->add_option("DB", o->db, "Database file")->required();
    cmd->add_option("--from", o->from, "Start (ISO 8601; inclusive)")->required();
    cmd->add_option("--to", o->to, "End (ISO 8601; exclusive)")->required();
    cmd->add_option("--currency", o->currency, "Currency of the purchases segments are computed from");
}

}  // namespace clientele::cli
