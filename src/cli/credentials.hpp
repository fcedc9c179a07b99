// clientele CLI — where a password comes from: CLIENTELE_PASSWORD_FILE, a prompt on the
// terminal (no echo), or the operating-system user (docs/security.md, docs/cli.md).
#pragma once

#include <string>

#include <clientele/database.hpp>

namespace clientele::cli {

struct GlobalOptions;

/// Fills the credential of `options` for the database at `path` when it requires one:
/// the password in $CLIENTELE_PASSWORD_FILE, else the OS user where the database allows
/// it and no other user was asked for, else a prompt on the terminal. Without any of
/// them the open is refused by the library (and logged).
void add_credential(OpenOptions& options, const std::string& path, const GlobalOptions& global);

/// The key of an encrypted database from --db-passphrase-file / --db-key-file or their
/// environment variables (an option wins over the environment); empty for a plain one.
/// UsageError when both a passphrase and a key are named.
EncryptionKey database_key(const GlobalOptions& global);

/// A secret from the file named by environment variable `env` (its first line), or from
/// a no-echo prompt on the terminal; empty when neither is available.
std::string read_secret(const char* env, const std::string& prompt);

/// A new password: from the file named by $CLIENTELE_NEW_PASSWORD_FILE, or typed twice on
/// the terminal (UsageError when the two differ or there is no terminal).
std::string read_new_password(const std::string& whose);

}  // namespace clientele::cli
