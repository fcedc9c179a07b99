#include "customers/customer_audit.hpp"

namespace clientele::store {

nlohmann::json customer_changes(const Customer& before, const Customer& after) {
    const nlohmann::json b = to_json(before), a = to_json(after);
    nlohmann::json changes = nlohmann::json::object();
    auto note = [&](const std::string& key) {
        if (key == "updated_at" || key == "version") return;
        const auto* x = b.contains(key) ? &b[key] : nullptr;
        const auto* y = a.contains(key) ? &a[key] : nullptr;
        if (x && y && *x == *y) return;
        changes[key] = {{"before", x ? *x : nlohmann::json()}, {"after", y ? *y : nlohmann::json()}};
    };
    for (const auto& [key, value] : b.items()) note(key);
    for (const auto& [key, value] : a.items())
        if (!b.contains(key)) note(key);
    return changes;
}

}  // namespace clientele::store
