// clientele_bench_encryption: what encryption at rest costs, plain vs encrypted measured in
// the same run (docs/benchmarks.md, "Encryption at rest").
//
// The input is generated, not committed: N customers from the benchmark generator are
// written to a CSV once (through a plain store's exporter). Then, for each of R runs and
// alternating which goes first (so load from other processes hits both alike):
//   import   the CSV into a fresh plain store and a fresh encrypted one (raw key, so the
//            Argon2id cost of a passphrase, paid once per open, is not counted);
//   lookups  on each store, opened afresh: get (UUID), find_by_email, find_by_phone of the
//            same random customers, each call timed (the first pass reads its pages
//            through the VFS: cold for SQLite's cache); then all three again on the same
//            connection, their pages now cached.
// Reported: medians over the runs, and encrypted / plain as a ratio.
//
// Usage: clientele_bench_encryption [--customers N] [--lookups N] [--runs R] [--dir DIR] [--out FILE]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "clientele/clientele.hpp"
#include "customer_data.hpp"
#include "bench_support.hpp"

namespace fs = std::filesystem;
using namespace clientele;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

OpenOptions options(bool encrypted, bool create) {
    OpenOptions o;
    o.create = create;
    if (encrypted) o.encryption.key = kKey;
    return o;
}

void remove_store(const fs::path& p) {
    std::error_code ec;
    for (const char* s : {"", "-wal", "-shm"}) fs::remove(p.string() + s, ec);
}

struct Sample {
    std::string uuid, email, phone;
};

struct Timings {
    std::vector<double> import_s, get_us, email_us, phone_us, warm_us;
};

double import_into(const fs::path& db, const fs::path& csv, bool encrypted) {
    remove_store(db);
    Database d(db, options(encrypted, true));
    const auto t = Clock::now();
    d.importer().customers(csv);
    return bench::since(t);
}

// Median microseconds per call of `call` over the samples.
template <class Call>
double per_call_us(const char* what, const std::vector<Sample>& samples, Call&& call) {
    std::vector<double> us;
    us.reserve(samples.size());
    for (const auto& s : samples) {
        const auto t = Clock::now();
        if (!call(s)) {
            std::cerr << what << " missed " << s.uuid << " " << s.email << " " << s.phone << "\n";
            std::exit(1);
        }
        us.push_back(bench::since(t) * 1e6);
    }
    return median(us);
}

void lookups(const fs::path& db, bool encrypted, const std::vector<Sample>& samples, Timings& out) {
    Database d(db, options(encrypted, false));
    out.get_us.push_back(per_call_us("get", samples, [&](const Sample& s) { return !d.customers().get(s.uuid).emails.empty(); }));
    out.email_us.push_back(per_call_us("find_by_email", samples, [&](const Sample& s) { return !d.customers().find_by_email(s.email).empty(); }));
    out.phone_us.push_back(per_call_us("find_by_phone", samples, [&](const Sample& s) { return !d.customers().find_by_phone(s.phone).empty(); }));
    // The same lookups again on the same connection: their pages are now in SQLite's page
    // cache, decrypted, as on a store in steady use.
    out.warm_us.push_back(per_call_us("warm", samples, [&](const Sample& s) {
        return !d.customers().get(s.uuid).emails.empty() && !d.customers().find_by_email(s.email).empty() &&
               !d.customers().find_by_phone(s.phone).empty();
    }));
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t customers = 20000, lookup_count = 2000;
    int runs = 3;
    fs::path dir = fs::temp_directory_path() / "clientele-bench-encryption";
    std::string out_file;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--customers") customers = std::stoull(argv[i + 1]);
        else if (a == "--lookups") lookup_count = std::stoull(argv[i + 1]);
        else if (a == "--runs") runs = std::stoi(argv[i + 1]);
        else if (a == "--dir") dir = argv[i + 1];
        else if (a == "--out") out_file = argv[i + 1];
        else {
            std::cerr << "unknown option " << a << "\n";
            return 2;
        }
    }
    fs::create_directories(dir);
    const fs::path csv = dir / "customers.csv", plain = dir / "plain.db", encrypted = dir / "encrypted.db";

    // The input: generated customers, written as the exporter writes them.
    std::vector<Sample> samples;
    {
        const fs::path seed_db = dir / "seed.db";
        remove_store(seed_db);
        Database d(seed_db, options(false, true));
        bench::CustomerGenerator gen(42, now_utc());
        bench::Rng rng(7);
        std::vector<std::uint64_t> picked;
        for (std::uint64_t k = 0; k < lookup_count; ++k) picked.push_back(rng.below(customers));
        std::sort(picked.begin(), picked.end());
        auto tx = d.transaction();
        std::size_t next = 0;
        for (std::uint64_t i = 0; i < customers; ++i) {
            const Customer c = d.customers().create(gen.customer(i));
            while (next < picked.size() && picked[next] == i) {
                if (!c.emails.empty() && !c.phones.empty())
                    samples.push_back({c.id.to_string(), c.emails[0].address, c.phones[0].e164});
                ++next;
            }
        }
        tx.commit();
        d.exporter().customers(csv);
        remove_store(seed_db);
    }
    // Exported and re-imported customers keep their UUIDs, so the samples stay valid.

    const std::string load_before = bench::load_averages();
    Timings p, e;
    for (int r = 0; r < runs; ++r) {
        const bool encrypted_first = r % 2 == 1;
        for (int k = 0; k < 2; ++k) {
            const bool enc = (k == 0) == encrypted_first;
            (enc ? e : p).import_s.push_back(import_into(enc ? encrypted : plain, csv, enc));
        }
        for (int k = 0; k < 2; ++k) {
            const bool enc = (k == 0) == encrypted_first;
            lookups(enc ? encrypted : plain, enc, samples, enc ? e : p);
        }
        std::cerr << "run " << r + 1 << "/" << runs << " done\n";
    }

    char buf[2048];
    std::snprintf(buf, sizeof buf,
                  "### Encryption at rest: plain vs encrypted (same run)\n\n"
                  "%llu customers imported from CSV, %zu lookups of each kind, medians of %d runs "
                  "(lookups: median per call within a run, then the median over runs). Load average "
                  "(1/5/15 min) before: %s, after: %s.\n\n"
                  "| operation | plain | encrypted | encrypted / plain |\n| --- | ---: | ---: | ---: |\n"
                  "| import (s) | %.3f | %.3f | %.2f× |\n"
                  "| get by UUID (µs) | %.1f | %.1f | %.2f× |\n"
                  "| find_by_email (µs) | %.1f | %.1f | %.2f× |\n"
                  "| find_by_phone (µs) | %.1f | %.1f | %.2f× |\n"
                  "| all three again, pages cached (µs) | %.1f | %.1f | %.2f× |\n",
                  static_cast<unsigned long long>(customers), samples.size(), runs, load_before.c_str(),
                  bench::load_averages().c_str(), median(p.import_s),
                  median(e.import_s), median(e.import_s) / median(p.import_s), median(p.get_us), median(e.get_us),
                  median(e.get_us) / median(p.get_us), median(p.email_us), median(e.email_us),
                  median(e.email_us) / median(p.email_us), median(p.phone_us), median(e.phone_us),
                  median(e.phone_us) / median(p.phone_us), median(p.warm_us), median(e.warm_us),
                  median(e.warm_us) / median(p.warm_us));
    std::cout << buf;
    if (!out_file.empty()) std::ofstream(out_file, std::ios::app) << buf << "\n";
    remove_store(plain);
    remove_store(encrypted);
    fs::remove(csv);
    return 0;
}
