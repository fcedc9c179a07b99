// clientele C ABI — interactions.
#include "capi/capi.hpp"

#include "json/json.hpp"

using namespace clientele::capi;
using clientele::to_json;

extern "C" {

CLT_API clt_status clt_interaction_add(char** out_json, clt_db* db, const char* interaction_json) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto i = clientele::interaction_from_json(object_arg(interaction_json, "interaction_json"));
        put_json(out_json, to_json(d.interactions().add(i)));
    });
}

CLT_API clt_status clt_interaction_get(char** out_json, clt_db* db, const char* ref) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, to_json(d.interactions().get(text(ref, "ref"))));
    });
}

CLT_API clt_status clt_interaction_list(char** out_json, clt_db* db, const char* filter_json, size_t limit,
                                        const char* cursor) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        const auto filter = filter_arg(filter_json, clientele::interaction_filter_from_json);
        put_json(out_json, to_json(d.interactions().list(filter, page_request(limit, cursor))));
    });
}

CLT_API clt_status clt_interaction_count(int64_t* out_count, clt_db* db, const char* filter_json) {
    return guard(__func__, db, [&] {
        auto& count = out_param(out_count, "out_count");
        auto& d = database(db);
        count = d.interactions().count(filter_arg(filter_json, clientele::interaction_filter_from_json));
    });
}

}  // extern "C"
