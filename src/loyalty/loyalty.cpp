// db.loyalty(): the rule set, expiry runs, membership levels, lots and voids over the
// points ledger (docs/loyalty.md).
#include "clientele/loyalty.hpp"

#include <algorithm>
#include <unordered_map>

#include "clientele/database.hpp"
#include "loyalty/ledger_lots.hpp"
#include "loyalty/rules.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"

namespace clientele {

namespace {

std::optional<std::int64_t> seconds_or_null(const std::optional<Timestamp>& t) {
    return t ? std::optional<std::int64_t>(store::seconds(*t)) : std::nullopt;
}

// The last review date (a day of the year, midnight UTC) on or before `as_of`.
std::int64_t last_review(const loyalty::RuleSet& rules, std::int64_t as_of) {
    using namespace std::chrono;
    const year_month_day today(floor<days>(sys_seconds(seconds(as_of))));
    auto review = [&](year y) {
        return sys_days(year_month_day(y, month(rules.review_month), day(rules.review_day))).time_since_epoch().count() *
               86400;
    };
    const auto this_year = review(today.year());
    return this_year <= as_of ? this_year : review(today.year() - years(1));
}

}  // namespace

void Loyalty::set_rules(std::string_view rules_json) {
    auto& impl = session();
    impl.require_write("set the loyalty rules");
    if (impl.user.role != Role::admin && impl.user.role != Role::manager)
        throw PermissionDenied("user '" + impl.user.username + "' cannot set the loyalty rules (admins and managers)");
    const auto parsed = loyalty::parse_rules(rules_json);  // throws before anything is written
    const std::string text = nlohmann::json::parse(rules_json).dump();
    const bool clear = text == "{}";
    store::WriteScope scope(impl);
    const auto before = loyalty::stored_rules_text(impl);
    if (clear) {
        impl.conn.exec("DELETE FROM loyalty_rules");
    } else {
        auto q = impl.conn.query("INSERT INTO loyalty_rules(id, rules, updated_at, updated_by) VALUES (1, ?, ?, ?) "
                                 "ON CONFLICT(id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at, "
                                 "updated_by = excluded.updated_by");
        q->bind(1, text).bind(2, store::seconds(now_utc())).bind(3, impl.user_id).run();
    }
    (void)parsed;
    store::audit(impl, {"loyalty.rules", std::nullopt, "loyalty_rules",
                        {{"before", nlohmann::json::parse(before)}, {"after", nlohmann::json::parse(text)}}});
    scope.commit();
}

std::string Loyalty::rules() const {
    auto& impl = session();
    store::ReadScope read(impl);
    return loyalty::stored_rules_text(impl);
}

ExpiryReport Loyalty::expire_due(Timestamp as_of) {
    auto& impl = session();
    impl.require_write("expire points");
    const auto at = store::seconds(as_of);
    ExpiryReport report;
    store::WriteScope scope(impl);
    std::vector<std::int64_t> customers;
    {
        auto q = impl.conn.query("SELECT DISTINCT p.customer_id FROM customer_points p JOIN customers c ON "
                                 "c.id = p.customer_id WHERE p.expires_at <= ? AND " + impl.visible);
        q->bind(1, at);
        while (q->step()) customers.push_back(q->integer(0));
    }
    for (const auto customer : customers) {
        const auto rows = loyalty::ledger_rows(impl, customer);
        bool any = false;
        // Each lot as it stood when it expired: what later entries took from it was spent
        // before its expiry was written.
        for (const auto& lot : loyalty::replay(rows, INT64_MAX)) {
            if (!lot.expires_at || store::seconds(*lot.expires_at) > at || lot.remaining <= 0) continue;
            const auto when = store::seconds(*lot.expires_at);
            auto q = impl.conn.query("INSERT INTO customer_points(customer_id, kind, points, reason, reference, at, "
                                     "created_by) VALUES (?, 'expire', ?, 'expired', ?, ?, ?)");
            q->bind(1, customer).bind(2, -lot.remaining).bind(3, loyalty::lot_reference(lot.entry_id)).bind(4, when)
                .bind(5, impl.user_id).run();
            store::audit(impl, {"points.expire", impl.customer_ids(customer).first, {},
                                {{"points", -lot.remaining}, {"entry", impl.conn.last_insert_rowid()},
                                 {"lot", lot.entry_id}}});
            ++report.entries;
            report.points += lot.remaining;
            any = true;
        }
        if (any) ++report.customers;
    }
    scope.commit();
    return report;
}

std::vector<LevelChange> Loyalty::evaluate_levels(Timestamp as_of) {
    auto& impl = session();
    impl.require_write("evaluate membership levels");
    const auto rules = loyalty::load_rules(impl);
    if (!rules || rules->tiers.empty())
        throw InvalidInput("levels", "the loyalty rules have no levels (set them with rules)", "rules");
    const auto at = store::seconds(as_of);
    const auto window_start = loyalty::add_months(at, -rules->window_months);
    std::vector<LevelChange> changes;
    store::WriteScope scope(impl);
    // The basis of every customer in one pass over the table, summed here: a scan in rowid
    // order reads each page once, where the time index would fetch the window's rows in time
    // order, one random page each, and GROUP BY would sort them.
    std::unordered_map<std::int64_t, std::int64_t> basis;
    {
        auto q = impl.conn.query(
            rules->level_by_points
                ? "SELECT customer_id, points FROM customer_points NOT INDEXED WHERE kind = 'earn' AND at >= ? "
                  "AND at <= ? AND id NOT IN (SELECT voids FROM customer_points WHERE voids IS NOT NULL AND at <= ?2)"
                : "SELECT customer_id, amount_minor FROM interactions NOT INDEXED WHERE occurred_at >= ? "
                  "AND occurred_at <= ? AND kind IN ('purchase', 'refund') AND currency = ? AND amount_minor IS NOT NULL");
        q->bind(1, window_start).bind(2, at);
        if (!rules->level_by_points) q->bind(3, rules->currency);
        while (q->step()) {
            auto& sum = basis[q->integer(0)];
            if (__builtin_add_overflow(sum, q->integer(1), &sum)) sum = q->integer(1) > 0 ? INT64_MAX : INT64_MIN;
        }
    }
    // When each customer's level last changed, from the history's index in one pass.
    std::unordered_map<std::int64_t, std::int64_t> last_change;
    {
        auto q = impl.conn.query("SELECT customer_id, max(at) FROM customer_levels GROUP BY customer_id");
        while (q->step()) last_change.emplace(q->integer(0), q->integer(1));
    }
    std::unordered_map<std::string_view, std::size_t> rank;
    for (std::size_t n = 0; n < rules->tiers.size(); ++n) rank.emplace(rules->tiers[n].name, n);
    const auto review = last_review(*rules, at);
    auto q = impl.conn.query("SELECT c.id, c.uuid, c.membership_level FROM customers c WHERE c.status = 'active' AND " +
                             impl.visible);
    // Decided in one read, written after it: the customers table is not changed under its
    // own open cursor.
    std::vector<std::int64_t> ids;
    while (q->step()) {
        const auto id = q->integer(0);
        const auto it = basis.find(id);
        const std::int64_t value = it == basis.end() ? 0 : it->second;
        std::size_t target = 0;
        while (target + 1 < rules->tiers.size() && rules->tiers[target + 1].min <= value) ++target;
        const auto current = q->text_view(2);
        const auto known = rank.find(current);
        if (known != rank.end()) {
            if (known->second == target) continue;
            // Downgrades wait for a review date after the last change.
            const auto last = last_change.find(id);
            if (target < known->second && last != last_change.end() && last->second >= review) continue;
        }
        ids.push_back(id);
        changes.push_back({store::uuid_from_blob(q->blob(1)), std::string(current), rules->tiers[target].name, as_of, value});
    }
    q->reset();
    // A level change is a change of the customer like any other: its version moves, so an
    // edit made from the record read before it fails its version check instead of writing
    // the old level back.
    auto update = impl.conn.query(
        "UPDATE customers SET membership_level = ?, version = version + 1, updated_at = ? WHERE id = ?");
    const auto changed_at = store::seconds(now_utc());
    auto history = impl.conn.query("INSERT INTO customer_levels(customer_id, level, previous, at, basis_value, created_by) "
                                   "VALUES (?, ?, ?, ?, ?, ?)");
    for (std::size_t n = 0; n < changes.size(); ++n) {
        const auto& c = changes[n];
        update->bind(1, c.to).bind(2, changed_at).bind(3, ids[n]).run();
        update->reset();
        history->bind(1, ids[n]).bind(2, c.to).bind(3, c.from).bind(4, at).bind(5, c.basis_value).bind(6, impl.user_id).run();
        history->reset();
        store::audit(impl, {"loyalty.level", c.customer_id, {},
                            {{"from", c.from}, {"to", c.to}, {"basis_value", c.basis_value},
                             {"as_of", format_timestamp(as_of)}}});
    }
    scope.commit();
    return changes;
}

std::vector<LevelChange> Loyalty::level_history(std::string_view customer) const {
    auto& impl = session();
    store::ReadScope read(impl);
    const auto id = impl.customer_id(customer);
    const auto uuid = impl.customer_ids(id).first;
    auto q = impl.conn.query("SELECT previous, level, at, basis_value FROM customer_levels WHERE customer_id = ? "
                             "ORDER BY at, id");
    q->bind(1, id);
    std::vector<LevelChange> out;
    while (q->step()) out.push_back({uuid, q->text(0), q->text(1), store::from_seconds(q->integer(2)), q->integer(3)});
    return out;
}

std::vector<PointsLot> Loyalty::lots(std::string_view customer, std::optional<Timestamp> as_of) const {
    auto& impl = session();
    store::ReadScope read(impl);
    return loyalty::replay(loyalty::ledger_rows(impl, impl.customer_id(customer)),
                           store::seconds(as_of.value_or(now_utc())));
}

std::int64_t Loyalty::balance_at(std::string_view customer, Timestamp at) const {
    auto& impl = session();
    store::ReadScope read(impl);
    auto q = impl.conn.query("SELECT coalesce(sum(points), 0) FROM customer_points WHERE customer_id = ? AND at <= ?");
    q->bind(1, impl.customer_id(customer)).bind(2, store::seconds(at));
    return q->step() ? q->integer(0) : 0;
}

PointsEntry Loyalty::void_entry(std::int64_t entry_id, std::string_view reason) {
    auto& impl = session();
    impl.require_write("void a points entry");
    store::WriteScope scope(impl, store::WriteScope::Undo::self);
    std::int64_t customer = 0, points = 0;
    std::optional<std::int64_t> voids;
    {
        auto q = impl.conn.query("SELECT p.customer_id, p.points, p.voids, c.uuid FROM customer_points p JOIN customers c "
                                 "ON c.id = p.customer_id WHERE p.id = ? AND " + impl.visible);
        q->bind(1, entry_id);
        if (!q->step()) throw NotFound("points entry " + std::to_string(entry_id) + " not found");
        customer = q->integer(0);
        points = q->integer(1);
        voids = q->optional_integer(2);
    }
    if (voids) throw InvalidInput("entry", "entry " + std::to_string(entry_id) + " is itself a void (of entry " +
                                               std::to_string(*voids) + ")");
    {
        auto q = impl.conn.query("SELECT id FROM customer_points WHERE voids = ?");
        q->bind(1, entry_id);
        if (q->step())
            throw InvalidInput("entry", "entry " + std::to_string(entry_id) + " was voided already (by entry " +
                                            std::to_string(q->integer(0)) + ")");
    }
    PointsEntry e;
    e.kind = PointsKind::adjust;
    e.points = -points;
    e.reason = reason.empty() ? "void of entry " + std::to_string(entry_id) : std::string(reason);
    e.reference = "void:" + std::to_string(entry_id);
    e.at = now_utc();
    e.voids = entry_id;
    if (e.points < 0) {
        const auto spendable = loyalty::spendable_from(loyalty::ledger_rows(impl, customer), store::seconds(*e.at));
        if (spendable < -e.points)
            throw InvalidInput("points", "voiding entry " + std::to_string(entry_id) + " takes " + std::to_string(points) +
                                             " points; the balance is " + std::to_string(spendable));
    }
    {
        auto q = impl.conn.query("INSERT INTO customer_points(customer_id, kind, points, reason, reference, at, created_by, "
                                 "voids) VALUES (?, 'adjust', ?, ?, ?, ?, ?, ?)");
        q->bind(1, customer).bind(2, e.points).bind(3, e.reason).bind(4, e.reference).bind(5, store::seconds(*e.at))
            .bind(6, impl.user_id).bind(7, entry_id).run();
    }
    e.id = impl.conn.last_insert_rowid();
    e.customer_id = impl.customer_ids(customer).first;
    e.created_by = impl.user.username;
    store::audit_or_undo(impl,
                         {"points.void", e.customer_id, {},
                          {{"points", e.points}, {"entry", e.id}, {"voids", entry_id}, {"reason", e.reason}}},
                         [&] {
                             auto q = impl.conn.query("DELETE FROM customer_points WHERE id = ?");
                             q->bind(1, e.id).run();
                         });
    scope.commit();
    return e;
}

}  // namespace clientele
