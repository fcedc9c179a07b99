// clientele C ABI — deduplication over records given as JSON.
#include <nlohmann/json.hpp>

#include "capi/capi.hpp"
#include "clientele/merge.hpp"
#include "clientele/dedupe.hpp"
#include "clientele/error.hpp"
#include "json/json.hpp"

using namespace clientele::capi;

namespace {

constexpr std::size_t kAnyCount = static_cast<std::size_t>(-1);

// The JSON array as named columns, for the library's column mapping; `expected` records
// unless kAnyCount.
std::vector<clientele::MatchRecord> records_from_json(const char* records_json, std::size_t expected) {
    const nlohmann::json j = clientele::parse_json(text(records_json, "records_json"), "records_json");
    if (!j.is_array()) throw clientele::InvalidInput("records_json", "not a JSON array");
    if (expected != kAnyCount && j.size() != expected)
        throw clientele::InvalidInput("records_json", "holds " + std::to_string(j.size()) + " records, count says " +
                                                          std::to_string(expected));
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

clientele::DedupeOptions options_from(const clt_dedupe_options* opts) {
    clientele::DedupeOptions o;
    if (opts == nullptr) return o;
    if (opts->version < 1 || opts->version > CLT_DEDUPE_OPTIONS_VERSION)
        throw Misuse("opts", "unknown clt_dedupe_options version " + std::to_string(opts->version));
    if (opts->default_region) o.default_region = opts->default_region;
    o.threshold = opts->threshold;
    o.review_threshold = opts->review_threshold;
    o.threads = opts->threads;
    return o;
}

}  // namespace

extern "C" {

CLT_API void clt_dedupe_options_init(clt_dedupe_options* opts) {
    if (opts != nullptr) *opts = clt_dedupe_options CLT_DEDUPE_OPTIONS_INIT;
}

CLT_API clt_status clt_dedupe(const char* records_json, size_t count, const clt_dedupe_options* opts,
                              uint32_t* out_clusters) {
    return guard(__func__, [&] {
        if (out_clusters == nullptr && count > 0) throw Misuse("out_clusters", "argument 'out_clusters' must not be NULL");
        auto result = clientele::dedupe(records_from_json(records_json, count), options_from(opts));
        std::copy(result.cluster.begin(), result.cluster.end(), out_clusters);
    });
}

CLT_API clt_status clt_dedupe_explain(const char* records_json, size_t a, size_t b, const clt_dedupe_options* opts,
                                      char** out_json) {
    return guard(__func__, [&] {
        out_param(out_json, "out_json");
        clientele::Deduplicator d(records_from_json(records_json, kAnyCount), options_from(opts));
        put_json(out_json, clientele::to_json(d.explain(a, b)));
    });
}

}  // extern "C"
