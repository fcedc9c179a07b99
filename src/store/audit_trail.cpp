// The audit trail's write side: one hash-chained row per change, in the change's
// transaction.
#include "store/audit_trail.hpp"

#include <sodium.h>

#include <algorithm>
#include <span>

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

namespace {

// The entry before the next one: the last row, or (an empty trail) the anchor that
// retention left, so ids and the chain go on where they were.
AuditHead read_head(Connection& conn) {
    AuditHead head;
    auto copy = [&](std::string_view blob) {
        if (blob.size() == head.hash.size()) std::copy(blob.begin(), blob.end(), reinterpret_cast<char*>(head.hash.data()));
    };
    auto q = conn.query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (q->step()) {
        head.id = q->integer(0);
        copy(q->blob(1));
        return head;
    }
    auto a = conn.query("SELECT pruned_through, pruned_hash FROM audit_state WHERE id = 1");
    if (a->step()) {
        head.id = a->integer(0);
        copy(a->blob(1));
    }
    return head;
}

// The detail as stored: the event's JSON object, with `source` (an import's file and row)
// added to it as text, so a row's entry costs no JSON tree.
std::string detail_text(const AuditEvent& e, const AuditSourceState* source) {
    std::string detail = !e.detail_text.empty() ? e.detail_text : e.detail.is_null() ? std::string() : e.detail.dump();
    if (!source) return detail;
    std::string field = "\"source\":{\"file\":" + source->file_json + ",\"line\":" + std::to_string(source->line) + "}";
    if (detail.empty() || detail == "{}") return "{" + field + "}";
    detail.pop_back();  // the object's closing brace
    detail += ',';
    detail += field;
    detail += '}';
    return detail;
}

// Makes the entry for `e` after `head` (read from the file when unknown) and moves `head`
// to it.
PendingAuditEntry make_entry(Connection& conn, const AuditActor& who, const AuditEvent& e, const AuditSourceState* source,
                      std::optional<AuditHead>& head) {
    if (!head) head = read_head(conn);
    PendingAuditEntry x;
    x.id = head->id + 1;
    x.at = seconds(now_utc());
    x.username = who.username;
    x.layer = who.layer;
    x.action = e.action;
    if (e.customer) x.customer = uuid_blob(*e.customer);
    x.target = e.target;
    x.detail = detail_text(e, source);
    const auto detail_hash = audit_detail_hash(x.detail);
    AuditRow row;
    row.id = x.id;
    row.at = x.at;
    row.username = x.username;
    row.layer = x.layer;
    row.action = x.action;
    row.customer = x.customer;
    row.target = x.target;
    row.detail_hash = view(detail_hash);
    row.prev_hash = view(head->hash);
    x.hash = audit_hash(row);
    head = AuditHead{x.id, x.hash};
    return x;
}

// Writes `entries` in statements of up to kRowsPerStatement rows: the per-statement cost
// of SQLite is paid once per batch, not once per entry.
constexpr std::size_t kRowsPerStatement = 32;

std::string insert_sql(std::size_t rows) {
    std::string sql = "INSERT INTO audit_log(id, at, username, layer, action, customer, target, detail, hash) VALUES ";
    for (std::size_t k = 0; k < rows; ++k) sql += k ? ",(?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?)";
    return sql;
}

// detail_hash and the previous entry's hash are not stored: verification computes them
// (schema v8).
void write_entries(Connection& conn, std::span<const PendingAuditEntry> entries) {
    constexpr int kColumns = 9;
    static_assert(kRowsPerStatement * kColumns < 999, "SQLite's smallest bound-parameter limit");
    while (!entries.empty()) {
        const std::size_t n = std::min(entries.size(), kRowsPerStatement);
        auto q = conn.query(insert_sql(n));
        for (std::size_t k = 0; k < n; ++k) {
            const auto& x = entries[k];
            const int b = static_cast<int>(k) * kColumns;
            q->bind(b + 1, x.id).bind(b + 2, x.at).bind(b + 3, x.username).bind(b + 4, x.layer).bind(b + 5, x.action);
            if (x.customer.empty()) q->bind_null(b + 6);
            else q->bind_blob(b + 6, x.customer.data(), x.customer.size());
            q->bind(b + 7, x.target).bind(b + 8, x.detail);
            q->bind_blob(b + 9, x.hash.data(), x.hash.size());
        }
        q->run();
        entries = entries.subspan(n);
    }
}

// How many entries a session keeps before writing them: bounds its memory on a long import.
constexpr std::size_t kPendingLimit = 512;

}  // namespace

void append_audit(Connection& conn, const AuditActor& who, const AuditEvent& e) {
    std::optional<AuditHead> head;
    const auto entry = make_entry(conn, who, e, nullptr, head);
    write_entries(conn, {&entry, 1});
}

void audit(Session& s, const AuditEvent& e) {
    if (!s.audit_enabled) return;
    const auto& src = s.audit_source;
    if (s.pending_audit.empty()) s.pending_audit.reserve(kPendingLimit);
    s.pending_audit.push_back(
        make_entry(s.conn, {s.user.username, s.layer}, e, src.active && src.line > 0 ? &src : nullptr, s.audit_head));
    s.audit_pending = true;
    if (s.pending_audit.size() >= kPendingLimit) flush_audit(s);
}

void flush_audit(Session& s) {
    if (s.pending_audit.empty()) return;
    write_entries(s.conn, s.pending_audit);
    s.pending_audit.clear();
    ++s.audit_flushes;
}

void drop_pending_audit(Session& s, std::size_t mark, std::uint64_t flushes_mark) {
    auto& pending = s.pending_audit;
    if (s.audit_flushes != flushes_mark) pending.clear();
    else pending.resize(std::min(pending.size(), mark));
    // The head is the last entry kept in memory, or (none) whatever the file now ends with.
    if (pending.empty()) s.audit_head.reset();
    else s.audit_head = AuditHead{pending.back().id, pending.back().hash};
}

AuditSource::AuditSource(Session& s, std::string_view file, std::int64_t line) : s_(s) {
    auto& src = s_.audit_source;
    // An import makes one per row, of the same file: its JSON form is made once.
    if (src.file != file || src.file_json.empty()) {
        src.file = file;
        src.file_json = nlohmann::json(src.file).dump();
    }
    src.line = line;
    src.active = true;
}

AuditSource::~AuditSource() { s_.audit_source.active = false; }

namespace {

// Blanks the details `q` selects (id, detail), keeping the hash of each so the chain still
// verifies: the fact stays, the data goes.
void blank_details(Session& s, Query& q) {
    std::vector<std::pair<std::int64_t, AuditHash>> found;
    while (q->step()) found.emplace_back(q->integer(0), audit_detail_hash(q->text_view(1)));
    q->reset();
    auto u = s.conn.query("UPDATE audit_log SET detail = NULL, detail_hash = ? WHERE id = ?");
    for (const auto& [id, hash] : found) {
        u->bind_blob(1, hash.data(), hash.size()).bind(2, id).run();
        u->reset();
    }
}

}  // namespace

void redact_audit(Session& s, std::int64_t id) {
    flush_audit(s);
    auto q = s.conn.query(
        "WITH RECURSIVE gone(id) AS (SELECT ?1 UNION SELECT c.id FROM customers c JOIN gone g ON c.merged_into = g.id) "
        "SELECT id, detail FROM audit_log WHERE detail IS NOT NULL AND id IN (" +
        audit_ids_about("SELECT uuid FROM customers WHERE id IN gone") + ")");
    q->bind(1, id);
    blank_details(s, q);
}

void redact_audit_entry(Session& s, const Uuid& customer, std::string_view action, std::string_view target) {
    flush_audit(s);
    auto q = s.conn.query("SELECT id, detail FROM audit_log WHERE id IN (" + audit_ids_about("?1") +
                          ") AND action = ?2 AND target = ?3 AND detail IS NOT NULL");
    q->bind_blob(1, customer.bytes().data(), 16).bind(2, action).bind(3, target);
    blank_details(s, q);
}

void write_aside(Session& s, const std::function<void(Connection&)>& fn) {
    if (!s.damaged.empty()) return;  // never write to a damaged file (store/file_size.hpp)
    if (!s.read_only && sqlite3_get_autocommit(s.conn.handle()) == 0) {
        flush_audit(s);        // fn's entries come after the session's
        s.audit_head.reset();  // fn appends behind the session's back
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

std::string audit_ids_about(std::string_view uuids) {
    const std::string u(uuids);
    return "SELECT id FROM audit_customers WHERE customer IN (" + u +
           ") UNION ALL SELECT id FROM audit_log WHERE id > (SELECT indexed_through FROM audit_state WHERE id = 1) "
           "AND customer IN (" + u + ")";
}

void seal_audit(Connection& conn, const std::optional<AuditHead>& head) {
    if (head) {
        auto q = conn.query("UPDATE audit_state SET head_id = ?, head_hash = ? WHERE id = 1");
        q->bind(1, head->id).bind_blob(2, head->hash.data(), head->hash.size()).run();
    } else {
        conn.exec(
            "UPDATE audit_state SET head_id = l.id, head_hash = l.hash "
            "FROM (SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1) AS l WHERE audit_state.id = 1");
    }
    // Sorted, a batch of index rows goes in leaf by leaf; one at a time, each was a random
    // b-tree insert beside its entry.
    std::int64_t last = 0, through = 0;
    {
        auto q = conn.query("SELECT head_id, indexed_through FROM audit_state WHERE id = 1");
        if (!q->step()) return;
        last = q->integer(0);
        through = q->integer(1);
    }
    if (last - through < kAuditIndexLag) return;
    // In slices of kAuditIndexLag ids: the sort of one slice stays small (temporary data is
    // in memory), so a commit after a long import needs no memory in proportion to it.
    while (through < last) {
        const auto to = std::min(last, through + kAuditIndexLag);
        auto q = conn.query(
            "INSERT OR IGNORE INTO audit_customers(customer, id) SELECT customer, id FROM audit_log "
            "WHERE id > ? AND id <= ? AND customer IS NOT NULL ORDER BY customer, id");
        q->bind(1, through).bind(2, to).run();
        through = to;
    }
    auto u = conn.query("UPDATE audit_state SET indexed_through = ? WHERE id = 1");
    u->bind(1, last).run();
}

}  // namespace clientele::store
