// clientele C ABI — the audit trail.
#include "capi/capi.hpp"

#include "json/json.hpp"

using namespace clientele::capi;
using clientele::to_json;

extern "C" {

CLT_API clt_status clt_audit_list(char** out_json, clt_db* db, const char* filter_json) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        const auto filter = filter_arg(filter_json, clientele::audit_filter_from_json);
        put_json(out_json, json_array(d.audit().list(filter)));
    });
}

CLT_API clt_status clt_audit_verify(char** out_json, clt_db* db, int64_t anchor_id, const char* anchor_hash) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, to_json(d.audit().verify(anchor_id, anchor_hash ? anchor_hash : "")));
    });
}

CLT_API clt_status clt_audit_prune(int64_t* out_count, clt_db* db, int64_t as_of) {
    return guard(__func__, db, [&] {
        out_param(out_count, "out_count");
        auto& d = database(db);
        *out_count = d.audit().prune(clientele::Timestamp(std::chrono::seconds(as_of)));
    });
}

}  // extern "C"
