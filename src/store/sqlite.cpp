#include "store/sqlite.hpp"

#include "clientele/error.hpp"
#include "crypto/file_key.hpp"

namespace clientele::store {

void throw_sqlite(sqlite3* db, int rc, std::string_view context) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    std::string full = std::string(context) + ": " + msg;
    int ext = db ? sqlite3_extended_errcode(db) : rc;
    switch (rc & 0xFF) {
        case SQLITE_CONSTRAINT:
            if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
                throw Conflict(full);
            throw InvalidInput("", full);
        case SQLITE_IOERR:
            // The cipher VFS's answer to a page that fails authentication.
            if (ext == SQLITE_IOERR_DATA)
                throw CorruptData(std::string(context) +
                                  ": a page of the encrypted database fails authentication (damaged or changed)");
            throw StorageError(full);
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT: throw CorruptData(full);
        case SQLITE_READONLY: throw StorageError(std::string(context) + ": the database is read-only");
        case SQLITE_FULL: throw StorageError(std::string(context) + ": the disk is full");
        case SQLITE_NOMEM: throw std::bad_alloc();
        default: throw StorageError(full);
    }
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt_, nullptr);
    if (rc != SQLITE_OK) throw_sqlite(db, rc, "preparing a statement");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
    sqlite3_bind_text64(stmt_, i, v.data() ? v.data() : "", v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}
Statement& Statement::bind_blob(int i, const void* data, std::size_t size) {
    sqlite3_bind_blob64(stmt_, i, data, size, SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind_null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
}
Statement& Statement::bind_text_or_null(int i, std::string_view v) {
    return v.empty() ? bind_null(i) : bind(i, v);
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_sqlite(db_, rc, "running a statement");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::int64_t Statement::integer(int col) const { return sqlite3_column_int64(stmt_, col); }
std::optional<std::int64_t> Statement::optional_integer(int col) const {
    if (is_null(col)) return std::nullopt;
    return integer(col);
}
std::string_view Statement::text_view(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    if (!p) return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
}
std::string Statement::text(int col) const { return std::string(text_view(col)); }
std::string_view Statement::blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    if (!p) return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::string file_uri(const std::filesystem::path& path) {
    std::string out = "file:";
    for (unsigned char ch : std::filesystem::absolute(path).string()) {
        if (ch == '%' || ch == '?' || ch == '#' || ch < 0x20) {
            static constexpr char kHex[] = "0123456789ABCDEF";
            out += '%';
            out += kHex[ch >> 4];
            out += kHex[ch & 15];
        } else {
            out += static_cast<char>(ch);
        }
    }
    return out;
}

Connection::Connection(const std::filesystem::path& path, bool read_only, bool create, bool immutable,
                       const crypto::FileKey* key, bool uri) {
    int flags = read_only || immutable ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (create && !read_only && !immutable) flags |= SQLITE_OPEN_CREATE;
    flags |= SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    if (uri) flags |= SQLITE_OPEN_URI;
    std::string name = path.string();
    if (immutable || key) {
        if (key) crypto::check_key(path, *key);
        std::string parameters;
        if (immutable) parameters = "immutable=1";
        if (key) parameters += (parameters.empty() ? "" : "&") + crypto::uri_parameters(*key);
        name = file_uri(path) + "?" + parameters;
        flags |= SQLITE_OPEN_URI;
    }
    int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw StorageError("cannot open '" + path.string() + "': " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
    if (key) {
        // Before anything is written: temporary data in memory (the VFS refuses temporary
        // files), and a new file laid out as the VFS expects. Both are no-ops on a file
        // that exists (its header decides).
        try {
            exec("PRAGMA temp_store = MEMORY");
            exec("PRAGMA page_size = " + std::to_string(crypto::kPageSize));
        } catch (...) {
            sqlite3_close_v2(db_);
            db_ = nullptr;
            throw;
        }
        int reserve = static_cast<int>(crypto::kReserve);
        sqlite3_file_control(db_, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
    }
}

Connection::~Connection() {
    cache_.clear();  // statements must be finalized before the connection closes
    sqlite3_close_v2(db_);
}

void Connection::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) throw_sqlite(db_, rc, "executing '" + s.substr(0, 60) + "'");
}

Query Connection::query(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<Statement>(db_, sql)).first;
    return Query(*it->second);
}

std::int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Connection::changes() const { return sqlite3_changes(db_); }

std::int64_t Connection::scalar(const std::string& sql) {
    auto q = query(sql);
    return q->step() ? q->integer(0) : 0;
}

}  // namespace clientele::store
