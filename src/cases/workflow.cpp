// The rules of a case that need no store: the statuses and transitions of each type, their
// phases, the breach tests, and counting SLA time in business hours (docs/service.md).
#include "clientele/cases.hpp"

#include <algorithm>

#include "clientele/error.hpp"

namespace clientele {

namespace {

struct StatusRule {
    const char* name;
    CasePhase phase;
};

// Workflow order; the phases are what both types share.
const std::vector<StatusRule>& rules(CaseType type) {
    static const std::vector<StatusRule> complaint{{"open", CasePhase::open},
                                                   {"in_progress", CasePhase::in_progress},
                                                   {"resolved", CasePhase::resolved},
                                                   {"closed", CasePhase::closed}};
    static const std::vector<StatusRule> suggestion{{"open", CasePhase::open},
                                                    {"under_review", CasePhase::in_progress},
                                                    {"accepted", CasePhase::resolved},
                                                    {"declined", CasePhase::resolved},
                                                    {"closed", CasePhase::closed}};
    return type == CaseType::complaint ? complaint : suggestion;
}

constexpr std::int64_t kDay = 86400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b) < 0); }

}  // namespace

std::string_view to_string(CaseType t) { return t == CaseType::complaint ? "complaint" : "suggestion"; }

std::string_view to_string(CasePriority p) {
    switch (p) {
        case CasePriority::low: return "low";
        case CasePriority::normal: return "normal";
        case CasePriority::high: return "high";
        case CasePriority::urgent: return "urgent";
    }
    return "normal";
}

CaseType parse_case_type(std::string_view t, std::string_view field) {
    if (t == "complaint") return CaseType::complaint;
    if (t == "suggestion") return CaseType::suggestion;
    throw InvalidInput(std::string(field), "'" + std::string(t) + "' is not a case type (complaint, suggestion)");
}

CasePriority parse_case_priority(std::string_view t, std::string_view field) {
    for (auto p : {CasePriority::low, CasePriority::normal, CasePriority::high, CasePriority::urgent})
        if (t == to_string(p)) return p;
    throw InvalidInput(std::string(field), "'" + std::string(t) + "' is not a priority (low, normal, high, urgent)");
}

const std::vector<std::string>& case_statuses(CaseType type) {
    static const auto names = [](CaseType t) {
        std::vector<std::string> out;
        for (const auto& r : rules(t)) out.emplace_back(r.name);
        return out;
    };
    static const std::vector<std::string> complaint = names(CaseType::complaint), suggestion = names(CaseType::suggestion);
    return type == CaseType::complaint ? complaint : suggestion;
}

CasePhase case_phase(CaseType type, std::string_view status, std::string_view field) {
    for (const auto& r : rules(type))
        if (status == r.name) return r.phase;
    std::string known;
    for (const auto& r : rules(type)) known += (known.empty() ? "" : ", ") + std::string(r.name);
    throw InvalidInput(std::string(field), "'" + std::string(status) + "' is not a " + std::string(to_string(type)) +
                                  " status (" + known + ")");
}

// One step forward through the phases, or reopening (resolved or closed back to
// in_progress). Between two statuses of one phase (accepted/declined) there is no step.
bool case_transition_allowed(CaseType type, std::string_view from, std::string_view to) {
    const auto a = case_phase(type, from, "status"), b = case_phase(type, to, "status");
    if (a == CasePhase::resolved || a == CasePhase::closed)
        if (b == CasePhase::in_progress) return true;
    return static_cast<int>(b) == static_cast<int>(a) + 1;
}

Timestamp SlaPolicy::add_business_minutes(Timestamp start, std::int64_t minutes) const {
    if (minutes <= 0) return start;
    // A policy without business hours would never reach a deadline.
    if (std::none_of(working_days.begin(), working_days.end(), [](bool b) { return b; }))
        throw InvalidInput("days", "the SLA policy needs at least one working day");
    if (open_minute < 0 || close_minute > 24 * 60 || open_minute >= close_minute)
        throw InvalidInput("hours", "the SLA policy's business hours must open before they close");
    const std::int64_t offset = std::int64_t{utc_offset_minutes} * 60;
    std::int64_t local = start.time_since_epoch().count() + offset;
    std::int64_t remaining = minutes * 60;
    std::vector<std::int64_t> off_days;
    for (const auto& d : holidays) off_days.push_back(to_days(d));
    std::sort(off_days.begin(), off_days.end());
    for (std::int64_t day = floor_div(local, kDay);; ++day) {
        const auto weekday = static_cast<std::size_t>(((day + 4) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
        if (!working_days[weekday] || std::binary_search(off_days.begin(), off_days.end(), day)) continue;
        const std::int64_t open = day * kDay + open_minute * 60, close = day * kDay + close_minute * 60;
        const std::int64_t from = std::max(local, open);
        if (from >= close) continue;
        if (remaining <= close - from) return Timestamp(std::chrono::seconds(from + remaining - offset));
        remaining -= close - from;
    }
}

bool Case::first_response_breached(Timestamp as_of) const {
    return first_responded_at ? *first_responded_at > first_response_due : as_of > first_response_due;
}

bool Case::resolution_breached(Timestamp as_of) const {
    return resolved_at ? *resolved_at > resolution_due : as_of > resolution_due;
}

}  // namespace clientele
