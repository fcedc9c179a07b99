#include "customers/customer_rows.hpp"

#include <array>
#include <string>
#include <vector>

#include "customers/card.hpp"
#include "model/customer_fields.hpp"
#include "json/json.hpp"
#include "dedupe/store_keys.hpp"
#include "store/schema.hpp"
#include "store/stored.hpp"
#include "customers/search_text.hpp"

namespace clientele::store {

namespace {

// The customers row's own columns, bound as ?2..?13; the text fields of the field table
// follow from ?14 (model/customer_fields.hpp), so a new text field needs no change here.
// ?1 is the uuid (insert) or the row id (update); the expected version comes last.
constexpr std::array<const char*, 12> kFixedColumns{
    "external_id", "kind", "birthday", "gender", "owner_id", "custom", "created_at", "updated_at",
    "last_verified_at", "status", "version", "card"};
constexpr int kFirstText = 2 + static_cast<int>(kFixedColumns.size());

int expected_version_parameter() { return kFirstText + static_cast<int>(fields::customer_text_fields().size()); }

std::vector<std::string> stored_columns() {
    std::vector<std::string> columns(kFixedColumns.begin(), kFixedColumns.end());
    for (const auto& f : fields::customer_text_fields()) columns.emplace_back(f.name);
    return columns;
}

const std::string& insert_sql() {
    static const std::string sql = [] {
        std::string names = "uuid", values = "?1";
        int n = 2;
        for (const auto& c : stored_columns()) {
            names += ", " + c;
            values += ", ?" + std::to_string(n++);
        }
        return "INSERT INTO customers(" + names + ") VALUES (" + values + ")";
    }();
    return sql;
}

const std::string& update_sql() {
    static const std::string sql = [] {
        std::string set;
        int n = 2;
        for (const auto& c : stored_columns()) set += (set.empty() ? "" : ", ") + c + " = ?" + std::to_string(n++);
        return "UPDATE customers SET " + set + " WHERE id = ?1 AND version = ?" +
               std::to_string(expected_version_parameter());
    }();
    return sql;
}

void bind_columns(Statement& s, const Customer& c, std::optional<std::int64_t> owner_id) {
    s.bind_text_or_null(2, c.external_id)
        .bind(3, to_string(c.kind))
        .bind(4, c.birthday ? std::optional<std::int64_t>(to_days(*c.birthday)) : std::nullopt)
        .bind(5, to_string(c.gender))
        .bind(6, owner_id)
        .bind(7, c.custom.text())
        .bind(8, seconds(c.created_at))
        .bind(9, seconds(c.updated_at))
        .bind(10, c.last_verified_at ? std::optional<std::int64_t>(seconds(*c.last_verified_at)) : std::nullopt)
        .bind(11, to_string(c.status))
        .bind(12, c.version)
        .bind(13, card_json(c));
    int n = kFirstText;
    for (const auto& f : fields::customer_text_fields()) s.bind(n++, c.*f.member);
}

// The caller has removed any earlier row: FTS5's REPLACE would look it up first.
void write_search(store::Session& impl, std::int64_t id, const Customer& c) {
    auto q = impl.conn.query("INSERT INTO customer_search(rowid, doc) VALUES (?, ?)");
    q->bind(1, id).bind(2, search_document(c)).run();
}

void write_children(store::Session& impl, std::int64_t id, const Customer& c) {
    auto& conn = impl.conn;
    for (std::size_t k = 0; k < c.emails.size(); ++k) {
        const auto& e = c.emails[k];
        auto q = conn.query("INSERT INTO customer_emails(customer_id, position, address, normalized, label, is_primary) "
                            "VALUES (?, ?, ?, ?, ?, ?)");
        q->bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, e.address).bind(4, e.normalized)
            .bind(5, e.label).bind(6, std::int64_t{e.primary}).run();
    }
    for (std::size_t k = 0; k < c.phones.size(); ++k) {
        const auto& p = c.phones[k];
        auto q = conn.query("INSERT INTO customer_phones(customer_id, position, number, e164, label, is_primary) "
                            "VALUES (?, ?, ?, ?, ?, ?)");
        q->bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, p.number).bind(4, p.e164)
            .bind(5, p.label).bind(6, std::int64_t{p.primary}).run();
    }
    for (std::size_t k = 0; k < c.addresses.size(); ++k) {
        const auto& a = c.addresses[k];
        auto q = conn.query("INSERT INTO customer_addresses(customer_id, position, label, street, city, region, "
                            "postcode, country, is_primary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q->bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, a.label).bind(4, a.street).bind(5, a.city)
            .bind(6, a.region).bind(7, a.postcode).bind(8, a.country).bind(9, std::int64_t{a.primary}).run();
    }
    for (const auto& t : c.tags) {
        auto q = conn.query("INSERT INTO customer_tags(customer_id, tag) VALUES (?, ?)");
        q->bind(1, id).bind(2, t).run();
    }
    for (const auto& [channel, consent] : c.consent) {
        auto q = conn.query("INSERT INTO customer_consents(customer_id, channel, status, at, method) VALUES (?, ?, ?, ?, ?)");
        q->bind(1, id).bind(2, to_string(channel)).bind(3, to_string(consent.status))
            .bind(4, consent.at ? std::optional<std::int64_t>(seconds(*consent.at)) : std::nullopt)
            .bind(5, consent.method).run();
    }
    write_search(impl, id, c);
    write_match_keys(impl, id, c);
}

}  // namespace

void refresh_card(store::Session& impl, std::int64_t id) {
    auto q = impl.conn.query(std::string("UPDATE customers SET card = ") + kCardSql + " WHERE id = ?");
    q->bind(1, id).run();
}

void delete_children(store::Session& impl, std::int64_t id) {
    delete_match_keys(impl, id);
    for (const char* sql : {"DELETE FROM customer_emails WHERE customer_id = ?", "DELETE FROM customer_phones WHERE customer_id = ?",
                            "DELETE FROM customer_addresses WHERE customer_id = ?", "DELETE FROM customer_tags WHERE customer_id = ?",
                            "DELETE FROM customer_consents WHERE customer_id = ?", "DELETE FROM customer_search WHERE rowid = ?"}) {
        auto q = impl.conn.query(sql);
        q->bind(1, id).run();
    }
}

std::int64_t insert_customer(store::Session& impl, const Customer& c, std::optional<std::int64_t> owner_id) {
    std::int64_t id;
    {
        auto q = impl.conn.query(insert_sql());
        q->bind_blob(1, c.id.bytes().data(), 16);
        bind_columns(*q, c, owner_id);
        q->run();
        id = impl.conn.last_insert_rowid();
    }
    try {
        write_children(impl, id, c);
    } catch (...) {
        remove_inserted_customer(impl, id);
        throw;
    }
    return id;
}

void remove_inserted_customer(store::Session& impl, std::int64_t id) {
    // With whatever children made it (ON DELETE CASCADE), so a failed create inside a
    // caller's transaction leaves nothing behind (WriteScope::Undo::self).
    auto fts = impl.conn.query("DELETE FROM customer_search WHERE rowid = ?");
    fts->bind(1, id);
    try { fts->run(); } catch (...) {}
    auto row = impl.conn.query("DELETE FROM customers WHERE id = ?");
    row->bind(1, id);
    try { row->run(); } catch (...) {}
}

void update_customer_rows(store::Session& impl, std::int64_t id, const Customer& c,
                          std::optional<std::int64_t> owner_id, std::int64_t expected_version) {
    {
        auto q = impl.conn.query(update_sql());
        q->bind(1, id);
        bind_columns(*q, c, owner_id);
        q->bind(expected_version_parameter(), expected_version);
        q->run();
    }
    if (impl.conn.changes() != 1)
        throw Conflict("customer '" + c.id.to_string() + "' was changed by someone else since version " +
                       std::to_string(expected_version) + "; read it again");
    delete_children(impl, id);
    write_children(impl, id, c);
}

void write_tags(store::Session& impl, std::int64_t id, const Customer& c) {
    {
        auto q = impl.conn.query("DELETE FROM customer_tags WHERE customer_id = ?");
        q->bind(1, id).run();
    }
    for (const auto& t : c.tags) {
        auto q = impl.conn.query("INSERT INTO customer_tags(customer_id, tag) VALUES (?, ?)");
        q->bind(1, id).bind(2, t).run();
    }
    {
        auto q = impl.conn.query("DELETE FROM customer_search WHERE rowid = ?");
        q->bind(1, id).run();
    }
    write_search(impl, id, c);
    auto q = impl.conn.query("UPDATE customers SET card = ? WHERE id = ?");
    q->bind(1, card_json(c)).bind(2, id).run();
}

Customer load_customer(store::Session& impl, std::int64_t id) {
    // One row: the customer's children come from its card (kCardSql), not five more tables.
    static const std::string sql = [] {
        std::string text;
        for (const auto& f : fields::customer_text_fields()) text += ", c." + std::string(f.name);
        return "SELECT c.uuid, c.external_id, c.kind, c.birthday, c.gender, u.username, c.custom, c.created_at, "
               "c.updated_at, c.last_verified_at, c.status, c.version, c.card" + text +
               " FROM customers c LEFT JOIN users u ON u.id = c.owner_id WHERE c.id = ?";
    }();
    auto q = impl.conn.query(sql);
    q->bind(1, id);
    if (!q->step()) throw NotFound("customer #" + std::to_string(id) + " not found");
    Customer c;
    c.id = uuid_from_blob(q->blob(0));
    c.external_id = q->text(1);
    c.kind = stored(parse_customer_kind, q->text_view(2), "kind", "customer", id);
    if (auto d = q->optional_integer(3)) c.birthday = from_days(*d);
    c.gender = stored(parse_gender, q->text_view(4), "gender", "customer", id);
    c.owner = q->text(5);
    if (auto custom = stored_json_object(q->text_view(6))) c.custom = std::move(*custom);
    else throw CorruptData("customer " + c.id.to_string() + " (#" + std::to_string(id) + ") has damaged custom fields " +
                           "(not a JSON object nested at most " + std::to_string(kMaxJsonDepth) + " levels)");
    c.created_at = from_seconds(q->integer(7));
    c.updated_at = from_seconds(q->integer(8));
    if (auto t = q->optional_integer(9)) c.last_verified_at = from_seconds(*t);
    c.status = stored(parse_customer_status, q->text_view(10), "status", "customer", id);
    c.version = q->integer(11);
    read_card(q->text_view(12), c, id);
    int n = 13;
    for (const auto& f : fields::customer_text_fields()) c.*f.member = q->text(n++);
    return c;
}

}  // namespace clientele::store
