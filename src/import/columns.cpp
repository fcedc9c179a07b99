#include "import/columns.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "clientele/error.hpp"
#include "json/json.hpp"
#include "money/money.hpp"
#include "text/utf8.hpp"

namespace clientele::import {

namespace {

// Header text -> lookup form: trimmed, ASCII lower case, spaces and dashes as '_'.
std::string normalize(std::string_view header) {
    std::string out(text::trim(header));
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c == ' ' || c == '-') c = '_';
    }
    return out;
}

const std::map<std::string, Field, std::less<>>& customer_names() {
    static const std::map<std::string, Field, std::less<>> names{
        {"id", Field::external_id}, {"external_id", Field::external_id}, {"customer_id", Field::external_id},
        {"uuid", Field::uuid},
        {"name", Field::display_name}, {"display_name", Field::display_name}, {"full_name", Field::display_name},
        {"姓名", Field::display_name}, {"名称", Field::display_name},
        {"given_name", Field::given_name}, {"first_name", Field::given_name}, {"名", Field::given_name},
        {"family_name", Field::family_name}, {"last_name", Field::family_name}, {"surname", Field::family_name},
        {"姓", Field::family_name},
        {"company", Field::company}, {"company_name", Field::company}, {"公司", Field::company},
        {"job_title", Field::job_title}, {"title", Field::job_title}, {"职位", Field::job_title},
        {"kind", Field::kind}, {"type", Field::kind},
        {"email", Field::email}, {"e_mail", Field::email}, {"email_address", Field::email}, {"emails", Field::email},
        {"邮箱", Field::email},
        {"phone", Field::phone}, {"phones", Field::phone}, {"mobile", Field::phone}, {"tel", Field::phone},
        {"phone_number", Field::phone}, {"电话", Field::phone}, {"手机", Field::phone}, {"手机号", Field::phone},
        {"street", Field::street}, {"address", Field::street}, {"地址", Field::street},
        {"city", Field::city}, {"城市", Field::city},
        {"region", Field::region}, {"state", Field::region}, {"province", Field::region}, {"省份", Field::region},
        {"postcode", Field::postcode}, {"postal_code", Field::postcode}, {"zip", Field::postcode},
        {"zip_code", Field::postcode}, {"邮编", Field::postcode},
        {"country", Field::country}, {"国家", Field::country},
        {"birthday", Field::birthday}, {"birth_date", Field::birthday}, {"date_of_birth", Field::birthday},
        {"生日", Field::birthday},
        {"gender", Field::gender}, {"sex", Field::gender}, {"性别", Field::gender},
        {"tags", Field::tags}, {"tag", Field::tags}, {"标签", Field::tags},
        {"owner", Field::owner}, {"source", Field::source}, {"来源", Field::source},
        {"membership_level", Field::membership_level}, {"level", Field::membership_level},
        {"status", Field::status},
        {"notes", Field::notes}, {"note", Field::notes}, {"备注", Field::notes},
        {"created_at", Field::created_at}, {"last_verified_at", Field::last_verified_at},
    };
    return names;
}

const std::map<std::string, Field, std::less<>>& interaction_names() {
    static const std::map<std::string, Field, std::less<>> names{
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
    };
    return names;
}

// Splits a `;`-list (also the full-width `；`), trimming items and dropping empty ones.
template <typename Fn>
void each_item(std::string_view value, Fn&& fn) {
    while (!value.empty()) {
        auto cut = value.find(';');
        auto wide = value.find("\xEF\xBC\x9B");
        std::size_t skip = 1;
        if (wide < cut) { cut = wide; skip = 3; }
        auto item = text::trim(value.substr(0, cut));
        if (!item.empty()) fn(item);
        if (cut == std::string_view::npos) break;
        value.remove_prefix(cut + skip);
    }
}

// What a header reads as: a field, and its group (Column::slot).
struct Target {
    Field field = Field::ignore;
    std::size_t slot = 0;
};

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
Target consent_target(std::string_view name) {
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
Target address_target(std::string_view name, const std::map<std::string, Field, std::less<>>& names) {
    if (!name.starts_with("address")) return {};
    name.remove_prefix(7);
    if (name.size() > 1 && name[0] == '_' && name[1] >= '0' && name[1] <= '9') name.remove_prefix(1);
    const auto digits = name.substr(0, std::min(name.size(), name.find_first_not_of("0123456789")));
    name.remove_prefix(digits.size());
    Target t;
    if (!name.starts_with('_') || !read_slot(digits, t.slot)) return {};
    name.remove_prefix(1);
    if (name == "label") t.field = Field::address_label;
    else if (name == "primary") t.field = Field::address_primary;
    else if (auto it = names.find(name); it != names.end() && it->second >= Field::street && it->second <= Field::country)
        t.field = it->second;
    return t.field == Field::ignore ? Target{} : t;
}

// "email2", "email_3", "phone 2", "mobile2_label", "email_primary" -> the contact groups.
Target contact_target(std::string_view name, const std::map<std::string, Field, std::less<>>& names) {
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
    Target t;
    if (!read_slot(name.substr(stem.size()), t.slot)) return {};
    if (stem.size() < name.size() && stem.ends_with('_')) stem.remove_suffix(1);
    auto it = names.find(stem);
    if (it == names.end() || (it->second != Field::email && it->second != Field::phone)) return {};
    const bool email = it->second == Field::email;
    constexpr Field kEmail[] = {Field::email, Field::email_label, Field::email_primary};
    constexpr Field kPhone[] = {Field::phone, Field::phone_label, Field::phone_primary};
    t.field = email ? kEmail[role] : kPhone[role];
    return t;
}

Target lookup(std::string_view name, RecordType type) {
    const auto& names = type == RecordType::customers ? customer_names() : interaction_names();
    if (auto it = names.find(name); it != names.end()) return {it->second, 0};
    if (type != RecordType::customers) return {};
    for (auto t : {consent_target(name), address_target(name, names), contact_target(name, names)})
        if (t.field != Field::ignore) return t;
    return {};
}

bool repeatable(Field f) {
    return f == Field::email || f == Field::phone || f == Field::ignore || f == Field::custom || f == Field::custom_json;
}

// The field a label/primary column belongs to ("email_label" -> email); ignore otherwise.
Field owner_of(Field f) {
    switch (f) {
        case Field::email_label: case Field::email_primary: return Field::email;
        case Field::phone_label: case Field::phone_primary: return Field::phone;
        case Field::consent_at: case Field::consent_method: return Field::consent;
        case Field::address_label: case Field::address_primary: return Field::street;  // any part: see is_address_part
        default: return Field::ignore;
    }
}

bool is_address_part(Field f) { return f >= Field::street && f <= Field::country; }

// "yes"/"no" cells of the primary columns, as people and spreadsheets write them
// (Excel turns "true" into TRUE). Empty is no. nullopt: not a flag.
std::optional<bool> flag_of(std::string_view v) {
    v = text::trim(v);
    if (v.size() > 5) return std::nullopt;
    std::string lower(v);  // short: no allocation
    for (auto& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    for (std::string_view yes : {"yes", "y", "true", "1", "x", "是"})
        if (lower == yes) return true;
    for (std::string_view no : {"", "no", "n", "false", "0", "否"})
        if (lower == no) return false;
    return std::nullopt;
}

bool read_flag(std::string_view v, const std::string& column) {
    auto f = flag_of(v);
    if (!f) throw InvalidInput(column, "'" + std::string(v) + "' is not yes or no");
    return *f;
}

// True when a contact cell holds no address or number (empty, or only separators).
bool no_items(std::string_view v) {
    bool any = false;
    each_item(v, [&](std::string_view) { any = true; });
    return !any;
}

// A record's custom fields as a document while one row is applied: parsed on first use
// and written back once, so a file without custom columns pays nothing for them.
class CustomDocument {
public:
    explicit CustomDocument(JsonObject& target) : target_(target) {}
    nlohmann::json& operator()() {
        if (!doc_) doc_ = to_nlohmann(target_);
        return *doc_;
    }
    void store() {
        if (doc_) target_ = to_json_object(*doc_);
    }

private:
    JsonObject& target_;
    std::optional<nlohmann::json> doc_;
};

// A custom_json.NAME cell: the JSON text of the value.
nlohmann::json read_json_cell(std::string_view v, const std::string& column) {
    try {
        return parse_json(v, column);
    } catch (const InvalidInput& e) {
        throw InvalidInput(column, e.reason());
    }
}

Gender read_gender(std::string_view v) {
    if (v.empty()) return Gender::unspecified;
    if (v == "男" || v == "M" || v == "m") return Gender::male;
    if (v == "女" || v == "F" || v == "f") return Gender::female;
    std::string lower(v);
    for (auto& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return parse_gender(lower, "gender");
}

std::optional<int> read_small_int(std::string_view v, std::string_view field) {
    v = text::trim(v);
    if (v.empty()) return std::nullopt;
    int out = 0;
    if (v.size() > 3 || v.find_first_not_of("0123456789") != std::string_view::npos)
        throw InvalidInput(std::string(field), "'" + std::string(v) + "' is not a whole number");
    for (char c : v) out = out * 10 + (c - '0');
    return out;
}

Uuid read_uuid(std::string_view v) {
    auto u = Uuid::parse(text::trim(v));
    if (!u) throw InvalidInput("uuid", "'" + std::string(v) + "' is not a UUID");
    return *u;
}

}  // namespace

namespace {

constexpr std::string_view kCustomPrefix = "custom.";
constexpr std::string_view kCustomJsonPrefix = "custom_json.";

// Links each label/primary/consent detail column to the column it belongs to (and an
// email/phone column to its label and primary), or names the orphan.
void link_groups(std::vector<Column>& columns) {
    for (std::size_t k = 0; k < columns.size(); ++k) {
        auto& col = columns[k];
        const Field owner = owner_of(col.field);
        if (owner == Field::ignore) continue;
        for (std::size_t v = 0; v < columns.size() && col.value == kNoColumn; ++v) {
            const auto& other = columns[v];
            if (other.slot == col.slot && (other.field == owner || (owner == Field::street && is_address_part(other.field))))
                col.value = v;
        }
        if (col.value == kNoColumn) {
            const auto whose = owner == Field::street ? header_of(Field::street, col.slot) + ", " +
                                                            header_of(Field::city, col.slot) + ", ..."
                                                      : header_of(owner, col.slot);
            throw InvalidInput(col.header, "belongs to a '" + whose + "' column, which the file does not have");
        }
        auto& value = columns[col.value];
        const bool is_label = col.field == Field::email_label || col.field == Field::phone_label;
        const bool is_primary = col.field == Field::email_primary || col.field == Field::phone_primary;
        if (is_label) value.label = k;
        if (is_primary) value.primary = k;
    }
}

}  // namespace

std::vector<Column> plan_columns(std::span<const std::string> header, const ImportOptions& options, RecordType type) {
    std::map<std::string, std::string, std::less<>> mapped;
    for (const auto& [column, field] : options.column_map) mapped[normalize(column)] = field;
    std::vector<Column> out;
    std::vector<std::string> unknown;
    std::map<std::pair<Field, std::size_t>, std::string> seen;
    for (const auto& h : header) {
        Column col;
        col.header = h;
        const auto name = normalize(h);
        std::string target = name;
        if (auto m = mapped.find(name); m != mapped.end()) {
            target = normalize(m->second);
            mapped.erase(m);
            if (target == "ignore") { out.push_back(col); continue; }
            if (!target.starts_with(kCustomPrefix) && !target.starts_with(kCustomJsonPrefix) &&
                lookup(target, type).field == Field::ignore)
                throw InvalidInput(h, "mapped to '" + target + "', which is not a field (see docs/import-export.md)");
        }
        if (name == kErrorColumn) { out.push_back(col); continue; }
        const bool json = target.starts_with(kCustomJsonPrefix) && target.size() > kCustomJsonPrefix.size();
        if (json || (target.starts_with(kCustomPrefix) && target.size() > kCustomPrefix.size())) {
            // The key as written in the header (case kept), or as the map gives it.
            const auto prefix = json ? kCustomJsonPrefix : kCustomPrefix;
            col.field = json ? Field::custom_json : Field::custom;
            col.custom_key = std::string(text::trim(std::string_view(h).substr(h.find('.') + 1)));
            if (target != name) col.custom_key = target.substr(prefix.size());
        } else {
            const auto t = lookup(target, type);
            col.field = t.field;
            col.slot = t.slot;
            if (col.field == Field::ignore) {
                if (options.unknown_columns == UnknownColumns::error) unknown.push_back(h);
                if (options.unknown_columns == UnknownColumns::custom && !name.empty()) {
                    col.field = Field::custom;
                    col.custom_key = std::string(text::trim(h));
                }
            }
        }
        if (!repeatable(col.field)) {
            if (auto [it, fresh] = seen.emplace(std::pair{col.field, col.slot}, h); !fresh)
                throw InvalidInput(h, "feeds the same field as column '" + it->second + "'");
        }
        out.push_back(std::move(col));
    }
    if (!unknown.empty()) {
        std::string list;
        for (const auto& u : unknown) list += (list.empty() ? "'" : ", '") + u + "'";
        throw InvalidInput(unknown.front(), "unknown column(s) " + list +
                                                ": map them with column=field, or allow custom fields");
    }
    if (!mapped.empty())
        throw InvalidInput(mapped.begin()->first, "is in the column map but not in the file's header");
    auto has = [&](Field f) { return seen.count({f, 0}) > 0; };
    if (type == RecordType::interactions) {
        if (!has(Field::customer)) throw InvalidInput("customer_id", "the file has no customer column (customer_id, customer, ...)");
        if (!has(Field::occurred_at)) throw InvalidInput("occurred_at", "the file has no time column (occurred_at, timestamp, date)");
    }
    link_groups(out);
    return out;
}

bool is_field_name(std::string_view header, RecordType type) {
    const auto name = normalize(header);
    return name == kErrorColumn || name.starts_with(kCustomPrefix) || name.starts_with(kCustomJsonPrefix) ||
           lookup(name, type).field != Field::ignore;
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
    std::string_view part;
    switch (field) {
        case Field::street: part = "street"; break;
        case Field::city: part = "city"; break;
        case Field::region: part = "region"; break;
        case Field::postcode: part = "postcode"; break;
        case Field::country: part = "country"; break;
        default: return {};
    }
    // The first address keeps the plain names people use (street, city, ...).
    return slot == 0 ? std::string(part) : "address" + n + "_" + std::string(part);
}

std::string customer_key(std::span<const Column> columns, Row row) {
    std::string_view uuid;
    for (std::size_t k = 0; k < columns.size(); ++k) {
        if (columns[k].field == Field::external_id) {
            auto v = text::trim(row[k]);
            if (!v.empty()) return std::string(v);
        }
        if (columns[k].field == Field::uuid) uuid = text::trim(row[k]);
    }
    return std::string(uuid);
}

namespace {

// The address of group `slot`, added (empty) when the customer has fewer: empty ones left
// over are dropped by the store's checks.
Address& address_at(Customer& c, std::size_t slot) {
    if (slot >= c.addresses.size()) c.addresses.resize(slot + 1);
    return c.addresses[slot];
}

bool no_address(const Address& a) {
    return a.street.empty() && a.city.empty() && a.region.empty() && a.postcode.empty() && a.country.empty();
}

// Contact columns: `item` with its label and primary flag from the slot's columns when the
// file has them, else as stored when the file repeats a stored address or number.
template <class Contact, class Same>
Contact contact_of(const Column& col, Row row, std::string_view item, const std::vector<Contact>& stored, Same&& same) {
    auto old = std::find_if(stored.begin(), stored.end(), same);
    Contact out = old != stored.end() ? *old : Contact{std::string(item), "", false, ""};
    if (col.label != kNoColumn) out.label = text::trim(row[col.label]);
    // Lenient here; the primary column itself rejects a cell that is not a flag.
    if (col.primary != kNoColumn) out.primary = flag_of(row[col.primary]).value_or(false);
    return out;
}

}  // namespace

void apply_customer(std::span<const Column> columns, Row row, Customer& c, const InstantParser& time, std::size_t& at) {
    bool emails = false, phones = false, address_details = false;
    std::vector<Email> new_emails;
    std::vector<Phone> new_phones;
    CustomDocument custom(c.custom);
    for (at = 0; at < columns.size(); ++at) {
        const auto& col = columns[at];
        const std::string_view v = row[at];
        switch (col.field) {
            case Field::ignore: break;
            case Field::custom:
                if (v.empty()) {
                    custom().erase(col.custom_key);
                } else if (auto it = custom().find(col.custom_key);
                           it == custom().end() || it->is_string() || it->dump() != v) {
                    // Cells are text; a stored number or list written out by export (as
                    // its JSON text) and read back unchanged keeps its type.
                    custom()[col.custom_key] = std::string(v);
                }
                break;
            case Field::custom_json:
                if (text::trim(v).empty()) custom().erase(col.custom_key);
                else custom()[col.custom_key] = read_json_cell(v, col.header);
                break;
            case Field::external_id: c.external_id = v; break;
            case Field::uuid: if (!text::trim(v).empty()) c.id = read_uuid(v); break;
            case Field::display_name: c.display_name = v; break;
            case Field::given_name: c.given_name = v; break;
            case Field::family_name: c.family_name = v; break;
            case Field::company: c.company_name = v; break;
            case Field::job_title: c.job_title = v; break;
            case Field::kind: c.kind = v.empty() ? CustomerKind::person : parse_customer_kind(text::trim(v), col.header); break;
            case Field::email:
                emails = true;
                each_item(v, [&](std::string_view item) {
                    new_emails.push_back(
                        contact_of(col, row, item, c.emails, [&](const Email& e) { return e.address == item; }));
                });
                break;
            case Field::phone:
                phones = true;
                each_item(v, [&](std::string_view item) {
                    new_phones.push_back(
                        contact_of(col, row, item, c.phones, [&](const Phone& p) { return p.number == item; }));
                });
                break;
            case Field::email_label:
            case Field::phone_label:
                if (!text::trim(v).empty() && no_items(row[col.value]))
                    throw InvalidInput(col.header, "gives a label, but '" + columns[col.value].header + "' is empty");
                break;
            case Field::email_primary:
            case Field::phone_primary:
                if (read_flag(v, col.header) && no_items(row[col.value]))
                    throw InvalidInput(col.header, "marks a primary, but '" + columns[col.value].header + "' is empty");
                break;
            case Field::street: address_at(c, col.slot).street = v; break;
            case Field::city: address_at(c, col.slot).city = v; break;
            case Field::region: address_at(c, col.slot).region = v; break;
            case Field::postcode: address_at(c, col.slot).postcode = v; break;
            case Field::country: address_at(c, col.slot).country = v; break;
            case Field::address_label:
                address_at(c, col.slot).label = text::trim(v);
                address_details = address_details || !text::trim(v).empty();
                break;
            case Field::address_primary: {
                const bool primary = read_flag(v, col.header);
                address_at(c, col.slot).primary = primary;
                address_details = address_details || primary;
                break;
            }
            case Field::birthday:
                if (text::trim(v).empty()) c.birthday.reset();
                else c.birthday = parse_date(v, col.header);
                break;
            case Field::gender: c.gender = read_gender(text::trim(v)); break;
            case Field::tags:
                c.tags.clear();
                each_item(v, [&](std::string_view item) { c.tags.emplace_back(item); });
                break;
            case Field::owner: c.owner = text::trim(v); break;
            case Field::source: c.source = v; break;
            case Field::membership_level: c.membership_level = v; break;
            case Field::status: c.status = v.empty() ? CustomerStatus::active : parse_customer_status(text::trim(v), col.header); break;
            case Field::notes: c.notes = v; break;
            case Field::created_at:
                if (!text::trim(v).empty()) c.created_at = time.parse(v, col.header);
                break;
            case Field::last_verified_at:
                if (text::trim(v).empty()) c.last_verified_at.reset();
                else c.last_verified_at = time.parse(v, col.header);
                break;
            case Field::consent: {
                // Empty: no consent on record for the channel; else the status, with the
                // time and method from their columns (kept as stored when the file has none).
                const auto channel = static_cast<ConsentChannel>(col.slot);
                if (text::trim(v).empty()) c.consent.erase(channel);
                else c.consent[channel].status = parse_consent_status(text::trim(v), col.header);
                break;
            }
            case Field::consent_at:
            case Field::consent_method: {
                const auto t = text::trim(v);
                const bool has_status = !text::trim(row[col.value]).empty();
                if (!t.empty() && !has_status)
                    throw InvalidInput(col.header, "is set, but '" + columns[col.value].header + "' is empty");
                if (!has_status) break;
                auto& consent = c.consent[static_cast<ConsentChannel>(col.slot)];
                if (col.field == Field::consent_method) consent.method = t;
                else if (t.empty()) consent.at.reset();
                else consent.at = time.parse(t, col.header);
                break;
            }
            default: break;
        }
    }
    if (address_details) {
        // A label or primary flag on an address slot the row leaves empty would vanish.
        for (at = 0; at < columns.size(); ++at) {
            const auto& col = columns[at];
            if (col.field != Field::address_label && col.field != Field::address_primary) continue;
            const auto& a = c.addresses[col.slot];
            if (no_address(a) && (col.field == Field::address_label ? !a.label.empty() : a.primary))
                throw InvalidInput(col.header, std::string(col.field == Field::address_label ? "gives a label" : "marks a primary") +
                                                   ", but address " + std::to_string(col.slot + 1) +
                                                   " is empty (no street, city, region, postcode or country)");
        }
    }
    at = columns.size();
    custom.store();
    // The first stays primary unless a kept email or a primary column says otherwise.
    if (emails) c.emails = std::move(new_emails);
    if (phones) c.phones = std::move(new_phones);
}

Interaction read_interaction(std::span<const Column> columns, Row row, const InstantParser& time,
                             std::string_view default_currency, std::size_t& at) {
    Interaction i;
    bool kind_given = false;
    std::string_view amount;
    std::size_t amount_at = 0;
    CustomDocument custom(i.custom);
    for (at = 0; at < columns.size(); ++at) {
        const auto& col = columns[at];
        const std::string_view v = row[at];
        const auto t = text::trim(v);
        switch (col.field) {
            case Field::custom:
                if (!v.empty()) custom()[col.custom_key] = std::string(v);
                break;
            case Field::custom_json:
                if (!t.empty()) custom()[col.custom_key] = read_json_cell(v, col.header);
                break;
            case Field::external_id: i.external_id = t; break;
            case Field::uuid: if (!t.empty()) i.id = read_uuid(t); break;
            case Field::customer:
                if (t.empty()) throw InvalidInput(col.header, "is empty: every interaction needs its customer");
                i.customer_external_id = t;
                break;
            case Field::kind:
                if (!t.empty()) {
                    i.kind = parse_interaction_kind(t, col.header);
                    kind_given = true;
                }
                break;
            case Field::occurred_at:
                if (t.empty()) throw InvalidInput(col.header, "is empty: every interaction needs its time");
                i.occurred_at = time.parse(t, col.header);
                break;
            case Field::amount: amount = t; amount_at = at; break;
            case Field::currency: i.currency = t; break;
            case Field::channel: i.channel = v; break;
            case Field::direction: if (!t.empty()) i.direction = parse_direction(t, col.header); break;
            case Field::owner: i.owner = t; break;
            case Field::subject: i.subject = v; break;
            case Field::body: i.body = v; break;
            case Field::csat: i.csat = read_small_int(t, col.header); break;
            case Field::nps: i.nps = read_small_int(t, col.header); break;
            case Field::complaint_status: if (!t.empty()) i.complaint_status = parse_complaint_status(t, col.header); break;
            case Field::due_at: if (!t.empty()) i.due_at = time.parse(t, col.header); break;
            default: break;
        }
    }
    custom.store();
    if (!amount.empty()) {
        // A purchases file often has no kind column: an amount makes it a purchase.
        if (!kind_given) i.kind = InteractionKind::purchase;
        at = amount_at;
        const std::string currency = i.currency.empty() ? std::string(default_currency) : i.currency;
        i.amount_minor = money::parse_amount(amount, currency, columns[amount_at].header);
        if (*i.amount_minor < 0 && i.kind == InteractionKind::purchase)
            throw InvalidInput(columns[amount_at].header, "'" + std::string(amount) +
                                                              "' is negative: a purchase cannot be (give kind refund)");
    }
    at = columns.size();
    return i;
}

}  // namespace clientele::import
