// clientele — encryption at rest: the key of an encrypted database and changing it
// (docs/security.md, "Encryption at rest").
//
// An encrypted database has every page of its file, of its WAL and of any rollback journal
// encrypted and authenticated (libsodium XChaCha20-Poly1305, the page number as associated
// data). Open one with OpenOptions::encryption; a plain database is opened without.
#pragma once

#include "clientele/export.h"

#include <filesystem>
#include <string>

#include "clientele/error.hpp"

namespace clientele {

/// The key of an encrypted database. At most one of the two fields may be set; both empty
/// means a plain (unencrypted) database. They are told apart by the field, never guessed.
struct EncryptionKey {
    /// A passphrase (UTF-8): the key is derived from it with Argon2id and the random salt
    /// kept in the file's first 16 bytes.
    std::string passphrase;
    /// A raw 256-bit key: exactly 32 bytes, or 64 hexadecimal digits.
    std::string key;
    bool empty() const noexcept { return passphrase.empty() && key.empty(); }
};

/// The key given does not open the file: a wrong passphrase or key, or the file is not an
/// encrypted clientele database. Nothing was written. (ErrorCode::permission_denied.)
class CLIENTELE_API WrongKey : public PermissionDenied {
public:
    explicit WrongKey(const std::string& m) : PermissionDenied(m) {}
};

struct OpenOptions;

/// Changes the key of the database at `path`, all or nothing: the store is copied (VACUUM
/// INTO) into a new file beside it encrypted with `new_key`, the copy is checked (SQLite's
/// integrity check with the new key), and then renamed over `path`. `options` opens the
/// current file (its user, credentials and `encryption`); the user must be an admin.
/// An empty `options.encryption` encrypts a plain database; an empty `new_key` decrypts
/// one into a plain file. Nobody else may have the database open (StorageError "in use"
/// otherwise); WrongKey for a wrong current key; InvalidInput for a malformed key.
CLIENTELE_API void rekey(const std::filesystem::path& path, const OpenOptions& options, const EncryptionKey& new_key);

}  // namespace clientele
