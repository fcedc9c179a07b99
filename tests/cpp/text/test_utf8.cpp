// The UTF-8 validator every import runs over every byte, against a reference written from
// RFC 3629 directly (decode, then check the code point's range and minimal length).
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "text/utf8.hpp"

using clientele::text::first_invalid_utf8;

namespace {

// Offset of the first sequence that is not well formed, decoding one code point at a time.
std::size_t reference(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        std::size_t len = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return i;
        char32_t cp = len == 1 ? b0 : b0 & (0xFF >> (len + 1));
        for (std::size_t k = 1; k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (b & 0x3F);
        }
        const char32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += len;
    }
    return s.size();
}

}  // namespace

TEST_CASE("utf8: the boundaries of RFC 3629", "[utf8]") {
    struct Case {
        const char* text;
        std::size_t bad;
    };
    const std::string ok = "ascii 张伟 Zoë \xF0\x9F\x98\x80 \xEF\xBF\xBD \xF4\x8F\xBF\xBF \xED\x9F\xBF";
    CHECK(first_invalid_utf8(ok) == ok.size());
    for (const Case c : {Case{"ab\xC0\xAF", 2},        // overlong '/'
                         Case{"\xE0\x80\xAF", 0},        // overlong, 3 bytes
                         Case{"x\xED\xA0\x80", 1},       // surrogate U+D800
                         Case{"\xF4\x90\x80\x80", 0},    // above U+10FFFF
                         Case{"\xF0\x80\x80\x80", 0},    // overlong, 4 bytes
                         Case{"ok\x80", 2},              // stray continuation
                         Case{"\xF5\x80\x80\x80", 0},    // cannot lead
                         Case{"tail \xE4\xBD", 5},       // cut at the end
                         Case{"\xE4\xBDx", 0}}) {        // cut by ASCII
        INFO(c.text);
        CHECK(first_invalid_utf8(c.text) == c.bad);
    }
}

TEST_CASE("utf8: agrees with the reference on random text around the 16-byte blocks", "[utf8]") {
    std::mt19937_64 rng(7);
    // Mostly valid text (ASCII runs, Chinese, emoji) with an occasional random byte, so
    // errors land at every offset, inside and across the fast path's 16-byte blocks.
    const std::string pieces[] = {"a", "Zhang Wei,", "0123456789abcdef", "张", "伟", "é", "\xF0\x9F\x98\x80", "\n"};
    for (int round = 0; round < 20000; ++round) {
        std::string s;
        const int parts = static_cast<int>(rng() % 40);
        for (int k = 0; k < parts; ++k) {
            if (rng() % 25 == 0) s.push_back(static_cast<char>(rng() & 0xFF));
            else s += pieces[rng() % std::size(pieces)];
        }
        INFO(s);
        REQUIRE(first_invalid_utf8(s) == reference(s));
        REQUIRE(clientele::text::is_valid_utf8(s) == (reference(s) == s.size()));
    }
}
