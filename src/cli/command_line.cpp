#include "command_line.hpp"

#include <cstdlib>
#include <filesystem>

#include <clientele/error.hpp>

#include "credentials.hpp"

namespace clientele::cli {

void add_global_options(CLI::App& app, GlobalOptions& global) {
    app.add_option("--user", global.user,
                   "Act as this user (default: $CLIENTELE_USER, else \"admin\")");
    app.add_flag("--json", global.json, "Print machine-readable JSON (the data-model form)");
    app.add_option("--db-passphrase-file", global.db_passphrase_file,
                   "Encrypted database: file whose first line is its passphrase (default: $CLIENTELE_DB_PASSPHRASE_FILE)");
    app.add_option("--db-key-file", global.db_key_file,
                   "Encrypted database: file of its 32-byte key, raw or as 64 hex digits (default: $CLIENTELE_DB_KEY_FILE)");
}

CLI::App* add_command(CLI::App& parent, CommandLine& cl, const std::string& name,
                      const std::string& description, std::function<void()> run) {
    CLI::App* cmd = parent.add_subcommand(name, description);
    add_global_options(*cmd, cl.global);
    cmd->callback([&cl, run = std::move(run)] { cl.action = run; });
    return cmd;
}

CLI::App* add_group(CLI::App& parent, CommandLine& cl, const std::string& name,
                    const std::string& description) {
    CLI::App* group = parent.add_subcommand(name, description);
    group->require_subcommand(0, 1);  // none: main names the choices
    add_global_options(*group, cl.global);
    return group;
}

std::string effective_user(const GlobalOptions& global) {
    if (!global.user.empty()) return global.user;
    if (const char* env = std::getenv("CLIENTELE_USER"); env && *env) return env;
    return "admin";
}

Database open_store(const std::string& path, const GlobalOptions& global) {
    // Only a path that surely holds nothing is "not found"; when it cannot be checked
    // (a folder we may not search), the library's open reports why.
    std::error_code ec;
    if (std::filesystem::status(path, ec).type() == std::filesystem::file_type::not_found)
        throw Error(ErrorCode::not_found, "no database at '" + path + "' (create one with 'clientele init')");
    OpenOptions options;
    options.user = effective_user(global);
    options.layer = "cli";
    options.encryption = database_key(global);
    add_credential(options, path, global);
    return Database(path, options);
}

}  // namespace clientele::cli
