// db.auth(): passwords, the require-credentials setting, the log; the auth.* settings rules.
#include <algorithm>
#include <array>

#include "auth/accounts.hpp"

#include "auth/auth.hpp"
#include "auth/auth_log.hpp"
#include "auth/password_hash.hpp"
#include "clientele/auth.hpp"
#include "store/schema.hpp"
#include "crypto/file_key.hpp"
#include "store/session.hpp"
#include "clientele/database.hpp"

namespace clientele {

namespace {

constexpr std::array<std::string_view, 3> kFlags = {"auth.required", "auth.trusted_host_allowed", "auth.os_user_allowed"};
constexpr std::array<std::string_view, 3> kCounts = {"auth.lockout_attempts", "auth.lockout_window_seconds",
                                                     "auth.lockout_seconds"};
// A lock or window longer than a year is a typo, not a policy.
constexpr std::int64_t kMaxCount = 366LL * 24 * 3600;

bool contains(const auto& keys, std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::optional<std::string> password_hash(store::Session& s, std::string_view username) {
    auto account = auth::find_account(s, username);
    if (!account) throw NotFound("user '" + std::string(username) + "' not found");
    return account->hash;
}

void write_password(store::Session& s, std::string_view username, std::string_view password, bool must_change,
                    std::string_view method, std::string_view outcome) {
    store::WriteScope scope(s);
    auth::store_password(s, username, password, must_change);
    auth::log_attempt(s, username, method, outcome);
    scope.commit();
}

}  // namespace

void Authentication::change_password(std::string_view old_password, std::string_view new_password) {
    auto& s = session();
    s.require_write("change a password");
    auth::check_password_rules(new_password, "new_password");
    const auto hash = password_hash(s, s.user.username);
    const bool right = hash ? auth::verify_password(*hash, old_password) : old_password.empty();
    if (!right || auth::is_locked(s, s.user.username, now_utc())) {
        auth::log_attempt(s, s.user.username, "password", right ? "locked" : "failed");
        throw PermissionDenied("cannot change the password: the current password is wrong");
    }
    write_password(s, s.user.username, new_password, false, "password", "password_changed");
}

void Authentication::reset_password(std::string_view username, std::string_view new_password) {
    auto& s = session();
    s.require_admin("reset a password");
    auth::check_password_rules(new_password, "new_password");
    (void)password_hash(s, username);  // NotFound for an unknown user: admins see every user
    write_password(s, username, new_password, username != s.user.username, "admin", "password_reset");
}

bool Authentication::has_password(std::string_view username) const {
    return password_hash(session(), username).has_value();
}

void Authentication::require(bool on) {
    Settings(session()).set("auth.required", on ? "on" : "off");
}

AuthPolicy Authentication::policy() const { return auth::policy_of(session().conn); }

std::vector<AuthEvent> Authentication::log(Timestamp from) const {
    auto& s = session();
    s.require_admin("read the authentication log");
    auto q = s.conn.query("SELECT id, at, username, layer, method, outcome FROM auth_log WHERE at >= ? ORDER BY id");
    q->bind(1, store::seconds(from));
    std::vector<AuthEvent> out;
    while (q->step())
        out.push_back({q->integer(0), store::from_seconds(q->integer(1)), q->text(2), q->text(3), q->text(4), q->text(5)});
    return out;
}

AuthPolicy read_auth_policy(const std::filesystem::path& path, const EncryptionKey& key) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw NotFound("database '" + path.string() + "' does not exist");
    const auto file_key = crypto::file_key(path, key);
    store::Connection conn(path, true, false, false, file_key ? &*file_key : nullptr);
    if (conn.scalar("PRAGMA application_id") != store::kApplicationId)
        throw CorruptData("'" + path.string() + "' is not a clientele database");
    if (conn.scalar("PRAGMA user_version") < 6) return {};
    return auth::policy_of(conn);
}

namespace auth {

bool is_auth_setting(std::string_view key) { return contains(kFlags, key) || contains(kCounts, key); }

std::string checked_setting(store::Session& s, std::string_view key, std::string_view value) {
    s.require_admin("change a setting");
    const std::string k(key);
    if (contains(kFlags, key)) {
        const bool on = value == "on" || value == "true" || value == "1";
        if (!on && value != "off" && value != "false" && value != "0")
            throw InvalidInput(k, "'" + std::string(value) + "' is neither on nor off");
        if (on && key == "auth.required" && !password_hash(s, s.user.username))
            throw PermissionDenied("cannot require credentials: admin '" + s.user.username +
                                   "' has no password yet (set one first, or nobody could open the database as an admin)");
        return on ? "on" : "off";
    }
    std::int64_t n = 0;
    try {
        std::size_t used = 0;
        n = std::stoll(std::string(value), &used);
        if (used != value.size()) n = 0;
    } catch (const std::exception&) {
        n = 0;
    }
    if (n < 1 || n > kMaxCount) throw InvalidInput(k, "'" + std::string(value) + "' is not a whole number from 1 to " + std::to_string(kMaxCount));
    return std::to_string(n);
}

}  // namespace auth

}  // namespace clientele
