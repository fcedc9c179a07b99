// The service report's column core (docs/service.md): survey scores and case times per
// group, from columns with a group code per row. Knows nothing of SQLite.
#include "clientele/cases.hpp"

#include "analytics/columns.hpp"
#include "clientele/error.hpp"

namespace clientele {

namespace {

std::optional<double> share(std::int64_t part, std::int64_t whole) {
    if (whole == 0) return std::nullopt;
    return static_cast<double>(part) / static_cast<double>(whole);
}

// Seconds to hours at the quantile; unset without a value.
std::optional<double> hours_at(std::vector<std::int64_t>& seconds, double q) {
    if (seconds.empty()) return std::nullopt;
    return analytics::quantile(seconds, q) / 3600.0;
}

void check_groups(std::span<const std::int32_t> codes, std::size_t groups, const char* column) {
    for (auto g : codes)
        if (g < 0 || static_cast<std::size_t>(g) >= groups)
            throw InvalidInput(column, "group code " + std::to_string(g) + " is outside 0.." + std::to_string(groups));
}

}  // namespace

std::vector<ServiceReportRow> service_rows(const ServiceColumns& c, std::string_view dimension,
                                           const std::vector<std::string>& groups) {
    const std::size_t surveys = c.survey_group.size(), cases = c.case_group.size();
    if (c.csat.size() != surveys || c.nps.size() != surveys || c.is_survey.size() != surveys)
        throw InvalidInput("csat", "the survey columns differ in length");
    if (c.case_is_complaint.size() != cases || c.first_response_seconds.size() != cases ||
        c.resolution_seconds.size() != cases || c.case_breached.size() != cases)
        throw InvalidInput("first_response_seconds", "the case columns differ in length");
    check_groups(c.survey_group, groups.size(), "survey_group");
    check_groups(c.case_group, groups.size(), "case_group");

    std::vector<ServiceReportRow> rows(groups.size());
    std::vector<std::vector<std::int64_t>> first(groups.size()), resolution(groups.size());
    std::vector<std::int64_t> csat_sum(groups.size(), 0);
    for (std::size_t i = 0; i < surveys; ++i) {
        auto& r = rows[static_cast<std::size_t>(c.survey_group[i])];
        const bool scored = c.csat[i] > 0 || c.nps[i] >= 0;
        if (c.is_survey[i]) {
            ++r.surveys;
            r.answered += scored;
        }
        if (c.nps[i] >= 0) {
            ++r.nps_responses;
            if (c.nps[i] >= 9) ++r.promoters;
            else if (c.nps[i] >= 7) ++r.passives;
            else ++r.detractors;
        }
        if (c.csat[i] >= 1 && c.csat[i] <= 5) {
            ++r.csat_responses;
            ++r.csat_counts[static_cast<std::size_t>(c.csat[i] - 1)];
            csat_sum[static_cast<std::size_t>(c.survey_group[i])] += c.csat[i];
        }
    }
    for (std::size_t i = 0; i < cases; ++i) {
        const auto g = static_cast<std::size_t>(c.case_group[i]);
        auto& r = rows[g];
        if (c.case_is_complaint[i]) ++r.complaints;
        else ++r.suggestions;
        if (c.first_response_seconds[i] >= 0) first[g].push_back(c.first_response_seconds[i]);
        if (c.resolution_seconds[i] >= 0) resolution[g].push_back(c.resolution_seconds[i]);
        r.breached += c.case_breached[i] != 0;
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
        auto& r = rows[g];
        r.dimension = std::string(dimension);
        r.group = groups[g];
        r.response_rate = share(r.answered, r.surveys);
        if (r.nps_responses > 0)
            r.nps = 100.0 * static_cast<double>(r.promoters - r.detractors) / static_cast<double>(r.nps_responses);
        if (r.csat_responses > 0) r.csat_mean = static_cast<double>(csat_sum[g]) / static_cast<double>(r.csat_responses);
        r.responded = static_cast<std::int64_t>(first[g].size());
        r.resolved = static_cast<std::int64_t>(resolution[g].size());
        r.first_response_median_hours = hours_at(first[g], 0.5);
        r.first_response_p90_hours = hours_at(first[g], 0.9);
        r.resolution_median_hours = hours_at(resolution[g], 0.5);
        r.resolution_p90_hours = hours_at(resolution[g], 0.9);
        r.breach_rate = share(r.breached, r.complaints + r.suggestions);
    }
    return rows;
}

}  // namespace clientele
