// Earning on purchases and taking back on refunds (docs/loyalty.md). One pass over the new
// interactions in id order with prepared statements: the import's hot path.
#include "loyalty/earning.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "clientele/time.hpp"
#include "loyalty/ledger_lots.hpp"
#include "loyalty/rules.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"

namespace clientele::loyalty {

namespace {

class Earner {
public:
    Earner(store::Session& impl, const RuleSet& rules) : impl_(impl), rules_(rules) {
        for (const auto& [tag, m] : rules.tag_multipliers) {
            std::unordered_set<std::int64_t> members;
            auto q = impl.conn.query("SELECT customer_id FROM customer_tags WHERE tag = ?");
            q->bind(1, tag);
            while (q->step()) members.insert(q->integer(0));
            tags_.emplace_back(m, std::move(members));
        }
    }

    double multiplier(std::int64_t customer, std::string_view level, std::optional<std::int64_t> birthday_days,
                      std::int64_t at) const {
        double m = 1;
        if (auto it = rules_.level_multipliers.find(level); it != rules_.level_multipliers.end()) m *= it->second;
        // A customer with several tags of the rules gets the largest of their multipliers.
        double tag = -1;
        for (const auto& [k, members] : tags_)
            if (members.contains(customer)) tag = std::max(tag, k);
        if (tag >= 0) m *= tag;
        for (const auto& c : rules_.campaigns)
            if (at >= c.from && at < c.to) m *= c.multiplier;
        if (birthday_days) {
            using namespace std::chrono;
            const auto birth = from_days(*birthday_days).month();
            const auto month = year_month_day(floor<days>(sys_seconds(seconds(at)))).month();
            if (birth == month) m *= rules_.birthday_multiplier;
        }
        return m;
    }

    void purchase(std::int64_t interaction, const std::string& reference, std::int64_t customer, const Uuid& uuid,
                  std::int64_t at, std::int64_t points) {
        if (points <= 0) return;
        const auto expires = lot_expiry(rules_, at);
        auto q = impl_.conn.query(
            "INSERT OR IGNORE INTO customer_points(customer_id, kind, points, reason, reference, at, created_by, "
            "expires_at, interaction_id) VALUES (?, 'earn', ?, 'purchase', ?, ?, ?, ?, ?)");
        q->bind(1, customer).bind(2, points).bind(3, reference).bind(4, at).bind(5, impl_.user_id).bind(6, expires).bind(7, interaction);
        q->run();
        if (impl_.conn.changes() > 0) audit(uuid, "points.earn", points, reference);
    }

    void refund(std::int64_t interaction, const std::string& own_reference, std::int64_t customer, const Uuid& uuid,
                std::int64_t at, std::int64_t amount, std::string_view purchase_ref) {
        std::int64_t wanted = 0;
        std::string reference = own_reference;
        if (auto purchase = find_purchase(customer, purchase_ref)) {
            const auto& [earned, purchase_amount, purchase_reference] = *purchase;
            reference = purchase_reference;
            auto q = impl_.conn.query("SELECT coalesce(-sum(points), 0) FROM customer_points WHERE customer_id = ? "
                                      "AND kind = 'adjust' AND points < 0 AND reference = ?");
            q->bind(1, customer).bind(2, reference);
            const auto reversed = q->step() ? q->integer(0) : 0;
            const auto share = purchase_amount > 0
                                   ? static_cast<std::int64_t>(std::llround(static_cast<long double>(earned) *
                                                                            static_cast<long double>(amount) /
                                                                            static_cast<long double>(purchase_amount)))
                                   : earned;
            wanted = std::max<std::int64_t>(0, std::min(earned - reversed, share));
        } else {
            wanted = points_for(rules_, amount, 1);
        }
        if (wanted <= 0) return;
        // Never below zero, at the refund's date or after: what cannot be taken is kept as a
        // shortfall.
        const auto take = std::clamp<std::int64_t>(spendable_from(ledger_rows(impl_, customer), at), 0, wanted);
        if (take > 0) {
            auto q = impl_.conn.query(
                "INSERT OR IGNORE INTO customer_points(customer_id, kind, points, reason, reference, at, created_by, "
                "interaction_id) VALUES (?, 'adjust', ?, 'refund', ?, ?, ?, ?)");
            q->bind(1, customer).bind(2, -take).bind(3, reference).bind(4, at).bind(5, impl_.user_id).bind(6, interaction);
            q->run();
            if (impl_.conn.changes() == 0) return;  // taken back before
            audit(uuid, "points.refund", -take, reference);
        }
        if (take < wanted) {
            auto q = impl_.conn.query("INSERT OR IGNORE INTO loyalty_shortfalls(customer_id, interaction_id, points, at) "
                                      "VALUES (?, ?, ?, ?)");
            q->bind(1, customer).bind(2, interaction).bind(3, wanted - take).bind(4, at).run();
        }
    }

private:
    struct Purchase {
        std::int64_t earned, amount;
        std::string reference;
    };

    // The purchase a refund names (custom field "purchase": its UUID or external id), when
    // it is this customer's and earned points.
    std::optional<Purchase> find_purchase(std::int64_t customer, std::string_view ref) {
        if (ref.empty()) return std::nullopt;
        const auto uuid = Uuid::parse(ref);
        auto q = impl_.conn.query(
            uuid ? "SELECT i.amount_minor, p.points, p.reference FROM interactions i JOIN customer_points p "
                   "ON p.interaction_id = i.id WHERE i.uuid = ? AND i.customer_id = ? AND i.kind = 'purchase'"
                 : "SELECT i.amount_minor, p.points, p.reference FROM interactions i JOIN customer_points p "
                   "ON p.interaction_id = i.id WHERE i.external_id = ? AND i.customer_id = ? AND i.kind = 'purchase'");
        if (uuid) q->bind_blob(1, uuid->bytes().data(), 16);
        else q->bind(1, ref);
        q->bind(2, customer);
        if (!q->step()) return std::nullopt;
        return Purchase{q->integer(1), q->integer(0), q->text(2)};
    }

    void audit(const Uuid& customer, const char* action, std::int64_t points, const std::string& reference) {
        // Written as text like an imported interaction's entry: the values are numbers and an
        // "interaction:<uuid>" reference, JSON-safe.
        store::audit(impl_, {action, customer, {}, {},
                             "{\"points\":" + std::to_string(points) + ",\"entry\":" +
                                 std::to_string(impl_.conn.last_insert_rowid()) + ",\"reference\":\"" + reference + "\"}"});
    }

    store::Session& impl_;
    const RuleSet& rules_;
    std::vector<std::pair<double, std::unordered_set<std::int64_t>>> tags_;
};

}  // namespace

void earn_for_interactions(store::Session& impl, std::int64_t after) {
    const auto rules = load_rules(impl);
    if (!rules || !rules->earns) return;
    Earner earner(impl, *rules);
    auto q = impl.conn.query(
        "SELECT i.id, i.uuid, i.customer_id, i.kind = 'refund', i.occurred_at, i.amount_minor, c.membership_level, "
        "c.birthday, CASE WHEN i.kind = 'refund' THEN json_extract(i.custom, '$.purchase') END, c.uuid "
        "FROM interactions i JOIN customers c ON c.id = i.customer_id "
        "WHERE i.id > ? AND i.kind IN ('purchase', 'refund') AND i.currency = ? AND i.amount_minor <> 0 ORDER BY i.id");
    q->bind(1, after).bind(2, rules->currency);
    while (q->step()) {
        const auto id = q->integer(0);
        const std::string reference = "interaction:" + store::uuid_from_blob(q->blob(1)).to_string();
        const auto customer = q->integer(2);
        const auto uuid = store::uuid_from_blob(q->blob(9));
        const auto at = q->integer(4);
        const auto amount = q->integer(5);
        if (q->integer(3) != 0) {
            earner.refund(id, reference, customer, uuid, at, -amount, q->is_null(8) ? "" : q->text_view(8));
        } else {
            const double m = earner.multiplier(customer, q->text_view(6), q->optional_integer(7), at);
            earner.purchase(id, reference, customer, uuid, at, points_for(*rules, amount, m));
        }
    }
}

}  // namespace clientele::loyalty
