// Internal: the key of one encrypted database file, made from an EncryptionKey (a
// passphrase through Argon2id with the file's salt, or a raw key), checked against the file
// before SQLite sees it, and handed to the cipher VFS as URI parameters.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "clientele/encryption.hpp"
#include "crypto/page_cipher.hpp"

namespace clientele::crypto {

/// Argon2id cost for passphrases: libsodium's "interactive" limits (as backups use).
/// Fixed: a file does not record them, so changing them is a format change.
struct FileKey {
    Key key{};
    Salt salt{};
    FileKey() = default;
    FileKey(const FileKey&) = default;
    FileKey& operator=(const FileKey&) = default;
    ~FileKey();
};

/// The key for the file at `path`: nullopt for an empty EncryptionKey. A passphrase is
/// stretched with the salt in the file's first 16 bytes, or with a new random salt when
/// the file is missing or empty (it becomes the file's). InvalidInput for a malformed key
/// or both fields set.
std::optional<FileKey> file_key(const std::filesystem::path& path, const EncryptionKey& key);

/// A key for a new file with a fresh random salt (rekey, encrypting a plain file).
std::optional<FileKey> new_file_key(const EncryptionKey& key);

/// Checks that `key` opens the file at `path` (its first page authenticates) before any
/// connection touches it. A missing or empty file passes. InvalidInput when the file is a
/// plain SQLite database; WrongKey otherwise.
void check_key(const std::filesystem::path& path, const FileKey& key);

/// "vfs=clientele-cipher&clt_key=<hex>&clt_salt=<hex>": the URI parameters that open the
/// file through the cipher VFS (crypto/cipher_vfs.hpp).
std::string uri_parameters(const FileKey& key);

}  // namespace clientele::crypto
