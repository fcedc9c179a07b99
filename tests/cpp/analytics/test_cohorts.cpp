// Cohorts, repeat purchases and revenue by group (clientele/cohorts.hpp) on a small
// hand-computed example, the same one tests/c, tests/python and tests/cli use
// (docs/analytics.md, "Cohorts", works it through).
#include <catch2/catch.hpp>

#include <numeric>
#include <random>

#include "clientele/cohorts.hpp"
#include "clientele/error.hpp"
#include "clientele/time.hpp"
#include "support.hpp"

using namespace clientele;

namespace {

struct Rows {
    std::vector<std::int64_t> customer, timestamp, amount;
    Rows& add(std::int64_t c, const char* when, std::int64_t cents) {
        customer.push_back(c);
        timestamp.push_back(parse_timestamp(when).time_since_epoch().count());
        amount.push_back(cents);
        return *this;
    }
    TransactionColumns columns() const { return {customer, timestamp, amount}; }
};

/// 1: two purchases in January, one in March. 2: January, then a refund in February.
/// 3: February twice, March. 4: a refund only (no cohort). 5: the last second of January,
/// and a purchase after as_of (ignored). 6: a refund in December before its first
/// purchase on as_of (left out of the cohort's revenue).
Rows example() {
    Rows r;
    r.add(1, "2024-01-05T10:00:00Z", 10000).add(1, "2024-01-20T10:00:00Z", 5000).add(1, "2024-03-10T10:00:00Z", 3000);
    r.add(2, "2024-01-15T10:00:00Z", 20000).add(2, "2024-02-01T10:00:00Z", -5000);
    r.add(3, "2024-02-10T10:00:00Z", 7000).add(3, "2024-02-25T10:00:00Z", 1000).add(3, "2024-03-01T10:00:00Z", 2000);
    r.add(4, "2024-02-05T10:00:00Z", -1000);
    r.add(5, "2024-01-31T23:59:59Z", 4000).add(5, "2024-04-02T10:00:00Z", 9900);
    r.add(6, "2023-12-20T10:00:00Z", -500).add(6, "2024-03-31T12:00:00Z", 1500);
    return r;
}

MonthIndex month(int year, int m) { return static_cast<MonthIndex>((year - 1970) * 12 + m - 1); }

CohortOptions at(const char* as_of) {
    CohortOptions o;
    o.as_of = clt_test::date(as_of);
    return o;
}

}  // namespace

TEST_CASE("months are UTC calendar months since January 1970", "[analytics][cohorts]") {
    CHECK(month_of_day(0) == 0);
    CHECK(month_of_day(-1) == -1);  // 1969-12-31
    CHECK(month_of_day(to_days(parse_date("2024-02-29"))) == month(2024, 2));
    CHECK(month_of_day(to_days(parse_date("2024-03-01"))) == month(2024, 3));
    CHECK(first_day_of_month(month(2024, 3)) == to_days(parse_date("2024-03-01")));
    CHECK(first_day_of_month(-1) == to_days(parse_date("1969-12-01")));
    for (std::int64_t d = -800; d < 800; d += 7) CHECK(month_of_day(first_day_of_month(month_of_day(d))) == month_of_day(d));
}

TEST_CASE("cohorts on the hand-computed example", "[analytics][cohorts]") {
    auto rows = example();
    auto t = cohorts(rows.columns(), at("2024-03-31"));
    using V64 = std::vector<std::int64_t>;
    CHECK(t.cohort == std::vector<MonthIndex>{month(2024, 1), month(2024, 1), month(2024, 1), month(2024, 2),
                                              month(2024, 2), month(2024, 3)});
    CHECK(t.period == std::vector<std::int32_t>{0, 1, 2, 0, 1, 0});
    CHECK(t.cohort_customers == V64{3, 3, 3, 1, 1, 1});
    CHECK(t.customers == V64{3, 0, 1, 1, 1, 1});
    CHECK(t.revenue == V64{39000, -5000, 3000, 8000, 2000, 1500});
    CHECK(t.retention[0] == 1.0);
    CHECK(t.retention[1] == 0.0);
    CHECK(t.retention[2] == Approx(1.0 / 3));

    SECTION("from leaves out the customers who bought before it") {
        auto o = at("2024-03-31");
        o.from = clt_test::date("2024-02-15");  // the month counts: February
        auto f = cohorts(rows.columns(), o);
        CHECK(f.cohort == std::vector<MonthIndex>{month(2024, 2), month(2024, 2), month(2024, 3)});
        CHECK(f.revenue == V64{8000, 2000, 1500});
    }
    SECTION("as_of cuts the later rows and periods") {
        auto f = cohorts(rows.columns(), at("2024-01-31"));
        CHECK(f.size() == 1);
        CHECK(f.customers == V64{3});
        CHECK(f.revenue == V64{39000});
    }
    SECTION("the same table in milliseconds and on one or two threads") {
        auto ms = rows;
        for (auto& v : ms.timestamp) v *= 1000;
        TransactionColumns c{ms.customer, ms.timestamp, ms.amount, 1000};
        for (unsigned threads : {1u, 2u}) {
            auto o = at("2024-03-31");
            o.threads = threads;
            auto again = cohorts(c, o);
            CHECK(again.revenue == t.revenue);
            CHECK(again.customers == t.customers);
        }
    }
    SECTION("keys far apart (hashed, not dense slots) give the same tables") {
        auto sparse = rows;
        for (auto& c : sparse.customer) c = c * (std::int64_t{1} << 40) - 7;
        auto again = cohorts(sparse.columns(), at("2024-03-31"));
        CHECK(again.revenue == t.revenue);
        CHECK(again.customers == t.customers);
        CHECK(repeat_purchases(sparse.columns(), at("2024-03-31")).gap_buckets ==
              repeat_purchases(rows.columns(), at("2024-03-31")).gap_buckets);
        for (auto by : {RevenueGrouping::segment, RevenueGrouping::value_tier, RevenueGrouping::lifecycle_stage}) {
            RevenueByOptions o;
            o.as_of = clt_test::date("2024-03-31");
            o.by = by;
            auto dense = revenue_by(rows.columns(), o);
            auto hashed = revenue_by(sparse.columns(), o);
            CHECK(hashed.customers == dense.customers);
            CHECK(hashed.revenue == dense.revenue);
            CHECK(hashed.active_customers == dense.active_customers);
        }
    }
    SECTION("no purchases: no rows") {
        Rows only_refunds;
        only_refunds.add(1, "2024-01-05T10:00:00Z", -100);
        CHECK(cohorts(only_refunds.columns(), at("2024-03-31")).size() == 0);
    }
}

TEST_CASE("cohorts refuse bad input", "[analytics][cohorts]") {
    auto rows = example();
    auto o = at("2024-03-31");
    o.from = clt_test::date("2024-04-01");
    CHECK_THROWS_AS(cohorts(rows.columns(), o), InvalidInput);
    CHECK_THROWS_AS(repeat_purchases(rows.columns(), o), InvalidInput);
    std::vector<std::int64_t> shorter(rows.timestamp.begin(), rows.timestamp.end() - 1);
    CHECK_THROWS_AS(cohorts({rows.customer, shorter, rows.amount}, at("2024-03-31")), InvalidInput);
    // A timestamp in the wrong unit (ms read as seconds) spreads purchases over millennia.
    Rows far;
    far.add(1, "2024-01-05T10:00:00Z", 100);
    far.timestamp.push_back(-far.timestamp[0] * 30);
    far.customer.push_back(2);
    far.amount.push_back(100);
    CHECK_THROWS_WITH(cohorts(far.columns(), at("2024-03-31")), Catch::Contains("give a later from"));
    Rows big;
    big.add(1, "2024-01-05T10:00:00Z", INT64_MAX).add(2, "2024-01-06T10:00:00Z", 1);
    CHECK_THROWS_AS(cohorts(big.columns(), at("2024-03-31")), InvalidInput);
    CHECK_THROWS_WITH(parse_revenue_grouping("region"), Catch::Contains("not one of segment, tier, stage"));
}

TEST_CASE("repeat purchases and the time between them on the hand-computed example", "[analytics][cohorts]") {
    auto rows = example();
    auto r = repeat_purchases(rows.columns(), at("2024-03-31"));
    using V64 = std::vector<std::int64_t>;
    CHECK(r.cohort == std::vector<MonthIndex>{month(2024, 1), month(2024, 2), month(2024, 3)});
    CHECK(r.customers == V64{3, 1, 1});
    CHECK(r.repeat_customers == V64{1, 1, 0});
    CHECK(r.total_customers == 5);
    CHECK(r.total_repeat_customers == 2);
    CHECK(r.total_repeat_rate == Approx(0.4));
    // Gaps: 1: 15, 50 (2024 is a leap year); 3: 15, 5.
    CHECK(r.gaps == 4);
    CHECK(r.gap_mean_days == Approx(21.25));
    CHECK(r.gap_median_days == Approx(15.0));
    CHECK(r.gap_p90_days == Approx(39.5));
    CHECK(r.gap_buckets == std::array<std::int64_t, kGapBuckets>{1, 0, 2, 1, 0, 0, 0, 0});

    auto o = at("2024-03-31");
    o.from = clt_test::date("2024-02-01");
    auto f = repeat_purchases(rows.columns(), o);
    CHECK(f.total_customers == 2);
    CHECK(f.gaps == 2);
}

TEST_CASE("revenue by lifecycle stage at each month's end", "[analytics][cohorts]") {
    auto rows = example();
    RevenueByOptions o;
    o.as_of = clt_test::date("2024-03-31");
    o.by = RevenueGrouping::lifecycle_stage;
    auto g = revenue_by(rows.columns(), o);
    REQUIRE(g.group_names.size() == kLifecycleStages);
    REQUIRE(g.size() == 4 * kLifecycleStages);  // December (customer 6's refund) to March
    auto cell = [&](int k, LifecycleStage s) { return k * kLifecycleStages + static_cast<std::size_t>(s); };
    using S = LifecycleStage;
    CHECK(g.month[cell(0, S::prospect)] == month(2023, 12));
    CHECK(g.customers[cell(0, S::prospect)] == 1);
    CHECK(g.revenue[cell(0, S::prospect)] == -500);
    // January: 1 repeat, 2 and 5 new, 6 still a prospect.
    CHECK(g.customers[cell(1, S::repeat)] == 1);
    CHECK(g.customers[cell(1, S::new_customer)] == 2);
    CHECK(g.customers[cell(1, S::prospect)] == 1);
    CHECK(g.revenue[cell(1, S::repeat)] == 15000);
    CHECK(g.revenue[cell(1, S::new_customer)] == 24000);
    CHECK(g.active_customers[cell(1, S::new_customer)] == 2);
    // February: 3 joins as repeat, 4 (refund only) as a prospect; 2's refund under new.
    CHECK(g.customers[cell(2, S::prospect)] == 2);
    CHECK(g.customers[cell(2, S::repeat)] == 2);
    CHECK(g.revenue[cell(2, S::new_customer)] == -5000);
    CHECK(g.active_customers[cell(2, S::new_customer)] == 0);
    CHECK(g.revenue[cell(2, S::repeat)] == 8000);
    CHECK(g.revenue[cell(2, S::prospect)] == -1000);
    // March: 6 becomes new on as_of.
    CHECK(g.customers[cell(3, S::new_customer)] == 3);
    CHECK(g.revenue[cell(3, S::new_customer)] == 1500);
    CHECK(g.revenue[cell(3, S::repeat)] == 5000);
    CHECK(g.active_customers[cell(3, S::repeat)] == 2);
}

TEST_CASE("revenue by segment and tier: each month's groups are RFM at that month's end", "[analytics][cohorts]") {
    // Random data: the customers per tier in each month are the tiers rfm() gives at the
    // month's end, and each month's revenue adds up over the groups to the month's rows.
    std::mt19937_64 rng(7);
    Rows rows;
    const std::int64_t start = to_days(parse_date("2023-01-01"));
    for (int i = 0; i < 3000; ++i) {
        rows.customer.push_back(static_cast<std::int64_t>(rng() % 300));
        rows.timestamp.push_back((start + static_cast<std::int64_t>(rng() % 500)) * 86400 + static_cast<std::int64_t>(rng() % 86400));
        rows.amount.push_back(static_cast<std::int64_t>(rng() % 10000) - (rng() % 10 == 0 ? 12000 : 0));
    }
    for (auto by : {RevenueGrouping::value_tier, RevenueGrouping::segment}) {
        RevenueByOptions o;
        o.as_of = clt_test::date("2024-04-10");
        o.by = by;
        auto g = revenue_by(rows.columns(), o);
        const std::size_t groups = g.group_names.size();
        REQUIRE(g.size() % groups == 0);
        for (std::size_t base = 0; base < g.size(); base += groups) {
            const MonthIndex m = g.month[base];
            const std::int64_t end = std::min(first_day_of_month(m + 1) - 1, to_days(parse_date("2024-04-10")));
            RfmOptions ro;
            ro.as_of = std::chrono::sys_days(std::chrono::days(end));
            auto s = rfm(rows.columns(), ro);
            std::vector<std::int64_t> expected(groups, 0);
            for (std::size_t i = 0; i < s.size(); ++i)
                ++expected[by == RevenueGrouping::value_tier ? static_cast<std::size_t>(s.value_tier[i]) : s.segment[i]];
            std::int64_t revenue = 0, month_revenue = 0;
            for (std::size_t i = 0; i < rows.customer.size(); ++i) {
                const std::int64_t d = rows.timestamp[i] / 86400;
                if (month_of_day(d) == m && d <= end) month_revenue += rows.amount[i];
            }
            for (std::size_t k = 0; k + 1 < groups; ++k) CHECK(g.customers[base + k] == expected[k]);
            for (std::size_t k = 0; k < groups; ++k) revenue += g.revenue[base + k];
            CHECK(revenue == month_revenue);
        }
    }
}

TEST_CASE("store cohorts count the visible customers, in one currency", "[analytics][cohorts][store]") {
    clt_test::TempDir dir;
    {
        auto db = clt_test::make_store(dir / "a.db");
        clt_test::create_owned(db, {{"L1", "li.na"}, {"L2", "li.na"}, {"T1", "tom"}});
        clt_test::buy(db, "L1", "2024-01-10T10:00:00Z", 1000);
        clt_test::buy(db, "L1", "2024-02-01T10:00:00Z", 2000);
        clt_test::buy(db, "L1", "2024-02-15T10:00:00Z", -500, InteractionKind::refund);
        clt_test::buy(db, "L2", "2024-02-20T10:00:00Z", 3000);
        clt_test::buy(db, "T1", "2024-01-15T10:00:00Z", 4000);
        clt_test::buy(db, "T1", "2024-01-20T10:00:00Z", 100, InteractionKind::purchase, "USD");
    }
    Database li(dir / "a.db", {.user = "li.na"});
    auto t = li.analytics().cohorts(at("2024-02-29"));
    using V64 = std::vector<std::int64_t>;
    CHECK(t.cohort == std::vector<MonthIndex>{month(2024, 1), month(2024, 1), month(2024, 2)});
    CHECK(t.customers == V64{1, 1, 1});
    CHECK(t.revenue == V64{1000, 1500, 3000});
    auto r = li.analytics().repeat_purchases(at("2024-02-29"));
    CHECK(r.total_customers == 2);
    CHECK(r.total_repeat_customers == 1);
    RevenueByOptions ro;
    ro.as_of = clt_test::date("2024-02-29");
    ro.by = RevenueGrouping::lifecycle_stage;
    auto g = li.analytics().revenue_by(ro);
    CHECK(std::accumulate(g.revenue.begin(), g.revenue.end(), std::int64_t{0}) == 5500);

    Database admin(dir / "a.db");
    CHECK_THROWS_WITH(admin.analytics().cohorts(at("2024-02-29")), Catch::Contains("currencies"));
    auto all = admin.analytics().cohorts(at("2024-02-29"), "CNY");
    CHECK(all.cohort_customers.front() == 2);  // L1 and T1 in January
    CHECK(admin.analytics().cohorts(at("2024-02-29"), "USD").revenue == V64{100, 0});
}
