// clientele C ABI — users.
#include "capi/capi.hpp"

#include "json/json.hpp"

using namespace clientele::capi;
using clientele::to_json;

extern "C" {

CLT_API clt_status clt_user_add(char** out_json, clt_db* db, const char* user_json) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto u = clientele::user_from_json(object_arg(user_json, "user_json"));
        put_json(out_json, to_json(d.users().add(u)));
    });
}

CLT_API clt_status clt_user_update(char** out_json, clt_db* db, const char* username, const char* patch_json) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto name = text(username, "username");
        const auto patch = object_arg(patch_json, "patch_json");
        put_json(out_json, to_json(d.users().update(name, patch.dump())));
    });
}

CLT_API clt_status clt_user_get(char** out_json, clt_db* db, const char* username) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, to_json(d.users().get(text(username, "username"))));
    });
}

CLT_API clt_status clt_user_list(char** out_json, clt_db* db) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        put_json(out_json, json_array(database(db).users().list()));
    });
}

}  // extern "C"
