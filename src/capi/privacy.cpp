// clientele C ABI — privacy requests.
#include "capi/capi.hpp"

#include "json/json.hpp"

using namespace clientele::capi;
using clientele::to_json;

namespace {

constexpr clt_privacy_retention_options kRetentionDefaults = CLT_PRIVACY_RETENTION_OPTIONS_INIT;

}  // namespace

extern "C" {

CLT_API clt_status clt_privacy_anonymize(char** out_json, clt_db* db, const char* customer) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        put_json(out_json, to_json(d.privacy().anonymize(text(customer, "customer"))));
    });
}

CLT_API clt_status clt_privacy_subject_export(char** out_json, clt_db* db, const char* customer, const char* dir) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto ref = text(customer, "customer");
        const std::filesystem::path path = text(dir, "dir");
        put_json(out_json, to_json(d.privacy().subject_export(ref, path)));
    });
}

CLT_API clt_status clt_privacy_retention_options_init(clt_privacy_retention_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kRetentionDefaults, "clt_privacy_retention_options"); });
}

CLT_API clt_status clt_privacy_retention(char** out_json, clt_db* db, const clt_privacy_retention_options* opts) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        if (opts == nullptr) throw Misuse("opts", "argument 'opts' must not be NULL (as_of is required)");
        options_arg(opts, CLT_PRIVACY_RETENTION_OPTIONS_VERSION, "clt_privacy_retention_options");
        clientele::RetentionOptions o;
        o.as_of = clientele::Timestamp(std::chrono::seconds(opts->as_of));
        o.prospect_days = opts->prospect_days;
        o.dry_run = opts->dry_run != 0;
        put_json(out_json, to_json(d.privacy().apply_retention(o)));
    });
}

}  // extern "C"
