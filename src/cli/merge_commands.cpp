// clientele merge | unmerge | merges — merge duplicate customers, undo it, list merges.
#include <iostream>
#include <memory>

#include <clientele/error.hpp>
#include "json/json.hpp"
#include <clientele/merge.hpp>
#include <clientele/database.hpp>

#include "commands.hpp"
#include "record_input.hpp"
#include "render.hpp"
#include "table.hpp"

namespace clientele::cli {
namespace {

struct MergeCommandOptions {
    std::string db;
    std::vector<std::string> ids;
    std::string survivor;
    bool dry_run = false;
    std::vector<std::string> rules;
};

// A moved record in one cell: the address, number, tag, consent decision or id it is.
std::string moved_text(const MovedRecord& m) {
    const auto v = nlohmann::json::parse(m.value);
    if (v.is_string()) return v.get<std::string>();
    if (m.kind == "consent") return v.value("channel", "") + ": " + v.value("status", "");
    if (m.kind == "points")
        return v.value("kind", "") + " " + std::to_string(v.value("points", std::int64_t{0})) + " at " + v.value("at", "");
    for (const char* key : {"address", "number", "id"})
        if (v.contains(key)) return v[key].get<std::string>();
    std::string parts;
    for (const char* key : {"street", "city", "region", "postcode", "country"})
        if (v.contains(key)) parts += (parts.empty() ? "" : ", ") + v[key].get<std::string>();
    return parts;
}

void print_merge(Database& db, const MergeResult& r) {
    std::cout << (r.dry_run ? "dry run: nothing was written; this merge would give\n"
                            : "merge " + r.merge_id.to_string() + "\n");
    std::cout << "\nsurvivor:\n";
    std::int64_t moved_interactions = 0;
    for (const auto& m : r.moved) moved_interactions += m.kind == "interaction";
    InteractionFilter mine;
    mine.customer = r.survivor.id.to_string();
    print_customer(r.survivor, db.interactions().count(mine) + (r.dry_run ? moved_interactions : 0));
    std::cout << "\nmerged into it" << (r.dry_run ? " (would get status merged)" : " (status merged)") << ":\n";
    print_customer_table(r.merged);
    std::cout << "\nmoved to the survivor:\n";
    if (r.moved.empty()) {
        std::cout << "(nothing)\n";
        return;
    }
    Table t({"KIND", "FROM", "RECORD", "NOTE"});
    t.cap_width(2, 48);
    for (const auto& m : r.moved)
        t.add_row({m.kind, m.from.to_string(), moved_text(m),
                   m.duplicate ? (m.kind == "consent" ? "older decision, not taken" : "already on the survivor") : ""});
    t.print(std::cout);
}

void run_merge(const MergeCommandOptions& o, const GlobalOptions& g) {
    MergeOptions options;
    options.dry_run = o.dry_run;
    for (const auto& r : o.rules) {
        auto [field, rule] = split_assignment(r, "--rule");
        if (options.rules.count(field)) throw InvalidInput("--rule", "'" + field + "' is given twice");
        options.rules.merge(merge_rules_from_json({{field, rule}}));
    }
    Database db = open_store(o.db, g);
    MergeResult r = db.merges().merge(o.survivor, o.ids, options);
    if (g.json) print_json(to_json(r));
    else print_merge(db, r);
}

void print_merge_table(const std::vector<MergeRecord>& merges) {
    if (merges.empty()) {
        std::cout << "(no merges)\n";
        return;
    }
    Table t({"MERGE", "SURVIVOR", "MERGED", "BY", "AT", "STATUS"});
    for (const auto& m : merges) {
        std::string merged;
        for (const auto& u : m.merged) merged += (merged.empty() ? "" : " ") + u.to_string();
        t.add_row({m.id.to_string(), m.survivor.to_string(), merged, m.merged_by, format_timestamp(m.merged_at),
                   std::string(to_string(m.status)) + (m.undone_by.empty() ? "" : " by " + m.undone_by)});
    }
    t.print(std::cout);
}

}  // namespace

void register_merge_commands(CLI::App& app, CommandLine& cl) {
    {
        auto o = std::make_shared<MergeCommandOptions>();
        CLI::App* cmd = add_command(app, cl, "merge",
                                    "Merge duplicate customers into one survivor (see docs/merge.md)",
                                    [o, &cl] { run_merge(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("IDS", o->ids, "Customer ids or external ids (at least two with the survivor)")->required();
        cmd->add_option("--survivor", o->survivor, "The customer that stays (default: the most complete)");
        cmd->add_flag("--dry-run", o->dry_run, "Show the survivor and every record that would move; write nothing");
        cmd->add_option("--rule", o->rules,
                        "FIELD=RULE: how the survivor's field is chosen (rules: verified, most_recent, "
                        "most_complete, survivor, combine)");
    }
    {
        auto db = std::make_shared<std::string>();
        auto ref = std::make_shared<std::string>();
        CLI::App* cmd = add_command(app, cl, "unmerge",
                                    "Undo a merge exactly (a merge id, or a customer: its latest merge)",
                                    [db, ref, &cl] {
                                        Database d = open_store(*db, cl.global);
                                        MergeRecord r = d.merges().unmerge(*ref);
                                        if (cl.global.json) print_json(to_json(r));
                                        else std::cout << "undid merge " << r.id.to_string() << ": "
                                                       << r.merged.size() + 1 << " customers as they were\n";
                                    });
        cmd->add_option("DB", *db, "Database file")->required();
        cmd->add_option("REF", *ref, "Merge id, or the id or external id of a merged customer or its survivor")
            ->required();
    }
    {
        auto db = std::make_shared<std::string>();
        auto filter = std::make_shared<MergeFilter>();
        auto status = std::make_shared<std::string>();
        CLI::App* cmd = add_command(app, cl, "merges", "List merges, newest first", [db, filter, status, &cl] {
            MergeFilter f = *filter;
            if (!status->empty()) f.status = parse_merge_status(*status, "--status");
            Database d = open_store(*db, cl.global);
            auto merges = d.merges().history(f);
            if (cl.global.json) print_json(json_array(merges));
            else print_merge_table(merges);
        });
        cmd->add_option("DB", *db, "Database file")->required();
        cmd->add_option("--customer", filter->customer, "Only merges of this customer");
        cmd->add_option("--status", *status, "applied or undone");
        cmd->add_option("--limit", filter->limit, "At most this many (1..10000, default 100)");
    }
}

}  // namespace clientele::cli
