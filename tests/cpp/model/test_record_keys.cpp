// The key lists the Python package takes its DataFrame columns from (json/record_keys.hpp)
// are exactly what the core writes for a record with every field set: a key added to a
// writer and not to its list (or the reverse) fails here, not in an analyst's notebook.
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "clientele/time.hpp"
#include "json/json.hpp"
#include "json/record_keys.hpp"

using namespace clientele;

namespace {

std::set<std::string> written(const nlohmann::json& j) {
    std::set<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.insert(it.key());
    return keys;
}

std::set<std::string> listed(std::span<const std::string_view> keys) {
    std::set<std::string> out(keys.begin(), keys.end());
    CHECK(out.size() == keys.size());  // no key twice
    return out;
}

const Uuid kId = *Uuid::parse("0b5e3f5c-8d1a-4c52-9a55-2f4f1a0b7c11");

}  // namespace

TEST_CASE("the interaction keys are what to_json writes", "[json][keys]") {
    Interaction i;
    i.id = kId;
    i.external_id = "I-1";
    i.customer_id = kId;
    i.customer_external_id = "C-1";
    i.kind = InteractionKind::complaint;
    i.occurred_at = parse_timestamp("2024-01-02T03:04:05Z");
    i.channel = "phone";
    i.direction = Direction::inbound;
    i.owner = "li.na";
    i.amount_minor = 1250;
    i.currency = "CNY";
    i.subject = "late";
    i.body = "the parcel came late";
    i.csat = 2;
    i.nps = 3;
    i.complaint_status = ComplaintStatus::open;
    i.due_at = parse_timestamp("2024-01-09T03:04:05Z");
    i.created_at = parse_timestamp("2024-01-02T03:05:00Z");
    CHECK(written(to_json(i)) == listed(interaction_json_keys()));
}

TEST_CASE("the points entry keys are what to_json writes", "[json][keys]") {
    PointsEntry e;
    e.id = 7;
    e.customer_id = kId;
    e.kind = PointsKind::redeem;
    e.points = -20;
    e.reason = "voucher";
    e.reference = "O-1042";
    e.at = parse_timestamp("2024-01-02T03:04:05Z");
    e.created_by = "admin";
    CHECK(written(to_json(e)) == listed(points_entry_json_keys()));
}

TEST_CASE("the user keys are what to_json writes", "[json][keys]") {
    User u;
    u.username = "li.na";
    u.display_name = "Li Na";
    u.role = Role::sales;
    u.team = "east";
    u.active = true;
    u.created_at = parse_timestamp("2024-01-02T03:04:05Z");
    CHECK(written(to_json(u)) == listed(user_json_keys()));
}

TEST_CASE("the audit entry keys are what to_json writes", "[json][keys]") {
    AuditEntry e;
    e.id = 7;
    e.at = parse_timestamp("2024-01-02T03:04:05Z");
    e.user = "admin";
    e.layer = "cli";
    e.action = "customer.update";
    e.customer = Uuid::parse("0a0a0a0a-0000-4000-8000-000000000001");
    e.target = "x";
    e.detail = R"({"changes":{}})";
    e.hash = "00";
    CHECK(written(to_json(e)) == listed(audit_entry_json_keys()));
}
