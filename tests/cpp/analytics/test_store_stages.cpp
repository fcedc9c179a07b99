// Database::stage_history / stage_transitions / new_vs_returning: the stored purchases of
// the customers the user may see, through the column core.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace clientele;
using clt_test::buy;
using clt_test::date;
using clt_test::TempDir;

namespace {

/// li.na owns L1 (new then repeat), L2 (churned, then back) and L3 (no purchase); tom owns T1.
void fill(const std::filesystem::path& path) {
    auto db = clt_test::make_store(path);
    clt_test::create_owned(db, {{"L1", "li.na"}, {"L2", "li.na"}, {"L3", "li.na"}, {"T1", "tom"}});
    buy(db, "L1", "2024-01-10T10:00:00Z", 1000);
    buy(db, "L1", "2024-03-01T10:00:00Z", 1000);
    buy(db, "L1", "2024-03-15T10:00:00Z", -500, InteractionKind::refund);  // moves no stage
    buy(db, "L2", "2023-01-01T10:00:00Z", 1000);
    buy(db, "L2", "2024-05-01T10:00:00Z", 1000);
    buy(db, "T1", "2024-02-15T10:00:00Z", 1000);
    buy(db, "T1", "2024-03-15T10:00:00Z", 1000, InteractionKind::purchase, "USD");
}

std::int64_t day(const char* text) { return to_days(parse_date(text)); }

std::int64_t total(const StageTransitions& t) {
    std::int64_t n = 0;
    for (auto& row : t)
        for (auto c : row) n += c;
    return n;
}

constexpr auto kProspect = static_cast<std::size_t>(LifecycleStage::prospect);
constexpr auto kNew = static_cast<std::size_t>(LifecycleStage::new_customer);
constexpr auto kRepeat = static_cast<std::size_t>(LifecycleStage::repeat);
constexpr auto kChurned = static_cast<std::size_t>(LifecycleStage::churned);
constexpr auto kReactivated = static_cast<std::size_t>(LifecycleStage::reactivated);

}  // namespace

TEST_CASE("store stage history: a sales user sees only their customers' stages", "[analytics][store]") {
    TempDir dir;
    fill(dir / "a.db");
    LifecycleOptions o;
    o.as_of = date("2024-06-01");

    Database li(dir / "a.db", {.user = "li.na"});
    auto h = li.analytics().stage_history(o);
    CHECK(h.customer == std::vector<std::string>{"L1", "L1", "L2", "L2", "L2", "L2"});
    CHECK(h.history.day == std::vector<std::int64_t>{day("2024-01-10"), day("2024-03-01"), day("2023-01-01"),
                                                     day("2023-07-01"), day("2024-01-02"), day("2024-05-01")});
    using S = LifecycleStage;
    CHECK(h.history.stage == std::vector<S>{S::new_customer, S::repeat, S::new_customer, S::at_risk, S::churned,
                                            S::reactivated});

    Database tom(dir / "a.db", {.user = "tom"});
    // tom sees purchases in CNY and USD: counting either needs the choice.
    CHECK_THROWS_AS(tom.analytics().stage_history(o), InvalidInput);
    auto t = tom.analytics().stage_history(o, "CNY");
    CHECK(t.customer == std::vector<std::string>{"T1"});
    CHECK(t.history.stage == std::vector<S>{S::new_customer});
    CHECK(tom.analytics().stage_history(o, "USD").history.day == std::vector<std::int64_t>{day("2024-03-15")});

    Database admin(dir / "a.db");
    CHECK(admin.analytics().stage_history(o, "CNY").customer.size() == 7);
}

TEST_CASE("store stage transitions count visible customers, prospects included", "[analytics][store]") {
    TempDir dir;
    fill(dir / "a.db");
    LifecycleOptions o;
    o.as_of = date("2024-06-01");

    Database li(dir / "a.db", {.user = "li.na"});
    auto m = li.analytics().stage_transitions(date("2024-02-01"), o);
    CHECK(total(m) == 3);
    CHECK(m[kNew][kRepeat] == 1);             // L1
    CHECK(m[kChurned][kReactivated] == 1);    // L2
    CHECK(m[kProspect][kProspect] == 1);      // L3

    Database tom(dir / "a.db", {.user = "tom"});
    auto mt = tom.analytics().stage_transitions(date("2024-02-01"), o, "CNY");
    CHECK(total(mt) == 1);
    CHECK(mt[kProspect][kNew] == 1);

    Database admin(dir / "a.db");
    CHECK(total(admin.analytics().stage_transitions(date("2024-02-01"), o, "CNY")) == 4);
    CHECK_THROWS_AS(admin.analytics().stage_transitions(date("2024-06-02"), o), InvalidInput);
    // Bad rules are refused before anything is computed.
    o.churned_days = -1;
    CHECK_THROWS_AS(admin.analytics().stage_transitions(date("2024-02-01"), o), InvalidInput);
    CHECK_THROWS_AS(admin.analytics().stage_history(o), InvalidInput);
}

TEST_CASE("store new vs returning over a period", "[analytics][store]") {
    TempDir dir;
    fill(dir / "a.db");
    Database li(dir / "a.db", {.user = "li.na"});
    auto r = li.analytics().new_vs_returning(date("2024-02-01"), date("2024-06-01"));
    CHECK(r.customer == std::vector<std::string>{"L1", "L2"});
    CHECK(r.recurrence.returning == std::vector<std::uint8_t>{1, 1});
    CHECK(r.recurrence.returning_customers == 2);
    CHECK(r.recurrence.new_customers == 0);
    // January: L1's first purchase ever.
    auto jan = li.analytics().new_vs_returning(date("2024-01-01"), date("2024-01-31"));
    CHECK(jan.customer == std::vector<std::string>{"L1"});
    CHECK(jan.recurrence.new_customers == 1);

    Database tom(dir / "a.db", {.user = "tom"});
    auto t = tom.analytics().new_vs_returning(date("2024-02-01"), date("2024-06-01"), "CNY");
    CHECK(t.customer == std::vector<std::string>{"T1"});
    CHECK(t.recurrence.new_customers == 1);
    CHECK(tom.analytics().new_vs_returning(date("2024-02-01"), date("2024-06-01"), "EUR").customer.empty());
    CHECK_THROWS_AS(tom.analytics().new_vs_returning(date("2024-06-01"), date("2024-02-01"), "CNY"), InvalidInput);
}
