// Internal: the auth feature's reads and writes of the users' credential columns and of
// the auth.* settings — one place for each statement.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "clientele/auth.hpp"
#include "store/sqlite.hpp"

namespace clientele::store {
class Session;
}

namespace clientele::auth {

struct Account {
    std::optional<std::string> hash;  ///< none: the user has no password
    bool must_change = false;         ///< an admin reset it
};

/// The credential columns of `username`; nullopt when there is no such user.
std::optional<Account> find_account(store::Session& s, std::string_view username);

/// Stores the hash of `password` for `username` (no checks).
void store_password(store::Session& s, std::string_view username, std::string_view password, bool must_change);

/// The auth.* flags as stored.
AuthPolicy policy_of(store::Connection& conn);

}  // namespace clientele::auth
