// clientele C ABI — analytics: RFM and lifecycle from caller-owned columns or a database.
#include "capi/capi.hpp"

#include <chrono>
#include <span>

#include "clientele/analytics.hpp"
#include "clientele/error.hpp"
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

using namespace clientele::capi;

namespace {

constexpr unsigned kRfmOptionsVersion = CLT_RFM_OPTIONS_VERSION;
constexpr unsigned kLifecycleOptionsVersion = CLT_LIFECYCLE_OPTIONS_VERSION;

void check_version(const char* what, unsigned version, unsigned known) {
    if (version == 0 || version > known)
        throw clientele::Unsupported(std::string(what) + " version " + std::to_string(version) +
                                     " is not known to this library");
}

template <class Options>
const Options& options_arg(const Options* opts, const char* what, unsigned known) {
    if (opts == nullptr) throw Misuse("opts", "argument 'opts' must not be NULL (as_of is required)");
    check_version(what, opts->version, known);
    return *opts;
}

std::chrono::sys_days as_of_arg(const char* as_of) {
    return std::chrono::sys_days(clientele::parse_date(text(as_of, "as_of"), "as_of"));
}

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
    const auto& o = options_arg(opts, "clt_rfm_options", kRfmOptionsVersion);
    clientele::RfmOptions r;
    r.as_of = as_of_arg(o.as_of);
    r.bins = o.bins;
    r.high_tier = o.high_tier;
    r.medium_tier = o.medium_tier;
    r.threads = o.threads;
    return r;
}

clientele::LifecycleOptions lifecycle_options(const clt_lifecycle_options* opts) {
    const auto& o = options_arg(opts, "clt_lifecycle_options", kLifecycleOptionsVersion);
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

std::int64_t units_of(const clt_rfm_options* o) { return o->units_per_second; }
std::int64_t units_of(const clt_lifecycle_options* o) { return o->units_per_second; }

/// Passes a new result out to the caller, who frees it with clt_*_result_free.
template <class Result, class Columns>
void hand_out(Result** out, Columns&& columns, std::vector<std::string>&& refs = {}) {
    *out = std::make_unique<Result>(Result{std::forward<Columns>(columns), std::move(refs)}).release();
}

const char* ref_at(const std::vector<std::string>& refs, std::size_t row) {
    return row < refs.size() ? refs[row].c_str() : nullptr;
}

}  // namespace

extern "C" {

CLT_API clt_status clt_rfm_options_init(clt_rfm_options* opts, unsigned int version) {
    return guard(__func__, [&] {
        if (opts == nullptr) throw Misuse("opts", "argument 'opts' must not be NULL");
        check_version("clt_rfm_options", version, kRfmOptionsVersion);
        *opts = CLT_RFM_OPTIONS_INIT;
    });
}

CLT_API clt_status clt_rfm_compute(clt_rfm_result** out, const int64_t* customer, const int64_t* timestamp,
                                   const int64_t* amount, size_t rows, const clt_rfm_options* opts) {
    return guard(__func__, [&] {
        out_param(out, "out");
        hand_out(out, clientele::rfm(columns(customer, timestamp, amount, rows, units_of(opts)), rfm_options(opts)));
    });
}

CLT_API clt_status clt_rfm_from_db(clt_rfm_result** out, clt_db* db, const char* currency,
                                   const clt_rfm_options* opts) {
    return guard(__func__, [&] {
        out_param(out, "out");
        auto r = database(db).rfm(rfm_options(opts), currency != nullptr ? currency : "");
        hand_out(out, std::move(r.scores), std::move(r.customer));
    });
}

CLT_API size_t clt_rfm_size(const clt_rfm_result* r) { return r != nullptr ? r->scores.size() : 0; }
CLT_API const int64_t* clt_rfm_customer(const clt_rfm_result* r) { return r ? r->scores.customer.data() : nullptr; }
CLT_API const int64_t* clt_rfm_recency_days(const clt_rfm_result* r) {
    return r ? r->scores.recency_days.data() : nullptr;
}
CLT_API const int64_t* clt_rfm_frequency(const clt_rfm_result* r) { return r ? r->scores.frequency.data() : nullptr; }
CLT_API const int64_t* clt_rfm_monetary(const clt_rfm_result* r) { return r ? r->scores.monetary.data() : nullptr; }
CLT_API const uint8_t* clt_rfm_r(const clt_rfm_result* r) { return r ? r->scores.r.data() : nullptr; }
CLT_API const uint8_t* clt_rfm_f(const clt_rfm_result* r) { return r ? r->scores.f.data() : nullptr; }
CLT_API const uint8_t* clt_rfm_m(const clt_rfm_result* r) { return r ? r->scores.m.data() : nullptr; }
CLT_API const uint8_t* clt_rfm_value_tier(const clt_rfm_result* r) {
    static_assert(sizeof(clientele::ValueTier) == sizeof(uint8_t));
    return r ? reinterpret_cast<const uint8_t*>(r->scores.value_tier.data()) : nullptr;
}
CLT_API const char* clt_rfm_segment(const clt_rfm_result* r, size_t row) {
    if (r == nullptr || row >= r->scores.size()) return nullptr;
    auto s = r->scores.segment[row];
    return s == clientele::RfmScores::kNoSegment ? "" : r->scores.segment_names[s].c_str();
}
CLT_API const char* clt_rfm_customer_ref(const clt_rfm_result* r, size_t row) {
    return r ? ref_at(r->refs, row) : nullptr;
}
CLT_API void clt_rfm_result_free(clt_rfm_result* r) { delete r; }

CLT_API clt_status clt_lifecycle_options_init(clt_lifecycle_options* opts, unsigned int version) {
    return guard(__func__, [&] {
        if (opts == nullptr) throw Misuse("opts", "argument 'opts' must not be NULL");
        check_version("clt_lifecycle_options", version, kLifecycleOptionsVersion);
        *opts = CLT_LIFECYCLE_OPTIONS_INIT;
    });
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

CLT_API clt_status clt_lifecycle_from_db(clt_lifecycle_result** out, clt_db* db, const char* currency,
                                         const clt_lifecycle_options* opts) {
    return guard(__func__, [&] {
        out_param(out, "out");
        auto r = database(db).lifecycle(lifecycle_options(opts), currency != nullptr ? currency : "");
        hand_out(out, std::move(r.stages), std::move(r.customer));
    });
}

CLT_API size_t clt_lifecycle_size(const clt_lifecycle_result* r) { return r != nullptr ? r->stages.size() : 0; }
CLT_API const int64_t* clt_lifecycle_customer(const clt_lifecycle_result* r) {
    return r ? r->stages.customer.data() : nullptr;
}
CLT_API const uint8_t* clt_lifecycle_stage(const clt_lifecycle_result* r) {
    static_assert(sizeof(clientele::LifecycleStage) == sizeof(uint8_t));
    return r ? reinterpret_cast<const uint8_t*>(r->stages.stage.data()) : nullptr;
}
CLT_API const int64_t* clt_lifecycle_stage_since(const clt_lifecycle_result* r) {
    return r ? r->stages.stage_since.data() : nullptr;
}
CLT_API const char* clt_lifecycle_customer_ref(const clt_lifecycle_result* r, size_t row) {
    return r ? ref_at(r->refs, row) : nullptr;
}
CLT_API const char* clt_lifecycle_stage_name(uint8_t stage) {
    if (stage >= clientele::kLifecycleStages) return nullptr;
    return clientele::to_string(static_cast<clientele::LifecycleStage>(stage)).data();  // static literals
}
CLT_API void clt_lifecycle_result_free(clt_lifecycle_result* r) { delete r; }

}  // extern "C"
