#include "text/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace clientele::text {

char32_t next_code_point(std::string_view s, std::size_t& i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b0 = byte(i);
    if (b0 < 0x80) { ++i; return b0; }
    int len = (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) { ++i; return 0xFFFD; }
    char32_t cp = b0 & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
        unsigned char b = byte(i + k);
        if ((b & 0xC0) != 0x80) { ++i; return 0xFFFD; }
        cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { ++i; return 0xFFFD; }
    i += len;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

int utf8_sequence_length(unsigned char b) noexcept {
    if (b < 0x80) return 1;
    if (b >= 0xC2 && b <= 0xDF) return 2;
    if (b >= 0xE0 && b <= 0xEF) return 3;
    if (b >= 0xF0 && b <= 0xF4) return 4;
    return 0;
}

namespace {

// Validation as a shift-based DFA (after Per Vognsen's idea): each state is the bit offset
// of a 6-bit slot, and the row of a byte holds the next state in the slot of each state,
// so a step is one load, one shift and one mask with no branch — the byte-at-a-time loop
// with a branch per sequence was a third of CSV parsing time on Chinese text.
// The states follow RFC 3629's table of well-formed sequences.
enum : std::uint8_t {
    kAccept = 0,    // between sequences
    kError = 6,     // absorbing
    kTail1 = 12,    // one continuation byte 80..BF left
    kTail2 = 18,    // two left
    kTail3 = 24,    // three left
    kAfterE0 = 30,  // E0: the next byte is A0..BF (no overlong 3-byte forms)
    kAfterED = 36,  // ED: 80..9F (no surrogates)
    kAfterF0 = 42,  // F0: 90..BF (no overlong 4-byte forms)
    kAfterF4 = 48,  // F4: 80..8F (nothing above U+10FFFF)
};

constexpr std::uint64_t row(std::uint8_t from_accept, bool cont_80_8f, bool cont_90_9f, bool cont_a0_bf) {
    auto slot = [](std::uint8_t state, std::uint8_t next) { return std::uint64_t{next} << state; };
    std::uint64_t r = slot(kAccept, from_accept) | slot(kError, kError);
    const bool cont = cont_80_8f || cont_90_9f || cont_a0_bf;
    r |= slot(kTail1, cont ? kAccept : kError) | slot(kTail2, cont ? kTail1 : kError) |
         slot(kTail3, cont ? kTail2 : kError);
    r |= slot(kAfterE0, cont_a0_bf ? kTail1 : kError) | slot(kAfterED, cont_80_8f || cont_90_9f ? kTail1 : kError) |
         slot(kAfterF0, cont_90_9f || cont_a0_bf ? kTail2 : kError) | slot(kAfterF4, cont_80_8f ? kTail2 : kError);
    return r;
}

constexpr std::array<std::uint64_t, 256> make_rows() {
    std::array<std::uint64_t, 256> rows{};
    for (unsigned b = 0; b < 256; ++b) {
        std::uint8_t lead = kError;
        if (b < 0x80) lead = kAccept;
        else if (b >= 0xC2 && b <= 0xDF) lead = kTail1;
        else if (b == 0xE0) lead = kAfterE0;
        else if (b == 0xED) lead = kAfterED;
        else if (b >= 0xE1 && b <= 0xEF) lead = kTail2;
        else if (b == 0xF0) lead = kAfterF0;
        else if (b >= 0xF1 && b <= 0xF3) lead = kTail3;
        else if (b == 0xF4) lead = kAfterF4;
        rows[b] = row(lead, b >= 0x80 && b <= 0x8F, b >= 0x90 && b <= 0x9F, b >= 0xA0 && b <= 0xBF);
    }
    return rows;
}

constexpr auto kRows = make_rows();

// The slow, exact search, run only once the DFA has said that something is wrong.
std::size_t locate_invalid(const unsigned char* p, std::size_t n) noexcept {
    std::size_t i = 0;
    while (i < n) {
        const unsigned char b0 = p[i];
        if (b0 < 0x80) { ++i; continue; }
        const int len = utf8_sequence_length(b0);
        if (len == 0 || i + static_cast<std::size_t>(len) > n) return i;
        std::uint64_t state = kAccept;
        for (int k = 0; k < len; ++k) state = (kRows[p[i + k]] >> state) & 63;
        if (state != kAccept) return i;
        i += static_cast<std::size_t>(len);
    }
    return n;
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    // The state is the low six bits; the bits above are left in place because the shift
    // uses only the low six anyway (x86 masks the count), which keeps the loop-carried
    // chain to one shift per byte.
    std::uint64_t state = kAccept;
    std::size_t i = 0;
    while (i < n) {
        if ((state & 63) == kAccept) {
            // Sixteen ASCII bytes at a time: most of a CSV file, even a Chinese one.
            while (i + 16 <= n) {
                std::uint64_t a, b;
                std::memcpy(&a, p + i, 8);
                std::memcpy(&b, p + i + 8, 8);
                if ((a | b) & kHigh) break;
                i += 16;
            }
        }
        const std::size_t stop = std::min(n, i + 16);
        for (; i < stop; ++i) state = kRows[p[i]] >> (state & 63);
        if ((state & 63) == kError) break;
    }
    return (state & 63) == kAccept ? n : locate_invalid(p, n);
}

bool is_valid_utf8(std::string_view s) noexcept { return first_invalid_utf8(s) == s.size(); }

bool is_cjk(char32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0x3005 && cp <= 0x3007);
}

bool contains_cjk(std::string_view s) {
    for (std::size_t i = 0; i < s.size();)
        if (is_cjk(next_code_point(s, i))) return true;
    return false;
}

namespace {
bool is_space(char32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
           cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x200B);
}
}  // namespace

std::string_view trim(std::string_view s) {
    std::size_t begin = 0;
    while (begin < s.size()) {
        std::size_t i = begin;
        if (!is_space(next_code_point(s, i))) break;
        begin = i;
    }
    std::size_t end = begin;
    for (std::size_t i = begin; i < s.size();) {
        char32_t cp = next_code_point(s, i);
        if (!is_space(cp)) end = i;
    }
    return s.substr(begin, end - begin);
}

}  // namespace clientele::text
