// The JSON form of the audit trail (docs/audit.md).
#include "clientele/audit.hpp"
#include "json/json.hpp"
#include "json/reader.hpp"
#include "json/record_keys.hpp"

namespace clientele {

using nlohmann::json;

namespace {

constexpr std::string_view kEntryKeys[] = {"id", "at", "user", "layer", "action", "customer", "target", "detail",
                                           "redacted", "hash"};

}  // namespace

std::span<const std::string_view> audit_entry_json_keys() { return kEntryKeys; }

json to_json(const AuditEntry& e) {
    json j = {{"id", e.id}, {"at", format_timestamp(e.at)}, {"user", e.user}, {"layer", e.layer},
              {"action", e.action}, {"target", e.target}, {"redacted", e.redacted}, {"hash", e.hash}};
    if (e.customer) j["customer"] = e.customer->to_string();
    // Written by the library as JSON; a detail that does not parse is shown as its text.
    j["detail"] = e.redacted ? json() : json::parse(e.detail, nullptr, false);
    if (j["detail"].is_discarded()) j["detail"] = e.detail;
    return j;
}

json to_json(const AuditVerification& v) {
    return {{"ok", v.ok},         {"entries", v.entries},   {"redacted", v.redacted},
            {"first_id", v.first_id}, {"last_id", v.last_id}, {"pruned_through", v.pruned_through},
            {"head_hash", v.head_hash}, {"problems", v.problems}};
}

AuditFilter audit_filter_from_json(const json& j) {
    json_read::Reader r(j, "audit filter", 0);
    r.only({"customer", "user", "action", "from", "to", "before_id", "limit"});
    AuditFilter f;
    f.customer = r.string("customer");
    f.user = r.string("user");
    f.action = r.string("action");
    f.from = r.timestamp("from");
    f.to = r.timestamp("to");
    f.before_id = r.integer("before_id").value_or(0);
    if (auto limit = r.integer("limit")) {
        if (*limit < 1 || *limit > 10000) r.fail("limit", std::to_string(*limit) + " is outside 1..10000");
        f.limit = static_cast<std::size_t>(*limit);
    }
    return f;
}

}  // namespace clientele
