// clientele C ABI — loyalty points ledger.
#include "capi/capi.hpp"

#include "json/json.hpp"
#include "clientele/points.hpp"

using namespace clientele::capi;
using clientele::to_json;

extern "C" {

CLT_API clt_status clt_points_record(char** out_json, clt_db* db, const char* customer, const char* entry_json) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto ref = text(customer, "customer");
        const auto entry = clientele::points_entry_from_json(object_arg(entry_json, "entry_json"));
        put_json(out_json, to_json(d.points().record(ref, entry)));
    });
}

CLT_API clt_status clt_points_balance(int64_t* out_balance, clt_db* db, const char* customer) {
    return guard(__func__, db, [&] {
        auto& balance = out_param(out_balance, "out_balance");
        auto& d = database(db);
        balance = d.points().balance(text(customer, "customer"));
    });
}

CLT_API clt_status clt_points_history(char** out_json, clt_db* db, const char* customer, const char* filter_json) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        const auto ref = text(customer, "customer");
        const auto filter = filter_arg(filter_json, clientele::points_filter_from_json);
        put_json(out_json, json_array(d.points().history(ref, filter)));
    });
}

}  // extern "C"
