// The JSON form of care reminders, their rules, follow-ups and outcomes (docs/reminders.md).
#include "json/reminder_json.hpp"

#include "clientele/time.hpp"
#include "json/json.hpp"
#include "json/reader.hpp"
#include "json/record_keys.hpp"

namespace clientele {

using nlohmann::json;
using json_read::Reader;

std::span<const std::string_view> reminder_json_keys() {
    static constexpr std::string_view keys[] = {
        "id",      "customer_id", "customer", "customer_name", "kind",        "occasion",  "due_on",    "snoozed_until",
        "status",  "reason",      "owner",    "channel",       "note",        "interaction", "created_at", "created_by"};
    return keys;
}

json to_json(const Reminder& r) {
    json j = {{"id", r.id},
              {"customer_id", r.customer_id.to_string()},
              {"customer", r.customer},
              {"customer_name", r.customer_name},
              {"kind", to_string(r.kind)},
              {"occasion", r.occasion},
              {"due_on", format_date(r.due_on)},
              {"status", to_string(r.status)},
              {"reason", r.reason},
              {"owner", r.owner},
              {"channel", r.channel},
              {"note", r.note},
              {"created_at", format_timestamp(r.created_at)},
              {"created_by", r.created_by}};
    j["snoozed_until"] = r.snoozed_until ? json(format_date(*r.snoozed_until)) : json(nullptr);
    j["interaction"] = r.interaction ? json(r.interaction->to_string()) : json(nullptr);
    return j;
}

json to_json(const ReminderRules& r) {
    return {{"birthday", r.birthday},
            {"anniversary", r.anniversary},
            {"holidays", r.holidays},
            {"not_contacted", r.not_contacted},
            {"reverify", r.reverify},
            {"win_back", r.win_back},
            {"leap_day", r.leap_day},
            {"holiday_list", r.holiday_list},
            {"not_contacted_days", r.not_contacted_days},
            {"not_contacted_days_by_tier", r.not_contacted_days_by_tier},
            {"not_contacted_days_by_segment", r.not_contacted_days_by_segment},
            {"currency", r.currency},
            {"reverify_days", r.reverify_days},
            {"win_back_within_days", r.win_back_within_days},
            {"at_risk_days", r.at_risk_days},
            {"churned_days", r.churned_days},
            {"channels", r.channels}};
}

namespace {

// A JSON integer that must fit an int (the day counts); its range is checked by the rules.
int int_member(const Reader& r, std::string_view key, int fallback) {
    const auto v = r.integer(key);
    if (!v) return fallback;
    if (*v < INT32_MIN || *v > INT32_MAX) r.fail(key, std::to_string(*v) + " is out of range");
    return static_cast<int>(*v);
}

std::map<std::string, int> days_map(const Reader& r, std::string_view key) {
    std::map<std::string, int> out;
    const auto* m = r.get(key);
    if (!m) return out;
    if (!m->is_object()) r.fail(key, "must be an object of day counts, such as {\"high\": 30}");
    for (const auto& [name, value] : m->items()) {
        if (!value.is_number_integer())
            throw InvalidInput(r.name(key) + "." + name, "must be a whole number of days", r.source(), r.row());
        const auto n = value.get<std::int64_t>();
        if (n < INT32_MIN || n > INT32_MAX)
            throw InvalidInput(r.name(key) + "." + name, std::to_string(n) + " is out of range", r.source(), r.row());
        out[name] = static_cast<int>(n);
    }
    return out;
}

}  // namespace

ReminderRules reminder_rules_from_json(const json& j) {
    if (!j.is_object()) throw InvalidInput("rules", "must be a JSON object");
    Reader r(j, "rules", 0);
    r.only({"birthday", "anniversary", "holidays", "not_contacted", "reverify", "win_back", "leap_day", "holiday_list",
            "not_contacted_days", "not_contacted_days_by_tier", "not_contacted_days_by_segment", "currency",
            "reverify_days", "win_back_within_days", "at_risk_days", "churned_days", "channels"});
    ReminderRules o;
    o.birthday = r.boolean("birthday", o.birthday);
    o.anniversary = r.boolean("anniversary", o.anniversary);
    o.holidays = r.boolean("holidays", o.holidays);
    o.not_contacted = r.boolean("not_contacted", o.not_contacted);
    o.reverify = r.boolean("reverify", o.reverify);
    o.win_back = r.boolean("win_back", o.win_back);
    if (r.has("leap_day")) o.leap_day = r.string("leap_day");
    if (r.has("holiday_list")) o.holiday_list = r.strings("holiday_list");
    o.not_contacted_days = int_member(r, "not_contacted_days", o.not_contacted_days);
    o.not_contacted_days_by_tier = days_map(r, "not_contacted_days_by_tier");
    o.not_contacted_days_by_segment = days_map(r, "not_contacted_days_by_segment");
    o.currency = r.string("currency");
    o.reverify_days = int_member(r, "reverify_days", o.reverify_days);
    o.win_back_within_days = int_member(r, "win_back_within_days", o.win_back_within_days);
    o.at_risk_days = int_member(r, "at_risk_days", o.at_risk_days);
    o.churned_days = int_member(r, "churned_days", o.churned_days);
    if (r.has("channels")) o.channels = r.strings("channels");
    return o;
}

FollowUp follow_up_from_json(const json& j) {
    Reader r(j, "follow_up", 0);
    r.only({"customer", "due_on", "reason", "note"});
    if (!r.has("customer")) r.fail("customer", "is required");
    if (!r.has("due_on")) r.fail("due_on", "is required");
    FollowUp f;
    f.customer = r.string("customer");
    f.due_on = *r.date("due_on");
    f.reason = r.string("reason");
    f.note = r.string("note");
    return f;
}

ReminderOutcome reminder_outcome_from_json(const json& j) {
    Reader r(j, "outcome", 0);
    r.only({"note", "interaction"});
    ReminderOutcome o;
    o.note = r.string("note");
    if (r.has("interaction")) o.interaction = interaction_from_json(r.object("interaction"), "interaction");
    return o;
}

std::string to_json_text(const Reminder& r) { return to_json(r).dump(); }
std::string to_json_text(const ReminderRules& r) { return to_json(r).dump(); }
ReminderRules reminder_rules_from_json_text(std::string_view text) {
    return reminder_rules_from_json(parse_json(text, "rules"));
}

}  // namespace clientele
