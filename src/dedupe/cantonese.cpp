#include "dedupe/cantonese.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_set>
#include <vector>

#include "dedupe/records.hpp"
#include "text/utf8.hpp"

namespace clientele::matching {

namespace {

struct CantoneseEntry {
    char32_t cp;
    const char* readings;
};

#include "dedupe/cantonese_table.inc"

// The readings in sound-key form (records.hpp), so Wade-Giles and pinyin spellings meet
// (chih / zhi), and the set of every syllable, made once.
struct Syllables {
    std::vector<std::vector<std::string>> readings;  // parallel to kCantonese
    std::unordered_set<std::string> all;

    Syllables() {
        readings.resize(std::size(kCantonese));
        for (std::size_t i = 0; i < std::size(kCantonese); ++i) {
            std::string_view r = kCantonese[i].readings;
            for (std::size_t s = 0; s < r.size();) {
                std::size_t e = std::min(r.find(' ', s), r.size());
                readings[i].push_back(sound_key(r.substr(s, e - s)));
                all.insert(readings[i].back());
                s = e + 1;
            }
        }
        for (const char* p : kPinyinSyllables) all.insert(sound_key(p));
    }
};

const Syllables& syllables() {
    static const Syllables s;
    return s;
}

// Name characters with more than one Mandarin reading, the one names use often not being
// the one ICU gives (柏 is bai in 柏树 but bo in the name 柏翰, Po-Han in Taiwan).
std::string_view other_mandarin(char32_t cp) {
    static constexpr std::pair<char32_t, std::string_view> table[] = {
        {U'乐', "yue"}, {U'仇', "qiu"}, {U'区', "ou"}, {U'单', "shan"}, {U'卜', "bo"}, {U'句', "gou"},
        {U'召', "shao"}, {U'和', "huo"}, {U'员', "yun"}, {U'奇', "ji"}, {U'宿', "xiu"}, {U'尉', "yu"},
        {U'曾', "ceng"}, {U'朝', "zhao"}, {U'朴', "piao"}, {U'柏', "bo"}, {U'查', "zha"}, {U'沈', "chen"},
        {U'盖', "ge"}, {U'石', "dan"}, {U'秘', "bi"}, {U'缪', "miao"}, {U'翟', "zhai"}, {U'茜', "xi"},
        {U'莎', "suo"}, {U'薄', "bao"}, {U'蔚', "yu"}, {U'行', "hang"}, {U'覃', "qin"}, {U'解', "xie"},
        {U'都', "dou"}, {U'重', "chong"}, {U'长', "zhang"}, {U'晟', "cheng"}, {U'藏', "cang"}, {U'传', "zhuan"},
        {U'种', "chong"}, {U'折', "she"}, {U'广', "an"}, {U'家', "gu"}, {U'华', "hua"}, {U'大', "dai"},
        {U'车', "ju"}, {U'佳', "jia"}, {U'会', "kuai"}, {U'参', "shen"}, {U'调', "diao"}, {U'令', "ling"},
    };
    for (const auto& [c, r] : table)
        if (c == cp) return r;
    return {};
}

const std::vector<std::string>* readings_of(char32_t cp) {
    auto it = std::lower_bound(std::begin(kCantonese), std::end(kCantonese), cp,
                               [](const CantoneseEntry& e, char32_t c) { return e.cp < c; });
    if (it == std::end(kCantonese) || it->cp != cp) return nullptr;
    return &syllables().readings[static_cast<std::size_t>(it - std::begin(kCantonese))];
}

// `s` is in sound-key form.
bool splits_into(std::string_view s, int count) {
    constexpr std::size_t kMaxSyllable = 6;
    if (count <= 0 || s.size() > 48) return false;
    // reach[i]: bit p set when s[0, p) splits into i syllables.
    std::array<std::uint64_t, 9> reach{};
    if (count >= static_cast<int>(reach.size())) return false;
    reach[0] = 1;
    const auto& all = syllables().all;
    std::string piece;
    for (int i = 0; i < count; ++i)
        for (std::size_t p = 0; p < s.size(); ++p) {
            if (!(reach[i] >> p & 1u)) continue;
            for (std::size_t len = 1; len <= kMaxSyllable && p + len <= s.size(); ++len) {
                piece.assign(s.substr(p, len));
                if (all.count(piece)) reach[i + 1] |= std::uint64_t{1} << (p + len);
            }
        }
    return reach[count] >> s.size() & 1u;
}

}  // namespace

std::string_view cantonese_readings(char32_t cp) {
    auto it = std::lower_bound(std::begin(kCantonese), std::end(kCantonese), cp,
                               [](const CantoneseEntry& e, char32_t c) { return e.cp < c; });
    return it == std::end(kCantonese) || it->cp != cp ? std::string_view() : std::string_view(it->readings);
}

bool is_chinese_syllables(std::string_view s, int count) { return splits_into(sound_key(s), count); }

int bounded_osa(std::string_view a, std::string_view b, int bound) {
    int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
    if (std::abs(la - lb) > bound) return bound + 1;
    if (la > 64 || lb > 64) return a == b ? 0 : bound + 1;
    int d[3][65];  // rows i-2, i-1, i (rolling)
    for (int j = 0; j <= lb; ++j) d[1][j] = j;
    for (int i = 1; i <= la; ++i) {
        int* cur = d[(i + 1) % 3];
        const int* prev = d[i % 3];
        const int* prev2 = d[(i + 2) % 3];
        cur[0] = i;
        int row_min = i;
        for (int j = 1; j <= lb; ++j) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
            cur[j] = v;
            row_min = std::min(row_min, v);
        }
        if (row_min > bound) return bound + 1;
    }
    return std::min(d[(la + 1) % 3][lb], bound + 1);
}

Reading read_romanized(std::string_view han, std::string_view pinyin, std::uint32_t pinyin_breaks,
                       std::string_view latin, std::uint32_t latin_breaks) {
    constexpr int kMaxChars = 6;
    char32_t chars[kMaxChars];
    int n = 0;
    for (std::size_t i = 0; i < han.size();) {
        if (n == kMaxChars) return Reading::unknown;
        chars[n++] = text::next_code_point(han, i);
    }
    // Each character's candidates: its pinyin and its Cantonese readings, as sound keys.
    std::array<std::string, kMaxChars> mandarin, mandarin2;
    int parts = 0;
    if (for_each_part(pinyin, pinyin_breaks, [&](std::string_view p) {
            if (parts < kMaxChars) mandarin[parts] = sound_key(p);
            ++parts;
        }) != n || n == 0)
        return Reading::unknown;
    // The romanized name in sound-key form, token by token (the rules look at neighbours).
    std::string l;
    for_each_part(latin, latin_breaks, [&](std::string_view t) { l += sound_key(t); });
    if (l.empty() || l.size() > 48) return Reading::unknown;

    bool all_known = true;
    const std::vector<std::string>* canto[kMaxChars];
    for (int i = 0; i < n; ++i) {
        canto[i] = readings_of(chars[i]);
        all_known = all_known && canto[i];
        if (auto other = other_mandarin(chars[i]); !other.empty()) mandarin2[i] = sound_key(other);
    }
    // reach[e][i]: bit p set when l[0, p) reads the first i characters with e near misses.
    std::array<std::array<std::uint64_t, kMaxChars + 1>, 2> reach{};
    reach[0][0] = 1;
    auto step = [&](int i, std::size_t p, int e, const std::string& s) {
        if (l.compare(p, s.size(), s) == 0) reach[e][i + 1] |= std::uint64_t{1} << (p + s.size());
        if (e == 0 && s.size() >= 3)
            for (std::size_t len = s.size() - 1; len <= s.size() + 1 && p + len <= l.size(); ++len)
                if (bounded_osa(std::string_view(l).substr(p, len), s, 1) <= 1)
                    reach[1][i + 1] |= std::uint64_t{1} << (p + len);
    };
    for (int i = 0; i < n; ++i)
        for (int e = 0; e < 2; ++e)
            for (std::size_t p = 0; p < l.size(); ++p) {
                if (!(reach[e][i] >> p & 1u)) continue;
                step(i, p, e, mandarin[i]);
                if (!mandarin2[i].empty()) step(i, p, e, mandarin2[i]);
                if (canto[i])
                    for (const std::string& s : *canto[i]) step(i, p, e, s);
            }
    if (reach[0][n] >> l.size() & 1u) return Reading::same;
    if (reach[1][n] >> l.size() & 1u) return Reading::near;
    // Another name only when it is a Chinese one and every character's Cantonese was known.
    return all_known && splits_into(l, n) ? Reading::different : Reading::unknown;
}

}  // namespace clientele::matching
