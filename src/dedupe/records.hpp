// Internal: the normalized, columnar form of the records matching works on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/dedupe.hpp"

namespace clientele::matching {

class Romanizer;

/// A variable number of strings per record: values[offsets[i] .. offsets[i+1]).
struct MultiColumn {
    std::vector<std::string> values;
    std::vector<std::uint32_t> offsets{0};
    std::size_t count(std::size_t i) const { return offsets[i + 1] - offsets[i]; }
    const std::string& at(std::size_t i, std::size_t k) const { return values[offsets[i] + k]; }
};

/// One reading of a person's name: family and given name as ASCII keys (pinyin for Han,
/// transliterated and diacritic-free for other scripts), the simplified Han form when the
/// name is written in Han, and the "alt" key of each part: one key for its spellings
/// (Cantonese / Wade-Giles to pinyin, nicknames to full names, then a sound key). The
/// breaks say where the syllables of a Han part's pinyin and the tokens of a Latin one
/// ("Tai Man", "Tai-Man") start: bit k set for byte k (cantonese.hpp, for_each_part).
struct NameColumns {
    std::vector<std::string> family, given, family_han, given_han, family_alt, given_alt;
    std::vector<std::uint32_t> family_breaks, given_breaks;
};

struct PreparedRecords {
    std::size_t size = 0;
    // Names: up to two readings per record (a split name "A B C" may be family-first or
    // family-last). names[1] holds an empty family when there is only one reading.
    NameColumns names[2];
    MultiColumn emails;        // canonical addresses (gmail dots/tags removed)
    MultiColumn email_locals;  // their local parts
    MultiColumn phones;        // E.164, or digits when not a possible number
    std::vector<std::string> street, street2, city, postcode, birthday, company;
    MultiColumn street_tokens;  // canonical words, numbers, Han bigrams
};

/// Normalizes records (in parallel over `threads`).
/// `shared`, when given, does the romanizing on one thread instead of a Romanizer made per
/// thread (making one sets up ICU transliterators and OpenCC: milliseconds).
PreparedRecords prepare(const std::vector<MatchRecord>& records, const DedupeOptions& options, unsigned threads,
                        Romanizer* shared = nullptr);

// Exposed for tests.
std::string normalize_birthday(std::string_view text);
std::string canonical_email(std::string_view text);
std::string nickname_canonical(const std::string& given);
/// A key that is the same for the pinyin and the Wade-Giles spelling of a Chinese given
/// name (zhiming / chihming, xinyi / hsinyi, jianhong / chienhung).
std::string sound_key(std::string_view s);

}  // namespace clientele::matching
