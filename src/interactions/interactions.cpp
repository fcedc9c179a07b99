// Interactions: purchases, calls, complaints... of visible customers.
#include <charconv>

#include "clientele/database.hpp"
#include "json/json.hpp"
#include "interactions/interaction_writes.hpp"
#include "loyalty/earning.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"
#include "store/stored.hpp"
#include "normalize/validate.hpp"
#include "store/where.hpp"

namespace clientele {

using store::Where;

namespace {

constexpr const char* kSelect =
    "SELECT i.uuid, i.external_id, c.uuid, c.external_id, i.kind, i.occurred_at, i.channel, i.direction, "
    "u.username, i.amount_minor, i.currency, i.subject, i.body, i.csat, i.nps, i.custom, i.complaint_status, "
    "i.due_at, i.created_at, i.id FROM interactions i JOIN customers c ON c.id = i.customer_id "
    "LEFT JOIN users u ON u.id = i.owner_id";

Interaction read_row(store::Statement& q) {
    Interaction i;
    i.id = store::uuid_from_blob(q.blob(0));
    i.external_id = q.text(1);
    i.customer_id = store::uuid_from_blob(q.blob(2));
    i.customer_external_id = q.text(3);
    i.kind = store::stored(parse_interaction_kind, q.text_view(4), "kind", "interaction", q.integer(19));
    i.occurred_at = store::from_seconds(q.integer(5));
    i.channel = q.text(6);
    i.direction = store::stored(parse_direction, q.text_view(7), "direction", "interaction", q.integer(19));
    i.owner = q.text(8);
    i.amount_minor = q.optional_integer(9);
    i.currency = q.text(10);
    i.subject = q.text(11);
    i.body = q.text(12);
    if (auto v = q.optional_integer(13)) i.csat = static_cast<int>(*v);
    if (auto v = q.optional_integer(14)) i.nps = static_cast<int>(*v);
    if (auto custom = stored_json_object(q.text_view(15))) i.custom = std::move(*custom);
    else throw CorruptData("interaction '" + i.id.to_string() + "' has damaged custom fields");
    i.complaint_status = store::stored(parse_complaint_status, q.text_view(16), "complaint_status", "interaction", q.integer(19));
    if (auto t = q.optional_integer(17)) i.due_at = store::from_seconds(*t);
    i.created_at = store::from_seconds(q.integer(18));
    return i;
}

Where interaction_where(store::Session& impl, const InteractionFilter& f) {
    Where w(impl.visible);
    if (!f.customer.empty()) w.add("i.customer_id = ?", impl.customer_id(f.customer));
    if (f.kind) w.add("i.kind = ?", std::string(to_string(*f.kind)));
    if (f.from) w.add("i.occurred_at >= ?", store::seconds(*f.from));
    if (f.to) w.add("i.occurred_at < ?", store::seconds(*f.to));
    if (!f.owner.empty()) {
        auto owner = impl.find_user(f.owner);
        if (!owner) throw InvalidInput("owner", "unknown user '" + f.owner + "'", "filter");
        w.add("i.owner_id = ?", owner->id);
    }
    return w;
}

}  // namespace

Interaction Interactions::add(const Interaction& interaction) {
    // The interaction and the points it earns (loyalty rules) are one change.
    auto& impl = session();
    impl.require_write("add an interaction");
    store::WriteScope scope(impl);
    const auto before = store::last_interaction_id(impl);
    Interaction i = store::add_interaction(impl, interaction, store::Origin::new_record);
    loyalty::earn_for_interactions(impl, before);
    scope.commit();
    return i;
}

Interaction store::add_interaction(store::Session& impl, const Interaction& interaction, store::Origin origin) {
    impl.require_write("add an interaction");
    Interaction i = interaction;
    store::prepare_interaction(i, impl.default_currency);
    std::string ref = !i.customer_id.is_nil() ? i.customer_id.to_string() : i.customer_external_id;
    if (ref.empty()) throw InvalidInput("customer_id", "an interaction needs its customer (customer_id or customer_external_id)");
    // One INSERT and its audit entry, which undoes the INSERT when it fails: atomic without
    // a savepoint.
    store::WriteScope scope(impl, store::WriteScope::Undo::self);
    auto customer = impl.customer_id(ref);
    std::int64_t owner_id = impl.user_id;
    if (i.owner.empty()) {
        i.owner = impl.user.username;
    } else if (i.owner != impl.user.username) {
        auto owner = impl.find_user(i.owner);
        if (!owner) throw InvalidInput("owner", "unknown user '" + i.owner + "'");
        if (impl.user.role == Role::sales)
            throw PermissionDenied("user '" + impl.user.username + "' (sales) can only record their own interactions");
        owner_id = owner->id;
    }
    if (origin == store::Origin::new_record || i.id.is_nil()) i.id = impl.new_uuid();
    i.created_at = now_utc();
    std::tie(i.customer_id, i.customer_external_id) = impl.customer_ids(customer);
    try {
        auto q = impl.conn.query(
            "INSERT INTO interactions(uuid, external_id, customer_id, kind, occurred_at, channel, direction, owner_id, "
            "amount_minor, currency, subject, body, csat, nps, custom, complaint_status, due_at, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q->bind_blob(1, i.id.bytes().data(), 16)
            .bind_text_or_null(2, i.external_id)
            .bind(3, customer)
            .bind(4, to_string(i.kind))
            .bind(5, store::seconds(i.occurred_at))
            .bind(6, i.channel)
            .bind(7, to_string(i.direction))
            .bind(8, owner_id)
            .bind(9, i.amount_minor)
            .bind(10, i.currency)
            .bind(11, i.subject)
            .bind(12, i.body)
            .bind(13, i.csat ? std::optional<std::int64_t>(*i.csat) : std::nullopt)
            .bind(14, i.nps ? std::optional<std::int64_t>(*i.nps) : std::nullopt)
            .bind(15, i.custom.text())
            .bind(16, to_string(i.complaint_status))
            .bind(17, i.due_at ? std::optional<std::int64_t>(store::seconds(*i.due_at)) : std::nullopt)
            .bind(18, store::seconds(i.created_at))
            .run();
    } catch (const Conflict&) {
        throw Conflict("an interaction with external_id '" + i.external_id + "' already exists");
    }
    const auto row = impl.conn.last_insert_rowid();
    // Written as text: one per imported row, where a JSON tree showed in profiles. Both
    // values are JSON-safe (a UUID, a kind's name).
    store::audit_or_undo(impl,
                         {"interaction.create", i.customer_id, {}, {},
                          "{\"interaction\":\"" + i.id.to_string() + "\",\"kind\":\"" + std::string(to_string(i.kind)) + "\"}"},
                         [&] {
                             auto q = impl.conn.query("DELETE FROM interactions WHERE id = ?");
                             q->bind(1, row).run();
                         });
    scope.commit();
    return i;
}

Interaction Interactions::get(std::string_view ref) const {
    auto& impl = session();
    auto uuid = Uuid::parse(ref);
    std::string sql = std::string(kSelect) + " WHERE " + (uuid ? "i.uuid = ?" : "i.external_id = ?") + " AND " + impl.visible;
    auto q = impl.conn.query(sql);
    if (uuid) q->bind_blob(1, uuid->bytes().data(), 16);
    else q->bind(1, ref);
    if (!q->step()) throw NotFound("interaction '" + std::string(ref) + "' not found");
    return read_row(*q);
}

InteractionPage Interactions::list(const InteractionFilter& filter, const PageRequest& page) const {
    auto& impl = session();
    if (page.limit < 1 || page.limit > 10000)
        throw InvalidInput("limit", std::to_string(page.limit) + " is outside 1..10000");
    store::ReadScope read(impl);
    Where w = interaction_where(impl, filter);
    if (!page.after.empty()) {
        // Cursor "<occurred_at>:<id>" of the last row of the previous page.
        auto colon = page.after.find(':');
        std::int64_t t = 0, id = 0;
        bool ok = colon != std::string::npos;
        if (ok) {
            auto r1 = std::from_chars(page.after.data(), page.after.data() + colon, t);
            auto r2 = std::from_chars(page.after.data() + colon + 1, page.after.data() + page.after.size(), id);
            ok = r1.ec == std::errc() && r1.ptr == page.after.data() + colon && r2.ec == std::errc() &&
                 r2.ptr == page.after.data() + page.after.size();
        }
        if (!ok) throw InvalidInput("after", "'" + page.after + "' is not a cursor from a previous page");
        w.add("(i.occurred_at > ? OR (i.occurred_at = ? AND i.id > ?))", t, t, id);
    }
    auto q = impl.conn.query(std::string(kSelect) + w.sql() + " ORDER BY i.occurred_at, i.id LIMIT ?");
    int next = w.bind(*q);
    q->bind(next, static_cast<std::int64_t>(page.limit + 1));
    InteractionPage out;
    std::int64_t last_t = 0, last_id = 0;
    while (q->step()) {
        if (out.items.size() == page.limit) {
            out.next_cursor = std::to_string(last_t) + ":" + std::to_string(last_id);
            break;
        }
        out.items.push_back(read_row(*q));
        last_t = q->integer(5);
        last_id = q->integer(19);
    }
    return out;
}

std::int64_t Interactions::count(const InteractionFilter& filter) const {
    store::ReadScope read(session());
    Where w = interaction_where(session(), filter);
    auto q = session().conn.query("SELECT count(*) FROM interactions i JOIN customers c ON c.id = i.customer_id" + w.sql());
    w.bind(*q);
    return q->step() ? q->integer(0) : 0;
}

namespace store {

std::optional<std::int64_t> interaction_by_external_id(Session& session, std::string_view external_id) {
    auto q = session.conn.query("SELECT id FROM interactions WHERE external_id = ?");
    q->bind(1, external_id);
    if (q->step()) return q->integer(0);
    return std::nullopt;
}

std::optional<std::int64_t> same_interaction(Session& session, std::int64_t customer, const Interaction& i) {
    auto q = session.conn.query(
        "SELECT id FROM interactions WHERE customer_id = ? AND occurred_at = ? AND kind = ? AND amount_minor IS ?");
    q->bind(1, customer).bind(2, seconds(i.occurred_at)).bind(3, to_string(i.kind)).bind(4, i.amount_minor);
    if (q->step()) return q->integer(0);
    return std::nullopt;
}

std::vector<std::int64_t> visible_interaction_ids(Session& session, std::int64_t after, std::size_t limit) {
    auto q = session.conn.query("SELECT i.id FROM interactions i JOIN customers c ON c.id = i.customer_id WHERE " +
                                session.visible + " AND i.id > ? ORDER BY i.id LIMIT ?");
    q->bind(1, after).bind(2, static_cast<std::int64_t>(limit));
    std::vector<std::int64_t> ids;
    while (q->step()) ids.push_back(q->integer(0));
    return ids;
}

Interaction load_interaction(Session& session, std::int64_t id) {
    auto q = session.conn.query(std::string(kSelect) + " WHERE i.id = ?");
    q->bind(1, id);
    if (!q->step()) throw NotFound("interaction #" + std::to_string(id) + " not found");
    return read_row(*q);
}

std::vector<std::pair<std::int64_t, std::string>> damaged_interactions(Session& session, std::int64_t& total) {
    std::vector<std::pair<std::int64_t, std::string>> out;
    total = 0;
    auto q = session.conn.query(std::string(kSelect) + " ORDER BY i.id");
    while (q->step()) {
        ++total;
        try {
            read_row(*q);
        } catch (const Error& e) {
            out.emplace_back(q->integer(19), e.what());
        }
    }
    // An interaction whose customer is gone is not even joined above.
    auto orphans = session.conn.query("SELECT i.id FROM interactions i WHERE NOT EXISTS "
                                      "(SELECT 1 FROM customers c WHERE c.id = i.customer_id)");
    while (orphans->step()) out.emplace_back(orphans->integer(0), "its customer does not exist");
    return out;
}

std::int64_t last_interaction_id(Session& session) {
    return session.conn.scalar("SELECT coalesce(max(id), 0) FROM interactions");
}

std::int64_t scrub_interactions(Session& session, std::int64_t customer) {
    auto q = session.conn.query("UPDATE interactions SET subject = '', body = '', custom = '{}' WHERE customer_id = ? "
                                "AND (subject <> '' OR body <> '' OR custom <> '{}')");
    q->bind(1, customer).run();
    return session.conn.changes();
}

std::vector<CustomKey> interaction_custom_keys(Session& session) { return custom_keys(session.conn, "interactions"); }

}  // namespace store
}  // namespace clientele
