#include "import/columns.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "clientele/error.hpp"
#include "json/json.hpp"
#include "model/customer_fields.hpp"
#include "text/utf8.hpp"

namespace clientele::import {

namespace {

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
        case Field::street_line2: return Field::street;  // the street itself
        default: return Field::ignore;
    }
}

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
            if (other.slot == col.slot && (other.field == owner ||
                                            (owner == Field::street && col.field != Field::street_line2 &&
                                             cells::is_address_part(other.field))))
                col.value = v;
        }
        if (col.value == kNoColumn && col.field == Field::street_line2)
            throw InvalidInput(col.header, "is the second line of a street, but the file has no street column "
                                           "(map it to custom.NAME to keep it as a custom field)");
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
    for (const auto& [column, field] : options.column_map) mapped[cells::normalize_header(column)] = field;
    std::vector<Column> out;
    std::vector<std::string> unknown;
    std::map<std::pair<Field, std::size_t>, std::string> seen;
    for (const auto& h : header) {
        Column col;
        col.header = h;
        const auto name = cells::normalize_header(h);
        std::string target = name;
        if (auto m = mapped.find(name); m != mapped.end()) {
            target = cells::normalize_header(m->second);
            mapped.erase(m);
            if (target == "ignore") { out.push_back(col); continue; }
            if (!target.starts_with(kCustomPrefix) && !target.starts_with(kCustomJsonPrefix) &&
                cells::recognize(target, type).field == Field::ignore)
                throw InvalidInput(h, "mapped to '" + target + "', which is not a field (see docs/import-export.md)");
        }
        if (name == kErrorColumn || (name == kPointsBalanceColumn && type == RecordType::customers)) {
            out.push_back(col);
            continue;
        }
        const bool json = target.starts_with(kCustomJsonPrefix) && target.size() > kCustomJsonPrefix.size();
        if (json || (target.starts_with(kCustomPrefix) && target.size() > kCustomPrefix.size())) {
            // The key as written in the header (case kept), or as the map gives it.
            const auto prefix = json ? kCustomJsonPrefix : kCustomPrefix;
            col.field = json ? Field::custom_json : Field::custom;
            col.custom_key = std::string(text::trim(std::string_view(h).substr(h.find('.') + 1)));
            if (target != name) col.custom_key = target.substr(prefix.size());
        } else {
            const auto t = cells::recognize(target, type);
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
    const auto name = cells::normalize_header(header);
    return name == kErrorColumn || (name == kPointsBalanceColumn && type == RecordType::customers) ||
           name.starts_with(kCustomPrefix) || name.starts_with(kCustomJsonPrefix) ||
           cells::recognize(name, type).field != Field::ignore;
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

void apply_customer(std::span<const Column> columns, Row row, Customer& c, const CellParser& cell, std::size_t& at) {
    bool emails = false, phones = false, address_details = false;
    const Column* line2 = nullptr;
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
            case Field::text: c.*fields::customer_text_fields()[col.slot].member = v; break;
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
            case Field::street_line2: line2 = &col; break;
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
                else c.birthday = cell.date(v, col.header);
                break;
            case Field::gender: c.gender = read_gender(text::trim(v)); break;
            case Field::tags:
                c.tags.clear();
                each_item(v, [&](std::string_view item) { c.tags.emplace_back(item); });
                break;
            case Field::owner: c.owner = text::trim(v); break;
            case Field::status: c.status = v.empty() ? CustomerStatus::active : parse_customer_status(text::trim(v), col.header); break;
            case Field::created_at:
                if (!text::trim(v).empty()) c.created_at = cell.timestamp(v, col.header);
                break;
            case Field::last_verified_at:
                if (text::trim(v).empty()) c.last_verified_at.reset();
                else c.last_verified_at = cell.timestamp(v, col.header);
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
                else consent.at = cell.timestamp(v, col.header);
                break;
            }
            default: break;
        }
    }
    if (line2 != nullptr) {
        // After the street column, wherever it stands: the second line joins the first.
        const auto second = text::trim(row[static_cast<std::size_t>(line2 - columns.data())]);
        auto& street = address_at(c, line2->slot).street;
        if (!second.empty()) street = text::trim(street).empty() ? std::string(second) : street + ", " + std::string(second);
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

Interaction read_interaction(std::span<const Column> columns, Row row, const CellParser& cell,
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
                i.occurred_at = cell.timestamp(v, col.header);
                break;
            case Field::amount: amount = t.empty() ? t : v; amount_at = at; break;
            case Field::currency: i.currency = t; break;
            case Field::channel: i.channel = v; break;
            case Field::direction: if (!t.empty()) i.direction = parse_direction(t, col.header); break;
            case Field::owner: i.owner = t; break;
            case Field::subject: i.subject = v; break;
            case Field::body: i.body = v; break;
            case Field::csat: i.csat = read_small_int(t, col.header); break;
            case Field::nps: i.nps = read_small_int(t, col.header); break;
            case Field::complaint_status: if (!t.empty()) i.complaint_status = parse_complaint_status(t, col.header); break;
            case Field::due_at: if (!t.empty()) i.due_at = cell.timestamp(v, col.header); break;
            default: break;
        }
    }
    custom.store();
    if (!amount.empty()) {
        // A purchases file often has no kind column: an amount makes it a purchase.
        if (!kind_given) i.kind = InteractionKind::purchase;
        at = amount_at;
        const std::string currency = i.currency.empty() ? std::string(default_currency) : i.currency;
        i.amount_minor = cell.amount(amount, currency, columns[amount_at].header);
        if (*i.amount_minor < 0 && i.kind == InteractionKind::purchase)
            throw InvalidInput(columns[amount_at].header, "'" + std::string(amount) +
                                                              "' is negative: a purchase cannot be (give kind refund)");
    }
    at = columns.size();
    return i;
}

}  // namespace clientele::import
