// clientele points add | redeem | expire | adjust | balance | history — a customer's loyalty
// points ledger (docs/points.md).
#include <charconv>
#include <iostream>
#include <memory>

#include <clientele/error.hpp>
#include "json/json.hpp"
#include <clientele/points.hpp>
#include <clientele/database.hpp>
#include <clientele/time.hpp>

#include "commands.hpp"
#include "render.hpp"
#include "table.hpp"

namespace clientele::cli {
namespace {

struct RecordOptions {
    std::string db, customer, points, reason, reference, at;
};

// POINTS as typed. add, redeem and expire take the amount (a positive number) and store it
// with their kind's sign; adjust takes the signed change itself.
std::int64_t points_argument(const std::string& text, PointsKind kind) {
    std::int64_t n = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data() + (!text.empty() && text[0] == '+'), end, n);
    if (text.empty() || ec != std::errc() || ptr != end)
        throw InvalidInput("POINTS", "'" + text + "' is not a whole number of points");
    if (kind == PointsKind::adjust) return n;
    if (n <= 0)
        throw InvalidInput("POINTS", "give the number of points to " + std::string(to_string(kind)) +
                                         " as a positive number, not " + text);
    return kind == PointsKind::earn ? n : -n;
}

void run_record(const RecordOptions& o, PointsKind kind, const GlobalOptions& g) {
    PointsEntry e;
    e.kind = kind;
    e.points = points_argument(o.points, kind);
    e.reason = o.reason;
    e.reference = o.reference;
    if (!o.at.empty()) e.at = parse_timestamp(o.at, "--at");
    Database db = open_store(o.db, g);
    const PointsEntry stored = db.points().record(o.customer, e);
    if (g.json) {
        print_json(to_json(stored));
        return;
    }
    // By name, as people know the customer; the id when it has none.
    const Customer c = db.customers().get(stored.customer_id.to_string());
    std::cout << to_string(stored.kind) << ' ' << (stored.points > 0 ? "+" : "") << stored.points << " points for "
              << (c.display_name.empty() ? c.id.to_string() : c.display_name) << "; balance "
              << db.points().balance(o.customer) << '\n';
}

struct HistoryOptions {
    std::string db, customer, kind, from, to;
    std::size_t limit = 100;
};

void run_history(const HistoryOptions& o, const GlobalOptions& g) {
    PointsFilter f;
    if (!o.kind.empty()) f.kind = parse_points_kind(o.kind, "--kind");
    if (!o.from.empty()) f.from = parse_timestamp(o.from, "--from");
    if (!o.to.empty()) f.to = parse_timestamp(o.to, "--to");
    f.limit = o.limit;
    Database db = open_store(o.db, g);
    const auto entries = db.points().history(o.customer, f);
    if (g.json) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& e : entries) a.push_back(to_json(e));
        print_json(a);
        return;
    }
    if (entries.empty()) {
        std::cout << "(no points entries)\n";
        return;
    }
    Table t({"AT", "KIND", "POINTS", "REASON", "REFERENCE", "BY"});
    t.align_right(2);
    t.cap_width(3, 40);
    for (const auto& e : entries)
        t.add_row({format_timestamp(*e.at), std::string(to_string(e.kind)),
                   (e.points > 0 ? "+" : "") + std::to_string(e.points), e.reason, e.reference, e.created_by});
    t.print(std::cout);
}

struct LotsOptions {
    std::string db, customer, as_of;
};

void run_lots(const LotsOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    std::optional<Timestamp> as_of;
    if (!o.as_of.empty()) as_of = parse_timestamp(o.as_of, "--as-of");
    const auto lots = db.loyalty().lots(o.customer, as_of);
    if (g.json) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& l : lots) a.push_back(to_json(l));
        print_json(a);
        return;
    }
    if (lots.empty()) {
        std::cout << "(no lots)\n";
        return;
    }
    Table t({"ENTRY", "AT", "EXPIRES", "POINTS", "REMAINING"});
    t.align_right(3);
    t.align_right(4);
    for (const auto& l : lots)
        t.add_row({std::to_string(l.entry_id), format_timestamp(l.at), l.expires_at ? format_timestamp(*l.expires_at) : "-",
                   std::to_string(l.points), std::to_string(l.remaining)});
    t.print(std::cout);
}

struct VoidOptions {
    std::string db, reason;
    std::int64_t entry = 0;
};

void run_void(const VoidOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    const PointsEntry e = db.loyalty().void_entry(o.entry, o.reason);
    if (g.json) print_json(to_json(e));
    else std::cout << "voided entry " << o.entry << " with entry " << e.id << " (" << (e.points > 0 ? "+" : "")
                   << e.points << " points)\n";
}

}  // namespace

void register_points_commands(CLI::App& app, CommandLine& cl) {
    CLI::App* group = add_group(app, cl, "points", "A customer's loyalty points: earn, redeem, balance, history");
    struct Writer {
        const char* name;
        PointsKind kind;
        const char* description;
        const char* points_help;
    };
    for (const Writer& w :
         {Writer{"add", PointsKind::earn, "Give a customer points", "Points earned (a positive number)"},
          Writer{"redeem", PointsKind::redeem, "Spend a customer's points (never below a balance of 0)",
                 "Points redeemed (a positive number; stored as a negative entry)"},
          Writer{"expire", PointsKind::expire, "Let a customer's points lapse (never below a balance of 0)",
                 "Points expired (a positive number; stored as a negative entry)"},
          Writer{"adjust", PointsKind::adjust, "Correct a customer's balance either way",
                 "The change, signed (-20 or 20)"}}) {
        auto o = std::make_shared<RecordOptions>();
        const PointsKind kind = w.kind;
        CLI::App* cmd = add_command(*group, cl, w.name, w.description, [o, kind, &cl] { run_record(*o, kind, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("CUSTOMER", o->customer, "Customer id or external id")->required();
        cmd->add_option("POINTS", o->points, w.points_help)->required();
        cmd->add_option("--reason", o->reason, "Why (free text)");
        cmd->add_option("--reference", o->reference, "An order number, interaction id, ...");
        cmd->add_option("--at", o->at, "When it happened (ISO 8601; default now)");
    }
    {
        auto db = std::make_shared<std::string>();
        auto customer = std::make_shared<std::string>();
        auto at = std::make_shared<std::string>();
        CLI::App* cmd = add_command(*group, cl, "balance", "Print a customer's points balance", [db, customer, at, &cl] {
            Database d = open_store(*db, cl.global);
            const auto balance =
                at->empty() ? d.points().balance(*customer) : d.loyalty().balance_at(*customer, parse_timestamp(*at, "--at"));
            if (cl.global.json) print_json({{"customer", d.customers().get(*customer).id.to_string()}, {"balance", balance}});
            else std::cout << balance << '\n';
        });
        cmd->add_option("DB", *db, "Database file")->required();
        cmd->add_option("CUSTOMER", *customer, "Customer id or external id")->required();
        cmd->add_option("--at", *at, "The balance as it stood then (ISO 8601; default now)");
    }
    {
        auto o = std::make_shared<LotsOptions>();
        CLI::App* cmd = add_command(*group, cl, "lots", "List a customer's lots, oldest (spent first) first",
                                    [o, &cl] { run_lots(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("CUSTOMER", o->customer, "Customer id or external id")->required();
        cmd->add_option("--as-of", o->as_of, "The lots as they stood then (ISO 8601; default now)");
    }
    {
        auto o = std::make_shared<VoidOptions>();
        CLI::App* cmd = add_command(*group, cl, "void", "Cancel a points entry with an opposite entry naming it",
                                    [o, &cl] { run_void(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("ENTRY", o->entry, "The entry's id (points history --json shows it)")->required();
        cmd->add_option("--reason", o->reason, "Why (free text)");
    }
    {
        auto o = std::make_shared<HistoryOptions>();
        CLI::App* cmd = add_command(*group, cl, "history", "List a customer's points entries, newest first",
                                    [o, &cl] { run_history(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("CUSTOMER", o->customer, "Customer id or external id")->required();
        cmd->add_option("--kind", o->kind, "Only earn, redeem, expire or adjust entries");
        cmd->add_option("--from", o->from, "At or after this time (ISO 8601)");
        cmd->add_option("--to", o->to, "Before this time (ISO 8601)");
        cmd->add_option("--limit", o->limit, "At most this many (1..10000, default 100)");
    }
}

}  // namespace clientele::cli
