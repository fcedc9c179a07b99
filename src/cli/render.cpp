#include "render.hpp"

#include <iostream>

#include "json/json.hpp"
#include <clientele/time.hpp>

#include "model/customer_fields.hpp"
#include "money/money.hpp"
#include "table.hpp"
#include "terminal_text.hpp"
#include "text_width.hpp"

namespace clientele::cli {
namespace {

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) out += sep;
        out += p;
    }
    return out;
}

template <class Contact>
const Contact* primary_of(const std::vector<Contact>& list) {
    for (const auto& c : list)
        if (c.primary) return &c;
    return list.empty() ? nullptr : &list.front();
}

std::string city_of(const Customer& c) {
    const Address* a = primary_of(c.addresses);
    return a ? a->city : "";
}

/// "label: value" lines with the labels padded to one width.
class FieldList {
public:
    void add(const std::string& label, const std::string& value) {
        if (!value.empty()) rows_.emplace_back(label, value);
    }
    void print() const {
        std::size_t w = 0;
        for (const auto& [label, _] : rows_) w = std::max(w, display_width(label));
        for (const auto& [label, value] : rows_)
            std::cout << pad_right(label + ":", w + 1) << ' ' << terminal_text(value) << '\n';
    }

private:
    std::vector<std::pair<std::string, std::string>> rows_;
};

std::string contact_line(const std::string& value, const std::string& label, bool primary,
                         const std::string& normal) {
    std::string s = value;
    if (!normal.empty() && normal != value) s += " (" + normal + ")";
    if (!label.empty()) s += " [" + label + "]";
    if (primary) s += " *";
    return s;
}

std::string counts_line(const std::map<std::string, std::int64_t>& m, const char* empty_key = "(none)") {
    std::vector<std::string> parts;
    for (const auto& [k, v] : m) parts.push_back((k.empty() ? empty_key : k) + " " + std::to_string(v));
    return join(parts, ", ");
}

}  // namespace

void print_json(const nlohmann::json& j) {
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

template <class Record>
nlohmann::json json_array(const std::vector<Record>& records) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& r : records) a.push_back(to_json(r));
    return a;
}
template nlohmann::json json_array(const std::vector<Customer>&);
template nlohmann::json json_array(const std::vector<Interaction>&);
template nlohmann::json json_array(const std::vector<User>&);
template nlohmann::json json_array(const std::vector<MergeRecord>&);

void print_customer(const Customer& c, std::int64_t interactions) {
    FieldList f;
    f.add("id", c.id.to_string());
    f.add("external id", c.external_id);
    f.add("kind", std::string(to_string(c.kind)));
    // Every text field but the long ones (notes), which close the card on one line.
    for (const auto& t : fields::customer_text_fields())
        if (t.max_bytes <= fields::kShortText) f.add(std::string(t.label), c.*t.member);
    for (const auto& e : c.emails) f.add("email", contact_line(e.address, e.label, e.primary, e.normalized));
    for (const auto& p : c.phones) f.add("phone", contact_line(p.number, p.label, p.primary, p.e164));
    for (const auto& a : c.addresses) {
        std::vector<std::string> parts;
        for (const auto* s : {&a.street, &a.city, &a.region, &a.postcode, &a.country})
            if (!s->empty()) parts.push_back(*s);
        f.add("address", contact_line(join(parts, ", "), a.label, a.primary, ""));
    }
    if (c.birthday) f.add("birthday", format_date(*c.birthday));
    if (c.gender != Gender::unspecified) f.add("gender", std::string(to_string(c.gender)));
    f.add("owner", c.owner);
    f.add("tags", join(c.tags, ", "));
    if (!c.custom.empty()) f.add("custom", c.custom.text());
    for (const auto& [channel, consent] : c.consent) {
        std::string v(to_string(consent.status));
        if (consent.at) v += " " + format_timestamp(*consent.at);
        if (!consent.method.empty()) v += " (" + consent.method + ")";
        f.add("consent " + std::string(to_string(channel)), v);
    }
    for (const auto& t : fields::customer_text_fields())
        if (t.max_bytes > fields::kShortText) f.add(std::string(t.label), single_line(c.*t.member));
    f.add("status", std::string(to_string(c.status)));
    f.add("created", format_timestamp(c.created_at));
    f.add("updated", format_timestamp(c.updated_at));
    if (c.last_verified_at) f.add("verified", format_timestamp(*c.last_verified_at));
    f.add("version", std::to_string(c.version));
    f.add("interactions", std::to_string(interactions));
    f.print();
}

void print_customer_table(const std::vector<Customer>& customers) {
    if (customers.empty()) {
        std::cout << "(no customers)\n";
        return;
    }
    Table t({"ID", "NAME", "PHONE", "EMAIL", "CITY", "OWNER", "TAGS", "STATUS"});
    t.cap_width(1, 24);
    t.cap_width(3, 32);
    t.cap_width(6, 24);
    for (const auto& c : customers) {
        const Phone* p = primary_of(c.phones);
        const Email* e = primary_of(c.emails);
        t.add_row({c.id.to_string(), c.display_name, p ? p->number : "", e ? e->address : "", city_of(c),
                   c.owner, join(c.tags, ","), std::string(to_string(c.status))});
    }
    t.print(std::cout);
}

std::string amount_text(const Interaction& i) {
    if (!i.amount_minor) return "";
    return money::format_amount(*i.amount_minor, i.currency) + (i.currency.empty() ? "" : " " + i.currency);
}

void print_interaction(const Interaction& i, const CustomerNamer& name_of) {
    FieldList f;
    f.add("id", i.id.to_string());
    f.add("external id", i.external_id);
    f.add("customer", name_of(i.customer_id) + " (" + i.customer_id.to_string() + ")");
    f.add("kind", std::string(to_string(i.kind)));
    f.add("at", format_timestamp(i.occurred_at));
    f.add("amount", amount_text(i));
    f.add("channel", i.channel);
    if (i.direction != Direction::none) f.add("direction", std::string(to_string(i.direction)));
    f.add("owner", i.owner);
    f.add("subject", single_line(i.subject));
    f.add("body", single_line(i.body));
    if (i.csat) f.add("csat", std::to_string(*i.csat));
    if (i.nps) f.add("nps", std::to_string(*i.nps));
    if (i.complaint_status != ComplaintStatus::none)
        f.add("complaint", std::string(to_string(i.complaint_status)));
    if (i.due_at) f.add("due", format_timestamp(*i.due_at));
    if (!i.custom.empty()) f.add("custom", i.custom.text());
    f.print();
}

void print_interaction_table(const std::vector<Interaction>& items, const CustomerNamer& name_of) {
    if (items.empty()) {
        std::cout << "(no interactions)\n";
        return;
    }
    Table t({"AT", "CUSTOMER", "KIND", "AMOUNT", "CHANNEL", "OWNER", "SUBJECT", "ID"});
    t.cap_width(1, 20);
    t.cap_width(6, 30);
    t.align_right(3);
    for (const auto& i : items)
        t.add_row({format_timestamp(i.occurred_at), name_of(i.customer_id), std::string(to_string(i.kind)),
                   amount_text(i), i.channel, i.owner, i.subject, i.id.to_string()});
    t.print(std::cout);
}

void print_user_table(const std::vector<User>& users) {
    Table t({"USERNAME", "NAME", "ROLE", "TEAM", "ACTIVE", "CREATED"});
    for (const auto& u : users)
        t.add_row({u.username, u.display_name, std::string(to_string(u.role)), u.team, u.active ? "yes" : "no",
                   format_timestamp(u.created_at)});
    t.print(std::cout);
}

void print_stats(const StoreStats& s) {
    FieldList f;
    f.add("customers", std::to_string(s.customers));
    f.add("  by status", counts_line(s.customers_by_status));
    f.add("  by kind", counts_line(s.customers_by_kind));
    f.add("  by owner", counts_line(s.customers_by_owner, "(unowned)"));
    f.add("interactions", std::to_string(s.interactions));
    f.add("  by kind", counts_line(s.interactions_by_kind));
    std::vector<std::string> revenue;
    for (const auto& [cur, minor] : s.revenue_minor_by_currency)
        revenue.push_back(money::format_amount(minor, cur) + " " + cur);
    f.add("revenue", join(revenue, ", "));
    if (s.first_interaction) f.add("first interaction", format_timestamp(*s.first_interaction));
    if (s.last_interaction) f.add("last interaction", format_timestamp(*s.last_interaction));
    f.add("points outstanding", std::to_string(s.points_outstanding));
    f.add("  expiring in 30 days", std::to_string(s.points_expiring_30d));
    f.add("users", std::to_string(s.users));
    f.add("schema version", std::to_string(s.schema_version));
    f.print();
}

void print_next_page_hint(const std::string& next_cursor) {
    if (!next_cursor.empty()) std::cout << "(more: --after " << next_cursor << ")\n";
}

}  // namespace clientele::cli
