// The report's service and loyalty figures. Service: the service report itself
// (db.cases().service_report), asked only when there is a survey or case to report on, since
// it reads the purchases again for its segment columns. Loyalty: one grouped read of the
// customers with their ledger balances, and the lots replayed (src/loyalty's own replay)
// only for the customers with a lot lapsing in the next 90 days.
#include "report/service_loyalty.hpp"

#include <algorithm>
#include <map>

#include "clientele/database.hpp"
#include "clientele/time.hpp"
#include "loyalty/ledger_lots.hpp"
#include "loyalty/rules.hpp"
#include "store/session.hpp"

namespace clientele::report {

namespace {

constexpr std::int64_t kDay = 86400;

std::int64_t end_of(std::chrono::sys_days day) { return (day.time_since_epoch().count() + 1) * kDay; }

/// Whether any visible customer has a survey or a case opened in [from, to): both found
/// through indexes, so a store without service data costs next to nothing.
bool has_service_data(store::Session& s, std::int64_t from, std::int64_t to) {
    auto q = s.conn.query(
        "SELECT EXISTS (SELECT 1 FROM interactions i JOIN customers c ON c.id = i.customer_id WHERE i.kind = "
        "'survey' AND i.occurred_at >= ?1 AND i.occurred_at < ?2 AND " + s.visible +
        ") OR EXISTS (SELECT 1 FROM cases k JOIN interactions i ON i.id = k.interaction_id JOIN customers c ON "
        "c.id = i.customer_id WHERE k.opened_at >= ?1 AND k.opened_at < ?2 AND " + s.visible + ")");
    q->bind(1, from).bind(2, to);
    return q->step() && q->integer(0) != 0;
}

}  // namespace

std::optional<ServiceFigures> read_service(store::Session& s, std::chrono::sys_days first_day,
                                           std::chrono::sys_days last_day, const std::string& currency) {
    const std::int64_t from = first_day.time_since_epoch().count() * kDay, to = end_of(last_day);
    {
        store::ReadScope scope(s);
        if (!has_service_data(s, from, to)) return std::nullopt;
    }
    ServiceReportOptions o;
    o.from = store::from_seconds(from);
    o.to = store::from_seconds(to);
    o.currency = currency;
    const auto report = Cases(s).service_report(o);
    ServiceFigures f;
    std::map<std::string, const ServiceReportRow*, std::less<>> months;
    for (const auto& row : report.rows) {
        if (row.dimension == "all") f.all = row;
        if (row.dimension == "month") months.emplace(row.group, &row);
    }
    const auto last = std::chrono::year_month_day(last_day);
    for (auto m = std::chrono::year_month_day(first_day).year() / std::chrono::year_month_day(first_day).month();
         m <= last.year() / last.month(); m += std::chrono::months(1)) {
        char name[16];
        std::snprintf(name, sizeof name, "%04d-%02u", static_cast<int>(m.year()), static_cast<unsigned>(m.month()));
        f.months.emplace_back(name);
        auto it = months.find(f.months.back());
        if (it != months.end()) {
            f.by_month.push_back(*it->second);
            continue;
        }
        ServiceReportRow empty;  // a month without surveys or cases
        empty.dimension = "month";
        empty.group = name;
        f.by_month.push_back(std::move(empty));
    }
    return f;
}

std::optional<LoyaltyFigures> read_loyalty(store::Session& s, std::chrono::sys_days as_of) {
    const std::int64_t end = end_of(as_of);
    store::ReadScope scope(s);
    // The level a customer had at the end of as_of: its level history decides when it has
    // changed since (the last change by then, or what the first later change left); when no
    // change is later than as_of, the stored membership_level is that level, and the
    // cheaper read of it serves (it is also the only source for levels set without rules).
    auto later = s.conn.query("SELECT EXISTS (SELECT 1 FROM customer_levels WHERE at >= ?)");
    later->bind(1, end);
    const bool changed_since = later->step() && later->integer(0) != 0;
    const std::string level =
        changed_since ? "coalesce((SELECT l.level FROM customer_levels l WHERE l.customer_id = c.id AND l.at < ?1 "
                        "ORDER BY l.at DESC, l.id DESC LIMIT 1), (SELECT l.previous FROM customer_levels l WHERE "
                        "l.customer_id = c.id ORDER BY l.at, l.id LIMIT 1), c.membership_level)"
                      : "c.membership_level";
    auto q = s.conn.query("SELECT " + level + " AS lvl, count(*), coalesce(sum(p.balance), 0), "
                          "coalesce(sum(p.balance > 0), 0), count(p.balance) FROM customers c LEFT JOIN (SELECT "
                          "customer_id, sum(points) AS balance FROM customer_points WHERE at < ?1 GROUP BY "
                          "customer_id) p ON p.customer_id = c.id WHERE " + s.visible +
                          " AND c.status NOT IN ('merged', 'anonymized') GROUP BY lvl");
    q->bind(1, end);
    LoyaltyFigures f;
    bool any = false;
    while (q->step()) {
        LoyaltyFigures::Level l{q->text(0), q->integer(1), q->integer(2), q->integer(3)};
        any = any || !l.name.empty() || q->integer(4) > 0;
        f.points += l.points;
        f.holders += l.holders;
        f.levels.push_back(std::move(l));
    }
    if (!any) return std::nullopt;
    // The rule set's tiers first, in their order; then other names; customers without a level last.
    std::vector<std::string> tiers;
    if (auto rules = loyalty::load_rules(s))
        for (const auto& t : rules->tiers) tiers.push_back(t.name);
    auto rank = [&](const std::string& name) {
        auto it = std::find(tiers.begin(), tiers.end(), name);
        return name.empty() ? tiers.size() + 1 : it == tiers.end() ? tiers.size() : static_cast<std::size_t>(it - tiers.begin());
    };
    std::stable_sort(f.levels.begin(), f.levels.end(), [&](const auto& a, const auto& b) {
        return rank(a.name) != rank(b.name) ? rank(a.name) < rank(b.name) : a.name < b.name;
    });
    // What is left of the lots lapsing soon: the lots are replayed from the ledger (src/loyalty),
    // for the few customers the expiry index names.
    auto soon = s.conn.query("SELECT DISTINCT p.customer_id FROM customer_points p JOIN customers c ON c.id = "
                             "p.customer_id WHERE p.expires_at > ?1 AND p.expires_at <= ?2 AND p.at < ?1 AND " +
                             s.visible + " AND c.status NOT IN ('merged', 'anonymized')");
    soon->bind(1, end).bind(2, end + 90 * kDay);
    std::vector<std::int64_t> customers;
    while (soon->step()) customers.push_back(soon->integer(0));
    for (auto id : customers)
        for (const auto& lot : loyalty::replay(loyalty::ledger_rows(s, id), end - 1)) {
            if (!lot.expires_at) continue;
            const auto at = store::seconds(*lot.expires_at);
            if (at <= end) continue;
            if (at <= end + 30 * kDay) f.expiring_30 += lot.remaining;
            if (at <= end + 90 * kDay) f.expiring_90 += lot.remaining;
        }
    return f;
}

}  // namespace clientele::report
