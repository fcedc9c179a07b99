// Survivorship: what the surviving customer of a merge becomes. Pure functions of customer
// values; the store (src/store/merges.cpp) loads, calls these and writes.
#include <algorithm>
#include <functional>
#include <numeric>

#include "clientele/error.hpp"
#include "json/json.hpp"
#include "clientele/merge.hpp"
#include "model/customer_fields.hpp"
#include "text/utf8.hpp"

namespace clientele {

namespace {

// One configurable field: when a record has no value for it, how much value it has (for
// most_complete), and how to take it from another record.
struct Field {
    std::string name;
    std::function<std::size_t(const Customer&)> size;  ///< 0 = empty
    std::function<void(Customer&, const Customer&)> take;
    std::string Customer::*text = nullptr;  ///< a text field rule `combine` may join
};

std::size_t code_points(std::string_view s) {
    std::size_t n = 0, i = 0;
    while (i < s.size()) {
        text::next_code_point(s, i);
        ++n;
    }
    return n;
}

Field plain_field(std::string name, std::string Customer::*m) {
    return {std::move(name), [m](const Customer& c) { return code_points(c.*m); },
            [m](Customer& to, const Customer& from) { to.*m = from.*m; }};
}

Field text_field(const fields::TextField& t) {
    auto f = plain_field(std::string(t.name), t.member);
    if (t.combinable) f.text = t.member;
    return f;
}

const std::vector<Field>& rule_fields() {
    static const std::vector<Field> all = [] {
        std::vector<Field> f;
        // The name parts move together, valued by how much of a name they hold: the given
        // and family name, or the display name when a record has only that.
        std::vector<std::string Customer::*> name;
        for (const auto& t : fields::customer_text_fields())
            if (t.name_part) name.push_back(t.member);
        f.push_back({"name",
                     [name](const Customer& c) {
                         std::size_t parts = 0;
                         for (auto m : name)
                             if (m != &Customer::display_name) parts += code_points(c.*m);
                         return parts ? parts : code_points(c.display_name);
                     },
                     [name](Customer& to, const Customer& from) {
                         for (auto m : name) to.*m = from.*m;
                     }});
        for (const auto& t : fields::customer_text_fields())
            if (!t.name_part) f.push_back(text_field(t));
        f.push_back({"birthday", [](const Customer& c) { return std::size_t{c.birthday.has_value()}; },
                     [](Customer& to, const Customer& from) { to.birthday = from.birthday; }});
        f.push_back({"gender", [](const Customer& c) { return std::size_t{c.gender != Gender::unspecified}; },
                     [](Customer& to, const Customer& from) { to.gender = from.gender; }});
        f.push_back(plain_field("owner", &Customer::owner));
        f.push_back({"custom", [](const Customer& c) { return to_nlohmann(c.custom).size(); },
                     [](Customer& to, const Customer& from) { to.custom = from.custom; }});
        f.push_back({"kind", [](const Customer&) { return std::size_t{1}; },
                     [](Customer& to, const Customer& from) { to.kind = from.kind; }});
        return f;
    }();
    return all;
}

const Field& field(std::string_view name) {
    for (const auto& f : rule_fields())
        if (f.name == name) return f;
    throw InvalidInput("rules", "'" + std::string(name) + "' is not a field a merge rule applies to");
}

MergeRule rule_for(const MergeOptions& o, const std::string& name) {
    auto it = o.rules.find(name);
    return it == o.rules.end() ? default_merge_rule(name) : it->second;
}

// The records in the order `rule` prefers them (stable: the survivor first among equals).
std::vector<const Customer*> ranked(const std::vector<const Customer*>& all, MergeRule rule, const Field& f) {
    auto order = all;
    auto by = [&](auto key) {
        std::stable_sort(order.begin(), order.end(), [&](const Customer* a, const Customer* b) { return key(*a) > key(*b); });
    };
    switch (rule) {
        case MergeRule::verified:
            // Verified beats unverified, the later verification the earlier; then the newest.
            std::stable_sort(order.begin(), order.end(), [](const Customer* a, const Customer* b) {
                if (a->last_verified_at != b->last_verified_at) {
                    if (!b->last_verified_at) return true;
                    if (!a->last_verified_at) return false;
                    return *a->last_verified_at > *b->last_verified_at;
                }
                return a->updated_at > b->updated_at;
            });
            break;
        case MergeRule::most_recent: by([](const Customer& c) { return c.updated_at; }); break;
        case MergeRule::most_complete: by([&](const Customer& c) { return f.size(c); }); break;
        case MergeRule::survivor:
        case MergeRule::combine: break;
    }
    return order;
}

std::string lower_ascii(std::string_view s) {
    std::string out(text::trim(s));
    for (auto& ch : out)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return out;
}

// Two addresses are one when the street agrees and no other part disagrees: a missing
// postcode or region is not a different address.
bool same_address(const Address& a, const Address& b) {
    auto agree = [](const std::string& x, const std::string& y) {
        return x.empty() || y.empty() || lower_ascii(x) == lower_ascii(y);
    };
    return lower_ascii(a.street) == lower_ascii(b.street) && agree(a.city, b.city) && agree(a.region, b.region) &&
           agree(a.postcode, b.postcode) && agree(a.country, b.country);
}

// The parts of a duplicate the kept one lacks (its label; an address's postcode, ...).
void fill(Email& have, const Email& dup) { if (have.label.empty()) have.label = dup.label; }
void fill(Phone& have, const Phone& dup) { if (have.label.empty()) have.label = dup.label; }
void fill(Address& have, const Address& dup) {
    for (auto [mine, theirs] : {std::pair{&have.label, &dup.label}, {&have.city, &dup.city}, {&have.region, &dup.region},
                                {&have.postcode, &dup.postcode}, {&have.country, &dup.country}})
        if (mine->empty()) *mine = *theirs;
}

// Adds `items` of one merged customer to `into`, skipping those `same` as one already there
// (whose missing parts are filled from the duplicate).
template <class T, class Same>
void unite(std::vector<T>& into, const std::vector<T>& items, Same same, const char* kind, const Customer& from,
           const nlohmann::json& from_json, const char* json_list, std::vector<MovedRecord>* moved) {
    for (std::size_t k = 0; k < items.size(); ++k) {
        const T& item = items[k];
        auto kept = std::find_if(into.begin(), into.end(), [&](const T& have) { return same(have, item); });
        bool duplicate = kept != into.end();
        if (duplicate) {
            fill(*kept, item);
        } else {
            into.push_back(item);
            into.back().primary = false;  // the survivor's primary stays primary
        }
        if (moved) moved->push_back({kind, from.id, from_json[json_list][k].dump(), duplicate});
    }
}

bool is_decision(const Consent& c) { return c.status != ConsentStatus::unknown; }

// Whether consent `b` is a later decision than `a`.
bool later_decision(const Consent& a, const Consent& b) {
    if (is_decision(a) != is_decision(b)) return is_decision(b);
    if (a.at != b.at) return !a.at || (b.at && *b.at > *a.at);
    return false;
}

}  // namespace

const std::vector<std::string>& merge_rule_fields() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& f : rule_fields()) n.push_back(f.name);
        return n;
    }();
    return names;
}

MergeRule default_merge_rule(std::string_view name) {
    if (const auto* t = fields::find_text_field(name); t && t->combinable) return MergeRule::combine;
    if (name == "owner" || name == "kind") return MergeRule::survivor;
    return MergeRule::verified;
}

std::size_t choose_survivor(const std::vector<Customer>& customers) {
    auto completeness = [](const Customer& c) {
        std::size_t n = c.emails.size() + c.phones.size() + c.addresses.size();
        for (const auto& f : rule_fields()) n += f.size(c) > 0;
        return n;
    };
    std::size_t best = 0;
    for (std::size_t i = 1; i < customers.size(); ++i) {
        const auto& a = customers[i];
        const auto& b = customers[best];
        auto ca = completeness(a), cb = completeness(b);
        if (ca > cb || (ca == cb && a.last_verified_at && (!b.last_verified_at || *a.last_verified_at > *b.last_verified_at)))
            best = i;
    }
    return best;
}

Customer combine_customers(const Customer& survivor, const std::vector<Customer>& others, const MergeOptions& options,
                           std::vector<MovedRecord>* moved) {
    for (const auto& [name, rule] : options.rules) {
        const Field& f = field(name);  // an unknown field is an error, not silently ignored
        if (rule == MergeRule::combine && !f.text && name != "custom")
            throw InvalidInput("rules." + name, "'combine' applies only to notes and custom");
    }
    std::vector<const Customer*> all{&survivor};
    for (const auto& o : others) all.push_back(&o);

    Customer out = survivor;
    for (const auto& f : rule_fields()) {
        const MergeRule rule = rule_for(options, f.name);
        const auto order = ranked(all, rule, f);
        if (f.name == "custom") {
            // Keys of every record; where two records have a key, the one ranked first wins.
            nlohmann::json custom = nlohmann::json::object();
            for (auto it = order.rbegin(); it != order.rend(); ++it) custom.update(to_nlohmann((*it)->custom));
            out.custom = to_json_object(custom);
        } else if (rule == MergeRule::combine) {  // long text: notes
            std::vector<std::string> seen;
            for (const auto* c : order)
                if (!(c->*f.text).empty() && std::find(seen.begin(), seen.end(), c->*f.text) == seen.end())
                    seen.push_back(c->*f.text);
            std::string joined;
            for (const auto& n : seen) joined += (joined.empty() ? "" : "\n") + n;
            out.*f.text = joined;
        } else {
            for (const auto* c : order)
                if (f.size(*c) > 0) {
                    f.take(out, *c);
                    break;
                }
        }
    }

    for (const auto& o : others) {
        const nlohmann::json j = moved ? to_json(o) : nlohmann::json::object();
        auto email_key = [](const Email& e) { return e.normalized.empty() ? lower_ascii(e.address) : e.normalized; };
        auto phone_key = [](const Phone& p) { return p.e164.empty() ? p.number : p.e164; };
        unite(out.emails, o.emails, [&](const Email& a, const Email& b) { return email_key(a) == email_key(b); }, "email",
              o, j, "emails", moved);
        unite(out.phones, o.phones, [&](const Phone& a, const Phone& b) { return phone_key(a) == phone_key(b); }, "phone",
              o, j, "phones", moved);
        unite(out.addresses, o.addresses, same_address, "address", o, j, "addresses", moved);
        for (const auto& t : o.tags) {
            bool duplicate = std::find(out.tags.begin(), out.tags.end(), t) != out.tags.end();
            if (!duplicate) out.tags.push_back(t);
            if (moved) moved->push_back({"tag", o.id, nlohmann::json(t).dump(), duplicate});
        }
        for (const auto& [channel, consent] : o.consent) {
            auto have = out.consent.find(channel);
            bool adopt = have == out.consent.end() || later_decision(have->second, consent);
            if (adopt) out.consent[channel] = consent;
            if (moved) {
                nlohmann::json v = j["consent"][std::string(to_string(channel))];
                v["channel"] = to_string(channel);
                moved->push_back({"consent", o.id, v.dump(), !adopt});
            }
        }
        if (o.created_at < out.created_at) out.created_at = o.created_at;
        if (o.last_verified_at && (!out.last_verified_at || *o.last_verified_at > *out.last_verified_at))
            out.last_verified_at = o.last_verified_at;
        if (o.status == CustomerStatus::active) out.status = CustomerStatus::active;
    }
    return out;
}

}  // namespace clientele
