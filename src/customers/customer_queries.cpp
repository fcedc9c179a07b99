// Finding customers: by contact, full text, filtered listing with keyset pages, counts.
#include <algorithm>
#include <charconv>

#include "clientele/normalize.hpp"
#include "clientele/database.hpp"
#include "customers/customer_rows.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"
#include "customers/search_text.hpp"
#include "store/where.hpp"

namespace clientele {

using store::Where;

namespace {

enum class Order { as_queried, by_id_once };

std::vector<Customer> load_all(store::Session& impl, store::Query& q, Order order = Order::as_queried) {
    std::vector<std::int64_t> ids;
    while (q->step()) ids.push_back(q->integer(0));
    q->reset();  // the loads below reuse other statements; release this one first
    if (order == Order::by_id_once) {
        // Here, not by DISTINCT/ORDER BY in SQL: that builds a temporary b-tree for the one
        // or two rows a contact lookup finds, a cost every lookup paid.
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    }
    std::vector<Customer> out;
    out.reserve(ids.size());
    for (auto id : ids) out.push_back(store::load_customer(impl, id));
    return out;
}

Where customer_where(store::Session& impl, const CustomerFilter& f) {
    Where w(impl.visible);
    if (!f.tag.empty()) w.add("c.id IN (SELECT customer_id FROM customer_tags WHERE tag = ?)", f.tag);
    if (!f.owner.empty()) {
        auto owner = impl.find_user(f.owner);
        if (!owner) throw InvalidInput("owner", "unknown user '" + f.owner + "'", "filter");
        w.add("c.owner_id = ?", owner->id);
    }
    if (f.kind) w.add("c.kind = ?", std::string(to_string(*f.kind)));
    if (f.status) w.add("c.status = ?", std::string(to_string(*f.status)));
    if (f.created_from) w.add("c.created_at >= ?", store::seconds(*f.created_from));
    if (f.created_to) w.add("c.created_at < ?", store::seconds(*f.created_to));
    if (f.updated_from) w.add("c.updated_at >= ?", store::seconds(*f.updated_from));
    if (f.updated_to) w.add("c.updated_at < ?", store::seconds(*f.updated_to));
    if (f.consented)
        w.add("c.id IN (SELECT customer_id FROM customer_consents WHERE channel = ? AND status = 'granted')",
              std::string(to_string(*f.consented)));
    return w;
}

std::size_t checked_limit(std::size_t limit) {
    if (limit < 1 || limit > 10000) throw InvalidInput("limit", std::to_string(limit) + " is outside 1..10000");
    return limit;
}

}  // namespace

std::vector<Customer> Customers::find_by_email(std::string_view email) const {
    auto normalized = normalize_email(email, "email");
    store::ReadScope read(session());
    auto q = session().conn.query("SELECT c.id FROM customer_emails e JOIN customers c ON c.id = e.customer_id "
                               "WHERE e.normalized = ? AND " + session().visible);
    q->bind(1, normalized);
    return load_all(session(), q, Order::by_id_once);
}

std::vector<Customer> Customers::find_by_phone(std::string_view phone) const {
    auto e164 = normalize_phone(phone, session().default_region, "phone");
    store::ReadScope read(session());
    auto q = session().conn.query("SELECT c.id FROM customer_phones p JOIN customers c ON c.id = p.customer_id "
                               "WHERE p.e164 = ? AND " + session().visible);
    q->bind(1, e164);
    return load_all(session(), q, Order::by_id_once);
}

std::vector<Customer> Customers::search(std::string_view query, std::size_t limit) const {
    checked_limit(limit);
    auto expr = store::search_expression(query);
    if (expr.empty()) return {};
    store::ReadScope read(session());
    // CROSS JOIN: the match drives, whatever the role's condition on customers offers the
    // planner (store/duplicates.cpp has the story).
    auto q = session().conn.query("SELECT c.id FROM customer_search s CROSS JOIN customers c ON c.id = s.rowid "
                               "WHERE customer_search MATCH ? AND " + session().visible + " ORDER BY s.rank LIMIT ?");
    q->bind(1, expr).bind(2, static_cast<std::int64_t>(limit));
    return load_all(session(), q);
}

CustomerPage Customers::list(const CustomerFilter& filter, const PageRequest& page) const {
    auto limit = checked_limit(page.limit);
    store::ReadScope read(session());
    Where w = customer_where(session(), filter);
    if (!page.after.empty()) {
        std::int64_t after = 0;
        auto [end, ec] = std::from_chars(page.after.data(), page.after.data() + page.after.size(), after);
        if (ec != std::errc() || end != page.after.data() + page.after.size())
            throw InvalidInput("after", "'" + page.after + "' is not a cursor from a previous page");
        w.add("c.id > ?", after);
    }
    auto q = session().conn.query("SELECT c.id FROM customers c" + w.sql() + " ORDER BY c.id LIMIT ?");
    int next = w.bind(*q);
    q->bind(next, static_cast<std::int64_t>(limit + 1));
    std::vector<std::int64_t> ids;
    while (q->step()) ids.push_back(q->integer(0));
    q->reset();
    CustomerPage out;
    if (ids.size() > limit) {
        ids.pop_back();
        out.next_cursor = std::to_string(ids.back());
    }
    for (auto id : ids) out.items.push_back(store::load_customer(session(), id));
    // A list for a marketing purpose hands people's contacts out: its first page is
    // recorded with the purpose (docs/privacy.md).
    if (filter.consented && page.after.empty())
        store::audit_read(session(), {"customers.list", std::nullopt, {},
                                      {{"purpose", {{"marketing", to_string(*filter.consented)}}}}});
    return out;
}

std::int64_t Customers::count(const CustomerFilter& filter) const {
    store::ReadScope read(session());
    Where w = customer_where(session(), filter);
    auto q = session().conn.query("SELECT count(*) FROM customers c" + w.sql());
    w.bind(*q);
    return q->step() ? q->integer(0) : 0;
}

std::vector<TagCount> Customers::all_tags() const {
    auto q = session().conn.query("SELECT t.tag, count(*) FROM customer_tags t JOIN customers c ON c.id = t.customer_id "
                               "WHERE " + session().visible + " GROUP BY t.tag ORDER BY count(*) DESC, t.tag");
    std::vector<TagCount> out;
    while (q->step()) out.push_back({q->text(0), q->integer(1)});
    return out;
}

}  // namespace clientele
