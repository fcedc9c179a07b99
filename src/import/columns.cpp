#include "import/columns.hpp"

#include <algorithm>
#include <map>

#include "clientele/error.hpp"
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
        {"created_at", Field::created_at},
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

// "email2", "email_3", "phone 2" -> the list field; other names -> the table.
Field lookup(std::string_view name, RecordType type) {
    const auto& names = type == RecordType::customers ? customer_names() : interaction_names();
    if (auto it = names.find(name); it != names.end()) return it->second;
    if (type == RecordType::customers) {
        auto stem = name;
        while (!stem.empty() && stem.back() >= '0' && stem.back() <= '9') stem.remove_suffix(1);
        if (stem.size() < name.size()) {
            if (stem.ends_with('_')) stem.remove_suffix(1);
            if (auto it = names.find(stem); it != names.end() && (it->second == Field::email || it->second == Field::phone))
                return it->second;
        }
    }
    return Field::ignore;
}

bool repeatable(Field f) { return f == Field::email || f == Field::phone || f == Field::ignore || f == Field::custom; }

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

std::vector<Column> plan_columns(std::span<const std::string> header, const ImportOptions& options, RecordType type) {
    std::map<std::string, std::string, std::less<>> mapped;
    for (const auto& [column, field] : options.column_map) mapped[normalize(column)] = field;
    std::vector<Column> out;
    std::vector<std::string> unknown;
    std::map<Field, std::string> seen;
    for (const auto& h : header) {
        Column col;
        col.header = h;
        const auto name = normalize(h);
        std::string target = name;
        if (auto m = mapped.find(name); m != mapped.end()) {
            target = normalize(m->second);
            mapped.erase(m);
            if (target == "ignore") { out.push_back(col); continue; }
            if (!target.starts_with("custom.") && lookup(target, type) == Field::ignore)
                throw InvalidInput(h, "mapped to '" + target + "', which is not a field (see docs/import-export.md)");
        }
        if (name == kErrorColumn) { out.push_back(col); continue; }
        if (target.starts_with("custom.") && target.size() > 7) {
            col.field = Field::custom;
            col.custom_key = std::string(text::trim(std::string_view(h).substr(h.find('.') + 1)));
            if (target != name) col.custom_key = target.substr(7);
        } else {
            col.field = lookup(target, type);
            if (col.field == Field::ignore) {
                if (options.unknown_columns == UnknownColumns::error) unknown.push_back(h);
                if (options.unknown_columns == UnknownColumns::custom && !name.empty()) {
                    col.field = Field::custom;
                    col.custom_key = std::string(text::trim(h));
                }
            }
        }
        if (!repeatable(col.field)) {
            if (auto [it, fresh] = seen.emplace(col.field, h); !fresh)
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
    auto has = [&](Field f) { return seen.count(f) > 0; };
    if (type == RecordType::interactions) {
        if (!has(Field::customer)) throw InvalidInput("customer_id", "the file has no customer column (customer_id, customer, ...)");
        if (!has(Field::occurred_at)) throw InvalidInput("occurred_at", "the file has no time column (occurred_at, timestamp, date)");
    }
    return out;
}

bool is_field_name(std::string_view header, RecordType type) {
    return lookup(normalize(header), type) != Field::ignore;
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

void apply_customer(std::span<const Column> columns, Row row, Customer& c, const InstantParser& time, std::size_t& at) {
    bool emails = false, phones = false, address = false;
    std::vector<Email> new_emails;
    std::vector<Phone> new_phones;
    Address addr = c.addresses.empty() ? Address{} : c.addresses.front();
    for (at = 0; at < columns.size(); ++at) {
        const auto& col = columns[at];
        const std::string_view v = row[at];
        switch (col.field) {
            case Field::ignore: break;
            case Field::custom:
                if (v.empty()) {
                    c.custom.erase(col.custom_key);
                } else if (auto it = c.custom.find(col.custom_key);
                           it == c.custom.end() || it->is_string() || it->dump() != v) {
                    // Cells are text; a stored number or list written out by export (as
                    // its JSON text) and read back unchanged keeps its type.
                    c.custom[col.custom_key] = std::string(v);
                }
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
                    // Keep a stored email's label when the file repeats its address.
                    auto old = std::find_if(c.emails.begin(), c.emails.end(), [&](const Email& e) { return e.address == item; });
                    new_emails.push_back(old != c.emails.end() ? *old : Email{std::string(item), "", false, ""});
                });
                break;
            case Field::phone:
                phones = true;
                each_item(v, [&](std::string_view item) {
                    auto old = std::find_if(c.phones.begin(), c.phones.end(), [&](const Phone& p) { return p.number == item; });
                    new_phones.push_back(old != c.phones.end() ? *old : Phone{std::string(item), "", false, ""});
                });
                break;
            case Field::street: address = true; addr.street = v; break;
            case Field::city: address = true; addr.city = v; break;
            case Field::region: address = true; addr.region = v; break;
            case Field::postcode: address = true; addr.postcode = v; break;
            case Field::country: address = true; addr.country = v; break;
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
            default: break;
        }
    }
    at = columns.size();
    if (emails) {
        // The first stays primary unless a kept email says otherwise.
        c.emails = std::move(new_emails);
    }
    if (phones) c.phones = std::move(new_phones);
    if (address) {
        const bool empty = addr.street.empty() && addr.city.empty() && addr.region.empty() && addr.postcode.empty() &&
                           addr.country.empty() && addr.label.empty();
        if (c.addresses.empty()) {
            if (!empty) c.addresses.push_back(addr);
        } else if (empty && c.addresses.size() == 1) {
            c.addresses.clear();
        } else {
            c.addresses.front() = addr;
        }
    }
}

Interaction read_interaction(std::span<const Column> columns, Row row, const InstantParser& time,
                             std::string_view default_currency, std::size_t& at) {
    Interaction i;
    bool kind_given = false;
    std::string_view amount;
    std::size_t amount_at = 0;
    for (at = 0; at < columns.size(); ++at) {
        const auto& col = columns[at];
        const std::string_view v = row[at];
        const auto t = text::trim(v);
        switch (col.field) {
            case Field::custom:
                if (!v.empty()) i.custom[col.custom_key] = std::string(v);
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
