// Internal: writing CSV that csv::Reader (and Excel) read back exactly.
#pragma once

#include <string>
#include <string_view>

namespace clientele::csv {

/// Appends one field, quoted (quotes doubled) when it holds the delimiter, a quote, a line
/// end or starts/ends with a space — so every value reads back byte for byte.
void append_field(std::string& out, std::string_view field, char delimiter = ',');

}  // namespace clientele::csv
