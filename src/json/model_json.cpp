// The JSON form of the model (docs/data-model.md). Writers omit empty values; readers are
// strict and name the field of any problem.
#include "json/json.hpp"

#include <array>
#include <span>

#include "clientele/error.hpp"
#include "json/reader.hpp"
#include "json/record_keys.hpp"
#include "model/customer_fields.hpp"

namespace clientele {

using nlohmann::json;
using json_read::read_enum;
using json_read::Reader;

namespace {

void put(json& j, std::string_view key, const std::string& v) {
    if (!v.empty()) j[std::string(key)] = v;
}
void put(json& j, std::string_view key, const std::optional<Timestamp>& v) {
    if (v) j[std::string(key)] = format_timestamp(*v);
}

Uuid read_uuid(const Reader& r, std::string_view key) {
    auto s = r.string(key);
    if (s.empty()) return {};
    auto u = Uuid::parse(s);
    if (!u) r.fail(key, "'" + s + "' is not a UUID");
    return *u;
}

}  // namespace

json to_json(const Customer& c) {
    json j = json::object();
    if (!c.id.is_nil()) j["id"] = c.id.to_string();
    put(j, "external_id", c.external_id);
    j["kind"] = to_string(c.kind);
    for (const auto& f : fields::customer_text_fields()) put(j, f.name, c.*f.member);
    j["emails"] = json::array();
    for (const auto& e : c.emails) {
        json x = {{"address", e.address}, {"primary", e.primary}};
        put(x, "label", e.label);
        put(x, "normalized", e.normalized);
        j["emails"].push_back(std::move(x));
    }
    j["phones"] = json::array();
    for (const auto& p : c.phones) {
        json x = {{"number", p.number}, {"primary", p.primary}};
        put(x, "label", p.label);
        put(x, "e164", p.e164);
        j["phones"].push_back(std::move(x));
    }
    j["addresses"] = json::array();
    for (const auto& a : c.addresses) {
        json x = {{"primary", a.primary}};
        put(x, "label", a.label);
        put(x, "street", a.street);
        put(x, "city", a.city);
        put(x, "region", a.region);
        put(x, "postcode", a.postcode);
        put(x, "country", a.country);
        j["addresses"].push_back(std::move(x));
    }
    if (c.birthday) j["birthday"] = format_date(*c.birthday);
    if (c.gender != Gender::unspecified) j["gender"] = to_string(c.gender);
    put(j, "owner", c.owner);
    j["tags"] = c.tags;
    j["custom"] = to_nlohmann(c.custom);
    j["consent"] = json::object();
    for (const auto& [channel, consent] : c.consent) {
        json x = {{"status", to_string(consent.status)}};
        put(x, "at", consent.at);
        put(x, "method", consent.method);
        j["consent"][std::string(to_string(channel))] = std::move(x);
    }
    if (c.created_at != Timestamp{}) j["created_at"] = format_timestamp(c.created_at);
    if (c.updated_at != Timestamp{}) j["updated_at"] = format_timestamp(c.updated_at);
    put(j, "last_verified_at", c.last_verified_at);
    j["status"] = to_string(c.status);
    if (c.version) j["version"] = c.version;
    return j;
}

namespace {

Customer read_customer(const json& j, std::string_view source, std::int64_t row);
Interaction read_interaction(const json& j, std::string_view source, std::int64_t row);

}  // namespace

Customer customer_from_json(const json& j, std::string_view source, std::int64_t row) {
    return json_read::locate(source, row, [&] { return read_customer(j, source, row); });
}

Interaction interaction_from_json(const json& j, std::string_view source, std::int64_t row) {
    return json_read::locate(source, row, [&] { return read_interaction(j, source, row); });
}

namespace {

Customer read_customer(const json& j, std::string_view source, std::int64_t row) {
    Reader r(j, source, row);
    r.only(fields::customer_json_keys());
    Customer c;
    c.id = read_uuid(r, "id");
    c.external_id = r.string("external_id");
    c.kind = read_enum(r, "kind", CustomerKind::person, parse_customer_kind);
    for (const auto& f : fields::customer_text_fields()) c.*f.member = r.string(f.name);

    // Contact lists take objects, or plain strings as a shorthand ("emails": ["a@b.cn"]).
    auto contacts = [&](std::string_view key, std::string_view value_key, auto&& add) {
        const auto* a = r.get(key);
        if (!a) return;
        if (!a->is_array()) r.fail(key, "must be an array");
        for (std::size_t i = 0; i < a->size(); ++i) {
            std::string path = r.name(key) + "[" + std::to_string(i) + "]";
            const json& item = (*a)[i];
            if (item.is_string()) {
                add(Reader(json{{std::string(value_key), item}}, source, row, path));
            } else if (item.is_object()) {
                add(Reader(item, source, row, path));
            } else {
                throw InvalidInput(path, "must be an object or a string", std::string(source), row);
            }
        }
    };
    contacts("emails", "address", [&](const Reader& e) {
        e.only({"address", "label", "primary", "normalized"});
        c.emails.push_back({e.string("address"), e.string("label"), e.boolean("primary"), e.string("normalized")});
    });
    contacts("phones", "number", [&](const Reader& p) {
        p.only({"number", "label", "primary", "e164"});
        c.phones.push_back({p.string("number"), p.string("label"), p.boolean("primary"), p.string("e164")});
    });
    r.each_object("addresses", [&](const Reader& a) {
        a.only({"label", "street", "city", "region", "postcode", "country", "primary"});
        c.addresses.push_back({a.string("label"), a.string("street"), a.string("city"), a.string("region"),
                               a.string("postcode"), a.string("country"), a.boolean("primary")});
    });
    c.birthday = r.date("birthday");
    c.gender = read_enum(r, "gender", Gender::unspecified, parse_gender);
    c.owner = r.string("owner");
    c.tags = r.strings("tags");
    c.custom = r.json_object("custom");
    auto consent = r.object("consent");
    for (auto it = consent.begin(); it != consent.end(); ++it) {
        std::string path = r.name("consent") + "." + it.key();
        auto channel = parse_consent_channel(it.key(), path);
        Consent k;
        if (it->is_string()) {  // shorthand: "email": "granted"
            k.status = parse_consent_status(it->get<std::string>(), path);
        } else {
            Reader x(*it, source, row, path);
            x.only({"status", "at", "method"});
            k.status = read_enum(x, "status", ConsentStatus::unknown, parse_consent_status);
            k.at = x.timestamp("at");
            k.method = x.string("method");
        }
        c.consent[channel] = k;
    }
    if (auto t = r.timestamp("created_at")) c.created_at = *t;
    if (auto t = r.timestamp("updated_at")) c.updated_at = *t;
    c.last_verified_at = r.timestamp("last_verified_at");
    c.status = read_enum(r, "status", CustomerStatus::active, parse_customer_status);
    c.version = r.integer("version").value_or(0);
    return c;
}

}  // namespace

json to_json(const Interaction& i) {
    json j = json::object();
    if (!i.id.is_nil()) j["id"] = i.id.to_string();
    put(j, "external_id", i.external_id);
    if (!i.customer_id.is_nil()) j["customer_id"] = i.customer_id.to_string();
    put(j, "customer_external_id", i.customer_external_id);
    j["kind"] = to_string(i.kind);
    j["occurred_at"] = format_timestamp(i.occurred_at);
    put(j, "channel", i.channel);
    if (i.direction != Direction::none) j["direction"] = to_string(i.direction);
    put(j, "owner", i.owner);
    if (i.amount_minor) j["amount_minor"] = *i.amount_minor;
    put(j, "currency", i.currency);
    put(j, "subject", i.subject);
    put(j, "body", i.body);
    if (i.csat) j["csat"] = *i.csat;
    if (i.nps) j["nps"] = *i.nps;
    j["custom"] = to_nlohmann(i.custom);
    if (i.complaint_status != ComplaintStatus::none) j["complaint_status"] = to_string(i.complaint_status);
    put(j, "due_at", i.due_at);
    if (i.created_at != Timestamp{}) j["created_at"] = format_timestamp(i.created_at);
    return j;
}

namespace {

// What to_json(Interaction) writes; a reader also takes "customer" (either reference form).
constexpr std::array<std::string_view, 19> kInteractionKeys{
    "id", "external_id", "customer_id", "customer_external_id", "kind", "occurred_at", "channel", "direction",
    "owner", "amount_minor", "currency", "subject", "body", "csat", "nps", "custom", "complaint_status", "due_at",
    "created_at"};
constexpr auto kInteractionInputKeys = [] {
    std::array<std::string_view, kInteractionKeys.size() + 1> keys{};
    for (std::size_t i = 0; i < kInteractionKeys.size(); ++i) keys[i] = kInteractionKeys[i];
    keys.back() = "customer";
    return keys;
}();
constexpr std::array<std::string_view, 6> kUserKeys{"username", "display_name", "role", "team", "active", "created_at"};

Interaction read_interaction(const json& j, std::string_view source, std::int64_t row) {
    Reader r(j, source, row);
    r.only(kInteractionInputKeys);
    Interaction i;
    i.id = read_uuid(r, "id");
    i.external_id = r.string("external_id");
    i.customer_id = read_uuid(r, "customer_id");
    i.customer_external_id = r.string("customer_external_id");
    // "customer" takes either form, as a person would type it.
    if (auto ref = r.string("customer"); !ref.empty()) {
        if (auto u = Uuid::parse(ref)) i.customer_id = *u;
        else i.customer_external_id = ref;
    }
    if (!r.has("kind")) r.fail("kind", "is required");
    i.kind = read_enum(r, "kind", InteractionKind::note, parse_interaction_kind);
    if (auto t = r.timestamp("occurred_at")) i.occurred_at = *t;
    i.channel = r.string("channel");
    i.direction = read_enum(r, "direction", Direction::none, parse_direction);
    i.owner = r.string("owner");
    i.amount_minor = r.integer("amount_minor");
    i.currency = r.string("currency");
    i.subject = r.string("subject");
    i.body = r.string("body");
    i.csat = r.integer_in("csat", 1, 5);
    i.nps = r.integer_in("nps", 0, 10);
    i.custom = r.json_object("custom");
    i.complaint_status = read_enum(r, "complaint_status", ComplaintStatus::none, parse_complaint_status);
    i.due_at = r.timestamp("due_at");
    if (auto t = r.timestamp("created_at")) i.created_at = *t;
    return i;
}

}  // namespace

std::span<const std::string_view> interaction_json_keys() { return kInteractionKeys; }
std::span<const std::string_view> user_json_keys() { return kUserKeys; }

json to_json(const User& u) {
    json j = {{"username", u.username}, {"role", to_string(u.role)}, {"active", u.active}};
    put(j, "display_name", u.display_name);
    put(j, "team", u.team);
    if (u.created_at != Timestamp{}) j["created_at"] = format_timestamp(u.created_at);
    return j;
}

User user_from_json(const json& j, std::string_view source) {
    Reader r(j, source, 0);
    r.only(kUserKeys);
    User u;
    u.username = r.string("username");
    u.display_name = r.string("display_name");
    u.role = read_enum(r, "role", Role::sales, parse_role);
    u.team = r.string("team");
    u.active = r.boolean("active", true);
    if (auto t = r.timestamp("created_at")) u.created_at = *t;
    return u;
}

json to_json(const CustomerPage& p) {
    json j = {{"items", json::array()}};
    for (const auto& c : p.items) j["items"].push_back(to_json(c));
    put(j, "next_cursor", p.next_cursor);
    return j;
}

json to_json(const InteractionPage& p) {
    json j = {{"items", json::array()}};
    for (const auto& i : p.items) j["items"].push_back(to_json(i));
    put(j, "next_cursor", p.next_cursor);
    return j;
}

json to_json(const StoreStats& s) {
    json j = {{"customers", s.customers},
              {"customers_by_status", s.customers_by_status},
              {"customers_by_kind", s.customers_by_kind},
              {"customers_by_owner", s.customers_by_owner},
              {"interactions", s.interactions},
              {"interactions_by_kind", s.interactions_by_kind},
              {"revenue_minor_by_currency", s.revenue_minor_by_currency},
              {"users", s.users},
              {"schema_version", s.schema_version},
              {"points_outstanding", s.points_outstanding},
              {"points_expiring_30d", s.points_expiring_30d}};
    put(j, "first_interaction", s.first_interaction);
    put(j, "last_interaction", s.last_interaction);
    return j;
}

json to_json(const TagCount& t) { return {{"tag", t.tag}, {"customers", t.customers}}; }

CustomerFilter customer_filter_from_json(const json& j) {
    Reader r(j, "filter", 0);
    r.only({"tag", "owner", "kind", "status", "created_from", "created_to", "updated_from", "updated_to",
            "consented"});
    CustomerFilter f;
    f.tag = r.string("tag");
    f.owner = r.string("owner");
    if (r.has("kind")) f.kind = read_enum(r, "kind", CustomerKind::person, parse_customer_kind);
    if (r.has("status")) f.status = read_enum(r, "status", CustomerStatus::active, parse_customer_status);
    f.created_from = r.timestamp("created_from");
    f.created_to = r.timestamp("created_to");
    f.updated_from = r.timestamp("updated_from");
    f.updated_to = r.timestamp("updated_to");
    if (r.has("consented")) f.consented = read_enum(r, "consented", ConsentChannel::email, parse_consent_channel);
    return f;
}

InteractionFilter interaction_filter_from_json(const json& j) {
    Reader r(j, "filter", 0);
    r.only({"customer", "kind", "from", "to", "owner"});
    InteractionFilter f;
    f.customer = r.string("customer");
    if (r.has("kind")) f.kind = read_enum(r, "kind", InteractionKind::note, parse_interaction_kind);
    f.from = r.timestamp("from");
    f.to = r.timestamp("to");
    f.owner = r.string("owner");
    return f;
}

}  // namespace clientele
