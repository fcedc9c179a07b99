// Internal: the write hook that feeds the audit trail. Every feature that changes data
// records its change here, in the same transaction, so the entry stands or falls with it.
// Reading, verifying and pruning the trail is the Audit feature (src/audit/).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "clientele/model.hpp"
#include "json/json.hpp"
#include "store/sqlite.hpp"

namespace clientele::store {

class Session;

/// One change, as recorded. `detail` is a JSON object (null for none); it may hold
/// personal data (the before/after of changed fields) and is blanked when the person is
/// erased or anonymised, so nothing else in an entry may.
struct AuditEvent {
    std::string action;             ///< "customer.update", "points.earn", "auth.failed", ...
    std::optional<Uuid> customer;   ///< the customer it is about, by its public id
    std::string target = {};        ///< what else it names: a user, a file, a setting
    nlohmann::json detail = {};
    /// The detail already written as a JSON object, used instead of `detail` when set: the
    /// entries written once per imported row build it without a JSON tree.
    std::string detail_text = {};
};

/// Who acts: the user and the layer (OpenOptions::layer) of the connection.
struct AuditActor {
    std::string_view username;
    std::string_view layer;
};

using AuditHash = std::array<unsigned char, 32>;

/// The trail's last entry. A session keeps it while its write transaction is open, so an
/// append need not read it back (Session::audit_head).
struct AuditHead {
    std::int64_t id = 0;
    AuditHash hash{};
};

/// An entry made and hashed, waiting in its session to be written (flush_audit).
struct PendingAuditEntry {
    std::int64_t id = 0, at = 0;
    std::string username, layer, action;
    std::string customer;  ///< 16 bytes, or empty
    std::string target, detail;
    AuditHash hash{};
};

/// Where the session's current change comes from (store::AuditSource).
struct AuditSourceState {
    bool active = false;
    std::string file;
    std::string file_json;  ///< `file` as a JSON string, made once per file, not per row
    std::int64_t line = 0;
};

/// Appends `e` to the trail on `conn`, which must be inside a write transaction; the
/// caller has checked that auditing is on.
void append_audit(Connection& conn, const AuditActor& who, const AuditEvent& e);

/// Appends `e` as the session's user, inside its open write transaction (a WriteScope).
/// Nothing when auditing is off (Session::audit_enabled). The entry is made (numbered and
/// hashed) now and kept in the session (Session::pending_audit), which writes its entries
/// in batches, and always before the transaction commits: one statement per entry, each
/// beside the change's own, showed as most of what auditing cost a bulk import.
void audit(Session& s, const AuditEvent& e);

/// Writes the session's pending entries. Anything that reads or changes audit_log inside an
/// open transaction calls it first.
void flush_audit(Session& s);

/// Takes out the pending entries from `mark` on (a rolled-back operation's), or all of
/// them when the buffer was written out since (then the rollback took those out of the
/// file), and moves the head back.
void drop_pending_audit(Session& s, std::size_t mark, std::uint64_t flushes_mark);

/// Records an event that changes nothing else (a login, an export of personal data): in
/// the caller's open transaction or write scope when there is one; inside a read
/// (ReadScope) it waits for the read to end, so the read never turns into a write
/// transaction; else in a transaction of its own (write_aside).
void audit_read(Session& s, const AuditEvent& e);

/// audit() for an operation that undoes its own writes (WriteScope::Undo::self): when
/// the entry cannot be written, `undo` takes the operation's writes out before the error
/// goes on, so a failed call inside a caller's transaction leaves nothing behind.
template <class Undo>
void audit_or_undo(Session& s, const AuditEvent& e, Undo&& undo) {
    try {
        audit(s, e);
    } catch (...) {
        try {
            undo();
        } catch (...) {
            // The first error is the one to report.
        }
        throw;
    }
}

/// Blanks the detail of every entry about the customer with internal id `id` and those
/// merged into it (erasure, anonymisation): the trail keeps the fact, not the data, and
/// still verifies (the chain covers detail_hash).
void redact_audit(Session& s, std::int64_t id);
/// Blanks the detail of the entries `action` about `customer` naming `target`.
void redact_audit_entry(Session& s, const Uuid& customer, std::string_view action, std::string_view target);

/// While alive, the session's audit entries say they come from row `line` of `file` (an
/// import); with line 0, `file` is only where a read (an export) writes to.
class AuditSource {
public:
    AuditSource(Session& s, std::string_view file, std::int64_t line);
    ~AuditSource();
    AuditSource(const AuditSource&) = delete;
    AuditSource& operator=(const AuditSource&) = delete;

private:
    Session& s_;
};

/// Writes the entries audit_read kept while a read was open (ReadScope, once it ended).
void flush_deferred_audit(Session& s);

/// Runs `fn` with a connection that can write, in a transaction of its own: the session's
/// own when it is writable and no transaction is open, else (read-only) a short-lived
/// read-write one on the same file; when the file cannot be written at all, `fn` is not
/// run. How reads that must leave a trace (logins, exports) write it.
void write_aside(Session& s, const std::function<void(Connection&)>& fn);

/// How far audit_customers may lag the trail's head before a commit brings it up to date:
/// a lookup by customer reads at most this many entries past the index.
inline constexpr std::int64_t kAuditIndexLag = 20000;

/// The ids of the entries about the customers in `uuids` (what goes inside `IN (...)` to
/// give their 16-byte UUIDs: "?" or "SELECT uuid FROM ..."), as a subquery for `id IN (...)`:
/// the batch-built index, then the entries after it. `uuids` appears twice.
std::string audit_ids_about(std::string_view uuids);

/// Moves audit_state's head to the last entry (`head` when the caller knows it). Runs just
/// before a COMMIT that may have appended entries, so entries removed from the end of the
/// trail show as missing; and brings audit_customers up to date once it lags by
/// kAuditIndexLag entries.
void seal_audit(Connection& conn, const std::optional<AuditHead>& head = std::nullopt);

/// The entry's hash, over every field but `detail` (which detail_hash stands for):
/// BLAKE2b-256 of the fields, each length-prefixed, in a fixed order.
struct AuditRow {
    std::int64_t id = 0;
    std::int64_t at = 0;
    std::string_view username, layer, action;
    std::string_view customer;  ///< 16 bytes, or empty
    std::string_view target;
    std::string_view detail_hash, prev_hash;
};
AuditHash audit_hash(const AuditRow& row);
AuditHash audit_detail_hash(std::string_view detail);

}  // namespace clientele::store
