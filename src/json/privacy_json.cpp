// The JSON form of privacy results (docs/privacy.md).
#include "json/json.hpp"
#include "clientele/privacy.hpp"
#include "json/reader.hpp"

namespace clientele {

using nlohmann::json;

json to_json(const SubjectExport& e) {
    json files = json::array();
    for (const auto& f : e.files) files.push_back(f.string());
    return {{"files", files}, {"interactions", e.interactions}, {"points_entries", e.points_entries},
            {"merges", e.merges}, {"reminders", e.reminders}, {"cases", e.cases}, {"level_changes", e.level_changes}};
}

json to_json(const RetentionResult& r) {
    json customers = json::array();
    for (const auto& c : r.customers) customers.push_back(to_json(c));
    return {{"dry_run", r.dry_run}, {"customers", customers}};
}

RetentionOptions retention_options_from_json(const json& j) {
    json_read::Reader r(j, "retention", 0);
    r.only({"as_of", "prospect_days", "dry_run"});
    RetentionOptions o;
    if (auto t = r.timestamp("as_of")) o.as_of = *t;
    else r.fail("as_of", "is required");
    o.prospect_days = r.integer("prospect_days").value_or(0);
    o.dry_run = r.boolean("dry_run", true);
    return o;
}

}  // namespace clientele
