// The audit trail's write side: one hash-chained row per change, in the change's
// transaction.
#include "store/audit_trail.hpp"

#include <sodium.h>

#include "store/session.hpp"

namespace clientele::store {

namespace {

class Hasher {
public:
    Hasher() { crypto_generichash_init(&state_, nullptr, 0, 32); }
    void integer(std::int64_t v) {
        unsigned char b[8];
        for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(static_cast<std::uint64_t>(v) >> (8 * i));
        crypto_generichash_update(&state_, b, 8);
    }
    // Length first, so no two different field lists hash the same bytes.
    void text(std::string_view s) {
        integer(static_cast<std::int64_t>(s.size()));
        crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(s.data()), s.size());
    }
    AuditHash finish() {
        AuditHash h{};
        crypto_generichash_final(&state_, h.data(), h.size());
        return h;
    }

private:
    crypto_generichash_state state_;
};

std::string_view view(const AuditHash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

}  // namespace

AuditHash audit_detail_hash(std::string_view detail) {
    Hasher h;
    h.text(detail);
    return h.finish();
}

AuditHash audit_hash(const AuditRow& r) {
    Hasher h;
    h.text("clientele audit v1");
    h.integer(r.id);
    h.integer(r.at);
    for (auto s : {r.username, r.layer, r.action, r.customer, r.target, r.detail_hash, r.prev_hash}) h.text(s);
    return h.finish();
}

void append_audit(Connection& conn, const AuditActor& who, const AuditEvent& e) {
    // The entry before this one: the last row, or (an empty trail) the anchor that
    // retention left, so ids and the chain go on where they were.
    std::int64_t prev_id = 0;
    std::string prev_hash(32, '\0');
    {
        auto q = conn.query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
        if (q->step()) {
            prev_id = q->integer(0);
            prev_hash = std::string(q->blob(1));
        } else {
            auto a = conn.query("SELECT pruned_through, pruned_hash FROM audit_state WHERE id = 1");
            if (a->step()) {
                prev_id = a->integer(0);
                prev_hash = std::string(a->blob(1));
            }
        }
    }
    AuditRow row;
    row.id = prev_id + 1;
    row.at = seconds(now_utc());
    row.username = who.username;
    row.layer = who.layer;
    row.action = e.action;
    if (e.customer) row.customer = uuid_blob(*e.customer);
    row.target = e.target;
    const std::string detail = e.detail.is_null() ? std::string() : e.detail.dump();
    const auto detail_hash = audit_detail_hash(detail);
    row.detail_hash = view(detail_hash);
    row.prev_hash = prev_hash;
    const auto hash = audit_hash(row);
    auto q = conn.query(
        "INSERT INTO audit_log(id, at, username, layer, action, customer, target, detail, detail_hash, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, row.id).bind(2, row.at).bind(3, row.username).bind(4, row.layer).bind(5, row.action);
    if (e.customer) q->bind_blob(6, row.customer.data(), row.customer.size());
    else q->bind_null(6);
    q->bind(7, row.target).bind(8, detail);
    q->bind_blob(9, detail_hash.data(), detail_hash.size()).bind_blob(10, prev_hash.data(), prev_hash.size());
    q->bind_blob(11, hash.data(), hash.size()).run();
}

void audit(Session& s, const AuditEvent& e) {
    if (!s.audit_enabled) return;
    if (s.audit_file.empty() || s.audit_line <= 0) {
        append_audit(s.conn, {s.user.username, s.layer}, e);
    } else {
        AuditEvent sourced = e;
        if (!sourced.detail.is_object()) sourced.detail = nlohmann::json::object();
        sourced.detail["source"] = {{"file", s.audit_file}, {"line", s.audit_line}};
        append_audit(s.conn, {s.user.username, s.layer}, sourced);
    }
    s.audit_pending = true;
}

AuditSource::AuditSource(Session& s, std::string_view file, std::int64_t line) : s_(s) {
    s_.audit_file = file;
    s_.audit_line = line;
}

AuditSource::~AuditSource() { s_.audit_file.clear(); }

void redact_audit(Session& s, std::int64_t id) {
    auto q = s.conn.query(
        "WITH RECURSIVE gone(id) AS (SELECT ?1 UNION SELECT c.id FROM customers c JOIN gone g ON c.merged_into = g.id) "
        "UPDATE audit_log SET detail = NULL WHERE detail IS NOT NULL AND customer IN "
        "(SELECT uuid FROM customers WHERE id IN gone)");
    q->bind(1, id).run();
}

void redact_audit_entry(Session& s, const Uuid& customer, std::string_view action, std::string_view target) {
    auto q = s.conn.query(
        "UPDATE audit_log SET detail = NULL WHERE customer = ? AND action = ? AND target = ? AND detail IS NOT NULL");
    q->bind_blob(1, customer.bytes().data(), 16).bind(2, action).bind(3, target).run();
}

void write_aside(Session& s, const std::function<void(Connection&)>& fn) {
    if (!s.damaged.empty()) return;  // never write to a damaged file (store/file_size.hpp)
    if (!s.read_only && sqlite3_get_autocommit(s.conn.handle()) == 0) {
        fn(s.conn);  // the open transaction: what fn writes commits with it
        s.audit_pending = true;
        return;
    }
    auto run = [&](Connection& conn) {
        conn.exec("BEGIN IMMEDIATE");
        try {
            fn(conn);
            seal_audit(conn);
            conn.exec("COMMIT");
        } catch (...) {
            sqlite3_exec(conn.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    };
    if (!s.read_only) {
        run(s.conn);
        return;
    }
    // A read-only open must not become a way to act unrecorded.
    try {
        Connection rw(s.path, false, false, false, s.file_key ? &*s.file_key : nullptr);  // an encrypted store: its key
        run(rw);
    } catch (const StorageError&) {
        // The file cannot be written by this process: nothing can be recorded.
    }
}

void audit_read(Session& s, const AuditEvent& e) {
    if (!s.audit_enabled) return;
    if (s.reading) {
        s.deferred_audit.push_back(e);
        return;
    }
    write_aside(s, [&](Connection& conn) { append_audit(conn, {s.user.username, s.layer}, e); });
}

void flush_deferred_audit(Session& s) {
    auto events = std::move(s.deferred_audit);
    s.deferred_audit.clear();
    if (events.empty()) return;
    write_aside(s, [&](Connection& conn) {
        for (const auto& e : events) append_audit(conn, {s.user.username, s.layer}, e);
    });
}

void seal_audit(Connection& conn) {
    conn.exec(
        "UPDATE audit_state SET head_id = l.id, head_hash = l.hash "
        "FROM (SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1) AS l WHERE audit_state.id = 1");
}

}  // namespace clientele::store
