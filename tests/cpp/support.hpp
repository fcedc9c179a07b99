// Test support: a fresh temporary directory per test, and a few ready-made customers.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <utility>
#include <set>
#include <sstream>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "clientele/clientele.hpp"
#include "json/json.hpp"

namespace clt_test {

class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("clientele-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

/// The whole file, as bytes.
inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// What the schema steps after version 8 added, taken away again, for tests that make an
/// older file: every such test starts with it, so a new step is added here once, not in
/// each test. Newest step first.
#define CLT_TEST_UNDO_SCHEMA_AFTER_V8                                                                            \
    "DROP TABLE customer_levels; DROP TABLE loyalty_shortfalls; DROP TABLE loyalty_rules;"                       \
    "DROP INDEX customer_points_interaction; DROP INDEX customer_points_voids; DROP INDEX customer_points_expiry;" \
    "ALTER TABLE customer_points DROP COLUMN expires_at; ALTER TABLE customer_points DROP COLUMN interaction_id;" \
    "ALTER TABLE customer_points DROP COLUMN voids;"                                                             \
    "DROP TABLE case_events; DROP TABLE cases; DROP TABLE case_policy; DROP TABLE reminders; "                   \
    "DROP TABLE reminder_rules; DROP TABLE erasures;"
inline constexpr const char* kUndoSchemaAfterV8 = CLT_TEST_UNDO_SCHEMA_AFTER_V8;

/// Removes what schema versions 7 (the audit trail) and 6 (credentials) added, and all after.
inline constexpr const char* kUndoSchemaV6 =
    CLT_TEST_UNDO_SCHEMA_AFTER_V8
    "DROP TABLE audit_customers; DROP TABLE audit_log; DROP TABLE audit_state; DELETE FROM settings WHERE key LIKE 'audit%';"
    "DROP TABLE auth_log; ALTER TABLE users DROP COLUMN password_hash;"
    "ALTER TABLE users DROP COLUMN must_change_password; DELETE FROM settings WHERE key LIKE 'auth.%';";

/// Runs SQL on a store file behind the library's back (to make old or damaged files).
inline void exec_raw(const std::filesystem::path& path, const std::string& sql) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.string().c_str(), &raw) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &err);
    const std::string message = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(raw);
    REQUIRE(message == "");
    REQUIRE(rc == SQLITE_OK);
}

/// The rows of a query on a store file, read behind the library's back: each row's columns
/// as text joined by '|'.
inline std::vector<std::string> query_rows(const std::filesystem::path& path, const std::string& sql) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open_v2(path.string().c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    const int rc = sqlite3_prepare_v2(raw, sql.c_str(), -1, &q, nullptr);
    std::vector<std::string> out;
    while (rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW) {
        std::string line;
        for (int c = 0; c < sqlite3_column_count(q); ++c) {
            if (c) line += '|';
            const auto* text = sqlite3_column_text(q, c);
            line += text ? reinterpret_cast<const char*>(text) : "NULL";
        }
        out.push_back(std::move(line));
    }
    sqlite3_finalize(q);
    sqlite3_close(raw);
    REQUIRE(rc == SQLITE_OK);
    return out;
}

// Every row of every table (the FTS index by its documents), each table's rows sorted: two
// equal dumps mean two byte-for-byte equal stores. The merge lineage and the audit trail are
// left out unless asked for (every change, an undo included, records itself there by
// design).
inline std::string dump(const std::filesystem::path& path, bool with_lineage = false) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open_v2(path.string().c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    std::vector<std::string> tables;
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(raw, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'customer_search%' "
                            "AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    sqlite3_finalize(s);
    std::string out;
    auto rows = [&](const std::string& name, const std::string& sql) {
        if (!with_lineage && (name == "merges" || name == "merge_members" || name == "audit_log" || name == "audit_state"))
            return;
        std::vector<std::string> lines;
        sqlite3_stmt* q = nullptr;
        REQUIRE(sqlite3_prepare_v2(raw, sql.c_str(), -1, &q, nullptr) == SQLITE_OK);
        while (sqlite3_step(q) == SQLITE_ROW) {
            std::string line;
            for (int c = 0; c < sqlite3_column_count(q); ++c) {
                if (sqlite3_column_type(q, c) == SQLITE_NULL) line += "NULL";
                else line += std::string(reinterpret_cast<const char*>(sqlite3_column_blob(q, c)), sqlite3_column_bytes(q, c));
                line += '|';
            }
            lines.push_back(line);
        }
        sqlite3_finalize(q);
        std::sort(lines.begin(), lines.end());
        out += "== " + name + "\n";
        for (const auto& l : lines) out += l + "\n";
    };
    for (const auto& t : tables) rows(t, "SELECT * FROM " + t);
    rows("customer_search", "SELECT rowid, doc FROM customer_search");
    sqlite3_close(raw);
    return out;
}

/// A store with an admin ("admin"), a manager of team east ("mia"), two sales users of
/// team east ("li.na", "zhou.jie"), one of team west ("tom") and a viewer ("vic").
inline clientele::Database make_store(const std::filesystem::path& path) {
    clientele::Database db(path, {.user = "admin", .create = true});
    using clientele::Role;
    db.users().add({"mia", "Mia", Role::manager, "east"});
    db.users().add({"li.na", "李娜", Role::sales, "east"});
    db.users().add({"zhou.jie", "周杰", Role::sales, "east"});
    db.users().add({"tom", "Tom", Role::sales, "west"});
    db.users().add({"vic", "Vic", Role::viewer, ""});
    return db;
}

inline clientele::Customer person(std::string family, std::string given, std::string email = {},
                                  std::string phone = {}) {
    clientele::Customer c;
    c.family_name = std::move(family);
    c.given_name = std::move(given);
    if (!email.empty()) c.emails.push_back({email, "work", true, {}});
    if (!phone.empty()) c.phones.push_back({phone, "mobile", true, {}});
    return c;
}

/// Creates one customer per (external id, owner) pair, named after its external id.
inline void create_owned(clientele::Database& db, std::initializer_list<std::pair<const char*, const char*>> owned) {
    for (auto [ext, owner] : owned) {
        auto c = person("王", ext);
        c.external_id = ext;
        c.owner = owner;
        db.customers().create(c);
    }
}

/// Stores a purchase (or another kind) of `amount` minor units for the customer with
/// external id `customer` at `when` (ISO 8601); currency "" = the store's default.
inline void buy(clientele::Database& db, const std::string& customer, const char* when, std::int64_t amount,
                clientele::InteractionKind kind = clientele::InteractionKind::purchase, const char* currency = "") {
    clientele::Interaction i;
    i.customer_external_id = customer;
    i.kind = kind;
    i.occurred_at = clientele::parse_timestamp(when);
    i.amount_minor = amount;
    i.currency = currency;
    db.interactions().add(i);
}

/// Stores an answered survey of the customer with external id `customer` at `when`.
inline void survey(clientele::Database& db, const std::string& customer, const char* when, std::optional<int> csat,
                   std::optional<int> nps) {
    clientele::Interaction i;
    i.customer_external_id = customer;
    i.kind = clientele::InteractionKind::survey;
    i.occurred_at = clientele::parse_timestamp(when);
    i.csat = csat;
    i.nps = nps;
    db.interactions().add(i);
}

/// A "YYYY-MM-DD" day, as the analytics options take it.
inline std::chrono::sys_days date(const char* text) { return std::chrono::sys_days(clientele::parse_date(text)); }

}  // namespace clt_test
