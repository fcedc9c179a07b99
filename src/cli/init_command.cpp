// clientele init — create a new store.
#include <filesystem>
#include <iostream>
#include <memory>

#include <clientele/error.hpp>
#include <clientele/normalize.hpp>
#include <clientele/database.hpp>

#include "commands.hpp"
#include "credentials.hpp"
#include "render.hpp"

namespace clientele::cli {
namespace {

struct InitOptions {
    std::string db;
    std::string admin;
    std::string region;
    std::string currency;
};

void remove_store_files(const std::string& db) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(db + suffix, ec);
}

void run_init(const InitOptions& o, const GlobalOptions& g) {
    std::error_code ec;
    if (std::filesystem::exists(o.db, ec))
        throw Error(ErrorCode::conflict, "'" + o.db + "' already exists; init makes a new database");
    // Check what can be checked before a file exists, so a bad value leaves nothing behind.
    if (!o.region.empty() && !is_known_region(o.region))
        throw InvalidInput("--region", "'" + o.region + "' is not a known region code (like CN, US)");

    OpenOptions options;
    options.user = o.admin.empty() ? effective_user(g) : o.admin;
    options.create = true;
    options.layer = "cli";
    options.encryption = database_key(g);  // a key given: the new database is encrypted with it
    try {
        Database db(o.db, options);
        {
            Transaction tx = db.transaction();
            if (!o.region.empty()) db.settings().set("default_region", o.region);
            if (!o.currency.empty()) db.settings().set("default_currency", o.currency);
            tx.commit();
        }
        if (g.json) {
            print_json({{"path", o.db},
                        {"admin", db.user().username},
                        {"default_region", db.settings().get("default_region")},
                        {"default_currency", db.settings().get("default_currency")},
                        {"schema_version", schema_version()}});
        } else {
            std::cout << "created " << o.db << " (admin " << db.user().username << ", region "
                      << db.settings().get("default_region") << ", currency " << db.settings().get("default_currency")
                      << ")\n";
        }
    } catch (...) {
        remove_store_files(o.db);  // a failed init leaves no half-made database
        throw;
    }
}

}  // namespace

void register_init_command(CLI::App& app, CommandLine& cl) {
    auto o = std::make_shared<InitOptions>();
    CLI::App* cmd = add_command(app, cl, "init", "Create a new customer database",
                                [o, &cl] { run_init(*o, cl.global); });
    cmd->add_option("DB", o->db, "Database file to create")->required();
    cmd->add_option("--admin", o->admin, "Username of the first admin (default: the --user)");
    cmd->add_option("--region", o->region, "Default region for phone numbers without a country code (default CN)");
    cmd->add_option("--currency", o->currency, "Default ISO 4217 currency for amounts (default CNY)");
}

}  // namespace clientele::cli
