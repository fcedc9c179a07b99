// Internal: string similarities and the agreement level of each field for a pair.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "dedupe/records.hpp"

namespace clientele::matching {

double jaro_winkler(std::string_view a, std::string_view b);
/// Levenshtein distance if it is at most `bound`, else bound + 1.
int bounded_levenshtein(std::string_view a, std::string_view b, int bound);

/// The compared fields, in the order of a pair's level vector.
enum Field : int { kGiven, kFamily, kBirthday, kEmail, kPhone, kStreet, kStreet2, kLocality, kCompany, kFieldCount };

/// Level 0 is "missing on one side" (no evidence); 1 is the strongest agreement and the
/// last level is disagreement.
inline constexpr std::array<int, kFieldCount> kLevels = {6, 6, 4, 4, 4, 6, 4, 6, 4};

const char* field_name(int field);
const char* level_name(int field, int level);

using Levels = std::array<std::uint8_t, kFieldCount>;

/// Agreement levels of records a and b. `name_reading` receives which readings were
/// compared (for term-frequency lookups): family value of a's chosen reading.
struct Comparison {
    Levels levels{};
    std::uint8_t reading_a = 0;  ///< which of a's name readings was used
    bool swapped = false;        ///< a's family compared with b's given name
};

Comparison compare(const PreparedRecords& r, std::size_t a, std::size_t b);

}  // namespace clientele::matching
