// The store session: opening a file, the current user, the checks every operation shares
// and the write/read scopes.
#include <filesystem>

#include <unistd.h>

#include "clientele/database.hpp"
#include "store/session.hpp"
#include "auth/auth.hpp"
#include "dedupe/store_keys.hpp"
#include "dedupe/store_matcher.hpp"
#include "store/audit_trail.hpp"
#include "store/pragmas.hpp"
#include "store/schema.hpp"
#include "store/file_size.hpp"
#include "store/stored.hpp"

namespace clientele {

using store::Connection;
using store::Statement;

namespace {

const std::filesystem::path& existing_or_creatable(const std::filesystem::path& path, const OpenOptions& o) {
    std::error_code ec;
    bool exists = std::filesystem::exists(path, ec);
    if (ec) throw StorageError("cannot access '" + path.string() + "': " + ec.message());
    if (!o.create && !exists)
        throw NotFound("database '" + path.string() + "' does not exist (open it with the create option to make it)");
    if (std::filesystem::is_directory(path, ec))
        throw StorageError("'" + path.string() + "' is a directory, not a database file");
    return path;
}

// A WAL database in a file and folder this process cannot write, with no -wal file left
// by a writer: SQLite cannot create the shared-memory file a WAL reader needs, and nobody
// can be changing the file, so it is opened as immutable.
bool unwritable_and_settled(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return false;
    auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    auto wal = path;
    wal += "-wal";
    return ::access(path.c_str(), W_OK) != 0 && ::access(dir.c_str(), W_OK) != 0 && !std::filesystem::exists(wal, ec);
}

// Which customers a user sees, as a condition on alias c. Only integers are spliced in.
std::string visibility_clause(Role role, std::int64_t user_id) {
    auto me = std::to_string(user_id);
    switch (role) {
        case Role::admin:
        case Role::viewer: return "1";
        case Role::sales: return "c.owner_id = " + me;
        case Role::manager:
            return "(c.owner_id = " + me + " OR c.owner_id IN (SELECT id FROM users WHERE team <> '' AND team = "
                   "(SELECT team FROM users WHERE id = " + me + ")))";
    }
    return "0";
}

// A row of "SELECT c.id, c.merged_into, <visible> FROM customers c ...".
store::Session::CustomerRow customer_row(const Statement& q) {
    return {q.integer(0), q.optional_integer(1), q.integer(2) != 0};
}

}  // namespace

store::Session::Session(const std::filesystem::path& p, const OpenOptions& options, Actor actor)
    : path(p),
      read_only(options.read_only),
      read_only_reason(options.read_only ? "opened with read_only" : ""),
      file_key(crypto::file_key(existing_or_creatable(p, options), options.encryption)),
      conn(p, options.read_only, options.create, unwritable_and_settled(p), file_key ? &*file_key : nullptr) {
    std::int64_t app_id = 0, version = 0, objects = 0;
    damaged = store::truncation(path);
    try {
        app_id = conn.scalar("PRAGMA application_id");
        version = conn.scalar("PRAGMA user_version");
        objects = conn.scalar("SELECT count(*) FROM sqlite_master");
    } catch (const CorruptData& e) {
        if (!damaged.empty()) throw CorruptData("'" + path.string() + "' is damaged (" + damaged + ")");
        if (file_key) throw CorruptData("'" + path.string() + "' is damaged: " + e.what());  // a page fails authentication
        throw CorruptData("'" + path.string() + "' is not a clientele database (not an SQLite file" +
                          (file_key ? ")" : ", or an encrypted one: open it with its passphrase or key)"));
    }
    bool fresh = app_id == 0 && version == 0 && objects == 0;
    if (fresh && !(options.create && !read_only))
        throw CorruptData("'" + path.string() + "' is not a clientele database (it is empty; open it with the create option to make it one)");
    if (!fresh && app_id != store::kApplicationId)
        throw CorruptData("'" + path.string() + "' is an SQLite file but not a clientele database");
    if (version > store::kSchemaVersion)
        throw Unsupported("'" + path.string() + "' has schema version " + std::to_string(version) +
                          ", newer than this library's " + std::to_string(store::kSchemaVersion) + "; upgrade clientele");
    // A file the process may not write (permissions, read-only medium) opens for reading;
    // changes then fail with a StorageError that says why instead of a bare SQLite error.
    if (!read_only && sqlite3_db_readonly(conn.handle(), "main") == 1) {
        read_only = true;
        read_only_reason = "the file is not writable";
    }
    if (!read_only && damaged.empty())
        for (const char* pragma : store::kWritePragmas) conn.exec(pragma);
    for (const char* pragma : store::kPragmas) conn.exec(pragma);
    if (fresh) {
        store::create_schema(conn);
        // The schema steps drop and rename tables, which leaves the schema's own pages at
        // the end of the file, where a file cut short loses them first and then cannot be
        // opened even to save what is left. Rewriting the empty file puts them in front.
        conn.exec("VACUUM");
        auto q = conn.query("INSERT INTO users(username, display_name, role, created_at) VALUES (?, ?, 'admin', ?)");
        q->bind(1, options.user).bind(2, options.user).bind(3, store::seconds(now_utc())).run();
    } else if (version < store::kSchemaVersion || store::lacks_field_columns(conn)) {
        if (!damaged.empty()) throw CorruptData("'" + path.string() + "' is damaged (" + damaged + ") and too old to read");
        if (read_only)
            throw Unsupported("'" + path.string() + "' needs a schema upgrade; open it once read-write");
        store::migrate(conn, static_cast<int>(version));
    }
    {
        auto q = conn.query("SELECT key, value FROM settings");
        while (q->step()) {
            if (q->text_view(0) == "default_region") default_region = q->text(1);
            if (q->text_view(0) == "default_currency") default_currency = q->text(1);
            if (q->text_view(0) == "audit") audit_enabled = q->text_view(1) != "off";
        }
    }
    if (damaged.empty()) store::ensure_match_keys(*this);
    layer = options.layer;
    if (actor == Actor::maintenance) {
        user = User{options.user, options.user, Role::admin, "", true, now_utc()};
        visible = visibility_clause(user.role, user_id);
        return;
    }
    auth::authenticate(*this, options);
    auto q = conn.query("SELECT id, username, display_name, role, team, active, created_at FROM users WHERE username = ?");
    q->bind(1, options.user);
    if (!q->step())
        throw NotFound("user '" + options.user + "' does not exist in '" + path.string() + "'");
    user_id = q->integer(0);
    user = User{q->text(1), q->text(2), store::stored(parse_role, q->text_view(3), "role", "user", user_id), q->text(4),
                q->integer(5) != 0, store::from_seconds(q->integer(6))};
    if (!user.active) throw PermissionDenied("user '" + user.username + "' is deactivated");
    visible = visibility_clause(user.role, user_id);
    if (fresh) store::audit_read(*this, {"database.create", std::nullopt, user.username, {}});
}

store::Session::~Session() = default;

matching::StoreMatcher& store::Session::matcher() {
    if (!matcher_) matcher_ = std::make_unique<matching::StoreMatcher>();
    return *matcher_;
}

Uuid store::Session::new_uuid() {
    auto u = uuid_generator();
    std::array<std::uint8_t, 16> b{};
    std::copy(u.begin(), u.end(), b.begin());
    return Uuid(b);
}

void store::Session::require_write(std::string_view what) const {
    if (!damaged.empty())
        throw CorruptData("cannot " + std::string(what) + ": database '" + path.string() + "' is damaged (" + damaged +
                          "); nothing was written (see clientele check)");
    if (read_only)
        throw StorageError("cannot " + std::string(what) + ": database '" + path.string() + "' is open read-only (" +
                           read_only_reason + ")");
    if (user.role == Role::viewer)
        throw PermissionDenied("cannot " + std::string(what) + ": user '" + user.username + "' is a viewer");
}

void store::Session::require_admin(std::string_view what) const {
    require_write(what);
    if (user.role != Role::admin)
        throw PermissionDenied("cannot " + std::string(what) + ": user '" + user.username + "' is not an admin");
}

std::optional<store::Session::CustomerRow> store::Session::lookup_customer(std::string_view ref) {
    const std::string columns = "SELECT c.id, c.merged_into, " + visible + " FROM customers c WHERE ";
    if (auto u = Uuid::parse(ref)) {
        auto q = conn.query(columns + "c.uuid = ?");
        q->bind_blob(1, u->bytes().data(), 16);
        if (q->step()) return customer_row(*q);
    }
    auto q = conn.query(columns + "c.external_id = ?");
    q->bind(1, ref);
    if (q->step()) return customer_row(*q);
    return std::nullopt;
}

std::optional<std::int64_t> store::Session::find_customer_id(std::string_view ref) {
    auto found = lookup_customer(ref);
    // A merged customer's ids mean its survivor (docs/merge.md); a survivor may itself have
    // been merged later, so follow the chain (a cycle would be damage, not a merge).
    for (int hops = 0; found && found->merged_into; ++hops) {
        if (hops == 64) throw CorruptData("customer '" + std::string(ref) + "' has a cycle of merges");
        auto q = conn.query("SELECT c.id, c.merged_into, " + visible + " FROM customers c WHERE c.id = ?");
        q->bind(1, *found->merged_into);
        if (!q->step()) return std::nullopt;
        found = customer_row(*q);
    }
    if (found && found->visible) return found->id;
    return std::nullopt;
}

std::string store::Session::not_found_message(std::string_view ref) const {
    return "customer '" + std::string(ref) + "' not found" +
           (user.role == Role::sales || user.role == Role::manager
                ? " (or not visible to user '" + user.username + "')"
                : "");
}

std::int64_t store::Session::customer_id(std::string_view ref) {
    if (auto id = find_customer_id(ref)) return *id;
    throw NotFound(not_found_message(ref));
}

std::pair<Uuid, std::string> store::Session::customer_ids(std::int64_t id) {
    auto q = conn.query("SELECT uuid, external_id FROM customers WHERE id = ?");
    q->bind(1, id);
    if (!q->step()) throw NotFound("customer #" + std::to_string(id) + " not found");
    return {store::uuid_from_blob(q->blob(0)), q->text(1)};
}

std::optional<store::Session::UserRef> store::Session::find_user(std::string_view username) {
    auto q = conn.query("SELECT id, role, team FROM users WHERE username = ?");
    q->bind(1, username);
    if (!q->step()) return std::nullopt;
    return UserRef{q->integer(0), parse_role(q->text_view(1)), q->text(2)};
}

std::optional<std::int64_t> store::Session::check_owner(std::string_view username, std::string_view field) {
    if (username.empty()) {
        // Sales and managers keep what they create; an admin's may stay unowned.
        if (user.role == Role::sales || user.role == Role::manager) return user_id;
        return std::nullopt;
    }
    auto owner = find_user(username);
    if (!owner) throw InvalidInput(std::string(field), "unknown user '" + std::string(username) + "'");
    if (owner->id == user_id || user.role == Role::admin) return owner->id;
    if (user.role == Role::manager && !user.team.empty() && owner->team == user.team) return owner->id;
    throw PermissionDenied("user '" + user.username + "' cannot give customers to '" + std::string(username) + "'");
}

namespace store {

// Transaction control goes through cached prepared statements: parsing "SAVEPOINT" for
// every operation of a bulk load showed up in profiles.
WriteScope::WriteScope(store::Session& impl, Undo undo)
    : impl_(impl), nested_(sqlite3_get_autocommit(impl.conn.handle()) == 0), savepoint_(undo == Undo::savepoint) {
    if (!impl.damaged.empty()) impl.require_write("change it");
    if (!nested_) {
        impl_.conn.query("BEGIN IMMEDIATE")->run();
    } else if (savepoint_) {
        // Earlier operations' pending keys and audit entries go in before the savepoint, so
        // rolling back to it cannot take them along.
        flush_match_keys(impl_);
        flush_audit(impl_);
        impl_.conn.query("SAVEPOINT clt_op")->run();
    }
    pending_mark_ = impl_.pending_keys.size();
    flushes_mark_ = impl_.pending_flushes;
    audit_mark_ = impl_.pending_audit.size();
    audit_flushes_mark_ = impl_.audit_flushes;
}

WriteScope::~WriteScope() {
    if (done_) return;
    // This operation's match keys go with it. Those already written out were rolled back
    // (savepoint, transaction) or removed with the operation's customer (Undo::self,
    // ON DELETE CASCADE); of the buffer, only what came before the operation stays.
    auto& pending = impl_.pending_keys;
    if (!nested_ || impl_.pending_flushes != flushes_mark_) pending.clear();
    else pending.resize(std::min(pending.size(), pending_mark_));
    // Its audit entries likewise; those already written out are rolled back with the
    // savepoint or transaction (or, Undo::self, stay beside what the operation undoes, as
    // when each entry was written at once).
    if (!nested_) drop_pending_audit(impl_, 0, impl_.audit_flushes);
    else drop_pending_audit(impl_, audit_mark_, audit_flushes_mark_);
    try {
        if (nested_) {
            if (!savepoint_) return;
            impl_.conn.query("ROLLBACK TO clt_op")->run();
            impl_.conn.query("RELEASE clt_op")->run();
        } else {
            impl_.audit_pending = false;
            impl_.conn.query("ROLLBACK")->run();
        }
    } catch (...) {
        // Nothing more can be done here; SQLite rolls back an unfinished transaction itself
        // when the connection closes.
    }
}

void before_commit(Session& s) {
    flush_match_keys(s);
    flush_audit(s);
    if (s.audit_pending) store::seal_audit(s.conn, s.audit_head);
    s.audit_pending = false;
    // Once committed, other connections may append: the next transaction reads the head.
    s.audit_head.reset();
}

void after_rollback(Session& s) {
    s.pending_keys.clear();
    s.audit_pending = false;
    s.pending_audit.clear();
    s.audit_head.reset();
}

void WriteScope::commit() {
    if (!nested_) {
        store::before_commit(impl_);
        impl_.conn.query("COMMIT")->run();
    } else if (savepoint_) {
        impl_.conn.query("RELEASE clt_op")->run();
    }
    done_ = true;
}

ReadScope::ReadScope(store::Session& impl) {
    if (sqlite3_get_autocommit(impl.conn.handle()) == 0) return;
    impl.conn.query("BEGIN")->run();
    impl_ = &impl;
    impl.reading = true;
}

ReadScope::~ReadScope() {
    // A read that failed records nothing of what it would have handed out.
    if (std::uncaught_exceptions() > 0 && impl_) impl_->deferred_audit.clear();
    try {
        close();
    } catch (...) {
        // The read's own result stands; an entry that cannot be written is not recorded.
    }
}

void ReadScope::close() {
    if (!impl_) return;
    auto* s = impl_;
    impl_ = nullptr;
    s->reading = false;
    try {
        s->conn.query("COMMIT")->run();
    } catch (...) {
        sqlite3_exec(s->conn.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    store::flush_deferred_audit(*s);
}

Uuid uuid_from_blob(std::string_view blob) {
    std::array<std::uint8_t, 16> b{};
    if (blob.size() == 16) std::copy(blob.begin(), blob.end(), reinterpret_cast<char*>(b.data()));
    return Uuid(b);
}

}  // namespace store

}  // namespace clientele
