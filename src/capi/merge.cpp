// clientele C ABI — merging duplicate customers and undoing it.
#include "capi/capi.hpp"

#include "clientele/error.hpp"
#include "clientele/merge.hpp"

using namespace clientele::capi;

namespace {

constexpr clt_merge_options kMergeDefaults = CLT_MERGE_OPTIONS_INIT;

// The C++ options from the C struct (NULL = the defaults); the survivor into *survivor.
clientele::MergeOptions merge_options(const clt_merge_options* opts, std::string* survivor) {
    clientele::MergeOptions options;
    if (!options_arg(opts, kMergeDefaults.version, "clt_merge_options")) return options;
    if (opts->survivor != nullptr) *survivor = opts->survivor;
    options.dry_run = opts->dry_run != 0;
    if (auto rules = optional_object_arg(opts->rules_json)) options.rules = clientele::merge_rules_from_json(*rules);
    return options;
}

}  // namespace

extern "C" {

CLT_API clt_status clt_merge_options_init(clt_merge_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kMergeDefaults, "clt_merge_options"); });
}

CLT_API clt_status clt_merge_run(char** out_json, clt_db* db, const char* const* ids, size_t count,
                                 const clt_merge_options* opts) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        if (ids == nullptr && count > 0) throw Misuse("ids", "argument 'ids' must not be NULL");
        std::vector<std::string> refs;
        refs.reserve(count);
        for (size_t i = 0; i < count; ++i) refs.emplace_back(text(ids[i], "ids"));
        std::string survivor;
        const auto options = merge_options(opts, &survivor);
        put_json(out_json, clientele::to_json(d.merges().merge(survivor, refs, options)));
    });
}

CLT_API clt_status clt_merge_undo(char** out_json, clt_db* db, const char* ref) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        put_json(out_json, clientele::to_json(d.merges().unmerge(text(ref, "ref"))));
    });
}

CLT_API clt_status clt_merge_list(char** out_json, clt_db* db, const char* filter_json) {
    return guard(__func__, db, [&] {
        out_param(out_json, "out_json");
        auto& d = database(db);
        const auto filter = filter_arg(filter_json, clientele::merge_filter_from_json);
        put_json(out_json, json_array(d.merges().history(filter)));
    });
}

CLT_API clt_status clt_merge_clusters(char** out_json, clt_db* db, const char* clusters_json,
                                      double threshold, const clt_merge_options* opts) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        const auto clusters = clientele::merge_clusters_from_json(json_arg(clusters_json, "clusters_json"));
        std::string ignored;
        const auto options = merge_options(opts, &ignored);
        put_json(out_json, json_array(d.merges().apply(clusters, threshold, options)));
    });
}

CLT_API clt_status clt_merge_deduplicate(char** out_json, clt_db* db, const clt_dedupe_options* matcher,
                                         const clt_merge_options* opts) {
    return guard(__func__, db, [&] {
        reset(out_json);
        auto& d = database(db);
        clientele::DeduplicateOptions options;
        options.matcher = dedupe_options(matcher);
        std::string ignored;
        options.merge = merge_options(opts, &ignored);
        put_json(out_json, clientele::to_json(d.merges().deduplicate(options)));
    });
}

}  // extern "C"
