// Internal: money as decimal text <-> integer minor units, exactly (no floating point).
// Shared by the CLI, import and analytics; internal (not exported, not installed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace clientele::money {

/// Digits after the decimal point in the currency (ISO 4217 minor unit): 2 for CNY, USD
/// and most; 0 for JPY, KRW, ...; 3 for KWD, BHD, ...
int currency_exponent(std::string_view currency);

/// "1,299.00" in CNY -> 129900. Accepts an optional sign, thousands commas in groups of
/// three, and at most the currency's decimals (extra trailing zeros are fine). Throws
/// clientele::InvalidInput naming `field` on anything else or on overflow.
std::int64_t parse_amount(std::string_view text, std::string_view currency,
                          std::string_view field = "amount");

/// Like parse_amount but with an explicit number of decimals instead of a currency
/// (analytics reads amounts with 2 decimals whatever the currency).
std::int64_t parse_decimal(std::string_view text, int decimals,
                                         std::string_view field = "amount");

/// InvalidInput naming `field` when |minor| is beyond kMaxAmountMinor (clientele/cells.hpp):
/// the one statement of the amount limit, for amounts that arrive as numbers (JSON, the C
/// ABI, Python) as parse_amount applies it to text.
void check_amount(std::int64_t minor, std::string_view field = "amount_minor");

/// 129900 in CNY -> "1,299.00".
std::string format_amount(std::int64_t minor, std::string_view currency);

}  // namespace clientele::money
