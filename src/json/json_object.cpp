// Custom fields as a value: one canonical text per object, made only here.
#include "json/json.hpp"

#include <utility>

#include "clientele/error.hpp"

namespace clientele {

JsonObject adopt_canonical_json(std::string canonical) { return JsonObject(std::move(canonical)); }

JsonObject to_json_object(const nlohmann::json& j, std::string_view field) {
    if (!j.is_object())
        throw InvalidInput(std::string(field), std::string("must be a JSON object, not ") + j.type_name());
    // dump() sorts the keys (objects are std::maps) and rejects text that is not UTF-8.
    try {
        return adopt_canonical_json(j.dump());
    } catch (const nlohmann::json::exception& e) {
        throw InvalidInput(std::string(field), std::string("cannot be stored: ") + e.what());
    }
}

JsonObject JsonObject::parse(std::string_view text, std::string_view field) {
    if (text == "{}") return {};  // the common case: no custom fields
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception& e) {
        throw InvalidInput(std::string(field), std::string("not valid JSON: ") + e.what());
    }
    return to_json_object(j, field);
}

std::optional<JsonObject> stored_json_object(std::string_view text) {
    if (text == "{}") return JsonObject{};
    auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (!j.is_object()) return std::nullopt;  // also what a parse failure gives (discarded)
    return adopt_canonical_json(j.dump());
}

nlohmann::json to_nlohmann(const JsonObject& o) {
    if (o.empty()) return nlohmann::json::object();
    return nlohmann::json::parse(o.text());
}

}  // namespace clientele
