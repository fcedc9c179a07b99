// What the store does at the limits of docs/limits.md: amounts beyond the bound, sums that
// would leave 64 bits, points that would overflow a balance, custom fields stored too deep
// by an older version — each an error that leaves nothing written, never a wrapped number
// or a crash.
#include <catch2/catch.hpp>

#include <sstream>

#include "support.hpp"

using namespace clientele;
using Catch::Matchers::Contains;
using clt_test::TempDir;

namespace {

struct Store {
    TempDir dir;
    std::filesystem::path path = dir / "s.db";
    Database db = clt_test::make_store(path);
    Store() { clt_test::create_owned(db, {{"C1", "li.na"}, {"C2", "li.na"}}); }
};

Interaction purchase(std::int64_t amount) {
    Interaction i;
    i.customer_external_id = "C1";
    i.kind = InteractionKind::purchase;
    i.occurred_at = parse_timestamp("2024-03-01T10:00:00Z");
    i.amount_minor = amount;
    return i;
}

PointsEntry earn(std::int64_t points) {
    PointsEntry e;
    e.kind = PointsKind::earn;
    e.points = points;
    return e;
}

// A custom field `levels` arrays deep, written behind the library's back as an older
// version could have.
std::string deep_custom(int levels) {
    return "{\"deep\":" + std::string(static_cast<std::size_t>(levels), '[') + std::string(static_cast<std::size_t>(levels), ']') + "}";
}

}  // namespace

TEST_CASE("amounts beyond the documented bound are refused naming the field", "[limits][interactions]") {
    Store s;
    CHECK_NOTHROW(s.db.interactions().add(purchase(kMaxAmountMinor)));
    for (std::int64_t bad : {kMaxAmountMinor + 1, std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()}) {
        Interaction i = purchase(bad);
        i.kind = bad < 0 ? InteractionKind::refund : InteractionKind::purchase;
        try {
            s.db.interactions().add(i);
            FAIL("accepted " << bad);
        } catch (const InvalidInput& e) {
            CHECK(e.field() == "amount_minor");
            CHECK_THAT(e.reason(), Contains("amount limit"));
        }
    }
    CHECK(s.db.interactions().count({}) == 1);
}

TEST_CASE("amount cells beyond the bound are refused with the reason", "[limits][cells]") {
    CellParser cells;
    CHECK(cells.amount("10,000,000,000,000.00", "CNY", "amount") == kMaxAmountMinor);
    for (const char* text : {"10000000000000.01", "92233720368547758.08", "99999999999999999999999999999"}) {
        try {
            cells.amount(text, "CNY", "amount");
            FAIL("accepted " << text);
        } catch (const InvalidInput& e) {
            CHECK_THAT(e.reason(), Contains("amount limit"));
        }
    }
}

TEST_CASE("two purchases at the bound add up; stats and RFM give the exact sums", "[limits][analytics]") {
    Store s;
    s.db.interactions().add(purchase(kMaxAmountMinor));
    auto second = purchase(kMaxAmountMinor);
    second.occurred_at = parse_timestamp("2024-03-02T10:00:00Z");
    s.db.interactions().add(second);
    CHECK(s.db.stats().revenue_minor_by_currency.at("CNY") == 2 * kMaxAmountMinor);
    RfmOptions o;
    o.as_of = clt_test::date("2024-04-01");
    const auto scores = s.db.analytics().rfm(o).scores;
    REQUIRE(scores.monetary.size() == 1);
    CHECK(scores.monetary[0] == 2 * kMaxAmountMinor);
}

TEST_CASE("rfm: a monetary beyond 64 bits is an error, not a wrapped number", "[limits][analytics]") {
    const std::int64_t big = std::numeric_limits<std::int64_t>::max();
    std::vector<std::int64_t> customer{1, 1, 2}, time{100, 200, 300}, amount{big, big, 5};
    TransactionColumns t{customer, time, amount};
    RfmOptions o;
    o.as_of = std::chrono::sys_days(std::chrono::days(10));
    o.threads = 1;
    CHECK_THROWS_WITH(rfm(t, o), Contains("beyond 64 bits"));
    o.threads = 2;
    std::vector<std::int64_t> many_customer(4000, 7), many_time(4000, 1), many_amount(4000, big / 3000);
    CHECK_THROWS_AS(rfm(TransactionColumns{many_customer, many_time, many_amount}, o), InvalidInput);
}

TEST_CASE("points: a call that would overflow the balance fails and writes nothing", "[limits][points]") {
    Store s;
    const std::int64_t big = std::numeric_limits<std::int64_t>::max();
    s.db.points().record("C1", earn(big));
    const auto before = clt_test::query_rows(s.path, "SELECT count(*) FROM customer_points");
    try {
        s.db.points().record("C1", earn(1));
        FAIL("accepted");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "points");
        CHECK_THAT(e.reason(), Contains("beyond the largest balance"));
    }
    CHECK(clt_test::query_rows(s.path, "SELECT count(*) FROM customer_points") == before);
    // The customer still works: balance and redeem.
    CHECK(s.db.points().balance("C1") == big);
    PointsEntry redeem;
    redeem.kind = PointsKind::redeem;
    redeem.points = -10;
    CHECK_NOTHROW(s.db.points().record("C1", redeem));
}

TEST_CASE("points: merging customers whose balances add beyond 64 bits is refused before writing", "[limits][points][merge]") {
    Store s;
    const std::int64_t big = std::numeric_limits<std::int64_t>::max();
    s.db.points().record("C1", earn(big));
    s.db.points().record("C2", earn(1));
    const auto before = clt_test::dump(s.path);
    const std::vector<std::string> others{"C2"};
    CHECK_THROWS_AS(s.db.merges().merge("C1", others), InvalidInput);
    CHECK(clt_test::dump(s.path) == before);
}

TEST_CASE("a custom field stored deeper than the limit is CorruptData naming the customer", "[limits][json]") {
    Store s;
    const auto uuid = s.db.customers().get("C1").id.to_string();
    // 20,000 levels crashed `customer show` and the JSONL export with a 2 MiB stack.
    clt_test::exec_raw(s.path, "UPDATE customers SET custom = '" + deep_custom(20000) + "' WHERE external_id = 'C1'");
    try {
        s.db.customers().get("C1");
        FAIL("read");
    } catch (const CorruptData& e) {
        CHECK_THAT(std::string(e.what()), Contains(uuid));
    }
    for (auto format : {FileFormat::jsonl, FileFormat::csv}) {
        // A depth SQLite's JSON functions refuse too must not fail the CSV header for every
        // record: the one record is reported, by name.
        std::ostringstream out;
        CHECK_THROWS_WITH(s.db.exporter().customers(out, {format}), Contains(uuid));
    }
    CHECK(s.db.customers().get("C2").external_id == "C2");
}

TEST_CASE("text fields refuse a NUL character from any layer", "[limits][customers]") {
    Store s;
    auto c = clt_test::person("王", std::string("a\0b", 3));
    try {
        s.db.customers().create(c);
        FAIL("accepted");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "given_name");
        CHECK_THAT(e.reason(), Contains("NUL"));
    }
}
