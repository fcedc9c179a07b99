// clientele_bench_audit: what the audit trail costs (docs/audit.md). The target: auditing
// costs at most 15% on create and update throughput and on bulk import.
//
// The same work runs with the database's `audit` setting on and off, in alternating order
// within each round, on fresh stores in the same directory; medians of the rounds:
//  1. N customers created one call each (each its own transaction, as an application does);
//  2. the same N customers updated one call each (a changed note: one field's before/after);
//  3. an import of M customers from CSV (one transaction; an entry per row and a summary);
//  4. an import of M interactions from CSV.
// The CSV inputs are exports of a generated store (benchmarks/customer_data), so they hold
// what an export holds: emails, phones, addresses, tags, consent, birthdays.
//
// Usage: clientele_bench_audit [--customers N] [--import M] [--rounds R] [--dir DIR] [--out FILE]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
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
    std::uint64_t customers = 20'000;
    std::uint64_t import = 100'000;
    int rounds = 3;
    fs::path dir = fs::temp_directory_path() / "clientele-bench-audit";
    std::string out;
};

Options parse(int argc, char** argv) {
    Options o;
    bench::parse_options(argc, argv, [&](const std::string& a, auto& value) {
        if (a == "--customers") o.customers = std::stoull(value());
        else if (a == "--import") o.import = std::stoull(value());
        else if (a == "--rounds") o.rounds = std::stoi(value());
        else if (a == "--dir") o.dir = value();
        else if (a == "--out") o.out = value();
        else return false;
        return true;
    });
    return o;
}

// Wall time and this process's CPU time (user + system) of one phase. Other work on the
// machine stretches wall time; CPU time shows what the phase itself did, so the table gives
// both.
struct Stopwatch {
    Clock::time_point wall = Clock::now();
    double cpu = cpu_now();
    static double cpu_now() {
        timespec t{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
    }
    double wall_s() const { return std::chrono::duration<double>(Clock::now() - wall).count(); }
    double cpu_s() const { return cpu_now() - cpu; }
};

void remove_db(const fs::path& p) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(fs::path(p.string() + suffix));
}

Database fresh(const fs::path& p, bool audit) {
    remove_db(p);
    Database db(p, {.user = "admin", .create = true});
    db.settings().set("audit", audit ? "on" : "off");
    return db;
}

// The import inputs: a generated store exported to CSV, customers and their purchases.
void make_inputs(const Options& o, const fs::path& customers_csv, const fs::path& interactions_csv) {
    const fs::path src = o.dir / "source.db";
    {
    Database db = fresh(src, false);
    bench::CustomerGenerator gen(42, now_utc());
    {
        auto t = db.transaction();
        for (std::uint64_t i = 0; i < o.import; ++i) {
            Customer c = gen.customer(i);
            c.external_id = "B" + std::to_string(i);
            db.customers().create(c);
            Interaction p;
            p.customer_external_id = c.external_id;
            p.kind = InteractionKind::purchase;
            p.occurred_at = Timestamp(std::chrono::seconds(1'700'000'000 + static_cast<std::int64_t>(i) * 37));
            p.amount_minor = 1000 + static_cast<std::int64_t>(i % 9000);
            p.external_id = "O" + std::to_string(i);
            db.interactions().add(p);
        }
        t.commit();
    }
    db.exporter().customers(customers_csv);
    db.exporter().interactions(interactions_csv);
    }
    remove_db(src);
}

// Per phase: operations per second of wall time, and CPU microseconds per operation.
struct Phase {
    std::vector<double> rate, cpu_us;
    void add(const Stopwatch& w, double ops) {
        rate.push_back(ops / w.wall_s());
        cpu_us.push_back(w.cpu_s() * 1e6 / ops);
    }
};

struct Timings {
    Phase create, update, import, interactions;
};

void round(const Options& o, bool audit, const fs::path& customers_csv, const fs::path& interactions_csv, Timings& t) {
    const fs::path p = o.dir / (audit ? "on.db" : "off.db");
    {
        Database db = fresh(p, audit);
        bench::CustomerGenerator gen(7, now_utc());
        std::vector<std::string> ids;
        ids.reserve(o.customers);
        // The generated customers are made before the clock starts: the phase is the calls.
        std::vector<Customer> made;
        made.reserve(o.customers);
        for (std::uint64_t i = 0; i < o.customers; ++i) made.push_back(gen.customer(i));
        Stopwatch w;
        for (const auto& c : made) ids.push_back(db.customers().create(c).id.to_string());
        t.create.add(w, static_cast<double>(o.customers));
        w = Stopwatch();
        for (std::uint64_t i = 0; i < o.customers; ++i)
            db.customers().update(ids[i], R"({"notes": "called back, wants the catalogue"})", 1);
        t.update.add(w, static_cast<double>(o.customers));
    }
    {
        Database db = fresh(p, audit);
        Stopwatch w;
        const auto r = db.importer().customers(customers_csv);
        if (!r.committed) throw std::runtime_error("the customer import failed");
        t.import.add(w, static_cast<double>(r.created));
        w = Stopwatch();
        const auto ri = db.importer().interactions(interactions_csv);
        if (!ri.committed) throw std::runtime_error("the interaction import failed");
        t.interactions.add(w, static_cast<double>(ri.created));
    }
    remove_db(p);
}

}  // namespace

int main(int argc, char** argv) try {
    const Options o = parse(argc, argv);
    fs::create_directories(o.dir);
    const fs::path customers_csv = o.dir / "customers.csv", interactions_csv = o.dir / "interactions.csv";
    std::cerr << "making " << o.import << " customers and purchases to import...\n";
    make_inputs(o, customers_csv, interactions_csv);
    const std::string load_before = bench::load_average();
    Timings on, off;
    for (int r = 0; r < o.rounds; ++r) {
        // Alternate which goes first, so a trend in the machine's load falls on both.
        const bool first = r % 2 == 0;
        std::cerr << "round " << r + 1 << "/" << o.rounds << "\n";
        round(o, first, customers_csv, interactions_csv, first ? on : off);
        round(o, !first, customers_csv, interactions_csv, first ? off : on);
    }
    std::ostringstream md;
    md << "| operation | audit off (per s) | audit on (per s) | cost (wall) | CPU µs/op off | CPU µs/op on | cost (CPU) |\n"
       << "|---|---:|---:|---:|---:|---:|---:|\n";
    const auto row = [&](const char* what, const Phase& a, const Phase& b) {
        const double x = median(a.rate), y = median(b.rate), cx = median(a.cpu_us), cy = median(b.cpu_us);
        md << "| " << what << " | " << fixed(x, 0) << " | " << fixed(y, 0) << " | " << fixed((x / y - 1) * 100, 1)
           << "% | " << fixed(cx, 1) << " | " << fixed(cy, 1) << " | " << fixed((cy / cx - 1) * 100, 1) << "% |\n";
    };
    row(("create, one call each (" + std::to_string(o.customers) + ")").c_str(), off.create, on.create);
    row(("update, one call each (" + std::to_string(o.customers) + ")").c_str(), off.update, on.update);
    row(("import customers from CSV (" + std::to_string(o.import) + ")").c_str(), off.import, on.import);
    row(("import interactions from CSV (" + std::to_string(o.import) + ")").c_str(), off.interactions, on.interactions);
    md << "\nMedians of " << o.rounds << " rounds; cost = time with auditing / time without − 1, on wall time and on the "
       << "process's CPU time (user + system; wall time also holds fsync waits and other work on the machine). Load average "
       << "(1 min, 2 cores) " << load_before << " before, " << bench::load_average() << " after.\n";
    std::cout << md.str();
    if (!o.out.empty()) std::ofstream(o.out) << md.str();
    fs::remove(customers_csv);
    fs::remove(interactions_csv);
    return 0;
} catch (const std::exception& e) {
    std::cerr << "clientele_bench_audit: " << e.what() << "\n";
    return 1;
}
