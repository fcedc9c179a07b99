#include <algorithm>
#include <string>
#include <unordered_map>

#include "clientele/dedupe.hpp"
#include "clientele/error.hpp"
#include "csv/reader.hpp"
#include "text/utf8.hpp"

namespace clientele {

namespace {

using Member = std::string MatchRecord::*;

struct ColumnRule {
    Member member;
    bool accumulate;  // several source columns append (email, phone)
};

const std::unordered_map<std::string, ColumnRule>& column_rules() {
    static const std::unordered_map<std::string, ColumnRule> rules = {
        {"id", {&MatchRecord::id, false}}, {"external_id", {&MatchRecord::id, false}},
        {"customer_id", {&MatchRecord::id, false}}, {"rec_id", {&MatchRecord::id, false}},
        {"name", {&MatchRecord::name, false}}, {"full_name", {&MatchRecord::name, false}},
        {"display_name", {&MatchRecord::name, false}},
        {"given_name", {&MatchRecord::given_name, false}}, {"first_name", {&MatchRecord::given_name, false}},
        {"given", {&MatchRecord::given_name, false}}, {"forename", {&MatchRecord::given_name, false}},
        {"family_name", {&MatchRecord::family_name, false}}, {"last_name", {&MatchRecord::family_name, false}},
        {"surname", {&MatchRecord::family_name, false}},
        {"email", {&MatchRecord::email, true}}, {"emails", {&MatchRecord::email, true}},
        {"email2", {&MatchRecord::email, true}}, {"work_email", {&MatchRecord::email, true}},
        {"phone", {&MatchRecord::phone, true}}, {"phones", {&MatchRecord::phone, true}},
        {"mobile", {&MatchRecord::phone, true}}, {"telephone", {&MatchRecord::phone, true}},
        {"phone2", {&MatchRecord::phone, true}}, {"home_phone", {&MatchRecord::phone, true}},
        {"street", {&MatchRecord::street, false}}, {"address", {&MatchRecord::street, false}},
        {"address_1", {&MatchRecord::street, false}}, {"address1", {&MatchRecord::street, false}},
        {"street_address", {&MatchRecord::street, false}},
        {"street2", {&MatchRecord::street2, false}}, {"address_2", {&MatchRecord::street2, false}},
        {"address2", {&MatchRecord::street2, false}},
        {"city", {&MatchRecord::city, false}}, {"suburb", {&MatchRecord::city, false}},
        {"town", {&MatchRecord::city, false}},
        {"postcode", {&MatchRecord::postcode, false}}, {"zip", {&MatchRecord::postcode, false}},
        {"postal_code", {&MatchRecord::postcode, false}}, {"zipcode", {&MatchRecord::postcode, false}},
        {"country", {&MatchRecord::country, false}},
        {"birthday", {&MatchRecord::birthday, false}}, {"date_of_birth", {&MatchRecord::birthday, false}},
        {"dob", {&MatchRecord::birthday, false}}, {"birth_date", {&MatchRecord::birthday, false}},
        {"company", {&MatchRecord::company, false}},
    };
    return rules;
}

// Which field each column fills (nullptr: ignored); InvalidInput naming `source` when no
// column identifies a person.
std::vector<const ColumnRule*> map_columns(const std::vector<std::string>& headers, const std::string& source) {
    std::vector<const ColumnRule*> columns(headers.size(), nullptr);
    bool identifying = false;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        std::string h(text::trim(headers[i]));
        if (h.starts_with("\xEF\xBB\xBF")) h.erase(0, 3);
        std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return std::tolower(c); });
        std::replace(h.begin(), h.end(), ' ', '_');
        auto it = column_rules().find(h);
        if (it == column_rules().end()) continue;
        // The first column of a kind wins unless the kind accumulates.
        bool taken = std::any_of(columns.begin(), columns.end(), [&](const ColumnRule* c) {
            return c && c->member == it->second.member;
        });
        if (taken && !it->second.accumulate) continue;
        columns[i] = &it->second;
        Member m = it->second.member;
        identifying |= m == &MatchRecord::name || m == &MatchRecord::given_name || m == &MatchRecord::family_name ||
                       m == &MatchRecord::email || m == &MatchRecord::phone;
    }
    if (!identifying)
        throw InvalidInput("header", "no name, given_name, family_name, email or phone column", source, 1);
    return columns;
}

void set_field(MatchRecord& rec, const ColumnRule& rule, std::string_view value) {
    std::string_view v = text::trim(value);
    if (v.empty()) return;
    std::string& field = rec.*(rule.member);
    if (!field.empty()) field += ';';
    field += v;
}

}  // namespace

std::vector<MatchRecord> read_match_records(const std::filesystem::path& path) {
    csv::Reader reader = csv::Reader::open(path);
    std::vector<MatchRecord> out;
    if (!reader.next()) return out;
    std::vector<std::string> headers;
    for (std::size_t i = 0; i < reader.size(); ++i) headers.emplace_back(reader[i]);
    std::vector<const ColumnRule*> columns = map_columns(headers, reader.name());
    while (reader.next()) {
        MatchRecord rec;
        for (std::size_t i = 0; i < reader.size() && i < columns.size(); ++i)
            if (columns[i]) set_field(rec, *columns[i], reader[i]);
        if (rec.id.empty()) rec.id = std::to_string(out.size() + 1);
        out.push_back(std::move(rec));
    }
    return out;
}

std::vector<MatchRecord> match_records_from_columns(const std::vector<std::string>& names,
                                                    const std::vector<std::vector<std::string>>& values) {
    if (names.size() != values.size()) throw InvalidInput("columns", "as many names as columns are needed");
    std::size_t n = values.empty() ? 0 : values[0].size();
    for (std::size_t c = 0; c < values.size(); ++c)
        if (values[c].size() != n)
            throw InvalidInput(names[c], "column has " + std::to_string(values[c].size()) + " values, the first " +
                                             std::to_string(n));
    std::vector<const ColumnRule*> columns = map_columns(names, "columns");
    std::vector<MatchRecord> out(n);
    for (std::size_t c = 0; c < columns.size(); ++c)
        if (columns[c])
            for (std::size_t i = 0; i < n; ++i) set_field(out[i], *columns[c], values[c][i]);
    for (std::size_t i = 0; i < n; ++i)
        if (out[i].id.empty()) out[i].id = std::to_string(i + 1);
    return out;
}

}  // namespace clientele
