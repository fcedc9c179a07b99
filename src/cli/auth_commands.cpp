// clientele user passwd | reset-password, clientele auth require | set | log — passwords
// and the credential policy (docs/security.md).
#include <iostream>
#include <memory>

#include "json/json.hpp"
#include <clientele/database.hpp>

#include "commands.hpp"
#include "credentials.hpp"
#include "render.hpp"
#include "table.hpp"

namespace clientele::cli {
namespace {

struct UserOptions {
    std::string db, username;
};

// The user changes their own password: the current one opens the database (where it is
// required) and the new one replaces it at that login, which also serves a user whose
// password an admin reset.
void run_passwd(const UserOptions& o, const GlobalOptions& g) {
    const std::string old = read_secret("CLIENTELE_PASSWORD_FILE", "Current password for " + o.username + ": ");
    const std::string fresh = read_new_password(o.username);
    OpenOptions options;
    options.user = o.username;
    options.layer = "cli";
    options.encryption = database_key(g);
    if (!old.empty()) {
        options.password = old;
        options.new_password = fresh;
        Database db(o.db, options);
    } else {
        Database db(o.db, options);
        db.auth().change_password("", fresh);
    }
    if (!g.json) std::cout << "changed the password of " << o.username << "\n";
}

void run_reset(const UserOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    db.auth().reset_password(o.username, read_new_password(o.username));
    if (!g.json)
        std::cout << "set the password of " << o.username
                  << (o.username == db.user().username ? "" : "; they must change it at their next login") << "\n";
}

struct RequireOptions {
    std::string db, state;
};

void run_require(const RequireOptions& o, const GlobalOptions& g) {
    if (o.state != "on" && o.state != "off") throw UsageError("auth require takes on or off, not '" + o.state + "'");
    Database db = open_store(o.db, g);
    db.auth().require(o.state == "on");
    if (g.json)
        print_json(to_json(db.auth().policy()));
    else
        std::cout << "credentials are " << (o.state == "on" ? "now required" : "no longer required") << "\n";
}

struct SetOptions {
    std::string db, key, value;
};

void run_set(const SetOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    const std::string key = o.key.rfind("auth.", 0) == 0 ? o.key : "auth." + o.key;
    db.settings().set(key, o.value);
    if (!g.json) std::cout << key << " = " << db.settings().get(key) << "\n";
}

struct LogOptions {
    std::string db;
};

void run_log(const LogOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    const auto events = db.auth().log();
    if (g.json) {
        auto all = nlohmann::json::array();
        for (const auto& e : events) all.push_back(to_json(e));
        return print_json(all);
    }
    Table t({"at", "user", "layer", "method", "outcome"});
    for (const auto& e : events) t.add_row({format_timestamp(e.at), e.username, e.layer, e.method, e.outcome});
    t.print(std::cout);
}

}  // namespace

void register_auth_commands(CLI::App& app, CommandLine& cl) {
    CLI::App& user = *app.get_subcommand("user");  // made by register_user_commands
    {
        auto o = std::make_shared<UserOptions>();
        CLI::App* cmd = add_command(user, cl, "passwd",
                                    "Change your own password (asks for the current one and the new one twice)",
                                    [o, &cl] { run_passwd(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("USER", o->username, "Your user name")->required();
    }
    {
        auto o = std::make_shared<UserOptions>();
        CLI::App* cmd = add_command(user, cl, "reset-password",
                                    "Set a user's password (admins only); they change it at their next login",
                                    [o, &cl] { run_reset(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("USER", o->username, "Whose password")->required();
    }
    CLI::App* group = add_group(app, cl, "auth", "Require credentials, set the lockout, read the authentication log");
    {
        auto o = std::make_shared<RequireOptions>();
        CLI::App* cmd = add_command(*group, cl, "require", "Require credentials to open the database (admins only)",
                                    [o, &cl] { run_require(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("STATE", o->state, "on or off")->required();
    }
    {
        auto o = std::make_shared<SetOptions>();
        CLI::App* cmd = add_command(
            *group, cl, "set",
            "Set an auth setting (admins only): trusted_host_allowed, os_user_allowed (on/off), "
            "lockout_attempts, lockout_window_seconds, lockout_seconds",
            [o, &cl] { run_set(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("KEY", o->key, "Setting name, with or without the auth. prefix")->required();
        cmd->add_option("VALUE", o->value, "New value")->required();
    }
    {
        auto o = std::make_shared<LogOptions>();
        CLI::App* cmd = add_command(*group, cl, "log", "List logins, refusals and password changes (admins only)",
                                    [o, &cl] { run_log(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
    }
}

}  // namespace clientele::cli
