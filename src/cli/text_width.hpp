// clientele CLI — how wide text is on a terminal.
//
// CJK ideographs, kana, hangul, full-width forms and most emoji take two columns;
// combining marks and zero-width characters take none. Tables align by this, not by bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clientele::cli {

/// Terminal columns taken by UTF-8 text. Invalid bytes count one column each. This is
/// the one width function: everything that aligns or cuts text goes through it.
std::size_t display_width(std::string_view utf8);

/// The text cut to at most `max_width` columns, ending in "…" when it was cut. Never
/// splits a UTF-8 sequence.
std::string fit_to_width(std::string_view utf8, std::size_t max_width);

/// The text padded with spaces on the right (or left) to `width` columns.
std::string pad_right(std::string_view utf8, std::size_t width);
std::string pad_left(std::string_view utf8, std::size_t width);

/// Line ends and tabs replaced by spaces, so a value cannot break a table row, and every
/// other control character escaped (terminal_text), so it cannot drive the terminal.
std::string single_line(std::string_view utf8);

}  // namespace clientele::cli
