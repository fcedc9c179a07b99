// clientele C ABI — deduplication over records given as JSON.
#include <nlohmann/json.hpp>

#include "capi/capi.hpp"
#include "clientele/merge.hpp"
#include "clientele/dedupe.hpp"
#include "clientele/error.hpp"
#include "json/json.hpp"

using namespace clientele::capi;

namespace {

// The JSON array as named columns, for the library's column mapping.
std::vector<clientele::MatchRecord> records_from_json(const char* records_json) {
    const nlohmann::json j = clientele::parse_json(text(records_json, "records_json"), "records_json");
    if (!j.is_array()) throw clientele::InvalidInput("records_json", "not a JSON array");
    if (j.empty()) return {};
    std::vector<std::string> names;
    std::vector<std::vector<std::string>> columns;
    for (std::size_t i = 0; i < j.size(); ++i) {
        if (!j[i].is_object())
            throw clientele::InvalidInput("records_json", "record " + std::to_string(i) + " is not an object");
        for (auto& [key, value] : j[i].items()) {
            std::size_t c = 0;
            while (c < names.size() && names[c] != key) ++c;
            if (c == names.size()) {
                names.push_back(key);
                columns.emplace_back(j.size());
            }
            if (value.is_string()) columns[c][i] = value.get<std::string>();
            else if (!value.is_null()) columns[c][i] = value.dump();
        }
    }
    return clientele::match_records_from_columns(names, columns);
}

constexpr clt_dedupe_options kDedupeDefaults = CLT_DEDUPE_OPTIONS_INIT;

}  // namespace

namespace clientele::capi {

clientele::DedupeOptions dedupe_options(const clt_dedupe_options* opts) {
    clientele::DedupeOptions o;
    if (!options_arg(opts, kDedupeDefaults.version, "clt_dedupe_options")) return o;
    if (opts->default_region) o.default_region = opts->default_region;
    o.threshold = opts->threshold;
    o.review_threshold = opts->review_threshold;
    o.threads = opts->threads;
    return o;
}

}  // namespace clientele::capi

extern "C" {

CLT_API clt_status clt_dedupe_options_init(clt_dedupe_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kDedupeDefaults, "clt_dedupe_options"); });
}

CLT_API clt_status clt_dedupe_cluster(uint32_t* out_clusters, size_t clusters_len, const char* records_json,
                                      const clt_dedupe_options* opts) {
    return guard(__func__, [&] {
        auto records = records_from_json(records_json);
        auto* clusters = buffer_arg(out_clusters, clusters_len, records.size(), "out_clusters");
        auto result = clientele::dedupe(std::move(records), dedupe_options(opts));
        std::copy(result.cluster.begin(), result.cluster.end(), clusters);
    });
}

CLT_API clt_status clt_dedupe_explain(char** out_json, const char* records_json, size_t a, size_t b,
                                      const clt_dedupe_options* opts) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        clientele::Deduplicator d(records_from_json(records_json), dedupe_options(opts));
        put_json(out_json, clientele::to_json(d.explain(a, b)));
    });
}

}  // extern "C"
