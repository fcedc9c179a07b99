// clientele C ABI — backup and restore.
#include "capi/capi.hpp"

#include <cstddef>

#include "backup/manifest.hpp"
#include "clientele/backup.hpp"

using namespace clientele::capi;

namespace {

constexpr clt_backup_options kBackupDefaults = CLT_BACKUP_OPTIONS_INIT;

clientele::BackupKey key_of(const clt_backup_options* opts) {
    clientele::BackupKey key;
    if (opts == nullptr) return key;
    if (opts->passphrase != nullptr) key.passphrase = opts->passphrase;
    if (opts->key_file != nullptr) key.key_file = utf8_path(opts->key_file);
    return key;
}

const clt_backup_options* checked(const clt_backup_options* opts) {
    return options_arg(opts, kBackupDefaults.version, "clt_backup_options");
}

// Version 1 of the struct ended before db_passphrase, version 2 before erasures_from:
// nothing after its end is read.
clientele::EncryptionKey database_key_of(const clt_backup_options* opts) {
    clientele::EncryptionKey key;
    if (opts == nullptr || opts->version < 2) return key;
    if (opts->db_passphrase != nullptr) key.passphrase = opts->db_passphrase;
    if (opts->db_key_hex != nullptr) key.key = opts->db_key_hex;
    return key;
}

void put_manifest(char** out, const clientele::BackupManifest& m) { put_json(out, clientele::backup::to_json(m)); }

}  // namespace

extern "C" {

CLT_API clt_status clt_backup_options_init(clt_backup_options* opts, unsigned int version) {
    return guard(__func__, [&] {
        if (version == 1) return init_older_options(opts, version, kBackupDefaults, offsetof(clt_backup_options, db_passphrase));
        if (version == 2) return init_older_options(opts, version, kBackupDefaults, offsetof(clt_backup_options, erasures_from));
        init_options(opts, version, kBackupDefaults, "clt_backup_options");
    });
}

CLT_API clt_status clt_backup_write(char** out_manifest_json, clt_db* db, const char* path,
                                    const clt_backup_options* opts) {
    return guard(__func__, db, [&] {
        reset(out_manifest_json);
        auto& d = database(db);
        const auto target = utf8_path(text(path, "path"));
        clientele::BackupOptions o;
        o.key = key_of(checked(opts));
        put_manifest(out_manifest_json, d.backups().write(target, o));
    });
}

CLT_API clt_status clt_backup_restore(char** out_manifest_json, const char* backup_path, const char* db_path,
                                      const clt_backup_options* opts) {
    return guard(__func__, [&] {
        reset(out_manifest_json);
        const auto from = utf8_path(text(backup_path, "backup_path"));
        const auto to = utf8_path(text(db_path, "db_path"));
        clientele::RestoreOptions o;
        o.key = key_of(checked(opts));
        o.force = opts != nullptr && opts->force != 0;
        o.database_key = database_key_of(opts);
        if (opts != nullptr && opts->version >= 3) {
            if (opts->erasures_from != nullptr) o.erasures_from = utf8_path(opts->erasures_from);
            o.ignore_erasures = opts->ignore_erasures != 0;
        }
        put_json(out_manifest_json, clientele::backup::to_json(clientele::restore(from, to, o)));
    });
}

CLT_API clt_status clt_backup_verify(char** out_manifest_json, const char* backup_path,
                                     const clt_backup_options* opts) {
    return guard(__func__, [&] {
        reset(out_manifest_json);
        const auto from = utf8_path(text(backup_path, "backup_path"));
        put_manifest(out_manifest_json, clientele::verify_backup(from, key_of(checked(opts)), database_key_of(opts)));
    });
}

}  // extern "C"
