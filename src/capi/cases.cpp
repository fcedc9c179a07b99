// clientele C ABI — service cases and the service report (docs/service.md).
#include "capi/capi.hpp"

#include "json/cases_json.hpp"
#include "json/json.hpp"

using namespace clientele::capi;

namespace {

constexpr clt_service_report_options kReportDefaults = CLT_SERVICE_REPORT_OPTIONS_INIT;

nlohmann::json case_json(const clientele::Case& c) { return clientele::to_json(c, clientele::now_utc()); }

nlohmann::json cases_json(const std::vector<clientele::Case>& cases, clientele::Timestamp as_of) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : cases) out.push_back(clientele::to_json(c, as_of));
    return out;
}

clientele::Timestamp instant_arg(const char* s, const char* argument) {
    return clientele::parse_timestamp(text(s, argument), argument);
}

}  // namespace

extern "C" {

CLT_API clt_status clt_case_open(char** out_json, clt_db* db, const char* case_json_text) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto opening = clientele::case_opening_from_json(object_arg(case_json_text, "case_json"));
        put_json(out_json, case_json(d.cases().open(opening)));
    });
}

CLT_API clt_status clt_case_update(char** out_json, clt_db* db, int64_t id, const char* change_json) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto change = clientele::case_change_from_json(object_arg(change_json, "change_json"));
        put_json(out_json, case_json(d.cases().update(id, change)));
    });
}

CLT_API clt_status clt_case_get(char** out_json, clt_db* db, int64_t id) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        put_json(out_json, case_json(database(db).cases().get(id)));
    });
}

CLT_API clt_status clt_case_list(char** out_json, clt_db* db, const char* filter_json) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        const auto filter = filter_arg(filter_json, clientele::case_filter_from_json);
        const auto as_of = filter.breached_as_of.value_or(clientele::now_utc());
        put_json(out_json, cases_json(database(db).cases().list(filter), as_of));
    });
}

CLT_API clt_status clt_case_escalate(char** out_json, clt_db* db, const char* as_of) {
    return guard(__func__, db, [&] {
        reset(out_json);
        const auto t = instant_arg(as_of, "as_of");
        put_json(out_json, cases_json(database(db).cases().escalate(t), t));
    });
}

CLT_API clt_status clt_case_sla(char** out_json, clt_db* db) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        put_json(out_json, clientele::to_json(database(db).cases().sla_policy()));
    });
}

CLT_API clt_status clt_case_set_sla(clt_db* db, const char* sla_json) {
    return guard(__func__, db, [&] {
        auto& d = database(db);
        d.cases().set_sla_policy(clientele::sla_policy_from_json(object_arg(sla_json, "sla_json")));
    });
}

CLT_API clt_status clt_service_report_options_init(clt_service_report_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kReportDefaults, "clt_service_report_options"); });
}

CLT_API clt_status clt_service_report_compute(char** out_json, clt_db* db, const clt_service_report_options* opts) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        if (opts == nullptr) throw Misuse("opts", "argument 'opts' must not be NULL (from and to are required)");
        const auto& o = *options_arg(opts, kReportDefaults.version, "clt_service_report_options");
        clientele::ServiceReportOptions r;
        r.from = instant_arg(o.from, "from");
        r.to = instant_arg(o.to, "to");
        if (o.currency != nullptr) r.currency = o.currency;
        put_json(out_json, clientele::to_json(database(db).cases().service_report(r)));
    });
}

}  // extern "C"
