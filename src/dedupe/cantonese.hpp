// Internal: Chinese names written in Latin letters. Hong Kong records spell 陈大文 in
// Cantonese ("Chan Tai Man"), Taiwan ones in Wade-Giles ("Chen Ta-Wen"), mainland ones in
// pinyin; this says whether a romanized name is a reading of a Han one, syllable by
// syllable, and whether it is a Chinese name at all (an English name, "Kelvin", says
// nothing about 李思敏).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace clientele::matching {

/// The Hong Kong romanizations of a simplified Han character, space-separated ("chan chun"
/// for 陈), or "" when the table does not know it.
std::string_view cantonese_readings(char32_t cp);

/// Whether `s` (lower-case ASCII) splits into exactly `count` Mandarin or Cantonese syllables.
bool is_chinese_syllables(std::string_view s, int count);

/// How a romanized name reads a Han one.
enum class Reading : std::uint8_t {
    same,       ///< every syllable is a Mandarin or Cantonese reading of its character
    near,       ///< all but one, and that one off by a letter
    different,  ///< a Chinese name, but another one (Wing Yan for 嘉欣)
    unknown,    ///< not a Chinese name (an English one) or characters the table lacks
};

/// `han`: the simplified Han name (UTF-8); `pinyin`: its pinyin, syllables starting at the
/// bits of `pinyin_breaks` (bit k: a syllable starts at byte k); `latin`: the romanized
/// name, its tokens ("Tai Man", "Tai-Man") starting at the bits of `latin_breaks`.
Reading read_romanized(std::string_view han, std::string_view pinyin, std::uint32_t pinyin_breaks,
                       std::string_view latin, std::uint32_t latin_breaks);

/// Splits `s` at the bits of `breaks` (bit k: a part starts at byte k, k < 32) and calls
/// `part` with each; returns the number of parts.
template <class F>
int for_each_part(std::string_view s, std::uint32_t breaks, F part) {
    std::size_t start = 0;
    int n = 0;
    for (std::size_t k = 1; k <= s.size(); ++k) {
        if (k == s.size() || (k < 32 && (breaks >> k & 1u))) {
            part(s.substr(start, k - start));
            ++n;
            start = k;
        }
    }
    return n;
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions) if at most
/// `bound`, else bound + 1.
int bounded_osa(std::string_view a, std::string_view b, int bound);

}  // namespace clientele::matching
