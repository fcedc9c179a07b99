// clientele interaction add | list — purchases, calls, complaints, ... of customers.
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include <clientele/error.hpp>
#include "json/json.hpp"
#include <clientele/database.hpp>
#include <clientele/time.hpp>

#include "commands.hpp"
#include "money/money.hpp"
#include "record_input.hpp"
#include "render.hpp"

namespace clientele::cli {
namespace {

/// Names customers by id for tables, reading each customer once.
class CustomerNames {
public:
    explicit CustomerNames(const Database& db) : db_(db) {}
    std::string operator()(const Uuid& id) {
        const std::string key = id.to_string();
        auto it = names_.find(key);
        if (it == names_.end()) {
            auto c = db_.customers().find(key);
            it = names_.emplace(key, c && !c->display_name.empty() ? c->display_name : key).first;
        }
        return it->second;
    }

private:
    const Database& db_;
    std::map<std::string, std::string> names_;
};

// ---- add -----------------------------------------------------------------------------

struct AddOptions {
    std::string db, customer, kind, at, amount, currency, channel, direction, subject, body, from_json;
    int csat = 0, nps = 0;
    CLI::Option *csat_opt = nullptr, *nps_opt = nullptr;
};

Interaction interaction_from_flags(const AddOptions& o, Database& db) {
    if (o.customer.empty() || o.kind.empty() || o.at.empty())
        throw UsageError("interaction add needs --customer, --kind and --at (or --from-json)");
    Interaction i;
    i.customer_id = db.customers().get(o.customer).id;  // id or external id, as the user may see it
    i.kind = parse_interaction_kind(o.kind, "--kind");
    i.occurred_at = parse_timestamp(o.at, "--at");
    i.currency = o.currency;
    if (!o.amount.empty()) {
        if (i.currency.empty()) i.currency = db.settings().get("default_currency");
        i.amount_minor = money::parse_amount(o.amount, i.currency, "--amount");
    }
    i.channel = o.channel;
    if (!o.direction.empty()) i.direction = parse_direction(o.direction, "--direction");
    i.subject = o.subject;
    i.body = o.body;
    if (o.csat_opt->count() > 0) i.csat = o.csat;
    if (o.nps_opt->count() > 0) i.nps = o.nps;
    return i;
}

void run_add(const AddOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    CustomerNames names(db);
    if (o.from_json.empty()) {
        Interaction added = db.interactions().add(interaction_from_flags(o, db));
        if (g.json)
            print_json(to_json(added));
        else
            std::cout << "added " << to_string(added.kind) << ' ' << added.id.to_string() << " for "
                      << names(added.customer_id) << (added.amount_minor ? "  " + amount_text(added) : "")
                      << '\n';
        return;
    }
    const auto file = store_records<Interaction>(
        db, o.from_json,
        [](const nlohmann::json& j, const std::string& source, std::int64_t line) {
            return interaction_from_json(j, source, line);
        },
        [&db](const Interaction& i) { return db.interactions().add(i); });
    const std::vector<Interaction>& added = file.stored;
    if (g.json)
        print_json(file.one_object ? to_json(added[0]) : json_array(added));
    else
        std::cout << "added " << added.size() << (added.size() == 1 ? " interaction" : " interactions")
                  << " from " << file.source << '\n';
}

// ---- list ------------------------------------------------------------------------------

struct ListOptions {
    std::string db, customer, kind, from, to, owner, after;
    std::size_t limit = 50;
    bool all = false;
    CLI::Option* limit_opt = nullptr;
};

void run_list(const ListOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    InteractionFilter f;
    f.customer = o.customer;
    if (!o.kind.empty()) f.kind = parse_interaction_kind(o.kind, "--kind");
    if (!o.from.empty()) f.from = parse_timestamp(o.from, "--from");
    if (!o.to.empty()) f.to = parse_timestamp(o.to, "--to");
    f.owner = o.owner;
    const PageRequest page = first_page(o.all, *o.limit_opt, o.limit, o.after);
    CustomerNames names(db);
    if (!o.all) {
        const InteractionPage p = db.interactions().list(f, page);
        if (g.json) {
            print_json(to_json(p));
        } else {
            print_interaction_table(p.items, std::ref(names));
            print_next_page_hint(p.next_cursor);
        }
        return;
    }
    const std::vector<Interaction> every =
        every_item([&](const PageRequest& next) { return db.interactions().list(f, next); }, page);
    if (g.json)
        print_json(json_array(every));
    else
        print_interaction_table(every, std::ref(names));
}

}  // namespace

void register_interaction_commands(CLI::App& app, CommandLine& cl) {
    CLI::App* group = add_group(app, cl, "interaction", "Record and list purchases, calls, complaints, ...");
    {
        auto o = std::make_shared<AddOptions>();
        CLI::App* cmd = add_command(*group, cl, "add", "Record an interaction, or many from a JSON/JSONL file",
                                    [o, &cl] { run_add(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        std::vector<CLI::Option*> fields{
            cmd->add_option("--customer", o->customer, "Customer id or external id"),
            cmd->add_option("--kind", o->kind,
                            "purchase, refund, call, email, sms, chat, visit, meeting, complaint, "
                            "suggestion, survey or note"),
            cmd->add_option("--at", o->at, "When it happened (ISO 8601; UTC unless an offset is given)"),
            cmd->add_option("--amount", o->amount, "Amount as decimal text (1299.00 or 1,299.00), kept exactly"),
            cmd->add_option("--currency", o->currency, "ISO 4217 code (default: the database's currency)"),
            cmd->add_option("--channel", o->channel, "store, web, wechat, phone, ..."),
            cmd->add_option("--direction", o->direction, "inbound, outbound or none"),
            cmd->add_option("--subject", o->subject, "Subject"),
            cmd->add_option("--body", o->body, "Text"),
            o->csat_opt = cmd->add_option("--csat", o->csat, "Satisfaction 1..5"),
            o->nps_opt = cmd->add_option("--nps", o->nps, "Net promoter score 0..10"),
        };
        CLI::Option* file = cmd->add_option("--from-json", o->from_json,
                                            "Read interactions from FILE ('-' = stdin): one JSON object, or "
                                            "JSON Lines (all added or none)");
        for (auto* f : fields) file->excludes(f);
    }
    {
        auto o = std::make_shared<ListOptions>();
        CLI::App* cmd = add_command(*group, cl, "list", "List interactions, oldest first, a page at a time",
                                    [o, &cl] { run_list(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("--customer", o->customer, "Only this customer's (id or external id)");
        cmd->add_option("--kind", o->kind, "Only this kind");
        cmd->add_option("--from", o->from, "Occurred at or after this time (ISO 8601)");
        cmd->add_option("--to", o->to, "Occurred before this time (ISO 8601)");
        cmd->add_option("--owner", o->owner, "Only those recorded by this username");
        o->limit_opt = cmd->add_option("--limit", o->limit, "Interactions per page (1..10000, default 50)");
        cmd->add_option("--after", o->after, "Continue after this cursor (printed with the previous page)");
        cmd->add_flag("--all", o->all, "Every page, not just one (--json then prints an array)");
    }
}

}  // namespace clientele::cli
