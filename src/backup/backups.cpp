// Writing, verifying and restoring a backup: a snapshot taken with VACUUM INTO, its
// manifest, and the sealed, compressed stream of its bytes (backup/format.hpp).
#include <chrono>
#include <fstream>

#include "backup/compression.hpp"
#include "backup/crypto.hpp"
#include "backup/format.hpp"
#include "backup/manifest.hpp"
#include "backup/pending_file.hpp"
#include "privacy/erasures.hpp"
#include "clientele/backup.hpp"
#include "clientele/error.hpp"
#include "clientele/time.hpp"
#include "clientele/version.hpp"
#include "files/output_file.hpp"
#include "store/session.hpp"

namespace clientele {
namespace {

constexpr std::size_t kChunk = 256 * 1024;  // plain bytes per read; frames stay below kMaxFrame

namespace fs = std::filesystem;
using backup::PendingFile;

/// Reads the file at `path` in chunks, handing each to `use`.
template <class Use>
void each_chunk(const fs::path& path, Use&& use) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw StorageError("cannot read '" + path.string() + "'");
    std::string buffer(kChunk, '\0');
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        if (in.gcount() > 0) use(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
    }
    if (in.bad()) throw StorageError("cannot read '" + path.string() + "'");
}

/// The manifest of the snapshot at `snapshot`: its counts, size and checksum.
BackupManifest manifest_of(const fs::path& snapshot, backup::Protection protection, const crypto::FileKey* db_key) {
    BackupManifest m = backup::describe_database(snapshot, db_key);
    m.database_encrypted = db_key != nullptr;
    backup::Checksum sum;
    each_chunk(snapshot, [&](std::string_view bytes) {
        sum.update(bytes);
        m.database_bytes += static_cast<std::int64_t>(bytes.size());
    });
    m.checksum = "blake2b-256:" + backup::hex(sum.digest());
    m.format_version = backup::kFormatVersion;
    m.created_at = now_utc();
    m.library_version = version();
    m.protection = backup::protection_name(protection);
    m.compression = "zlib";
    return m;
}

/// Writes the backup file's bytes of `snapshot` into `out`.
void write_stream(const fs::path& snapshot, const BackupManifest& manifest, const backup::StreamKey* key,
                  backup::Header& header, PendingFile& out) {
    backup::Sealer sealer(key, header);
    const std::string header_bytes = backup::encode_header(header);
    backup::Checksum whole;
    const auto emit = [&](std::string_view bytes) {
        whole.update(bytes);
        out.write(bytes);
    };
    emit(header_bytes);
    emit(backup::frame(sealer.seal(backup::to_json(manifest).dump(), false, header_bytes)));
    std::string pending;
    backup::Deflater deflater([&](std::string_view z) {
        pending.append(z);
        while (pending.size() >= kChunk) {
            emit(backup::frame(sealer.seal(std::string_view(pending).substr(0, kChunk), false)));
            pending.erase(0, kChunk);
        }
    });
    each_chunk(snapshot, [&](std::string_view bytes) { deflater.write(bytes); });
    deflater.finish();
    emit(backup::frame(sealer.seal(pending, true)));
    if (!key) out.write(whole.digest());
}

/// Reads the whole backup at `path`, writing the database bytes to `out`, and checks
/// everything: authentication or checksum, the manifest's checksum and size, and the
/// database itself.
BackupManifest read_backup(const fs::path& path, const BackupKey& key, const EncryptionKey& database_key,
                           PendingFile& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw NotFound("cannot read the backup '" + path.string() + "'");
    std::string header_bytes(backup::kHeaderSize, '\0');
    in.read(header_bytes.data(), static_cast<std::streamsize>(header_bytes.size()));
    header_bytes.resize(static_cast<std::size_t>(in.gcount()));
    const backup::Header header = backup::decode_header(header_bytes);
    const auto stream_key = key_for(key, header);
    backup::Opener opener(stream_key.get(), header);
    backup::Checksum whole;
    whole.update(header_bytes);
    const auto next = [&](std::string_view ad) {
        auto body = backup::read_frame(in);
        if (!body) throw CorruptData("backup is cut short (no final frame)");
        whole.update(backup::frame(*body));
        return opener.open(*body, ad);
    };
    const auto first = next(header_bytes);
    if (first.final) throw CorruptData("damaged backup (no data)");
    const BackupManifest manifest = backup::manifest_from_text(first.bytes);

    backup::Checksum plain;
    std::int64_t size = 0;
    backup::Inflater inflater([&](std::string_view bytes) {
        plain.update(bytes);
        size += static_cast<std::int64_t>(bytes.size());
        out.write(bytes);
    });
    for (bool final = false; !final;) {
        const auto m = next({});
        inflater.write(m.bytes);
        final = m.final;
    }
    inflater.finish();
    if (!stream_key) {
        std::string trailer(32, '\0');
        in.read(trailer.data(), 32);
        if (in.gcount() != 32 || trailer != whole.digest())
            throw CorruptData("the backup has been changed or damaged (checksum mismatch)");
    }
    if (in.peek() != std::char_traits<char>::eof()) throw CorruptData("damaged backup (bytes after its end)");
    if (size != manifest.database_bytes || "blake2b-256:" + backup::hex(plain.digest()) != manifest.checksum)
        throw CorruptData("the backup's database bytes do not match the checksum in its manifest");
    std::optional<crypto::FileKey> db_key;
    if (manifest.database_encrypted) {
        if (database_key.empty())
            throw WrongKey("the backup holds an encrypted database: give that database's passphrase or key");
        db_key = crypto::file_key(out.path(), database_key);
    }
    backup::check_database(out.path(), manifest, db_key ? &*db_key : nullptr);
    return manifest;
}

}  // namespace

BackupManifest Backups::write(const fs::path& path, const BackupOptions& options) {
    store::Session& s = session();
    s.require_admin("back up the database");
    if (s.in_transaction)
        throw InvalidInput("transaction", "a backup cannot be taken inside an open transaction; commit it first");
    files::refuse_database_path(path, s.path, "path");  // the one rule every output follows
    backup::Header header;
    const auto key = backup::new_key(options.key, header);  // a bad key file fails before any work

    // VACUUM INTO, not the step-wise backup API: it copies one read snapshot while other
    // connections go on writing (WAL), where sqlite3_backup_step restarts whenever another
    // connection writes and may never finish on a busy store; and its copy is compact,
    // without the free pages that may still hold deleted customers.
    // A backup killed earlier may have left its snapshot (every customer, in clear) beside
    // the target; the next backup takes it away. Ten idle minutes: another backup's file
    // still being written is never that old.
    PendingFile::remove_stale(path, std::chrono::minutes(10));
    PendingFile snapshot(path, "snapshot");
    {
        // An encrypted store's snapshot goes through the cipher VFS with the store's own key
        // and salt: its pages are never on disk in clear, here or in the backup.
        const auto* db_key = s.file_key ? &*s.file_key : nullptr;
        store::Statement vacuum(s.conn.handle(), "VACUUM INTO ?");
        vacuum.bind(1, db_key ? store::file_uri(snapshot.path()) + "?" + crypto::uri_parameters(*db_key)
                              : snapshot.path().string());
        vacuum.run();
    }
    const BackupManifest manifest =
        manifest_of(snapshot.path(), header.protection, s.file_key ? &*s.file_key : nullptr);
    PendingFile out(path, "partial");
    write_stream(snapshot.path(), manifest, key.get(), header, out);
    out.publish(path, true);
    return manifest;
}

BackupManifest verify_backup(const fs::path& backup, const BackupKey& key, const EncryptionKey& database_key) {
    // The database is unpacked beside the backup, never published: SQLite's integrity check
    // needs a file, and the backup's own folder is the one known to have room for it.
    PendingFile scratch(backup, "verify");
    return read_backup(backup, key, database_key, scratch);
}

RestoreResult restore(const fs::path& backup, const fs::path& database, const RestoreOptions& options) {
    std::error_code ec;
    const bool replacing = fs::exists(database, ec);
    if (!options.force && replacing)
        throw Conflict("'" + database.string() + "' exists; restoring would replace it (use force)");
    // The register is read before anything is unpacked: a source that cannot be read stops
    // the restore while nothing has changed.
    std::vector<privacy::Erasure> erasures;
    if (!options.ignore_erasures) {
        const fs::path source = !options.erasures_from.empty() ? options.erasures_from
                                : replacing                    ? database
                                                               : fs::path();
        if (!source.empty()) {
            const auto why = [&](const Error& e) {
                return "cannot read the erasures to re-apply from '" + source.string() + "': " + e.what() +
                       " (give another copy of the database as erasures_from, or set ignore_erasures and repeat "
                       "them by hand)";
            };
            try {
                erasures = privacy::read_erasures(source, options.database_key);
            } catch (const WrongKey& e) {
                throw WrongKey(why(e));
            } catch (const CorruptData& e) {
                throw CorruptData(why(e));
            } catch (const Error& e) {
                throw StorageError(why(e));
            }
        }
    }
    PendingFile restored(database, "restore");
    RestoreResult result;
    static_cast<BackupManifest&>(result) = read_backup(backup, options.key, options.database_key, restored);
    const auto again = privacy::re_erase(restored.path(), options.database_key, erasures);
    result.erasures_reapplied = again.applied;
    result.erasures_left = again.merged;
    if (options.force) {
        // A stale WAL of the replaced database would be replayed into the restored one.
        for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(database.string() + suffix, ec);
    }
    restored.publish(database, options.force);
    return result;
}

}  // namespace clientele
