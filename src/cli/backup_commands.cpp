// clientele backup | backup verify | restore — backups that restore (docs/backup.md).
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include <clientele/backup.hpp>
#include <clientele/database.hpp>
#include <clientele/time.hpp>

#include "backup/manifest.hpp"
#include "commands.hpp"
#include "credentials.hpp"
#include "render.hpp"

namespace clientele::cli {
namespace {

/// Where the key comes from: --passphrase-file, --key-file, else the file named by
/// $CLIENTELE_BACKUP_PASSPHRASE_FILE, else none.
struct KeyOptions {
    std::string passphrase_file, key_file;
};

BackupKey read_key(const KeyOptions& o) {
    BackupKey key;
    key.key_file = o.key_file;
    std::string file = o.passphrase_file;
    if (file.empty() && o.key_file.empty())
        if (const char* env = std::getenv("CLIENTELE_BACKUP_PASSPHRASE_FILE"); env && *env) file = env;
    if (file.empty()) return key;
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InvalidInput("passphrase", "cannot read the passphrase file '" + file + "'");
    key.passphrase.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    // One line: the newline an editor or `echo` adds is not part of the passphrase.
    if (key.passphrase.ends_with('\n')) key.passphrase.pop_back();
    if (key.passphrase.ends_with('\r')) key.passphrase.pop_back();
    if (key.passphrase.empty()) throw InvalidInput("passphrase", "the passphrase file '" + file + "' is empty");
    return key;
}

void add_key_options(CLI::App& cmd, KeyOptions& o) {
    auto* p = cmd.add_option("--passphrase-file", o.passphrase_file,
                             "File whose first line is the passphrase (default: $CLIENTELE_BACKUP_PASSPHRASE_FILE)");
    auto* k = cmd.add_option("--key-file", o.key_file, "File of exactly 32 key bytes");
    p->excludes(k);
}

void report(const BackupManifest& m, const std::string& what, const GlobalOptions& g) {
    if (g.json) {
        print_json(backup::to_json(m));
        return;
    }
    std::cout << what << ": " << m.customers << " customers, " << m.interactions << " interactions, schema "
              << m.schema_version << ", taken " << format_timestamp(m.created_at) << ", "
              << (m.protection == "none" ? "NOT encrypted (compressed and checksummed only)"
                                         : "encrypted (" + m.protection + ")")
              << '\n';
}

struct VerifyCommand {
    std::string file;
    KeyOptions key;
};

struct BackupCommand {
    std::string db, out, dir;
    KeyOptions key;
    int keep_daily = 7, keep_weekly = 4;
    // Set once the command line is declared; read when it has been parsed.
    const CLI::App* verify = nullptr;
    const CLI::Option* keep_daily_option = nullptr;
    const CLI::Option* keep_weekly_option = nullptr;
    VerifyCommand verify_options;
};

void run_backup(const BackupCommand& o, const GlobalOptions& g) {
    if (o.db.empty()) throw UsageError("backup: give the database (clientele backup DB --out FILE)");
    if (o.out.empty() == o.dir.empty()) throw UsageError("backup: give one of --out FILE or --dir FOLDER");
    if (o.dir.empty() && (o.keep_daily_option->count() || o.keep_weekly_option->count()))
        throw UsageError("backup: --keep-daily and --keep-weekly rotate the backups of --dir");
    Database db = open_store(o.db, g);
    BackupOptions options;
    options.key = read_key(o.key);
    const std::filesystem::path out = o.dir.empty() ? std::filesystem::path(o.out)
                                                     : std::filesystem::path(o.dir) / rotated_backup_name(now_utc());
    const BackupManifest m = db.backups().write(out, options);
    std::vector<std::filesystem::path> deleted;
    if (!o.dir.empty()) deleted = rotate_backups(o.dir, RotationPolicy{o.keep_daily, o.keep_weekly});
    report(m, "wrote " + out.string(), g);
    if (!g.json)
        for (const auto& d : deleted) std::cout << "deleted " << d.string() << " (rotation)\n";
}

struct RestoreCommand {
    std::string file, out, erasures_from;
    KeyOptions key;
    bool force = false, ignore_erasures = false;
};

}  // namespace

void register_backup_commands(CLI::App& app, CommandLine& cl) {
    auto b = std::make_shared<BackupCommand>();
    // `backup` both runs (backup DB ...) and holds `verify`; CLI11 calls the parent's
    // callback after the subcommand's, so the parent's action dispatches.
    CLI::App* backup = add_command(app, cl, "backup", "Back up a database, or verify a backup", [b, &cl] {
        if (b->verify->parsed()) {
            const auto& v = b->verify_options;
            report(verify_backup(v.file, read_key(v.key), database_key(cl.global)), "backup " + v.file + " is intact",
                   cl.global);
        } else {
            run_backup(*b, cl.global);
        }
    });
    backup->require_subcommand(0, 1);
    backup->add_option("DB", b->db, "Database file");
    backup->add_option("--out", b->out, "Backup file to write (replaced only once complete)");
    backup->add_option("--dir", b->dir, "Folder for rotated backups named by UTC time");
    b->keep_daily_option = backup->add_option("--keep-daily", b->keep_daily, "With --dir: keep the newest of this many days (7)")
                     ->check(CLI::NonNegativeNumber);
    b->keep_weekly_option = backup->add_option("--keep-weekly", b->keep_weekly, "With --dir: keep the newest of this many weeks (4)")
                      ->check(CLI::NonNegativeNumber);
    add_key_options(*backup, b->key);

    CLI::App* verify = backup->add_subcommand("verify", "Check a backup completely without restoring it");
    b->verify = verify;
    add_global_options(*verify, cl.global);
    verify->add_option("FILE", b->verify_options.file, "Backup file")->required();
    add_key_options(*verify, b->verify_options.key);

    auto r = std::make_shared<RestoreCommand>();
    CLI::App* restore_cmd = add_command(app, cl, "restore", "Restore a backup into a database file", [r, &cl] {
        RestoreOptions options;
        options.key = read_key(r->key);
        options.force = r->force;
        options.database_key = database_key(cl.global);  // an encrypted database inside is checked with it
        options.erasures_from = r->erasures_from;
        options.ignore_erasures = r->ignore_erasures;
        const auto result = restore(r->file, r->out, options);
        if (cl.global.json) return print_json(backup::to_json(result));
        report(result, "restored " + r->out, cl.global);
        std::cout << "erasures re-applied: " << result.erasures_reapplied << '\n';
        for (const auto& u : result.erasures_left)
            std::cerr << "warning: erased customer " << u.to_string()
                      << " is a merged record in the backup and was left as it is; erase it by hand\n";
    });
    restore_cmd->add_option("FILE", r->file, "Backup file")->required();
    restore_cmd->add_option("--out", r->out, "Database file to create")->required();
    restore_cmd->add_flag("--force", r->force, "Replace an existing database file (nobody may have it open)");
    restore_cmd->add_option("--erasures-from", r->erasures_from,
                            "Database whose erased customers are erased again in the restored copy "
                            "(default: the database --force replaces)");
    restore_cmd->add_flag("--ignore-erasures", r->ignore_erasures,
                          "Re-apply no erasures (only when no database holding them is left)");
    add_key_options(*restore_cmd, r->key);
}

}  // namespace clientele::cli
