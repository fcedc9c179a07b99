#include "dedupe/compare.hpp"

#include "dedupe/cantonese.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace clientele::matching {

double jaro_winkler(std::string_view a, std::string_view b) {
    if (a.empty() || b.empty()) return 0;
    if (a == b) return 1;
    constexpr std::size_t kMax = 64;
    std::size_t la = std::min(a.size(), kMax), lb = std::min(b.size(), kMax);
    std::size_t range = std::max(la, lb) / 2;
    range = range > 0 ? range - 1 : 0;
    bool ma[kMax] = {}, mb[kMax] = {};
    std::size_t matches = 0;
    for (std::size_t i = 0; i < la; ++i) {
        std::size_t lo = i > range ? i - range : 0, hi = std::min(lb, i + range + 1);
        for (std::size_t j = lo; j < hi; ++j) {
            if (!mb[j] && a[i] == b[j]) {
                ma[i] = mb[j] = true;
                ++matches;
                break;
            }
        }
    }
    if (matches == 0) return 0;
    std::size_t t = 0, k = 0;
    for (std::size_t i = 0; i < la; ++i) {
        if (!ma[i]) continue;
        while (!mb[k]) ++k;
        if (a[i] != b[k]) ++t;
        ++k;
    }
    double m = static_cast<double>(matches);
    double jaro = (m / la + m / lb + (m - t / 2.0) / m) / 3.0;
    std::size_t prefix = 0;
    while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix]) ++prefix;
    return jaro + prefix * 0.1 * (1 - jaro);
}

int bounded_levenshtein(std::string_view a, std::string_view b, int bound) {
    int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
    if (std::abs(la - lb) > bound) return bound + 1;
    if (la > 64 || lb > 64) return a == b ? 0 : bound + 1;
    int prev[65], cur[65];
    for (int j = 0; j <= lb; ++j) prev[j] = j;
    for (int i = 1; i <= la; ++i) {
        cur[0] = i;
        int row_min = cur[0];
        for (int j = 1; j <= lb; ++j) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > bound) return bound + 1;
        std::memcpy(prev, cur, sizeof(int) * (lb + 1));
    }
    return std::min(prev[lb], bound + 1);
}

const char* field_name(int f) {
    static const char* names[kFieldCount] = {"given_name", "family_name", "birthday", "email", "phone",
                                             "street", "street2", "city_postcode", "company"};
    return names[f];
}

const char* level_name(int f, int l) {
    if (l == 0) return "missing";
    switch (f) {
        case kGiven:
        case kFamily: {
            static const char* n[] = {"", "exact", "same sound (pinyin/alias)", "jaro-winkler >= 0.92",
                                      "jaro-winkler >= 0.80 or initial", "different"};
            return n[l];
        }
        case kBirthday: {
            static const char* n[] = {"", "exact", "near (swap, typos, year or day)", "different"};
            return n[l];
        }
        case kEmail: {
            static const char* n[] = {"", "exact", "same user name with digits", "different"};
            return n[l];
        }
        case kPhone: {
            static const char* n[] = {"", "exact", "last 8 digits or one digit", "different"};
            return n[l];
        }
        case kStreet: {
            static const char* n[] = {"", "exact", "most words", "some words", "same road, another number",
                                      "different"};
            return n[l];
        }
        case kStreet2:
        case kCompany: {
            static const char* n[] = {"", "exact", "similar", "different"};
            return n[l];
        }
        default: {
            static const char* n[] = {"", "postcode and city", "postcode", "city", "postcode one digit",
                                      "different"};
            return n[l];
        }
    }
}

namespace {

// How well two name parts agree, cheaply, to choose the reading and orientation (the level
// itself is computed once afterwards): equal or same alt key, else same first letter.
double name_similarity(std::string_view a, std::string_view b, std::string_view a_alt, std::string_view b_alt) {
    if (a.empty() || b.empty()) return 0;
    if (a == b || a_alt == b_alt) return 1;
    if (a[0] == b[0]) return a.size() > 1 && b.size() > 1 && a[1] == b[1] ? 0.6 : 0.5;
    return 0;
}

// One side of a compared name part.
struct NamePart {
    const std::string& key;  // pinyin / ASCII
    const std::string& han;
    const std::string& alt;
    std::uint32_t breaks;
};

// Whether two syllables or name tokens are one typed two ways: a letter off or swapped
// (Chih / Chi, Mnig / Ming), the same sound (Hsin / Xin), or a nickname.
bool same_token(std::string_view a, std::string_view b) {
    if (a == b) return true;
    if (bounded_osa(a, b, 1) <= 1 && std::min(a.size(), b.size()) >= 2) return true;
    std::string ka = sound_key(a), kb = sound_key(b);
    return ka == kb || nickname_canonical(std::string(a)) == nickname_canonical(std::string(b));
}

// Given names of two or more tokens of which some agree and some are plainly other
// words: Wing Yan / Wing Hong, Chia-Hui / Chia-Ying, Mary Ann / Mary Beth. Brothers and
// sisters are named so; one person is not.
bool sibling_tokens(const NamePart& a, const NamePart& b) {
    if (a.breaks == 0 || b.breaks == 0) return false;
    std::string_view ta[8], tb[8];
    int na = 0, nb = 0;
    for_each_part(a.key, a.breaks, [&](std::string_view t) { if (na < 8) ta[na] = t; ++na; });
    for_each_part(b.key, b.breaks, [&](std::string_view t) { if (nb < 8) tb[nb] = t; ++nb; });
    if (na != nb || na > 8) return false;
    int agree = 0, differ = 0;
    for (int i = 0; i < na; ++i) (same_token(ta[i], tb[i]) ? agree : differ)++;
    return agree > 0 && differ > 0;
}

std::uint8_t name_level(const NamePart& a, const NamePart& b, bool given) {
    if (a.key.empty() || b.key.empty()) return 0;
    if (!a.han.empty() && !b.han.empty()) {
        if (a.han == b.han) return 1;
        if (a.key == b.key || a.alt == b.alt) return 2;  // homophones: 张伟 / 张维
        // One character of two or more replaced by one that sounds nearly alike (马琳倩 /
        // 马玲倩: lin and ling, as many say them) may be a slip; by another word, it is
        // another name: 梁晓彤 and 梁晓琳 are sisters. A one-character name replaced is
        // another name (江 / 许, shi / xu are one letter apart in sound but not alike).
        if (a.han.size() == b.han.size() && a.han.size() >= 6) {
            std::size_t diff = 0, at = 0;
            for (std::size_t i = 0; i < a.han.size(); i += 3)
                if (a.han.compare(i, 3, b.han, i, 3) != 0) ++diff, at = i / 3;
            if (diff == 1) {
                std::string_view sa, sb;
                std::size_t k = 0;
                for_each_part(a.key, a.breaks, [&](std::string_view p) { if (k++ == at) sa = p; });
                k = 0;
                for_each_part(b.key, b.breaks, [&](std::string_view p) { if (k++ == at) sb = p; });
                if (!sa.empty() && !sb.empty() && bounded_osa(sound_key(sa), sound_key(sb), 1) <= 1) return 4;
            }
        }
        return 5;
    } else if (a.key == b.key) {
        return 1;
    }
    if (a.alt == b.alt) return 2;
    // A Han name and a romanized one: syllable by syllable in pinyin, Wade-Giles or
    // Cantonese (陈志伟 / Chan Chi Wai / Chen Chih-Wei); another Chinese name is another
    // person, an English one ("Kelvin" for 李思敏) says nothing.
    if (a.han.empty() != b.han.empty()) {
        const NamePart& h = a.han.empty() ? b : a;
        const NamePart& l = a.han.empty() ? a : b;
        switch (read_romanized(h.han, h.key, h.breaks, l.key, l.breaks)) {
            case Reading::same: return 2;
            case Reading::near: return 4;
            case Reading::different: return 5;
            case Reading::unknown: break;
        }
    } else if (given && sibling_tokens(a, b)) {
        return 5;
    }
    const std::string &x = a.key, &y = b.key;
    // One side an initial ("J" / "John"), or one a prefix of the other ("Chris" / "Christine").
    if ((x.size() == 1 || y.size() == 1) && x[0] == y[0]) return 4;
    double jw = jaro_winkler(x, y);
    if (jw >= 0.92) return 3;
    // Short names: Ze / Zoe; a slip of two letters swapped: Lkuas / Lukas; a slip in a
    // name whose nickname is on the other side (Atnhony / Tony, Andrrew / Drew).
    if (jw >= 0.80 || bounded_osa(x, y, 1) <= 1 || (std::min(a.alt.size(), b.alt.size()) >= 4 &&
                                                    bounded_osa(a.alt, b.alt, 1) <= 1))
        return 4;
    std::size_t shorter = std::min(x.size(), y.size());
    if (shorter >= 3 && x.compare(0, shorter, y, 0, shorter) == 0) return 4;
    // A Han given name and a romanized one that is no reading we know: no evidence.
    if (given && (a.han.empty() != b.han.empty())) return 0;
    return 5;
}

bool date_swap(const std::string& a, const std::string& b) {
    // YYYYMMDD with month and day exchanged.
    return a.compare(0, 4, b, 0, 4) == 0 && a.compare(4, 2, b, 6, 2) == 0 && a.compare(6, 2, b, 4, 2) == 0;
}

template <class F>
std::uint8_t best_of(const MultiColumn& c, std::size_t a, std::size_t b, F level) {
    std::size_t na = c.count(a), nb = c.count(b);
    if (na == 0 || nb == 0) return 0;
    std::uint8_t best = 255;
    for (std::size_t i = 0; i < na; ++i)
        for (std::size_t j = 0; j < nb; ++j) best = std::min(best, level(c.at(a, i), c.at(b, j)));
    return best;
}

}  // namespace

namespace {

// The first run of digits in an address line: its house number, or "".
std::string_view house_number(const std::string& s) {
    auto i = s.find_first_of("0123456789");
    if (i == std::string::npos) return {};
    auto e = s.find_first_not_of("0123456789", i);
    return std::string_view(s).substr(i, e == std::string::npos ? std::string::npos : e - i);
}

// The ASCII letters of an address line, lower case (its words run together, numbers dropped).
std::string address_letters(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (c & 0x80) return {};  // a Han or other non-Latin line: its bigrams compare it
        if (std::isalpha(c)) out += static_cast<char>(std::tolower(c));
    }
    return out;
}

bool same_line(const std::string& x, const std::string& y) {
    std::string lx = address_letters(x), ly = address_letters(y);
    return lx.size() >= 4 && ly.size() >= 4 && (lx == ly || jaro_winkler(lx, ly) >= 0.92);
}

bool address_lines_swapped(const std::string& street_a, const std::string& line2_a, const std::string& street_b,
                           const std::string& line2_b) {
    return same_line(street_a, line2_b) && same_line(line2_a, street_b);
}

}  // namespace

Comparison compare(const PreparedRecords& r, std::size_t a, std::size_t b) {
    Comparison out;
    Levels& L = out.levels;

    // Names: the reading pair and orientation that agree best.
    double best = -1;
    int ra_best = 0, rb_best = 0;
    bool swap_best = false;
    for (int ra = 0; ra < 2; ++ra) {
        const NameColumns& A = r.names[ra];
        if (ra == 1 && A.family[a].empty()) break;
        for (int rb = 0; rb < 2; ++rb) {
            const NameColumns& B = r.names[rb];
            if (rb == 1 && B.family[b].empty()) break;
            for (int sw = 0; sw < 2; ++sw) {
                const std::string& bf = sw ? B.given[b] : B.family[b];
                const std::string& bg = sw ? B.family[b] : B.given[b];
                const std::string& bf_alt = sw ? B.given_alt[b] : B.family_alt[b];
                const std::string& bg_alt = sw ? B.family_alt[b] : B.given_alt[b];
                double s = name_similarity(A.family[a], bf, A.family_alt[a], bf_alt) +
                           name_similarity(A.given[a], bg, A.given_alt[a], bg_alt) - (sw ? 0.01 : 0);
                if (s > best) best = s, ra_best = ra, rb_best = rb, swap_best = sw;
                if (best >= 2) break;  // both parts agree: no reading can do better
            }
            if (best >= 2) break;
        }
        if (best >= 2) break;
    }
    {
        const NameColumns& A = r.names[ra_best];
        const NameColumns& B = r.names[rb_best];
        bool sw = swap_best;
        NamePart af{A.family[a], A.family_han[a], A.family_alt[a], A.family_breaks[a]};
        NamePart ag{A.given[a], A.given_han[a], A.given_alt[a], A.given_breaks[a]};
        NamePart bf{B.family[b], B.family_han[b], B.family_alt[b], B.family_breaks[b]};
        NamePart bg{B.given[b], B.given_han[b], B.given_alt[b], B.given_breaks[b]};
        L[kFamily] = name_level(af, sw ? bg : bf, false);
        L[kGiven] = name_level(ag, sw ? bf : bg, true);
        out.reading_a = static_cast<std::uint8_t>(ra_best);
        out.swapped = sw;
    }

    {
        const std::string &x = r.birthday[a], &y = r.birthday[b];
        if (x.empty() || y.empty()) L[kBirthday] = 0;
        else if (x == y) L[kBirthday] = 1;
        // Near: day and month swapped, up to two digits mistyped, or one of year and
        // month-day kept whole (a wrong year typed, or a wrong day of the right month).
        else if (date_swap(x, y) || bounded_levenshtein(x, y, 2) <= 2 || x.compare(4, 4, y, 4, 4) == 0 ||
                 x.compare(0, 6, y, 0, 6) == 0)
            L[kBirthday] = 2;
        else L[kBirthday] = 3;
    }
    L[kEmail] = best_of(r.emails, a, b, [&](const std::string& x, const std::string& y) -> std::uint8_t {
        // Only the whole address: user names are mostly made of the person's name
        // (zhangjing@163.com, zhangjing@outlook.com), so agreeing on them says little the
        // name comparison has not already said, and namesakes share them.
        if (x == y) return 1;
        auto lx = std::string_view(x).substr(0, x.find('@')), ly = std::string_view(y).substr(0, y.find('@'));
        if (lx == ly && x.substr(x.find('@')) != y.substr(y.find('@')) && std::any_of(lx.begin(), lx.end(), [](char c) {
                return c >= '0' && c <= '9';
            }) && lx.size() >= 6)
            return 2;  // same user name with digits (zhangjing1986@...), another provider
        return 3;
    });
    L[kPhone] = best_of(r.phones, a, b, [](const std::string& x, const std::string& y) -> std::uint8_t {
        if (x == y) return 1;
        if (x.size() >= 8 && y.size() >= 8 && x.compare(x.size() - 8, 8, y, y.size() - 8, 8) == 0) return 2;
        if (x.size() == y.size() && bounded_levenshtein(x, y, 1) <= 1) return 2;
        return 3;
    });
    {
        const std::string &x = r.street[a], &y = r.street[b];
        if (x.empty() || y.empty()) L[kStreet] = 0;
        else if (x == y) L[kStreet] = 1;
        else {
            // Jaccard over the sorted token lists.
            std::size_t i = r.street_tokens.offsets[a], ie = r.street_tokens.offsets[a + 1];
            std::size_t j = r.street_tokens.offsets[b], je = r.street_tokens.offsets[b + 1];
            std::size_t na = ie - i, nb = je - j, common = 0;
            while (i < ie && j < je) {
                int c = r.street_tokens.values[i].compare(r.street_tokens.values[j]);
                if (c == 0) ++common, ++i, ++j;
                else if (c < 0) ++i;
                else ++j;
            }
            double jac = (na + nb - common) ? static_cast<double>(common) / (na + nb - common) : 0;
            // Same road, another house number: a neighbour, not the same address.
            auto nx = house_number(x), ny = house_number(y);
            bool other_number = !nx.empty() && !ny.empty() && nx != ny;
            // Jaro-Winkler (the costly part) only when the words do not decide: it catches
            // words run together ("pridhamstreet") and typos inside words.
            // (Not for Han addresses: their bigrams already are the fuzzy comparison.)
            bool ascii = std::all_of(x.begin(), x.end(), [](char c) { return (c & 0x80) == 0; }) &&
                         std::all_of(y.begin(), y.end(), [](char c) { return (c & 0x80) == 0; });
            double jw = jac >= 0.6 || !ascii ? jac : jaro_winkler(x, y);
            // A level of its own for the neighbour, so the model learns what it is worth:
            // little where house numbers are mistyped (FEBRL), against where namesakes live
            // along the same road.
            bool similar = jac >= 0.3 || jw >= 0.85;
            if (!other_number && (jac >= 0.6 || jw >= 0.95)) L[kStreet] = 2;
            else if (similar && !other_number) L[kStreet] = 3;
            else if (similar) L[kStreet] = 4;
            else L[kStreet] = 5;
        }
    }
    {
        const std::string &x = r.street2[a], &y = r.street2[b];
        if (x.empty() || y.empty()) L[kStreet2] = 0;
        else if (x == y) L[kStreet2] = 1;
        else if (jaro_winkler(x, y) >= 0.88) L[kStreet2] = 2;
        else L[kStreet2] = 3;
    }
    // The two address lines typed the other way round ("15 wybel anah" / "violet grover
    // place" against "146 violet grover place" / "wybelanah"): each line is compared with
    // the other record's other line, by its letters alone.
    if (L[kStreet] == kLevels[kStreet] - 1 && L[kStreet2] == kLevels[kStreet2] - 1 &&
        address_lines_swapped(r.street[a], r.street2[a], r.street[b], r.street2[b])) {
        auto nx = house_number(r.street[a]).empty() ? house_number(r.street2[a]) : house_number(r.street[a]);
        auto ny = house_number(r.street[b]).empty() ? house_number(r.street2[b]) : house_number(r.street[b]);
        L[kStreet] = !nx.empty() && !ny.empty() && nx != ny ? 4 : 2;
        L[kStreet2] = 2;
    }
    {
        const std::string &pa = r.postcode[a], &pb = r.postcode[b], &ca = r.city[a], &cb = r.city[b];
        bool has_p = !pa.empty() && !pb.empty(), has_c = !ca.empty() && !cb.empty();
        bool p_eq = has_p && pa == pb;
        bool c_eq = has_c && (ca == cb || jaro_winkler(ca, cb) >= 0.9);
        if (!has_p && !has_c) L[kLocality] = 0;
        else if (p_eq && (c_eq || !has_c)) L[kLocality] = 1;
        else if (p_eq) L[kLocality] = 2;
        else if (c_eq) L[kLocality] = 3;
        else if (has_p && pa.size() == pb.size() && bounded_levenshtein(pa, pb, 1) <= 1) L[kLocality] = 4;
        else L[kLocality] = 5;
    }
    {
        const std::string &x = r.company[a], &y = r.company[b];
        if (x.empty() || y.empty()) L[kCompany] = 0;
        else if (x == y) L[kCompany] = 1;
        else if (jaro_winkler(x, y) >= 0.9 ||
                 (std::min(x.size(), y.size()) >= 8 && (x.find(y) != std::string::npos || y.find(x) != std::string::npos)))
            L[kCompany] = 2;  // one name inside the other: 天津恒通电子商务 / 恒通电子商务
        else L[kCompany] = 3;
    }
    return out;
}

}  // namespace clientele::matching
