// Internal: the authentication log (auth_log) and the lockout it decides.
#pragma once

#include <string>
#include <string_view>

#include "clientele/time.hpp"

namespace clientele::store {
class Session;
}

namespace clientele::auth {

/// Appends one attempt to auth_log. A connection opened read-only writes through a
/// short-lived read-write one; where the file cannot be written at all nothing is logged
/// (docs/security.md).
void log_attempt(store::Session& s, std::string_view username, std::string_view method, std::string_view outcome);

/// The lockout settings of the database.
struct Lockout {
    std::int64_t attempts = 5;
    std::int64_t window_seconds = 900;
    std::int64_t lock_seconds = 900;
};
Lockout lockout_settings(store::Session& s);

/// True while `username` is locked at `now`: its last `attempts` failures since its last
/// success, change or reset fall within `window_seconds`, and the last of them is less than
/// `lock_seconds` ago. Counted by the name given, so unknown names lock like real ones.
bool is_locked(store::Session& s, std::string_view username, Timestamp now);

}  // namespace clientele::auth
