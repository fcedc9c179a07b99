// clientele — service cases (complaints and suggestions) with a status workflow, SLA
// deadlines in business hours, breach detection and escalation, and the service report
// over surveys and cases: db.cases(). The rules, with examples, are in docs/service.md.
#pragma once

#include "clientele/export.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/feature.hpp"
#include "clientele/model.hpp"
#include "clientele/time.hpp"

namespace clientele {

/// A case is opened for a complaint or a suggestion interaction.
enum class CaseType { complaint, suggestion };
enum class CasePriority { low, normal, high, urgent };
/// Where a status stands in the one workflow both types share: the SLA clocks and the
/// interaction's complaint_status follow the phase, not the status's name.
enum class CasePhase { open, in_progress, resolved, closed };

CLIENTELE_API std::string_view to_string(CaseType);
CLIENTELE_API std::string_view to_string(CasePriority);
CLIENTELE_API CaseType parse_case_type(std::string_view, std::string_view field = "type");
CLIENTELE_API CasePriority parse_case_priority(std::string_view, std::string_view field = "priority");

/// The statuses of a type, in workflow order: complaint open, in_progress, resolved,
/// closed; suggestion open, under_review, accepted, declined, closed.
CLIENTELE_API const std::vector<std::string>& case_statuses(CaseType type);
/// The phase of `status` for `type`; InvalidInput (field) for a status the type lacks.
CLIENTELE_API CasePhase case_phase(CaseType type, std::string_view status, std::string_view field = "status");
/// Whether the workflow allows `from` -> `to` (reopening included: a resolved or closed
/// case goes back to in_progress / under_review).
CLIENTELE_API bool case_transition_allowed(CaseType type, std::string_view from, std::string_view to);

/// When each priority's first response and resolution are due, counted in business time.
struct SlaTarget {
    std::int64_t first_response_minutes = 0;
    std::int64_t resolution_minutes = 0;
};

/// Business hours and SLA targets (docs/service.md). Deadlines are counted only inside
/// business hours: the working days of the week, between open and close in local time at
/// utc_offset, skipping holidays.
struct SlaPolicy {
    int utc_offset_minutes = 480;                 ///< local time of the business hours
    std::array<bool, 7> working_days{false, true, true, true, true, true, false};  ///< Sunday = 0
    int open_minute = 9 * 60;                     ///< minutes after local midnight
    int close_minute = 18 * 60;
    std::vector<Date> holidays;                   ///< local dates without business hours
    std::array<SlaTarget, 4> targets{{{16 * 60, 80 * 60}, {8 * 60, 40 * 60}, {4 * 60, 16 * 60}, {60, 4 * 60}}};

    /// `minutes` of business time after `start`.
    Timestamp add_business_minutes(Timestamp start, std::int64_t minutes) const;
};

/// Parses the policy's JSON text (docs/service.md: {"utc_offset": "+08:00", "days":
/// ["mon",...], "hours": "09:00-18:00", "holidays": ["2026-10-01", ...], "priorities":
/// {"urgent": {"first_response": "1h", "resolution": "4h"}, ...}}; absent keys keep the
/// defaults). InvalidInput naming the field for anything that does not parse.
CLIENTELE_API SlaPolicy sla_policy_from_json_text(std::string_view text);
CLIENTELE_API std::string to_json_text(const SlaPolicy& policy);

/// One change of a case: who made it and when.
struct CaseEvent {
    Timestamp at{};
    std::string user;
    std::string action;  ///< "open", "status", "assign", "priority", "due", "escalate", "note"
    std::string from, to;
    std::string note;
};

struct Case {
    std::int64_t id = 0;
    CaseType type = CaseType::complaint;
    std::string status;
    CasePriority priority = CasePriority::normal;
    Uuid customer_id;             ///< the customer of the interaction
    Uuid interaction_id;          ///< the complaint/suggestion interaction the case is for
    std::string owner;            ///< the customer's owner
    std::string assignee;
    std::string channel;          ///< the interaction's
    std::string subject;          ///< the interaction's
    Timestamp opened_at{};
    Timestamp first_response_due{};
    Timestamp resolution_due{};
    std::optional<Timestamp> first_responded_at, resolved_at, closed_at;
    std::string escalated_to;
    std::optional<Timestamp> escalated_at;
    std::vector<CaseEvent> history;  ///< filled by get(), oldest first

    /// Deadlines missed as of `as_of`: a response or resolution later than due, or none yet
    /// while the deadline has passed.
    bool first_response_breached(Timestamp as_of) const;
    bool resolution_breached(Timestamp as_of) const;
    bool breached(Timestamp as_of) const { return first_response_breached(as_of) || resolution_breached(as_of); }
};

/// What to open. Either `interaction` (UUID or external id of a complaint or suggestion
/// interaction: the case takes its customer, type and time) or `customer` plus `type`
/// (a new interaction is recorded for it, at `at`).
struct CaseOpening {
    std::string interaction;
    std::string customer;
    CaseType type = CaseType::complaint;
    CasePriority priority = CasePriority::normal;
    std::string assignee;  ///< empty: the customer's owner
    std::string channel, subject, body;  ///< of the new interaction
    std::optional<Timestamp> at;          ///< of the new interaction; default now
    std::optional<Timestamp> resolution_due;  ///< overrides the SLA; must be in the future
    std::string note;
};

/// One change; unset members stay as they are. `at` (default now) dates the change: not
/// before the case's last one, not in the future.
struct CaseChange {
    std::optional<std::string> status;
    std::optional<CasePriority> priority;  ///< recomputes the SLA deadlines from opened_at
    std::optional<std::string> assignee;
    std::optional<Timestamp> resolution_due;  ///< must be after `at`
    std::string note;
    std::optional<Timestamp> at;
};

struct CaseFilter {
    std::string customer;
    std::optional<CaseType> type;
    std::string status;
    std::string assignee;
    bool open_only = false;                ///< not resolved or closed
    std::optional<Timestamp> breached_as_of;  ///< only open cases past a deadline then
    std::size_t limit = 100;               ///< 1..10000
};

/// Survey and service figures of one group (docs/service.md for each formula). Unset
/// means "no data": no responses, no cases.
struct ServiceReportRow {
    std::string dimension;  ///< "all", "month", "owner", "channel", "segment", "value_tier", "stage"
    std::string group;
    std::int64_t surveys = 0, answered = 0;  ///< survey interactions, those with a score
    std::optional<double> response_rate;
    std::int64_t nps_responses = 0, promoters = 0, passives = 0, detractors = 0;
    std::optional<double> nps;               ///< %promoters - %detractors, -100..100
    std::int64_t csat_responses = 0;
    std::array<std::int64_t, 5> csat_counts{};  ///< scores 1..5
    std::optional<double> csat_mean;
    std::int64_t complaints = 0, suggestions = 0;
    std::int64_t responded = 0, resolved = 0;
    std::optional<double> first_response_median_hours, first_response_p90_hours;
    std::optional<double> resolution_median_hours, resolution_p90_hours;
    std::int64_t breached = 0;
    std::optional<double> breach_rate;       ///< breached / cases
};

struct ServiceReportOptions {
    Timestamp from{}, to{};  ///< interactions and cases opened in [from, to)
    std::string currency;    ///< for segments and value tiers (as db.analytics())
};

struct ServiceReport {
    Timestamp from{}, to{};
    std::vector<ServiceReportRow> rows;  ///< "all" first, then by dimension and group
};

/// Survey and case columns, one row each, with each row's group code; the column core of
/// the report (no SQLite). Codes index `groups`.
struct ServiceColumns {
    std::vector<std::int32_t> survey_group;
    std::vector<std::int8_t> csat;      ///< 0 = none
    std::vector<std::int8_t> nps;       ///< -1 = none
    std::vector<std::uint8_t> is_survey;
    std::vector<std::int32_t> case_group;
    std::vector<std::uint8_t> case_is_complaint;
    std::vector<std::int64_t> first_response_seconds;  ///< -1 = none yet
    std::vector<std::int64_t> resolution_seconds;      ///< -1 = none yet
    std::vector<std::uint8_t> case_breached;
};
/// One row per group (in `groups` order) of `dimension`.
CLIENTELE_API std::vector<ServiceReportRow> service_rows(const ServiceColumns& columns, std::string_view dimension,
                                                         const std::vector<std::string>& groups);

class CLIENTELE_API Cases : public Feature {
public:
    /// Opens a case and returns it. InvalidInput naming the field (an interaction that is no
    /// complaint or suggestion, an unknown assignee, a resolution_due not in the future);
    /// NotFound for an invisible customer or interaction; Conflict when the interaction
    /// already has a case; PermissionDenied for a viewer. One transaction.
    Case open(const CaseOpening& opening);
    /// Applies one change; NotFound for an unknown or invisible case id; InvalidInput
    /// (field "status") for a transition the workflow does not allow.
    Case update(std::int64_t id, const CaseChange& change);
    /// The case with its history.
    Case get(std::int64_t id) const;
    /// Visible cases, newest first.
    std::vector<Case> list(const CaseFilter& filter = {}) const;
    /// Escalates every visible open case past a deadline as of `as_of` and not escalated
    /// yet to a manager of its customer owner's team (the first by username); returns the
    /// cases escalated. Cases whose owner's team has no manager are left as they are.
    std::vector<Case> escalate(Timestamp as_of);

    /// The SLA policy in force (the defaults until one is set).
    SlaPolicy sla_policy() const;
    /// Replaces the policy (admins); open cases keep their deadlines.
    void set_sla_policy(const SlaPolicy& policy);

    /// Surveys and cases of the visible customers by month, owner, channel, segment, value
    /// tier and lifecycle stage. InvalidInput (field "to") unless from < to.
    ServiceReport service_report(const ServiceReportOptions& options) const;

    /// Made by the Database (a store::Session is internal to the library).
    explicit Cases(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele
