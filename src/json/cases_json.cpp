// The JSON form of service cases and the SLA policy (json/cases_json.hpp).
#include "json/cases_json.hpp"

#include <charconv>
#include <cmath>

#include "clientele/error.hpp"
#include "json/json.hpp"
#include "json/reader.hpp"

namespace clientele {

using nlohmann::json;
using json_read::read_enum;
using json_read::Reader;

namespace {

constexpr const char* kDayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

void put(json& j, const char* key, const std::optional<Timestamp>& t) {
    if (t) j[key] = format_timestamp(*t);
}

json number_or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// "HH:MM" -> minutes after midnight (24:00 allowed as a closing time).
std::optional<int> clock_minutes(std::string_view t) {
    if (t.size() != 5 || t[2] != ':') return std::nullopt;
    int h = 0, m = 0;
    if (std::from_chars(t.data(), t.data() + 2, h).ptr != t.data() + 2) return std::nullopt;
    if (std::from_chars(t.data() + 3, t.data() + 5, m).ptr != t.data() + 5) return std::nullopt;
    if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
}

std::string clock_text(int minutes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

// "4h", "90m", "1h30m" -> minutes; a positive whole number of minutes.
std::int64_t duration_minutes(const std::string& t, const std::string& field) {
    std::int64_t total = 0;
    std::size_t i = 0;
    bool any = false;
    while (i < t.size()) {
        std::int64_t n = 0;
        const auto [ptr, ec] = std::from_chars(t.data() + i, t.data() + t.size(), n);
        const auto used = static_cast<std::size_t>(ptr - t.data());
        if (ec != std::errc() || used == i || used >= t.size() || n > 1000000) break;
        const char unit = t[used];
        if (unit == 'h') total += n * 60;
        else if (unit == 'm') total += n;
        else break;
        i = used + 1;
        any = true;
        if (i == t.size()) {
            if (total <= 0) throw InvalidInput(field, "must be longer than 0 minutes, not '" + t + "'", "sla");
            return total;
        }
    }
    (void)any;
    throw InvalidInput(field, "'" + t + "' is not a duration such as \"4h\", \"90m\" or \"1h30m\"", "sla");
}

std::string duration_text(std::int64_t minutes) {
    const auto h = minutes / 60, m = minutes % 60;
    if (m == 0) return std::to_string(h) + "h";
    return h == 0 ? std::to_string(m) + "m" : std::to_string(h) + "h" + std::to_string(m) + "m";
}

std::string offset_text(int minutes) {
    std::string out = clock_text(std::abs(minutes));
    out.insert(out.begin(), minutes < 0 ? '-' : '+');
    return out;
}

constexpr CasePriority kPriorities[] = {CasePriority::low, CasePriority::normal, CasePriority::high, CasePriority::urgent};

}  // namespace

std::span<const std::string_view> case_json_keys() {
    static constexpr std::string_view keys[] = {
        "id", "type", "status", "priority", "customer_id", "interaction_id", "owner", "assignee", "channel", "subject",
        "opened_at", "first_response_due", "resolution_due", "first_responded_at", "resolved_at", "closed_at",
        "escalated_to", "escalated_at", "breached", "history"};
    return keys;
}

json to_json(const Case& c, Timestamp as_of) {
    json j = {{"id", c.id},
              {"type", to_string(c.type)},
              {"status", c.status},
              {"priority", to_string(c.priority)},
              {"customer_id", c.customer_id.to_string()},
              {"interaction_id", c.interaction_id.to_string()},
              {"owner", c.owner},
              {"assignee", c.assignee},
              {"channel", c.channel},
              {"subject", c.subject},
              {"opened_at", format_timestamp(c.opened_at)},
              {"first_response_due", format_timestamp(c.first_response_due)},
              {"resolution_due", format_timestamp(c.resolution_due)}};
    put(j, "first_responded_at", c.first_responded_at);
    put(j, "resolved_at", c.resolved_at);
    put(j, "closed_at", c.closed_at);
    if (!c.escalated_to.empty()) j["escalated_to"] = c.escalated_to;
    put(j, "escalated_at", c.escalated_at);
    j["breached"] = c.breached(as_of);
    if (!c.history.empty()) {
        json h = json::array();
        for (const auto& e : c.history) {
            json x = {{"at", format_timestamp(e.at)}, {"user", e.user}, {"action", e.action}};
            if (!e.from.empty()) x["from"] = e.from;
            if (!e.to.empty()) x["to"] = e.to;
            if (!e.note.empty()) x["note"] = e.note;
            h.push_back(std::move(x));
        }
        j["history"] = std::move(h);
    }
    return j;
}

json to_json(const SlaPolicy& p) {
    json days = json::array();
    for (std::size_t d = 0; d < 7; ++d)
        if (p.working_days[d]) days.push_back(kDayNames[d]);
    json holidays = json::array();
    for (const auto& d : p.holidays) holidays.push_back(format_date(d));
    json priorities = json::object();
    for (auto pr : kPriorities) {
        const auto& t = p.targets[static_cast<std::size_t>(pr)];
        priorities[std::string(to_string(pr))] = {{"first_response", duration_text(t.first_response_minutes)},
                                                  {"resolution", duration_text(t.resolution_minutes)}};
    }
    return {{"utc_offset", offset_text(p.utc_offset_minutes)},
            {"days", days},
            {"hours", clock_text(p.open_minute) + "-" + clock_text(p.close_minute)},
            {"holidays", holidays},
            {"priorities", priorities}};
}

SlaPolicy sla_policy_from_json(const json& j) {
    Reader r(j, "sla", 0);
    r.only({"utc_offset", "days", "hours", "holidays", "priorities"});
    SlaPolicy p;
    if (r.has("utc_offset")) {
        const auto t = r.string("utc_offset");
        const auto m = t.size() == 6 && (t[0] == '+' || t[0] == '-') ? clock_minutes(std::string_view(t).substr(1))
                                                                        : std::nullopt;
        if (!m || *m > 14 * 60) r.fail("utc_offset", "'" + t + "' is not a UTC offset such as \"+08:00\"");
        p.utc_offset_minutes = t[0] == '-' ? -*m : *m;
    }
    if (r.has("days")) {
        p.working_days.fill(false);
        const auto days = r.strings("days");
        for (const auto& d : days) {
            const auto it = std::find(std::begin(kDayNames), std::end(kDayNames), d);
            if (it == std::end(kDayNames))
                r.fail("days", "'" + d + "' is not a day (sun, mon, tue, wed, thu, fri, sat)");
            p.working_days[static_cast<std::size_t>(it - std::begin(kDayNames))] = true;
        }
        if (days.empty()) r.fail("days", "needs at least one working day");
    }
    if (r.has("hours")) {
        const auto t = r.string("hours");
        const auto dash = t.find('-');
        const auto open = dash == std::string::npos ? std::nullopt : clock_minutes(std::string_view(t).substr(0, dash));
        const auto close = dash == std::string::npos ? std::nullopt : clock_minutes(std::string_view(t).substr(dash + 1));
        if (!open || !close || *open >= *close)
            r.fail("hours", "'" + t + "' is not business hours such as \"09:00-18:00\" (opening before closing)");
        p.open_minute = *open;
        p.close_minute = *close;
    }
    for (const auto& d : r.strings("holidays")) p.holidays.push_back(parse_date(d, "holidays"));
    if (r.has("priorities")) {
        const auto* pj = r.get("priorities");
        if (!pj->is_object()) r.fail("priorities", "must be an object");
        Reader pr(*pj, "sla", 0, "priorities");
        pr.only({"low", "normal", "high", "urgent"});
        for (auto level : kPriorities) {
            const std::string name(to_string(level));
            if (!pr.has(name)) continue;
            if (!pr.get(name)->is_object()) pr.fail(name, "must be an object");
            Reader t(*pr.get(name), "sla", 0, "priorities." + name);
            t.only({"first_response", "resolution"});
            auto& target = p.targets[static_cast<std::size_t>(level)];
            if (t.has("first_response"))
                target.first_response_minutes = duration_minutes(t.string("first_response"), t.name("first_response"));
            if (t.has("resolution"))
                target.resolution_minutes = duration_minutes(t.string("resolution"), t.name("resolution"));
            if (target.first_response_minutes > target.resolution_minutes)
                t.fail("first_response", "is longer than the resolution target");
        }
    }
    return p;
}

SlaPolicy sla_policy_from_json_text(std::string_view text) { return sla_policy_from_json(parse_json_object(text, "sla")); }

std::string to_json_text(const SlaPolicy& policy) { return to_json(policy).dump(); }

CaseOpening case_opening_from_json(const json& j) {
    Reader r(j, "case", 0);
    r.only({"interaction", "customer", "type", "priority", "assignee", "channel", "subject", "body", "at",
            "resolution_due", "note"});
    CaseOpening o;
    o.interaction = r.string("interaction");
    o.customer = r.string("customer");
    o.type = read_enum(r, "type", CaseType::complaint, parse_case_type);
    o.priority = read_enum(r, "priority", CasePriority::normal, parse_case_priority);
    o.assignee = r.string("assignee");
    o.channel = r.string("channel");
    o.subject = r.string("subject");
    o.body = r.string("body");
    o.at = r.timestamp("at");
    o.resolution_due = r.timestamp("resolution_due");
    o.note = r.string("note");
    return o;
}

CaseChange case_change_from_json(const json& j) {
    Reader r(j, "change", 0);
    r.only({"status", "priority", "assignee", "resolution_due", "note", "at"});
    CaseChange c;
    if (r.has("status")) c.status = r.string("status");
    if (r.has("priority") && r.string("priority").empty()) r.fail("priority", "must not be empty");
    if (r.has("priority")) c.priority = read_enum(r, "priority", CasePriority::normal, parse_case_priority);
    if (r.has("assignee")) c.assignee = r.string("assignee");
    c.resolution_due = r.timestamp("resolution_due");
    c.note = r.string("note");
    c.at = r.timestamp("at");
    return c;
}

CaseFilter case_filter_from_json(const json& j) {
    Reader r(j, "filter", 0);
    r.only({"customer", "type", "status", "assignee", "open", "breached_as_of", "limit"});
    CaseFilter f;
    f.customer = r.string("customer");
    if (r.has("type")) f.type = read_enum(r, "type", CaseType::complaint, parse_case_type);
    f.status = r.string("status");
    f.assignee = r.string("assignee");
    f.open_only = r.boolean("open");
    f.breached_as_of = r.timestamp("breached_as_of");
    if (auto limit = r.integer("limit")) {
        if (*limit < 1 || *limit > 10000) r.fail("limit", std::to_string(*limit) + " is outside 1..10000");
        f.limit = static_cast<std::size_t>(*limit);
    }
    return f;
}

json to_json(const ServiceReport& report) {
    json rows = json::array();
    for (const auto& x : report.rows) {
        rows.push_back({{"dimension", x.dimension},
                        {"group", x.group},
                        {"surveys", x.surveys},
                        {"answered", x.answered},
                        {"response_rate", number_or_null(x.response_rate)},
                        {"nps_responses", x.nps_responses},
                        {"promoters", x.promoters},
                        {"passives", x.passives},
                        {"detractors", x.detractors},
                        {"nps", number_or_null(x.nps)},
                        {"csat_responses", x.csat_responses},
                        {"csat_1", x.csat_counts[0]},
                        {"csat_2", x.csat_counts[1]},
                        {"csat_3", x.csat_counts[2]},
                        {"csat_4", x.csat_counts[3]},
                        {"csat_5", x.csat_counts[4]},
                        {"csat_mean", number_or_null(x.csat_mean)},
                        {"complaints", x.complaints},
                        {"suggestions", x.suggestions},
                        {"responded", x.responded},
                        {"resolved", x.resolved},
                        {"first_response_median_hours", number_or_null(x.first_response_median_hours)},
                        {"first_response_p90_hours", number_or_null(x.first_response_p90_hours)},
                        {"resolution_median_hours", number_or_null(x.resolution_median_hours)},
                        {"resolution_p90_hours", number_or_null(x.resolution_p90_hours)},
                        {"breached", x.breached},
                        {"breach_rate", number_or_null(x.breach_rate)}});
    }
    return {{"from", format_timestamp(report.from)}, {"to", format_timestamp(report.to)}, {"rows", rows}};
}

}  // namespace clientele
