// clientele C ABI — opening and closing, transactions, settings, statistics.
#include "capi/capi.hpp"

#include <string>

#include "clientele/error.hpp"
#include "json/json.hpp"

using namespace clientele::capi;

namespace {

constexpr clt_db_open_options kOpenDefaults = CLT_DB_OPEN_OPTIONS_INIT;

clientele::OpenOptions to_cpp(const clt_db_open_options* opts) {
    clientele::OpenOptions o;
    if (!options_arg(opts, kOpenDefaults.version, "clt_db_open_options")) return o;
    if (opts->user != nullptr) o.user = opts->user;
    o.create = opts->create != 0;
    o.read_only = opts->read_only != 0;
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
    return guard(__func__, [&] { init_options(opts, version, kOpenDefaults, "clt_db_open_options"); });
}

CLT_API clt_status clt_db_open(clt_db** out, const char* path, const clt_db_open_options* opts) {
    return guard(__func__, [&] {
        clt_db*& handle = out_param(out, "out");
        const auto p = utf8_path(text(path, "path"));
        clientele::Database database(p, to_cpp(opts));
        handle = new clt_db(std::move(database));
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
