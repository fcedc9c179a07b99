// clientele C ABI — users.
#include "capi/capi.hpp"

#include "json/json.hpp"

using namespace clientele::capi;
using clientele::to_json;

extern "C" {

CLT_API clt_status clt_user_add(clt_db* db, const char* user_json, char** out_json) {
    return guard(__func__, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto u = clientele::user_from_json(object_arg(user_json, "user_json"));
        put_json(out_json, to_json(d.add_user(u)));
    });
}

CLT_API clt_status clt_user_update(clt_db* db, const char* username, const char* patch_json,
                                   char** out_json) {
    return guard(__func__, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto name = text(username, "username");
        const auto patch = object_arg(patch_json, "patch_json");
        put_json(out_json, to_json(d.update_user(name, patch.dump())));
    });
}

CLT_API clt_status clt_user_get(clt_db* db, const char* username, char** out_json) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, to_json(d.get_user(text(username, "username"))));
    });
}

CLT_API clt_status clt_user_list(clt_db* db, char** out_json) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        put_json(out_json, json_array(database(db).list_users()));
    });
}

}  // extern "C"
