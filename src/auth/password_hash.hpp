// Internal: passwords as Argon2id hash strings (libsodium). The only file that calls
// libsodium's password functions.
#pragma once

#include <string>
#include <string_view>

namespace clientele::auth {

/// Throws InvalidInput (field `field`) unless `password` is kMinPasswordBytes to
/// kMaxPasswordBytes bytes of valid UTF-8 without NUL.
void check_password_rules(std::string_view password, std::string_view field);

/// The Argon2id hash string of `password` (salt and parameters inside it).
std::string hash_password(std::string_view password);

/// True when `password` matches `hash` (a string from hash_password).
bool verify_password(const std::string& hash, std::string_view password);

/// Spends the time a verification would, for a user that does not exist, so that timing
/// does not tell which users exist.
void spend_verification_time(std::string_view password);

}  // namespace clientele::auth
