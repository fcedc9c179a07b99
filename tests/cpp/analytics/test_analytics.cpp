// The RFM and lifecycle rules of docs/analytics.md on small hand-computed inputs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "clientele/analytics.hpp"
#include "clientele/error.hpp"

#include "analytics/transaction_rows.hpp"

using namespace clientele;
using std::chrono::days;
using std::chrono::sys_days;

namespace {

using test::kDay;
using test::Rows;
using test::day;

RfmOptions rfm_at(std::int64_t as_of, int bins = 5) {
    RfmOptions o;
    o.as_of = day(as_of);
    o.bins = bins;
    return o;
}

std::int64_t index_of(const std::vector<std::int64_t>& v, std::int64_t key) {
    auto it = std::find(v.begin(), v.end(), key);
    REQUIRE(it != v.end());
    return it - v.begin();
}

}  // namespace

TEST_CASE("rfm follows the rules on a hand-computed example", "[analytics]") {
    // as_of = day 100. Customer 1: two purchases; 2: a purchase and a refund the same day;
    // 3: one purchase and one after as_of (ignored); 4: a refund only (prospect, not
    // scored); 5: a purchase of zero (counts as a purchase).
    Rows rows;
    rows.add(1, 99, 10000, 23 * 3600).add(1, 70, 5000);
    rows.add(2, 100, 1000, 86399).add(2, 100, -500, 10);
    rows.add(3, 70, 2000).add(3, 101, 100000);
    rows.add(4, 90, -700);
    rows.add(5, 79, 0);
    auto s = rfm(rows.columns(), rfm_at(100));
    REQUIRE(s.customer == std::vector<std::int64_t>{1, 2, 3, 5});
    CHECK(s.recency_days == std::vector<std::int64_t>{1, 0, 30, 21});
    CHECK(s.frequency == std::vector<std::int64_t>{2, 1, 1, 1});
    CHECK(s.monetary == std::vector<std::int64_t>{15000, 500, 2000, 0});
    CHECK(s.rfm(0) == "344");
    CHECK(s.rfm(1) == "412");
    CHECK(s.rfm(2) == "113");
    CHECK(s.rfm(3) == "211");
    CHECK(s.segment_name(0) == "loyal_customers");
    CHECK(s.segment_name(1) == "promising");
    CHECK(s.segment_name(2) == "hibernating");
    CHECK(s.segment_name(3) == "hibernating");
    CHECK(s.value_tier == std::vector<ValueTier>{ValueTier::medium, ValueTier::low, ValueTier::medium, ValueTier::low});
}

TEST_CASE("rfm gives equal inputs equal scores and ignores row order", "[analytics]") {
    Rows rows;
    std::mt19937 rng(7);
    for (int c = 0; c < 200; ++c)
        for (int k = 0; k < 1 + c % 4; ++k) rows.add(c * 3, 500 + (c % 5) * 10 + k, (c % 3) * 100);
    auto a = rfm(rows.columns(), rfm_at(600));
    std::vector<std::size_t> order(rows.customer.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    Rows shuffled;
    for (auto i : order) shuffled.customer.push_back(rows.customer[i]), shuffled.timestamp.push_back(rows.timestamp[i]),
                         shuffled.amount.push_back(rows.amount[i]);
    auto b = rfm(shuffled.columns(), rfm_at(600));
    CHECK(a.customer == b.customer);
    CHECK(a.r == b.r);
    CHECK(a.f == b.f);
    CHECK(a.m == b.m);
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < a.size(); ++j)
            if (a.monetary[i] == a.monetary[j]) REQUIRE(a.m[i] == a.m[j]);
}

TEST_CASE("rfm with all customers equal or only one customer gives every score 1", "[analytics]") {
    Rows equal;
    for (int c = 0; c < 5; ++c) equal.add(c, 10, 300);
    auto s = rfm(equal.columns(), rfm_at(20));
    REQUIRE(s.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(s.rfm(i) == "111");
        CHECK(s.value_tier[i] == ValueTier::low);
        CHECK(s.segment_name(i) == "hibernating");
    }
    Rows one;
    one.add(42, 10, 300).add(42, 12, 300);
    auto o = rfm(one.columns(), rfm_at(12));
    REQUIRE(o.size() == 1);
    CHECK(o.rfm(0) == "111");
    CHECK(o.recency_days[0] == 0);
}

TEST_CASE("rfm score is 1 + floor(bins x (rank - 1) / n) for 2 and 10 bins", "[analytics]") {
    Rows rows;
    for (int c = 1; c <= 10; ++c)
        for (int k = 0; k < c; ++k) rows.add(c, 5, 100);
    auto ten = rfm(rows.columns(), rfm_at(5, 10));
    auto two = rfm(rows.columns(), rfm_at(5, 2));
    for (int c = 1; c <= 10; ++c) {
        CHECK(ten.f[c - 1] == c);
        CHECK(two.f[c - 1] == (c <= 5 ? 1 : 2));
        CHECK(ten.r[c - 1] == 1);
    }
    CHECK(ten.segment_name(0).empty());  // segments are defined for 5 bins only
    CHECK(ten.rfm(9) == "11010");
    CHECK_THROWS_AS(rfm(rows.columns(), rfm_at(5, 11)), InvalidInput);
    CHECK_THROWS_AS(rfm(rows.columns(), rfm_at(5, 1)), InvalidInput);
}

TEST_CASE("rfm gives sparse keys the same scores as dense ones", "[analytics]") {
    Rows dense, sparse;
    std::mt19937 rng(3);
    for (int i = 0; i < 5000; ++i) {
        std::int64_t c = rng() % 700, d = 1000 + rng() % 400, a = static_cast<std::int64_t>(rng() % 5000) - 500;
        dense.add(c, d, a);
        sparse.add(c * 1'000'000'007LL - 4'000'000'000'000LL, d, a);
    }
    auto a = rfm(dense.columns(), rfm_at(1300));
    auto b = rfm(sparse.columns(), rfm_at(1300));
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(b.customer[i] == a.customer[i] * 1'000'000'007LL - 4'000'000'000'000LL);
        CHECK(a.rfm(i) == b.rfm(i));
        CHECK(a.monetary[i] == b.monetary[i]);
    }
}

TEST_CASE("rfm dates timestamps by UTC day, before the epoch too", "[analytics]") {
    Rows rows;
    rows.add(1, -1, 100, 86399);  // 1969-12-31T23:59:59Z
    rows.add(2, 0, 100, 0);
    auto s = rfm(rows.columns(), rfm_at(0));
    CHECK(s.recency_days == std::vector<std::int64_t>{1, 0});
    std::vector<std::int64_t> c{1}, t{-1}, a{1};
    CHECK_THROWS_AS(rfm({c, t, std::span<const std::int64_t>()}, rfm_at(0)), InvalidInput);
}

TEST_CASE("lifecycle stages follow the first rule that holds", "[analytics]") {
    Rows rows;
    rows.add(1, 990, 100);                                                // new
    rows.add(2, 100, 100).add(2, 900, 100);                               // reactivated
    rows.add(3, 500, 100);                                                // churned
    rows.add(4, 700, 100);                                                // at_risk
    rows.add(5, 800, 1).add(5, 850, 1).add(5, 900, 1).add(5, 950, 1);     // loyal
    rows.add(6, 900, 1).add(6, 950, 0);                                   // repeat
    rows.add(8, 600, -100);                                               // prospect (refund only)
    rows.add(9, 636, 1).add(9, 700, 1).add(9, 800, 1).add(9, 900, 1);     // loyal, window edge
    rows.add(10, 635, 1).add(10, 700, 1).add(10, 800, 1).add(10, 900, 1); // repeat: 635 left
    rows.add(11, 1001, 100);                                              // prospect (future)
    LifecycleOptions o;
    o.as_of = day(1000);
    std::vector<std::int64_t> known{7, 1};
    auto l = lifecycle(rows.columns(), known, o);
    REQUIRE(l.customer == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    using S = LifecycleStage;
    CHECK(l.stage == std::vector<S>{S::new_customer, S::reactivated, S::churned, S::at_risk, S::loyal, S::repeat,
                                    S::prospect, S::prospect, S::loyal, S::repeat, S::prospect});
    constexpr auto none = LifecycleStages::kNoDate;
    CHECK(l.stage_since ==
          std::vector<std::int64_t>{990, 900, 866, 881, 950, 950, none, none, 900, 1000, none});
    auto counts = l.counts();
    CHECK(counts[0] == 3);
    CHECK(counts[static_cast<int>(S::loyal)] == 2);

    auto h = stage_history(rows.columns(), o);
    std::vector<std::pair<std::int64_t, S>> five;
    for (std::size_t i = 0; i < h.size(); ++i)
        if (h.customer[i] == 5) five.emplace_back(h.day[i], h.stage[i]);
    CHECK(five == std::vector<std::pair<std::int64_t, S>>{{800, S::new_customer}, {850, S::repeat}, {950, S::loyal}});
    std::vector<std::pair<std::int64_t, S>> three;
    for (std::size_t i = 0; i < h.size(); ++i)
        if (h.customer[i] == 3) three.emplace_back(h.day[i], h.stage[i]);
    CHECK(three == std::vector<std::pair<std::int64_t, S>>{{500, S::new_customer}, {681, S::at_risk}, {866, S::churned}});

    auto m = stage_transitions(rows.columns(), known, day(900), o);
    auto at = [&](S a, S b) { return m[static_cast<int>(a)][static_cast<int>(b)]; };
    CHECK(at(S::prospect, S::new_customer) == 1);   // 1
    CHECK(at(S::reactivated, S::reactivated) == 1); // 2
    CHECK(at(S::churned, S::churned) == 1);         // 3
    CHECK(at(S::at_risk, S::at_risk) == 1);         // 4
    CHECK(at(S::repeat, S::loyal) == 1);            // 5
    CHECK(at(S::new_customer, S::repeat) == 1);     // 6
    CHECK(at(S::loyal, S::loyal) == 1);             // 9
    CHECK(at(S::loyal, S::repeat) == 1);            // 10
    CHECK(at(S::prospect, S::prospect) == 3);       // 7, 8, 11
    std::int64_t total = 0;
    for (auto& row : m) total = std::accumulate(row.begin(), row.end(), total);
    CHECK(total == 11);

    auto nr = new_vs_returning(rows.columns(), day(950), day(1000));
    CHECK(nr.customer == std::vector<std::int64_t>{1, 5, 6});
    CHECK(nr.returning == std::vector<std::uint8_t>{0, 1, 1});
    CHECK(nr.new_customers == 1);
    CHECK(nr.returning_customers == 2);
}

TEST_CASE("analytics run on several threads give the single-thread result", "[analytics]") {
    Rows rows;
    std::mt19937 rng(11);
    for (int i = 0; i < 600'000; ++i)
        rows.add(rng() % 50'000, 18000 + rng() % 800, static_cast<std::int64_t>(rng() % 20000) - 2000, rng() % 86400);
    auto one = rfm_at(18700);
    one.threads = 1;
    auto two = rfm_at(18700);
    two.threads = 2;
    auto a = rfm(rows.columns(), one);
    auto b = rfm(rows.columns(), two);
    CHECK(a.customer == b.customer);
    CHECK(a.monetary == b.monetary);
    CHECK(a.recency_days == b.recency_days);
    CHECK(a.r == b.r);
    CHECK(a.f == b.f);
    CHECK(a.m == b.m);
    LifecycleOptions lo;
    lo.as_of = day(18700);
    lo.threads = 1;
    auto la = lifecycle(rows.columns(), {}, lo);
    lo.threads = 2;
    auto lb = lifecycle(rows.columns(), {}, lo);
    CHECK(la.stage == lb.stage);
    CHECK(la.stage_since == lb.stage_since);
}
