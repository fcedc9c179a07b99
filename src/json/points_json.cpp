// The JSON form of loyalty points ledger entries and their filter (docs/points.md).
#include "json/json.hpp"
#include "clientele/points.hpp"
#include "clientele/time.hpp"
#include "json/reader.hpp"
#include "json/record_keys.hpp"

namespace clientele {

using nlohmann::json;
using json_read::Reader;

std::span<const std::string_view> points_entry_json_keys() {
    static constexpr std::string_view keys[] = {"id", "customer_id", "kind", "points", "reason",
                                                "reference", "at", "created_by"};
    return keys;
}

json to_json(const PointsEntry& e) {
    json j = {{"id", e.id}, {"kind", to_string(e.kind)}, {"points", e.points}};
    if (!e.customer_id.is_nil()) j["customer_id"] = e.customer_id.to_string();
    if (!e.reason.empty()) j["reason"] = e.reason;
    if (!e.reference.empty()) j["reference"] = e.reference;
    if (e.at) j["at"] = format_timestamp(*e.at);
    if (!e.created_by.empty()) j["created_by"] = e.created_by;
    if (e.expires_at) j["expires_at"] = format_timestamp(*e.expires_at);
    if (e.voids != 0) j["voids"] = e.voids;
    return j;
}

PointsEntry points_entry_from_json(const json& j, std::string_view source, std::int64_t row) {
    Reader r(j, source, row);
    r.only({"kind", "points", "reason", "reference", "at"});
    if (!r.has("kind")) r.fail("kind", "is required");
    if (!r.has("points")) r.fail("points", "is required");
    PointsEntry e;
    const auto kind = r.string("kind");
    e.kind = r.located("kind", [&](const std::string& n) { return parse_points_kind(kind, n); });
    e.points = *r.integer("points");
    e.reason = r.string("reason");
    e.reference = r.string("reference");
    e.at = r.timestamp("at");
    return e;
}

PointsFilter points_filter_from_json(const json& j) {
    Reader r(j, "filter", 0);
    r.only({"kind", "from", "to", "limit"});
    PointsFilter f;
    if (const auto kind = r.string("kind"); !kind.empty())
        f.kind = r.located("kind", [&](const std::string& n) { return parse_points_kind(kind, n); });
    f.from = r.timestamp("from");
    f.to = r.timestamp("to");
    if (auto limit = r.integer("limit")) {
        if (*limit < 1 || *limit > 10000) r.fail("limit", std::to_string(*limit) + " is outside 1..10000");
        f.limit = static_cast<std::size_t>(*limit);
    }
    return f;
}

}  // namespace clientele
