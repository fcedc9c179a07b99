// The loyalty points ledger (docs/points.md): recording, balance, history, roles, and what
// merging and unmerging do with the entries.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace clientele;
using clt_test::dump;
using clt_test::TempDir;

namespace {

PointsEntry entry(PointsKind kind, std::int64_t points, std::string reason = {}, const char* at = nullptr) {
    PointsEntry e;
    e.kind = kind;
    e.points = points;
    e.reason = std::move(reason);
    if (at) e.at = parse_timestamp(at);
    return e;
}

// The field an InvalidInput names, or "<accepted>".
std::string refused_field(Database& db, const std::string& customer, const PointsEntry& e) {
    try {
        db.points().record(customer, e);
    } catch (const InvalidInput& x) {
        return x.field();
    }
    return "<accepted>";
}

// (customer_id, points) of every ledger row, in entry order, read behind the library's back.
std::vector<std::string> ledger(const std::filesystem::path& path) {
    return clt_test::query_rows(path, "SELECT id, customer_id, kind, points FROM customer_points ORDER BY id");
}

struct PointsStore {
    TempDir dir;
    std::filesystem::path path = dir / "p.db";
    Database db = clt_test::make_store(path);
    Customer zhang = db.customers().create([] {
        auto c = clt_test::person("张", "伟", "zhang.wei@example.com", "13812345678");
        c.external_id = "C1";
        c.owner = "li.na";
        return c;
    }());
    Customer zhang2 = db.customers().create([] {
        auto c = clt_test::person("张", "伟", "Zhang.Wei@Example.com", "+86 138 1234 5678");
        c.external_id = "C2";
        c.owner = "li.na";
        return c;
    }());
};

}  // namespace

TEST_CASE_METHOD(PointsStore, "points are earned, redeemed and expired, and the balance is their sum", "[store][points]") {
    CHECK(db.points().balance("C1") == 0);
    CHECK(db.points().history("C1").empty());

    auto earned = db.points().record("C1", entry(PointsKind::earn, 120, "order 1042", "2024-03-01T10:00:00Z"));
    CHECK(earned.id > 0);
    CHECK(earned.customer_id == zhang.id);
    CHECK(earned.created_by == "admin");
    CHECK(earned.at == parse_timestamp("2024-03-01T10:00:00Z"));
    CHECK(earned.reason == "order 1042");
    db.points().record(zhang.id.to_string(), entry(PointsKind::redeem, -50, "coupon", "2024-04-01T10:00:00Z"));
    db.points().record("C1", entry(PointsKind::expire, -20, "", "2024-05-01T10:00:00Z"));
    db.points().record("C1", entry(PointsKind::adjust, -5, "typo", "2024-05-02T10:00:00Z"));
    CHECK(db.points().balance("C1") == 45);
    CHECK(db.points().balance("C2") == 0);

    // Newest first; an entry without `at` happened now.
    auto now = db.points().record("C1", entry(PointsKind::adjust, 5));
    REQUIRE(now.at);
    CHECK(*now.at >= parse_timestamp("2025-01-01T00:00:00Z"));
    auto all = db.points().history("C1");
    REQUIRE(all.size() == 5);
    CHECK(all[0].id == now.id);
    CHECK(all[4].id == earned.id);
    CHECK(to_json(all[4]) == to_json(earned));
    std::int64_t sum = 0;
    for (const auto& e : all) sum += e.points;
    CHECK(sum == db.points().balance("C1"));

    PointsFilter only_redeem;
    only_redeem.kind = PointsKind::redeem;
    auto r = db.points().history("C1", only_redeem);
    REQUIRE(r.size() == 1);
    CHECK(r[0].points == -50);
    PointsFilter spring;
    spring.from = parse_timestamp("2024-04-01T00:00:00Z");
    spring.to = parse_timestamp("2024-05-02T00:00:00Z");
    spring.limit = 1;
    auto s = db.points().history("C1", spring);
    REQUIRE(s.size() == 1);
    CHECK(s[0].kind == PointsKind::expire);  // the newer of the two in range
    PointsFilter bad_limit;
    bad_limit.limit = 0;
    CHECK_THROWS_AS(db.points().history("C1", bad_limit), InvalidInput);
}

TEST_CASE_METHOD(PointsStore, "bad points entries are refused naming the field and change nothing", "[store][points]") {
    db.points().record("C1", entry(PointsKind::earn, 30));
    const auto before = dump(path);
    CHECK(refused_field(db, "C1", entry(PointsKind::earn, 0)) == "points");
    CHECK(refused_field(db, "C1", entry(PointsKind::earn, -10)) == "points");
    CHECK(refused_field(db, "C1", entry(PointsKind::redeem, 10)) == "points");   // sign as stored
    CHECK(refused_field(db, "C1", entry(PointsKind::expire, 10)) == "points");
    CHECK(refused_field(db, "C1", entry(PointsKind::adjust, 0)) == "points");
    CHECK(refused_field(db, "C1", entry(PointsKind::redeem, -31)) == "points");  // balance 30
    CHECK(refused_field(db, "C1", entry(PointsKind::expire, -31)) == "points");
    CHECK(refused_field(db, "C1", entry(PointsKind::adjust, -31)) == "points");
    try {
        db.points().record("C1", entry(PointsKind::redeem, -31));
    } catch (const InvalidInput& e) {
        CHECK(std::string(e.what()).find("balance 30") != std::string::npos);
    }
    CHECK_THROWS_AS(db.points().record("nobody", entry(PointsKind::earn, 1)), NotFound);
    CHECK_THROWS_AS(db.points().balance("nobody"), NotFound);
    CHECK_THROWS_AS(db.points().history("nobody"), NotFound);
    CHECK(dump(path) == before);
    // Exactly the balance may be spent.
    db.points().record("C1", entry(PointsKind::redeem, -30));
    CHECK(db.points().balance("C1") == 0);

    // The JSON form is strict too.
    CHECK_THROWS_AS(points_entry_from_json({{"kind", "earn"}}), InvalidInput);
    CHECK_THROWS_AS(points_entry_from_json({{"kind", "gift"}, {"points", 1}}), InvalidInput);
    CHECK_THROWS_AS(points_entry_from_json({{"kind", "earn"}, {"points", "ten"}}), InvalidInput);
    CHECK_THROWS_AS(points_entry_from_json({{"kind", "earn"}, {"points", 1}, {"note", "x"}}), InvalidInput);
    CHECK_THROWS_AS(points_filter_from_json({{"limit", 0}}), InvalidInput);
    auto parsed = points_entry_from_json({{"kind", "redeem"}, {"points", -5}, {"at", "2024-01-01T00:00:00Z"}});
    CHECK(parsed.kind == PointsKind::redeem);
    CHECK(parsed.points == -5);
    CHECK(parsed.at == parse_timestamp("2024-01-01T00:00:00Z"));
}

TEST_CASE_METHOD(PointsStore, "points respect roles as interactions do", "[store][points][access]") {
    db.points().record("C1", entry(PointsKind::earn, 10));
    {
        Database li(path, {.user = "li.na"});  // owns C1
        CHECK(li.points().record("C1", entry(PointsKind::earn, 5)).created_by == "li.na");
        CHECK(li.points().balance("C1") == 15);
    }
    {
        Database tom(path, {.user = "tom"});  // sales of another team: C1 does not exist for him
        CHECK_THROWS_AS(tom.points().record("C1", entry(PointsKind::earn, 5)), NotFound);
        CHECK_THROWS_AS(tom.points().balance("C1"), NotFound);
        CHECK_THROWS_AS(tom.points().history("C1"), NotFound);
    }
    {
        Database mia(path, {.user = "mia"});  // manager of li.na's team
        CHECK(mia.points().balance("C1") == 15);
        mia.points().record("C1", entry(PointsKind::redeem, -15));
    }
    {
        Database vic(path, {.user = "vic"});  // viewer: reads, never writes
        CHECK(vic.points().balance("C1") == 0);
        CHECK(vic.points().history("C1").size() == 3);
        CHECK_THROWS_AS(vic.points().record("C1", entry(PointsKind::earn, 5)), PermissionDenied);
    }
    {
        Database ro(path, {.user = "admin", .read_only = true});
        CHECK_THROWS_AS(ro.points().record("C1", entry(PointsKind::earn, 5)), StorageError);
    }
    CHECK(db.points().balance("C1") == 0);
}

TEST_CASE_METHOD(PointsStore, "an entry inside a rolled-back transaction is gone", "[store][points]") {
    {
        auto t = db.transaction();
        db.points().record("C1", entry(PointsKind::earn, 10));
        CHECK(db.points().balance("C1") == 10);
    }
    CHECK(db.points().balance("C1") == 0);
    CHECK(ledger(path).empty());
}

TEST_CASE_METHOD(PointsStore, "a merge moves the points to the survivor and unmerge puts each entry back",
                 "[store][points][merge]") {
    db.points().record("C1", entry(PointsKind::earn, 100, "", "2024-01-01T00:00:00Z"));
    db.points().record("C2", entry(PointsKind::earn, 70, "", "2024-02-01T00:00:00Z"));
    db.points().record("C2", entry(PointsKind::redeem, -20, "", "2024-02-02T00:00:00Z"));
    db.points().record("C1", entry(PointsKind::earn, 5, "", "2024-03-01T00:00:00Z"));
    const auto rows_before = ledger(path);
    const auto before = dump(path);
    const std::vector<std::string> ids{"C1", "C2"};

    MergeOptions dry;
    dry.dry_run = true;
    auto preview = db.merges().merge("C1", ids, dry);
    std::vector<nlohmann::json> moved;
    for (const auto& m : preview.moved)
        if (m.kind == "points") {
            CHECK(m.from == zhang2.id);
            moved.push_back(nlohmann::json::parse(m.value));
        }
    REQUIRE(moved.size() == 2);
    CHECK(moved[0]["points"] == 70);
    CHECK(moved[1]["kind"] == "redeem");
    CHECK(dump(path) == before);

    auto merged = db.merges().merge("C1", ids);
    CHECK(std::count_if(merged.moved.begin(), merged.moved.end(), [](const MovedRecord& m) { return m.kind == "points"; }) == 2);
    CHECK(db.points().balance("C1") == 155);
    CHECK(db.points().balance("C2") == 155);  // a merged customer's ids mean the survivor
    CHECK(db.points().history("C1").size() == 4);
    CHECK(clt_test::query_rows(path, "SELECT count(*) FROM customer_points WHERE customer_id <> "
                                     "(SELECT id FROM customers WHERE external_id = 'C1')") ==
          std::vector<std::string>{"0"});
    // Points recorded after the merge stay with the survivor.
    const auto later = db.points().record("C2", entry(PointsKind::earn, 1, "after the merge"));
    CHECK(later.customer_id == zhang.id);

    db.merges().unmerge("C1");
    CHECK(db.points().balance("C1") == 106);
    CHECK(db.points().balance("C2") == 50);
    auto rows = ledger(path);
    REQUIRE(rows.size() == rows_before.size() + 1);
    rows.pop_back();  // the survivor's own later entry
    CHECK(rows == rows_before);  // every entry on its own customer again, ids and all
}

TEST_CASE_METHOD(PointsStore, "unmerge is refused when the survivor spent merged points, and changes nothing",
                 "[store][points][merge]") {
    db.points().record("C1", entry(PointsKind::earn, 10));
    db.points().record("C2", entry(PointsKind::earn, 90));
    const std::vector<std::string> ids{"C1", "C2"};
    const auto merge_id = db.merges().merge("C1", ids).merge_id;
    db.points().record("C1", entry(PointsKind::redeem, -60, "spent what C2 brought"));
    const auto before = dump(path, true);
    try {
        db.merges().unmerge(merge_id.to_string());
        FAIL("unmerge was not refused");
    } catch (const Conflict& e) {
        const std::string message = e.what();
        CHECK(message.find("points balance of -50") != std::string::npos);
        CHECK(message.find(zhang.id.to_string()) != std::string::npos);
    }
    CHECK(dump(path, true) == before);  // the lineage too: the merge is still applied
    CHECK(db.merges().history()[0].status == MergeStatus::applied);
    CHECK(db.points().balance("C1") == 40);

    // Once the survivor has the points again, the merge undoes.
    db.points().record("C1", entry(PointsKind::adjust, 50, "goodwill"));
    db.merges().unmerge(merge_id.to_string());
    CHECK(db.points().balance("C1") == 0);
    CHECK(db.points().balance("C2") == 90);
}

TEST_CASE("a version 4 file gets an empty points ledger", "[store][points][migrate]") {
    TempDir dir;
    const auto path = dir / "v4.db";
    {
        Database db(path, {.create = true});
        auto c = clt_test::person("王", "芳");
        c.external_id = "W1";
        db.customers().create(c);
    }
    clt_test::exec_raw(path, std::string(clt_test::kUndoSchemaV6) + "DROP TABLE customer_points; PRAGMA user_version = 4;");
    Database db(path);
    CHECK(db.stats().schema_version == clientele::schema_version());
    CHECK(db.points().balance("W1") == 0);
    db.points().record("W1", entry(PointsKind::earn, 3));
    CHECK(db.points().balance("W1") == 3);
}
