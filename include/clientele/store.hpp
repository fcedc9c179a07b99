// clientele — the customer store: one SQLite file, opened as one user.
//
// A Database is one connection. It is movable, not copyable, and not safe to share
// between threads at the same time (open one per thread; SQLite's WAL lets them read
// while one writes). Every operation checks the current user's role first: a sales user
// does not see other users' customers at all (they are "not found"), a viewer changes
// nothing. Every mutation is atomic; bulk work goes faster inside one Transaction.
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/analytics.hpp"
#include "clientele/import_export.hpp"
#include "clientele/merge.hpp"
#include "clientele/model.hpp"
#include "clientele/points.hpp"

namespace clientele {

struct OpenOptions {
    /// The user the database is opened as; must exist (the first user, made by create,
    /// is an admin).
    std::string user = "admin";
    /// Make the file and its schema when missing, with `user` as its first admin.
    bool create = false;
    /// Open for reading only; every mutation then fails with StorageError.
    bool read_only = false;
};

/// Which customers a listing or count covers. Unset members do not filter.
struct CustomerFilter {
    std::string tag;
    std::string owner;  ///< username
    std::optional<CustomerKind> kind;
    std::optional<CustomerStatus> status;
    std::optional<Timestamp> created_from, created_to;  ///< [from, to)
    std::optional<Timestamp> updated_from, updated_to;  ///< [from, to)
};

/// Keyset pagination: pass the previous page's next_cursor to continue after it.
struct PageRequest {
    std::size_t limit = 100;  ///< 1..10000
    std::string after;        ///< opaque cursor; empty = from the start
};

struct CustomerPage {
    std::vector<Customer> items;
    std::string next_cursor;  ///< empty when this was the last page
};

struct InteractionFilter {
    std::string customer;  ///< UUID or external_id; empty = every visible customer
    std::optional<InteractionKind> kind;
    std::optional<Timestamp> from, to;  ///< occurred_at in [from, to)
    std::string owner;
};

struct InteractionPage {
    std::vector<Interaction> items;  ///< ordered by occurred_at, then creation
    std::string next_cursor;
};

struct TagCount {
    std::string tag;
    std::int64_t customers = 0;
};

/// What is in the store, as far as the current user can see.
struct StoreStats {
    std::int64_t customers = 0;
    std::map<std::string, std::int64_t> customers_by_status;
    std::map<std::string, std::int64_t> customers_by_kind;
    std::map<std::string, std::int64_t> customers_by_owner;  ///< "" = unowned
    std::int64_t interactions = 0;
    std::map<std::string, std::int64_t> interactions_by_kind;
    std::map<std::string, std::int64_t> revenue_minor_by_currency;  ///< purchases + refunds
    std::optional<Timestamp> first_interaction, last_interaction;
    std::int64_t users = 0;
    int schema_version = 0;
};

/// Analytics over stored purchases: the columns of the core's result, keyed by the store's
/// internal customer id, plus each customer's public reference (external_id, or the UUID
/// when it has none) in `customer`, row for row.
struct CustomerRfm {
    RfmScores scores;
    std::vector<std::string> customer;
};
struct CustomerLifecycle {
    LifecycleStages stages;
    std::vector<std::string> customer;
};
struct CustomerStageHistory {
    StageHistory history;
    std::vector<std::string> customer;  ///< one per history row (repeats like history.customer)
};
struct CustomerNewVsReturning {
    CustomerRecurrence recurrence;
    std::vector<std::string> customer;
};

class Transaction;

class CLIENTELE_API Database {
public:
    /// Opens (or with options.create, creates) the store at `path`. Throws NotFound when the
    /// file does not exist (without create) or the user is unknown, StorageError when the file
    /// cannot be opened, CorruptData when it is not a clientele database,
    /// Unsupported when its schema is newer than this library.
    explicit Database(const std::filesystem::path& path, const OpenOptions& options = {});
    ~Database();
    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// The user this connection acts as.
    const User& user() const;
    const std::filesystem::path& path() const;

    /// Starts an explicit transaction (see Transaction).
    Transaction transaction();

    // ---- customers -------------------------------------------------------------------
    /// Validates and stores a new customer; returns it as stored (id, version 1, ...).
    /// Sales users and managers own what they create when no owner is given; naming an owner
    /// they may not assign (sales: anyone else; managers: outside their team) is refused.
    Customer create_customer(const Customer& customer);
    /// By UUID text or external_id. NotFound when absent or not visible.
    Customer get_customer(std::string_view ref) const;
    std::optional<Customer> find_customer(std::string_view ref) const;
    /// Applies a JSON merge patch (RFC 7396, UTF-8 text of an object) to the customer if
    /// its version is still `expected_version` (Conflict otherwise). Read-only fields
    /// cannot be patched.
    Customer update_customer(std::string_view ref, std::string_view patch,
                             std::int64_t expected_version);
    /// Stores a modified copy of a customer read earlier; Conflict if it changed since.
    Customer save_customer(const Customer& customer);
    /// Sets status archived (kept, hidden from default work lists).
    Customer archive_customer(std::string_view ref);
    /// Removes the customer and its interactions for good. Managers and admins only.
    void delete_customer(std::string_view ref);

    /// Customers with this email / phone, compared in normalized form (case, spaces,
    /// punctuation, +86/0086 and national prefixes).
    std::vector<Customer> find_by_email(std::string_view email) const;
    std::vector<Customer> find_by_phone(std::string_view phone) const;
    /// Full-text search over names, company, contacts, city, tags and external id:
    /// Chinese text matches as a substring, Latin words by word or word prefix.
    std::vector<Customer> search_customers(std::string_view query, std::size_t limit = 50) const;
    CustomerPage list_customers(const CustomerFilter& filter = {}, const PageRequest& page = {}) const;
    std::int64_t count_customers(const CustomerFilter& filter = {}) const;

    // ---- tags ------------------------------------------------------------------------
    /// Adds tags (trimmed, duplicates ignored); returns the customer's tags after.
    std::vector<std::string> add_tags(std::string_view ref, std::span<const std::string> tags);
    std::vector<std::string> remove_tags(std::string_view ref, std::span<const std::string> tags);
    std::vector<std::string> tags(std::string_view ref) const;
    /// Every tag in use on visible customers, with how many customers carry it.
    std::vector<TagCount> all_tags() const;

    // ---- interactions ----------------------------------------------------------------
    Interaction add_interaction(const Interaction& interaction);
    Interaction get_interaction(std::string_view ref) const;
    InteractionPage list_interactions(const InteractionFilter& filter = {},
                                      const PageRequest& page = {}) const;
    std::int64_t count_interactions(const InteractionFilter& filter = {}) const;

    // ---- loyalty points (clientele/points.hpp, docs/points.md) --------------------------
    /// Appends one entry to the ledger of `customer` (UUID or external id; a merged
    /// customer's refs mean its survivor) and returns it as stored. entry.points is signed
    /// as stored: earn > 0, redeem and expire < 0, adjust any non-zero value; entry.at unset
    /// means now. InvalidInput (field "points") for a wrong sign, zero, or an entry that
    /// would take the balance below zero; NotFound for an unknown or invisible customer;
    /// PermissionDenied for a viewer. Like interactions: a sales user only reaches the
    /// customers they own. One transaction; does not change the customer's version.
    PointsEntry record_points(std::string_view customer, const PointsEntry& entry);
    /// The sum of the customer's entries (0 when there are none).
    std::int64_t points_balance(std::string_view customer) const;
    /// The customer's entries matching `filter`, newest first (by at, then entry order).
    std::vector<PointsEntry> points_history(std::string_view customer, const PointsFilter& filter = {}) const;

    // ---- users -----------------------------------------------------------------------
    /// Admins only.
    User add_user(const User& user);
    /// Admins only: change role, team, display name or active flag (JSON merge patch text).
    User update_user(std::string_view username, std::string_view patch);
    User get_user(std::string_view username) const;
    std::vector<User> list_users() const;

    // ---- settings and statistics -------------------------------------------------------
    /// "default_region" (ISO 3166 alpha-2, for phone numbers without a country code;
    /// "CN" by default) and "default_currency" (ISO 4217; "CNY" by default).
    std::string setting(std::string_view key) const;
    /// Admins only.
    void set_setting(std::string_view key, std::string_view value);
    StoreStats stats() const;

    // ---- analytics (clientele/analytics.hpp; rules in docs/analytics.md) -----------------
    /// RFM over the purchases and refunds of the customers this user can see (merged
    /// customers left out), in `currency` (empty: the default_currency setting); rows in
    /// other currencies are ignored. A refund of zero changes nothing.
    CustomerRfm rfm(const RfmOptions& options, std::string_view currency = {}) const;
    /// Lifecycle stages of every visible customer: those without a purchase are prospects.
    CustomerLifecycle lifecycle(const LifecycleOptions& options, std::string_view currency = {}) const;

    // ---- analytics over time: stage history, transitions, new vs returning ---------------
    // The same rules and core as the free functions of clientele/analytics.hpp, over the
    // purchases and refunds of the customers this user can see (as rfm/lifecycle above).
    /// Every stage change of every visible customer up to options.as_of.
    CustomerStageHistory stage_history(const LifecycleOptions& options, std::string_view currency = {}) const;
    /// Visible customers by stage on `from` (rows) and on options.as_of (columns);
    /// customers without a purchase count as prospects.
    StageTransitions stage_transitions(std::chrono::sys_days from, const LifecycleOptions& options,
                                       std::string_view currency = {}) const;
    /// Visible customers who purchased in [from, to]: new or returning.
    CustomerNewVsReturning new_vs_returning(std::chrono::sys_days from, std::chrono::sys_days to,
                                            std::string_view currency = {}, unsigned threads = 0) const;

    // ---- import and export (clientele/import_export.hpp, docs/import-export.md) --------
    /// Reads customers from a CSV or JSON Lines file and stores them in one transaction:
    /// new external_ids are created, known ones updated (columns the file does not have
    /// are kept). Invalid rows are reported in the result; unless options.skip_invalid,
    /// any of them means nothing is written. Throws PermissionDenied (viewers),
    /// StorageError (cannot open, disk full), Cancelled (the progress callback said so).
    ImportReport import_customers(const std::filesystem::path& file, const ImportOptions& options = {});
    /// The same from a stream the caller keeps open; `name` appears in the errors.
    ImportReport import_customers(std::istream& in, std::string_view name, const ImportOptions& options = {});
    /// Interactions; each names its customer by external_id or UUID.
    ImportReport import_interactions(const std::filesystem::path& file, const ImportOptions& options = {});
    ImportReport import_interactions(std::istream& in, std::string_view name, const ImportOptions& options = {});
    /// Every visible customer / interaction, in a form import reads back exactly.
    /// Returns how many were written.
    std::int64_t export_customers(const std::filesystem::path& file, const ExportOptions& options = {}) const;
    std::int64_t export_customers(std::ostream& out, const ExportOptions& options = {}) const;
    std::int64_t export_interactions(const std::filesystem::path& file, const ExportOptions& options = {}) const;
    std::int64_t export_interactions(std::ostream& out, const ExportOptions& options = {}) const;

    // ---- merging duplicates (docs/merge.md) ---------------------------------------------
    /// Merges the customers `ids` (UUIDs or external ids) into one survivor: `survivor`
    /// (a ref, which may or may not be among `ids`), or when empty the one
    /// choose_survivor() picks. The survivor's fields follow options.rules; every contact
    /// point, tag, consent, interaction and points entry of the others moves to it; the others get status
    /// merged and their UUIDs and external ids resolve to the survivor from then on. Needs
    /// write access to every customer involved (a sales user: customers they own). One
    /// transaction; with options.dry_run nothing is written. InvalidInput for fewer than two
    /// distinct customers, NotFound for an unknown or invisible one, Conflict for one
    /// already merged.
    MergeResult merge(std::string_view survivor, std::span<const std::string> ids,
                      const MergeOptions& options = {});
    /// Undoes a merge: `ref` is a merge id, or a customer (survivor or merged) whose latest
    /// applied merge is undone. Every row the merge changed gets back its exact previous
    /// content (versions and timestamps too). NotFound when there is no such merge or the
    /// customer was never merged; Conflict when it was already undone, when the survivor
    /// changed after the merge (those changes would be lost), or when moving the points
    /// entries back would leave a customer's points balance below zero (the survivor spent
    /// points it had from a merged customer). On failure nothing changes.
    MergeRecord unmerge(std::string_view ref);
    /// Merges whose survivor is visible to the current user, newest first.
    std::vector<MergeRecord> merges(const MergeFilter& filter = {}) const;
    /// The cleanup job's apply step: merges every cluster scoring at least `threshold`, each
    /// in its own transaction (savepoint), and leaves the rest for review. A cluster that
    /// fails (a customer gone, already merged, not visible) is reported and left as it was;
    /// the others still merge. One outcome per cluster, in order.
    std::vector<ClusterOutcome> merge_clusters(std::span<const MergeCluster> clusters, double threshold,
                                               const MergeOptions& options = {});
    /// create_customer with a duplicate check: options.find_duplicates is called with the
    /// prepared candidate; a match at or above options.threshold is rejected (Conflict) or
    /// merged into (the existing customer survives; the survivor is returned), as
    /// options.on_duplicate says. All in one transaction.
    Customer create_customer(const Customer& customer, const CreateOptions& options);

    // ---- duplicate check (clientele/dedupe.hpp, docs/dedupe.md) ---------------------------
    /// Existing customers that are likely the same person as `candidate` (not stored; its
    /// contacts are normalized here): active customers visible to this user sharing a
    /// normalized email, an E.164 phone or the name (full-text index), each scored with the
    /// dedupe engine's fixed model. Matches at or above options.threshold, best first.
    /// InvalidInput for a malformed candidate or option.
    std::vector<DuplicateMatch> find_duplicates(const Customer& candidate, const FindDuplicatesOptions& options = {}) const;
    /// The dedupe engine's per-field explanation for two stored customers (UUIDs or external
    /// ids; a = 0 and b = 1 in the result). NotFound when one is absent or not visible.
    PairExplanation explain(std::string_view a, std::string_view b) const;

    struct Impl;

private:
    friend class Transaction;
    std::unique_ptr<Impl> impl_;
};

/// An explicit transaction. Operations made while it is open are committed together by
/// commit(); if it is destroyed without commit() (an exception, an early return) they are
/// all rolled back. One at a time per Database.
class CLIENTELE_API Transaction {
public:
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    ~Transaction();
    void commit();
    void rollback();

private:
    friend class Database;
    explicit Transaction(Database::Impl& impl);
    Database::Impl* impl_;
};

/// The schema version this library writes (PRAGMA user_version).
CLIENTELE_API int schema_version() noexcept;

}  // namespace clientele
