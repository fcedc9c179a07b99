// clientele check — look a store over for damage (docs/check.md): exit 0 when it is whole,
// the corrupt-data code (8) when anything was found.
#include <iostream>
#include <memory>

#include "json/json.hpp"
#include <clientele/database.hpp>
#include <clientele/error.hpp>

#include "commands.hpp"
#include "render.hpp"
#include "text_width.hpp"

namespace clientele::cli {

namespace {

struct CheckArgs {
    std::string db;
    bool quick = false;
};

void run_check(const CheckArgs& a, const GlobalOptions& global) {
    Database db = open_store(a.db, global);
    const CheckReport r = db.checker().run({a.quick});
    if (global.json) {
        print_json(to_json(r));
    } else {
        std::cout << a.db << ": " << r.customers << " customers, " << r.interactions << " interactions; checks:";
        for (const auto& c : r.checks) std::cout << ' ' << c;
        std::cout << '\n';
        for (const auto& p : r.problems)
            std::cout << "  " << p.check << ": " << single_line(p.subject.empty() ? p.detail : p.subject + ": " + p.detail)
                      << '\n';
        std::cout << (r.ok() ? "ok\n" : std::to_string(r.problems.size()) + " problem(s)\n");
    }
    std::cout.flush();
    if (!r.ok())
        throw CorruptData("'" + a.db + "' is damaged: " + std::to_string(r.problems.size()) + " problem(s) found");
}

}  // namespace

void register_check_command(CLI::App& app, CommandLine& cl) {
    auto a = std::make_shared<CheckArgs>();
    CLI::App* cmd = add_command(app, cl, "check", "Check a database for damage (admins; reads only)",
                                [a, &cl] { run_check(*a, cl.global); });
    cmd->add_option("DB", a->db, "Database file")->required();
    cmd->add_flag("--quick", a->quick, "SQLite's quick_check and no per-record checks (fast on a large store)");
    cmd->footer("Exit 0 when nothing was found, 8 (corrupt data) when anything was; each problem names\n"
                "its check, the record and what is wrong (--json: the report). See docs/check.md.");
}

}  // namespace clientele::cli
