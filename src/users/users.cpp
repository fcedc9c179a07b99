// Users, settings and statistics.
#include <algorithm>
#include <cctype>

#include "json/json.hpp"
#include "clientele/normalize.hpp"
#include "clientele/database.hpp"
#include "auth/auth.hpp"
#include "store/audit_trail.hpp"
#include "store/session.hpp"
#include "store/stored.hpp"
#include "normalize/validate.hpp"
#include "text/utf8.hpp"

namespace clientele {

namespace {

constexpr const char* kSelectUser = "SELECT username, display_name, role, team, active, created_at, id FROM users";

User read_user(store::Statement& q) {
    return User{q.text(0), q.text(1), store::stored(parse_role, q.text_view(2), "role", "user", q.integer(6)), q.text(3), q.integer(4) != 0,
                store::from_seconds(q.integer(5))};
}

void check_username(const std::string& name) {
    if (name.empty() || name.size() > 100) throw InvalidInput("username", "must be 1..100 characters");
    if (!text::is_valid_utf8(name)) throw InvalidInput("username", "is not valid UTF-8");
    for (unsigned char ch : name)
        if (ch <= ' ' || ch == ',' || ch == ';' || ch == '"' || ch == '\'')
            throw InvalidInput("username", "'" + name + "' contains a space or punctuation that is not allowed");
}

nlohmann::json user_audit_fields(const User& u) {
    return {{"display_name", u.display_name}, {"role", to_string(u.role)}, {"team", u.team}, {"active", u.active}};
}

// Writes `u`: a new user when `before` is null, else a change of `before`.
void write_user(store::Session& impl, const User* before, const User& u) {
    store::WriteScope scope(impl);
    auto q = impl.conn.query(!before ? "INSERT INTO users(display_name, role, team, active, created_at, username) VALUES (?, ?, ?, ?, ?, ?)"
                                     : "UPDATE users SET display_name = ?, role = ?, team = ?, active = ?, created_at = ? WHERE username = ?");
    q->bind(1, u.display_name).bind(2, to_string(u.role)).bind(3, u.team).bind(4, std::int64_t{u.active})
        .bind(5, store::seconds(u.created_at)).bind(6, u.username);
    try {
        q->run();
    } catch (const Conflict&) {
        throw Conflict("user '" + u.username + "' already exists");
    }
    nlohmann::json detail = user_audit_fields(u);
    if (before) {
        const auto was = user_audit_fields(*before);
        nlohmann::json changes = nlohmann::json::object();
        for (const auto& [k, v] : detail.items())
            if (was[k] != v) changes[k] = {{"before", was[k]}, {"after", v}};
        detail = {{"changes", changes}};
    }
    store::audit(impl, {before ? "user.update" : "user.create", std::nullopt, u.username, detail});
    scope.commit();
}

}  // namespace

User Users::add(const User& user) {
    auto& impl = session();
    impl.require_admin("add a user");
    User u = user;
    u.username = std::string(text::trim(u.username));
    check_username(u.username);
    if (u.display_name.empty()) u.display_name = u.username;
    u.created_at = now_utc();
    write_user(impl, nullptr, u);
    return u;
}

User Users::update(std::string_view username, std::string_view patch_text) {
    auto& impl = session();
    impl.require_admin("change a user");
    const nlohmann::json patch = parse_json(patch_text, "patch");
    if (!patch.is_object()) throw InvalidInput("", "a patch must be a JSON object", "patch");
    if (patch.contains("username") || patch.contains("created_at"))
        throw InvalidInput(patch.contains("username") ? "username" : "created_at", "cannot be changed", "patch");
    User current = get(username);
    nlohmann::json merged = to_json(current);
    merged.merge_patch(patch);
    User next = user_from_json(merged, "patch");
    next.username = current.username;
    next.created_at = current.created_at;
    if (next.username == impl.user.username && (next.role != Role::admin || !next.active))
        throw PermissionDenied("an admin cannot demote or deactivate themselves");
    write_user(impl, &current, next);
    return next;
}

User Users::get(std::string_view username) const {
    auto q = session().conn.query(std::string(kSelectUser) + " WHERE username = ?");
    q->bind(1, username);
    if (!q->step()) throw NotFound("user '" + std::string(username) + "' not found");
    return read_user(*q);
}

std::vector<User> Users::list() const {
    auto q = session().conn.query(std::string(kSelectUser) + " ORDER BY username");
    std::vector<User> out;
    while (q->step()) out.push_back(read_user(*q));
    return out;
}

std::string Settings::get(std::string_view key) const {
    auto q = session().conn.query("SELECT value FROM settings WHERE key = ?");
    q->bind(1, key);
    if (!q->step()) throw NotFound("no setting '" + std::string(key) + "'");
    return q->text(0);
}

void Settings::set(std::string_view key, std::string_view value) {
    auto& impl = session();
    impl.require_admin("change a setting");
    std::string v(text::trim(value));
    if (key == "default_region") {
        for (auto& ch : v) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (!is_known_region(v)) throw InvalidInput("default_region", "'" + v + "' is not a known region code (ISO 3166)");
    } else if (key == "default_currency") {
        for (auto& ch : v) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (v.size() != 3 || !std::all_of(v.begin(), v.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
            throw InvalidInput("default_currency", "'" + v + "' is not a three-letter currency code (ISO 4217)");
    } else if (key == "personal_custom_fields") {
        // Custom keys, comma-separated, that anonymizing wipes (docs/privacy.md); empty = all.
        std::string keys;
        for (std::string_view rest = v; !rest.empty();) {
            const auto comma = rest.find(',');
            const auto k = text::trim(rest.substr(0, comma));
            if (!k.empty()) keys += (keys.empty() ? "" : ",") + std::string(k);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
        v = keys;
    } else if (key == "audit") {
        // Whether changes are recorded (docs/audit.md); read at each open.
        if (v != "on" && v != "off") throw InvalidInput("audit", "'" + v + "' is not on or off");
    } else if (key == "audit.retention_days") {
        // How long Audit::prune keeps entries; 0 = for ever.
        if (v.empty() || v.size() > 6 || !std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
            throw InvalidInput("audit.retention_days", "'" + v + "' is not a number of days (0..999999)");
        v = std::to_string(std::stoll(v));
    } else if (auth::is_auth_setting(key)) {
        v = auth::checked_setting(impl, key, v);
    } else {
        throw InvalidInput("key", "unknown setting '" + std::string(key) +
                                      "' (default_region, default_currency, personal_custom_fields, audit, audit.retention_days, auth.*: docs/security.md)");
    }
    store::WriteScope scope(impl);
    std::string before;
    {
        auto q = impl.conn.query("SELECT value FROM settings WHERE key = ?");
        q->bind(1, key);
        if (q->step()) before = q->text(0);
    }
    {
        auto q = impl.conn.query("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)");
        q->bind(1, key).bind(2, v).run();
    }
    // Turning auditing off is recorded like any change, and so is turning it on.
    const bool auditing = impl.audit_enabled;
    if (key == "audit") impl.audit_enabled = true;
    try {
        store::audit(impl, {"settings.set", std::nullopt, std::string(key), {{"before", before}, {"after", v}}});
        scope.commit();
    } catch (...) {
        impl.audit_enabled = auditing;
        throw;
    }
    if (key == "audit") impl.audit_enabled = v == "on";
    if (key == "default_region") impl.default_region = v;
    if (key == "default_currency") impl.default_currency = v;
}

}  // namespace clientele
