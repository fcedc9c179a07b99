// Internal: what the store and the settings need of the auth feature — checking a
// credential while a database opens, and the rules of the auth.* settings.
#pragma once

#include <string>
#include <string_view>

#include "clientele/database.hpp"

namespace clientele::store {
class Session;
}

namespace clientele::auth {

/// Checks the credential in `options` for the session being opened (its settings are
/// readable, its user not yet loaded): PermissionDenied "authentication failed" when it is
/// missing where required, wrong, or names no user; each attempt that checks a credential
/// is logged in auth_log. Applies options.new_password. A database that requires nothing,
/// opened without a password, passes untouched.
void authenticate(store::Session& s, const OpenOptions& options);

/// True for the keys this feature owns ("auth.required", "auth.lockout_attempts", ...).
bool is_auth_setting(std::string_view key);

/// The value to store for auth setting `key`, checked: on/off flags, positive counts.
/// Turning auth.required on needs the current admin to have a password.
std::string checked_setting(store::Session& s, std::string_view key, std::string_view value);

}  // namespace clientele::auth
