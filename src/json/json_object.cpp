// Custom fields as a value: one canonical text per object, made only here.
#include "json/json.hpp"

#include <utility>

#include "clientele/error.hpp"

namespace clientele {

namespace {

// True when `j` nests deeper than `levels`. Recursive, but never more than `levels` + 1
// calls deep whatever the document.
bool deeper_than(const nlohmann::json& j, int levels) {
    if (!j.is_structured()) return false;
    if (levels == 0) return true;
    for (const auto& item : j)
        if (deeper_than(item, levels - 1)) return true;
    return false;
}

std::string joined(std::string_view field, const std::string& path) {
    if (path.empty()) return std::string(field);
    if (field.empty()) return path;
    return std::string(field) + (path.front() == '[' ? "" : ".") + path;
}

}  // namespace

JsonObject adopt_canonical_json(std::string canonical) { return JsonObject(std::move(canonical)); }

JsonObject to_json_object(const nlohmann::json& j, std::string_view field) {
    if (!j.is_object())
        throw InvalidInput(std::string(field), std::string("must be a JSON object, not ") + j.type_name());
    if (deeper_than(j, kMaxJsonDepth))
        throw InvalidInput(std::string(field), "is nested deeper than " + std::to_string(kMaxJsonDepth) +
                                                   " levels (the limit for custom fields)");
    // dump() sorts the keys (objects are std::maps) and rejects text that is not UTF-8.
    try {
        return adopt_canonical_json(j.dump());
    } catch (const nlohmann::json::exception& e) {
        throw InvalidInput(std::string(field), std::string("cannot be stored: ") + e.what());
    }
}

JsonObject JsonObject::parse(std::string_view text, std::string_view field) {
    if (text == "{}") return {};  // the common case: no custom fields
    JsonTextProblem problem;
    auto j = read_json_text(text, kMaxJsonDepth, problem);
    if (!j) throw InvalidInput(joined(field, problem.field), problem.reason);
    return to_json_object(*j, field);
}

std::optional<JsonObject> stored_json_object(std::string_view text) {
    if (text == "{}") return JsonObject{};
    JsonTextProblem problem;
    auto j = read_json_text(text, kMaxJsonDepth, problem);
    if (!j || !j->is_object()) return std::nullopt;
    return adopt_canonical_json(j->dump());
}

nlohmann::json to_nlohmann(const JsonObject& o) {
    if (o.empty()) return nlohmann::json::object();
    return nlohmann::json::parse(o.text());
}

}  // namespace clientele
