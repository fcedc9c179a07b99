// clientele C ABI — opening and closing, transactions, settings, statistics.
#include "capi/capi.hpp"

#include <cstddef>
#include <string>

#include "clientele/error.hpp"
#include "json/json.hpp"

using namespace clientele::capi;

namespace {

constexpr clt_db_open_options kOpenDefaults = CLT_DB_OPEN_OPTIONS_INIT;

// Version 1 of clt_db_open_options ended before `password`, version 2 before `passphrase`:
// a caller built against one passes a struct that size, so nothing after it may be read or
// written.
constexpr std::size_t kOpenOptionsV1Size = offsetof(clt_db_open_options, password);
constexpr std::size_t kOpenOptionsV2Size = offsetof(clt_db_open_options, passphrase);

clientele::OpenOptions to_cpp(const clt_db_open_options* opts) {
    clientele::OpenOptions o;
    o.layer = "c";
    if (!options_arg(opts, kOpenDefaults.version, "clt_db_open_options")) return o;
    if (opts->user != nullptr) o.user = opts->user;
    o.create = opts->create != 0;
    o.read_only = opts->read_only != 0;
    if (opts->version < 2) return o;
    if (opts->password != nullptr) o.password = opts->password;
    if (opts->new_password != nullptr) o.new_password = opts->new_password;
    o.trusted_host = opts->trusted_host != 0;
    o.os_user = opts->os_user != 0;
    if (opts->version < 3) return o;
    if (opts->passphrase != nullptr) o.encryption.passphrase = opts->passphrase;
    if (opts->key_hex != nullptr) o.encryption.key = opts->key_hex;
    return o;
}

clientele::Transaction& open_transaction(clt_db* db) {
    database(db);
    if (!db->txn) throw Misuse("db", "no transaction is open on this handle");
    return *db->txn;
}

}  // namespace

extern "C" {

CLT_API clt_status clt_db_open_options_init(clt_db_open_options* opts, unsigned int version) {
    return guard(__func__, [&] {
        if (version != 1 && version != 2) return init_options(opts, version, kOpenDefaults, "clt_db_open_options");
        init_older_options(opts, version, kOpenDefaults, version == 1 ? kOpenOptionsV1Size : kOpenOptionsV2Size);
    });
}

CLT_API clt_status clt_db_open(clt_db** out, const char* path, const clt_db_open_options* opts) {
    return guard(__func__, [&] {
        clt_db*& handle = out_param(out, "out");
        const auto p = utf8_path(text(path, "path"));
        clientele::Database database(p, to_cpp(opts));
        handle = new clt_db(std::move(database));
    });
}

CLT_API clt_status clt_db_rekey(const char* path, const clt_db_open_options* opts, const char* new_passphrase,
                                const char* new_key_hex) {
    return guard(__func__, [&] {
        const auto p = utf8_path(text(path, "path"));
        clientele::EncryptionKey next;
        if (new_passphrase != nullptr) next.passphrase = new_passphrase;
        if (new_key_hex != nullptr) next.key = new_key_hex;
        clientele::rekey(p, to_cpp(opts), next);
    });
}

CLT_API void clt_db_close(clt_db* db) {
    // Destroying the handle rolls back an open transaction and closes the connection;
    // neither reports failure, so there is nothing to return.
    delete db;
}

CLT_API clt_status clt_db_current_user(char** out_json, clt_db* db) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        put_json(out_json, to_json(database(db).user()));
    });
}

CLT_API clt_status clt_transaction_begin(clt_db* db) {
    return guard(__func__, db, [&] {
        auto& d = database(db);
        if (db->txn) throw Misuse("db", "a transaction is already open on this handle");
        db->txn.emplace(d.transaction());
    });
}

CLT_API clt_status clt_transaction_commit(clt_db* db) {
    return guard(__func__, db, [&] {
        auto& txn = open_transaction(db);
        try {
            txn.commit();
        } catch (...) {
            db->txn.reset();  // rolls back whatever is left, closes it
            throw;
        }
        db->txn.reset();
    });
}

CLT_API clt_status clt_transaction_rollback(clt_db* db) {
    return guard(__func__, db, [&] {
        auto& txn = open_transaction(db);
        try {
            txn.rollback();
        } catch (...) {
            db->txn.reset();
            throw;
        }
        db->txn.reset();
    });
}

CLT_API int clt_transaction_active(const clt_db* db) {
    return db != nullptr && db->txn.has_value() ? 1 : 0;
}

CLT_API clt_status clt_setting_get(char** out_value, clt_db* db, const char* key) {
    return guard(__func__, db, [&] {
        out_param(out_value, "out_value");
        auto& d = database(db);
        put(out_value, d.settings().get(text(key, "key")));
    });
}

CLT_API clt_status clt_setting_set(clt_db* db, const char* key, const char* value) {
    return guard(__func__, db, [&] {
        auto& d = database(db);
        d.settings().set(text(key, "key"), text(value, "value"));
    });
}

CLT_API clt_status clt_db_stats(char** out_json, clt_db* db) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        put_json(out_json, to_json(database(db).stats()));
    });
}

}  // extern "C"
