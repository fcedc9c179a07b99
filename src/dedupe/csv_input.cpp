#include <algorithm>
#include <string>

#include "cells/column_names.hpp"
#include "clientele/dedupe.hpp"
#include "clientele/error.hpp"
#include "csv/reader.hpp"
#include "model/customer_fields.hpp"
#include "text/utf8.hpp"

namespace clientele {

namespace {

using Member = std::string MatchRecord::*;

struct ColumnRule {
    Member member;
    bool accumulate;  // several source columns append (email, phone)
};

// The record field each customer column feeds, by the one column-name table
// (src/cells/column_names.cpp): import and dedupe read the same headers the same way.
// Contact groups (email2, phone_3) all accumulate; fields dedupe does not compare, and
// a group's label and primary columns, are ignored.
const ColumnRule* rule_for(cells::ColumnTarget t) {
    static const ColumnRule kId{&MatchRecord::id, false}, kName{&MatchRecord::name, false},
        kGiven{&MatchRecord::given_name, false}, kFamily{&MatchRecord::family_name, false},
        kEmail{&MatchRecord::email, true}, kPhone{&MatchRecord::phone, true}, kStreet{&MatchRecord::street, false},
        kStreet2{&MatchRecord::street2, false}, kCity{&MatchRecord::city, false},
        kPostcode{&MatchRecord::postcode, false}, kCountry{&MatchRecord::country, false},
        kBirthday{&MatchRecord::birthday, false}, kCompany{&MatchRecord::company, false};
    using cells::Field;
    if (t.field == Field::text) {
        const auto member = fields::customer_text_fields()[t.slot].member;
        if (member == &Customer::display_name) return &kName;
        if (member == &Customer::given_name) return &kGiven;
        if (member == &Customer::family_name) return &kFamily;
        if (member == &Customer::company_name) return &kCompany;
        return nullptr;
    }
    switch (t.field) {
        case Field::external_id: return &kId;
        case Field::email: return &kEmail;
        case Field::phone: return &kPhone;
        case Field::street_line2: return &kStreet2;
        case Field::birthday: return &kBirthday;
        default: break;
    }
    if (t.slot != 0) return nullptr;  // the first address is the one compared
    switch (t.field) {
        case Field::street: return &kStreet;
        case Field::city: return &kCity;
        case Field::postcode: return &kPostcode;
        case Field::country: return &kCountry;
        default: return nullptr;
    }
}

// Which field each column fills (nullptr: ignored); InvalidInput naming `source` when no
// column identifies a person.
std::vector<const ColumnRule*> map_columns(const std::vector<std::string>& headers, const std::string& source) {
    std::vector<const ColumnRule*> columns(headers.size(), nullptr);
    bool identifying = false;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const ColumnRule* rule = rule_for(cells::recognize(headers[i], RecordType::customers));
        if (rule == nullptr) continue;
        // The first column of a kind wins unless the kind accumulates.
        bool taken = std::any_of(columns.begin(), columns.end(), [&](const ColumnRule* c) {
            return c && c->member == rule->member;
        });
        if (taken && !rule->accumulate) continue;
        columns[i] = rule;
        Member m = rule->member;
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
