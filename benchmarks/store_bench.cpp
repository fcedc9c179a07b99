// clientele_bench_store: how fast the store creates customers and finds them again.
//
//  1. Creates N customers through the public C++ API (Database::create_customer inside one
//     Database::transaction()) and, in the same run, writes the same rows into a second
//     database with bare sqlite3 prepared statements in one transaction. The second database
//     is created by clientele (identical schema and indexes); its loop gets the values
//     already normalized (emails, E.164 numbers, display name, sorted tags, search document)
//     and binds them with SQLITE_STATIC. Unless --no-breakdown, a third database gets the
//     bare loop with SAVEPOINT/RELEASE around each customer (what the store's WriteScope
//     does inside a caller's transaction), to show what that costs. The paths are fed in
//     rotating batches of 10,000 so that load from other processes hits them alike; only
//     the calls that write are timed, by wall clock and by the thread's CPU time. A sample
//     of customers is then compared row by row between the API and the bare file.
//  2. On the N-customer store, opened afresh: random lookups with find_by_email (case and
//     spacing varied), find_by_phone (formatting varied) and get_customer (UUID text), each
//     call timed on its own with std::chrono::steady_clock (and the thread's CPU time).
//
// Usage: clientele_bench_store [--customers N] [--lookups N] [--db-dir DIR] [--out FILE]
//                              [--seed S] [--keep] [--no-breakdown] [--lookups-only]
// --lookups-only skips part 1: it reuses the API store a run with --keep left in --db-dir
// (same --customers and --seed), or creates it untimed, and measures part 2 alone — for
// iterating on lookup latency without re-creating a million customers each time.
// Results go to stdout and, with --out, as markdown (### sections) to FILE; scripts/bench.sh
// puts them into docs/benchmarks.md. Exit status 1 if a lookup missed its customer or the
// two files differ.
#include <sqlite3.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/clientele.hpp"
#include "bare_sqlite.hpp"
#include "customer_data.hpp"
#include "store/pragmas.hpp"
#include "customers/search_text.hpp"
#include "bench_support.hpp"

namespace fs = std::filesystem;
using namespace clientele;
using Clock = std::chrono::steady_clock;

using bench::BareRow;
using bench::BareWriter;
using bench::check;
using bench::exec;
using bench::prepare_bare;

namespace {

using bench::fixed;
using bench::since;

struct Options {
    std::uint64_t customers = 1'000'000;
    std::uint64_t lookups = 100'000;
    std::uint64_t seed = 20240501;
    std::size_t batch = 10'000;
    fs::path db_dir = fs::temp_directory_path() / "clientele-bench";
    fs::path out;
    bool keep = false;
    bool breakdown = true;  // also time the bare loop with a savepoint per customer
    bool lookups_only = false;  // reuse a store kept by --keep (or make one untimed); time lookups only
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "clientele_bench_store: %s\n"
                 "usage: clientele_bench_store [--customers N] [--lookups N] [--db-dir DIR] [--out FILE] "
                 "[--seed S] [--keep] [--no-breakdown] [--lookups-only]\n",
                 why);
    std::exit(2);
}

Options parse_args(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage("missing value after an option");
            return argv[++i];
        };
        auto number = [&]() -> std::uint64_t {
            std::string v = value();
            char* end = nullptr;
            auto n = std::strtoull(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0') usage("expected a number");
            return n;
        };
        if (a == "--customers") o.customers = number();
        else if (a == "--lookups") o.lookups = number();
        else if (a == "--seed") o.seed = number();
        else if (a == "--db-dir") o.db_dir = value();
        else if (a == "--out") o.out = value();
        else if (a == "--keep") o.keep = true;
        else if (a == "--no-breakdown") o.breakdown = false;
        else if (a == "--lookups-only") o.lookups_only = true;
        else if (a == "--help" || a == "-h") usage("help");
        else usage("unknown option");
    }
    if (o.customers == 0) usage("--customers must be at least 1");
    return o;
}

// ---- small helpers ---------------------------------------------------------------------


/// CPU time of this thread (user + system), in seconds: unlike the wall clock it does not
/// count the time the thread waits for a core, which matters on a shared machine.
double thread_cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// System (kernel) CPU time of this thread so far, in seconds.
double thread_sys_s() {
    rusage ru{};
    getrusage(RUSAGE_THREAD, &ru);
    return static_cast<double>(ru.ru_stime.tv_sec) + static_cast<double>(ru.ru_stime.tv_usec) * 1e-6;
}

/// Wall, CPU and system time of the timed sections of one path.
struct Stopwatch {
    double wall = 0, cpu = 0, sys = 0;
    template <typename Fn>
    void time(Fn&& fn) {
        double s0 = thread_sys_s(), c0 = thread_cpu_s();
        auto t0 = Clock::now();
        fn();
        wall += since(t0);
        cpu += thread_cpu_s() - c0;
        sys += thread_sys_s() - s0;
    }
};

long involuntary_switches() {
    rusage ru{};
    getrusage(RUSAGE_THREAD, &ru);
    return ru.ru_nivcsw;
}

std::string group(std::uint64_t v) {  // 1234567 -> "1,234,567"
    std::string s = std::to_string(v), out;
    for (std::size_t k = 0; k < s.size(); ++k) {
        if (k && (s.size() - k) % 3 == 0) out.push_back(',');
        out.push_back(s[k]);
    }
    return out;
}

std::string mib(std::uint64_t bytes) { return fixed(static_cast<double>(bytes) / (1024.0 * 1024.0), 1) + " MiB"; }

/// A line of /proc/self/status in bytes ("VmHWM", "VmRSS"); 0 if unavailable.
std::uint64_t proc_status_bytes(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) == 0 && line.size() > std::strlen(key) && line[std::strlen(key)] == ':') {
            return std::strtoull(line.c_str() + std::strlen(key) + 1, nullptr, 10) * 1024;
        }
    }
    return 0;
}

void remove_db(const fs::path& p) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(fs::path(p.string() + suffix));
}

std::uint64_t db_bytes(const fs::path& p) {
    std::uint64_t n = 0;
    for (const char* suffix : {"", "-wal"}) {
        std::error_code ec;
        auto s = fs::file_size(fs::path(p.string() + suffix), ec);
        if (!ec) n += s;
    }
    return n;
}

// ---- comparing the two files -----------------------------------------------------------

/// Every column of the rows that belong to customer `id`, except the ones each side
/// chooses for itself (uuid, updated_at), as one text.
std::string customer_rows_text(sqlite3* db, std::int64_t id) {
    static const char* const kQueries[] = {
        "SELECT quote(external_id), kind, display_name, given_name, family_name, company_name, job_title, "
        "quote(birthday), gender, source, quote(owner_id), membership_level, custom, notes, created_at, "
        "quote(last_verified_at), status, version FROM customers WHERE id = ?1",
        "SELECT id, position, address, normalized, label, is_primary FROM customer_emails WHERE customer_id = ?1 ORDER BY id",
        "SELECT id, position, number, e164, label, is_primary FROM customer_phones WHERE customer_id = ?1 ORDER BY id",
        "SELECT id, position, label, street, city, region, postcode, country, is_primary FROM customer_addresses "
        "WHERE customer_id = ?1 ORDER BY id",
        "SELECT tag FROM customer_tags WHERE customer_id = ?1 ORDER BY tag",
        "SELECT channel, status, quote(at), method FROM customer_consents WHERE customer_id = ?1 ORDER BY channel",
        "SELECT doc FROM customer_search WHERE rowid = ?1",
    };
    std::string out;
    for (const char* sql : kQueries) {
        sqlite3_stmt* s = nullptr;
        check(db, sqlite3_prepare_v2(db, sql, -1, &s, nullptr), sql);
        sqlite3_bind_int64(s, 1, id);
        while (sqlite3_step(s) == SQLITE_ROW) {
            for (int col = 0; col < sqlite3_column_count(s); ++col) {
                const auto* t = sqlite3_column_text(s, col);
                out += t ? reinterpret_cast<const char*>(t) : "NULL";
                out += '|';
            }
            out += '\n';
        }
        sqlite3_finalize(s);
        out += "--\n";
    }
    return out;
}

std::int64_t scalar(sqlite3* db, const char* sql) {
    sqlite3_stmt* s = nullptr;
    check(db, sqlite3_prepare_v2(db, sql, -1, &s, nullptr), sql);
    std::int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    return v;
}

struct TableCount {
    const char* table;
    std::int64_t rows;
};

/// Row counts of every customer table, equal in both files; throws where they differ.
std::vector<TableCount> compare_databases(const fs::path& api_path, const fs::path& bare_path, std::uint64_t n,
                                          std::size_t& sampled) {
    sqlite3 *a = nullptr, *b = nullptr;
    check(a, sqlite3_open_v2(api_path.string().c_str(), &a, SQLITE_OPEN_READONLY, nullptr), "open");
    check(b, sqlite3_open_v2(bare_path.string().c_str(), &b, SQLITE_OPEN_READONLY, nullptr), "open");
    std::vector<TableCount> counts;
    try {
        for (const char* table : {"customers", "customer_emails", "customer_phones", "customer_addresses",
                                  "customer_tags", "customer_consents", "customer_search"}) {
            std::string sql = std::string("SELECT count(*) FROM ") + table;
            auto ca = scalar(a, sql.c_str()), cb = scalar(b, sql.c_str());
            if (ca != cb)
                throw std::runtime_error(std::string("row counts of ") + table + " differ: API " + std::to_string(ca) +
                                         ", bare " + std::to_string(cb));
            counts.push_back({table, ca});
        }
        std::uint64_t step = std::max<std::uint64_t>(1, n / 2000);
        sampled = 0;
        for (std::uint64_t id = 1; id <= n; id += step) {
            auto ta = customer_rows_text(a, static_cast<std::int64_t>(id));
            auto tb = customer_rows_text(b, static_cast<std::int64_t>(id));
            if (ta != tb)
                throw std::runtime_error("customer #" + std::to_string(id) + " differs between the API and the bare file:\n" +
                                         ta + "\nvs\n" + tb);
            ++sampled;
        }
    } catch (...) {
        sqlite3_close(a);
        sqlite3_close(b);
        throw;
    }
    sqlite3_close(a);
    sqlite3_close(b);
    return counts;
}

// ---- latencies ---------------------------------------------------------------------------

double pct(const std::vector<double>& sorted, double q) {  // nearest rank
    if (sorted.empty()) return 0;
    auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0 : s / static_cast<double>(v.size());
}

struct Latency {
    std::string call;
    std::vector<double> us;      // per call, wall clock (steady_clock), microseconds
    std::vector<double> cpu_us;  // per call, this thread's CPU time, microseconds
    std::uint64_t misses = 0;

    template <typename Fn>
    void time(Fn&& fn) {
        double c0 = thread_cpu_s();
        auto t0 = Clock::now();
        fn();
        auto t1 = Clock::now();
        double c1 = thread_cpu_s();
        us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        cpu_us.push_back((c1 - c0) * 1e6);
    }
};

}  // namespace

struct Lookups {
    Latency email{"`find_by_email`", {}, {}, 0}, phone{"`find_by_phone`", {}, {}, 0},
        by_uuid{"`get_customer` (UUID)", {}, {}, 0}, duplicates{"`find_duplicates`", {}, {}, 0};
    long preempted = 0;
    double cpu = 0, sys = 0;  // the whole lookup loop, incl. its untimed parts
};

// Random lookups on a connection opened afresh; customer i of `gen` has UUID uuids[i].
Lookups run_lookups(const fs::path& api_path, const bench::CustomerGenerator& gen,
                    const std::vector<std::array<std::uint8_t, 16>>& uuids, const Options& opt) {
    const std::uint64_t n = uuids.size();
    Lookups r;
    auto& [email, phone, by_uuid, duplicates, preempted, lookup_cpu, lookup_sys] = r;
    {
        Database db(api_path, OpenOptions{.user = "admin"});
        bench::Rng pick(opt.seed ^ 0x1234567887654321ull);
        for (auto* l : {&email, &phone, &by_uuid}) {
            l->us.reserve(opt.lookups);
            l->cpu_us.reserve(opt.lookups);
        }
        auto has = [](const std::vector<Customer>& found, const std::array<std::uint8_t, 16>& id) {
            return std::any_of(found.begin(), found.end(), [&](const Customer& c) { return c.id.bytes() == id; });
        };
        const long switches0 = involuntary_switches();
        const double lookup_cpu0 = thread_cpu_s(), lookup_sys0 = thread_sys_s();
        for (std::uint64_t k = 0; k < opt.lookups; ++k) {
            // Interleaved, so the three calls meet the same cache and machine conditions.
            {
                auto i = pick.below(n);
                Customer c = gen.customer(i);
                const auto& e = c.emails[pick.below(c.emails.size())];
                std::string q = gen.email_query(e.address, 3 * k);
                std::vector<Customer> found;
                email.time([&] { found = db.customers().find_by_email(q); });
                if (!has(found, uuids[i])) ++email.misses;
            }
            {
                auto i = pick.below(n);
                Customer c = gen.customer(i);
                std::string region = c.addresses.front().country;
                const auto& p = c.phones[pick.below(c.phones.size())];
                std::string q = gen.phone_query(normalize_phone(p.number, region), 3 * k + 1);
                std::vector<Customer> found;
                phone.time([&] { found = db.customers().find_by_phone(q); });
                if (!has(found, uuids[i])) ++phone.misses;
            }
            {
                auto i = pick.below(n);
                std::string q = Uuid(uuids[i]).to_string();
                if (pick.chance(0.3))
                    for (auto& ch : q) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
                std::optional<Customer> found;
                by_uuid.time([&] { found = db.customers().get(q); });
                if (found->id.bytes() != uuids[i]) ++by_uuid.misses;
            }
        }
        preempted = involuntary_switches() - switches0;
        lookup_cpu = thread_cpu_s() - lookup_cpu0;
        lookup_sys = thread_sys_s() - lookup_sys0;
        // The per-insert check: a stored customer typed in again (another email case, another
        // phone format) must find itself.
        for (std::uint64_t k = 0; k < std::max<std::uint64_t>(100, opt.lookups / 10); ++k) {
            auto i = pick.below(n);
            Customer c = gen.customer(i);
            c.emails.front().address = gen.email_query(c.emails.front().address, 7 * k);
            // Every other one without its email and phone: found through the name,
            // birthday and address keys alone.
            if (k % 2) {
                c.emails.clear();
                c.phones.clear();
            }
            std::vector<DuplicateMatch> found;
            duplicates.time([&] { found = db.duplicates().find(c); });
            const std::string id = Uuid(uuids[i]).to_string();
            if (std::none_of(found.begin(), found.end(), [&](const DuplicateMatch& m) { return m.id == id; }))
                ++duplicates.misses;
        }
    }
    for (auto* l : {&email, &phone, &by_uuid, &duplicates}) {
        std::sort(l->us.begin(), l->us.end());
        std::sort(l->cpu_us.begin(), l->cpu_us.end());
    }
    return r;
}

// The lookup table and the sentence under it.
void lookup_report(std::ostream& md, const Lookups& r, std::uint64_t n, const Options& opt) {
    auto met = [](bool ok) { return ok ? "**met**" : "**not met**"; };
    md << "### Lookups on the " << group(n) << "-customer store\n\n"
       << group(opt.lookups) << " calls each, customers picked at random, the three calls interleaved, on a "
       << "connection opened afresh after the load (the file is in the OS page cache; the store's connection has a "
       << "64 MiB page cache and maps the file into memory, up to 2 GiB). Emails are looked up with their case and surrounding white space varied; phones in "
       << "formats such as `138-1234-5678`, `+86 138 1234 5678`, `0086 13812345678`, `+1 (415) 382-1234`; "
       << "UUIDs in lower or upper case. Each call returns the whole `Customer` with its contacts and tags. "
       << "*Wall* is `steady_clock` around each call (the target's measure); *CPU* is the thread's CPU time "
       << "around the same call.\n\n"
       << "| call | p50 | p90 | p99 | max | mean | CPU p50 | CPU p99 | not found | wall p99 < 100 µs |\n"
       << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
    // One table row of a call's percentiles, judged against its p99 target.
    auto row = [&](const Latency& l, double p99_target_us) {
        md << "| " << l.call << " | " << fixed(pct(l.us, 0.50), 1) << " | " << fixed(pct(l.us, 0.90), 1) << " | "
           << fixed(pct(l.us, 0.99), 1) << " | " << fixed(l.us.empty() ? 0 : l.us.back(), 1) << " | "
           << fixed(mean(l.us), 1) << " | " << fixed(pct(l.cpu_us, 0.50), 1) << " | "
           << fixed(pct(l.cpu_us, 0.99), 1) << " | " << l.misses << " | " << met(pct(l.us, 0.99) < p99_target_us)
           << " |\n";
    };
    for (const auto* l : {&r.email, &r.phone, &r.by_uuid}) row(*l, 100);
    md << "\nAll times in µs. The thread was preempted " << group(static_cast<std::uint64_t>(r.preempted))
       << " times during the " << group(3 * opt.lookups) << " calls (involuntary context switches). "
       << "Kernel time was " << fixed(100.0 * r.sys / std::max(r.cpu, 1e-9), 0)
       << "% of the lookup loop's CPU time (reading pages from the OS cache, WAL locks).\n\n"
       << "The per-insert duplicate check, `find_duplicates(candidate)` with its defaults (the 10 customers "
       << "with the most evidence — a shared email or phone, shared name, birthday and address keys — scored by "
       << "the dedupe engine's fixed model): " << group(r.duplicates.us.size())
       << " stored customers typed in again, half with the email's case and spacing varied, half with no email or "
       << "phone at all (found by name, birthday and address).\n\n"
       << "| call | p50 | p90 | p99 | max | mean | CPU p50 | CPU p99 | not found | wall p99 < 1 ms |\n"
       << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
    row(r.duplicates, 1000);

}

// --lookups-only: the kept store of an earlier run (or one made now, untimed), then part 2.
int lookups_only(const Options& opt, const fs::path& api_path, const bench::CustomerGenerator& gen) {
    const std::uint64_t n = opt.customers;
    if (!fs::exists(api_path)) {
        std::printf("no kept store at %s: creating %s customers (untimed)\n", api_path.string().c_str(), group(n).c_str());
        std::fflush(stdout);
        Database db(api_path, OpenOptions{.user = "admin", .create = true});
        auto tx = db.transaction();
        for (std::uint64_t i = 0; i < n; ++i) (void)db.customers().create(gen.customer(i));
        tx.commit();
    }
    // Customer i of the generator went in as row i + 1 (one writer, in order).
    std::vector<std::array<std::uint8_t, 16>> uuids;
    uuids.reserve(n);
    {
        sqlite3* db = nullptr;
        check(db, sqlite3_open_v2(api_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), "opening the kept store");
        sqlite3_stmt* q = nullptr;
        check(db, sqlite3_prepare_v2(db, "SELECT uuid FROM customers ORDER BY id", -1, &q, nullptr), "reading uuids");
        while (sqlite3_step(q) == SQLITE_ROW) {
            std::array<std::uint8_t, 16> u{};
            std::memcpy(u.data(), sqlite3_column_blob(q, 0), u.size());
            uuids.push_back(u);
        }
        sqlite3_finalize(q);
        sqlite3_close(db);
    }
    if (uuids.size() != n)
        throw std::runtime_error(api_path.string() + " holds " + std::to_string(uuids.size()) + " customers, not " +
                                 std::to_string(n) + ": keep a store made with the same --customers and --seed");
    const std::string load_before = bench::load_averages();
    const Lookups look = run_lookups(api_path, gen, uuids, opt);
    std::ostringstream md;
    lookup_report(md, look, n, opt);
    md << "\nLoad average before / after: " << load_before << " / " << bench::load_averages() << ". Peak RSS (VmHWM): "
       << mib(proc_status_bytes("VmHWM")) << ". Arguments: `--customers " << n << " --lookups " << opt.lookups
       << " --seed " << opt.seed << " --lookups-only`.\n";
    std::cout << "\n" << md.str();
    if (!opt.out.empty()) {
        std::ofstream out(opt.out);
        out << md.str();
        if (!out) throw std::runtime_error("cannot write " + opt.out.string());
    }
    return look.email.misses + look.phone.misses + look.by_uuid.misses > 0 ? 1 : 0;
}

int main(int argc, char** argv) try {
    const Options opt = parse_args(argc, argv);
    const std::uint64_t n = opt.customers;
    fs::create_directories(opt.db_dir);
    const fs::path api_path = opt.db_dir / "store-api.db";
    const fs::path bare_path = opt.db_dir / "store-bare.db";
    const fs::path sp_path = opt.db_dir / "store-bare-savepoints.db";
    const Timestamp now = now_utc();
    const bench::CustomerGenerator gen(opt.seed, now);
    if (opt.lookups_only) return lookups_only(opt, api_path, gen);
    remove_db(api_path);
    remove_db(bare_path);
    remove_db(sp_path);

    std::printf("clientele_bench_store: %s customers, %s lookups per call, seed %" PRIu64 ", files in %s\n",
                group(n).c_str(), group(opt.lookups).c_str(), opt.seed, opt.db_dir.string().c_str());
    const std::string load_before = bench::load_averages();

    // ---- 1. create: API vs bare sqlite, alternating batches --------------------------------
    // The baselines get the same schema, made by clientele.
    { Database init(bare_path, OpenOptions{.user = "admin", .create = true}); }
    if (opt.breakdown) { Database init(sp_path, OpenOptions{.user = "admin", .create = true}); }
    std::vector<std::array<std::uint8_t, 16>> uuids(n);
    Stopwatch api, bare, prep, sp;
    std::uint64_t rows_written = 0;
    {
        Database db(api_path, OpenOptions{.user = "admin", .create = true});
        BareWriter writer(bare_path);
        std::optional<BareWriter> sp_writer;
        if (opt.breakdown) sp_writer.emplace(sp_path, true);
        bench::Rng uuid_rng(opt.seed ^ 0x5555AAAA5555AAAAull);
        std::optional<Transaction> tx;
        api.time([&] { tx.emplace(db.transaction()); });
        bare.time([&] { writer.begin(); });
        if (sp_writer) sp.time([&] { sp_writer->begin(); });

        std::vector<Customer> inputs;
        std::vector<BareRow> rows;
        auto last_report = Clock::now();
        for (std::uint64_t start = 0, batch = 0; start < n; start += opt.batch, ++batch) {
            const std::uint64_t end = std::min<std::uint64_t>(n, start + opt.batch);
            inputs.clear();
            rows.clear();
            for (std::uint64_t i = start; i < end; ++i) inputs.push_back(gen.customer(i));
            prep.time([&] {
                for (const auto& c : inputs) rows.push_back(prepare_bare(c, now, uuid_rng));
            });
            for (const auto& r : rows)
                rows_written += 2 + r.c.emails.size() + r.c.phones.size() + r.c.addresses.size() + r.c.tags.size();

            auto run_api = [&] {
                api.time([&] {
                    std::uint64_t i = start;
                    for (const auto& c : inputs) uuids[i++] = db.customers().create(c).id.bytes();
                });
            };
            auto run_bare = [&] {
                bare.time([&] {
                    for (const auto& r : rows) writer.insert(r);
                });
            };
            auto run_sp = [&] {
                if (!sp_writer) return;
                sp.time([&] {
                    for (const auto& r : rows) sp_writer->insert(r);
                });
            };
            switch (batch % 3) {  // each path goes first, second and third in turn
                case 0: run_api(); run_bare(); run_sp(); break;
                case 1: run_bare(); run_sp(); run_api(); break;
                default: run_sp(); run_api(); run_bare(); break;
            }
            if (since(last_report) > 15 || end == n) {
                last_report = Clock::now();
                std::printf("  %s/%s created: API %.0f/s, bare %.0f/s (wall); load %s\n", group(end).c_str(),
                            group(n).c_str(), static_cast<double>(end) / api.wall, static_cast<double>(end) / bare.wall,
                            bench::load_averages().c_str());
                std::fflush(stdout);
            }
        }
        api.time([&] { tx->commit(); });
        bare.time([&] { writer.commit(); });
        if (sp_writer) sp.time([&] { sp_writer->commit(); });
    }
    const std::uint64_t hwm_after_create = proc_status_bytes("VmHWM");
    const double nd = static_cast<double>(n), rowsd = static_cast<double>(rows_written);
    const double ratio_wall = bare.wall / api.wall, ratio_cpu = bare.cpu / api.cpu;
    std::printf("create: API %.2f s wall / %.2f s CPU, bare %.2f s / %.2f s; API/bare rate %.3f (wall), %.3f (CPU)\n",
                api.wall, api.cpu, bare.wall, bare.cpu, ratio_wall, ratio_cpu);

    std::size_t sampled = 0;
    auto counts = compare_databases(api_path, bare_path, n, sampled);
    std::printf("compared %zu sampled customers row by row: identical\n", sampled);
    std::fflush(stdout);
    const std::uint64_t api_bytes = db_bytes(api_path), bare_bytes = db_bytes(bare_path);
    if (!opt.keep) remove_db(sp_path);
    const std::string load_mid = bench::load_averages();

    // ---- 2. lookups on the N-customer store ----------------------------------------------------
    const Lookups look = run_lookups(api_path, gen, uuids, opt);
    const std::uint64_t hwm = proc_status_bytes("VmHWM");
    const std::string load_end = bench::load_averages();

    // ---- report -------------------------------------------------------------------------------
    std::ostringstream md;
    auto met = [](bool ok) { return ok ? "**met**" : "**not met**"; };
    auto per_s = [](double count, double s) { return group(static_cast<std::uint64_t>(count / s)); };
    md << "### Creating " << group(n) << " customers\n\n"
       << "One explicit transaction per database. The two are fed in alternating batches of " << group(opt.batch)
       << " customers and only the writing calls are timed (generating the input is not), so load from other "
       << "processes falls on both alike. *Wall* is `steady_clock`; *CPU* is the thread's CPU time "
       << "(`CLOCK_THREAD_CPUTIME_ID`, user + system), which leaves out time spent waiting for a core.\n\n"
       << "| path | wall (s) | customers/s (wall) | rows/s (wall) | CPU (s) | of it kernel | customers/s (CPU) |\n"
       << "|---|---:|---:|---:|---:|---:|---:|\n"
       << "| clientele API: `Database::create_customer` inside one `Database::transaction()` | " << fixed(api.wall, 2)
       << " | " << per_s(nd, api.wall) << " | " << per_s(rowsd, api.wall) << " | " << fixed(api.cpu, 2) << " | "
       << fixed(api.sys, 2) << " | " << per_s(nd, api.cpu) << " |\n"
       << "| bare sqlite3: prepared inserts of the same rows, values already normalized | " << fixed(bare.wall, 2)
       << " | " << per_s(nd, bare.wall) << " | " << per_s(rowsd, bare.wall) << " | " << fixed(bare.cpu, 2) << " | "
       << fixed(bare.sys, 2) << " | " << per_s(nd, bare.cpu) << " |\n"
       << "| *for reference:* bare sqlite3 plus computing its values with the public API (`normalize_email`, "
          "`normalize_phone`, `derive_display_name`) and the search document | "
       << fixed(bare.wall + prep.wall, 2) << " | " << per_s(nd, bare.wall + prep.wall) << " | "
       << per_s(rowsd, bare.wall + prep.wall) << " | " << fixed(bare.cpu + prep.cpu, 2) << " | "
       << fixed(bare.sys + prep.sys, 2) << " | " << per_s(nd, bare.cpu + prep.cpu) << " |\n";
    if (opt.breakdown)
        md << "| *diagnostic:* bare sqlite3 with `SAVEPOINT`/`RELEASE` (via `sqlite3_exec`) around each customer, as "
              "the store's `WriteScope` does inside a caller's transaction | "
           << fixed(sp.wall, 2) << " | " << per_s(nd, sp.wall) << " | " << per_s(rowsd, sp.wall) << " | "
           << fixed(sp.cpu, 2) << " | " << fixed(sp.sys, 2) << " | " << per_s(nd, sp.cpu) << " |\n";
    md << "\n"
       << "**API rate / bare rate = " << fixed(ratio_wall, 3) << "** by wall clock, " << fixed(ratio_cpu, 3)
       << " by CPU time (target ≥ 0.50: " << met(ratio_wall >= 0.5) << "). "
       << "Rows per customer: the customers row, its emails, phones, addresses and tags, and its FTS5 row; "
       << group(rows_written) << " rows in all. The bare database is created by clientele (identical schema and "
       << "indexes) and opened with the store's own pragmas (`src/store/pragmas.hpp`: WAL, `synchronous=NORMAL`, "
       << "foreign keys, in-memory temp store, 64 MiB page cache, memory-mapped reads); its loop binds "
       << "with `SQLITE_STATIC` and writes the FTS5 row with a plain `INSERT`. "
       << group(sampled) << " customers sampled evenly were compared column by column (all but `uuid` and "
       << "`updated_at`, incl. the FTS5 document) between the two files, and every table's row count: identical.\n\n";
    if (opt.breakdown) {
        auto part = [&](const char* what, double cpu_s) {
            md << "| " << what << " | " << fixed(cpu_s / nd * 1e6, 1) << " | " << fixed(100.0 * cpu_s / api.cpu, 0)
               << "% |\n";
        };
        md << "Where the API's CPU time per customer goes, estimated by subtracting the rows above (CPU time, so "
              "other processes do not distort it):\n\n"
           << "| part of `create_customer` | µs per customer | share |\n|---|---:|---:|\n";
        // The store takes no savepoint for a create (WriteScope::Undo::self), so the
        // diagnostic row is a comparison, not a part of create_customer.
        part("writing the rows (the bare loop)", bare.cpu);
        part("computing the stored values: `normalize_email`, `normalize_phone`, display name, search document",
             prep.cpu);
        part("the rest: validation, statement cache lookups by SQL text, `SQLITE_TRANSIENT` copies, copies of the "
             "`Customer`, ...",
             api.cpu - bare.cpu - prep.cpu);
        md << "| **total** (`create_customer`) | **" << fixed(api.cpu / nd * 1e6, 1) << "** | 100% |\n\n";
    }

    lookup_report(md, look, n, opt);
    md << "\n### Size, memory, conditions\n\n| | |\n|---|---:|\n"
       << "| database file, API (after close) | " << mib(api_bytes) << " (" << group(api_bytes / n) << " bytes/customer) |\n"
       << "| database file, bare | " << mib(bare_bytes) << " |\n"
       << "| peak RSS after creating (VmHWM; both connections in one process) | " << mib(hwm_after_create) << " |\n"
       << "| peak RSS at the end (VmHWM) | " << mib(hwm) << " |\n";
    for (const auto& t : counts) md << "| rows in `" << t.table << "` | " << group(static_cast<std::uint64_t>(t.rows)) << " |\n";
    md << "| SQLite | " << sqlite3_libversion() << " |\n"
       << "| load average at start / after creating / at end | " << load_before << " / " << load_mid << " / "
       << load_end << " |\n"
       << "| arguments | `--customers " << n << " --lookups " << opt.lookups << " --seed " << opt.seed << "` |\n";

    std::cout << "\n" << md.str();
    if (!opt.out.empty()) {
        std::ofstream out(opt.out);
        out << md.str();
        if (!out) throw std::runtime_error("cannot write " + opt.out.string());
    }
    if (!opt.keep) {
        remove_db(api_path);
        remove_db(bare_path);
    }
    bool failed = look.email.misses + look.phone.misses + look.by_uuid.misses > 0;
    return failed ? 1 : 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "clientele_bench_store: %s\n", e.what());
    return 1;
}
