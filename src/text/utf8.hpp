// Internal: the little UTF-8 the core needs without calling ICU in hot paths.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace clientele::text {

/// Decodes the code point at s[i] and advances i; returns U+FFFD and advances one byte on
/// an invalid sequence.
char32_t next_code_point(std::string_view s, std::size_t& i);

void append_utf8(std::string& out, char32_t cp);

/// True for UTF-8 text with no invalid or overlong sequences and no surrogates.
bool is_valid_utf8(std::string_view s) noexcept;

/// Where the first invalid UTF-8 sequence of `s` starts (an incomplete sequence at the end
/// counts); s.size() when all of it is valid. Fast on long text: it is what every import
/// runs over every byte.
std::size_t first_invalid_utf8(std::string_view s) noexcept;

/// The length a UTF-8 sequence starting with `lead` must have: 1..4, or 0 for a byte that
/// cannot start one.
int utf8_sequence_length(unsigned char lead) noexcept;

/// Han ideographs, kana and hangul: scripts written without spaces between words.
bool is_cjk(char32_t cp);

bool contains_cjk(std::string_view s);

/// Trims ASCII and Unicode white space (incl. the full-width space U+3000) at both ends.
std::string_view trim(std::string_view s);

}  // namespace clientele::text
