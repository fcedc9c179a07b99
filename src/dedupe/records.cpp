#include "dedupe/records.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <thread>
#include <unordered_map>

#include "clientele/error.hpp"
#include "clientele/normalize.hpp"
#include "dedupe/romanizer.hpp"
#include "text/utf8.hpp"

namespace clientele::matching {

namespace {

// ---- tables -----------------------------------------------------------------------------

// Common English (and a few European) short forms, each to one canonical given name; the
// comparison treats two given names with the same canonical form as equal.
const std::unordered_map<std::string_view, std::string_view>& nicknames() {
    static const std::unordered_map<std::string_view, std::string_view> table = {
        {"bob", "robert"}, {"bobby", "robert"}, {"rob", "robert"}, {"robbie", "robert"}, {"bert", "robert"},
        {"bill", "william"}, {"billy", "william"}, {"will", "william"}, {"willy", "william"}, {"liam", "william"},
        {"rick", "richard"}, {"ricky", "richard"}, {"dick", "richard"}, {"rich", "richard"}, {"richie", "richard"},
        {"jim", "james"}, {"jimmy", "james"}, {"jamie", "james"}, {"mike", "michael"}, {"mick", "michael"},
        {"mikey", "michael"}, {"tom", "thomas"}, {"tommy", "thomas"}, {"chris", "christopher"},
        {"kit", "christopher"}, {"dan", "daniel"}, {"danny", "daniel"}, {"matt", "matthew"},
        {"matty", "matthew"}, {"tony", "anthony"}, {"andy", "andrew"}, {"drew", "andrew"},
        {"josh", "joshua"}, {"ed", "edward"}, {"eddie", "edward"}, {"ted", "edward"}, {"teddy", "edward"},
        {"ned", "edward"}, {"sam", "samuel"}, {"sammy", "samuel"}, {"ben", "benjamin"}, {"benny", "benjamin"},
        {"joe", "joseph"}, {"joey", "joseph"}, {"liz", "elizabeth"}, {"lizzie", "elizabeth"},
        {"beth", "elizabeth"}, {"betty", "elizabeth"}, {"eliza", "elizabeth"}, {"betsy", "elizabeth"},
        {"libby", "elizabeth"}, {"pat", "patricia"}, {"patty", "patricia"}, {"trish", "patricia"},
        {"tricia", "patricia"}, {"jen", "jennifer"}, {"jenny", "jennifer"}, {"jenn", "jennifer"},
        {"sue", "susan"}, {"susie", "susan"}, {"jess", "jessica"}, {"jessie", "jessica"},
        {"kate", "katherine"}, {"kathy", "katherine"}, {"katie", "katherine"}, {"kat", "katherine"},
        {"catherine", "katherine"}, {"kathryn", "katherine"}, {"cathy", "katherine"}, {"kathi", "katharina"},
        {"maggie", "margaret"}, {"peggy", "margaret"}, {"meg", "margaret"}, {"becky", "rebecca"},
        {"becca", "rebecca"}, {"charlie", "charles"}, {"chuck", "charles"}, {"millie", "amelia"},
        {"liv", "olivia"}, {"alex", "alexander"}, {"sasha", "alexander"}, {"max", "maximilian"},
        {"paco", "francisco"}, {"pepe", "jose"}, {"manolo", "manuel"}, {"lola", "dolores"},
        {"nico", "nicolas"}, {"nick", "nicholas"}, {"nicky", "nicholas"}, {"basti", "sebastian"},
        {"tobi", "tobias"}, {"steve", "stephen"}, {"steven", "stephen"}, {"stevie", "stephen"},
        {"greg", "gregory"}, {"tim", "timothy"}, {"timmy", "timothy"}, {"jeff", "jeffrey"},
        {"geoff", "geoffrey"}, {"ken", "kenneth"}, {"kenny", "kenneth"}, {"larry", "lawrence"},
        {"ron", "ronald"}, {"ronnie", "ronald"}, {"don", "donald"}, {"donnie", "donald"},
        {"pete", "peter"}, {"phil", "philip"}, {"phillip", "philip"}, {"fred", "frederick"},
        {"freddie", "frederick"}, {"vicky", "victoria"}, {"vickie", "victoria"}, {"debbie", "deborah"},
        {"deb", "deborah"}, {"abby", "abigail"}, {"mandy", "amanda"}, {"sandy", "sandra"},
        {"cindy", "cynthia"}, {"tina", "christina"}, {"chrissy", "christina"}, {"nate", "nathan"},
        {"zach", "zachary"}, {"zack", "zachary"}, {"jack", "john"}, {"johnny", "john"}, {"jon", "john"},
        {"harry", "henry"}, {"hank", "henry"}, {"al", "albert"}, {"alf", "alfred"}, {"gus", "augustus"},
        {"ray", "raymond"}, {"walt", "walter"}, {"wally", "walter"}, {"frank", "francis"},
        {"frankie", "francis"}, {"gerry", "gerald"}, {"jerry", "gerald"}, {"len", "leonard"},
        {"lenny", "leonard"}, {"leo", "leonard"}, {"nat", "nathaniel"}, {"val", "valerie"},
        {"annie", "anne"}, {"ann", "anne"}, {"anna", "anne"}, {"nan", "anne"}, {"nancy", "anne"},
        {"molly", "mary"}, {"polly", "mary"}, {"mae", "mary"}, {"sally", "sarah"}, {"sara", "sarah"},
        {"terry", "terence"}, {"dave", "david"}, {"davy", "david"}, {"doug", "douglas"},
        {"hans", "johannes"}, {"sepp", "josef"}, {"joseph", "josef"}, {"franz", "franziskus"},
        {"fritz", "friedrich"}, {"gabi", "gabriele"}, {"steffi", "stefanie"}, {"lena", "magdalena"},
    };
    return table;
}

// Cantonese (Hong Kong) and Wade-Giles (Taiwan) spellings of common family names, to the
// pinyin of the same character, so "Chan" meets 陈 and "Hsu" meets 许.
const std::unordered_map<std::string_view, std::string_view>& family_aliases() {
    static const std::unordered_map<std::string_view, std::string_view> table = {
        {"chan", "chen"}, {"wong", "huang"}, {"cheung", "zhang"}, {"chang", "zhang"}, {"lau", "liu"},
        {"lee", "li"}, {"ng", "wu"}, {"leung", "liang"}, {"tsang", "zeng"}, {"tseng", "zeng"},
        {"lam", "lin"}, {"yip", "ye"}, {"ip", "ye"}, {"yeh", "ye"}, {"chow", "zhou"}, {"chou", "zhou"},
        {"tse", "xie"}, {"hsieh", "xie"}, {"kwok", "guo"}, {"kuo", "guo"}, {"lo", "luo"}, {"law", "luo"},
        {"yeung", "yang"}, {"fung", "feng"}, {"choi", "cai"}, {"tsai", "cai"}, {"choy", "cai"},
        {"mak", "mai"}, {"poon", "pan"}, {"siu", "xiao"}, {"hsiao", "xiao"}, {"tam", "tan"},
        {"kwan", "guan"}, {"chu", "zhu"}, {"hui", "xu"}, {"hsu", "xu"}, {"tsui", "xu"}, {"ho", "he"},
        {"ko", "gao"}, {"kao", "gao"}, {"so", "su"}, {"hung", "hong"}, {"chiu", "qiu"}, {"chuang", "zhuang"},
        {"chien", "jian"}, {"chiang", "jiang"}, {"kong", "jiang"}, {"tsao", "cao"}, {"tso", "cao"},
        {"wu", "wu"}, {"yuen", "yuan"}, {"tong", "tang"}, {"szeto", "situ"}, {"au", "ou"}, {"auyeung", "ouyang"},
        {"chung", "zhong"}, {"cheng", "zheng"}, {"tang", "deng"}, {"chiou", "qiu"}, {"liao", "liao"},
        {"hsueh", "xue"}, {"sit", "xue"}, {"shih", "shi"}, {"sze", "shi"}, {"chai", "chai"}, {"koo", "gu"},
        {"ku", "gu"}, {"lai", "lai"}, {"yung", "weng"}, {"man", "wen"}, {"mok", "mo"}, {"fong", "fang"},
        {"kwong", "kuang"}, {"lui", "lu"}, {"lu", "lu"}, {"lü", "lu"}, {"tsoi", "cai"},
    };
    return table;
}

// Two-character family names, so 欧阳娜娜 splits as 欧阳 + 娜娜.
bool is_compound_surname(std::u32string_view s) {
    static const std::array<std::u32string_view, 20> table = {
        U"欧阳", U"司马", U"诸葛", U"上官", U"司徒", U"东方", U"皇甫", U"令狐", U"慕容", U"尉迟",
        U"公孙", U"夏侯", U"长孙", U"宇文", U"轩辕", U"西门", U"南宫", U"独孤", U"澹台", U"端木"};
    return std::find(table.begin(), table.end(), s) != table.end();
}

bool is_title(std::string_view t) {
    static const std::array<std::string_view, 12> table = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir",
                                                           "jr", "sr", "ii", "iii", "mme"};
    return std::find(table.begin(), table.end(), t) != table.end();
}

// Street words to one spelling (English, German, French, Spanish abbreviations).
std::string_view street_word(std::string_view w) {
    static const std::unordered_map<std::string_view, std::string_view> table = {
        {"st", "street"}, {"str", "strasse"}, {"straße", "strasse"}, {"rd", "road"}, {"ave", "avenue"},
        {"av", "avenue"}, {"dr", "drive"}, {"ln", "lane"}, {"ct", "court"}, {"crt", "court"}, {"pl", "place"},
        {"cres", "crescent"}, {"cr", "crescent"}, {"hwy", "highway"}, {"blvd", "boulevard"}, {"bd", "boulevard"},
        {"sq", "square"}, {"ter", "terrace"}, {"tce", "terrace"}, {"cl", "close"}, {"cct", "circuit"},
        {"pde", "parade"}, {"gr", "grove"}, {"pkwy", "parkway"}, {"wy", "way"}, {"mt", "mount"},
        {"apt", "apartment"}, {"fl", "floor"}, {"flr", "floor"}, {"n", "north"}, {"s", "south"},
        {"e", "east"}, {"w", "west"}, {"nth", "north"}, {"sth", "south"}, {"bldg", "building"},
        {"c", "calle"}, {"avda", "avenida"}, {"pza", "plaza"}, {"pl.", "place"}, {"bd.", "boulevard"},
    };
    auto it = table.find(w);
    return it == table.end() ? w : it->second;
}

// City names whose usual Latin spelling is not the pinyin of their characters.
std::string_view city_alias(std::string_view c) {
    static const std::unordered_map<std::string_view, std::string_view> table = {
        {"xianggang", "hongkong"}, {"taibei", "taipei"}, {"gaoxiong", "kaohsiung"}, {"taizhong", "taichung"},
        {"xinzhu", "hsinchu"}, {"aomen", "macau"}, {"macao", "macau"}, {"jiulong", "kowloon"},
        {"xinbei", "newtaipei"}, {"taoyuan", "taoyuan"}, {"peking", "beijing"}, {"canton", "guangzhou"},
        {"jilong", "keelung"}, {"zhongguo", "china"}, {"munchen", "munich"}, {"muenchen", "munich"},
        {"koln", "cologne"}, {"koeln", "cologne"}, {"wien", "vienna"},
    };
    auto it = table.find(c);
    return it == table.end() ? c : it->second;
}

void append_hash_token(std::vector<std::string>& out, std::string tok) {
    if (!tok.empty()) out.push_back(std::move(tok));
}

// ---- names --------------------------------------------------------------------------------

struct NameToken {
    std::string latin;     // ASCII key
    std::u32string han;    // simplified Han characters (empty for other scripts)
    std::uint32_t breaks = 0;  // where syllables (Han) or hyphenated parts start in `latin`
};

struct NameReading {
    std::string family, given;
    std::string family_han, given_han;
    std::uint32_t family_breaks = 0, given_breaks = 0;
};

void mark_break(std::uint32_t& breaks, std::size_t at) {
    if (at > 0 && at < 32) breaks |= std::uint32_t{1} << at;
}

std::string to_utf8(std::u32string_view s) {
    std::string out;
    for (char32_t c : s) text::append_utf8(out, c);
    return out;
}

class NameParser {
public:
    explicit NameParser(Romanizer& r) : r_(r) {}

    // Splits folded text into tokens; a Han run is one token, hyphens and apostrophes join.
    std::vector<NameToken> tokens(std::string_view raw, bool* comma = nullptr) {
        std::string s = r_.fold(raw);
        std::vector<NameToken> out;
        NameToken cur;
        bool cur_han = false;
        auto flush = [&] {
            if (!cur.latin.empty() && !is_title(cur.latin)) out.push_back(std::move(cur));
            cur = NameToken{};
            cur_han = false;
        };
        for (std::size_t i = 0; i < s.size();) {
            char32_t cp = text::next_code_point(s, i);
            if (cp < 0x80) {
                char c = static_cast<char>(cp);
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                    if (cur_han) flush();
                    cur.latin += c;
                } else if (c == '-' || c == '\'') {
                    // joins: Chih-Ming, O'Brien; a hyphen still parts syllables
                    if (c == '-') mark_break(cur.breaks, cur.latin.size());
                } else {
                    if (c == ',' && comma && out.empty() && !cur.latin.empty()) *comma = true;
                    flush();
                }
            } else if (is_han(cp)) {
                if (!cur_han) flush();
                cur_han = true;
                char32_t simple = r_.simplified(cp);
                cur.han += simple;
                mark_break(cur.breaks, cur.latin.size());
                cur.latin += r_.ascii(simple);
            } else if (cp == 0x00B7 || cp == 0x30FB || cp == 0x2027 || cp == 0x3000 || cp == 0xFF0C ||
                       cp == 0x3001) {
                flush();  // middle dots in transliterated names, ideographic space and commas
            } else {
                const std::string& a = r_.ascii(cp);
                if (a.empty()) {
                    if (cp >= 0x2000) flush();  // symbols, emoji: separators
                } else {
                    if (cur_han) flush();
                    cur.latin += a;
                }
            }
        }
        flush();
        return out;
    }

    static std::string join(const std::vector<NameToken>& t, std::size_t from, std::size_t to, bool han,
                            std::uint32_t* breaks = nullptr) {
        std::string out;
        for (std::size_t i = from; i < to; ++i) {
            if (breaks && !han) {
                mark_break(*breaks, out.size());
                if (out.size() < 32) *breaks |= t[i].breaks << out.size();
            }
            out += han ? to_utf8(t[i].han) : t[i].latin;
        }
        return out;
    }

    // Pinyin of Han characters with the syllable starts.
    std::string pinyin(std::u32string_view han, std::uint32_t& breaks) {
        std::string out;
        for (char32_t c : han) {
            mark_break(breaks, out.size());
            out += r_.ascii(c);
        }
        return out;
    }

    // A name written in Han alone: family = the (compound) surname, given = the rest; and,
    // for three characters or more without a space, the reading with the family name
    // last (杰毅罗, as a form with the fields swapped produces).
    int han_readings(const std::vector<NameToken>& t, NameReading out[2]) {
        if (!han_reading(t, out[0])) return 0;
        std::u32string all;
        for (auto& tok : t) all += tok.han;
        if (t.size() != 1 || all.size() < 3) return 1;
        std::u32string fam = all.substr(all.size() - 1), giv = all.substr(0, all.size() - 1);
        out[1].family_han = to_utf8(fam);
        out[1].given_han = to_utf8(giv);
        out[1].family = pinyin(fam, out[1].family_breaks);
        out[1].given = pinyin(giv, out[1].given_breaks);
        return 2;
    }

    bool han_reading(const std::vector<NameToken>& t, NameReading& out) {
        std::u32string all;
        for (auto& tok : t) {
            if (tok.han.empty()) return false;
            all += tok.han;
        }
        if (all.empty()) return false;
        std::size_t fam_len = 1;
        if (t.size() >= 2) fam_len = t[0].han.size();  // "陈 大文": the space says where
        else if (all.size() >= 3 && is_compound_surname(std::u32string_view(all).substr(0, 2))) fam_len = 2;
        if (fam_len >= all.size()) fam_len = all.size() == 1 ? 1 : all.size() - 1;
        std::u32string fam = all.substr(0, fam_len), giv = all.substr(fam_len);
        out.family_han = to_utf8(fam);
        out.given_han = to_utf8(giv);
        out.family = pinyin(fam, out.family_breaks);
        out.given = pinyin(giv, out.given_breaks);
        return true;
    }

    int readings(const MatchRecord& rec, NameReading out[2]) {
        if (!rec.family_name.empty() || !rec.given_name.empty()) {
            auto fam = tokens(rec.family_name), giv = tokens(rec.given_name);
            // The whole name typed into one of the two columns ("Chan Tai Man" as the given
            // name, 陈大文 as the family name): read it as a name column.
            if (fam.empty() != giv.empty()) {
                auto& lone = fam.empty() ? giv : fam;
                bool han = !lone[0].han.empty();
                if ((!han && lone.size() >= 2) || (han && lone.size() == 1 && lone[0].han.size() >= 3))
                    return name_readings(lone, false, out);
            }
            bool fh = !fam.empty() && !fam[0].han.empty(), gh = !giv.empty() && !giv[0].han.empty();
            out[0].family = join(fam, 0, fam.size(), false, &out[0].family_breaks);
            out[0].given = join(giv, 0, giv.size(), false, &out[0].given_breaks);
            if (fh) out[0].family_han = join(fam, 0, fam.size(), true);
            if (gh) out[0].given_han = join(giv, 0, giv.size(), true);
            if (out[0].family.empty() && out[0].given.empty()) return 0;
            return 1;
        }
        bool comma = false;
        auto t = tokens(rec.name, &comma);
        return name_readings(t, comma, out);
    }

    // Readings of a whole name: Han by its surname, "Family, Given" by the comma, else
    // family-last and family-first.
    int name_readings(const std::vector<NameToken>& t, bool comma, NameReading out[2]) {
        if (t.empty()) return 0;
        if (int n = han_readings(t, out)) return n;
        if (t.size() == 1) {
            out[0].family = t[0].latin;
            out[0].family_breaks = t[0].breaks;
            return 1;
        }
        if (comma) {  // "Family, Given"
            out[0].family = t[0].latin;
            out[0].family_breaks = t[0].breaks;
            out[0].given = join(t, 1, t.size(), false, &out[0].given_breaks);
            return 1;
        }
        out[0].family = t.back().latin;
        out[0].family_breaks = t.back().breaks;
        out[0].given = join(t, 0, t.size() - 1, false, &out[0].given_breaks);
        out[1].family = t.front().latin;
        out[1].family_breaks = t.front().breaks;
        out[1].given = join(t, 1, t.size(), false, &out[1].given_breaks);
        return 2;
    }

private:
    Romanizer& r_;
};

// ---- other fields -----------------------------------------------------------------------------

std::vector<std::string_view> split_values(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == ';' || s[i] == ',' || s[i] == '|') {
            auto v = text::trim(s.substr(start, i - start));
            if (!v.empty()) out.push_back(v);
            start = i + 1;
        }
    }
    return out;
}

std::string phone_key(std::string_view text_in, std::string_view region) {
    try {
        return normalize_phone(text_in, region);
    } catch (const Error&) {
        std::string digits;
        for (char c : text_in)
            if (c >= '0' && c <= '9') digits += c;
        return digits.size() >= 6 ? digits : std::string();
    }
}

std::string letters_digits(Romanizer& r, std::string_view s, bool romanize_han) {
    std::string f = r.fold(s), out;
    for (std::size_t i = 0; i < f.size();) {
        char32_t cp = text::next_code_point(f, i);
        if (cp < 0x80) {
            char c = static_cast<char>(cp);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
        } else if (is_han(cp)) {
            char32_t simple = r.simplified(cp);
            if (romanize_han) out += r.ascii(simple);
            else text::append_utf8(out, simple);
        } else {
            out += r.ascii(cp);
        }
    }
    return out;
}

std::string city_key(Romanizer& r, std::string_view s) {
    std::string f = r.fold(s);
    // Administrative suffixes: 北京市 = 北京, "Sydney City" = Sydney.
    std::u32string u;
    for (std::size_t i = 0; i < f.size();) u += text::next_code_point(f, i);
    while (u.size() > 2 && (u.back() == U'市' || u.back() == U'县' || u.back() == U'縣')) u.pop_back();
    std::string no_suffix = to_utf8(u);
    if (no_suffix.size() > 5 && no_suffix.ends_with(" city")) no_suffix.resize(no_suffix.size() - 5);
    std::string key = letters_digits(r, no_suffix, true);
    return std::string(city_alias(key));
}

// Street: folded, Han simplified, abbreviations expanded; tokens are the canonical words,
// digit runs, and bigrams of Han characters (Chinese addresses have no spaces).
void street_keys(Romanizer& r, std::string_view s, std::string& norm, std::vector<std::string>& toks) {
    std::string f = r.fold(s);
    std::string word;
    std::u32string han;
    auto flush_word = [&] {
        if (!word.empty()) {
            std::string w(street_word(word));
            if (!norm.empty()) norm += ' ';
            norm += w;
            append_hash_token(toks, std::move(w));
            word.clear();
        }
    };
    auto flush_han = [&] {
        if (!han.empty()) {
            std::string h = to_utf8(han);
            if (!norm.empty()) norm += ' ';
            norm += h;
            if (han.size() == 1) append_hash_token(toks, h);
            for (std::size_t i = 0; i + 1 < han.size(); ++i) append_hash_token(toks, to_utf8(han.substr(i, 2)));
            han.clear();
        }
    };
    bool digit_run = false;
    for (std::size_t i = 0; i < f.size();) {
        char32_t cp = text::next_code_point(f, i);
        if (cp < 0x80) {
            char c = static_cast<char>(cp);
            bool digit = c >= '0' && c <= '9';
            if ((c >= 'a' && c <= 'z') || digit) {
                flush_han();
                if (!word.empty() && digit != digit_run) flush_word();  // "12a" -> 12 a
                digit_run = digit;
                word += c;
            } else {
                flush_word();
                flush_han();
            }
        } else if (is_han(cp)) {
            flush_word();
            han += r.simplified(cp);
        } else {
            const std::string& a = r.ascii(cp);
            if (a.empty()) {
                flush_word();
                flush_han();
            } else {
                flush_han();
                if (!word.empty() && digit_run) flush_word();
                digit_run = false;
                word += a;
            }
        }
    }
    flush_word();
    flush_han();
    std::sort(toks.begin(), toks.end());
    toks.erase(std::unique(toks.begin(), toks.end()), toks.end());
}

// Company: without parenthesized branch names and legal forms, folded, Han simplified.
std::string company_key(Romanizer& r, std::string_view s) {
    std::string f = r.fold(s), kept;
    int depth = 0;
    for (std::size_t i = 0; i < f.size();) {
        std::size_t start = i;
        char32_t cp = text::next_code_point(f, i);
        if (cp == U'(' || cp == U'（') ++depth;
        else if ((cp == U')' || cp == U'）') && depth > 0) --depth;
        else if (depth == 0) kept.append(f, start, i - start);
    }
    static const std::array<std::string_view, 14> forms = {
        "股份有限公司", "有限责任公司", "有限公司", "(株)", "公司", " limited", " ltd", " llc", " inc",
        " gmbh", " co", " corp", " e.k.", " s.l."};
    for (bool again = true; again;) {
        again = false;
        while (!kept.empty() && (kept.back() == ' ' || kept.back() == '.' || kept.back() == ',')) kept.pop_back();
        for (auto form : forms)
            if (kept.size() > form.size() && kept.ends_with(form)) {
                kept.resize(kept.size() - form.size());
                again = true;
            }
    }
    return letters_digits(r, kept, false);
}

// One key for every spelling of a name part, the same for family and given names so a
// swapped name still meets: Cantonese / Wade-Giles family names to pinyin, nicknames to
// the full name, then the sound key (Bob -> robert -> ropert, Chan -> chen -> cen).
std::string name_alt(const std::string& key, bool han) {
    if (han) return sound_key(key);
    auto alias = family_aliases().find(key);
    std::string k = alias == family_aliases().end() ? key : std::string(alias->second);
    return sound_key(nickname_canonical(k));
}

void append(MultiColumn& to, MultiColumn&& from) {
    std::uint32_t base = to.offsets.back();
    for (auto& v : from.values) to.values.push_back(std::move(v));
    for (std::size_t i = 1; i < from.offsets.size(); ++i) to.offsets.push_back(base + from.offsets[i]);
}

template <class T>
void append(std::vector<T>& to, std::vector<T>&& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

void append(NameColumns& to, NameColumns&& from) {
    append(to.family, std::move(from.family));
    append(to.given, std::move(from.given));
    append(to.family_han, std::move(from.family_han));
    append(to.given_han, std::move(from.given_han));
    append(to.family_alt, std::move(from.family_alt));
    append(to.given_alt, std::move(from.given_alt));
    append(to.family_breaks, std::move(from.family_breaks));
    append(to.given_breaks, std::move(from.given_breaks));
}

void prepare_range(const std::vector<MatchRecord>& records, std::size_t from, std::size_t to,
                   const DedupeOptions& options, PreparedRecords& out, Romanizer* shared) {
    std::optional<Romanizer> own;
    Romanizer& r = shared ? *shared : own.emplace();
    NameParser parser(r);
    std::string default_region = options.default_region;
    for (auto& c : default_region) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (std::size_t i = from; i < to; ++i) {
        const MatchRecord& rec = records[i];
        NameReading rd[2];
        int n = parser.readings(rec, rd);
        for (int v = 0; v < 2; ++v) {
            NameColumns& c = out.names[v];
            const NameReading& x = rd[v];
            c.family.push_back(v < n ? x.family : std::string());
            c.given.push_back(v < n ? x.given : std::string());
            c.family_han.push_back(v < n ? x.family_han : std::string());
            c.given_han.push_back(v < n ? x.given_han : std::string());
            c.family_alt.push_back(name_alt(c.family.back(), !x.family_han.empty()));
            c.given_alt.push_back(name_alt(c.given.back(), !x.given_han.empty()));
            c.family_breaks.push_back(v < n ? x.family_breaks : 0);
            c.given_breaks.push_back(v < n ? x.given_breaks : 0);
        }
        for (auto v : split_values(rec.email)) {
            std::string e = canonical_email(v);
            if (e.empty()) continue;
            out.email_locals.values.push_back(e.substr(0, e.find('@')));
            out.emails.values.push_back(std::move(e));
        }
        out.emails.offsets.push_back(static_cast<std::uint32_t>(out.emails.values.size()));
        out.email_locals.offsets.push_back(static_cast<std::uint32_t>(out.email_locals.values.size()));

        std::string region = rec.country.size() == 2 ? rec.country : default_region;
        for (auto& c : region) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (region != default_region && !is_known_region(region)) region = default_region;
        for (auto v : split_values(rec.phone)) {
            std::string p = phone_key(v, region);
            if (!p.empty()) out.phones.values.push_back(std::move(p));
        }
        out.phones.offsets.push_back(static_cast<std::uint32_t>(out.phones.values.size()));

        std::string norm;
        std::vector<std::string> toks;
        street_keys(r, rec.street, norm, toks);
        out.street.push_back(std::move(norm));
        for (auto& t : toks) out.street_tokens.values.push_back(std::move(t));
        out.street_tokens.offsets.push_back(static_cast<std::uint32_t>(out.street_tokens.values.size()));
        out.street2.push_back(letters_digits(r, rec.street2, false));
        out.city.push_back(city_key(r, rec.city));
        std::string pc;
        for (char c : rec.postcode)
            if (std::isalnum(static_cast<unsigned char>(c))) pc += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out.postcode.push_back(std::move(pc));
        out.birthday.push_back(normalize_birthday(rec.birthday));
        out.company.push_back(company_key(r, rec.company));
    }
    out.size = to - from;
}

}  // namespace

std::string nickname_canonical(const std::string& given) {
    auto it = nicknames().find(given);
    return it == nicknames().end() ? given : std::string(it->second);
}

std::string sound_key(std::string_view s) {
    // Finals first (Wade-Giles -ien, -ung, -ih, -ieh; Cantonese -ee), then initials that
    // Wade-Giles writes without its apostrophes: ch/ts/tz/j/q/z/zh -> c, hs/sh/x -> s,
    // g -> k, b -> p, d -> t.
    std::string v(s);
    auto replace_all = [&](std::string_view from, std::string_view to) {
        for (std::size_t i = v.find(from); i != std::string::npos; i = v.find(from, i + to.size()))
            v.replace(i, from.size(), to);
    };
    replace_all("ieh", "ie");
    replace_all("ien", "ian");
    replace_all("yen", "yan");
    replace_all("ung", "ong");
    // Wade-Giles -ih ends a syllable (chih, shih): before a vowel the h starts the next
    // pinyin syllable (zhihao = zhi + hao) and stays.
    for (std::size_t i = v.find("ih"); i != std::string::npos; i = v.find("ih", i + 1))
        if (i + 2 >= v.size() || std::string_view("aeiouy").find(v[i + 2]) == std::string_view::npos) v.erase(i + 1, 1);
    replace_all("ee", "i");
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        char c = v[i], n = i + 1 < v.size() ? v[i + 1] : '\0';
        if ((c == 'c' || c == 'z' || c == 's') && n == 'h') { out += c == 's' ? 's' : 'c'; ++i; }
        else if (c == 'h' && n == 's') { out += 's'; ++i; }
        else if (c == 't' && (n == 's' || n == 'z')) { out += 'c'; ++i; }
        else if (c == 'j' || c == 'q' || c == 'z') out += 'c';
        else if (c == 'x') out += 's';
        else if (c == 'g') out += 'k';
        else if (c == 'b') out += 'p';
        else if (c == 'd') out += 't';
        else out += c;
    }
    return out;
}

std::string canonical_email(std::string_view text_in) {
    std::string e;
    try {
        e = normalize_email(text_in);
    } catch (const Error&) {
        return {};
    }
    auto at = e.find('@');
    std::string local = e.substr(0, at), domain = e.substr(at + 1);
    if (auto plus = local.find('+'); plus != std::string::npos && plus > 0) local.resize(plus);
    if (domain == "googlemail.com") domain = "gmail.com";
    if (domain == "gmail.com") std::erase(local, '.');
    return local + "@" + domain;
}

std::string normalize_birthday(std::string_view s) {
    // Up to three digit groups: Y M D (1990-01-27, 1990年1月27日), D M Y (27.01.1990,
    // 27/01/1990), or one 8-digit YYYYMMDD run (kept as is even when not a real date,
    // so a typo in it still compares digit by digit).
    int groups[3] = {0, 0, 0};
    std::size_t len[3] = {0, 0, 0};
    int n = 0;
    std::string run;
    auto flush = [&] {
        if (!run.empty()) {
            if (n < 3) {
                len[n] = run.size();
                groups[n] = run.size() <= 8 ? std::stoi(run) : 0;
            }
            ++n;
            run.clear();
        }
    };
    for (char c : s) {
        if (c >= '0' && c <= '9') run += c;
        else flush();
    }
    flush();
    char buf[16];
    if (n == 1 && len[0] == 8) {
        std::snprintf(buf, sizeof buf, "%08d", groups[0]);
        return std::string(buf);
    }
    if (n != 3) return {};
    int y, m, d;
    if (len[0] == 4) y = groups[0], m = groups[1], d = groups[2];
    else if (len[2] == 4) y = groups[2], d = groups[0], m = groups[1];
    else return {};
    if (m > 12 && d <= 12) std::swap(m, d);  // US order 03/28/1983
    if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31) return {};
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
    return std::string(buf);
}

PreparedRecords prepare(const std::vector<MatchRecord>& records, const DedupeOptions& options, unsigned threads,
                        Romanizer* shared) {
    std::size_t n = records.size();
    if (threads == 0) threads = 1;
    if (n < 2000 || shared) threads = 1;
    std::vector<PreparedRecords> parts(threads);
    std::vector<std::thread> pool;
    std::vector<std::exception_ptr> errors(threads);
    for (unsigned t = 0; t < threads; ++t) {
        std::size_t from = n * t / threads, to = n * (t + 1) / threads;
        auto work = [&, t, from, to] {
            try {
                prepare_range(records, from, to, options, parts[t], shared);
            } catch (...) {
                errors[t] = std::current_exception();
            }
        };
        if (threads == 1) work();
        else pool.emplace_back(work);
    }
    for (auto& th : pool) th.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
    PreparedRecords out;
    for (auto& p : parts) {
        for (int v = 0; v < 2; ++v) append(out.names[v], std::move(p.names[v]));
        append(out.emails, std::move(p.emails));
        append(out.email_locals, std::move(p.email_locals));
        append(out.phones, std::move(p.phones));
        append(out.street_tokens, std::move(p.street_tokens));
        append(out.street, std::move(p.street));
        append(out.street2, std::move(p.street2));
        append(out.city, std::move(p.city));
        append(out.postcode, std::move(p.postcode));
        append(out.birthday, std::move(p.birthday));
        append(out.company, std::move(p.company));
        out.size += p.size;
    }
    return out;
}

}  // namespace clientele::matching
