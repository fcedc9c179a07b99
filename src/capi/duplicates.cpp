// clientele C ABI — the per-insert duplicate check (Database::find_duplicates / explain).
#include "capi/capi.hpp"

#include "json/json.hpp"
#include "clientele/merge.hpp"

using namespace clientele::capi;

extern "C" {

CLT_API clt_status clt_duplicates_find(char** out_json, clt_db* db, const char* customer_json, double threshold) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        const auto candidate = clientele::customer_from_json(object_arg(customer_json, "customer_json"));
        nlohmann::json out = nlohmann::json::array();
        for (const auto& m : d.duplicates().find(candidate, {.threshold = threshold})) out.push_back(clientele::to_json(m));
        put_json(out_json, out);
    });
}

CLT_API clt_status clt_duplicates_explain(char** out_json, clt_db* db, const char* a, const char* b) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        const auto ref_a = text(a, "a"), ref_b = text(b, "b");
        nlohmann::json out = clientele::to_json(d.duplicates().explain(ref_a, ref_b));
        out["a"] = ref_a;
        out["b"] = ref_b;
        put_json(out_json, out);
    });
}

}  // extern "C"
