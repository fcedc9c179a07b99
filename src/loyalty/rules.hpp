// Internal: the loyalty rule set (docs/loyalty.md) as the code applies it, read from and
// written to the store. One home for every rule: earning, expiry and levels read it here.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/time.hpp"

namespace clientele::store {
class Session;
}

namespace clientele::loyalty {

enum class Rounding { floor, round, ceil };

struct Campaign {
    std::string name;
    std::int64_t from = 0, to = 0;  ///< Unix seconds, [from, to): to is the day after the last day
    double multiplier = 1;
};

struct Tier {
    std::string name;
    std::int64_t min = 0;  ///< spend in minor units, or points
};

struct RuleSet {
    // Earning; `earns` is false when the set has no "earn" member.
    bool earns = false;
    std::string currency;     ///< only purchases in this currency earn
    double points_per_unit = 0;  ///< per whole currency unit (1 yuan, not 1 fen)
    Rounding rounding = Rounding::floor;
    std::map<std::string, double, std::less<>> level_multipliers, tag_multipliers;
    std::vector<Campaign> campaigns;  ///< sorted by from, not overlapping
    double birthday_multiplier = 1;

    // Expiry of earned lots; none when months == 0 and !year_end.
    int expiry_months = 0;
    bool expiry_year_end = false;

    // Levels; none when tiers is empty.
    bool level_by_points = false;  ///< basis "points" (earned in the window), else "spend"
    int window_months = 12;
    unsigned review_month = 1, review_day = 1;
    std::vector<Tier> tiers;  ///< ascending min, the first one's min is 0

    bool expires() const { return expiry_months > 0 || expiry_year_end; }
};

/// Parses and validates the JSON text of a rule set; InvalidInput naming the field.
RuleSet parse_rules(std::string_view text);
/// The stored rule set (none when unset) and its text ("{}").
std::optional<RuleSet> load_rules(store::Session& impl);
std::string stored_rules_text(store::Session& impl);

/// When a lot earned at `at` expires under `rules` (nullopt: never).
std::optional<std::int64_t> lot_expiry(const RuleSet& rules, std::int64_t at);
/// `months` calendar months after `at` (the day clamped to the month's end), Unix seconds.
std::int64_t add_months(std::int64_t at, int months);
/// Points for `amount_minor` of `currency` at a multiplier, rounded by the rules.
std::int64_t points_for(const RuleSet& rules, std::int64_t amount_minor, double multiplier);

}  // namespace clientele::loyalty
