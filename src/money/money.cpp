#include "money/money.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

#include <clientele/cells.hpp>
#include <clientele/error.hpp>

namespace clientele::money {
namespace {

// ISO 4217 currencies whose minor unit is not 2 digits.
constexpr std::array<std::string_view, 16> kNoDecimals{
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
    "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"};
constexpr std::array<std::string_view, 7> kThreeDecimals{
    "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};

std::string beyond_limit() {
    return "is beyond the amount limit of " + std::to_string(kMaxAmountMinor) +
           " minor units either way (10 trillion in major units)";
}

bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Integer digits with optional thousands commas ("1,299"): false when there is a
/// non-digit or the groups are not of three.
bool valid_grouping(std::string_view in) {
    const auto first = in.find(',');
    if (first == std::string_view::npos) return all_digits(in);
    // First group 1-3 digits, then ",ddd" groups.
    if (first == 0 || first > 3 || (in.size() - first) % 4 != 0) return false;
    for (std::size_t pos = first; pos < in.size(); pos += 4)
        if (in[pos] != ',') return false;
    return std::all_of(in.begin(), in.end(), [](char c) { return c == ',' || (c >= '0' && c <= '9'); });
}

}  // namespace

int currency_exponent(std::string_view currency) {
    // Per amount on an import: no allocation.
    if (currency.size() != 3) return 2;
    char buf[3];
    for (int i = 0; i < 3; ++i) buf[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(currency[i])));
    const std::string_view code(buf, 3);
    if (std::find(kNoDecimals.begin(), kNoDecimals.end(), code) != kNoDecimals.end()) return 0;
    if (std::find(kThreeDecimals.begin(), kThreeDecimals.end(), code) != kThreeDecimals.end()) return 3;
    return 2;
}

namespace {

// `unit` names what limits the decimals in the message ("CNY", "2 decimals").
std::int64_t parse_minor(std::string_view text, int exponent, std::string_view unit, std::string_view field) {
    // Runs once per amount of an import or a transactions file: it allocates only to throw.
    const std::string_view original = text;
    auto fail = [&](const std::string& why) -> std::int64_t {
        throw InvalidInput(std::string(field), "'" + std::string(original) + "' " + why);
    };
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    const auto dot = text.find('.');
    const std::string_view int_text = text.substr(0, dot);
    std::string_view frac_text = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (!valid_grouping(int_text) || !all_digits(frac_text) || (dot != std::string_view::npos && frac_text.empty()) ||
        (int_text.empty() && frac_text.empty()))
        return fail("is not a decimal amount (like 1299.00 or 1,299.00)");
    while (static_cast<int>(frac_text.size()) > exponent && frac_text.back() == '0') frac_text.remove_suffix(1);
    if (static_cast<int>(frac_text.size()) > exponent)
        return fail("has more decimals than " + std::string(unit) + " allows (" + std::to_string(exponent) + ")");

    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    std::int64_t value = 0;
    auto push = [&](int d) {
        if (value > (kMax - d) / 10) fail(beyond_limit());
        value = value * 10 + d;
    };
    for (char c : int_text)
        if (c != ',') push(c - '0');
    for (char c : frac_text) push(c - '0');
    for (auto k = static_cast<int>(frac_text.size()); k < exponent; ++k) push(0);
    if (value > kMaxAmountMinor) return fail(beyond_limit());
    return negative ? -value : value;
}

}  // namespace

void check_amount(std::int64_t minor, std::string_view field) {
    if (minor > kMaxAmountMinor || minor < -kMaxAmountMinor)
        throw InvalidInput(std::string(field), std::to_string(minor) + " " + beyond_limit());
}

std::int64_t parse_amount(std::string_view text, std::string_view currency, std::string_view field) {
    return parse_minor(text, currency_exponent(currency), currency, field);
}

std::int64_t parse_decimal(std::string_view text, int decimals, std::string_view field) {
    if (decimals < 0 || decimals > 18) throw InvalidInput(std::string(field), "decimals must be 0..18");
    return parse_minor(text, decimals, "this field", field);
}

std::string format_amount(std::int64_t minor, std::string_view currency) {
    const int exponent = currency_exponent(currency);
    const bool negative = minor < 0;
    // Work on the unsigned magnitude so INT64_MIN does not overflow.
    std::uint64_t mag = negative ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
    std::string digits = std::to_string(mag);
    if (static_cast<int>(digits.size()) <= exponent)
        digits.insert(0, static_cast<std::size_t>(exponent) + 1 - digits.size(), '0');
    const std::string int_part = digits.substr(0, digits.size() - static_cast<std::size_t>(exponent));
    const std::string frac_part = digits.substr(digits.size() - static_cast<std::size_t>(exponent));
    std::string grouped;
    for (std::size_t i = 0; i < int_part.size(); ++i) {
        if (i > 0 && (int_part.size() - i) % 3 == 0) grouped.push_back(',');
        grouped.push_back(int_part[i]);
    }
    std::string out = negative ? "-" : "";
    out += grouped;
    if (exponent > 0) out += "." + frac_part;
    return out;
}

}  // namespace clientele::money
