// clientele CLI — the command groups; each registers its commands on the app.
#pragma once

#include <CLI/CLI.hpp>

#include "command_line.hpp"

namespace clientele::cli {

void register_init_command(CLI::App& app, CommandLine& cl);
void register_customer_write_commands(CLI::App& customer, CommandLine& cl);  // add duplicates update tag archive delete
void register_customer_read_commands(CLI::App& customer, CommandLine& cl);   // show list search find
void register_interaction_commands(CLI::App& app, CommandLine& cl);
void register_user_commands(CLI::App& app, CommandLine& cl);
void register_auth_commands(CLI::App& app, CommandLine& cl);  // user passwd reset-password, auth require set log
void register_stats_command(CLI::App& app, CommandLine& cl);
void register_analytics_commands(CLI::App& app, CommandLine& cl);  // rfm lifecycle
void register_stage_commands(CLI::App& app, CommandLine& cl);  // funnel stage-history transitions new-vs-returning
void register_cohort_commands(CLI::App& app, CommandLine& cl);  // cohorts repeat revenue-by
void register_transfer_commands(CLI::App& app, CommandLine& cl);  // import export
void register_merge_commands(CLI::App& app, CommandLine& cl);  // merge unmerge merges
void register_dedupe_commands(CLI::App& app, CommandLine& cl);  // dedupe
void register_points_commands(CLI::App& app, CommandLine& cl);  // points add redeem expire adjust balance history
void register_reminder_commands(CLI::App& app, CommandLine& cl);  // reminders [add done snooze dismiss rules]
void register_points_commands(CLI::App& app, CommandLine& cl);  // points add redeem expire adjust balance history lots void
void register_loyalty_commands(CLI::App& app, CommandLine& cl);  // loyalty rules expire levels level-history
void register_check_command(CLI::App& app, CommandLine& cl);  // check
void register_backup_commands(CLI::App& app, CommandLine& cl);  // backup [verify] restore
void register_privacy_commands(CLI::App& app, CommandLine& cl);  // anonymize subject-export retention
void register_audit_commands(CLI::App& app, CommandLine& cl);  // audit [verify | prune | set]
void register_rekey_command(CLI::App& app, CommandLine& cl);  // rekey
void register_case_commands(CLI::App& app, CommandLine& cl);  // case open update list show escalate sla
void register_service_report_command(CLI::App& app, CommandLine& cl);  // service-report
void register_report_commands(CLI::App& app, CommandLine& cl);  // report

}  // namespace clientele::cli
