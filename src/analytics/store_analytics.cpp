// Analytics over the store: the visible customers' purchases and refunds read as columns
// and handed to the column core (src/analytics), which knows nothing of SQLite.
#include <algorithm>

#include "clientele/clv.hpp"
#include "clientele/database.hpp"
#include "analytics/store_input.hpp"
#include "store/session.hpp"

namespace clientele {

namespace analytics_store {

namespace {
constexpr const char* kCustomerScope = " AND c.status <> 'merged'";
// "+i.kind" keeps the planner off interactions_kind: purchases are most interactions, and
// walking that index then fetching each row by rowid was a third of the speed of a plain
// scan of the table (docs/benchmarks.md, "Over the store").
constexpr const char* kMoneyKinds = "+i.kind IN ('purchase','refund')";
}  // namespace

/// The currency to count: the one asked for; else the only currency of the visible
/// purchases and refunds with an amount (the default currency when there are none). Amounts
/// in different currencies are never added up, and choosing silently would score only
/// part of the customers: several currencies without a choice is InvalidInput naming them.
std::string currency_to_count(store::Session& impl, std::string_view currency) {
    if (!currency.empty()) return std::string(currency);
    // The currencies of all rows first, by a plain scan (as read_transactions reads them): when
    // there is one, the visible rows can have no other, and whether they have any is one
    // EXISTS. Only a store of several currencies pays for the exact, joined question.
    const std::string rows = std::string(kMoneyKinds) + " AND i.amount_minor IS NOT NULL AND i.currency <> ''";
    std::vector<std::string> found;
    auto all = impl.conn.query("SELECT DISTINCT i.currency FROM interactions i WHERE " + rows + " ORDER BY 1");
    while (all->step()) found.push_back(all->text(0));
    if (found.size() == 1) {
        auto any = impl.conn.query("SELECT EXISTS (SELECT 1 FROM interactions i JOIN customers c ON c.id = "
                                   "i.customer_id WHERE " + impl.visible + kCustomerScope + " AND " + rows + ")");
        if (!any->step() || any->integer(0) == 0) found.clear();
    } else if (found.size() > 1) {
        found.clear();
        auto q = impl.conn.query("SELECT DISTINCT i.currency FROM interactions i JOIN customers c ON c.id = "
                                 "i.customer_id WHERE " + impl.visible + kCustomerScope + " AND " + rows +
                                 " ORDER BY i.currency");
        while (q->step()) found.push_back(q->text(0));
    }
    if (found.empty()) return impl.default_currency;
    if (found.size() == 1) return found.front();
    std::string list;
    for (const auto& c : found) list += (list.empty() ? "" : ", ") + c;
    throw InvalidInput("currency", "the purchases are in " + std::to_string(found.size()) + " currencies (" + list +
                                       "): choose the one to count (amounts in different currencies are not added up)");
}

StoredTransactions read_transactions(store::Session& impl, std::string_view currency) {
    // The purchases are read in table order (`+i.kind` keeps SQLite off the kind index, whose
    // row-by-row lookups cost ten times a plain scan when most interactions are purchases)
    // and without a join: the visible customers are read once into a bitmap by internal id,
    // which answers "is this row's customer visible" for a fraction of a B-tree search per
    // row. At 1M purchases that is 0.5 s instead of 18 s in sqlite3 (docs/benchmarks.md#report).
    // Ids far sparser than the customers (never made by the library itself) keep the join.
    const std::string rows = std::string(kMoneyKinds) + " AND i.currency = ? AND (i.kind = 'purchase' OR "
                                                    "i.amount_minor < 0)";
    const std::string columns = "SELECT i.customer_id, i.occurred_at, coalesce(i.amount_minor, 0) FROM interactions i";
    StoredTransactions t;
    std::vector<std::int64_t> ids;
    auto c = impl.conn.query("SELECT c.id FROM customers c WHERE " + impl.visible + kCustomerScope);
    while (c->step()) ids.push_back(c->integer(0));
    const std::int64_t most = ids.empty() ? 0 : *std::max_element(ids.begin(), ids.end());
    const bool dense = !ids.empty() && *std::min_element(ids.begin(), ids.end()) >= 0 &&
                       most <= 16 * static_cast<std::int64_t>(ids.size()) + (1 << 20);
    std::vector<bool> visible;
    if (dense) {
        visible.resize(static_cast<std::size_t>(most) + 1);
        for (auto id : ids) visible[static_cast<std::size_t>(id)] = true;
    }
    auto q = impl.conn.query(dense ? columns + " WHERE " + rows
                                   : columns + " JOIN customers c ON c.id = i.customer_id WHERE " + impl.visible +
                                         kCustomerScope + " AND " + rows);
    q->bind(1, currency);
    while (q->step()) {
        const auto customer = q->integer(0);
        if (dense && (customer < 0 || customer > most || !visible[static_cast<std::size_t>(customer)])) continue;
        t.customer.push_back(customer);
        t.timestamp.push_back(q->integer(1));
        t.amount.push_back(q->integer(2));
    }
    return t;
}

/// Visible customers (ascending internal id) and their public references.
void read_customers(store::Session& impl, std::vector<std::int64_t>& ids, std::vector<std::string>& refs) {
    auto q = impl.conn.query("SELECT c.id, c.external_id, c.uuid FROM customers c WHERE " + impl.visible +
                             kCustomerScope + " ORDER BY c.id");
    while (q->step()) {
        ids.push_back(q->integer(0));
        refs.push_back(q->is_null(1) ? store::uuid_from_blob(q->blob(2)).to_string() : q->text(1));
    }
}

}  // namespace analytics_store

namespace {

using analytics_store::StoredTransactions;
using analytics_store::currency_to_count;
using analytics_store::read_transactions;
using analytics_store::read_customers;

/// refs of `keys` (ascending, all among `ids`; a key may repeat, as in a stage history).
std::vector<std::string> refs_of(std::span<const std::int64_t> keys, const std::vector<std::int64_t>& ids,
                                 const std::vector<std::string>& refs) {
    std::vector<std::string> out;
    out.reserve(keys.size());
    auto at = ids.begin();
    for (auto k : keys) {
        at = std::lower_bound(at, ids.end(), k);
        out.push_back(refs[static_cast<std::size_t>(at - ids.begin())]);
    }
    return out;
}

/// The rows and the visible customers, read in one snapshot.
struct StoreInput {
    StoredTransactions transactions;
    std::vector<std::int64_t> ids;
    std::vector<std::string> refs;
};

StoreInput read_input(store::Session& impl, std::string_view currency) {
    StoreInput in;
    store::ReadScope scope(impl);
    in.transactions = read_transactions(impl, currency_to_count(impl, currency));
    read_customers(impl, in.ids, in.refs);
    return in;
}

/// The rows alone, for results that name no customer (tables of counts).
StoredTransactions read_rows(store::Session& impl, std::string_view currency) {
    store::ReadScope scope(impl);
    return read_transactions(impl, currency_to_count(impl, currency));
}

}  // namespace

std::string Analytics::currency(std::string_view currency) const {
    store::ReadScope scope(session());
    return currency_to_count(session(), currency);
}

CohortTable Analytics::cohorts(const CohortOptions& options, std::string_view currency) const {
    return clientele::cohorts(read_rows(session(), currency).columns(), options);
}

RepeatPurchases Analytics::repeat_purchases(const CohortOptions& options, std::string_view currency) const {
    return clientele::repeat_purchases(read_rows(session(), currency).columns(), options);
}

RevenueByGroup Analytics::revenue_by(const RevenueByOptions& options, std::string_view currency) const {
    return clientele::revenue_by(read_rows(session(), currency).columns(), options);
}

CustomerRfm Analytics::rfm(const RfmOptions& options, std::string_view currency) const {
    auto in = read_input(session(), currency);
    CustomerRfm out;
    out.scores = clientele::rfm(in.transactions.columns(), options);
    out.customer = refs_of(out.scores.customer, in.ids, in.refs);
    return out;
}

CustomerClv Analytics::clv(const ClvScoreOptions& options, std::string_view currency) const {
    auto in = read_input(session(), currency);
    CustomerClv out;
    out.scores = clientele::clv_scores(in.transactions.columns(), options);
    out.customer = refs_of(out.scores.customer(), in.ids, in.refs);
    return out;
}

CustomerLifecycle Analytics::lifecycle(const LifecycleOptions& options, std::string_view currency) const {
    auto in = read_input(session(), currency);
    CustomerLifecycle out;
    out.stages = clientele::lifecycle(in.transactions.columns(), in.ids, options);
    out.customer = refs_of(out.stages.customer, in.ids, in.refs);
    return out;
}

CustomerStageHistory Analytics::stage_history(const LifecycleOptions& options, std::string_view currency) const {
    auto in = read_input(session(), currency);
    CustomerStageHistory out;
    out.history = clientele::stage_history(in.transactions.columns(), options);
    out.customer = refs_of(out.history.customer, in.ids, in.refs);
    return out;
}

StageTransitions Analytics::stage_transitions(std::chrono::sys_days from, const LifecycleOptions& options,
                                             std::string_view currency) const {
    auto in = read_input(session(), currency);
    return clientele::stage_transitions(in.transactions.columns(), in.ids, from, options);
}

CustomerNewVsReturning Analytics::new_vs_returning(std::chrono::sys_days from, std::chrono::sys_days to,
                                                  std::string_view currency, unsigned threads) const {
    auto in = read_input(session(), currency);
    CustomerNewVsReturning out;
    out.recurrence = clientele::new_vs_returning(in.transactions.columns(), from, to, threads);
    out.customer = refs_of(out.recurrence.customer, in.ids, in.refs);
    return out;
}

}  // namespace clientele
