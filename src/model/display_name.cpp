#include "clientele/model.hpp"
#include "text/utf8.hpp"

namespace clientele {

std::string derive_display_name(const Customer& c) {
    if (!c.display_name.empty()) return c.display_name;
    if (c.kind == CustomerKind::person && (!c.given_name.empty() || !c.family_name.empty())) {
        // Chinese, Japanese and Korean names are written family name first, without a space.
        if (text::contains_cjk(c.family_name) || text::contains_cjk(c.given_name))
            return c.family_name + c.given_name;
        if (c.given_name.empty()) return c.family_name;
        if (c.family_name.empty()) return c.given_name;
        return c.given_name + " " + c.family_name;
    }
    if (!c.company_name.empty()) return c.company_name;
    auto pick = [](const auto& items, auto field) -> std::string {
        for (const auto& item : items)
            if (item.primary) return item.*field;
        return items.empty() ? std::string() : items.front().*field;
    };
    if (!c.emails.empty()) return pick(c.emails, &Email::address);
    if (!c.phones.empty()) return pick(c.phones, &Phone::number);
    return {};
}

}  // namespace clientele
