// Internal: the state behind a Database and the pieces its operations share.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <boost/uuid/random_generator.hpp>

#include "clientele/error.hpp"
#include "clientele/store.hpp"
#include "dedupe/romanizer.hpp"
#include "store/sqlite.hpp"

namespace clientele {

struct CLIENTELE_LOCAL Database::Impl {
    Impl(const std::filesystem::path& p, const OpenOptions& options);

    std::filesystem::path path;
    bool read_only;
    std::string read_only_reason;
    store::Connection conn;
    User user;
    std::int64_t user_id = 0;
    bool in_transaction = false;
    std::string default_region;
    std::string default_currency;
    boost::uuids::random_generator_mt19937 uuid_generator;
    /// SQL condition on alias `c` (customers) true for customers this user may see.
    std::string visible;
    /// Set while an import runs: records that come with a UUID (an export read back) keep
    /// it instead of getting a new one.
    bool keep_ids = false;
    /// The per-insert duplicate check's text keys (ICU, OpenCC), made on first use and kept:
    /// making them costs milliseconds, more than the rest of a check.
    std::unique_ptr<matching::Romanizer> romanizer;
    /// Match keys (key, customer id) written in the open transaction and not yet in
    /// customer_match_keys: they go in at commit, in key order (store/match_keys.hpp).
    std::vector<std::pair<std::int64_t, std::int64_t>> pending_keys;
    /// How often pending_keys was written out, so a failed operation knows whether the keys
    /// it left in the buffer are still all there.
    std::uint64_t pending_flushes = 0;

    Uuid new_uuid();

    /// Throws unless this connection may change data at all (read-only file, viewer).
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
};

namespace store {

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
    explicit WriteScope(Database::Impl& impl, Undo undo = Undo::savepoint);
    /// True when running inside a transaction opened by someone else.
    bool nested() const { return nested_; }
    ~WriteScope();
    WriteScope(const WriteScope&) = delete;
    WriteScope& operator=(const WriteScope&) = delete;
    void commit();

private:
    Database::Impl& impl_;
    bool nested_;
    bool savepoint_;
    bool done_ = false;
    std::size_t pending_mark_ = 0;
    std::uint64_t flushes_mark_ = 0;
};

/// One public read: its queries see one snapshot, and share one read transaction instead of
/// taking and releasing the WAL read lock once per statement. A no-op inside an open
/// transaction.
class ReadScope {
public:
    explicit ReadScope(Database::Impl& impl);
    ~ReadScope();
    ReadScope(const ReadScope&) = delete;
    ReadScope& operator=(const ReadScope&) = delete;

private:
    Database::Impl* impl_ = nullptr;
};

inline std::string_view uuid_blob(const Uuid& u) {
    return {reinterpret_cast<const char*>(u.bytes().data()), 16};
}
Uuid uuid_from_blob(std::string_view blob);

inline std::int64_t seconds(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp from_seconds(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }

}  // namespace store
}  // namespace clientele
