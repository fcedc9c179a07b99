#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

#include <unistd.h>
#include <pwd.h>

#include "support.hpp"

using namespace clientele;
using clt_test::TempDir;

namespace {

constexpr const char* kAdminPw = "admin-secret-1";
constexpr const char* kSalesPw = "sales-secret-1";

// A database requiring credentials: admin (password kAdminPw) and sales user li.na
// (password kSalesPw, changed by herself after the admin's reset).
std::filesystem::path locked_down(const TempDir& dir) {
    auto path = dir / "auth.db";
    Database db(path, {.user = "admin", .create = true});
    db.users().add(User{.username = "li.na", .role = Role::sales});
    db.auth().reset_password("admin", kAdminPw);
    db.auth().reset_password("li.na", "temporary-pw");
    db.auth().require(true);
    Database(path, {.user = "li.na", .password = "temporary-pw", .new_password = kSalesPw});
    return path;
}

std::string refusal(const std::filesystem::path& path, const OpenOptions& o) {
    try {
        Database db(path, o);
    } catch (const PermissionDenied& e) {
        return e.what();
    }
    FAIL("the open was not refused");
    return {};
}

// The log before the admin's own login that reads it.
std::vector<AuthEvent> log_of(const std::filesystem::path& path) {
    Database db(path, {.user = "admin", .password = kAdminPw});
    auto log = db.auth().log();
    REQUIRE(log.back().outcome == "ok");
    log.pop_back();
    return log;
}

}  // namespace

TEST_CASE("a database without required credentials opens as before", "[auth]") {
    TempDir dir;
    { Database db(dir / "a.db", {.create = true}); }
    Database db(dir / "a.db");
    CHECK(db.user().username == "admin");
    CHECK_FALSE(db.auth().policy().required);
    CHECK(db.auth().log().empty());
    CHECK_THROWS_AS(Database(dir / "a.db", {.user = "nobody"}), NotFound);
}

TEST_CASE("the right password opens, a wrong one is refused and logged", "[auth]") {
    TempDir dir;
    const auto path = locked_down(dir);
    CHECK(Database(path, {.user = "li.na", .password = kSalesPw}).user().username == "li.na");
    const auto wrong = refusal(path, {.user = "li.na", .password = "not-her-password"});
    CHECK(wrong.find("authentication failed") != std::string::npos);
    const auto missing = refusal(path, {.user = "li.na"});
    CHECK(missing.find("authentication failed") != std::string::npos);
    const auto log = log_of(path);
    REQUIRE(log.size() >= 3);
    const auto& failed = log[log.size() - 2];
    CHECK(failed.username == "li.na");
    CHECK(failed.outcome == "failed");
    CHECK(failed.method == "password");
    CHECK(failed.layer == "c++");
    CHECK(log.back().outcome == "refused");
    CHECK(log.back().method == "none");
}

TEST_CASE("an unknown user gets the same answer as a wrong password", "[auth]") {
    TempDir dir;
    const auto path = locked_down(dir);
    const auto unknown = refusal(path, {.user = "ghost", .password = "whatever-pw"});
    const auto wrong = refusal(path, {.user = "li.na", .password = "whatever-pw"});
    CHECK(unknown == wrong);
    CHECK(refusal(path, {.user = "ghost"}) == refusal(path, {.user = "li.na"}));
    const auto log = log_of(path);
    CHECK(log[log.size() - 4].username == "ghost");
    CHECK(log[log.size() - 4].outcome == "failed");
}

TEST_CASE("repeated failures lock a user until the lock time has passed", "[auth]") {
    TempDir dir;
    const auto path = locked_down(dir);
    {
        Database admin(path, {.user = "admin", .password = kAdminPw});
        admin.settings().set("auth.lockout_attempts", "3");
        admin.settings().set("auth.lockout_seconds", "2");
    }
    for (int i = 0; i < 3; ++i) refusal(path, {.user = "li.na", .password = "guess-number-x"});
    // Locked: even the right password is refused, with a message that is the same for
    // names that do not exist once they are locked too.
    const auto locked = refusal(path, {.user = "li.na", .password = kSalesPw});
    CHECK(locked.find("too many failed attempts") != std::string::npos);
    for (int i = 0; i < 3; ++i) refusal(path, {.user = "ghost", .password = "guess-number-x"});
    CHECK(refusal(path, {.user = "ghost", .password = "guess-number-x"}) == locked);
    CHECK(log_of(path).back().outcome == "locked");
    std::this_thread::sleep_for(std::chrono::milliseconds(3100));
    CHECK(Database(path, {.user = "li.na", .password = kSalesPw}).user().username == "li.na");
}

TEST_CASE("a user changes their password with the old one; an admin resets it", "[auth]") {
    TempDir dir;
    const auto path = locked_down(dir);
    {
        Database db(path, {.user = "li.na", .password = kSalesPw});
        CHECK_THROWS_AS(db.auth().change_password("wrong-old-pw", "brand-new-pw"), PermissionDenied);
        CHECK_THROWS_AS(db.auth().change_password(kSalesPw, "short"), InvalidInput);
        db.auth().change_password(kSalesPw, "brand-new-pw");
        CHECK_THROWS_AS(db.auth().reset_password("admin", "hijacked-pw"), PermissionDenied);
    }
    refusal(path, {.user = "li.na", .password = kSalesPw});
    { Database db(path, {.user = "li.na", .password = "brand-new-pw"}); }
    {
        Database admin(path, {.user = "admin", .password = kAdminPw});
        admin.auth().reset_password("li.na", "reset-by-admin");
    }
    // After a reset the user must choose a new password at the next login.
    const auto must = refusal(path, {.user = "li.na", .password = "reset-by-admin"});
    CHECK(must.find("must be changed") != std::string::npos);
    { Database db(path, {.user = "li.na", .password = "reset-by-admin", .new_password = "hers-again-1"}); }
    CHECK(Database(path, {.user = "li.na", .password = "hers-again-1"}).user().role == Role::sales);
}

TEST_CASE("requiring credentials needs the admin to have a password first", "[auth]") {
    TempDir dir;
    Database db(dir / "a.db", {.create = true});
    CHECK_THROWS_AS(db.auth().require(true), PermissionDenied);
    CHECK_THROWS_AS(db.settings().set("auth.required", "maybe"), InvalidInput);
    CHECK_THROWS_AS(db.settings().set("auth.lockout_attempts", "0"), InvalidInput);
    db.auth().reset_password("admin", kAdminPw);
    CHECK_FALSE(db.auth().policy().required);
    db.auth().require(true);
    CHECK(db.auth().policy().required);
    CHECK(read_auth_policy(dir / "a.db").required);
    CHECK(db.settings().get("auth.required") == "on");
}

TEST_CASE("trusted-host and OS-user logins need the database's permission", "[auth]") {
    TempDir dir;
    const auto path = locked_down(dir);
    const auto not_allowed = refusal(path, {.user = "li.na", .trusted_host = true});
    CHECK(not_allowed.find("auth.trusted_host_allowed") != std::string::npos);
    {
        Database admin(path, {.user = "admin", .password = kAdminPw});
        admin.settings().set("auth.trusted_host_allowed", "on");
        admin.settings().set("auth.os_user_allowed", "on");
        passwd* me = getpwuid(geteuid());
        REQUIRE(me != nullptr);
        admin.users().add(User{.username = me->pw_name, .role = Role::viewer});
        Database os(path, {.user = me->pw_name, .os_user = true});
        CHECK(os.user().role == Role::viewer);
    }
    CHECK(Database(path, {.user = "li.na", .trusted_host = true}).user().username == "li.na");
    CHECK(refusal(path, {.user = "li.na", .os_user = true}).find("operating-system user") != std::string::npos);
    const auto log = log_of(path);
    CHECK(log[log.size() - 2].method == "trusted_host");
    CHECK(log[log.size() - 2].outcome == "ok");
}

TEST_CASE("a refusal on a read-only open is logged too", "[auth]") {
    TempDir dir;
    const auto path = locked_down(dir);
    refusal(path, {.user = "li.na", .read_only = true, .password = "guess-number-y"});
    CHECK(log_of(path).back().outcome == "failed");
}

TEST_CASE("the password is stored as an Argon2id hash, never as text", "[auth]") {
    TempDir dir;
    const auto path = locked_down(dir);
    Database db(path, {.user = "admin", .password = kAdminPw});
    CHECK(db.auth().has_password("li.na"));
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.string().c_str(), &raw) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(raw, "SELECT password_hash FROM users WHERE username = 'li.na'", -1, &q, nullptr);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    const std::string hash = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(raw);
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(hash.find(kSalesPw) == std::string::npos);
}
