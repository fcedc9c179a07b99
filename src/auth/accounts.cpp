#include "auth/accounts.hpp"

#include "auth/password_hash.hpp"
#include "store/session.hpp"

namespace clientele::auth {

std::optional<Account> find_account(store::Session& s, std::string_view username) {
    auto q = s.conn.query("SELECT password_hash, must_change_password FROM users WHERE username = ?");
    q->bind(1, username);
    if (!q->step()) return std::nullopt;
    Account a;
    if (!q->is_null(0)) a.hash = q->text(0);
    a.must_change = q->integer(1) != 0;
    return a;
}

void store_password(store::Session& s, std::string_view username, std::string_view password, bool must_change) {
    auto q = s.conn.query("UPDATE users SET password_hash = ?, must_change_password = ? WHERE username = ?");
    q->bind(1, hash_password(password)).bind(2, std::int64_t{must_change}).bind(3, username).run();
}

AuthPolicy policy_of(store::Connection& conn) {
    AuthPolicy p;
    auto q = conn.query("SELECT key, value = 'on' FROM settings WHERE key LIKE 'auth.%'");
    while (q->step()) {
        const bool on = q->integer(1) != 0;
        if (q->text_view(0) == "auth.required") p.required = on;
        if (q->text_view(0) == "auth.trusted_host_allowed") p.trusted_host_allowed = on;
        if (q->text_view(0) == "auth.os_user_allowed") p.os_user_allowed = on;
    }
    return p;
}

}  // namespace clientele::auth
