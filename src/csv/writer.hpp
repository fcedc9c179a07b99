// Internal: writing CSV that csv::Reader (and Excel) read back exactly.
#pragma once

#include <string>
#include <string_view>

namespace clientele::csv {

/// Appends one field, quoted (quotes doubled) when it holds the delimiter, a quote, a line
/// end or starts/ends with a space — so every value reads back byte for byte.
///
/// With `formula_guard` (the default for every CSV the library writes), a field a
/// spreadsheet would run as a formula — one starting with = + - @, a tab or a CR, after any
/// leading single quotes — gets one more single quote in front, as OWASP recommends for CSV
/// injection; a signed plain number ("-12.50") is no formula and is left alone.
/// csv::Reader takes that quote off again, so the value reads back unchanged.
void append_field(std::string& out, std::string_view field, char delimiter = ',', bool formula_guard = true);

/// True when `field` is one append_field guards: a trigger character after zero or more
/// leading single quotes, unless what follows the quotes is a signed plain number.
bool needs_formula_guard(std::string_view field) noexcept;

}  // namespace clientele::csv
