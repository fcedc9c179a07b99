// Internal: the narrow store interface every feature object is built on — one connection,
// its transactions, the current user and the visibility clause, customer reference lookup,
// and the write scopes. Features (customers/, interactions/, points/, ...) reach each
// other's tables only through the internal header of the owning feature, never through
// this.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <boost/uuid/random_generator.hpp>

#include "clientele/error.hpp"
#include "clientele/database.hpp"
#include "store/audit_trail.hpp"
#include "crypto/file_key.hpp"
#include "store/sqlite.hpp"

namespace clientele::matching {
class StoreMatcher;
}

namespace clientele::store {

class Session {
public:
    /// Who the session acts as: the user options name, authenticated as OpenOptions says; or
    /// the library itself doing maintenance on a file no user has opened yet (restore()
    /// re-applying erasures to the copy it is about to put in place), as an admin named by
    /// options.user that need not exist in the file and never authenticates.
    enum class Actor { user, maintenance };
    Session(const std::filesystem::path& p, const OpenOptions& options, Actor actor = Actor::user);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    std::filesystem::path path;
    bool read_only;
    std::string read_only_reason;
    /// Why the file is damaged, as the open's cheap check found (store/file_size.hpp); empty
    /// when it looks whole. A damaged file can be read (to check it, to save what is left)
    /// but never written: require_write and every WriteScope throw CorruptData.
    std::string damaged;
    /// The key of an encrypted file (OpenOptions::encryption), kept for the other
    /// connections this session opens to the same file (auth log, backups); nullopt = plain.
    std::optional<crypto::FileKey> file_key;
    store::Connection conn;
    User user;
    std::int64_t user_id = 0;
    /// Which layer opened this connection ("c++", "c", "python", "cli"; OpenOptions::layer),
    /// for the logs.
    std::string layer;
    bool in_transaction = false;
    std::string default_region;
    std::string default_currency;
    boost::uuids::random_generator_mt19937 uuid_generator;
    /// SQL condition on alias `c` (customers) true for customers this user may see.
    std::string visible;
    /// The matcher of this connection (the Duplicates feature and the match-key index),
    /// made on first use and kept: its text keys (ICU, OpenCC) cost milliseconds to make.
    matching::StoreMatcher& matcher();
    /// Match keys (key, customer id) written in the open transaction and not yet in
    /// customer_match_keys: they go in at commit, in key order (dedupe/store_keys.hpp).
    std::vector<std::pair<std::int64_t, std::int64_t>> pending_keys;
    /// How often pending_keys was written out, so a failed operation knows whether the keys
    /// it left in the buffer are still all there.
    std::uint64_t pending_flushes = 0;
    /// The database's `audit` setting as of the open (store/audit_trail.hpp).
    bool audit_enabled = true;
    /// An audit entry was written in the open transaction: its commit moves the head.
    bool audit_pending = false;
    /// The trail's last entry as this session's open write transaction has it (appends
    /// keep it current), so each append need not read it back. Forgotten when the
    /// transaction ends and at any rollback, which may take entries away.
    std::optional<AuditHead> audit_head;
    /// Entries made in the open transaction and not yet in audit_log (store::audit), and
    /// how often they were written out (as pending_keys, for a failed operation's marks).
    std::vector<PendingAuditEntry> pending_audit;
    std::uint64_t audit_flushes = 0;
    /// The file and row the current change comes from (store::AuditSource), for its entry.
    AuditSourceState audit_source;
    /// A ReadScope's transaction is open: audit_read keeps its entries in deferred_audit
    /// until it ends.
    bool reading = false;
    std::vector<AuditEvent> deferred_audit;

    Uuid new_uuid();

    /// Throws unless this connection may change data at all (damaged or read-only file,
    /// viewer).
    void require_write(std::string_view what) const;
    void require_admin(std::string_view what) const;

    /// A customer row by UUID text or external id, visible or not, not following merges.
    struct CustomerRow {
        std::int64_t id;
        std::optional<std::int64_t> merged_into;  ///< set for a merged customer
        bool visible;                             ///< to this user
    };
    std::optional<CustomerRow> lookup_customer(std::string_view ref);

    /// Internal id of a visible customer by UUID text or external id; a merged customer's
    /// refs give its survivor.
    std::optional<std::int64_t> find_customer_id(std::string_view ref);
    std::int64_t customer_id(std::string_view ref);  ///< NotFound when absent/invisible
    /// The public ids (UUID, external id) of the customer with internal id `id`.
    std::pair<Uuid, std::string> customer_ids(std::int64_t id);
    /// "customer 'ref' not found (or not visible to ...)": the one wording of that error.
    std::string not_found_message(std::string_view ref) const;

    struct UserRef {
        std::int64_t id;
        Role role;
        std::string team;
    };
    std::optional<UserRef> find_user(std::string_view username);
    /// The owner a customer may get from this user (empty = none); PermissionDenied or
    /// InvalidInput otherwise.
    std::optional<std::int64_t> check_owner(std::string_view username, std::string_view field);

private:
    std::unique_ptr<matching::StoreMatcher> matcher_;
};

/// Where a record being created comes from. A new record gets a fresh UUID and starts
/// active, whatever it says. A restored one (an export read back by the importer) keeps the
/// UUID it comes with, so references to it stay true, and may come back archived.
enum class Origin { new_record, restored };

/// What every COMMIT of a write transaction on the session's connection does first: the
/// buffered match keys go in, and the audit trail's head moves to its last entry. Throws
/// when either fails; the caller then rolls back.
void before_commit(Session& s);
/// Forgets what the rolled-back transaction left in the session's buffers.
void after_rollback(Session& s);

/// One public mutation, atomic: a transaction of its own, or a savepoint inside an open
/// one (the caller's Transaction, or an enclosing WriteScope). Rolled back unless commit()
/// is reached.
///
/// A savepoint copies every page the operation touches into its journal, which doubled the
/// cost of a bulk load. Operations that stay atomic without one pass `Undo::self`: their
/// first write is one statement (atomic by itself) and they remove their own later writes
/// if a later step fails.
class WriteScope {
public:
    enum class Undo { savepoint, self };
    explicit WriteScope(Session& impl, Undo undo = Undo::savepoint);
    /// True when running inside a transaction opened by someone else.
    bool nested() const { return nested_; }
    ~WriteScope();
    WriteScope(const WriteScope&) = delete;
    WriteScope& operator=(const WriteScope&) = delete;
    void commit();

private:
    Session& impl_;
    bool nested_;
    bool savepoint_;
    bool done_ = false;
    std::size_t pending_mark_ = 0;
    std::uint64_t flushes_mark_ = 0;
    std::size_t audit_mark_ = 0;
    std::uint64_t audit_flushes_mark_ = 0;
};

/// One public read: its queries see one snapshot, and share one read transaction instead of
/// taking and releasing the WAL read lock once per statement. A no-op inside an open
/// transaction.
class ReadScope {
public:
    explicit ReadScope(Session& impl);
    ~ReadScope();
    /// Ends the read now (a read that must then leave an audit entry).
    void close();
    ReadScope(const ReadScope&) = delete;
    ReadScope& operator=(const ReadScope&) = delete;

private:
    Session* impl_ = nullptr;
};

inline std::string_view uuid_blob(const Uuid& u) {
    return {reinterpret_cast<const char*>(u.bytes().data()), 16};
}
Uuid uuid_from_blob(std::string_view blob);

inline std::int64_t seconds(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp from_seconds(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }

}  // namespace clientele::store
