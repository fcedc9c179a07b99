// clientele rekey — encrypt a database, change its key, or decrypt it (docs/security.md).
#include <iostream>
#include <memory>

#include <clientele/database.hpp>
#include <clientele/encryption.hpp>
#include <clientele/error.hpp>

#include "commands.hpp"
#include "credentials.hpp"
#include "render.hpp"

namespace clientele::cli {
namespace {

struct RekeyOptions {
    std::string db;
    std::string new_passphrase_file, new_key_file;
    bool decrypt = false;
};

void run_rekey(const RekeyOptions& o, const GlobalOptions& g) {
    if (static_cast<int>(!o.new_passphrase_file.empty()) + static_cast<int>(!o.new_key_file.empty()) +
            static_cast<int>(o.decrypt) != 1)
        throw UsageError("rekey: give one of --new-passphrase-file, --new-key-file or --decrypt");
    // The new key is read the way the current one is, from a file, never the command line.
    GlobalOptions next;
    next.db_passphrase_file = o.new_passphrase_file;
    next.db_key_file = o.new_key_file;
    const EncryptionKey new_key = o.decrypt ? EncryptionKey{} : database_key(next);
    // The current key and credentials: as every command opens the database.
    OpenOptions options;
    options.user = effective_user(g);
    options.layer = "cli";
    options.encryption = database_key(g);
    add_credential(options, o.db, g);
    rekey(o.db, options, new_key);
    const std::string state = o.decrypt ? "decrypted (plain)" : "encrypted with the new key";
    if (g.json) print_json({{"path", o.db}, {"encrypted", !o.decrypt}});
    else std::cout << o.db << ": " << state << "\n";
}

}  // namespace

void register_rekey_command(CLI::App& app, CommandLine& cl) {
    auto o = std::make_shared<RekeyOptions>();
    CLI::App* cmd = add_command(app, cl, "rekey", "Encrypt a database, change its key, or decrypt it",
                                [o, &cl] { run_rekey(*o, cl.global); });
    cmd->add_option("DB", o->db, "Database file (nobody else may have it open)")->required();
    auto* p = cmd->add_option("--new-passphrase-file", o->new_passphrase_file, "File whose first line is the new passphrase");
    auto* k = cmd->add_option("--new-key-file", o->new_key_file, "File of the new 32-byte key, raw or as 64 hex digits");
    auto* d = cmd->add_flag("--decrypt", o->decrypt, "Write the database back as a plain (unencrypted) file");
    p->excludes(k)->excludes(d);
    k->excludes(d);
}

}  // namespace clientele::cli
