#include "text_width.hpp"

#include "terminal_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

namespace clientele::cli {
namespace {

/// Length in bytes of the UTF-8 sequence starting at s[pos]; 1 for an invalid byte.
std::size_t sequence_length(std::string_view s, std::size_t pos) {
    const auto b = static_cast<unsigned char>(s[pos]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || pos + n > s.size()) return 1;
    for (std::size_t i = 1; i < n; ++i)
        if ((static_cast<unsigned char>(s[pos + i]) & 0xC0) != 0x80) return 1;
    return n;
}

/// The code point of a sequence of `len` bytes, or U+FFFD for an invalid byte.
char32_t decode(std::string_view s, std::size_t pos, std::size_t len) {
    const auto b = static_cast<unsigned char>(s[pos]);
    if (len == 1) return b < 0x80 ? char32_t(b) : char32_t(0xFFFD);
    char32_t cp = b & (0xFF >> (len + 1));
    for (std::size_t i = 1; i < len; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
    return cp;
}

using Range = std::pair<char32_t, char32_t>;

bool in(char32_t cp, const auto& ranges) {
    auto it = std::upper_bound(ranges.begin(), ranges.end(), cp,
                               [](char32_t v, const Range& r) { return v < r.first; });
    return it != ranges.begin() && cp <= std::prev(it)->second;
}

// Zero-width: combining marks, zero-width spaces and joiners, variation selectors.
constexpr std::array<Range, 18> kZeroWidth{{
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},
    {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2028, 0x202E},
    {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D}, {0x3099, 0x309A},
    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
}};

// East Asian Wide and Fullwidth (Unicode 15, condensed) and wide emoji.
constexpr std::array<Range, 22> kWide{{
    {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
    {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2E80, 0x303E}, {0x3041, 0x33FF},
    {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xA960, 0xA97F},
    {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
}};

std::size_t codepoint_width(char32_t cp) {
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;  // controls print nothing
    if (cp < 0x300) return 1;
    if (in(cp, kZeroWidth)) return 0;
    if (in(cp, kWide)) return 2;
    return 1;
}

}  // namespace

std::size_t display_width(std::string_view s) {
    std::size_t width = 0;
    for (std::size_t pos = 0; pos < s.size();) {
        const std::size_t len = sequence_length(s, pos);
        width += codepoint_width(decode(s, pos, len));
        pos += len;
    }
    return width;
}

std::string fit_to_width(std::string_view s, std::size_t max_width) {
    if (display_width(s) <= max_width) return std::string(s);
    if (max_width == 0) return {};
    const std::size_t budget = max_width - 1;  // room for the ellipsis (one column)
    std::size_t used = 0, pos = 0;
    while (pos < s.size()) {
        const std::size_t len = sequence_length(s, pos);
        const std::size_t w = display_width(s.substr(pos, len));
        if (used + w > budget) break;
        used += w;
        pos += len;
    }
    return std::string(s.substr(0, pos)) + "\u2026";
}

std::string pad_right(std::string_view s, std::size_t width) {
    std::string out(s);
    const std::size_t w = display_width(s);
    if (w < width) out.append(width - w, ' ');
    return out;
}

std::string pad_left(std::string_view s, std::size_t width) {
    const std::size_t w = display_width(s);
    std::string out(w < width ? width - w : 0, ' ');
    out += s;
    return out;
}

std::string single_line(std::string_view s) {
    std::string flat(s);
    for (auto& ch : flat)
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    return terminal_text(flat);
}

}  // namespace clientele::cli
