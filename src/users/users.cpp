// Users, settings and statistics.
#include <algorithm>
#include <cctype>

#include "json/json.hpp"
#include "clientele/normalize.hpp"
#include "clientele/database.hpp"
#include "auth/auth.hpp"
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

void write_user(store::Session& impl, const User& u, bool insert) {
    store::WriteScope scope(impl);
    auto q = impl.conn.query(insert ? "INSERT INTO users(display_name, role, team, active, created_at, username) VALUES (?, ?, ?, ?, ?, ?)"
                                    : "UPDATE users SET display_name = ?, role = ?, team = ?, active = ?, created_at = ? WHERE username = ?");
    q->bind(1, u.display_name).bind(2, to_string(u.role)).bind(3, u.team).bind(4, std::int64_t{u.active})
        .bind(5, store::seconds(u.created_at)).bind(6, u.username);
    try {
        q->run();
    } catch (const Conflict&) {
        throw Conflict("user '" + u.username + "' already exists");
    }
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
    write_user(impl, u, true);
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
    write_user(impl, next, false);
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
    } else if (auth::is_auth_setting(key)) {
        v = auth::checked_setting(impl, key, v);
    } else {
        throw InvalidInput("key", "unknown setting '" + std::string(key) +
                                      "' (default_region, default_currency, personal_custom_fields, auth.*: docs/security.md)");
    }
    store::WriteScope scope(impl);
    auto q = impl.conn.query("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)");
    q->bind(1, key).bind(2, v).run();
    scope.commit();
    if (key == "default_region") impl.default_region = v;
    if (key == "default_currency") impl.default_currency = v;
}

}  // namespace clientele
