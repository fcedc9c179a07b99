// Internal: strict, field-naming reads of a JSON object. Every value that is missing, of the
// wrong type or out of range becomes an InvalidInput naming the field by its full path
// ("emails[1].address"), the source and the row.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "clientele/error.hpp"
#include "clientele/json_object.hpp"
#include "clientele/time.hpp"

namespace clientele::json_read {

/// A nlohmann exception as a sentence for people: without its internal name
/// ("[json.exception.parse_error.101]") and the parser's own vocabulary, with where the text
/// broke when it is known: "invalid literal; last read: 'tru' (line 1, column 5)".
std::string describe(const nlohmann::json::exception& e);

/// Runs fn; an InvalidInput it throws that does not yet say where it came from (enum
/// names, date parsers and other code below a Reader) is re-thrown with `source`/`row`.
template <typename Fn>
auto locate(std::string_view source, std::int64_t row, Fn&& fn) {
    try {
        return fn();
    } catch (const InvalidInput& e) {
        if (!e.source().empty() || e.row() != 0 || (source.empty() && row == 0)) throw;
        throw InvalidInput(e.field(), e.reason(), std::string(source), row);
    }
}

class Reader {
public:
    Reader(const nlohmann::json& j, std::string_view source, std::int64_t row, std::string prefix = {});

    /// Rejects keys not in `known` (a typo must not silently vanish).
    void only(std::initializer_list<std::string_view> known) const { only(std::span(known.begin(), known.size())); }
    void only(std::span<const std::string_view> known) const;
    bool has(std::string_view key) const;  ///< present and not null
    const nlohmann::json* get(std::string_view key) const;  ///< nullptr when absent or null

    std::string string(std::string_view key) const;  ///< "" when absent
    std::optional<std::int64_t> integer(std::string_view key) const;
    std::optional<int> integer_in(std::string_view key, int lo, int hi) const;
    bool boolean(std::string_view key, bool fallback = false) const;
    std::optional<Timestamp> timestamp(std::string_view key) const;
    std::optional<Date> date(std::string_view key) const;
    nlohmann::json object(std::string_view key) const;  ///< {} when absent
    JsonObject json_object(std::string_view key) const;  ///< custom fields; {} when absent
    /// Calls fn(Reader) for each object of an array member.
    template <typename Fn>
    void each_object(std::string_view key, Fn&& fn) const {
        const auto* a = get(key);
        if (!a) return;
        if (!a->is_array()) fail(key, "must be an array");
        for (std::size_t i = 0; i < a->size(); ++i) {
            std::string path = name(key) + "[" + std::to_string(i) + "]";
            if (!(*a)[i].is_object()) throw InvalidInput(path, "must be an object", source_, row_);
            fn(Reader((*a)[i], source_, row_, path));
        }
    }
    std::vector<std::string> strings(std::string_view key) const;

    [[noreturn]] void fail(std::string_view key, const std::string& why) const;
    std::string name(std::string_view key) const;
    const std::string& source() const { return source_; }
    std::int64_t row() const { return row_; }

    /// Runs fn(full field name) with errors located at this reader's source and row.
    template <typename Fn>
    auto located(std::string_view key, Fn&& fn) const {
        return locate(source_, row_, [&] { return fn(name(key)); });
    }

private:
    const nlohmann::json& j_;
    std::string source_;
    std::int64_t row_;
    std::string prefix_;
};

/// The enum named by `key` (parsed by `parse`, errors located at the reader's source and
/// row), or `fallback` when the key is absent or empty.
template <typename E, typename Parse>
E read_enum(const Reader& r, std::string_view key, E fallback, Parse parse) {
    auto s = r.string(key);
    if (s.empty()) return fallback;
    return r.located(key, [&](const std::string& n) { return parse(s, n); });
}

}  // namespace clientele::json_read
