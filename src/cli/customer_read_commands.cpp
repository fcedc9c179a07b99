// clientele customer show | list | search | find — commands that read customers.
#include <iostream>
#include <memory>

#include "json/json.hpp"
#include <clientele/database.hpp>
#include <clientele/time.hpp>

#include "commands.hpp"
#include "purpose.hpp"
#include "render.hpp"

namespace clientele::cli {
namespace {

struct ShowOptions {
    std::string db, ref;
};

void run_show(const ShowOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    const Customer c = db.customers().get(o.ref);
    if (g.json) {
        print_json(to_json(c));
        return;
    }
    InteractionFilter f;
    f.customer = c.id.to_string();
    print_customer(c, db.interactions().count(f));
}

struct ListOptions {
    std::string db, tag, owner, kind, status = "active", created_from, created_to, after;
    PurposeOptions purpose;
    std::size_t limit = 50;
    bool all = false;
    CLI::Option* limit_opt = nullptr;
};

CustomerFilter filter_from(const ListOptions& o) {
    CustomerFilter f;
    f.tag = o.tag;
    f.owner = o.owner;
    if (!o.kind.empty()) f.kind = parse_customer_kind(o.kind, "--kind");
    if (o.status != "all") f.status = parse_customer_status(o.status, "--status");
    if (!o.created_from.empty()) f.created_from = parse_timestamp(o.created_from, "--created-from");
    if (!o.created_to.empty()) f.created_to = parse_timestamp(o.created_to, "--created-to");
    apply_purpose(o.purpose, f);
    return f;
}

void run_list(const ListOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    const CustomerFilter filter = filter_from(o);
    const PageRequest page = first_page(o.all, *o.limit_opt, o.limit, o.after);
    if (!o.all) {
        const CustomerPage p = db.customers().list(filter, page);
        if (g.json) {
            print_json(to_json(p));
        } else {
            print_customer_table(p.items);
            print_next_page_hint(p.next_cursor);
        }
        return;
    }
    const std::vector<Customer> every =
        every_item([&](const PageRequest& next) { return db.customers().list(filter, next); }, page);
    if (g.json)
        print_json(json_array(every));
    else
        print_customer_table(every);
}

struct SearchOptions {
    std::string db, query;
    std::size_t limit = 50;
};

void run_search(const SearchOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    const auto found = db.customers().search(o.query, o.limit);
    if (g.json)
        print_json(json_array(found));
    else
        print_customer_table(found);
}

struct FindOptions {
    std::string db, email, phone;
    CLI::Option* email_opt = nullptr;
};

void run_find(const FindOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    const auto found = o.email_opt->count() > 0 ? db.customers().find_by_email(o.email) : db.customers().find_by_phone(o.phone);
    if (g.json)
        print_json(json_array(found));
    else
        print_customer_table(found);
}

}  // namespace

void register_customer_read_commands(CLI::App& customer, CommandLine& cl) {
    {
        auto o = std::make_shared<ShowOptions>();
        CLI::App* cmd = add_command(customer, cl, "show", "Show one customer",
                                    [o, &cl] { run_show(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("REF", o->ref, "Customer id or external id")->required();
    }
    {
        auto o = std::make_shared<ListOptions>();
        CLI::App* cmd = add_command(customer, cl, "list", "List customers, a page at a time",
                                    [o, &cl] { run_list(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("--tag", o->tag, "Only customers with this tag");
        cmd->add_option("--owner", o->owner, "Only customers owned by this username");
        cmd->add_option("--kind", o->kind, "person or company");
        cmd->add_option("--status", o->status,
                        "active (default), archived, merged, anonymized, or all");
        cmd->add_option("--created-from", o->created_from, "Created at or after this time (ISO 8601)");
        cmd->add_option("--created-to", o->created_to, "Created before this time (ISO 8601)");
        add_purpose_options(cmd, o->purpose);
        o->limit_opt = cmd->add_option("--limit", o->limit, "Customers per page (1..10000, default 50)");
        cmd->add_option("--after", o->after, "Continue after this cursor (printed with the previous page)");
        cmd->add_flag("--all", o->all, "Every page, not just one (--json then prints an array)");
    }
    {
        auto o = std::make_shared<SearchOptions>();
        CLI::App* cmd = add_command(customer, cl, "search",
                                    "Full-text search: Chinese as substrings, Latin by word or word prefix",
                                    [o, &cl] { run_search(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("QUERY", o->query, "Text to search for")->required();
        cmd->add_option("--limit", o->limit, "At most this many results (default 50)");
    }
    {
        auto o = std::make_shared<FindOptions>();
        CLI::App* cmd = add_command(customer, cl, "find",
                                    "Find customers by email or phone, in any formatting",
                                    [o, &cl] { run_find(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        CLI::Option_group* by = cmd->add_option_group("lookup", "What to look up (one of)");
        o->email_opt = by->add_option("--email", o->email, "Email address (case does not matter)");
        by->add_option("--phone", o->phone, "Phone number (+86 138 1234 5678, 13812345678, ...)");
        by->require_option(1);
    }
}

}  // namespace clientele::cli
