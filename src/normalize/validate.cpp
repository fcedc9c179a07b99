#include "normalize/validate.hpp"

#include <algorithm>
#include <set>

#include "clientele/error.hpp"
#include "clientele/normalize.hpp"
#include "json/reader.hpp"
#include "model/customer_fields.hpp"
#include "money/money.hpp"
#include "text/utf8.hpp"

namespace clientele::store {

namespace {

using fields::kLongText;
using fields::kShortText;
constexpr std::size_t kCustomJson = 1 << 20;  // serialized custom fields

void clean(std::string& s, std::string_view field, std::size_t max = kShortText) {
    if (!text::is_valid_utf8(s)) throw InvalidInput(std::string(field), "is not valid UTF-8");
    // JSON can carry one ("\u0000"); C strings (the C ABI, most readers of the file) end there.
    if (s.find('\0') != std::string::npos) throw InvalidInput(std::string(field), "contains a NUL character (U+0000)");
    auto t = text::trim(s);
    if (t.size() != s.size()) s = std::string(t);
    if (s.size() > max)
        throw InvalidInput(std::string(field), "is " + std::to_string(s.size()) + " bytes long; the limit is " +
                                                   std::to_string(max));
}

// A JsonObject is valid JSON and UTF-8 by construction; only its size is the store's rule.
void check_custom(const JsonObject& custom, std::string_view field) {
    if (custom.text().size() > kCustomJson)
        throw InvalidInput(std::string(field), "is larger than 1 MiB");
}

template <typename T>
void one_primary(std::vector<T>& items) {
    bool seen = false;
    for (auto& item : items) {
        if (item.primary && seen) item.primary = false;
        seen = seen || item.primary;
    }
    if (!seen && !items.empty()) items.front().primary = true;
}

std::string upper_ascii(std::string s) {
    for (auto& ch : s)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    return s;
}

}  // namespace

std::vector<std::string> clean_tags(const std::vector<std::string>& tags, std::string_view field) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < tags.size(); ++i) {
        std::string t = tags[i];
        const std::string name = std::string(field) + "[" + std::to_string(i) + "]";
        clean(t, name, 100);
        // ';' separates tags in a CSV cell (import and export): a tag holding one could not
        // come back from an export as itself.
        if (t.find(';') != std::string::npos) throw InvalidInput(name, "'" + t + "': a tag cannot contain ';'");
        if (!t.empty() && seen.insert(t).second) out.push_back(std::move(t));
    }
    std::sort(out.begin(), out.end());  // the order they are read back in
    return out;
}

void prepare_customer(Customer& c, std::string_view default_region) {
    clean(c.external_id, "external_id", 200);
    for (const auto& f : fields::customer_text_fields()) {
        clean(c.*f.member, f.name, f.max_bytes);
        if (f.check) f.check(c.*f.member, f.name);
    }
    clean(c.owner, "owner");
    if (c.kind == CustomerKind::company && c.company_name.empty() && c.display_name.empty())
        throw InvalidInput("company_name", "a company needs a company_name");

    for (std::size_t i = 0; i < c.addresses.size(); ++i) {
        auto& a = c.addresses[i];
        std::string p = "addresses[" + std::to_string(i) + "].";
        clean(a.label, p + "label");
        clean(a.street, p + "street");
        clean(a.city, p + "city");
        clean(a.region, p + "region");
        clean(a.postcode, p + "postcode");
        clean(a.country, p + "country");
        a.country = upper_ascii(a.country);
        if (!a.country.empty() && (a.country.size() != 2 || !std::all_of(a.country.begin(), a.country.end(),
                                                                         [](char ch) { return ch >= 'A' && ch <= 'Z'; })))
            throw InvalidInput(p + "country", "'" + a.country + "' is not a two-letter country code (ISO 3166)");
    }
    std::erase_if(c.addresses, [](const Address& a) {
        return a.street.empty() && a.city.empty() && a.region.empty() && a.postcode.empty() && a.country.empty();
    });
    one_primary(c.addresses);

    std::set<std::string> seen;
    std::vector<Email> emails;
    for (std::size_t i = 0; i < c.emails.size(); ++i) {
        auto e = c.emails[i];
        std::string p = "emails[" + std::to_string(i) + "]";
        clean(e.label, p + ".label");
        clean(e.address, p + ".address");
        if (e.address.empty()) continue;
        e.normalized = normalize_email(e.address, p + ".address");
        if (seen.insert(e.normalized).second) emails.push_back(std::move(e));
    }
    c.emails = std::move(emails);
    one_primary(c.emails);

    // Numbers without a country code belong to the customer's country when known.
    std::string region(default_region);
    for (const auto& a : c.addresses)
        if (a.primary && !a.country.empty() && is_known_region(a.country)) region = a.country;
    seen.clear();
    std::vector<Phone> phones;
    for (std::size_t i = 0; i < c.phones.size(); ++i) {
        auto ph = c.phones[i];
        std::string p = "phones[" + std::to_string(i) + "]";
        clean(ph.label, p + ".label");
        clean(ph.number, p + ".number");
        if (ph.number.empty()) continue;
        ph.e164 = normalize_phone(ph.number, region, p + ".number");
        if (seen.insert(ph.e164).second) phones.push_back(std::move(ph));
    }
    c.phones = std::move(phones);
    one_primary(c.phones);

    c.tags = clean_tags(c.tags);
    check_custom(c.custom, "custom");
    for (auto& [channel, consent] : c.consent)
        clean(consent.method, "consent." + std::string(to_string(channel)) + ".method");

    auto now = now_utc();
    if (c.birthday) {
        if (!c.birthday->ok()) throw InvalidInput("birthday", "is not a valid date");
        if (std::chrono::sys_days(*c.birthday) > now)
            throw InvalidInput("birthday", "'" + format_date(*c.birthday) + "' is in the future");
        if (c.birthday->year() < std::chrono::year(1900))
            throw InvalidInput("birthday", "'" + format_date(*c.birthday) + "' is before 1900");
    }
    if (c.created_at > now + std::chrono::minutes(5))
        throw InvalidInput("created_at", "'" + format_timestamp(c.created_at) + "' is in the future");

    c.display_name = derive_display_name(c);
    if (c.display_name.empty())
        throw InvalidInput("display_name", "a customer needs a name, a company, an email or a phone");
}

void prepare_interaction(Interaction& i, std::string_view default_currency) {
    clean(i.external_id, "external_id", 200);
    clean(i.channel, "channel");
    clean(i.owner, "owner");
    clean(i.currency, "currency");
    clean(i.subject, "subject");
    clean(i.body, "body", kLongText);
    check_custom(i.custom, "custom");
    if (i.kind == InteractionKind::purchase || i.kind == InteractionKind::refund) {
        if (!i.amount_minor)
            throw InvalidInput("amount_minor", std::string("is required for a ") + std::string(to_string(i.kind)));
    }
    if (i.amount_minor) {
        money::check_amount(*i.amount_minor, "amount_minor");
        if (i.kind == InteractionKind::purchase && *i.amount_minor < 0)
            throw InvalidInput("amount_minor", "a purchase cannot be negative (record a refund instead)");
        // Refunds are money going back: stored negative whichever sign they were given in.
        if (i.kind == InteractionKind::refund && *i.amount_minor > 0) i.amount_minor = -*i.amount_minor;
        if (i.currency.empty()) i.currency = std::string(default_currency);
        i.currency = upper_ascii(i.currency);
        if (i.currency.size() != 3 || !std::all_of(i.currency.begin(), i.currency.end(),
                                                   [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
            throw InvalidInput("currency", "'" + i.currency + "' is not a three-letter currency code (ISO 4217)");
    } else if (!i.currency.empty()) {
        throw InvalidInput("currency", "given without an amount");
    }
    if (i.csat && (*i.csat < 1 || *i.csat > 5)) throw InvalidInput("csat", "must be 1..5");
    if (i.nps && (*i.nps < 0 || *i.nps > 10)) throw InvalidInput("nps", "must be 0..10");
    if (i.kind == InteractionKind::complaint) {
        if (i.complaint_status == ComplaintStatus::none) i.complaint_status = ComplaintStatus::open;
    } else if (i.complaint_status != ComplaintStatus::none) {
        throw InvalidInput("complaint_status", "only complaints have a status");
    }
    // Planned meetings and calls may lie in the future; only "unset" gets a value.
    if (i.occurred_at == Timestamp{}) i.occurred_at = now_utc();
}

}  // namespace clientele::store
