// Database::stats: the one summary that spans every feature's tables, read-only, under the
// same visibility clause as every other read.
#include "clientele/database.hpp"
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
    return s;
}

}  // namespace clientele
