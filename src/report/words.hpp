// Internal: the report's words in each language it is written in.
#pragma once

#include <string_view>

#include "report/svg.hpp"

namespace clientele::report {

/// The report's fixed texts, by key; the same keys in every language.
enum class Word {
    title, as_of, period, previous, user, currency, owner, no_data, metric, this_period, change,
    headline, customers, active_buyers, revenue, average_order, repeat_rate, orders,
    rfm_grid, recency_score, frequency_score, rfm_note, segments, segment, customers_col, revenue_col,
    tiers, tier, lifecycle, stage, transitions, stage_on_from, stage_on_as_of, monthly, month, new_buyers,
    returning_buyers, cohorts, cohort, months_after, retention, top_customers, rank, customer, last_purchase_days,
    data_quality, without_phone, without_email, never_verified, stale_verified, merged_duplicates, share,
    not_included, count, none,
    service, nps_csat, nps, csat_mean, csat_satisfied, surveys_answered, cases_by_sla, within_sla, breached, cases,
    first_response_hours, resolution_hours, breach_rate, all_months, service_missing,
    loyalty, level, no_level, points_held, points_outstanding, points_holders, expiring_30, expiring_90, points,
    loyalty_missing,
};

std::string_view word(Word w, Lang lang);
/// A lifecycle stage, segment or tier name as the core spells it, in `lang`.
std::string_view term(std::string_view core_name, Lang lang);

}  // namespace clientele::report
