// The JSON form of the authentication log and policy (docs/security.md).
#include "json/json.hpp"
#include "clientele/auth.hpp"
#include "clientele/time.hpp"

namespace clientele {

nlohmann::json to_json(const AuthEvent& e) {
    return {{"id", e.id},           {"at", format_timestamp(e.at)}, {"username", e.username},
            {"layer", e.layer},     {"method", e.method},           {"outcome", e.outcome}};
}

nlohmann::json to_json(const AuthPolicy& p) {
    return {{"required", p.required},
            {"trusted_host_allowed", p.trusted_host_allowed},
            {"os_user_allowed", p.os_user_allowed}};
}

}  // namespace clientele
