#include "model/customer_fields.hpp"

#include <array>
#include <string>
#include <vector>

#include <unicode/uloc.h>

#include "clientele/error.hpp"

namespace clientele::fields {

namespace {

// A BCP 47 language tag ("zh-CN", "en", "yue-Hant-HK"), stored in its canonical case so
// that "zh_cn" and "ZH-CN" are one language for segments and exports. ICU parses the tag;
// the language must be a real ISO 639 code, not merely well-formed ("chinese" is not).
void check_language_tag(std::string& value, std::string_view field) {
    if (value.empty()) return;
    std::string tag = value;
    for (auto& ch : tag)
        if (ch == '_') ch = '-';
    auto refuse = [&] {
        throw InvalidInput(std::string(field), "'" + value + "' is not a language tag (BCP 47, e.g. zh-CN, en, yue-HK)");
    };
    char locale[ULOC_FULLNAME_CAPACITY];
    int32_t parsed = 0;
    UErrorCode status = U_ZERO_ERROR;
    uloc_forLanguageTag(tag.c_str(), locale, sizeof locale, &parsed, &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING || parsed != static_cast<int32_t>(tag.size()))
        refuse();
    if (std::string_view(uloc_getISO3Language(locale)).empty()) refuse();
    char canonical[ULOC_FULLNAME_CAPACITY];
    status = U_ZERO_ERROR;
    const int32_t n = uloc_toLanguageTag(locale, canonical, sizeof canonical, /*strict=*/true, &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING) refuse();
    value.assign(canonical, static_cast<std::size_t>(n));
}

constexpr std::array kTextFields{
    TextField{.name = "display_name", .member = &Customer::display_name, .label = "name",
              .aliases = "name|full_name|姓名|名称", .searchable = true, .name_part = true, .personal = true},
    TextField{.name = "given_name", .member = &Customer::given_name, .label = "given name",
              .aliases = "first_name|given|forename|名", .searchable = true, .name_part = true, .personal = true},
    TextField{.name = "family_name", .member = &Customer::family_name, .label = "family name",
              .aliases = "last_name|surname|姓", .searchable = true, .name_part = true, .personal = true},
    TextField{.name = "company_name", .member = &Customer::company_name, .label = "company",
              .aliases = "company|公司", .searchable = true, .personal = true},
    TextField{.name = "job_title", .member = &Customer::job_title, .label = "job title", .aliases = "title|职位",
              .searchable = true, .personal = true},
    TextField{.name = "source", .member = &Customer::source, .label = "source", .aliases = "来源"},
    TextField{.name = "membership_level", .member = &Customer::membership_level, .label = "membership",
              .aliases = "level", .searchable = true},
    TextField{.name = "preferred_language", .member = &Customer::preferred_language, .label = "language",
              .aliases = "language|lang|locale|语言|首选语言", .max_bytes = 35, .check = check_language_tag},
    TextField{.name = "notes", .member = &Customer::notes, .label = "notes", .aliases = "note|备注",
              .max_bytes = kLongText, .combinable = true, .personal = true},
};

}  // namespace

std::span<const TextField> customer_text_fields() { return kTextFields; }

const TextField* find_text_field(std::string_view name) {
    for (const auto& f : kTextFields)
        if (f.name == name) return &f;
    return nullptr;
}

std::span<const std::string_view> customer_json_keys() {
    static const std::vector<std::string_view> keys = [] {
        std::vector<std::string_view> k{"id", "external_id", "kind"};
        for (const auto& f : kTextFields) k.push_back(f.name);
        for (std::string_view s : {"emails", "phones", "addresses", "birthday", "gender", "owner", "tags", "custom",
                                   "consent", "created_at", "updated_at", "last_verified_at", "status", "version"})
            k.push_back(s);
        return k;
    }();
    return keys;
}

}  // namespace clientele::fields

namespace clientele {

const std::vector<std::string>& customer_json_keys() {
    static const std::vector<std::string> keys(fields::customer_json_keys().begin(), fields::customer_json_keys().end());
    return keys;
}

}  // namespace clientele
