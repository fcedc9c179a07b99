// The audit trail's read side: listing, verifying the hash chain, retention.
#include "clientele/audit.hpp"

#include "clientele/error.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"
#include "store/where.hpp"
#include "text/hex.hpp"

namespace clientele {

namespace {

std::string entries(std::int64_t first, std::int64_t last) {
    return first == last ? "entry " + std::to_string(first) + " is" : "entries " + std::to_string(first) + ".." + std::to_string(last) + " are";
}

std::string_view view(const store::AuditHash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

constexpr const char* kColumns =
    "SELECT id, at, username, layer, action, customer, target, detail, detail_hash, hash FROM audit_log";

store::AuditRow row_of(const store::Statement& q) {
    store::AuditRow r;
    r.id = q.integer(0);
    r.at = q.integer(1);
    r.username = q.text_view(2);
    r.layer = q.text_view(3);
    r.action = q.text_view(4);
    r.customer = q.is_null(5) ? std::string_view{} : q.blob(5);
    r.target = q.text_view(6);
    return r;
}

AuditEntry entry_of(const store::Statement& q) {
    AuditEntry e;
    e.id = q.integer(0);
    e.at = store::from_seconds(q.integer(1));
    e.user = q.text(2);
    e.layer = q.text(3);
    e.action = q.text(4);
    if (!q.is_null(5)) e.customer = store::uuid_from_blob(q.blob(5));
    e.target = q.text(6);
    e.redacted = q.is_null(7);
    e.detail = e.redacted ? "" : q.text(7).empty() ? "{}" : q.text(7);
    e.hash = text::to_hex(q.blob(9));
    return e;
}

// The public id of the customer `ref` names, erased ones included (by their UUID).
Uuid audited_customer(store::Session& s, std::string_view ref) {
    if (auto row = s.lookup_customer(ref)) return s.customer_ids(row->id).first;
    if (auto u = Uuid::parse(ref)) return *u;
    throw NotFound("customer '" + std::string(ref) + "' not found (an erased customer is found by its UUID)");
}

}  // namespace

std::vector<AuditEntry> Audit::list(const AuditFilter& filter) const {
    auto& s = session();
    store::flush_audit(s);  // the open transaction's own entries too
    s.require_admin("read the audit trail");
    if (filter.limit < 1 || filter.limit > 10000)
        throw InvalidInput("limit", std::to_string(filter.limit) + " is outside 1..10000");
    store::ReadScope read(s);
    store::Where w("1");
    std::optional<Uuid> customer;
    if (!filter.customer.empty()) customer = audited_customer(s, filter.customer);
    if (!filter.user.empty()) w.add("username = ?", filter.user);
    if (!filter.action.empty()) {
        if (filter.action.back() == '.')
            w.add("substr(action, 1, ?) = ?", static_cast<std::int64_t>(filter.action.size()), filter.action);
        else w.add("action = ?", filter.action);
    }
    if (filter.from) w.add("at >= ?", store::seconds(*filter.from));
    if (filter.to) w.add("at < ?", store::seconds(*filter.to));
    if (filter.before_id > 0) w.add("id < ?", filter.before_id);
    std::string sql = std::string(kColumns) + w.sql();
    if (customer) sql += " AND id IN (" + store::audit_ids_about("?") + ")";
    sql += " ORDER BY id DESC LIMIT ?";
    auto q = s.conn.query(sql);
    int next = w.bind(*q);
    if (customer) {
        q->bind_blob(next++, customer->bytes().data(), 16);
        q->bind_blob(next++, customer->bytes().data(), 16);  // audit_ids_about names it twice
    }
    q->bind(next, static_cast<std::int64_t>(filter.limit));
    std::vector<AuditEntry> out;
    while (q->step()) out.push_back(entry_of(*q));
    return out;
}

AuditVerification Audit::verify(std::int64_t anchor_id, std::string_view anchor_hash) const {
    auto& s = session();
    store::flush_audit(s);
    store::ReadScope read(s);
    AuditVerification v;
    auto problem = [&](std::string what) {
        v.ok = false;
        if (v.problems.size() < 100) v.problems.push_back(std::move(what));
    };
    std::int64_t head_id = 0;
    std::string head_hash, expected(32, '\0');
    {
        auto q = s.conn.query("SELECT head_id, head_hash, pruned_through, pruned_hash FROM audit_state WHERE id = 1");
        if (!q->step()) throw CorruptData("the audit trail's state row is missing");
        head_id = q->integer(0);
        head_hash = std::string(q->blob(1));
        v.pruned_through = q->integer(2);
        expected = std::string(q->blob(3));
    }
    std::int64_t expected_id = v.pruned_through + 1;
    bool anchor_seen = anchor_id == 0;
    if (anchor_id != 0 && anchor_id == v.pruned_through) anchor_seen = text::to_hex(expected) == anchor_hash;
    auto q = s.conn.query(std::string(kColumns) + " ORDER BY id");
    while (q->step()) {
        auto r = row_of(*q);
        const auto id = std::to_string(r.id);
        if (v.entries == 0) v.first_id = r.id;
        ++v.entries;
        if (r.id != expected_id)
            problem(r.id > expected_id ? entries(expected_id, r.id - 1) + " missing"
                                       : "entry " + id + " is out of order");
        // The detail's hash: computed from the detail, or kept when erasure blanked it.
        store::AuditHash detail_hash{};
        if (q->is_null(7)) {
            ++v.redacted;
            if (q->is_null(8)) problem("entry " + id + ": its detail was removed without its hash");
            else r.detail_hash = q->blob(8);
        } else {
            detail_hash = store::audit_detail_hash(q->text_view(7));
            r.detail_hash = view(detail_hash);
        }
        r.prev_hash = expected;
        const auto stored = q->blob(9);
        if (view(store::audit_hash(r)) != stored)
            problem("entry " + id + " was edited after it was written, or does not follow the entry before it (an entry "
                    "was edited, removed or moved)");
        if (anchor_id == r.id) {
            anchor_seen = true;
            if (text::to_hex(stored) != anchor_hash) problem("entry " + id + " no longer has the anchor's hash: the trail was rewritten");
        }
        expected = std::string(stored);
        expected_id = r.id + 1;
        v.last_id = r.id;
    }
    if (v.entries == 0) v.last_id = v.pruned_through;
    if (head_id > v.last_id)
        problem(entries(v.last_id + 1, head_id) + " missing from the end");
    else if (head_id == v.last_id && head_hash != expected && head_id != 0)
        problem("the last entry is not the one last recorded (it was replaced)");
    else if (head_id < v.last_id)
        problem(entries(head_id + 1, v.last_id) + " not recorded by clientele (after the last recorded head)");
    if (!anchor_seen) problem("the anchor entry " + std::to_string(anchor_id) + " is not in the trail");
    v.head_hash = text::to_hex(expected);
    return v;
}

std::int64_t Audit::prune(Timestamp as_of) {
    auto& s = session();
    s.require_admin("prune the audit trail");
    store::WriteScope scope(s);
    store::flush_audit(s);
    std::int64_t days = 0;
    {
        auto q = s.conn.query("SELECT value FROM settings WHERE key = 'audit.retention_days'");
        if (q->step()) days = std::stoll(q->text(0));
    }
    if (days <= 0) return 0;
    const auto cutoff = store::seconds(as_of) - days * 86400;
    // Everything before the first entry at or after the cutoff: by id, so a clock that went
    // back never takes a later entry with it.
    std::int64_t through = 0;
    {
        auto q = s.conn.query(
            "SELECT coalesce((SELECT min(id) FROM audit_log WHERE at >= ?) - 1, (SELECT max(id) FROM audit_log), 0)");
        q->bind(1, cutoff);
        q->step();
        through = q->integer(0);
    }
    std::int64_t removed = 0;
    {
        auto q = s.conn.query("SELECT hash, (SELECT count(*) FROM audit_log WHERE id <= ?1) FROM audit_log WHERE id = ?1");
        q->bind(1, through);
        if (!q->step()) return 0;  // nothing old enough (or already pruned)
        const std::string hash(q->blob(0));
        removed = q->integer(1);
        q->reset();
        auto u = s.conn.query("UPDATE audit_state SET pruned_through = ?, pruned_hash = ? WHERE id = 1");
        u->bind(1, through).bind_blob(2, hash.data(), hash.size()).run();
    }
    {
        auto d = s.conn.query("DELETE FROM audit_log WHERE id <= ?");
        d->bind(1, through).run();
        auto i = s.conn.query("DELETE FROM audit_customers WHERE id <= ?");
        i->bind(1, through).run();
    }
    store::audit(s, {"audit.prune", std::nullopt, {}, {{"removed", removed}, {"through", through}, {"retention_days", days}}});
    scope.commit();
    return removed;
}

}  // namespace clientele
