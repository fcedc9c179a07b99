#include "customers/customer_census.hpp"

#include <algorithm>

#include "customers/search_text.hpp"
#include "store/schema.hpp"

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

namespace {

std::vector<std::int64_t> ids_of(Session& session, const std::string& sql) {
    auto q = session.conn.query(sql);
    std::vector<std::int64_t> ids;
    while (q->step()) ids.push_back(q->integer(0));
    return ids;
}

}  // namespace

std::vector<std::int64_t> visible_customer_ids(Session& session, std::int64_t after, std::size_t limit) {
    auto q = session.conn.query("SELECT c.id FROM customers c WHERE " + session.visible + " AND c.id > ? ORDER BY c.id LIMIT ?");
    q->bind(1, after).bind(2, static_cast<std::int64_t>(limit));
    std::vector<std::int64_t> ids;
    while (q->step()) ids.push_back(q->integer(0));
    return ids;
}

std::string describe_customer(Session& session, std::int64_t id) {
    std::string s = "customer #" + std::to_string(id);
    try {
        auto [uuid, external_id] = session.customer_ids(id);
        s += " (" + uuid.to_string() + (external_id.empty() ? "" : ", " + external_id) + ")";
    } catch (const Error&) {
    }
    return s;
}

std::vector<std::int64_t> all_customer_ids(Session& session) {
    return ids_of(session, "SELECT id FROM customers ORDER BY id");
}

std::vector<std::int64_t> customers_with_stale_cards(Session& session) {
    return ids_of(session, std::string("SELECT id FROM customers WHERE card IS NOT ") + kCardSql + " ORDER BY id");
}

std::string search_row_problem(Session& session, std::int64_t id, const Customer& c) {
    auto q = session.conn.query("SELECT doc FROM customer_search WHERE rowid = ?");
    q->bind(1, id);
    const bool has_row = q->step();
    if (c.status == CustomerStatus::merged) return has_row ? "a merged customer still has a full-text row" : "";
    if (!has_row) return "has no full-text row: search cannot find it";
    if (q->text_view(0) != search_document(c)) return "its full-text row does not match its fields";
    return {};
}

std::vector<std::int64_t> search_rows_without_customer(Session& session) {
    return ids_of(session, "SELECT s.rowid FROM customer_search s WHERE NOT EXISTS "
                           "(SELECT 1 FROM customers c WHERE c.id = s.rowid) ORDER BY s.rowid");
}

}  // namespace clientele::store
