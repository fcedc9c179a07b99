// clientele C ABI — interactions.
#include "capi/capi.hpp"

#include "json/json.hpp"

using namespace clientele::capi;
using clientele::to_json;

extern "C" {

CLT_API clt_status clt_interaction_add(clt_db* db, const char* interaction_json, char** out_json) {
    return guard(__func__, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto i = clientele::interaction_from_json(object_arg(interaction_json, "interaction_json"));
        put_json(out_json, to_json(d.add_interaction(i)));
    });
}

CLT_API clt_status clt_interaction_get(clt_db* db, const char* ref, char** out_json) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, to_json(d.get_interaction(text(ref, "ref"))));
    });
}

CLT_API clt_status clt_interaction_list(clt_db* db, const char* filter_json, size_t limit,
                                        const char* cursor, char** out_json) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        const auto filter = filter_arg(filter_json, clientele::interaction_filter_from_json);
        put_json(out_json, to_json(d.list_interactions(filter, page_request(limit, cursor))));
    });
}

CLT_API clt_status clt_interaction_count(clt_db* db, const char* filter_json, int64_t* out_count) {
    return guard(__func__, [&] {
        auto& count = out_param(out_count, "out_count");
        auto& d = database(db);
        count = d.count_interactions(filter_arg(filter_json, clientele::interaction_filter_from_json));
    });
}

}  // extern "C"
