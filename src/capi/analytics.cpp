// clientele C ABI — analytics: RFM and lifecycle from caller-owned columns or a database.
#include "capi/capi.hpp"

#include <algorithm>
#include <cstddef>
#include <chrono>
#include <span>

#include "clientele/analytics.hpp"
#include "clientele/clv.hpp"
#include "clientele/cohorts.hpp"
#include "clientele/error.hpp"
#include "clientele/json.hpp"
#include "clientele/time.hpp"

/// A result and, when it came from a database, each row's customer reference.
struct clt_rfm_result {
    clientele::RfmScores scores;
    std::vector<std::string> refs;
};
struct clt_lifecycle_result {
    clientele::LifecycleStages stages;
    std::vector<std::string> refs;
};
struct clt_stage_history_result {
    clientele::StageHistory history;
    std::vector<std::string> refs;
};
struct clt_new_vs_returning_result {
    clientele::CustomerRecurrence recurrence;
    std::vector<std::string> refs;
};
struct clt_cohorts_result {
    clientele::CohortTable table;
};
struct clt_repeat_purchases_result {
    clientele::RepeatPurchases repeat;
};
struct clt_revenue_by_result {
    clientele::RevenueByGroup groups;
};

using namespace clientele::capi;

namespace {

constexpr clt_rfm_options kRfmDefaults = CLT_RFM_OPTIONS_INIT;
constexpr clt_lifecycle_options kLifecycleDefaults = CLT_LIFECYCLE_OPTIONS_INIT;
constexpr clt_new_vs_returning_options kNewVsReturningDefaults = CLT_NEW_VS_RETURNING_OPTIONS_INIT;
constexpr clt_cohorts_options kCohortsDefaults = CLT_COHORTS_OPTIONS_INIT;
constexpr clt_revenue_by_options kRevenueByDefaults = CLT_REVENUE_BY_OPTIONS_INIT;
static_assert(CLT_GAP_BUCKETS == clientele::kGapBuckets);
constexpr std::size_t kStages = clientele::kLifecycleStages;
static_assert(CLT_LIFECYCLE_STAGES == kStages);

/// Analytics options are required (as_of, from, to have no default): NULL is Misuse.
template <class Options>
const Options& required_options(const Options* opts, const Options& defaults, const char* struct_name) {
    if (opts == nullptr) throw Misuse("opts", "argument 'opts' must not be NULL (its dates are required)");
    return *options_arg(opts, defaults.version, struct_name);
}

/// A required "YYYY-MM-DD" argument; InvalidInput naming `argument` when it is no date.
std::chrono::sys_days date_arg(const char* date, const char* argument) {
    return std::chrono::sys_days(clientele::parse_date(text(date, argument), argument));
}

std::chrono::sys_days as_of_arg(const char* as_of) { return date_arg(as_of, "as_of"); }

std::span<const std::int64_t> column(const std::int64_t* data, std::size_t rows, const char* argument) {
    if (data == nullptr && rows > 0)
        throw Misuse(argument, std::string("argument '") + argument + "' must not be NULL when rows > 0");
    return {data, rows};
}

clientele::TransactionColumns columns(const std::int64_t* customer, const std::int64_t* timestamp,
                                      const std::int64_t* amount, std::size_t rows, std::int64_t units) {
    return {column(customer, rows, "customer"), column(timestamp, rows, "timestamp"), column(amount, rows, "amount"),
            units};
}

clientele::RfmOptions rfm_options(const clt_rfm_options* opts) {
    const auto& o = required_options(opts, kRfmDefaults, "clt_rfm_options");
    clientele::RfmOptions r;
    r.as_of = as_of_arg(o.as_of);
    r.bins = o.bins;
    r.high_tier = o.high_tier;
    r.medium_tier = o.medium_tier;
    r.threads = o.threads;
    if (o.version >= 2 && o.segments_json != nullptr && o.segments_json[0] != '\0')
        r.segments = clientele::segment_rules_from_json_text(o.segments_json);
    return r;
}

clientele::LifecycleOptions lifecycle_options(const clt_lifecycle_options* opts) {
    const auto& o = required_options(opts, kLifecycleDefaults, "clt_lifecycle_options");
    clientele::LifecycleOptions l;
    l.as_of = as_of_arg(o.as_of);
    l.churned_days = o.churned_days;
    l.at_risk_days = o.at_risk_days;
    l.reactivated_gap_days = o.reactivated_gap_days;
    l.loyal_purchases = o.loyal_purchases;
    l.loyal_window_days = o.loyal_window_days;
    l.threads = o.threads;
    return l;
}

// NULL-safe: a call's arguments may be evaluated before the options are checked (the
// order is unspecified), and a NULL opts must become CLT_MISUSE, not a crash.
template <class Options>
std::int64_t units_of(const Options* o) {
    return o != nullptr ? o->units_per_second : 1;
}

/// The period and threads of new-vs-returning options (checked like the others).
struct Period {
    std::chrono::sys_days from, to;
    unsigned threads;
};
Period period_of(const clt_new_vs_returning_options* opts) {
    const auto& o = required_options(opts, kNewVsReturningDefaults, "clt_new_vs_returning_options");
    return {date_arg(o.from, "from"), date_arg(o.to, "to"), o.threads};
}

/// The caller's transition-matrix buffer (checked before any work is done).
int64_t* matrix_arg(int64_t* out_counts, std::size_t counts_len) {
    return buffer_arg(out_counts, counts_len, kStages * kStages, "out_counts");
}

/// Copies a transition matrix out, row by row (from-stage major).
void put_matrix(int64_t* counts, const clientele::StageTransitions& t) {
    for (std::size_t a = 0; a < t.size(); ++a)
        std::copy(t[a].begin(), t[a].end(), counts + a * t.size());
}

/// An optional "YYYY-MM-DD" argument (NULL: none).
std::optional<std::chrono::sys_days> optional_date_arg(const char* date, const char* argument) {
    if (date == nullptr) return std::nullopt;
    return date_arg(date, argument);
}

clientele::CohortOptions cohort_options(const clt_cohorts_options* opts) {
    const auto& o = required_options(opts, kCohortsDefaults, "clt_cohorts_options");
    clientele::CohortOptions c;
    c.as_of = as_of_arg(o.as_of);
    c.from = optional_date_arg(o.from, "from");
    c.threads = o.threads;
    return c;
}

clientele::RevenueByOptions revenue_by_options(const clt_revenue_by_options* opts) {
    const auto& o = required_options(opts, kRevenueByDefaults, "clt_revenue_by_options");
    clientele::RevenueByOptions r;
    r.as_of = as_of_arg(o.as_of);
    r.from = optional_date_arg(o.from, "from");
    r.by = clientele::parse_revenue_grouping(text(o.by, "by"));
    r.threads = o.threads;
    return r;
}

/// Passes a new result out to the caller, who frees it with clt_*_result_free.
template <class Result, class Columns>
void hand_out(Result** out, Columns&& columns, std::vector<std::string>&& refs = {}) {
    *out = std::make_unique<Result>(Result{std::forward<Columns>(columns), std::move(refs)}).release();
}

/// Passes a new table result (one without customer references) out to the caller.
template <class Result, class Table>
void pass_out(Result** out, Table&& table) {
    *out = std::make_unique<Result>(Result{std::forward<Table>(table)}).release();
}

const char* ref_at(const std::vector<std::string>& refs, std::size_t row) {
    return row < refs.size() ? refs[row].c_str() : nullptr;
}

}  // namespace

extern "C" {

CLT_API clt_status clt_rfm_options_init(clt_rfm_options* opts, unsigned int version) {
    return guard(__func__, [&] {
        if (version != 1) return init_options(opts, version, kRfmDefaults, "clt_rfm_options");
        init_older_options(opts, version, kRfmDefaults, offsetof(clt_rfm_options, segments_json));
    });
}

CLT_API clt_status clt_rfm_compute(clt_rfm_result** out, const int64_t* customer, const int64_t* timestamp,
                                   const int64_t* amount, size_t rows, const clt_rfm_options* opts) {
    return guard(__func__, [&] {
        out_param(out, "out");
        hand_out(out, clientele::rfm(columns(customer, timestamp, amount, rows, units_of(opts)), rfm_options(opts)));
    });
}

CLT_API clt_status clt_rfm_compute_from_db(clt_rfm_result** out, clt_db* db, const char* currency,
                                           const clt_rfm_options* opts) {
    return guard(__func__, db, [&] {
        out_param(out, "out");
        auto r = database(db).analytics().rfm(rfm_options(opts), currency != nullptr ? currency : "");
        hand_out(out, std::move(r.scores), std::move(r.customer));
    });
}

CLT_API clt_status clt_analytics_currency(char** out_code, clt_db* db, const char* currency) {
    return guard(__func__, db, [&] {
        out_param(out_code, "out_code");
        *out_code = copy_out(database(db).analytics().currency(currency != nullptr ? currency : ""));
    });
}

CLT_API size_t clt_rfm_result_size(const clt_rfm_result* r) { return r != nullptr ? r->scores.size() : 0; }
CLT_API const int64_t* clt_rfm_result_customer(const clt_rfm_result* r) { return r ? r->scores.customer.data() : nullptr; }
CLT_API const int64_t* clt_rfm_result_recency_days(const clt_rfm_result* r) {
    return r ? r->scores.recency_days.data() : nullptr;
}
CLT_API const int64_t* clt_rfm_result_frequency(const clt_rfm_result* r) { return r ? r->scores.frequency.data() : nullptr; }
CLT_API const int64_t* clt_rfm_result_monetary(const clt_rfm_result* r) { return r ? r->scores.monetary.data() : nullptr; }
CLT_API const uint8_t* clt_rfm_result_r(const clt_rfm_result* r) { return r ? r->scores.r.data() : nullptr; }
CLT_API const uint8_t* clt_rfm_result_f(const clt_rfm_result* r) { return r ? r->scores.f.data() : nullptr; }
CLT_API const uint8_t* clt_rfm_result_m(const clt_rfm_result* r) { return r ? r->scores.m.data() : nullptr; }
CLT_API const uint8_t* clt_rfm_result_value_tier(const clt_rfm_result* r) {
    static_assert(sizeof(clientele::ValueTier) == sizeof(uint8_t));
    return r ? reinterpret_cast<const uint8_t*>(r->scores.value_tier.data()) : nullptr;
}
CLT_API const char* clt_rfm_result_segment(const clt_rfm_result* r, size_t row) {
    if (r == nullptr || row >= r->scores.size()) return nullptr;
    auto s = r->scores.segment[row];
    return s == clientele::RfmScores::kNoSegment ? "" : r->scores.segment_names[s].c_str();
}
CLT_API const char* clt_rfm_result_customer_ref(const clt_rfm_result* r, size_t row) {
    return r ? ref_at(r->refs, row) : nullptr;
}
CLT_API void clt_rfm_result_free(clt_rfm_result* r) { delete r; }

CLT_API clt_status clt_lifecycle_options_init(clt_lifecycle_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kLifecycleDefaults, "clt_lifecycle_options"); });
}

CLT_API clt_status clt_lifecycle_compute(clt_lifecycle_result** out, const int64_t* customer,
                                         const int64_t* timestamp, const int64_t* amount, size_t rows,
                                         const int64_t* known, size_t known_count,
                                         const clt_lifecycle_options* opts) {
    return guard(__func__, [&] {
        out_param(out, "out");
        hand_out(out, clientele::lifecycle(columns(customer, timestamp, amount, rows, units_of(opts)),
                                           column(known, known_count, "known"), lifecycle_options(opts)));
    });
}

CLT_API clt_status clt_lifecycle_compute_from_db(clt_lifecycle_result** out, clt_db* db, const char* currency,
                                                 const clt_lifecycle_options* opts) {
    return guard(__func__, db, [&] {
        out_param(out, "out");
        auto r = database(db).analytics().lifecycle(lifecycle_options(opts), currency != nullptr ? currency : "");
        hand_out(out, std::move(r.stages), std::move(r.customer));
    });
}

CLT_API size_t clt_lifecycle_result_size(const clt_lifecycle_result* r) { return r != nullptr ? r->stages.size() : 0; }
CLT_API const int64_t* clt_lifecycle_result_customer(const clt_lifecycle_result* r) {
    return r ? r->stages.customer.data() : nullptr;
}
CLT_API const uint8_t* clt_lifecycle_result_stage(const clt_lifecycle_result* r) {
    static_assert(sizeof(clientele::LifecycleStage) == sizeof(uint8_t));
    return r ? reinterpret_cast<const uint8_t*>(r->stages.stage.data()) : nullptr;
}
CLT_API const int64_t* clt_lifecycle_result_stage_since(const clt_lifecycle_result* r) {
    return r ? r->stages.stage_since.data() : nullptr;
}
CLT_API const char* clt_lifecycle_result_customer_ref(const clt_lifecycle_result* r, size_t row) {
    return r ? ref_at(r->refs, row) : nullptr;
}
CLT_API const char* clt_lifecycle_stage_name(uint8_t stage) {
    if (stage >= clientele::kLifecycleStages) return nullptr;
    return clientele::to_string(static_cast<clientele::LifecycleStage>(stage)).data();  // static literals
}
CLT_API void clt_lifecycle_result_free(clt_lifecycle_result* r) { delete r; }

// ---- analytics over time: funnel, stage history, transitions, new vs returning ----------

CLT_API clt_status clt_lifecycle_result_counts(int64_t* out_counts, size_t counts_len, const clt_lifecycle_result* r) {
    return guard(__func__, [&] {
        auto* counts = buffer_arg(out_counts, counts_len, kStages, "out_counts");
        if (r == nullptr) throw Misuse("result", "argument 'result' must not be NULL");
        auto c = r->stages.counts();
        std::copy(c.begin(), c.end(), counts);
    });
}

CLT_API clt_status clt_stage_history_compute(clt_stage_history_result** out, const int64_t* customer,
                                             const int64_t* timestamp, const int64_t* amount, size_t rows,
                                             const clt_lifecycle_options* opts) {
    return guard(__func__, [&] {
        out_param(out, "out");
        hand_out(out, clientele::stage_history(columns(customer, timestamp, amount, rows, units_of(opts)),
                                               lifecycle_options(opts)));
    });
}

CLT_API clt_status clt_stage_history_compute_from_db(clt_stage_history_result** out, clt_db* db,
                                                     const char* currency, const clt_lifecycle_options* opts) {
    return guard(__func__, db, [&] {
        out_param(out, "out");
        auto h = database(db).analytics().stage_history(lifecycle_options(opts), currency != nullptr ? currency : "");
        hand_out(out, std::move(h.history), std::move(h.customer));
    });
}

CLT_API size_t clt_stage_history_result_size(const clt_stage_history_result* h) { return h != nullptr ? h->history.size() : 0; }
CLT_API const int64_t* clt_stage_history_result_customer(const clt_stage_history_result* h) {
    return h ? h->history.customer.data() : nullptr;
}
CLT_API const int64_t* clt_stage_history_result_day(const clt_stage_history_result* h) { return h ? h->history.day.data() : nullptr; }
CLT_API const uint8_t* clt_stage_history_result_stage(const clt_stage_history_result* h) {
    return h ? reinterpret_cast<const uint8_t*>(h->history.stage.data()) : nullptr;
}
CLT_API const char* clt_stage_history_result_customer_ref(const clt_stage_history_result* h, size_t row) {
    return h ? ref_at(h->refs, row) : nullptr;
}
CLT_API void clt_stage_history_result_free(clt_stage_history_result* h) { delete h; }

CLT_API clt_status clt_stage_transitions_compute(int64_t* out_counts, size_t counts_len, const int64_t* customer,
                                                 const int64_t* timestamp, const int64_t* amount, size_t rows,
                                                 const int64_t* known, size_t known_count, const char* from,
                                                 const clt_lifecycle_options* opts) {
    return guard(__func__, [&] {
        auto* counts = matrix_arg(out_counts, counts_len);
        put_matrix(counts, clientele::stage_transitions(columns(customer, timestamp, amount, rows, units_of(opts)),
                                                        column(known, known_count, "known"),
                                                        date_arg(from, "from"), lifecycle_options(opts)));
    });
}

CLT_API clt_status clt_stage_transitions_compute_from_db(int64_t* out_counts, size_t counts_len, clt_db* db,
                                                         const char* currency, const char* from,
                                                         const clt_lifecycle_options* opts) {
    return guard(__func__, db, [&] {
        auto* counts = matrix_arg(out_counts, counts_len);
        put_matrix(counts, database(db).analytics().stage_transitions(date_arg(from, "from"), lifecycle_options(opts),
                                                          currency != nullptr ? currency : ""));
    });
}

CLT_API clt_status clt_new_vs_returning_options_init(clt_new_vs_returning_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kNewVsReturningDefaults, "clt_new_vs_returning_options"); });
}

CLT_API clt_status clt_new_vs_returning_compute(clt_new_vs_returning_result** out, const int64_t* customer,
                                                const int64_t* timestamp, const int64_t* amount, size_t rows,
                                                const clt_new_vs_returning_options* opts) {
    return guard(__func__, [&] {
        out_param(out, "out");
        auto p = period_of(opts);
        hand_out(out, clientele::new_vs_returning(columns(customer, timestamp, amount, rows, units_of(opts)), p.from,
                                                  p.to, p.threads));
    });
}

CLT_API clt_status clt_new_vs_returning_compute_from_db(clt_new_vs_returning_result** out, clt_db* db,
                                                        const char* currency,
                                                        const clt_new_vs_returning_options* opts) {
    return guard(__func__, db, [&] {
        out_param(out, "out");
        auto p = period_of(opts);
        auto r = database(db).analytics().new_vs_returning(p.from, p.to, currency != nullptr ? currency : "", p.threads);
        hand_out(out, std::move(r.recurrence), std::move(r.customer));
    });
}

CLT_API size_t clt_new_vs_returning_result_size(const clt_new_vs_returning_result* r) {
    return r != nullptr ? r->recurrence.customer.size() : 0;
}
CLT_API const int64_t* clt_new_vs_returning_result_customer(const clt_new_vs_returning_result* r) {
    return r ? r->recurrence.customer.data() : nullptr;
}
CLT_API const uint8_t* clt_new_vs_returning_result_returning(const clt_new_vs_returning_result* r) {
    return r ? r->recurrence.returning.data() : nullptr;
}
CLT_API int64_t clt_new_vs_returning_result_new_count(const clt_new_vs_returning_result* r) {
    return r ? r->recurrence.new_customers : 0;
}
CLT_API int64_t clt_new_vs_returning_result_returning_count(const clt_new_vs_returning_result* r) {
    return r ? r->recurrence.returning_customers : 0;
}
CLT_API const char* clt_new_vs_returning_result_customer_ref(const clt_new_vs_returning_result* r, size_t row) {
    return r ? ref_at(r->refs, row) : nullptr;
}
CLT_API void clt_new_vs_returning_result_free(clt_new_vs_returning_result* r) { delete r; }

// ---- cohorts, repeat purchases, revenue by group --------------------------------------------

CLT_API clt_status clt_cohorts_options_init(clt_cohorts_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kCohortsDefaults, "clt_cohorts_options"); });
}

CLT_API clt_status clt_cohorts_compute(clt_cohorts_result** out, const int64_t* customer, const int64_t* timestamp,
                                       const int64_t* amount, size_t rows, const clt_cohorts_options* opts) {
    return guard(__func__, [&] {
        out_param(out, "out");
        pass_out(out, clientele::cohorts(columns(customer, timestamp, amount, rows, units_of(opts)), cohort_options(opts)));
    });
}

CLT_API clt_status clt_cohorts_compute_from_db(clt_cohorts_result** out, clt_db* db, const char* currency,
                                               const clt_cohorts_options* opts) {
    return guard(__func__, db, [&] {
        out_param(out, "out");
        pass_out(out, database(db).analytics().cohorts(cohort_options(opts), currency != nullptr ? currency : ""));
    });
}

CLT_API size_t clt_cohorts_result_size(const clt_cohorts_result* r) { return r != nullptr ? r->table.size() : 0; }
CLT_API const int32_t* clt_cohorts_result_cohort(const clt_cohorts_result* r) { return r ? r->table.cohort.data() : nullptr; }
CLT_API const int32_t* clt_cohorts_result_period(const clt_cohorts_result* r) { return r ? r->table.period.data() : nullptr; }
CLT_API const int64_t* clt_cohorts_result_cohort_customers(const clt_cohorts_result* r) {
    return r ? r->table.cohort_customers.data() : nullptr;
}
CLT_API const int64_t* clt_cohorts_result_customers(const clt_cohorts_result* r) {
    return r ? r->table.customers.data() : nullptr;
}
CLT_API const int64_t* clt_cohorts_result_revenue(const clt_cohorts_result* r) { return r ? r->table.revenue.data() : nullptr; }
CLT_API const double* clt_cohorts_result_retention(const clt_cohorts_result* r) {
    return r ? r->table.retention.data() : nullptr;
}
CLT_API void clt_cohorts_result_free(clt_cohorts_result* r) { delete r; }

CLT_API clt_status clt_repeat_purchases_compute(clt_repeat_purchases_result** out, const int64_t* customer,
                                                const int64_t* timestamp, const int64_t* amount, size_t rows,
                                                const clt_cohorts_options* opts) {
    return guard(__func__, [&] {
        out_param(out, "out");
        pass_out(out, clientele::repeat_purchases(
            columns(customer, timestamp, amount, rows, units_of(opts)), cohort_options(opts)));
    });
}

CLT_API clt_status clt_repeat_purchases_compute_from_db(clt_repeat_purchases_result** out, clt_db* db,
                                                        const char* currency, const clt_cohorts_options* opts) {
    return guard(__func__, db, [&] {
        out_param(out, "out");
        pass_out(out, database(db).analytics().repeat_purchases(cohort_options(opts), currency != nullptr ? currency : ""));
    });
}

CLT_API size_t clt_repeat_purchases_result_size(const clt_repeat_purchases_result* r) {
    return r != nullptr ? r->repeat.size() : 0;
}
CLT_API const int32_t* clt_repeat_purchases_result_cohort(const clt_repeat_purchases_result* r) {
    return r ? r->repeat.cohort.data() : nullptr;
}
CLT_API const int64_t* clt_repeat_purchases_result_customers(const clt_repeat_purchases_result* r) {
    return r ? r->repeat.customers.data() : nullptr;
}
CLT_API const int64_t* clt_repeat_purchases_result_repeat_customers(const clt_repeat_purchases_result* r) {
    return r ? r->repeat.repeat_customers.data() : nullptr;
}
CLT_API const double* clt_repeat_purchases_result_repeat_rate(const clt_repeat_purchases_result* r) {
    return r ? r->repeat.repeat_rate.data() : nullptr;
}
CLT_API int64_t clt_repeat_purchases_result_total_customers(const clt_repeat_purchases_result* r) {
    return r ? r->repeat.total_customers : 0;
}
CLT_API int64_t clt_repeat_purchases_result_total_repeat_customers(const clt_repeat_purchases_result* r) {
    return r ? r->repeat.total_repeat_customers : 0;
}
CLT_API double clt_repeat_purchases_result_total_repeat_rate(const clt_repeat_purchases_result* r) {
    return r ? r->repeat.total_repeat_rate : 0.0;
}
CLT_API int64_t clt_repeat_purchases_result_gaps(const clt_repeat_purchases_result* r) { return r ? r->repeat.gaps : 0; }
CLT_API double clt_repeat_purchases_result_gap_mean_days(const clt_repeat_purchases_result* r) {
    return r ? r->repeat.gap_mean_days : 0.0;
}
CLT_API double clt_repeat_purchases_result_gap_median_days(const clt_repeat_purchases_result* r) {
    return r ? r->repeat.gap_median_days : 0.0;
}
CLT_API double clt_repeat_purchases_result_gap_p90_days(const clt_repeat_purchases_result* r) {
    return r ? r->repeat.gap_p90_days : 0.0;
}
CLT_API const int64_t* clt_repeat_purchases_result_gap_buckets(const clt_repeat_purchases_result* r) {
    return r ? r->repeat.gap_buckets.data() : nullptr;
}
CLT_API int64_t clt_repeat_purchases_gap_bucket_upper_days(size_t bucket) {
    return bucket < clientele::kGapBucketUpperDays.size() ? clientele::kGapBucketUpperDays[bucket] : -1;
}
CLT_API void clt_repeat_purchases_result_free(clt_repeat_purchases_result* r) { delete r; }

CLT_API clt_status clt_revenue_by_options_init(clt_revenue_by_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kRevenueByDefaults, "clt_revenue_by_options"); });
}

CLT_API clt_status clt_revenue_by_compute(clt_revenue_by_result** out, const int64_t* customer,
                                          const int64_t* timestamp, const int64_t* amount, size_t rows,
                                          const clt_revenue_by_options* opts) {
    return guard(__func__, [&] {
        out_param(out, "out");
        pass_out(out, clientele::revenue_by(columns(customer, timestamp, amount, rows, units_of(opts)), revenue_by_options(opts)));
    });
}

CLT_API clt_status clt_revenue_by_compute_from_db(clt_revenue_by_result** out, clt_db* db, const char* currency,
                                                  const clt_revenue_by_options* opts) {
    return guard(__func__, db, [&] {
        out_param(out, "out");
        pass_out(out, database(db).analytics().revenue_by(revenue_by_options(opts), currency != nullptr ? currency : ""));
    });
}

CLT_API size_t clt_revenue_by_result_size(const clt_revenue_by_result* r) { return r != nullptr ? r->groups.size() : 0; }
CLT_API const int32_t* clt_revenue_by_result_month(const clt_revenue_by_result* r) { return r ? r->groups.month.data() : nullptr; }
CLT_API const uint8_t* clt_revenue_by_result_group(const clt_revenue_by_result* r) { return r ? r->groups.group.data() : nullptr; }
CLT_API const int64_t* clt_revenue_by_result_customers(const clt_revenue_by_result* r) {
    return r ? r->groups.customers.data() : nullptr;
}
CLT_API const int64_t* clt_revenue_by_result_active_customers(const clt_revenue_by_result* r) {
    return r ? r->groups.active_customers.data() : nullptr;
}
CLT_API const int64_t* clt_revenue_by_result_revenue(const clt_revenue_by_result* r) {
    return r ? r->groups.revenue.data() : nullptr;
}
CLT_API size_t clt_revenue_by_result_group_count(const clt_revenue_by_result* r) {
    return r != nullptr ? r->groups.group_names.size() : 0;
}
CLT_API const char* clt_revenue_by_result_group_name(const clt_revenue_by_result* r, size_t group) {
    if (r == nullptr || group >= r->groups.group_names.size()) return nullptr;
    return r->groups.group_names[group].c_str();
}
CLT_API void clt_revenue_by_result_free(clt_revenue_by_result* r) { delete r; }

}  // extern "C"

// ---- customer lifetime value --------------------------------------------------------------

struct clt_clv_result {
    clientele::ClvScores scores;
    std::vector<std::string> refs;
};

namespace {

constexpr clt_clv_options kClvDefaults = CLT_CLV_OPTIONS_INIT;

clientele::ClvScoreOptions clv_options(const clt_clv_options* opts) {
    const auto& o = required_options(opts, kClvDefaults, "clt_clv_options");
    clientele::ClvScoreOptions c;
    c.as_of = as_of_arg(o.as_of);
    if (o.period != nullptr) c.period = clientele::parse_clv_period(o.period);
    c.horizon = o.horizon;
    c.monthly_discount_rate = o.monthly_discount_rate;
    c.threads = o.threads;
    c.fit.min_repeat_customers = o.min_repeat_customers;
    return c;
}

std::span<const double> doubles(const double* data, std::size_t rows, const char* argument) {
    if (data == nullptr && rows > 0)
        throw Misuse(argument, std::string("argument '") + argument + "' must not be NULL when rows > 0");
    return {data, rows};
}

void put_fit(const clientele::ClvFit& fit, double* params, double* errors) {
    if (params != nullptr) std::copy(fit.values.begin(), fit.values.end(), params);
    if (errors != nullptr) std::copy(fit.standard_errors.begin(), fit.standard_errors.end(), errors);
}

}  // namespace

CLT_API clt_status clt_clv_options_init(clt_clv_options* opts, unsigned int version) {
    return guard(__func__, [&] { init_options(opts, version, kClvDefaults, "clt_clv_options"); });
}

CLT_API clt_status clt_clv_compute(clt_clv_result** out, const int64_t* customer, const int64_t* timestamp,
                                   const int64_t* amount, size_t rows, const clt_clv_options* opts) {
    return guard(__func__, [&] {
        out_param(out, "out");
        hand_out(out, clientele::clv_scores(columns(customer, timestamp, amount, rows, units_of(opts)), clv_options(opts)));
    });
}

CLT_API clt_status clt_clv_compute_from_db(clt_clv_result** out, clt_db* db, const char* currency,
                                           const clt_clv_options* opts) {
    return guard(__func__, db, [&] {
        out_param(out, "out");
        auto r = database(db).analytics().clv(clv_options(opts), currency != nullptr ? currency : "");
        hand_out(out, std::move(r.scores), std::move(r.customer));
    });
}

CLT_API size_t clt_clv_result_size(const clt_clv_result* r) { return r != nullptr ? r->scores.size() : 0; }
CLT_API const int64_t* clt_clv_result_customer(const clt_clv_result* r) {
    return r ? r->scores.summary.customer.data() : nullptr;
}
CLT_API const double* clt_clv_result_frequency(const clt_clv_result* r) {
    return r ? r->scores.summary.frequency.data() : nullptr;
}
CLT_API const double* clt_clv_result_recency(const clt_clv_result* r) {
    return r ? r->scores.summary.recency.data() : nullptr;
}
CLT_API const double* clt_clv_result_t(const clt_clv_result* r) { return r ? r->scores.summary.T.data() : nullptr; }
CLT_API const double* clt_clv_result_monetary_value(const clt_clv_result* r) {
    return r ? r->scores.summary.monetary_value.data() : nullptr;
}
CLT_API const double* clt_clv_result_p_alive(const clt_clv_result* r) { return r ? r->scores.p_alive.data() : nullptr; }
CLT_API const double* clt_clv_result_expected_purchases(const clt_clv_result* r) {
    return r ? r->scores.expected_purchases.data() : nullptr;
}
CLT_API const double* clt_clv_result_expected_value(const clt_clv_result* r) {
    return r ? r->scores.expected_value.data() : nullptr;
}
CLT_API const double* clt_clv_result_clv(const clt_clv_result* r) { return r ? r->scores.clv.data() : nullptr; }

CLT_API clt_status clt_clv_result_parameter(const clt_clv_result* r, const char* name, double* value,
                                            double* standard_error) {
    return guard(__func__, [&] {
        if (r == nullptr) throw Misuse("result", "argument 'result' must not be NULL");
        const std::string n(text(name, "name"));
        for (const clientele::ClvFit* fit : {static_cast<const clientele::ClvFit*>(&r->scores.bgnbd),
                                             static_cast<const clientele::ClvFit*>(&r->scores.gamma_gamma)})
            for (std::size_t k = 0; k < fit->names.size(); ++k)
                if (fit->names[k] == n) {
                    if (value != nullptr) *value = fit->values[k];
                    if (standard_error != nullptr) *standard_error = fit->standard_errors[k];
                    return;
                }
        throw clientele::InvalidInput("name", "'" + n + "' is not one of r, alpha, a, b, p, q, v");
    });
}

CLT_API double clt_clv_result_frequency_monetary_correlation(const clt_clv_result* r) {
    return r ? r->scores.gamma_gamma.frequency_monetary_correlation : 0;
}
CLT_API const char* clt_clv_result_customer_ref(const clt_clv_result* r, size_t row) {
    return r ? ref_at(r->refs, row) : nullptr;
}
CLT_API void clt_clv_result_free(clt_clv_result* r) { delete r; }

CLT_API clt_status clt_clv_fit_bgnbd(double out_params[4], double out_standard_errors[4], const double* frequency,
                                     const double* recency, const double* T, size_t rows) {
    return guard(__func__, [&] {
        put_fit(clientele::fit_bgnbd({doubles(frequency, rows, "frequency"), doubles(recency, rows, "recency"),
                                      doubles(T, rows, "T")}),
                out_params, out_standard_errors);
    });
}

CLT_API clt_status clt_clv_fit_gamma_gamma(double out_params[3], double out_standard_errors[3],
                                           const double* frequency, const double* monetary_value, size_t rows) {
    return guard(__func__, [&] {
        put_fit(clientele::fit_gamma_gamma(doubles(frequency, rows, "frequency"),
                                           doubles(monetary_value, rows, "monetary_value")),
                out_params, out_standard_errors);
    });
}
