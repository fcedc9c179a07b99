#include "bare_sqlite.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "clientele/normalize.hpp"
#include "customers/search_text.hpp"

namespace clientele::bench {

void check(sqlite3* db, int rc, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

void exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    std::string msg = err ? err : "";
    sqlite3_free(err);
    if (rc != SQLITE_OK) throw std::runtime_error(std::string(sql) + ": " + msg);
}

/// What Database::create_customer derives from its input, done with the public API
/// (normalize_email, normalize_phone, derive_display_name) outside the timed loop.
BareRow prepare_bare(const Customer& input, Timestamp now, Rng& uuid_rng) {
    BareRow row;
    row.c = input;
    Customer& c = row.c;
    std::string region = "CN";  // the store's default_region
    for (const auto& a : c.addresses)
        if (a.primary && !a.country.empty() && is_known_region(a.country)) region = a.country;
    for (auto& e : c.emails) e.normalized = normalize_email(e.address);
    for (auto& p : c.phones) p.e164 = normalize_phone(p.number, region);
    std::sort(c.tags.begin(), c.tags.end());
    c.tags.erase(std::unique(c.tags.begin(), c.tags.end()), c.tags.end());
    c.display_name = derive_display_name(c);
    c.updated_at = now;
    c.version = 1;
    row.doc = store::search_document(c);
    for (int k = 0; k < 16; k += 8) {
        auto v = uuid_rng.next();
        std::memcpy(row.uuid.data() + k, &v, 8);
    }
    row.uuid[6] = static_cast<std::uint8_t>((row.uuid[6] & 0x0F) | 0x40);  // version 4
    row.uuid[8] = static_cast<std::uint8_t>((row.uuid[8] & 0x3F) | 0x80);  // RFC 4122 variant
    return row;
}

}  // namespace clientele::bench
