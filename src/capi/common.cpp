// clientele C ABI — reading the caller's arguments.
#include "capi/capi.hpp"

#include <string>

#include "clientele/error.hpp"
#include "json/json.hpp"

namespace clientele::capi {

nlohmann::json object_arg(const char* s, const char* argument) {
    return parse_json_object(text(s, argument), argument);
}

std::optional<nlohmann::json> optional_object_arg(const char* s) {
    if (s == nullptr || *s == '\0') return std::nullopt;
    return parse_json_object(s, "filter");
}

nlohmann::json json_arg(const char* s, const char* argument) {
    return parse_json(text(s, argument), argument);
}

std::vector<std::string> string_array_arg(const char* s, const char* argument) {
    const nlohmann::json j = json_arg(s, argument);
    if (!j.is_array()) throw InvalidInput(argument, "must be a JSON array of strings");
    std::vector<std::string> out;
    out.reserve(j.size());
    for (const auto& item : j) {
        if (!item.is_string()) throw InvalidInput(argument, "must be a JSON array of strings");
        out.push_back(item.get<std::string>());
    }
    return out;
}

PageRequest page_request(std::size_t limit, const char* cursor) {
    PageRequest page;
    if (limit != 0) page.limit = limit;
    if (cursor != nullptr) page.after = cursor;
    return page;
}

std::filesystem::path utf8_path(std::string_view s) {
    const std::u8string u8(reinterpret_cast<const char8_t*>(s.data()), s.size());
    return std::filesystem::path(u8);
}

}  // namespace clientele::capi
