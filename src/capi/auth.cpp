// clientele C ABI — passwords, the require-credentials setting, the authentication log.
#include "capi/capi.hpp"

#include "json/json.hpp"

using namespace clientele::capi;

namespace {

// NULL and "" both mean "no password" (a user who has none yet).
std::string_view optional_text(const char* s) { return s == nullptr ? std::string_view{} : std::string_view{s}; }

}  // namespace

extern "C" {

CLT_API clt_status clt_auth_change_password(clt_db* db, const char* old_password, const char* new_password) {
    return guard(__func__, db, [&] {
        auto& d = database(db);
        d.auth().change_password(optional_text(old_password), text(new_password, "new_password"));
    });
}

CLT_API clt_status clt_auth_reset_password(clt_db* db, const char* username, const char* new_password) {
    return guard(__func__, db, [&] {
        auto& d = database(db);
        d.auth().reset_password(text(username, "username"), text(new_password, "new_password"));
    });
}

CLT_API clt_status clt_auth_require(clt_db* db, int on) {
    return guard(__func__, db, [&] { database(db).auth().require(on != 0); });
}

namespace {

// Both entry points, so the unkeyed one cannot drift from the keyed one; errors name the
// function the caller called.
clt_status auth_policy(const char* function, char** out_json, const char* path, const char* passphrase,
                       const char* key_hex) {
    return guard(function, [&] {
        out_param(out_json, "out_json");
        clientele::EncryptionKey key;
        if (passphrase != nullptr) key.passphrase = passphrase;
        if (key_hex != nullptr) key.key = key_hex;
        put_json(out_json, clientele::to_json(clientele::read_auth_policy(utf8_path(text(path, "path")), key)));
    });
}

}  // namespace

CLT_API clt_status clt_auth_policy(char** out_json, const char* path) {
    return auth_policy(__func__, out_json, path, nullptr, nullptr);
}

CLT_API clt_status clt_auth_policy_keyed(char** out_json, const char* path, const char* passphrase,
                                         const char* key_hex) {
    return auth_policy(__func__, out_json, path, passphrase, key_hex);
}

CLT_API clt_status clt_auth_log(char** out_json, clt_db* db) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        put_json(out_json, json_array(database(db).auth().log()));
    });
}

}  // extern "C"
