// The store check (db.checker()), the open's truncation check, damaged records read back as
// CorruptData, and export's skip_damaged.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

namespace {

// A store with two customers (A1 with points and a purchase, A2) and nothing wrong.
void fill(const std::filesystem::path& path) {
    Database db(path, {.create = true});
    auto a = clt_test::person("张", "伟", "zw@example.com", "13900000001");
    a.external_id = "A1";
    a.tags = {"vip"};
    db.customers().create(a);
    auto b = clt_test::person("李", "娜", "ln@example.com");
    b.external_id = "A2";
    db.customers().create(b);
    clt_test::buy(db, "A1", "2024-01-02T10:00:00Z", 1250);
    PointsEntry e;
    e.kind = PointsKind::earn;
    e.points = 100;
    db.points().record("A1", e);
}

std::vector<std::string> found(const CheckReport& r) {
    std::vector<std::string> out;
    for (const auto& p : r.problems) out.push_back(p.check);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

TEST_CASE("a whole store checks clean", "[check]") {
    TempDir dir;
    fill(dir / "s.db");
    Database db(dir / "s.db");
    const auto r = db.checker().run();
    INFO((r.problems.empty() ? "" : r.problems.front().check + ": " + r.problems.front().detail));
    CHECK(r.ok());
    CHECK(r.customers == 2);
    CHECK(r.interactions == 1);
    CHECK(r.checks == std::vector<std::string>{"file", "sqlite", "foreign_keys", "cards", "points", "audit", "records", "derived"});
    CHECK(db.checker().run({.quick = true}).checks.size() == 6);
    Database sales_user(dir / "s.db", {.user = "admin"});
    sales_user.users().add({"li", "Li", Role::sales, ""});
    CHECK_THROWS_AS(Database(dir / "s.db", {.user = "li"}).checker().run(), PermissionDenied);
}

TEST_CASE("the check finds each kind of damage behind the store's back", "[check]") {
    TempDir dir;
    const auto path = dir / "s.db";
    fill(path);
    clt_test::exec_raw(path,
                       "UPDATE customer_emails SET address = 'other@example.com' WHERE address = 'ln@example.com';"  // card
                       "DELETE FROM customer_search WHERE rowid = (SELECT id FROM customers WHERE external_id = 'A1');"
                       "INSERT INTO customer_search(rowid, doc) VALUES (999, 'ghost');"
                       "DELETE FROM customer_match_key_sets WHERE customer_id = (SELECT id FROM customers WHERE external_id = 'A2');"
                       "INSERT INTO customer_points(customer_id, kind, points, reason, reference, at, created_by) "
                       "SELECT id, 'adjust', -500, '', '', 0, (SELECT min(id) FROM users) FROM customers WHERE external_id = 'A2';"
                       "PRAGMA foreign_keys = OFF; INSERT INTO customer_tags(customer_id, tag) VALUES (777, 'lost');");
    Database db(path);
    const auto r = db.checker().run();
    const auto checks = found(r);
    for (const char* c : {"cards", "search", "match_keys", "points", "foreign_keys"}) {
        INFO(c);
        CHECK(has(checks, c));
    }
    CHECK_FALSE(has(checks, "records"));
    CHECK_FALSE(has(checks, "file"));
    // Each names the record: the card problem is A2's.
    auto card = std::find_if(r.problems.begin(), r.problems.end(), [](const CheckProblem& p) { return p.check == "cards"; });
    REQUIRE(card != r.problems.end());
    CHECK(card->subject.find("A2") != std::string::npos);
}

TEST_CASE("a damaged stored value reads back as CorruptData, not InvalidInput", "[check]") {
    TempDir dir;
    const auto path = dir / "s.db";
    fill(path);
    clt_test::exec_raw(path, "PRAGMA ignore_check_constraints = ON;"
                             "UPDATE customers SET kind = 'robot' WHERE external_id = 'A2';"
                             "UPDATE interactions SET kind = 'telepathy';"
                             "UPDATE customer_points SET kind = 'gift';");
    Database db(path);
    try {
        db.customers().get("A2");
        FAIL("read a damaged kind");
    } catch (const CorruptData& e) {
        CHECK(std::string(e.what()).find("kind") != std::string::npos);
    }
    CHECK_THROWS_AS(db.interactions().list(), CorruptData);
    CHECK_THROWS_AS(db.points().history("A1"), CorruptData);
    CHECK_THROWS_AS(db.customers().list(), CorruptData);
    const auto r = db.checker().run();
    auto checks = found(r);
    CHECK(std::count(checks.begin(), checks.end(), "records") == 2);  // the customer and the interaction
    CHECK(has(checks, "points"));
}

TEST_CASE("export skips damaged records on request and names them", "[check][export]") {
    TempDir dir;
    const auto path = dir / "s.db";
    fill(path);
    clt_test::exec_raw(path, "UPDATE customers SET card = '{broken' WHERE external_id = 'A2'");
    Database db(path);
    std::ostringstream out;
    CHECK_THROWS_AS(db.exporter().customers(out), CorruptData);
    std::vector<DamagedRecord> damaged;
    for (auto format : {FileFormat::csv, FileFormat::jsonl}) {
        damaged.clear();
        std::ostringstream kept;
        ExportOptions o{format, true, true, &damaged};
        CHECK(db.exporter().customers(kept, o) == 1);
        CHECK(kept.str().find("A1") != std::string::npos);
        CHECK(kept.str().find("A2") == std::string::npos);
        REQUIRE(damaged.size() == 1);
        CHECK(damaged[0].record.find("A2") != std::string::npos);
        CHECK(damaged[0].reason.find("card") != std::string::npos);
    }
    CHECK(db.exporter().customers(dir / "out.csv", {FileFormat::csv, true, true}) == 1);
    CHECK(db.exporter().interactions(dir / "i.csv", {FileFormat::csv, true, true}) == 1);
}

TEST_CASE("a file cut short opens for reading and refuses every write", "[check][open]") {
    TempDir dir;
    const auto path = dir / "s.db";
    fill(path);
    REQUIRE_FALSE(std::filesystem::exists(dir / "s.db-wal"));  // checkpointed on close
    const auto size = std::filesystem::file_size(path);
    std::filesystem::resize_file(path, size - 1000);
    Database db(path);
    CHECK_THROWS_AS(db.customers().create(clt_test::person("王", "芳")), CorruptData);
    CHECK_THROWS_AS(db.users().add({"x", "X", Role::sales, ""}), CorruptData);
    CHECK_THROWS_AS(db.transaction(), CorruptData);
    CHECK_THROWS_AS(db.settings().set("default_region", "US"), CorruptData);
    const auto r = db.checker().run({.quick = true});
    CHECK(has(found(r), "file"));
    CHECK(std::filesystem::file_size(path) == size - 1000);  // nothing was written
    // Cut by whole pages, the header's page count gives it away (here the schema itself
    // is gone, so the open fails, saying why).
    fill(dir / "t.db");
    std::filesystem::resize_file(dir / "t.db", std::filesystem::file_size(dir / "t.db") - 4096);
    CHECK_THROWS_WITH(Database(dir / "t.db"), Catch::Contains("cut short"));
}

TEST_CASE("the check runs the audit trail's verification", "[check][audit]") {
    TempDir dir;
    const auto path = dir / "s.db";
    fill(path);
    clt_test::exec_raw(path, "UPDATE audit_log SET username = 'mallory' WHERE id = 2");
    Database db(path);
    const auto r = db.checker().run({.quick = true});
    CHECK(has(found(r), "audit"));
}
