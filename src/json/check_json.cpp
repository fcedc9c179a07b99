// The JSON forms of a store check's report and of a record an export left out, as the C ABI,
// Python and the CLI's --json give them.
#include "json/json.hpp"

namespace clientele {

nlohmann::json to_json(const CheckReport& r) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : r.problems) problems.push_back({{"check", p.check}, {"subject", p.subject}, {"detail", p.detail}});
    return {{"ok", r.ok()}, {"checks", r.checks}, {"problems", problems}, {"customers", r.customers},
            {"interactions", r.interactions}};
}

nlohmann::json to_json(const DamagedRecord& d) { return {{"record", d.record}, {"reason", d.reason}}; }

}  // namespace clientele
