// Internal: the JSON form of service cases, their inputs, the SLA policy and the service
// report (docs/service.md), for the C ABI, the Python module and the CLI.
#pragma once

#include <nlohmann/json.hpp>

#include "clientele/cases.hpp"
#include "json/record_keys.hpp"

namespace clientele {

/// {"id", "type", "status", "priority", "customer_id", "interaction_id", "owner",
/// "assignee", "channel", "subject", "opened_at", "first_response_due", "resolution_due",
/// "first_responded_at", "resolved_at", "closed_at", "escalated_to", "escalated_at",
/// "breached", "history"}; "breached" as of `as_of`, "history" only when the case has one.
nlohmann::json to_json(const Case& c, Timestamp as_of);
nlohmann::json to_json(const SlaPolicy& p);
nlohmann::json to_json(const ServiceReport& r);
/// Reads {"interaction", "customer", "type", "priority", "assignee", "channel", "subject",
/// "body", "at", "resolution_due", "note"}.
CaseOpening case_opening_from_json(const nlohmann::json& j);
/// Reads {"status", "priority", "assignee", "resolution_due", "note", "at"}.
CaseChange case_change_from_json(const nlohmann::json& j);
/// Reads {"customer", "type", "status", "assignee", "open", "breached_as_of", "limit"}.
CaseFilter case_filter_from_json(const nlohmann::json& j);
SlaPolicy sla_policy_from_json(const nlohmann::json& j);

}  // namespace clientele
