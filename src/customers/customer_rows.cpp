#include "customers/customer_rows.hpp"

#include "customers/card.hpp"
#include "json/json.hpp"
#include "dedupe/store_keys.hpp"
#include "store/schema.hpp"
#include "store/stored.hpp"
#include "customers/search_text.hpp"

namespace clientele::store {

namespace {

constexpr const char* kInsert =
    "INSERT INTO customers(uuid, external_id, kind, display_name, given_name, family_name, company_name, "
    "job_title, birthday, gender, source, owner_id, membership_level, custom, notes, created_at, updated_at, "
    "last_verified_at, status, version, card) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?22)";

constexpr const char* kUpdate =
    "UPDATE customers SET external_id = ?2, kind = ?3, display_name = ?4, given_name = ?5, family_name = ?6, "
    "company_name = ?7, job_title = ?8, birthday = ?9, gender = ?10, source = ?11, owner_id = ?12, "
    "membership_level = ?13, custom = ?14, notes = ?15, created_at = ?16, updated_at = ?17, "
    "last_verified_at = ?18, status = ?19, version = ?20, card = ?22 WHERE id = ?1 AND version = ?21";

// Parameters 2..20 and 22 (the card, store/card.hpp) of kInsert and kUpdate.
void bind_columns(Statement& s, const Customer& c, std::optional<std::int64_t> owner_id) {
    s.bind_text_or_null(2, c.external_id)
        .bind(3, to_string(c.kind))
        .bind(4, c.display_name)
        .bind(5, c.given_name)
        .bind(6, c.family_name)
        .bind(7, c.company_name)
        .bind(8, c.job_title)
        .bind(9, c.birthday ? std::optional<std::int64_t>(to_days(*c.birthday)) : std::nullopt)
        .bind(10, to_string(c.gender))
        .bind(11, c.source)
        .bind(12, owner_id)
        .bind(13, c.membership_level)
        .bind(14, c.custom.text())
        .bind(15, c.notes)
        .bind(16, seconds(c.created_at))
        .bind(17, seconds(c.updated_at))
        .bind(18, c.last_verified_at ? std::optional<std::int64_t>(seconds(*c.last_verified_at)) : std::nullopt)
        .bind(19, to_string(c.status))
        .bind(20, c.version)
        .bind(22, card_json(c));
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
        auto q = impl.conn.query(kInsert);
        q->bind_blob(1, c.id.bytes().data(), 16);
        bind_columns(*q, c, owner_id);
        q->run();
        id = impl.conn.last_insert_rowid();
    }
    try {
        write_children(impl, id, c);
    } catch (...) {
        // The customers row went in; take it out again with whatever children made it
        // (ON DELETE CASCADE), so a failed create inside a caller's transaction leaves
        // nothing behind (WriteScope::Undo::self).
        auto fts = impl.conn.query("DELETE FROM customer_search WHERE rowid = ?");
        fts->bind(1, id);
        try { fts->run(); } catch (...) {}
        auto row = impl.conn.query("DELETE FROM customers WHERE id = ?");
        row->bind(1, id);
        try { row->run(); } catch (...) {}
        throw;
    }
    return id;
}

void update_customer_rows(store::Session& impl, std::int64_t id, const Customer& c,
                          std::optional<std::int64_t> owner_id, std::int64_t expected_version) {
    {
        auto q = impl.conn.query(kUpdate);
        q->bind(1, id);
        bind_columns(*q, c, owner_id);
        q->bind(21, expected_version);
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
    auto q = impl.conn.query(
        "SELECT c.uuid, c.external_id, c.kind, c.display_name, c.given_name, c.family_name, c.company_name, "
        "c.job_title, c.birthday, c.gender, c.source, u.username, c.membership_level, c.custom, c.notes, "
        "c.created_at, c.updated_at, c.last_verified_at, c.status, c.version, c.card "
        "FROM customers c LEFT JOIN users u ON u.id = c.owner_id WHERE c.id = ?");
    q->bind(1, id);
    if (!q->step()) throw NotFound("customer #" + std::to_string(id) + " not found");
    Customer c;
    c.id = uuid_from_blob(q->blob(0));
    c.external_id = q->text(1);
    c.kind = stored(parse_customer_kind, q->text_view(2), "kind", "customer", id);
    c.display_name = q->text(3);
    c.given_name = q->text(4);
    c.family_name = q->text(5);
    c.company_name = q->text(6);
    c.job_title = q->text(7);
    if (auto d = q->optional_integer(8)) c.birthday = from_days(*d);
    c.gender = stored(parse_gender, q->text_view(9), "gender", "customer", id);
    c.source = q->text(10);
    c.owner = q->text(11);
    c.membership_level = q->text(12);
    if (auto custom = stored_json_object(q->text_view(13))) c.custom = std::move(*custom);
    else throw CorruptData("customer #" + std::to_string(id) + " has damaged custom fields");
    c.notes = q->text(14);
    c.created_at = from_seconds(q->integer(15));
    c.updated_at = from_seconds(q->integer(16));
    if (auto t = q->optional_integer(17)) c.last_verified_at = from_seconds(*t);
    c.status = stored(parse_customer_status, q->text_view(18), "status", "customer", id);
    c.version = q->integer(19);
    read_card(q->text_view(20), c, id);
    return c;
}

}  // namespace clientele::store
