// clientele — the door to a customer store: one SQLite file, opened as one user.
//
// A Database is one connection. It is movable, not copyable, and not safe to share
// between threads at the same time (open one per thread; SQLite's WAL lets them read
// while one writes). What can be done with the store lives in feature objects reached
// from it — db.customers(), db.interactions(), db.points(), db.users(), db.settings(),
// db.importer(), db.exporter(), db.merges(), db.duplicates(), db.analytics(),
// db.checker(), db.backups() — each a small handle valid while the Database lives. Every operation
// checks the current user's role first: a sales user does not see other users' customers
// at all (they are "not found"), a viewer changes nothing. Every mutation is atomic; bulk
// work goes faster inside one Transaction. A file the open finds cut short is readable
// but refuses every change (CorruptData; see db.checker()).
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "clientele/audit.hpp"
#include "clientele/auth.hpp"
#include "clientele/backup.hpp"
#include "clientele/check.hpp"
#include "clientele/customer_analytics.hpp"
#include "clientele/customers.hpp"
#include "clientele/duplicates.hpp"
#include "clientele/encryption.hpp"
#include "clientele/interactions.hpp"
#include "clientele/loyalty.hpp"
#include "clientele/merges.hpp"
#include "clientele/model.hpp"
#include "clientele/points_ledger.hpp"
#include "clientele/cases.hpp"
#include "clientele/privacy.hpp"
#include "clientele/reminders.hpp"
#include "clientele/report.hpp"
#include "clientele/transfer.hpp"
#include "clientele/users.hpp"

namespace clientele {

namespace store {
class Session;
}

struct OpenOptions {
    /// The user the database is opened as; must exist (the first user, made by create,
    /// is an admin).
    std::string user = "admin";
    /// Make the file and its schema when missing, with `user` as its first admin.
    bool create = false;
    /// Open for reading only; every mutation then fails with StorageError.
    bool read_only = false;
    /// The user's password. Checked whenever given; needed on a database that requires
    /// credentials (auth.required) unless trusted_host or os_user applies. A wrong one,
    /// or an unknown user, is PermissionDenied "authentication failed", logged.
    std::string password;
    /// Changes the password at this login (after `password` is verified): how a user whose
    /// password an admin reset sets their own, which such a login requires.
    std::string new_password;
    /// The application has authenticated `user` itself (single sign-on, its own login
    /// screen) and vouches for it. Accepted only where an admin allowed it
    /// (auth.trusted_host_allowed); see docs/security.md for what that trusts.
    bool trusted_host = false;
    /// `user` is the name of the operating-system account running this process; accepted
    /// only where an admin allowed it (auth.os_user_allowed) and the names match.
    bool os_user = false;
    /// Which layer opens the database, for the authentication log: "c++", "c", "python",
    /// "cli". Each wrapper sets its own.
    std::string layer = "c++";
    /// The key of an encrypted database (include/clientele/encryption.hpp); empty for a
    /// plain one. With `create`, a new file is made encrypted with it. WrongKey when it
    /// does not open the file, InvalidInput when the file is a plain database; a plain open
    /// of an encrypted file is CorruptData ("... or encrypted").
    EncryptionKey encryption;
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
    /// The points liability (docs/loyalty.md): the points balance of the visible
    /// customers (every ledger entry summed), and what is left of their lots that expire
    /// within the next 30 days.
    std::int64_t points_outstanding = 0;
    std::int64_t points_expiring_30d = 0;
};

class Transaction;

class CLIENTELE_API Database {
public:
    /// Opens (or with options.create, creates) the store at `path`. Throws NotFound when the
    /// file does not exist (without create) or the user is unknown (PermissionDenied
    /// "authentication failed" instead where credentials are required or a password is
    /// given), PermissionDenied for a refused credential, StorageError when the file
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

    /// Customer profiles: create, read, change, archive, delete, search, list, tags.
    Customers customers();
    const Customers customers() const;
    /// Calls, purchases, complaints, ... recorded against customers.
    Interactions interactions();
    const Interactions interactions() const;
    /// Each customer's loyalty points ledger.
    PointsLedger points();
    const PointsLedger points() const;
    /// The people who use the store and their roles.
    Users users();
    const Users users() const;
    /// Store-wide settings (default region and currency).
    Settings settings();
    const Settings settings() const;
    /// Passwords, the require-credentials setting and the authentication log.
    Authentication auth();
    const Authentication auth() const;
    /// CSV / JSON Lines files in.
    Importer importer();
    /// CSV / JSON Lines files out.
    Exporter exporter() const;
    /// Merging duplicate customers, undoing merges, the merge log.
    Merges merges();
    const Merges merges() const;
    /// The per-insert duplicate check and pair explanations over stored customers.
    Duplicates duplicates() const;
    /// RFM, lifecycle and their history over the stored purchases.
    Analytics analytics() const;
    /// Checking the file and its records for damage (admins).
    Checker checker() const;
    /// Backups of the whole store, taken while others write (admins only).
    Backups backups();
    /// Privacy requests: anonymize, subject-access export, retention (admins).
    Privacy privacy();
    const Privacy privacy() const;
    /// The audit trail: list, verify, prune (docs/audit.md).
    Audit audit();
    const Audit audit() const;

    /// Care reminders: due list, follow-ups, done/snooze/dismiss, rules (docs/reminders.md).
    Reminders reminders();
    /// Service cases (complaints, suggestions), their SLA and the service report.
    Cases cases();
    const Cases cases() const;
    /// The loyalty program: rules, earning, expiry, membership levels, voids.
    Loyalty loyalty();
    const Loyalty loyalty() const;

    /// What is in the store as far as this user can see.
    StoreStats stats() const;
    /// The HTML report of the visible customer base (docs/report.md).
    Reports reports() const;

private:
    friend class Transaction;
    std::unique_ptr<store::Session> session_;
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
    explicit Transaction(store::Session& session);
    store::Session* session_;
};

/// The schema version this library writes (PRAGMA user_version).
CLIENTELE_API int schema_version() noexcept;

}  // namespace clientele
