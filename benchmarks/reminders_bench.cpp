// clientele_bench_reminders: the care reminders' due list (docs/reminders.md). Targets: due
// reminders for 1,000,000 customers under 1 s; for one salesperson's 10,000 customers under
// 50 ms.
//
// The store is made once per size (and kept in --dir): the schema and users through the
// library, then customers, phones, consents and interactions written by plain SQL in one
// transaction (search rows, match keys and cards are left out: the reminders read none of
// them). Customer i is owned by salesperson i % (N / 10,000), the first of whom is li.na;
// 80% have a birthday, half a verification date, 90% a phone, 30% denied SMS, 20% granted
// WeChat; each has 0-5 purchases or calls over 2023-2026.
//
// Each round clears the reminders table (outside the clock), then times, as li.na and as
// the admin: the first call of the day (generating, then listing) and a repeat call (finds
// nothing new, lists). The baseline is the floor any implementation pays: reading the same
// columns (customers, then interactions) with bare sqlite3 prepared statements, in the same
// run. Medians of the rounds.
//
// Usage: clientele_bench_reminders [--customers N] [--rounds R] [--as-of YYYY-MM-DD] [--dir DIR] [--out FILE]
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <tuple>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "clientele/clientele.hpp"
#include "customer_data.hpp"
#include "bench_support.hpp"

namespace fs = std::filesystem;
using namespace clientele;
using Clock = std::chrono::steady_clock;

namespace {

using bench::fixed;
using bench::median;

struct Options {
    std::uint64_t customers = 1'000'000;
    int rounds = 3;
    std::string as_of = "2026-11-10";
    fs::path dir = fs::temp_directory_path() / "clientele-bench-reminders";
    std::string out;
};

Options parse(int argc, char** argv) {
    Options o;
    bench::parse_options(argc, argv, [&](const std::string& a, auto& value) {
        if (a == "--customers") o.customers = std::stoull(value());
        else if (a == "--rounds") o.rounds = std::stoi(value());
        else if (a == "--as-of") o.as_of = value();
        else if (a == "--dir") o.dir = value();
        else if (a == "--out") o.out = value();
        else return false;
        return true;
    });
    return o;
}

class Raw {
public:
    explicit Raw(const fs::path& p) {
        if (sqlite3_open(p.string().c_str(), &db_) != SQLITE_OK) throw std::runtime_error("cannot open " + p.string());
    }
    ~Raw() { sqlite3_close(db_); }
    Raw(const Raw&) = delete;
    Raw& operator=(const Raw&) = delete;
    void exec(const std::string& sql) {
        char* err = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
            std::string m = err ? err : "?";
            sqlite3_free(err);
            throw std::runtime_error(m + " in " + sql.substr(0, 80));
        }
    }
    sqlite3_stmt* prepare(const std::string& sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string(sqlite3_errmsg(db_)) + " in " + sql.substr(0, 80));
        return s;
    }
    static void step(sqlite3_stmt* s) {
        if (sqlite3_step(s) != SQLITE_DONE) throw std::runtime_error("insert failed");
        sqlite3_reset(s);
    }

private:
    sqlite3* db_ = nullptr;
};

void make_store(const Options& o, const fs::path& path) {
    const std::uint64_t owners = std::max<std::uint64_t>(1, o.customers / 10'000);
    {
        OpenOptions create;
        create.create = true;
        Database db(path, create);
        db.users().add({"li.na", "李娜", Role::sales, "east"});
        for (std::uint64_t k = 1; k < owners; ++k) db.users().add({"s" + std::to_string(k), "", Role::sales, "east"});
        ReminderRules rules;  // the defaults
        db.reminders().set_rules(rules);
    }
    Raw raw(path);
    raw.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; BEGIN");
    auto* cust = raw.prepare("INSERT INTO customers(id, uuid, kind, display_name, birthday, owner_id, created_at, "
                             "updated_at, last_verified_at) VALUES (?, ?, 'person', ?, ?, "
                             "(SELECT id FROM users WHERE username = ?), ?, ?, ?)");
    auto* phone = raw.prepare("INSERT INTO customer_phones(customer_id, position, number, e164, is_primary) "
                              "VALUES (?, 0, ?, ?, 1)");
    auto* consent = raw.prepare("INSERT INTO customer_consents(customer_id, channel, status) VALUES (?, ?, ?)");
    auto* inter = raw.prepare("INSERT INTO interactions(uuid, customer_id, kind, occurred_at, amount_minor, currency, "
                              "created_at) VALUES (?, ?, ?, ?, ?, 'CNY', ?)");
    bench::Rng rng(20261204);
    const std::int64_t start = 1672531200;  // 2023-01-01
    const std::int64_t span = 4 * 365 * 86400LL;
    std::uint64_t n_inter = 0;
    for (std::uint64_t i = 0; i < o.customers; ++i) {
        const auto id = static_cast<std::int64_t>(i + 1);
        unsigned char uuid[16] = {};
        std::uint64_t u1 = rng.next(), u2 = id;
        std::memcpy(uuid, &u1, 8);
        std::memcpy(uuid + 8, &u2, 8);
        const std::string name = "客户" + std::to_string(i);
        const std::string owner = i % owners == 0 ? "li.na" : "s" + std::to_string(i % owners);
        sqlite3_bind_int64(cust, 1, id);
        sqlite3_bind_blob(cust, 2, uuid, 16, SQLITE_TRANSIENT);
        sqlite3_bind_text(cust, 3, name.c_str(), -1, SQLITE_TRANSIENT);
        if (rng.chance(0.8)) sqlite3_bind_int64(cust, 4, -7000 + static_cast<std::int64_t>(rng.below(15000)));
        else sqlite3_bind_null(cust, 4);
        sqlite3_bind_text(cust, 5, owner.c_str(), -1, SQLITE_TRANSIENT);
        const std::int64_t created = start + static_cast<std::int64_t>(rng.below(span / 2));
        sqlite3_bind_int64(cust, 6, created);
        sqlite3_bind_int64(cust, 7, created);
        if (rng.chance(0.5)) sqlite3_bind_int64(cust, 8, created + static_cast<std::int64_t>(rng.below(span / 2)));
        else sqlite3_bind_null(cust, 8);
        Raw::step(cust);
        if (rng.chance(0.9)) {
            const std::string e164 = "+86138" + std::to_string(10000000 + i);
            sqlite3_bind_int64(phone, 1, id);
            sqlite3_bind_text(phone, 2, e164.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(phone, 3, e164.c_str(), -1, SQLITE_TRANSIENT);
            Raw::step(phone);
        }
        for (auto [channel, status, p] : {std::tuple{"sms", "denied", 0.3}, std::tuple{"wechat", "granted", 0.2}}) {
            if (!rng.chance(p)) continue;
            sqlite3_bind_int64(consent, 1, id);
            sqlite3_bind_text(consent, 2, channel, -1, SQLITE_STATIC);
            sqlite3_bind_text(consent, 3, status, -1, SQLITE_STATIC);
            Raw::step(consent);
        }
        const auto k = rng.below(6);
        for (std::uint64_t j = 0; j < k; ++j) {
            std::uint64_t v1 = rng.next(), v2 = ++n_inter | (1ull << 63);
            std::memcpy(uuid, &v1, 8);
            std::memcpy(uuid + 8, &v2, 8);
            const bool purchase = rng.chance(0.6);
            const std::int64_t at = start + static_cast<std::int64_t>(rng.below(span));
            sqlite3_bind_blob(inter, 1, uuid, 16, SQLITE_TRANSIENT);
            sqlite3_bind_int64(inter, 2, id);
            sqlite3_bind_text(inter, 3, purchase ? "purchase" : "call", -1, SQLITE_STATIC);
            sqlite3_bind_int64(inter, 4, at);
            if (purchase) sqlite3_bind_int64(inter, 5, 1000 + static_cast<std::int64_t>(rng.below(100000)));
            else sqlite3_bind_null(inter, 5);
            sqlite3_bind_int64(inter, 6, at);
            Raw::step(inter);
        }
    }
    for (auto* s : {cust, phone, consent, inter}) sqlite3_finalize(s);
    raw.exec("COMMIT; ANALYZE;");
    std::cerr << "made " << o.customers << " customers, " << n_inter << " interactions\n";
}

/// The floor: the columns generation reads, by bare prepared statements.
double baseline_read(const fs::path& path) {
    Raw raw(path);
    const auto t0 = Clock::now();
    std::int64_t sum = 0;
    for (const char* sql : {"SELECT c.id, c.birthday, coalesce(c.last_verified_at, c.created_at) FROM customers c "
                            "WHERE c.status = 'active' ORDER BY c.id",
                            "SELECT i.customer_id, i.occurred_at, i.kind, i.amount_minor, i.currency FROM interactions i "
                            "JOIN customers c ON c.id = i.customer_id WHERE c.status = 'active'"}) {
        auto* s = raw.prepare(sql);
        while (sqlite3_step(s) == SQLITE_ROW) sum += sqlite3_column_int64(s, 0) + sqlite3_column_bytes(s, 2);
        sqlite3_finalize(s);
    }
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (sum == 42) std::cerr << "";
    return ms;
}

double timed_due(Database& db, Date as_of, std::size_t& count) {
    const auto t0 = Clock::now();
    count = db.reminders().due(as_of, 7).size();
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) try {
    const Options o = parse(argc, argv);
    fs::create_directories(o.dir);
    const fs::path path = o.dir / ("reminders-" + std::to_string(o.customers) + ".db");
    if (!fs::exists(path)) {
        std::cerr << "making the store " << path << "...\n";
        make_store(o, path);
    }
    const Date as_of = parse_date(o.as_of);
    const std::string load_before = bench::load_average();
    std::vector<double> base, li_first, li_again, all_first, all_again;
    std::size_t li_n = 0, all_n = 0;
    for (int r = 0; r < o.rounds; ++r) {
        std::cerr << "round " << r + 1 << "/" << o.rounds << "\n";
        {
            Raw raw(path);
            // The generation stamps too, or the first call would take the cleared table as done.
            raw.exec("DELETE FROM reminders; DELETE FROM settings WHERE key LIKE 'reminders.generated.%'");
        }
        base.push_back(baseline_read(path));
        {
            OpenOptions as_li;
            as_li.user = "li.na";
            Database li(path, as_li);
            li_first.push_back(timed_due(li, as_of, li_n));
            li_again.push_back(timed_due(li, as_of, li_n));
        }
        Database admin(path);
        all_first.push_back(timed_due(admin, as_of, all_n));
        all_again.push_back(timed_due(admin, as_of, all_n));
    }
    const double b = median(base);
    std::ostringstream md;
    md << "| call (as_of " << o.as_of << ", horizon 7 days) | reminders listed | median ms | target | "
          "× baseline read |\n|---|---:|---:|---:|---:|\n";
    auto row = [&](const char* what, std::size_t n, double ms, const char* target) {
        md << "| " << what << " | " << n << " | " << fixed(ms, 1) << " | " << target << " | " << fixed(ms / b, 2)
           << " |\n";
    };
    row("li.na (10,000 customers), first call of the day", li_n, median(li_first), "—");
    row("li.na, again the same day", li_n, median(li_again), "< 50");
    row("admin (all customers), first call of the day", all_n, median(all_first), "—");
    row("admin, again the same day", all_n, median(all_again), "< 1000");
    md << "| baseline: bare sqlite3 read of the columns generation reads (all customers) | — | " << fixed(b, 1)
       << " | — | 1.00 |\n\n";
    md << o.customers << " customers, " << o.rounds << " rounds; 1-minute load average " << load_before
       << " before, " << bench::load_average() << " after.\n";
    if (o.out.empty()) std::cout << md.str();
    else std::ofstream(o.out) << md.str();
    return 0;
} catch (const std::exception& e) {
    std::cerr << "clientele_bench_reminders: " << e.what() << "\n";
    return 1;
}
