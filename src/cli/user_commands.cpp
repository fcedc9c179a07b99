// clientele user add | list — who may use the store, and with which role.
#include <iostream>
#include <memory>

#include "json/json.hpp"
#include <clientele/database.hpp>

#include "commands.hpp"
#include "render.hpp"

namespace clientele::cli {
namespace {

struct AddOptions {
    std::string db, username, role, team, display_name;
};

void run_add(const AddOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    User u;
    u.username = o.username;
    u.role = parse_role(o.role, "--role");
    u.team = o.team;
    u.display_name = o.display_name;
    const User added = db.users().add(u);
    if (g.json)
        print_json(to_json(added));
    else
        std::cout << "added user " << added.username << " (" << to_string(added.role)
                  << (added.team.empty() ? "" : ", team " + added.team) << ")\n";
}

struct ListOptions {
    std::string db;
};

void run_list(const ListOptions& o, const GlobalOptions& g) {
    Database db = open_store(o.db, g);
    const auto users = db.users().list();
    if (g.json)
        print_json(json_array(users));
    else
        print_user_table(users);
}

}  // namespace

void register_user_commands(CLI::App& app, CommandLine& cl) {
    CLI::App* group = add_group(app, cl, "user", "Add and list the people who use the database");
    {
        auto o = std::make_shared<AddOptions>();
        CLI::App* cmd = add_command(*group, cl, "add", "Add a user (admins only)",
                                    [o, &cl] { run_add(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
        cmd->add_option("USERNAME", o->username, "Login name, e.g. li.na")->required();
        cmd->add_option("--role", o->role, "admin, manager, sales or viewer")->required();
        cmd->add_option("--team", o->team, "Team name (managers see their team's customers)");
        cmd->add_option("--display-name", o->display_name, "Name shown to people");
    }
    {
        auto o = std::make_shared<ListOptions>();
        CLI::App* cmd = add_command(*group, cl, "list", "List users", [o, &cl] { run_list(*o, cl.global); });
        cmd->add_option("DB", o->db, "Database file")->required();
    }
}

}  // namespace clientele::cli
