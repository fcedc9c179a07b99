// Internal: a thin RAII layer over sqlite3 — one connection, prepared statements cached by
// their SQL text and reset after every use, SQLite result codes mapped to clientele errors.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

namespace clientele::crypto {
struct FileKey;
}

namespace clientele::store {

/// Throws the clientele::Error matching a SQLite result code (Conflict for uniqueness,
/// CorruptData for a damaged or foreign file, StorageError for the rest).
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view context);

/// "file:/absolute/path" with the characters URIs reserve escaped, for SQLite's URI names.
std::string file_uri(const std::filesystem::path& path);

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, std::int64_t v);
    Statement& bind(int i, std::string_view v);  ///< text; bound as-is, even when empty
    Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Statement& bind_blob(int i, const void* data, std::size_t size);
    Statement& bind_null(int i);
    Statement& bind_text_or_null(int i, std::string_view v);  ///< NULL for ""
    Statement& bind(int i, const std::optional<std::int64_t>& v) {
        return v ? bind(i, *v) : bind_null(i);
    }

    bool step();  ///< true while there is a row
    void run();   ///< steps once, expecting no row
    void reset();

    bool is_null(int col) const;
    std::int64_t integer(int col) const;
    std::optional<std::int64_t> optional_integer(int col) const;
    std::string text(int col) const;
    std::string_view text_view(int col) const;
    std::string_view blob(int col) const;
    int column_count() const { return sqlite3_column_count(stmt_); }
    std::string_view column_name(int col) const { return sqlite3_column_name(stmt_, col); }
    int column_type(int col) const { return sqlite3_column_type(stmt_, col); }  ///< SQLITE_INTEGER, ...

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

/// A statement in use: resets it when it goes out of scope, so a cached statement never
/// holds a read open.
class Query {
public:
    explicit Query(Statement& s) : s_(&s) {}
    ~Query() { s_->reset(); }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    Statement* operator->() const { return s_; }
    Statement& operator*() const { return *s_; }

private:
    Statement* s_;
};

class Connection {
public:
    /// `immutable`: the file cannot change while open (opened read-only with SQLite's
    /// immutable flag, which needs no -shm file).
    /// `key`: the file is encrypted (crypto/file_key.hpp): it is checked before SQLite
    /// opens it (WrongKey, nothing written), opened through the cipher VFS, a new file is
    /// made with that VFS's page layout, and temporary data stays in memory. A null key is
    /// today's plain connection, untouched.
    /// `uri`: the connection accepts URI file names (in ATTACH and VACUUM INTO), which
    /// encrypted connections always do.
    Connection(const std::filesystem::path& path, bool read_only, bool create, bool immutable = false,
               const crypto::FileKey* key = nullptr, bool uri = false);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void exec(std::string_view sql);
    /// The cached prepared statement for `sql` (prepared on first use), ready to bind.
    Query query(const std::string& sql);
    std::int64_t last_insert_rowid() const;
    int changes() const;
    sqlite3* handle() const { return db_; }
    std::int64_t scalar(const std::string& sql);

private:
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

}  // namespace clientele::store
