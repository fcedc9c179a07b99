#include "json/reader.hpp"

#include <cmath>
#include <limits>

#include "json/json.hpp"

namespace clientele::json_read {

std::string describe(const nlohmann::json::exception& e) {
    std::string_view m = e.what();
    // "[json.exception.<kind>.<id>] " is how nlohmann names its exception classes.
    if (m.starts_with("[json.exception.")) {
        const auto end = m.find("] ");
        if (end != std::string_view::npos) m.remove_prefix(end + 2);
    }
    // "parse error at line 1, column 5: syntax error while parsing value - <detail>"
    constexpr std::string_view kParseError = "parse error";
    if (!m.starts_with(kParseError)) return std::string(m);
    m.remove_prefix(kParseError.size());
    std::string where;
    if (m.starts_with(" at ")) {
        const auto colon = m.find(": ");
        where = std::string(m.substr(4, colon == std::string_view::npos ? m.npos : colon - 4));
        m.remove_prefix(colon == std::string_view::npos ? m.size() : colon);
    }
    if (m.starts_with(": ")) m.remove_prefix(2);
    if (const auto dash = m.find(" - "); dash != std::string_view::npos) m.remove_prefix(dash + 3);
    std::string out(m);
    if (!where.empty()) out.append(" (").append(where).append(")");
    return out;
}

Reader::Reader(const nlohmann::json& j, std::string_view source, std::int64_t row, std::string prefix)
    : j_(j), source_(source), row_(row), prefix_(std::move(prefix)) {
    if (!j_.is_object())
        throw InvalidInput(prefix_, "must be a JSON object, not " + std::string(j_.type_name()), source_, row_);
}

std::string Reader::name(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
}

void Reader::fail(std::string_view key, const std::string& why) const {
    throw InvalidInput(name(key), why, source_, row_);
}

void Reader::only(std::span<const std::string_view> known) const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
        bool ok = false;
        for (auto k : known) ok = ok || k == it.key();
        if (!ok) fail(it.key(), "unknown field");
    }
}

const nlohmann::json* Reader::get(std::string_view key) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return nullptr;
    return &*it;
}

bool Reader::has(std::string_view key) const { return get(key) != nullptr; }

std::string Reader::string(std::string_view key) const {
    const auto* v = get(key);
    if (!v) return {};
    if (!v->is_string()) fail(key, "must be a string, not " + std::string(v->type_name()));
    return v->get<std::string>();
}

std::optional<std::int64_t> Reader::integer(std::string_view key) const {
    const auto* v = get(key);
    if (!v) return std::nullopt;
    // Unsigned holds 2^63..2^64-1, which get<int64_t> would wrap to negative numbers.
    if (v->is_number_unsigned()) {
        if (v->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            fail(key, v->dump() + " is beyond the 64-bit integer range");
        return static_cast<std::int64_t>(v->get<std::uint64_t>());
    }
    if (v->is_number_integer()) return v->get<std::int64_t>();
    if (v->is_number_float()) {
        // 12.0 is 12; beyond 2^53 a double is no longer an exact integer (and beyond 2^63
        // the cast would be undefined).
        const double d = v->get<double>();
        constexpr double kExact = 9007199254740992.0;  // 2^53
        if (std::trunc(d) == d && std::fabs(d) <= kExact) return static_cast<std::int64_t>(d);
        if (std::trunc(d) == d) fail(key, v->dump() + " is beyond the range of an exact integer");
    }
    fail(key, "must be an integer");
}

std::optional<int> Reader::integer_in(std::string_view key, int lo, int hi) const {
    auto v = integer(key);
    if (v && (*v < lo || *v > hi))
        fail(key, std::to_string(*v) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

bool Reader::boolean(std::string_view key, bool fallback) const {
    const auto* v = get(key);
    if (!v) return fallback;
    if (!v->is_boolean()) fail(key, "must be true or false");
    return v->get<bool>();
}

std::optional<Timestamp> Reader::timestamp(std::string_view key) const {
    auto s = string(key);
    if (s.empty()) return std::nullopt;
    return located(key, [&](const std::string& n) { return parse_timestamp(s, n); });
}

std::optional<Date> Reader::date(std::string_view key) const {
    auto s = string(key);
    if (s.empty()) return std::nullopt;
    return located(key, [&](const std::string& n) { return parse_date(s, n); });
}

nlohmann::json Reader::object(std::string_view key) const {
    const auto* v = get(key);
    if (!v) return nlohmann::json::object();
    if (!v->is_object()) fail(key, "must be a JSON object, not " + std::string(v->type_name()));
    return *v;
}

JsonObject Reader::json_object(std::string_view key) const {
    const auto* v = get(key);
    if (!v) return {};
    return located(key, [&](const std::string& n) { return to_json_object(*v, n); });
}

std::vector<std::string> Reader::strings(std::string_view key) const {
    std::vector<std::string> out;
    const auto* v = get(key);
    if (!v) return out;
    if (!v->is_array()) fail(key, "must be an array of strings");
    for (std::size_t i = 0; i < v->size(); ++i) {
        if (!(*v)[i].is_string())
            throw InvalidInput(name(key) + "[" + std::to_string(i) + "]", "must be a string", source_, row_);
        out.push_back((*v)[i].get<std::string>());
    }
    return out;
}

}  // namespace clientele::json_read
