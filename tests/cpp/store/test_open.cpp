#include <catch2/catch.hpp>

#include <fstream>

#include <sqlite3.h>

#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

TEST_CASE("create makes a database whose first user is an admin", "[store][open]") {
    TempDir dir;
    {
        Database db(dir / "a.db", {.user = "boss", .create = true});
        CHECK(db.user().role == Role::admin);
        CHECK(db.settings().get("default_region") == "CN");
        CHECK(db.settings().get("default_currency") == "CNY");
    }
    Database again(dir / "a.db", {.user = "boss"});
    CHECK(again.customers().count() == 0);
}

TEST_CASE("opening what is not a clientele database fails clearly", "[store][open]") {
    TempDir dir;
    CHECK_THROWS_AS(Database(dir / "missing.db"), NotFound);
    {
        std::ofstream(dir / "text.db") << "name,email\nAlice,alice@example.com\n";
    }
    try {
        Database db(dir / "text.db");
        FAIL("opened a text file");
    } catch (const CorruptData& e) {
        CHECK(std::string(e.what()).find("text.db") != std::string::npos);
    }
    // The failed open did not touch the file.
    std::ifstream in(dir / "text.db");
    std::string first;
    std::getline(in, first);
    CHECK(first == "name,email");

    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open((dir / "other.db").string().c_str(), &raw) == SQLITE_OK);
    sqlite3_exec(raw, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    CHECK_THROWS_AS(Database(dir / "other.db", {.create = true}), CorruptData);
    CHECK_THROWS_AS(Database(dir / "missing.db", {.read_only = true}), NotFound);
}

TEST_CASE("a database from a newer clientele is refused", "[store][open]") {
    TempDir dir;
    { Database db(dir / "a.db", {.create = true}); }
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open((dir / "a.db").string().c_str(), &raw) == SQLITE_OK);
    sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    CHECK_THROWS_AS(Database(dir / "a.db"), Unsupported);
}

TEST_CASE("unknown and deactivated users cannot open", "[store][open]") {
    TempDir dir;
    {
        auto db = clt_test::make_store(dir / "a.db");
        db.users().update("tom", R"({"active":false})");
    }
    CHECK_THROWS_AS(Database(dir / "a.db", {.user = "nobody"}), NotFound);
    CHECK_THROWS_AS(Database(dir / "a.db", {.user = "tom"}), PermissionDenied);
}

TEST_CASE("a read-only open reads and refuses every change", "[store][open]") {
    TempDir dir;
    std::string id;
    {
        auto db = clt_test::make_store(dir / "a.db");
        id = db.customers().create(clt_test::person("王", "芳", "wang@example.cn")).id.to_string();
    }
    Database ro(dir / "a.db", {.read_only = true});
    CHECK(ro.customers().get(id).display_name == "王芳");
    CHECK_THROWS_AS(ro.customers().create(clt_test::person("李", "雷")), StorageError);
    CHECK_THROWS_AS(ro.customers().update(id, R"({"notes":"x"})", 1), StorageError);
    CHECK_THROWS_AS(ro.customers().archive(id), StorageError);
    CHECK_THROWS_AS(ro.transaction(), StorageError);
    CHECK(ro.customers().count() == 1);
    CHECK(ro.customers().get(id).version == 1);
}
