// Database::stats: the one summary that spans every feature's tables, read-only, under the
// same visibility clause as every other read.
#include "clientele/database.hpp"
#include "loyalty/ledger_lots.hpp"
#include "store/schema.hpp"
#include "store/session.hpp"

namespace clientele {

StoreStats Database::stats() const {
    auto& impl = *session_;
    store::ReadScope read(impl);
    StoreStats s;
    s.schema_version = schema_version();
    const std::string& vis = impl.visible;
    auto group = [&](const std::string& sql, std::map<std::string, std::int64_t>& into) {
        auto q = impl.conn.query(sql);
        while (q->step()) into[q->text(0)] = q->integer(1);
    };
    group("SELECT c.status, count(*) FROM customers c WHERE " + vis + " GROUP BY 1", s.customers_by_status);
    group("SELECT c.kind, count(*) FROM customers c WHERE " + vis + " GROUP BY 1", s.customers_by_kind);
    group("SELECT coalesce(u.username, ''), count(*) FROM customers c LEFT JOIN users u ON u.id = c.owner_id WHERE " +
              vis + " GROUP BY 1", s.customers_by_owner);
    group("SELECT i.kind, count(*) FROM interactions i JOIN customers c ON c.id = i.customer_id WHERE " + vis +
              " GROUP BY 1", s.interactions_by_kind);
    group("SELECT i.currency, sum(i.amount_minor) FROM interactions i JOIN customers c ON c.id = i.customer_id WHERE " +
              vis + " AND i.kind IN ('purchase','refund') AND i.amount_minor IS NOT NULL GROUP BY 1",
          s.revenue_minor_by_currency);
    for (const auto& [k, n] : s.customers_by_status) s.customers += n;
    for (const auto& [k, n] : s.interactions_by_kind) s.interactions += n;
    {
        auto q = impl.conn.query("SELECT min(i.occurred_at), max(i.occurred_at) FROM interactions i JOIN customers c "
                                 "ON c.id = i.customer_id WHERE " + vis);
        if (q->step() && !q->is_null(0)) {
            s.first_interaction = store::from_seconds(q->integer(0));
            s.last_interaction = store::from_seconds(q->integer(1));
        }
    }
    s.users = impl.conn.scalar("SELECT count(*) FROM users");
    {
        auto q = impl.conn.query("SELECT coalesce(sum(p.points), 0) FROM customer_points p JOIN customers c "
                                 "ON c.id = p.customer_id WHERE " + vis + " AND c.status = 'active'");
        q->step();
        s.points_outstanding = q->integer(0);
    }
    {
        // What is left of a lot depends on every redemption before it (oldest lot first):
        // the ledgers of the customers holding such lots are replayed, found by the expiry
        // index.
        const auto now = store::seconds(now_utc()), until = now + 30 * 86400;
        auto q = impl.conn.query("SELECT DISTINCT p.customer_id FROM customer_points p JOIN customers c "
                                 "ON c.id = p.customer_id WHERE p.expires_at > ? AND p.expires_at <= ? AND " + vis +
                                 " AND c.status = 'active'");
        q->bind(1, now).bind(2, until);
        std::vector<std::int64_t> holders;
        while (q->step()) holders.push_back(q->integer(0));
        for (const auto id : holders)
            for (const auto& lot : loyalty::replay(loyalty::ledger_rows(impl, id), now))
                if (lot.expires_at && store::seconds(*lot.expires_at) > now && store::seconds(*lot.expires_at) <= until)
                    s.points_expiring_30d += lot.remaining;
    }
    return s;
}

}  // namespace clientele
