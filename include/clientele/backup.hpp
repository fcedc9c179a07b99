// clientele — backups that restore: db.backups().write(...), clientele::restore(...),
// clientele::verify_backup(...) and the rotation policy (docs/backup.md).
//
// A backup is one file: a consistent snapshot of the store taken while writers run,
// compressed (zlib), and either encrypted and authenticated (libsodium secretstream, key
// from a passphrase via Argon2id or from a 32-byte key file) or, without a key, checksummed
// (BLAKE2b) and marked as not encrypted. Its manifest says what it holds.
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "clientele/encryption.hpp"
#include "clientele/feature.hpp"
#include "clientele/model.hpp"

namespace clientele {

/// How a backup is protected. At most one of the two may be given; neither = not encrypted.
struct BackupKey {
    /// Non-empty: the key is derived from it with Argon2id (salt and cost are in the file).
    std::string passphrase;
    /// Non-empty: a file holding exactly 32 raw key bytes.
    std::filesystem::path key_file;
};

struct BackupOptions {
    BackupKey key;
};

struct RestoreOptions {
    BackupKey key;
    /// Replace an existing database file (nobody may have it open). Without it an existing
    /// file is never touched (Conflict).
    bool force = false;
    /// The key of the database inside the backup, when it is an encrypted one (the backup
    /// holds its pages as they are on disk, encrypted): needed to check it before it is put
    /// in place. The restored file keeps that key.
    EncryptionKey database_key;
    /// A backup taken before a customer was erased or anonymized still holds the person.
    /// Restore reads the register of erasures of this clientele database (with
    /// `database_key`) and erases each such customer again in the restored copy before it
    /// is put in place (docs/privacy.md). Empty = the database being replaced, when `force`
    /// replaces one. A source that cannot be read fails the restore, nothing replaced.
    std::filesystem::path erasures_from;
    /// Restore without re-applying any erasures: only when no database holding the
    /// register is left (the person's erasure must then be repeated by hand).
    bool ignore_erasures = false;
};

/// What a backup holds, stored in it and authenticated with the data.
struct BackupManifest {
    int format_version = 0;
    int schema_version = 0;                        ///< PRAGMA user_version of the store
    std::map<std::string, std::int64_t> table_rows;  ///< every table's row count
    std::int64_t customers = 0;
    std::int64_t interactions = 0;
    std::int64_t database_bytes = 0;  ///< size of the plain database file
    std::string checksum;             ///< "blake2b-256:<hex>" of the plain database bytes
    Timestamp created_at{};
    std::string library_version;
    /// "none" (compressed and checksummed only), "passphrase" (Argon2id) or "key-file".
    std::string protection;
    std::string compression;  ///< "zlib"
    /// The database inside is encrypted (encryption at rest) with the key of the store it
    /// was taken from; its pages stay encrypted in the backup.
    bool database_encrypted = false;
};

/// What restore() put in place: the backup's manifest, and the erasures it re-applied.
struct RestoreResult : BackupManifest {
    /// Customers erased or anonymized (in RestoreOptions::erasures_from) after the backup
    /// was taken, deleted or anonymized again in the restored database.
    std::int64_t erasures_reapplied = 0;
    /// Erased customers the backup holds as records merged into another (the backup predates
    /// an unmerge): left as they are, since erasing their survivor would erase someone
    /// else; a person must decide (docs/privacy.md).
    std::vector<Uuid> erasures_left;
};

/// Backups of the store this handle was reached from (db.backups()).
class CLIENTELE_API Backups : public Feature {
public:
    /// Writes a backup of the whole store to `path` (admins only; not inside an open
    /// Transaction). Other connections may keep writing: the backup is one committed state.
    /// The file appears complete or not at all (written aside, then renamed over `path`).
    /// InvalidInput for a bad key or a `path` that is the database or its -wal/-shm.
    BackupManifest write(const std::filesystem::path& path, const BackupOptions& options = {});

    /// Made by the Database (a store::Session is internal to the library).
    explicit Backups(store::Session& s) noexcept : Feature(s) {}
};

/// Checks a backup completely without restoring it: authentication (or checksum), the
/// manifest's checksum of the database bytes, and SQLite's integrity check of the data.
/// PermissionDenied for a wrong passphrase or key, CorruptData for any damage or change.
/// An encrypted database inside needs its `database_key` (WrongKey when it does not open it).
CLIENTELE_API BackupManifest verify_backup(const std::filesystem::path& backup, const BackupKey& key = {},
                                           const EncryptionKey& database_key = {});

/// Restores `backup` into `database`: verifies all of it first (as verify_backup) into a
/// temporary file beside `database`, then renames that into place, so a failure leaves
/// nothing behind. Conflict when `database` exists and options.force is not set. Before
/// the rename, erasures made after the backup are re-applied (RestoreOptions::erasures_from).
CLIENTELE_API RestoreResult restore(const std::filesystem::path& backup, const std::filesystem::path& database,
                                     const RestoreOptions& options = {});

/// How many rotated backups to keep: the newest of each of the last `daily` UTC days and
/// of each of the last `weekly` weeks (Monday to Sunday, UTC) that have a backup.
struct RotationPolicy {
    int daily = 7;
    int weekly = 4;
};

/// The file name a rotated backup taken at `t` gets: "clientele-YYYYMMDDTHHMMSSZ.cltbak".
CLIENTELE_API std::string rotated_backup_name(Timestamp t);

/// Of `names` (file names in a backup folder), those the policy deletes. Names that are not
/// rotated backup names are never chosen; the newest backup is always kept. Pure.
CLIENTELE_API std::vector<std::string> backups_to_delete(const std::vector<std::string>& names,
                                                         const RotationPolicy& policy);

/// Deletes the rotated backups in `folder` that the policy does not keep; returns their
/// paths.
CLIENTELE_API std::vector<std::filesystem::path> rotate_backups(const std::filesystem::path& folder,
                                                               const RotationPolicy& policy);

}  // namespace clientele
