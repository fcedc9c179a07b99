// Benchmark baseline: the rows of a customer written with bare sqlite3 prepared statements
// into a clientele schema, with every value already in its stored form. Shared by the
// store and import benchmarks so both compare against the same loop.
#pragma once

#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

#include "clientele/model.hpp"
#include "customer_data.hpp"
#include "store/pragmas.hpp"

namespace clientele::bench {

/// Throws std::runtime_error with SQLite's message unless rc is OK/DONE/ROW.
void check(sqlite3* db, int rc, const char* what);
void exec(sqlite3* db, const char* sql);

/// One customer as the bare loop receives it: every value already in its stored form.
struct BareRow {
    Customer c;       // normalized emails/phones, derived display name, sorted unique tags
    std::string doc;  // the search document
    std::array<std::uint8_t, 16> uuid{};
};

/// What Database::create_customer derives from its input, done with the public API
/// (normalize_email, normalize_phone, derive_display_name) outside the timed loop.
BareRow prepare_bare(const Customer& input, Timestamp now, Rng& uuid_rng);

class BareWriter {
public:
    /// `savepoints`: wrap every customer in SAVEPOINT/RELEASE run through sqlite3_exec, as
    /// the store's WriteScope does inside a caller's transaction (a diagnostic variant).
    explicit BareWriter(const std::filesystem::path& path, bool savepoints = false) : savepoints_(savepoints) {
        int rc = sqlite3_open_v2(path.string().c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
        check(db_, rc, "opening the baseline database");
        // The same connection settings clientele uses (journal_mode=WAL is stored in the file).
        for (const char* pragma : clientele::store::kWritePragmas) exec(db_, pragma);
        for (const char* pragma : clientele::store::kPragmas) exec(db_, pragma);
        sqlite3_busy_timeout(db_, 5000);
        customer_ = prepare(
            "INSERT INTO customers(uuid, external_id, kind, display_name, given_name, family_name, company_name, "
            "job_title, birthday, gender, source, owner_id, membership_level, custom, notes, created_at, updated_at, "
            "last_verified_at, status, version) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)");
        email_ = prepare(
            "INSERT INTO customer_emails(customer_id, position, address, normalized, label, is_primary) VALUES (?, ?, ?, ?, ?, ?)");
        phone_ = prepare(
            "INSERT INTO customer_phones(customer_id, position, number, e164, label, is_primary) VALUES (?, ?, ?, ?, ?, ?)");
        address_ = prepare(
            "INSERT INTO customer_addresses(customer_id, position, label, street, city, region, postcode, country, "
            "is_primary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        tag_ = prepare("INSERT INTO customer_tags(customer_id, tag) VALUES (?, ?)");
        search_ = prepare("INSERT INTO customer_search(rowid, doc) VALUES (?, ?)");
    }
    ~BareWriter() {
        for (auto* s : {customer_, email_, phone_, address_, tag_, search_}) sqlite3_finalize(s);
        sqlite3_close_v2(db_);
    }
    BareWriter(const BareWriter&) = delete;
    BareWriter& operator=(const BareWriter&) = delete;

    void begin() { exec(db_, "BEGIN IMMEDIATE"); }
    void commit() { exec(db_, "COMMIT"); }

    void insert(const BareRow& row) {
        if (savepoints_) exec(db_, "SAVEPOINT clt_op");
        write(row);
        if (savepoints_) exec(db_, "RELEASE clt_op");
    }

private:
    void write(const BareRow& row) {
        const Customer& c = row.c;
        auto* s = customer_;
        sqlite3_bind_blob(s, 1, row.uuid.data(), 16, SQLITE_STATIC);
        if (c.external_id.empty()) sqlite3_bind_null(s, 2);
        else text(s, 2, c.external_id);
        text(s, 3, to_string(c.kind));
        text(s, 4, c.display_name);
        text(s, 5, c.given_name);
        text(s, 6, c.family_name);
        text(s, 7, c.company_name);
        text(s, 8, c.job_title);
        if (c.birthday) sqlite3_bind_int64(s, 9, to_days(*c.birthday));
        else sqlite3_bind_null(s, 9);
        text(s, 10, to_string(c.gender));
        text(s, 11, c.source);
        sqlite3_bind_null(s, 12);  // owner_id: an admin's customers are unowned
        text(s, 13, c.membership_level);
        text(s, 14, "{}");
        text(s, 15, c.notes);
        sqlite3_bind_int64(s, 16, c.created_at.time_since_epoch().count());
        sqlite3_bind_int64(s, 17, c.updated_at.time_since_epoch().count());
        sqlite3_bind_null(s, 18);
        text(s, 19, to_string(c.status));
        sqlite3_bind_int64(s, 20, c.version);
        step(s);
        const sqlite3_int64 id = sqlite3_last_insert_rowid(db_);

        for (std::size_t k = 0; k < c.emails.size(); ++k) {
            const auto& e = c.emails[k];
            sqlite3_bind_int64(email_, 1, id);
            sqlite3_bind_int64(email_, 2, static_cast<sqlite3_int64>(k));
            text(email_, 3, e.address);
            text(email_, 4, e.normalized);
            text(email_, 5, e.label);
            sqlite3_bind_int64(email_, 6, e.primary);
            step(email_);
        }
        for (std::size_t k = 0; k < c.phones.size(); ++k) {
            const auto& p = c.phones[k];
            sqlite3_bind_int64(phone_, 1, id);
            sqlite3_bind_int64(phone_, 2, static_cast<sqlite3_int64>(k));
            text(phone_, 3, p.number);
            text(phone_, 4, p.e164);
            text(phone_, 5, p.label);
            sqlite3_bind_int64(phone_, 6, p.primary);
            step(phone_);
        }
        for (std::size_t k = 0; k < c.addresses.size(); ++k) {
            const auto& a = c.addresses[k];
            sqlite3_bind_int64(address_, 1, id);
            sqlite3_bind_int64(address_, 2, static_cast<sqlite3_int64>(k));
            text(address_, 3, a.label);
            text(address_, 4, a.street);
            text(address_, 5, a.city);
            text(address_, 6, a.region);
            text(address_, 7, a.postcode);
            text(address_, 8, a.country);
            sqlite3_bind_int64(address_, 9, a.primary);
            step(address_);
        }
        for (const auto& t : c.tags) {
            sqlite3_bind_int64(tag_, 1, id);
            text(tag_, 2, t);
            step(tag_);
        }
        sqlite3_bind_int64(search_, 1, id);
        text(search_, 2, row.doc);
        step(search_);
    }

    sqlite3_stmt* prepare(const char* sql) {
        sqlite3_stmt* s = nullptr;
        check(db_, sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr), sql);
        return s;
    }
    static void text(sqlite3_stmt* s, int i, std::string_view v) {
        sqlite3_bind_text(s, i, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_STATIC);
    }
    void step(sqlite3_stmt* s) {
        int rc = sqlite3_step(s);
        if (rc != SQLITE_DONE) check(db_, rc == SQLITE_ROW ? SQLITE_ERROR : rc, sqlite3_sql(s));
        sqlite3_reset(s);
    }

    bool savepoints_;
    sqlite3* db_ = nullptr;
    sqlite3_stmt *customer_ = nullptr, *email_ = nullptr, *phone_ = nullptr, *address_ = nullptr, *tag_ = nullptr,
                 *search_ = nullptr;
};

}  // namespace clientele::bench
