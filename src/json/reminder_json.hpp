// Internal: the JSON form of reminders, their rules, follow-ups and outcomes
// (docs/reminders.md), for the C ABI, the Python module and the CLI.
#pragma once

#include <nlohmann/json.hpp>

#include "clientele/reminders.hpp"

namespace clientele {

/// {"id", "customer_id", "customer", "customer_name", "kind", "occasion", "due_on",
/// "snoozed_until", "status", "reason", "owner", "channel", "note", "interaction",
/// "created_at", "created_by"}.
nlohmann::json to_json(const Reminder& r);
nlohmann::json to_json(const ReminderRules& r);
/// Strict: an unknown key, a wrong type or an out-of-range value is InvalidInput naming
/// the field ("not_contacted_days_by_tier.high"); absent keys keep their defaults.
ReminderRules reminder_rules_from_json(const nlohmann::json& j);
/// {"customer", "due_on", "reason", "note"} (customer and due_on required).
FollowUp follow_up_from_json(const nlohmann::json& j);
/// {"note", "interaction": {an interaction without its customer}}.
ReminderOutcome reminder_outcome_from_json(const nlohmann::json& j);

}  // namespace clientele
