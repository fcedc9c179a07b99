// The door: opening a Database, the feature handles it hands out, explicit transactions.
#include "clientele/database.hpp"
#include "dedupe/store_keys.hpp"
#include "store/schema.hpp"
#include "store/session.hpp"

namespace clientele {

Database::Database(const std::filesystem::path& path, const OpenOptions& options)
    : session_(std::make_unique<store::Session>(path, options)) {}
Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

const User& Database::user() const { return session_->user; }
const std::filesystem::path& Database::path() const { return session_->path; }

Customers Database::customers() { return Customers(*session_); }
const Customers Database::customers() const { return Customers(*session_); }
Interactions Database::interactions() { return Interactions(*session_); }
const Interactions Database::interactions() const { return Interactions(*session_); }
PointsLedger Database::points() { return PointsLedger(*session_); }
const PointsLedger Database::points() const { return PointsLedger(*session_); }
Reminders Database::reminders() { return Reminders(*session_); }
Cases Database::cases() { return Cases(*session_); }
const Cases Database::cases() const { return Cases(*session_); }
Loyalty Database::loyalty() { return Loyalty(*session_); }
const Loyalty Database::loyalty() const { return Loyalty(*session_); }
Users Database::users() { return Users(*session_); }
const Users Database::users() const { return Users(*session_); }
Settings Database::settings() { return Settings(*session_); }
const Settings Database::settings() const { return Settings(*session_); }
Authentication Database::auth() { return Authentication(*session_); }
const Authentication Database::auth() const { return Authentication(*session_); }
Importer Database::importer() { return Importer(*session_); }
Exporter Database::exporter() const { return Exporter(*session_); }
Merges Database::merges() { return Merges(*session_); }
const Merges Database::merges() const { return Merges(*session_); }
Duplicates Database::duplicates() const { return Duplicates(*session_); }
Analytics Database::analytics() const { return Analytics(*session_); }
Checker Database::checker() const { return Checker(*session_); }
Reports Database::reports() const { return Reports(*session_); }
Backups Database::backups() { return Backups(*session_); }
Privacy Database::privacy() { return Privacy(*session_); }
const Privacy Database::privacy() const { return Privacy(*session_); }
Audit Database::audit() { return Audit(*session_); }
const Audit Database::audit() const { return Audit(*session_); }

int schema_version() noexcept { return store::kSchemaVersion; }

Transaction Database::transaction() {
    auto& s = *session_;
    if (s.in_transaction) throw Conflict("a transaction is already open on this connection");
    if (s.read_only || !s.damaged.empty()) s.require_write("start a transaction");
    s.conn.exec("BEGIN IMMEDIATE");
    s.in_transaction = true;
    return Transaction(s);
}

Transaction::Transaction(store::Session& session) : session_(&session) {}
Transaction::Transaction(Transaction&& other) noexcept : session_(other.session_) { other.session_ = nullptr; }

Transaction::~Transaction() {
    if (session_) rollback();
}

void Transaction::commit() {
    if (!session_) throw Error(ErrorCode::internal, "transaction already finished");
    try {
        store::before_commit(*session_);
    } catch (...) {
        rollback();  // committing without the keys would leave customers find_duplicates cannot see
        throw;
    }
    session_->conn.exec("COMMIT");
    session_->in_transaction = false;
    session_ = nullptr;
}

void Transaction::rollback() {
    if (!session_) return;
    store::after_rollback(*session_);
    sqlite3_exec(session_->conn.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    session_->in_transaction = false;
    session_ = nullptr;
}

}  // namespace clientele
