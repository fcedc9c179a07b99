// clientele — people prove who they are: passwords, the require-credentials setting, the
// authentication log: db.auth(). How a database is opened with a credential is in
// OpenOptions (database.hpp); what it protects against is in docs/security.md.
#pragma once

#include "clientele/export.h"

#include "clientele/encryption.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/feature.hpp"
#include "clientele/time.hpp"

namespace clientele {

/// Which credentials a database asks for (its auth.* settings), as anyone holding the file
/// can read them: a tool reads this before opening, to know whether to ask for a password.
struct AuthPolicy {
    bool required = false;              ///< auth.required: opening needs a credential
    bool trusted_host_allowed = false;  ///< auth.trusted_host_allowed
    bool os_user_allowed = false;       ///< auth.os_user_allowed
};

/// One row of the authentication log (auth_log): an attempt to open the database with a
/// credential, or a password change or reset.
struct AuthEvent {
    std::int64_t id = 0;
    Timestamp at{};
    std::string username;  ///< as given, whether or not such a user exists
    std::string layer;     ///< "c++", "c", "python" or "cli" (OpenOptions::layer)
    std::string method;    ///< "none", "password", "trusted_host", "os_user" or "admin"
    /// "ok", "failed", "locked", "refused", "change_required", "password_changed",
    /// "password_reset"
    std::string outcome;
};

/// The shortest password accepted, in bytes.
inline constexpr std::size_t kMinPasswordBytes = 8;
/// The longest password accepted, in bytes.
inline constexpr std::size_t kMaxPasswordBytes = 1024;

/// Reads the credential policy of the database at `path` without opening it as any user.
/// A file from before credentials existed (schema < 6) requires none. `key` opens an
/// encrypted database (WrongKey when it does not).
CLIENTELE_API AuthPolicy read_auth_policy(const std::filesystem::path& path, const EncryptionKey& key = {});

/// The name of the operating-system account this process runs as (its effective user), as
/// OpenOptions::os_user compares it; empty when it cannot be found.
CLIENTELE_API std::string current_os_user();

class CLIENTELE_API Authentication : public Feature {
public:
    /// Changes the current user's own password; `old_password` must be the current one
    /// (empty when the user has none yet). Refused (PermissionDenied, logged) otherwise.
    void change_password(std::string_view old_password, std::string_view new_password);
    /// Admins only: sets `username`'s password. Another user must change it at their next
    /// password login (OpenOptions::new_password); the lockout of `username` is lifted.
    void reset_password(std::string_view username, std::string_view new_password);
    /// True when `username` has a password.
    bool has_password(std::string_view username) const;
    /// Admins only: turns the auth.required setting on or off. Turning it on needs the
    /// current admin to have a password, so they can still get in.
    void require(bool on);
    /// The credential policy of this database.
    AuthPolicy policy() const;
    /// Admins only: the authentication log, oldest first, from `from` on (inclusive).
    std::vector<AuthEvent> log(Timestamp from = {}) const;

    /// Made by the Database (a store::Session is internal to the library).
    explicit Authentication(store::Session& s) noexcept : Feature(s) {}
};

}  // namespace clientele
