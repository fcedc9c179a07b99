#include "auth/auth_log.hpp"

#include <vector>

#include "json/json.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"

namespace clientele::auth {

namespace {

constexpr const char* kInsert = "INSERT INTO auth_log(at, username, layer, method, outcome) VALUES (?, ?, ?, ?, ?)";

void insert(store::Connection& conn, const store::Session& s, std::string_view username, std::string_view method,
            std::string_view outcome) {
    auto q = conn.query(kInsert);
    q->bind(1, store::seconds(now_utc())).bind(2, username).bind(3, s.layer).bind(4, method).bind(5, outcome).run();
}

std::int64_t setting_int(store::Session& s, const char* key, std::int64_t fallback) {
    auto q = s.conn.query("SELECT value FROM settings WHERE key = ?");
    q->bind(1, key);
    if (!q->step()) return fallback;
    try {
        return std::stoll(q->text(0));
    } catch (const std::exception&) {
        return fallback;  // a hand-edited value: the default is the safe reading
    }
}

}  // namespace

void log_attempt(store::Session& s, std::string_view username, std::string_view method, std::string_view outcome) {
    // A logged-in user acting on another (an admin's reset) is the actor; at a login, the
    // name typed is.
    const std::string_view actor = s.user.username.empty() ? username : std::string_view(s.user.username);
    store::write_aside(s, [&](store::Connection& conn) {
        insert(conn, s, username, method, outcome);
        if (s.audit_enabled)
            store::append_audit(conn, {actor, s.layer},
                                {"auth." + std::string(outcome), std::nullopt, std::string(username),
                                 nlohmann::json{{"method", method}}});
    });
}

Lockout lockout_settings(store::Session& s) {
    Lockout l;
    l.attempts = setting_int(s, "auth.lockout_attempts", l.attempts);
    l.window_seconds = setting_int(s, "auth.lockout_window_seconds", l.window_seconds);
    l.lock_seconds = setting_int(s, "auth.lockout_seconds", l.lock_seconds);
    return l;
}

bool is_locked(store::Session& s, std::string_view username, Timestamp now) {
    const Lockout l = lockout_settings(s);
    auto q = s.conn.query(
        "SELECT at FROM auth_log WHERE username = ?1 AND outcome = 'failed' AND id > coalesce((SELECT max(id) "
        "FROM auth_log WHERE username = ?1 AND outcome IN ('ok','password_changed','password_reset')), 0) "
        "ORDER BY id DESC LIMIT ?2");
    q->bind(1, username).bind(2, l.attempts);
    std::vector<std::int64_t> at;
    while (q->step()) at.push_back(q->integer(0));
    if (l.attempts <= 0 || static_cast<std::int64_t>(at.size()) < l.attempts) return false;
    const std::int64_t last = at.front(), first = at.back();
    return last - first <= l.window_seconds && store::seconds(now) < last + l.lock_seconds;
}

}  // namespace clientele::auth
