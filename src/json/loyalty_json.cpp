// The JSON form of the loyalty program's results (docs/loyalty.md).
#include "json/json.hpp"
#include "clientele/loyalty.hpp"
#include "clientele/time.hpp"

namespace clientele {

using nlohmann::json;

json to_json(const PointsLot& l) {
    json j = {{"entry_id", l.entry_id}, {"at", format_timestamp(l.at)}, {"points", l.points}, {"remaining", l.remaining}};
    if (l.expires_at) j["expires_at"] = format_timestamp(*l.expires_at);
    return j;
}

json to_json(const ExpiryReport& r) { return {{"customers", r.customers}, {"entries", r.entries}, {"points", r.points}}; }

json to_json(const LevelChange& c) {
    return {{"customer_id", c.customer_id.to_string()}, {"from", c.from}, {"to", c.to}, {"at", format_timestamp(c.at)},
            {"basis_value", c.basis_value}};
}

}  // namespace clientele
