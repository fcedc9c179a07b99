// clientele audit [verify | prune | set] — the audit trail (docs/audit.md).
#include <charconv>
#include <iostream>
#include <memory>

#include <clientele/database.hpp>
#include <clientele/error.hpp>
#include <clientele/time.hpp>
#include "json/json.hpp"

#include "commands.hpp"
#include "render.hpp"
#include "table.hpp"

namespace clientele::cli {
namespace {

struct ListOptions {
    std::string db, customer, user, action, from, to;
    std::int64_t before = 0;
    std::size_t limit = 100;
};

void run_list(const ListOptions& o, const GlobalOptions& g) {
    if (o.db.empty()) throw UsageError("audit: give the database file (clientele audit DB [--customer X] ...)");
    AuditFilter f;
    f.customer = o.customer;
    f.user = o.user;
    f.action = o.action;
    if (!o.from.empty()) f.from = parse_timestamp(o.from, "--from");
    if (!o.to.empty()) f.to = parse_timestamp(o.to, "--to");
    f.before_id = o.before;
    f.limit = o.limit;
    Database db = open_store(o.db, g);
    const auto entries = db.audit().list(f);
    if (g.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : entries) out.push_back(to_json(e));
        print_json(out);
        return;
    }
    Table t({"ID", "AT", "USER", "LAYER", "ACTION", "CUSTOMER", "TARGET", "DETAIL"});
    for (const auto& e : entries)
        t.add_row({std::to_string(e.id), format_timestamp(e.at), e.user, e.layer, e.action,
                   e.customer ? e.customer->to_string() : "", e.target, e.redacted ? "(erased)" : e.detail});
    t.cap_width(6, 40);
    t.cap_width(7, 80);
    t.align_right(0);
    if (t.rows() > 0) t.print(std::cout);
    std::cout << entries.size() << (entries.size() == 1 ? " entry" : " entries") << '\n';
}

struct VerifyOptions {
    std::string db, anchor;
};

void run_verify(const VerifyOptions& o, const GlobalOptions& g) {
    std::int64_t anchor_id = 0;
    std::string anchor_hash;
    if (!o.anchor.empty()) {
        // ID:HASH, as `audit verify` printed it.
        const auto colon = o.anchor.find(':');
        const auto* end = o.anchor.data() + (colon == std::string::npos ? 0 : colon);
        const auto [ptr, ec] = std::from_chars(o.anchor.data(), end, anchor_id);
        if (colon == std::string::npos || ec != std::errc() || ptr != end || anchor_id <= 0 ||
            o.anchor.size() - colon - 1 != 64)
            throw InvalidInput("--anchor", "'" + o.anchor + "' is not ID:HASH (an entry id and its 64-digit hex hash)");
        anchor_hash = o.anchor.substr(colon + 1);
    }
    Database db = open_store(o.db, g);
    const auto v = db.audit().verify(anchor_id, anchor_hash);
    if (g.json) {
        print_json(to_json(v));
    } else {
        for (const auto& p : v.problems) std::cout << "problem: " << p << '\n';
        std::cout << (v.ok ? "audit trail verified: " : "audit trail FAILED verification: ") << v.entries
                  << (v.entries == 1 ? " entry" : " entries") << " (" << v.redacted << " with erased details";
        if (v.pruned_through > 0) std::cout << ", entries up to " << v.pruned_through << " removed by retention";
        std::cout << ")\nhead " << v.last_id << ':' << v.head_hash
                  << "\n(keep the head elsewhere and pass it as --anchor to catch a rewritten trail)\n";
    }
    if (!v.ok)
        throw CorruptData("the audit trail of '" + o.db + "' fails verification (" + std::to_string(v.problems.size()) +
                          (v.problems.size() == 1 ? " problem)" : " problems)"));
}

struct PruneOptions {
    std::string db, as_of;
};

void run_prune(const PruneOptions& o, const GlobalOptions& g) {
    const Timestamp as_of = parse_timestamp(o.as_of, "--as-of");
    Database db = open_store(o.db, g);
    const auto removed = db.audit().prune(as_of);
    if (g.json) print_json({{"removed", removed}});
    else std::cout << "removed " << removed << (removed == 1 ? " entry" : " entries") << '\n';
}

struct SetOptions {
    std::string db, key, value;
};

// `audit set DB retention_days 365` and `audit set DB enabled off`: the audit settings by
// their short names.
void run_set(const SetOptions& o, const GlobalOptions& g) {
    std::string key;
    if (o.key == "retention_days" || o.key == "audit.retention_days") key = "audit.retention_days";
    else if (o.key == "enabled" || o.key == "audit") key = "audit";
    else throw InvalidInput("KEY", "'" + o.key + "' is not an audit setting (retention_days, enabled)");
    Database db = open_store(o.db, g);
    db.settings().set(key, o.value);
    if (g.json) print_json({{"key", key}, {"value", db.settings().get(key)}});
    else std::cout << key << " = " << db.settings().get(key) << "\n";
}

}  // namespace

void register_audit_commands(CLI::App& app, CommandLine& cl) {
    // `audit DB` lists; `audit verify DB` and `audit prune DB` are its subcommands. The
    // listing's action is taken only when no subcommand was given.
    auto list = std::make_shared<ListOptions>();
    CLI::App* audit = app.add_subcommand("audit", "List the audit trail (admins); verify or prune it");
    add_global_options(*audit, cl.global);
    audit->callback([audit, list, &cl] {
        if (audit->get_subcommands().empty()) cl.action = [list, &cl] { run_list(*list, cl.global); };
    });
    audit->add_option("DB", list->db, "Database file");
    audit->add_option("--customer", list->customer, "About this customer (id or external id; an erased one by UUID)");
    // --user is every command's "act as" (the reader of the trail), so the actor is --by.
    audit->add_option("--by", list->user, "Changes made by this user (at a login: the name given)");
    audit->add_option("--action", list->action, "This action, or a prefix ending in '.' (customer.)");
    audit->add_option("--from", list->from, "At or after this time (ISO 8601)");
    audit->add_option("--to", list->to, "Before this time (ISO 8601)");
    audit->add_option("--before", list->before, "Older than this entry id (paging)");
    audit->add_option("--limit", list->limit, "At most this many, newest first (1..10000, default 100)");
    {
        auto o = std::make_shared<VerifyOptions>();
        CLI::App* cmd = add_command(*audit, cl, "verify", "Check the hash chain of the whole audit trail",
                                    [o, &cl] { run_verify(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("--anchor", o->anchor, "ID:HASH of an entry kept from an earlier verify: check it too");
    }
    {
        auto o = std::make_shared<PruneOptions>();
        CLI::App* cmd = add_command(*audit, cl, "prune", "Remove entries older than audit.retention_days (admins)",
                                    [o, &cl] { run_prune(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("--as-of", o->as_of, "The day retention is applied for (ISO 8601)")->required();
    }
    {
        auto o = std::make_shared<SetOptions>();
        CLI::App* cmd = add_command(*audit, cl, "set",
                                    "Set an audit setting (admins): retention_days (0 = keep for ever), enabled (on/off)",
                                    [o, &cl] { run_set(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("KEY", o->key, "retention_days or enabled")->required();
        cmd->add_option("VALUE", o->value, "New value")->required();
    }
}

}  // namespace clientele::cli
