#include "cells/column_names.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "clientele/model.hpp"
#include "model/customer_fields.hpp"
#include "text/utf8.hpp"

namespace clientele::cells {

namespace {

using FieldNames = std::map<std::string, Field, std::less<>>;
using Names = std::map<std::string, ColumnTarget, std::less<>>;

Names targets(const FieldNames& names) {
    Names out;
    for (const auto& [name, field] : names) out.emplace(name, ColumnTarget{field, 0});
    return out;
}

// Every alias of a customer column, the union of what import and dedupe accepted before
// they shared this table (docs/import-export.md lists them).
const Names& customer_names() {
    static const FieldNames names{
        {"id", Field::external_id}, {"external_id", Field::external_id}, {"customer_id", Field::external_id},
        {"rec_id", Field::external_id},
        {"uuid", Field::uuid},
        {"kind", Field::kind}, {"type", Field::kind},
        {"email", Field::email}, {"e_mail", Field::email}, {"email_address", Field::email}, {"emails", Field::email},
        {"work_email", Field::email}, {"邮箱", Field::email}, {"电子邮件", Field::email},
        {"phone", Field::phone}, {"phones", Field::phone}, {"mobile", Field::phone}, {"tel", Field::phone},
        {"telephone", Field::phone}, {"home_phone", Field::phone}, {"phone_number", Field::phone},
        {"电话", Field::phone}, {"手机", Field::phone}, {"手机号", Field::phone},
        {"street", Field::street}, {"address", Field::street}, {"address1", Field::street},
        {"address_1", Field::street}, {"street_address", Field::street}, {"地址", Field::street},
        {"street2", Field::street_line2}, {"address2", Field::street_line2}, {"address_2", Field::street_line2},
        {"city", Field::city}, {"town", Field::city}, {"suburb", Field::city}, {"城市", Field::city},
        {"region", Field::region}, {"state", Field::region}, {"province", Field::region}, {"省份", Field::region},
        {"postcode", Field::postcode}, {"postal_code", Field::postcode}, {"zip", Field::postcode},
        {"zip_code", Field::postcode}, {"zipcode", Field::postcode}, {"邮编", Field::postcode},
        {"country", Field::country}, {"国家", Field::country},
        {"birthday", Field::birthday}, {"birth_date", Field::birthday}, {"date_of_birth", Field::birthday},
        {"dob", Field::birthday}, {"生日", Field::birthday},
        {"gender", Field::gender}, {"sex", Field::gender}, {"性别", Field::gender},
        {"tags", Field::tags}, {"tag", Field::tags}, {"标签", Field::tags},
        {"owner", Field::owner}, {"status", Field::status},
        {"created_at", Field::created_at}, {"last_verified_at", Field::last_verified_at},
    };
    // The text fields' names and aliases come from their table (model/customer_fields.hpp).
    static const Names with_text = [] {
        Names all = targets(names);
        const auto text = fields::customer_text_fields();
        for (std::size_t i = 0; i < text.size(); ++i) {
            const ColumnTarget t{Field::text, i};
            all.emplace(std::string(text[i].name), t);
            for (std::string_view rest = text[i].aliases; !rest.empty();) {
                const auto bar = rest.find('|');
                all.emplace(std::string(rest.substr(0, bar)), t);
                rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
            }
        }
        return all;
    }();
    return with_text;
}

const Names& interaction_names() {
    static const Names names = targets({
        {"id", Field::external_id}, {"external_id", Field::external_id}, {"uuid", Field::uuid},
        {"customer", Field::customer}, {"customer_id", Field::customer}, {"customer_external_id", Field::customer},
        {"customer_uuid", Field::customer}, {"客户", Field::customer},
        {"kind", Field::kind}, {"type", Field::kind},
        {"occurred_at", Field::occurred_at}, {"timestamp", Field::occurred_at}, {"time", Field::occurred_at},
        {"date", Field::occurred_at}, {"datetime", Field::occurred_at}, {"时间", Field::occurred_at},
        {"日期", Field::occurred_at},
        {"amount", Field::amount}, {"金额", Field::amount}, {"currency", Field::currency},
        {"channel", Field::channel}, {"direction", Field::direction}, {"owner", Field::owner},
        {"subject", Field::subject}, {"body", Field::body}, {"text", Field::body}, {"description", Field::body},
        {"csat", Field::csat}, {"nps", Field::nps}, {"complaint_status", Field::complaint_status},
        {"due_at", Field::due_at},
    });
    return names;
}

// Group numbers beyond this read as unknown columns: a typo like "email20240101" must not
// make an import hold twenty million empty addresses.
constexpr std::size_t kMaxSlot = 999;

// "2" in "email2"/"email_2" -> slot 1; no number -> slot 0. False for 0 or too large.
bool read_slot(std::string_view digits, std::size_t& slot) {
    slot = 0;
    if (digits.empty()) return true;
    if (digits.size() > 3) return false;
    std::size_t n = 0;
    for (char c : digits) n = n * 10 + static_cast<std::size_t>(c - '0');
    if (n == 0 || n > kMaxSlot) return false;
    slot = n - 1;
    return true;
}

constexpr std::array<ConsentChannel, 4> kChannels{ConsentChannel::email, ConsentChannel::sms, ConsentChannel::phone,
                                                  ConsentChannel::wechat};

// "consent_sms", "consent_sms_at", "consent_sms_method".
ColumnTarget consent_target(std::string_view name) {
    if (!name.starts_with("consent_")) return {};
    name.remove_prefix(8);
    for (auto ch : kChannels) {
        const auto channel = to_string(ch);
        if (!name.starts_with(channel)) continue;
        const auto rest = name.substr(channel.size());
        const auto slot = static_cast<std::size_t>(ch);
        if (rest.empty()) return {Field::consent, slot};
        if (rest == "_at") return {Field::consent_at, slot};
        if (rest == "_method") return {Field::consent_method, slot};
    }
    return {};
}

// "address2_city", "address_2_zip", "address_label" (slot 0), "address3_primary".
ColumnTarget address_target(std::string_view name, const Names& names) {
    if (!name.starts_with("address")) return {};
    name.remove_prefix(7);
    if (name.size() > 1 && name[0] == '_' && name[1] >= '0' && name[1] <= '9') name.remove_prefix(1);
    const auto digits = name.substr(0, std::min(name.size(), name.find_first_not_of("0123456789")));
    name.remove_prefix(digits.size());
    ColumnTarget t;
    if (!name.starts_with('_') || !read_slot(digits, t.slot)) return {};
    name.remove_prefix(1);
    if (name == "label") t.field = Field::address_label;
    else if (name == "primary") t.field = Field::address_primary;
    else if (auto it = names.find(name); it != names.end() && is_address_part(it->second.field))
        t.field = it->second.field;
    return t.field == Field::ignore ? ColumnTarget{} : t;
}

// "email2", "email_3", "phone 2", "mobile2_label", "email_primary" -> the contact groups.
ColumnTarget contact_target(std::string_view name, const Names& names) {
    int role = 0;  // 0 value, 1 label, 2 primary
    if (name.ends_with("_label")) {
        role = 1;
        name.remove_suffix(6);
    } else if (name.ends_with("_primary")) {
        role = 2;
        name.remove_suffix(8);
    }
    auto stem = name;
    while (!stem.empty() && stem.back() >= '0' && stem.back() <= '9') stem.remove_suffix(1);
    ColumnTarget t;
    if (!read_slot(name.substr(stem.size()), t.slot)) return {};
    if (stem.size() < name.size() && stem.ends_with('_')) stem.remove_suffix(1);
    auto it = names.find(stem);
    if (it == names.end() || (it->second.field != Field::email && it->second.field != Field::phone)) return {};
    const bool email = it->second.field == Field::email;
    constexpr Field kEmail[] = {Field::email, Field::email_label, Field::email_primary};
    constexpr Field kPhone[] = {Field::phone, Field::phone_label, Field::phone_primary};
    t.field = email ? kEmail[role] : kPhone[role];
    return t;
}

// The name export and canonical_column give a field outside the numbered groups.
std::string_view plain_name(Field f) {
    switch (f) {
        case Field::external_id: return "external_id";
        case Field::uuid: return "uuid";
        case Field::kind: return "kind";
        case Field::street_line2: return "street2";
        case Field::birthday: return "birthday";
        case Field::gender: return "gender";
        case Field::tags: return "tags";
        case Field::owner: return "owner";
        case Field::status: return "status";
        case Field::created_at: return "created_at";
        case Field::last_verified_at: return "last_verified_at";
        case Field::customer: return "customer_id";
        case Field::occurred_at: return "occurred_at";
        case Field::amount: return "amount";
        case Field::currency: return "currency";
        case Field::channel: return "channel";
        case Field::direction: return "direction";
        case Field::subject: return "subject";
        case Field::body: return "body";
        case Field::csat: return "csat";
        case Field::nps: return "nps";
        case Field::complaint_status: return "complaint_status";
        case Field::due_at: return "due_at";
        default: return {};
    }
}

}  // namespace

std::string normalize_header(std::string_view header) {
    if (header.starts_with("\xEF\xBB\xBF")) header.remove_prefix(3);
    std::string out(text::trim(header));
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c == ' ' || c == '-') c = '_';
    }
    return out;
}

ColumnTarget recognize(std::string_view header, RecordType type) {
    const auto name = normalize_header(header);
    const auto& names = type == RecordType::customers ? customer_names() : interaction_names();
    if (auto it = names.find(name); it != names.end()) return it->second;
    if (type != RecordType::customers) return {};
    for (auto t : {consent_target(name), address_target(name, names), contact_target(name, names)})
        if (t.field != Field::ignore) return t;
    return {};
}

std::string header_of(Field field, std::size_t slot) {
    if (field >= Field::consent && field <= Field::consent_method) {
        std::string h = "consent_" + std::string(to_string(static_cast<ConsentChannel>(slot)));
        return field == Field::consent ? h : h + (field == Field::consent_at ? "_at" : "_method");
    }
    const std::string n = slot == 0 ? "" : std::to_string(slot + 1);
    switch (field) {
        case Field::email: return "email" + n;
        case Field::email_label: return "email" + n + "_label";
        case Field::email_primary: return "email" + n + "_primary";
        case Field::phone: return "phone" + n;
        case Field::phone_label: return "phone" + n + "_label";
        case Field::phone_primary: return "phone" + n + "_primary";
        case Field::address_label: return "address" + n + "_label";
        case Field::address_primary: return "address" + n + "_primary";
        default: break;
    }
    if (field == Field::text) return std::string(fields::customer_text_fields()[slot].name);
    std::string_view part;
    switch (field) {
        case Field::street: part = "street"; break;
        case Field::city: part = "city"; break;
        case Field::region: part = "region"; break;
        case Field::postcode: part = "postcode"; break;
        case Field::country: part = "country"; break;
        default: return std::string(plain_name(field));
    }
    // The first address keeps the plain names people use (street, city, ...).
    return slot == 0 ? std::string(part) : "address" + n + "_" + std::string(part);
}

}  // namespace clientele::cells

namespace clientele {

std::string canonical_column(std::string_view header, RecordType type) {
    const auto t = cells::recognize(header, type);
    return cells::header_of(t.field, t.slot);
}

}  // namespace clientele
