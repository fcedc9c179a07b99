// Database::rfm / Database::lifecycle: stored purchases and refunds through the column
// core, limited to what the user may see.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

using clt_test::buy;
using clt_test::date;

TEST_CASE("store rfm and lifecycle read visible purchases and refunds", "[analytics][store]") {
    TempDir dir;
    {
        auto db = clt_test::make_store(dir / "a.db");
        clt_test::create_owned(db, {{"L1", "li.na"}, {"L2", "li.na"}, {"L3", "li.na"}, {"T1", "tom"}});
        buy(db, "L1", "2024-05-30T10:00:00Z", 10000);
        buy(db, "L1", "2024-05-01T10:00:00Z", 5000);
        buy(db, "L1", "2024-05-31T10:00:00Z", 2500, InteractionKind::refund);
        buy(db, "L2", "2024-05-31T23:59:59Z", 1000);
        buy(db, "L2", "2024-06-01T00:00:00Z", 99999);              // after as_of
        buy(db, "L2", "2024-05-02T00:00:00Z", 777, InteractionKind::purchase, "USD");  // other currency
        buy(db, "T1", "2024-05-15T00:00:00Z", 3000);
        // L3 has no purchase: a prospect.
    }
    RfmOptions o;
    o.as_of = date("2024-05-31");
    {
        Database admin(dir / "a.db");
        // CNY and USD purchases: never added up, and not one chosen silently either.
        try {
            admin.analytics().rfm(o);
            FAIL("several currencies were scored without a choice");
        } catch (const InvalidInput& e) {
            CHECK(e.field() == "currency");
            CHECK_THAT(e.reason(), Catch::Contains("CNY, USD"));
        }
        CHECK_THROWS_AS(admin.analytics().lifecycle(LifecycleOptions{}), InvalidInput);
        // The currency the results count in: the one asked for, else the only one.
        CHECK_THROWS_AS(admin.analytics().currency(), InvalidInput);
        CHECK(admin.analytics().currency("USD") == "USD");
        auto all = admin.analytics().rfm(o, "CNY");
        CHECK(all.customer == std::vector<std::string>{"L1", "L2", "T1"});
        CHECK(all.scores.monetary == std::vector<std::int64_t>{12500, 1000, 3000});
        CHECK(all.scores.frequency == std::vector<std::int64_t>{2, 1, 1});
        CHECK(all.scores.recency_days == std::vector<std::int64_t>{1, 0, 16});
        auto usd = admin.analytics().rfm(o, "USD");
        CHECK(usd.customer == std::vector<std::string>{"L2"});
        CHECK(usd.scores.monetary == std::vector<std::int64_t>{777});
    }
    Database li(dir / "a.db", {.user = "li.na"});
    auto mine = li.analytics().rfm(o, "CNY");
    CHECK(mine.customer == std::vector<std::string>{"L1", "L2"});
    CHECK(mine.scores.rfm(0) == "133");  // n = 2: rank 2 scores 1 + floor(5 x 1 / 2) = 3
    CHECK(mine.scores.rfm(1) == "311");

    LifecycleOptions lo;
    lo.as_of = date("2024-05-31");
    auto stages = li.analytics().lifecycle(lo, "CNY");
    CHECK(stages.customer == std::vector<std::string>{"L1", "L2", "L3"});
    CHECK(stages.stages.stage ==
          std::vector<LifecycleStage>{LifecycleStage::repeat, LifecycleStage::new_customer, LifecycleStage::prospect});
    CHECK(stages.stages.stage_since[0] == to_days(parse_date("2024-05-30")));
    Database tom(dir / "a.db", {.user = "tom"});
    // tom sees only CNY purchases: that currency is counted without being named.
    CHECK(tom.analytics().lifecycle(lo).customer == std::vector<std::string>{"T1"});
    CHECK(tom.analytics().currency() == "CNY");  // what makes tom's amounts readable
}
