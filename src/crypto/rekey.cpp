// clientele::rekey: a new key for a database, by copying it into a new file encrypted with
// that key (VACUUM INTO through the cipher VFS) and renaming the checked copy into place.
// Copying instead of rewriting pages in place keeps it all or nothing: until the rename the
// old file is untouched, after it the new one is whole.
#include <filesystem>
#include <system_error>

#include "backup/pending_file.hpp"
#include "clientele/database.hpp"
#include "clientele/encryption.hpp"
#include "crypto/file_key.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace clientele {
namespace {

namespace fs = std::filesystem;

// SQLite's integrity check of the copy, read with the key it was written with.
void check_copy(const fs::path& copy, const crypto::FileKey* key) {
    store::Connection conn(copy, true, false, true, key);
    auto q = conn.query("PRAGMA integrity_check");
    std::string result;
    while (q->step()) result += (result.empty() ? "" : "; ") + q->text(0);
    if (result != "ok") throw CorruptData("the re-encrypted copy fails SQLite's integrity check: " + result);
    if (conn.scalar("PRAGMA application_id") != store::kApplicationId)
        throw CorruptData("the re-encrypted copy is not a clientele database");
}

}  // namespace

void rekey(const fs::path& path, const OpenOptions& options, const EncryptionKey& new_key) {
    const std::string what = "cannot change the key of '" + path.string() + "'";
    const auto to = crypto::new_file_key(new_key);  // a malformed new key fails before any work
    {
        // Who may: the same open as any other (credentials, the current key), as an admin.
        OpenOptions o = options;
        o.create = false;
        o.read_only = false;
        Database db(path, o);
        if (db.user().role != Role::admin)
            throw PermissionDenied(what + ": user '" + db.user().username + "' is not an admin");
    }
    const auto from = crypto::file_key(path, options.encryption);
    backup::PendingFile copy(path, "rekey");
    {
        store::Connection source(path, false, false, false, from ? &*from : nullptr, true);
        // Hold the file for the whole copy: nobody else may read or write it until the
        // renamed copy is in place (a writer now would be lost with the old file).
        source.exec("PRAGMA locking_mode = EXCLUSIVE");
        try {
            source.exec("BEGIN EXCLUSIVE");
            source.exec("COMMIT");
        } catch (const StorageError&) {
            throw StorageError(what + ": the database is in use (close every connection to it first)");
        }
        if (to) {
            // VACUUM INTO lays the copy out as the source asks: the cipher VFS's page size
            // and reserved bytes, which a plain source does not have yet.
            source.exec("PRAGMA page_size = " + std::to_string(crypto::kPageSize));
            int reserve = static_cast<int>(crypto::kReserve);
            sqlite3_file_control(source.handle(), "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
        }
        store::Statement vacuum(source.handle(), "VACUUM INTO ?");
        // A plain copy names the default VFS: an encrypted source's connection would
        // otherwise open it through the cipher VFS too.
        const std::string target = store::file_uri(copy.path()) + "?" +
                                   (to ? crypto::uri_parameters(*to)
                                       : std::string("vfs=") + sqlite3_vfs_find(nullptr)->zName);
        vacuum.bind(1, target);
        vacuum.run();
    }
    check_copy(copy.path(), to ? &*to : nullptr);
    // The old file's WAL and index must not be replayed into the new file.
    std::error_code ec;
    for (const char* suffix : {"-wal", "-shm"}) fs::remove(path.string() + suffix, ec);
    copy.publish(path, true);
}

}  // namespace clientele
