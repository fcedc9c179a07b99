#include "csv/writer.hpp"

namespace clientele::csv {

namespace {

// Excel, LibreOffice and Google Sheets start a formula at these (tab and CR because some
// readers trim them and then see the character behind).
bool formula_trigger(char c) noexcept { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

// "-12.50", "+3": a signed number is no formula, and guarding it would turn every refund
// amount and negative key into text for the spreadsheet.
bool plain_number(std::string_view s) noexcept {
    s.remove_prefix(1);  // the sign
    const auto dot = s.find('.');
    const auto digits = [](std::string_view d) {
        return !d.empty() && d.find_first_not_of("0123456789") == std::string_view::npos;
    };
    return dot == std::string_view::npos ? digits(s) : digits(s.substr(0, dot)) && digits(s.substr(dot + 1));
}

}  // namespace

bool needs_formula_guard(std::string_view field) noexcept {
    // Quotes first: the guard must also cover a value that already starts '= , or the
    // reader, taking one quote off, would turn it into =.
    const auto first = field.find_first_not_of('\'');
    if (first == std::string_view::npos || !formula_trigger(field[first])) return false;
    const auto rest = field.substr(first);
    return !((rest.front() == '-' || rest.front() == '+') && plain_number(rest));
}

void append_field(std::string& out, std::string_view field, char delimiter, bool formula_guard) {
    const bool guard = formula_guard && needs_formula_guard(field);
    const bool quote = field.find_first_of("\"\r\n") != std::string_view::npos ||
                       field.find(delimiter) != std::string_view::npos ||
                       (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (!quote) {
        if (guard) out.push_back('\'');
        out.append(field);
        return;
    }
    out.push_back('"');
    if (guard) out.push_back('\'');
    for (char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

}  // namespace clientele::csv
