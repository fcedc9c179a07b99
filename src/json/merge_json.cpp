// The JSON form of merges (docs/merge.md): results, lineage records, rules and filters.
#include "json/json.hpp"
#include "clientele/merge.hpp"
#include "json/reader.hpp"

namespace clientele {

using nlohmann::json;
using json_read::Reader;

json to_json(const MovedRecord& m) {
    return {{"kind", m.kind}, {"from", m.from.to_string()}, {"value", json::parse(m.value)}, {"duplicate", m.duplicate}};
}

json to_json(const MergeResult& r) {
    // merge_id is always there (null when nothing was written) so every result has one shape.
    json j = {{"dry_run", r.dry_run}, {"survivor", to_json(r.survivor)}};
    j["merge_id"] = r.merge_id.is_nil() ? json(nullptr) : json(r.merge_id.to_string());
    j["merged"] = json::array();
    for (const auto& c : r.merged) j["merged"].push_back(to_json(c));
    j["moved"] = json::array();
    for (const auto& m : r.moved) j["moved"].push_back(to_json(m));
    return j;
}

json to_json(const MergeRecord& r) {
    json j = {{"id", r.id.to_string()},
              {"survivor", r.survivor.to_string()},
              {"merged", json::array()},
              {"merged_by", r.merged_by},
              {"merged_at", format_timestamp(r.merged_at)},
              {"status", to_string(r.status)}};
    for (const auto& u : r.merged) j["merged"].push_back(u.to_string());
    if (!r.undone_by.empty()) j["undone_by"] = r.undone_by;
    if (r.undone_at) j["undone_at"] = format_timestamp(*r.undone_at);
    return j;
}

json to_json(const ClusterOutcome& o) {
    json j = {{"action", to_string(o.action)}};
    j["merge_id"] = o.merge_id.is_nil() ? json(nullptr) : json(o.merge_id.to_string());
    if (!o.survivor.is_nil()) j["survivor"] = o.survivor.to_string();
    if (o.error != ErrorCode::ok) j["error"] = error_code_name(o.error);
    if (!o.message.empty()) j["message"] = o.message;
    return j;
}

json to_json(const DeduplicateResult& r) {
    json outcomes = json::array();
    for (const ClusterOutcome& o : r.outcomes) outcomes.push_back(to_json(o));
    return {{"records", r.ids.size()},
            {"clusters", r.first.clusters},
            {"candidate_pairs", r.first.candidate_pairs},
            {"rejected_merges", r.first.rejected_merges},
            {"passes", r.passes},
            {"merged_clusters", r.merged},
            {"failed_clusters", r.failed},
            {"outcomes", std::move(outcomes)}};
}

namespace {
json fields_json(const std::vector<FieldContribution>& fs) {
    json fields = json::array();
    for (const FieldContribution& f : fs) fields.push_back({{"field", f.field}, {"level", f.level}, {"weight", f.weight}});
    return fields;
}
}  // namespace

json to_json(const PairExplanation& e) {
    return {{"a", e.a}, {"b", e.b}, {"prior_weight", e.prior_weight}, {"weight", e.weight},
            {"probability", e.probability}, {"fields", fields_json(e.fields)}};
}

json to_json(const DuplicateMatch& m) {
    return {{"id", m.id}, {"display_name", m.display_name}, {"score", m.score}, {"weight", m.weight},
            {"fields", fields_json(m.fields)}};
}

std::map<std::string, MergeRule> merge_rules_from_json(const json& j) {
    if (!j.is_object()) throw InvalidInput("rules", "must be an object of field: rule");
    std::map<std::string, MergeRule> rules;
    const auto& known = merge_rule_fields();
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string path = "rules." + it.key();
        if (std::find(known.begin(), known.end(), it.key()) == known.end())
            throw InvalidInput(path, "is not a field a merge rule applies to");
        if (!it->is_string()) throw InvalidInput(path, "must be a rule name (text)");
        rules[it.key()] = parse_merge_rule(it->get<std::string>(), path);
    }
    return rules;
}

MergeFilter merge_filter_from_json(const json& j) {
    Reader r(j, "filter", 0);
    r.only({"customer", "status", "limit"});
    MergeFilter f;
    f.customer = r.string("customer");
    const auto status = r.string("status");
    if (!status.empty()) f.status = r.located("status", [&](const std::string& n) { return parse_merge_status(status, n); });
    if (auto limit = r.integer("limit")) {
        if (*limit < 1 || *limit > 10000) r.fail("limit", std::to_string(*limit) + " is outside 1..10000");
        f.limit = static_cast<std::size_t>(*limit);
    }
    return f;
}

std::vector<MergeCluster> merge_clusters_from_json(const json& j) {
    if (!j.is_array()) throw InvalidInput("clusters", "must be an array of clusters");
    std::vector<MergeCluster> out;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string path = "clusters[" + std::to_string(i) + "]";
        MergeCluster c;
        const json* ids = &j[i];
        if (j[i].is_object()) {
            Reader r(j[i], "", 0, path);
            r.only({"ids", "score", "survivor"});
            c.survivor = r.string("survivor");
            if (const auto* score = r.get("score")) {
                if (!score->is_number()) r.fail("score", "must be a number");
                c.score = score->get<double>();
            }
            ids = r.get("ids");
            if (ids == nullptr) r.fail("ids", "is required");
        }
        if (!ids->is_array()) throw InvalidInput(path + ".ids", "must be an array of customer ids");
        for (const auto& id : *ids) {
            if (!id.is_string()) throw InvalidInput(path + ".ids", "must hold customer ids (text)");
            c.ids.push_back(id.get<std::string>());
        }
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace clientele
