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
};

/// Who acts: the user and the layer (OpenOptions::layer) of the connection.
struct AuditActor {
    std::string_view username;
    std::string_view layer;
};

using AuditHash = std::array<unsigned char, 32>;

/// Appends `e` to the trail on `conn`, which must be inside a write transaction; the
/// caller has checked that auditing is on.
void append_audit(Connection& conn, const AuditActor& who, const AuditEvent& e);

/// Appends `e` as the session's user, inside its open write transaction (a WriteScope).
/// Nothing when auditing is off (Session::audit_enabled).
void audit(Session& s, const AuditEvent& e);

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

/// Moves audit_state's head to the last entry. Runs just before a COMMIT that may have
/// appended entries, so entries removed from the end of the trail show as missing.
void seal_audit(Connection& conn);

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
