// clientele — analytics over the stored purchases: db.analytics(). The same rules and
// column core as the free functions of clientele/analytics.hpp (docs/analytics.md), over
// the purchases and refunds of the customers the current user can see (merged customers
// left out), in one currency: the one asked for (rows in others are left out); when none is
// asked for, the only currency of those purchases (the default_currency setting when there
// are none), and InvalidInput (field "currency") when they are in several.
#pragma once

#include "clientele/export.h"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/analytics.hpp"
#include "clientele/cohorts.hpp"
#include "clientele/feature.hpp"

namespace clientele {

/// The columns of the core's result, keyed by the store's internal customer id, plus each
/// customer's public reference (external_id, or the UUID when it has none) in `customer`,
/// row for row.
struct ClvScoreOptions;  // clientele/clv.hpp
struct CustomerClv;      // clientele/clv.hpp

struct CustomerRfm {
    RfmScores scores;
    std::vector<std::string> customer;
};
struct CustomerLifecycle {
    LifecycleStages stages;
    std::vector<std::string> customer;
};
struct CustomerStageHistory {
    StageHistory history;
    std::vector<std::string> customer;  ///< one per history row (repeats like history.customer)
};
struct CustomerNewVsReturning {
    CustomerRecurrence recurrence;
    std::vector<std::string> customer;
};

class CLIENTELE_API Analytics : public Feature {
public:
    /// The currency the calls below count in when given `currency` (ISO 4217, or empty for
    /// "the only one"): the results hold amounts in its minor units, whose number of
    /// decimals only the currency tells (JPY 0, CNY 2, KWD 3). InvalidInput as they do
    /// when the visible purchases are in several.
    std::string currency(std::string_view currency = {}) const;

    /// RFM of the visible customers' purchases and refunds. A refund of zero changes nothing.
    CustomerRfm rfm(const RfmOptions& options, std::string_view currency = {}) const;
    /// Lifecycle stages of every visible customer: those without a purchase are prospects.
    CustomerLifecycle lifecycle(const LifecycleOptions& options, std::string_view currency = {}) const;
    /// Every stage change of every visible customer up to options.as_of.
    CustomerStageHistory stage_history(const LifecycleOptions& options, std::string_view currency = {}) const;
    /// Visible customers by stage on `from` (rows) and on options.as_of (columns);
    /// customers without a purchase count as prospects.
    StageTransitions stage_transitions(std::chrono::sys_days from, const LifecycleOptions& options,
                                       std::string_view currency = {}) const;
    /// Visible customers who purchased in [from, to]: new or returning.
    CustomerNewVsReturning new_vs_returning(std::chrono::sys_days from, std::chrono::sys_days to,
                                            std::string_view currency = {}, unsigned threads = 0) const;

    /// Acquisition cohorts of the visible customers' purchases (clientele/cohorts.hpp).
    CohortTable cohorts(const CohortOptions& options, std::string_view currency = {}) const;
    /// Repeat purchases and the time between them, per cohort and in all.
    RepeatPurchases repeat_purchases(const CohortOptions& options, std::string_view currency = {}) const;
    /// Revenue per month by segment, value tier or lifecycle stage at each month's end;
    /// visible customers count from the month of their first purchase or refund.
    RevenueByGroup revenue_by(const RevenueByOptions& options, std::string_view currency = {}) const;
    /// Customer lifetime value (clientele/clv.hpp, docs/clv.md) of the visible customers:
    /// the summary, BG/NBD and Gamma-Gamma fits and each customer's predictions, with
    /// `customer` holding each row's public reference.
    CustomerClv clv(const ClvScoreOptions& options, std::string_view currency = {}) const;

    /// Made by the Database (a store::Session is internal to the library).
    explicit Analytics(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele
