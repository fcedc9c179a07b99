// Checking a credential while a database opens (docs/security.md).
#include <unistd.h>
#include <pwd.h>

#include <optional>
#include <vector>

#include "auth/accounts.hpp"
#include "auth/auth.hpp"
#include "auth/auth_log.hpp"
#include "auth/password_hash.hpp"
#include "store/session.hpp"

namespace clientele::auth {

namespace {

// One wording for a wrong password, an unknown user and a missing credential, so the
// answer never tells whether a user exists.
constexpr const char* kFailed = "authentication failed: wrong user name or password";

[[noreturn]] void refuse(store::Session& s, const OpenOptions& o, std::string_view method, std::string_view outcome,
                         const std::string& message) {
    log_attempt(s, o.user, method, outcome);
    throw PermissionDenied(message);
}

void password_login(store::Session& s, const OpenOptions& o) {
    if (is_locked(s, o.user, now_utc()))
        refuse(s, o, "password", "locked", "authentication failed: too many failed attempts for this user; try again later");
    const auto account = find_account(s, o.user);
    if (!account || !account->hash) {
        spend_verification_time(o.password);
        refuse(s, o, "password", "failed", kFailed);
    }
    if (!verify_password(*account->hash, o.password)) refuse(s, o, "password", "failed", kFailed);
    if (o.new_password.empty()) {
        if (account->must_change)
            refuse(s, o, "password", "change_required",
                   "the password of user '" + o.user + "' was reset by an admin and must be changed: open with a new password");
        log_attempt(s, o.user, "password", "ok");
        return;
    }
    check_password_rules(o.new_password, "new_password");
    if (s.read_only) s.require_write("change a password");
    store_password(s, o.user, o.new_password, false);
    log_attempt(s, o.user, "password", "password_changed");
}

void vouched_login(store::Session& s, const OpenOptions& o, const char* method, const char* setting, bool allowed) {
    if (!allowed)
        refuse(s, o, method, "refused",
               std::string("authentication failed: this database does not accept ") +
                   (o.trusted_host ? "trusted-host" : "operating-system user") + " logins (" + setting + " is off)");
    if (!o.trusted_host && o.user != current_os_user())
        refuse(s, o, method, "refused", "authentication failed: user '" + o.user + "' is not the operating-system user running this program");
    if (!find_account(s, o.user)) refuse(s, o, method, "failed", kFailed);
    log_attempt(s, o.user, method, "ok");
}

}  // namespace

}  // namespace clientele::auth

namespace clientele {

std::string current_os_user() {
    const long size = sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buf(size > 0 ? static_cast<std::size_t>(size) : 16384);
    passwd pw{};
    passwd* found = nullptr;
    if (getpwuid_r(geteuid(), &pw, buf.data(), buf.size(), &found) != 0 || found == nullptr) return {};
    return found->pw_name;
}

}  // namespace clientele

namespace clientele::auth {

void authenticate(store::Session& s, const OpenOptions& o) {
    if (!o.new_password.empty() && o.password.empty())
        throw InvalidInput("new_password", "a new password is set at login only together with the current one");
    if (!o.password.empty()) return password_login(s, o);
    const AuthPolicy policy = policy_of(s.conn);
    if (!policy.required) return;
    if (o.trusted_host)
        return vouched_login(s, o, "trusted_host", "auth.trusted_host_allowed", policy.trusted_host_allowed);
    if (o.os_user) return vouched_login(s, o, "os_user", "auth.os_user_allowed", policy.os_user_allowed);
    refuse(s, o, "none", "refused",
           "authentication failed: database '" + s.path.string() + "' requires a password (or another credential)");
}

}  // namespace clientele::auth
