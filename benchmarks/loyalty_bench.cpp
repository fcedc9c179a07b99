// clientele_bench_loyalty: what earning points costs the interaction import, and how long
// evaluate_levels takes (issue 16, docs/loyalty.md).
//
//  1. Makes a store of C customers (imported from a generated CSV) and writes P purchases
//     (external_id, customer, time over two years, amount) to a CSV file.
//  2. Each round copies the store twice and imports the purchases into one copy with no rule
//     set (the plain interaction import) and into the other with a rule set that earns
//     (points per yuan, level and tag multipliers, a campaign, birthday month, expiry),
//     alternating which goes first. The ratio earn rate / plain rate is the target (>= 0.5).
//  3. evaluate_levels over the copy with the rules (C customers, every one evaluated and the
//     first run gives each its level), then again a month later (few changes).
//  Medians of the rounds.
//
// Usage: clientele_bench_loyalty [--customers N] [--purchases N] [--rounds R] [--dir DIR]
//                                [--out FILE]
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
#include "bench_support.hpp"

namespace fs = std::filesystem;
using namespace clientele;
using Clock = std::chrono::steady_clock;

namespace {

using bench::fixed;
using bench::median;
using bench::since;

struct Options {
    std::uint64_t customers = 1'000'000;
    std::uint64_t purchases = 10'000'000;
    int rounds = 3;
    fs::path dir = fs::temp_directory_path() / "clientele-bench-loyalty";
    std::string out;
};

Options parse(int argc, char** argv) {
    Options o;
    bench::parse_options(argc, argv, [&](const std::string& a, auto& value) {
        if (a == "--customers") o.customers = std::stoull(value());
        else if (a == "--purchases") o.purchases = std::stoull(value());
        else if (a == "--rounds") o.rounds = std::stoi(value());
        else if (a == "--dir") o.dir = value();
        else if (a == "--out") o.out = value();
        else return false;
        return true;
    });
    return o;
}

void remove_db(const fs::path& p) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(fs::path(p.string() + suffix));
}

// A small deterministic generator (xorshift): the same data every run.
struct Random {
    std::uint64_t s = 0x9E3779B97F4A7C15ull;
    std::uint64_t next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
};

const char* kRules = R"({
  "earn": {"currency": "CNY", "points_per_unit": 1, "rounding": "floor"},
  "multipliers": {"levels": {"金卡": 1.5, "钻石": 2}, "tags": {"vip": 2}},
  "campaigns": [{"name": "双11", "from": "2025-11-01", "to": "2025-11-11", "multiplier": 2}],
  "birthday_month": {"multiplier": 2},
  "expiry": {"months": 24},
  "levels": {"basis": "spend", "window_months": 12, "review": "01-01",
             "tiers": [{"name": "普通", "min": 0}, {"name": "银卡", "min": 200000},
                       {"name": "金卡", "min": 800000}, {"name": "钻石", "min": 2000000}]}
})";

void make_store(const Options& o, const fs::path& db, const fs::path& csv_dir) {
    const auto customers = csv_dir / "customers.csv";
    {
        std::ofstream out(customers, std::ios::binary | std::ios::trunc);
        out << "external_id,given_name,family_name,birthday,tags\n";
        Random r;
        for (std::uint64_t i = 0; i < o.customers; ++i) {
            const auto v = r.next();
            out << 'K' << i << ",名" << (v % 1000) << ",王," << (1960 + v % 40) << '-' << (1 + (v >> 8) % 12 < 10 ? "0" : "")
                << (1 + (v >> 8) % 12) << "-15," << ((v >> 16) % 10 == 0 ? "vip" : "") << '\n';
        }
    }
    remove_db(db);
    Database store(db, {.create = true});
    const auto report = store.importer().customers(customers);
    if (!report.committed || static_cast<std::uint64_t>(report.created) != o.customers) throw std::runtime_error("customer import failed");
}

void write_purchases(const Options& o, const fs::path& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << "external_id,customer_id,timestamp,amount\n";
    Random r;
    // Two years from 2024-11-01 (1730419200).
    for (std::uint64_t i = 0; i < o.purchases; ++i) {
        const auto v = r.next();
        const std::int64_t t = 1730419200 + static_cast<std::int64_t>(v % (2 * 365 * 86400ull));
        const auto fen = 100 + (v >> 24) % 200000;
        out << 'P' << i << ",K" << ((v >> 40) % o.customers) << ',' << t << ',' << fen / 100 << '.'
            << (fen % 100 < 10 ? "0" : "") << fen % 100 << '\n';
    }
}

double import_purchases(const fs::path& db, const fs::path& csv, bool rules) {
    Database store(db);
    if (rules) store.loyalty().set_rules(kRules);
    ImportOptions io;
    io.time_unit = TimeUnit::seconds;
    const auto t0 = Clock::now();
    const auto report = store.importer().interactions(csv, io);
    const double s = since(t0);
    if (!report.committed) throw std::runtime_error("interaction import failed");
    return s;
}

}  // namespace

int main(int argc, char** argv) try {
    const Options o = parse(argc, argv);
    fs::create_directories(o.dir);
    const auto base = o.dir / "base.db";
    const auto csv = o.dir / "purchases.csv";
    std::cerr << "making " << o.customers << " customers and " << o.purchases << " purchases in " << o.dir << "\n";
    make_store(o, base, o.dir);
    write_purchases(o, csv);
    std::vector<double> plain, earn, levels, relevels;
    std::size_t changes = 0, later_changes = 0;
    for (int round = 0; round < o.rounds; ++round) {
        const auto a = o.dir / "plain.db", b = o.dir / "earn.db";
        remove_db(a);
        remove_db(b);
        fs::copy_file(base, a);
        fs::copy_file(base, b);
        auto run = [&](bool rules) {
            const double s = import_purchases(rules ? b : a, csv, rules);
            (rules ? earn : plain).push_back(s);
            std::cerr << "round " << round << (rules ? " earn " : " plain ") << s << " s\n";
        };
        if (round % 2 == 0) {
            run(false);
            run(true);
        } else {
            run(true);
            run(false);
        }
        Database store(b);
        const auto t0 = Clock::now();
        changes = store.loyalty().evaluate_levels(parse_timestamp("2026-10-31")).size();
        levels.push_back(since(t0));
        std::cerr << "round " << round << " evaluate_levels " << levels.back() << " s, " << changes << " changes\n";
        // A month on: every customer evaluated again, few move.
        const auto t1 = Clock::now();
        later_changes = store.loyalty().evaluate_levels(parse_timestamp("2026-11-30")).size();
        relevels.push_back(since(t1));
        std::cerr << "round " << round << " re-evaluate " << relevels.back() << " s, " << later_changes << " changes\n";
        remove_db(a);
        remove_db(b);
    }
    const double p = median(plain), e = median(earn), l = median(levels);
    std::ostringstream md;
    md << "| measure (median of " << o.rounds << " rounds) | value |\n|---|---|\n";
    md << "| customers / purchases | " << o.customers << " / " << o.purchases << " |\n";
    md << "| plain interaction import (no rule set) | " << fixed(p, 1) << " s, " << fixed(o.purchases / p, 0)
       << " rows/s |\n";
    md << "| import earning points (rule set with multipliers, campaign, birthday, expiry) | " << fixed(e, 1) << " s, "
       << fixed(o.purchases / e, 0) << " rows/s |\n";
    md << "| **earn / plain rate** (target >= 0.5) | **" << fixed(p / e, 2) << "** |\n";
    md << "| evaluate_levels over " << o.customers << " customers, first run (" << changes
       << " changes: every customer gets a level) | " << fixed(l, 2) << " s (target < 5 s at 1M) |\n";
    md << "| evaluate_levels a month later (" << later_changes << " changes) | " << fixed(median(relevels), 2)
       << " s |\n";
    std::cout << md.str();
    if (!o.out.empty()) std::ofstream(o.out) << md.str();
    return 0;
} catch (const std::exception& e) {
    std::cerr << "clientele_bench_loyalty: " << e.what() << "\n";
    return 1;
}
