// clientele — customer lifetime value (docs/clv.md): the summary every buy-till-you-die
// model starts from (frequency, recency, T, monetary value, as the lifetimes package
// defines them), the BG/NBD model of purchases and drop-out (Fader, Hardie & Lee 2005),
// the Gamma-Gamma model of spend, and CLV over a horizon with a monthly discount rate.
//
// Like the RFM core (clientele/analytics.hpp) these functions know nothing of SQLite or
// files: transactions come in as columns, results go out as columns.
#pragma once

#include "clientele/export.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/analytics.hpp"

namespace clientele {

/// The unit recency, T and horizons count in. Weeks start on Monday (pandas' "W");
/// months are UTC calendar months.
enum class ClvPeriod : std::uint8_t { day = 0, week = 1, month = 2 };
CLIENTELE_API std::string_view to_string(ClvPeriod period) noexcept;
/// "D", "W", "M" (pandas' codes) or "day", "week", "month"; InvalidInput otherwise.
CLIENTELE_API ClvPeriod parse_clv_period(std::string_view text);
/// Periods per month in lifetimes' customer_lifetime_value: 30 days, 4.345 weeks, 1 month.
CLIENTELE_API double periods_per_month(ClvPeriod period) noexcept;

struct ClvSummaryOptions {
    std::chrono::sys_days as_of{};  ///< the observation end: later rows are ignored
    ClvPeriod period = ClvPeriod::day;
    /// When set (<= as_of): frequency, recency, T and monetary_value describe the
    /// calibration period up to this day, and the holdout columns (calibration_end, as_of].
    /// Only customers with a purchase by calibration_end have a row.
    std::optional<std::chrono::sys_days> calibration_end;
    unsigned threads = 0;
};

/// One row per customer with a purchase (amount >= 0) on or before the observation end,
/// ascending customer key. Purchases are grouped by period first (two on one day are one
/// purchase for period "D"), as lifetimes' summary_data_from_transaction_data does:
///   frequency      purchase periods after the first one (repeat purchases)
///   recency        periods from the first purchase to the last one (0 without repeats)
///   T              periods from the first purchase to the observation end
///   monetary_value mean amount (minor units) of the repeat periods; 0 without repeats.
///                  A refund counts in its period when that period has a purchase.
struct CLIENTELE_API ClvSummary {
    std::vector<std::int64_t> customer;
    std::vector<double> frequency, recency, T, monetary_value;
    /// Only with calibration_end: repeat periods and their mean amount in the holdout.
    std::vector<double> frequency_holdout, monetary_value_holdout;
    double duration_holdout = 0;  ///< periods from calibration_end to as_of
    ClvPeriod period = ClvPeriod::day;
    std::size_t size() const noexcept { return customer.size(); }
};

CLIENTELE_API ClvSummary clv_summary(const TransactionColumns& transactions, const ClvSummaryOptions& options);

/// A customer's history as the models read it (borrowed for the call only). Fits check it:
/// equal lengths, frequency a whole number >= 0, 0 <= recency <= T, recency 0 when
/// frequency is 0 — InvalidInput naming the first bad row otherwise.
struct ClvHistory {
    std::span<const double> frequency, recency, T;
};

struct ClvFitOptions {
    /// Fewer customers with a repeat purchase than this is InvalidInput: the model's
    /// parameters are not identified from one-time buyers alone.
    std::size_t min_repeat_customers = 10;
    int max_iterations = 500;
    /// Converged when the gradient of the mean negative log-likelihood (with respect to the
    /// log-parameters) is below this in every component (scipy's BFGS gtol).
    double tolerance = 1e-7;
    unsigned threads = 0;
};

/// A fitted model's parameters with their standard errors (from the inverse Hessian of the
/// log-likelihood at the optimum, by the delta method from the log-parameters).
struct ClvFit {
    std::vector<std::string> names;
    std::vector<double> values, standard_errors;
    double log_likelihood = 0;  ///< at the optimum, summed over customers
    int iterations = 0;
    std::size_t customers = 0;  ///< rows the fit read
    double value(std::string_view name) const;
};

/// BG/NBD parameters r, alpha, a, b (alpha in the history's period). Throws InvalidInput
/// for bad input (see ClvHistory, min_repeat_customers, every T equal to 0) and
/// InvalidInput with field "fit" when the optimiser stops without meeting the tolerance.
CLIENTELE_API ClvFit fit_bgnbd(const ClvHistory& history, const ClvFitOptions& options = {});

/// Log-likelihood of each row under BG/NBD parameters (r, alpha, a, b).
CLIENTELE_API std::vector<double> bgnbd_log_likelihood(const ClvHistory& history, double r, double alpha, double a,
                                                       double b);

struct BgNbdParameters {
    double r = 0, alpha = 0, a = 0, b = 0;
    CLIENTELE_API static BgNbdParameters of(const ClvFit& fit);
};

/// P(alive at T | history): 1 for customers without a repeat purchase.
CLIENTELE_API std::vector<double> bgnbd_probability_alive(const ClvHistory& history, const BgNbdParameters& p,
                                                          unsigned threads = 0);
/// Expected purchases in the next `t` periods given each history (lifetimes'
/// conditional_expected_number_of_purchases_up_to_time).
CLIENTELE_API std::vector<double> bgnbd_expected_purchases(const ClvHistory& history, const BgNbdParameters& p,
                                                           double t, unsigned threads = 0);

/// Gamma-Gamma parameters p, q, v from the customers with frequency > 0 (the others are
/// skipped). InvalidInput when one of them has monetary_value <= 0 (the model is of
/// positive spend), when fewer than min_repeat_customers remain; field "fit" as above.
/// The result's frequency_monetary_correlation is the check of the model's assumption that
/// spend per purchase does not depend on the number of purchases (near 0 is good).
struct GammaGammaFit : ClvFit {
    double frequency_monetary_correlation = 0;
};
CLIENTELE_API GammaGammaFit fit_gamma_gamma(std::span<const double> frequency, std::span<const double> monetary_value,
                                            const ClvFitOptions& options = {});

struct GammaGammaParameters {
    double p = 0, q = 0, v = 0;
    CLIENTELE_API static GammaGammaParameters of(const ClvFit& fit);
};

/// E[spend per purchase | history]; the population mean v p / (q - 1) without repeats.
/// InvalidInput when q <= 1 (the mean does not exist).
CLIENTELE_API std::vector<double> gamma_gamma_expected_value(std::span<const double> frequency,
                                                             std::span<const double> monetary_value,
                                                             const GammaGammaParameters& p);

struct ClvOptions {
    /// The horizon in the history's periods. Cash flows are taken month by month (a month
    /// is periods_per_month periods), the last month cut short if the horizon ends inside it.
    double horizon = 365;
    ClvPeriod period = ClvPeriod::day;
    double monthly_discount_rate = 0.01;
    unsigned threads = 0;
};

/// Lifetimes' customer_lifetime_value: sum over months m of
/// E[value] * (E[purchases up to m] - E[purchases up to m-1]) / (1 + rate)^m. With a
/// horizon of whole months it is lifetimes' figure exactly.
CLIENTELE_API std::vector<double> customer_lifetime_value(const ClvHistory& history,
                                                          std::span<const double> expected_value,
                                                          const BgNbdParameters& p, const ClvOptions& options);

/// Holdout check: for each calibration frequency 0..max_frequency (the last bucket
/// holds every higher one), customers, mean predicted and mean actual holdout purchases.
struct ClvHoldoutCheck {
    std::vector<std::int64_t> frequency, customers;
    std::vector<double> predicted, actual;
};
CLIENTELE_API ClvHoldoutCheck clv_holdout_check(const ClvSummary& summary, const BgNbdParameters& p,
                                                int max_frequency = 7);

// ---- the whole pipeline ---------------------------------------------------------------------

/// What the CLI, the C ABI and db.clv() run: summary, both fits, and every prediction.
struct ClvScoreOptions {
    std::chrono::sys_days as_of{};
    ClvPeriod period = ClvPeriod::day;
    double horizon = 365;  ///< periods: expected purchases and CLV over this
    double monthly_discount_rate = 0.01;
    ClvFitOptions fit;
    unsigned threads = 0;
};

/// The summary's rows with the predictions as columns. Customers whose repeat purchases
/// net to zero or less (refunds) are left out of the Gamma-Gamma fit, counted in
/// spend_fit_excluded; their expected_value is still the model's (shrunk towards the mean).
struct ClvScores {
    ClvSummary summary;
    ClvFit bgnbd;
    GammaGammaFit gamma_gamma;
    std::size_t spend_fit_excluded = 0;
    std::vector<double> p_alive, expected_purchases, expected_value, clv;
    std::size_t size() const noexcept { return summary.size(); }
    const std::vector<std::int64_t>& customer() const noexcept { return summary.customer; }
};
CLIENTELE_API ClvScores clv_scores(const TransactionColumns& transactions, const ClvScoreOptions& options);

/// The same over a store (db.analytics().clv(options, currency)): the purchases and refunds
/// of the customers the user can see (merged ones left out), in one currency as for
/// db.analytics().rfm(); `customer` holds each row's public reference.
struct CustomerClv {
    ClvScores scores;
    std::vector<std::string> customer;
};

}  // namespace clientele
