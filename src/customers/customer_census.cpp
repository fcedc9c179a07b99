#include "customers/customer_census.hpp"

#include <algorithm>

namespace clientele::store {

ContactShape contact_shape(Session& session, ContactGroup group) {
    const char* table = group == ContactGroup::emails   ? "customer_emails"
                        : group == ContactGroup::phones ? "customer_phones"
                                                        : "customer_addresses";
    // One plain scan: positions run 0..n-1 per customer (customer_rows.cpp writes them so),
    // so the largest position tells the slots without grouping.
    auto q = session.conn.query(std::string("SELECT coalesce(max(position) + 1, 0), coalesce(max(label <> ''), 0), "
                                            "coalesce(max(is_primary AND position > 0), 0) FROM ") + table);
    ContactShape shape;
    if (!q->step()) return shape;
    shape.slots = std::max<std::size_t>(1, static_cast<std::size_t>(q->integer(0)));
    shape.labels = q->integer(1) != 0;
    shape.primary_not_first = q->integer(2) != 0;
    return shape;
}

std::vector<ConsentChannel> consent_channels_in_use(Session& session) {
    std::vector<ConsentChannel> out;
    for (auto ch : {ConsentChannel::email, ConsentChannel::sms, ConsentChannel::phone, ConsentChannel::wechat}) {
        auto q = session.conn.query("SELECT EXISTS (SELECT 1 FROM customer_consents WHERE channel = ?)");
        q->bind(1, to_string(ch));
        if (q->step() && q->integer(0) != 0) out.push_back(ch);
    }
    return out;
}

std::vector<CustomKey> customer_custom_keys(Session& session) { return custom_keys(session.conn, "customers"); }

std::vector<std::int64_t> customers_with_contact(Session& session, ContactGroup group, const std::string& normalized) {
    std::vector<std::int64_t> out;
    if (normalized.empty() || group == ContactGroup::addresses) return out;
    auto q = session.conn.query(group == ContactGroup::emails ? "SELECT customer_id FROM customer_emails WHERE normalized = ?"
                                                              : "SELECT customer_id FROM customer_phones WHERE e164 = ?");
    q->bind(1, normalized);
    while (q->step()) out.push_back(q->integer(0));
    return out;
}

bool active_and_visible(Session& session, std::int64_t id) {
    auto q = session.conn.query("SELECT 1 FROM customers c WHERE c.id = ? AND c.status = 'active' AND " + session.visible);
    q->bind(1, id);
    return q->step();
}

std::int64_t last_customer_id(Session& session) {
    return session.conn.scalar("SELECT coalesce(max(id), 0) FROM customers");
}

}  // namespace clientele::store
