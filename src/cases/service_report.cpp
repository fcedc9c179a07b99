// The service report over the store (docs/service.md): reads the visible scored
// interactions and cases into columns with a group code per row, dimension by dimension,
// and hands them to the column core (src/analytics/service.cpp).
#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>

#include "clientele/cases.hpp"
#include "clientele/customer_analytics.hpp"
#include "clientele/database.hpp"
#include "interactions/interaction_writes.hpp"
#include "store/session.hpp"

namespace clientele {

namespace {

constexpr const char* kNone = "(none)";

// What a row is grouped by: its customer, time, channel and owner.
struct RowKey {
    std::int64_t customer = 0, at = 0;
    std::string channel, owner;
};

struct CaseRow {
    RowKey key;
    bool complaint = true;
    std::int64_t first_response = -1, resolution = -1;
    bool breached = false;
};

std::string month_of(std::int64_t seconds) {
    const auto d = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(store::from_seconds(seconds)));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()));
    return buf;
}

std::string or_none(const std::string& s) { return s.empty() ? kNone : s; }

}  // namespace

ServiceReport Cases::service_report(const ServiceReportOptions& options) const {
    auto& impl = session();
    if (options.from >= options.to)
        throw InvalidInput("to", format_timestamp(options.to) + " is not after from (" + format_timestamp(options.from) + ")");
    // Segments, tiers and stages as of the period's last day, by the analytics' own rules.
    const auto last_day = std::chrono::floor<std::chrono::days>(options.to - std::chrono::seconds(1));
    std::unordered_map<std::int64_t, std::pair<std::string, std::string>> rfm_of;
    std::unordered_map<std::int64_t, std::string> stage_of;
    {
        Analytics analytics(impl);
        RfmOptions ro;
        ro.as_of = last_day;
        const auto rfm = analytics.rfm(ro, options.currency);
        for (std::size_t i = 0; i < rfm.scores.size(); ++i)
            rfm_of[rfm.scores.customer[i]] = {or_none(std::string(rfm.scores.segment_name(i))),
                                              std::string(to_string(rfm.scores.value_tier[i]))};
        LifecycleOptions lo;
        lo.as_of = last_day;
        const auto life = analytics.lifecycle(lo, options.currency);
        for (std::size_t i = 0; i < life.stages.size(); ++i)
            stage_of[life.stages.customer[i]] = std::string(to_string(life.stages.stage[i]));
    }
    const Timestamp as_of = std::min(options.to, now_utc());
    std::vector<store::SurveyRow> surveys;
    std::vector<CaseRow> cases;
    {
        store::ReadScope read(impl);
        surveys = store::survey_rows(impl, options.from, options.to);
        auto q = impl.conn.query(
            "SELECT i.customer_id, k.opened_at, i.channel, coalesce(u.username, ''), k.type, k.first_responded_at, "
            "k.resolved_at, k.first_response_due, k.resolution_due FROM cases k JOIN interactions i ON i.id = "
            "k.interaction_id JOIN customers c ON c.id = i.customer_id LEFT JOIN users u ON u.id = c.owner_id "
            "WHERE k.opened_at >= ? AND k.opened_at < ? AND " + impl.visible);
        q->bind(1, store::seconds(options.from)).bind(2, store::seconds(options.to));
        while (q->step()) {
            Case k;  // only for its breach rule
            k.opened_at = store::from_seconds(q->integer(1));
            if (auto t = q->optional_integer(5)) k.first_responded_at = store::from_seconds(*t);
            if (auto t = q->optional_integer(6)) k.resolved_at = store::from_seconds(*t);
            k.first_response_due = store::from_seconds(q->integer(7));
            k.resolution_due = store::from_seconds(q->integer(8));
            const auto opened = q->integer(1);
            cases.push_back({{q->integer(0), opened, q->text(2), q->text(3)},
                             q->text_view(4) == "complaint",
                             k.first_responded_at ? store::seconds(*k.first_responded_at) - opened : -1,
                             k.resolved_at ? store::seconds(*k.resolved_at) - opened : -1,
                             k.breached(as_of)});
        }
    }
    const std::vector<std::pair<std::string, std::function<std::string(const RowKey&)>>> dimensions{
        {"all", [](const RowKey&) { return std::string("all"); }},
        {"month", [](const RowKey& k) { return month_of(k.at); }},
        {"owner", [](const RowKey& k) { return or_none(k.owner); }},
        {"channel", [](const RowKey& k) { return or_none(k.channel); }},
        {"segment", [&](const RowKey& k) { auto it = rfm_of.find(k.customer); return it == rfm_of.end() ? std::string(kNone) : it->second.first; }},
        {"value_tier", [&](const RowKey& k) { auto it = rfm_of.find(k.customer); return it == rfm_of.end() ? std::string(kNone) : it->second.second; }},
        {"stage", [&](const RowKey& k) { auto it = stage_of.find(k.customer); return it == stage_of.end() ? std::string(kNone) : it->second; }},
    };
    ServiceReport report{options.from, options.to, {}};
    for (const auto& [name, group_of] : dimensions) {
        std::vector<std::string> survey_keys, case_keys;
        for (const auto& s : surveys) survey_keys.push_back(group_of({s.customer, s.occurred_at, s.channel, s.owner}));
        for (const auto& c : cases) case_keys.push_back(group_of(c.key));
        std::map<std::string, std::int32_t> codes;
        for (const auto& k : survey_keys) codes.emplace(k, 0);
        for (const auto& k : case_keys) codes.emplace(k, 0);
        if (name == "all") codes.emplace("all", 0);
        std::vector<std::string> groups;
        for (auto& [k, code] : codes) {
            code = static_cast<std::int32_t>(groups.size());
            groups.push_back(k);
        }
        ServiceColumns cols;
        for (std::size_t i = 0; i < surveys.size(); ++i) {
            cols.survey_group.push_back(codes[survey_keys[i]]);
            cols.csat.push_back(static_cast<std::int8_t>(surveys[i].csat));
            cols.nps.push_back(static_cast<std::int8_t>(surveys[i].nps));
            cols.is_survey.push_back(surveys[i].is_survey);
        }
        for (std::size_t i = 0; i < cases.size(); ++i) {
            cols.case_group.push_back(codes[case_keys[i]]);
            cols.case_is_complaint.push_back(cases[i].complaint);
            cols.first_response_seconds.push_back(cases[i].first_response);
            cols.resolution_seconds.push_back(cases[i].resolution);
            cols.case_breached.push_back(cases[i].breached);
        }
        for (auto& row : service_rows(cols, name, groups)) report.rows.push_back(std::move(row));
    }
    return report;
}

}  // namespace clientele
