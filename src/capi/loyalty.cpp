// clientele C ABI — the loyalty program (docs/loyalty.md).
#include "capi/capi.hpp"

#include "json/json.hpp"
#include "clientele/loyalty.hpp"
#include "clientele/time.hpp"

using namespace clientele::capi;
using clientele::to_json;

namespace {

constexpr clt_loyalty_run_options kRunDefaults = CLT_LOYALTY_RUN_OPTIONS_INIT;

// opts->as_of, or now for NULL options or a NULL as_of.
std::optional<clientele::Timestamp> as_of_arg(const clt_loyalty_run_options* opts) {
    const auto* o = options_arg(opts, kRunDefaults.version, "clt_loyalty_run_options");
    if (o == nullptr || o->as_of == nullptr) return std::nullopt;
    return clientele::parse_timestamp(o->as_of, "as_of");
}

}  // namespace

extern "C" {

CLT_API clt_status clt_loyalty_run_options_init(clt_loyalty_run_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kRunDefaults, "clt_loyalty_run_options"); });
}

CLT_API clt_status clt_loyalty_rules_set(clt_db* db, const char* rules_json) {
    return guard(__func__, db, [&] {
        auto& d = database(db);
        d.loyalty().set_rules(text(rules_json, "rules_json"));
    });
}

CLT_API clt_status clt_loyalty_rules_get(char** out_json, clt_db* db) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put(out_json, d.loyalty().rules());
    });
}

CLT_API clt_status clt_loyalty_expire_due(char** out_json, clt_db* db, const clt_loyalty_run_options* opts) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto as_of = as_of_arg(opts);
        put_json(out_json, to_json(d.loyalty().expire_due(as_of.value_or(clientele::now_utc()))));
    });
}

CLT_API clt_status clt_loyalty_evaluate_levels(char** out_json, clt_db* db, const clt_loyalty_run_options* opts) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto as_of = as_of_arg(opts);
        put_json(out_json, json_array(d.loyalty().evaluate_levels(as_of.value_or(clientele::now_utc()))));
    });
}

CLT_API clt_status clt_loyalty_level_history(char** out_json, clt_db* db, const char* customer) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        put_json(out_json, json_array(d.loyalty().level_history(text(customer, "customer"))));
    });
}

CLT_API clt_status clt_loyalty_lots(char** out_json, clt_db* db, const char* customer, const clt_loyalty_run_options* opts) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        const auto ref = text(customer, "customer");
        put_json(out_json, json_array(d.loyalty().lots(ref, as_of_arg(opts))));
    });
}

CLT_API clt_status clt_loyalty_balance_at(int64_t* out_balance, clt_db* db, const char* customer, const char* at) {
    return guard(__func__, db, [&] {
        auto& balance = out_param(out_balance, "out_balance");
        auto& d = database(db);
        const auto ref = text(customer, "customer");
        balance = d.loyalty().balance_at(ref, clientele::parse_timestamp(text(at, "at"), "at"));
    });
}

CLT_API clt_status clt_loyalty_void(char** out_json, clt_db* db, int64_t entry_id, const char* reason) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const std::string why = reason == nullptr ? "" : reason;
        put_json(out_json, to_json(d.loyalty().void_entry(entry_id, why)));
    });
}

}  // extern "C"
