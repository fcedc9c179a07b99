// clientele — command-line tool over a clientele customer store.
//
// Parses the command line (CLI11), runs the chosen command, and turns every failure into
// one line on stderr, "clientele: error: <message>", and a documented exit code.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include <clientele/error.hpp>
#include <clientele/library.hpp>
#include <clientele/version.hpp>

#include "command_line.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "terminal_text.hpp"
#include "text_width.hpp"

namespace {

int report(const std::string& message, int code) {
    std::cout.flush();
    std::cerr << "clientele: error: " << clientele::cli::single_line(message) << '\n';  // one line, always
    return code;
}

/// "clientele customer: which command? add, update, ..." for a group given no command.
std::string missing_command_message(CLI::App& app) {
    CLI::App* at = &app;
    std::string path = "clientele";
    while (!at->get_subcommands().empty()) {
        at = at->get_subcommands().front();
        path += " " + at->get_name();
    }
    std::string names;
    for (const CLI::App* sub : at->get_subcommands([](CLI::App*) { return true; }))
        names += (names.empty() ? "" : ", ") + sub->get_name();
    return path + ": which command? " + names + " (see --help)";
}

}  // namespace

namespace clientele::cli {
void register_clv_command(CLI::App& app, CommandLine& cl);  // clv_command.cpp
}

int main(int argc, char** argv) {
    using namespace clientele::cli;
    std::ios::sync_with_stdio(false);
    // Declared first, so it runs last: releases ICU's and libphonenumber's process-wide data
    // once every Database of the command is gone (clientele/library.hpp).
    struct ReleaseAtExit {
        ~ReleaseAtExit() { clientele::shutdown(); }
    } release_at_exit;

    CLI::App app{"clientele — keep a business's customers in one SQLite file", "clientele"};
    app.set_version_flag("--version", std::string(clientele::version()));
    app.require_subcommand(0, 1);
    app.footer(
        "Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid input, 4 not found, 5 conflict,\n"
        "6 permission denied, 7 storage, 8 corrupt data, 9 cancelled, 10 unsupported.\n"
        "Every command takes --user NAME (default $CLIENTELE_USER, else admin) and --json.");
    CommandLine cl;
    add_global_options(app, cl.global);

    register_init_command(app, cl);
    CLI::App* customer = add_group(app, cl, "customer", "Add, show, change, find and list customers");
    register_customer_write_commands(*customer, cl);
    register_customer_read_commands(*customer, cl);
    register_interaction_commands(app, cl);
    register_user_commands(app, cl);
    register_auth_commands(app, cl);
    register_stats_command(app, cl);
    register_analytics_commands(app, cl);
    register_clv_command(app, cl);
    register_stage_commands(app, cl);
    register_cohort_commands(app, cl);
    register_transfer_commands(app, cl);
    register_merge_commands(app, cl);
    register_dedupe_commands(app, cl);
    register_points_commands(app, cl);
    register_reminder_commands(app, cl);
    register_loyalty_commands(app, cl);
    register_check_command(app, cl);
    register_backup_commands(app, cl);
    register_privacy_commands(app, cl);
    register_audit_commands(app, cl);
    register_rekey_command(app, cl);
    register_case_commands(app, cl);
    register_service_report_command(app, cl);
    register_report_commands(app, cl);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return report(std::string(e.what()) + " (see --help)", kExitUsage);
    }
    if (!cl.action) return report(missing_command_message(app), kExitUsage);

    // Stored text printed to a terminal must not drive it (escape sequences in a name).
    TerminalGuard terminal_guard;
    try {
        cl.action();
        std::cout.flush();
        return std::cout ? kExitOk : report("cannot write the output", kExitInternal);
    } catch (const clientele::Error& e) {
        return report(e.what(), exit_code_for(e.code()));
    } catch (const UsageError& e) {
        return report(std::string(e.what()) + " (see --help)", kExitUsage);
    } catch (const std::exception& e) {
        return report(std::string("unexpected failure: ") + e.what(), kExitInternal);
    }
}
