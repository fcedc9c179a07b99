// The JSON form of analytics options (docs/analytics.md): custom RFM segment rules, read the
// same way by the C ABI (clt_rfm_options.segments_json) and the CLI (rfm --segments FILE).
#include <tuple>
#include <utility>

#include "json/json.hpp"
#include "clientele/analytics.hpp"
#include "json/reader.hpp"

namespace clientele {

using nlohmann::json;
using json_read::Reader;

namespace {

/// [min, max] of scores at `path`; the range itself (1..bins) is the core's check.
std::pair<int, int> score_range(const Reader& r, std::string_view key, const std::string& path) {
    const json* range = r.get(key);
    if (range == nullptr) r.fail(key, "is required: [min, max] scores");
    if (!range->is_array() || range->size() != 2 || !(*range)[0].is_number_integer() || !(*range)[1].is_number_integer())
        throw InvalidInput(path + "." + std::string(key), "must be [min, max] whole scores, e.g. [4, 5]");
    return {(*range)[0].get<int>(), (*range)[1].get<int>()};
}

}  // namespace

std::vector<SegmentRule> segment_rules_from_json(const json& j) {
    if (!j.is_array()) throw InvalidInput("segments", "must be an array of rules {\"name\", \"r\", \"f\"}");
    std::vector<SegmentRule> rules;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string path = "segments[" + std::to_string(i) + "]";
        if (!j[i].is_object()) throw InvalidInput(path, "must be a rule {\"name\", \"r\": [min, max], \"f\": [min, max]}");
        Reader r(j[i], "", 0, path);
        r.only({"name", "r", "f"});
        SegmentRule rule;
        rule.name = r.string("name");
        if (rule.name.empty()) r.fail("name", "is required");
        std::tie(rule.r_min, rule.r_max) = score_range(r, "r", path);
        std::tie(rule.f_min, rule.f_max) = score_range(r, "f", path);
        rules.push_back(std::move(rule));
    }
    return rules;
}

}  // namespace clientele
