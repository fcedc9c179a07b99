// The loyalty rule set: parsing with field-naming errors, storing, and the small pieces of
// arithmetic every user of the rules shares (docs/loyalty.md).
#include "loyalty/rules.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "clientele/error.hpp"
#include "json/json.hpp"
#include "json/reader.hpp"
#include "money/money.hpp"
#include "store/session.hpp"

namespace clientele::loyalty {

using nlohmann::json;

namespace {

constexpr const char* kSource = "rules";

[[noreturn]] void fail(const std::string& field, const std::string& why) { throw InvalidInput(field, why, kSource); }

const json& object_member(const json& j, const std::string& key, const std::string& path) {
    const auto& v = j.at(key);
    if (!v.is_object()) fail(path, "must be an object");
    return v;
}

void only(const json& j, std::initializer_list<std::string_view> known, const std::string& prefix) {
    for (const auto& [k, v] : j.items())
        if (std::find(known.begin(), known.end(), k) == known.end())
            fail(prefix.empty() ? k : prefix + "." + k, "is not a rule set member");
}

double multiplier(const json& v, const std::string& path) {
    if (!v.is_number()) fail(path, "must be a number");
    const double m = v.get<double>();
    if (!std::isfinite(m) || m < 0) fail(path, "must not be negative (" + v.dump() + ")");
    if (m > 1000) fail(path, v.dump() + " is beyond the largest multiplier, 1000");
    return m;
}

std::int64_t day_start(std::string_view text, const std::string& path) {
    return std::chrono::sys_days(parse_date(text, path)).time_since_epoch().count() * 86400;
}

std::string text_member(const json& j, const std::string& key, const std::string& path) {
    if (!j.contains(key)) fail(path, "is required");
    if (!j[key].is_string()) fail(path, "must be text");
    return j[key].get<std::string>();
}

}  // namespace

RuleSet parse_rules(std::string_view text) {
    const json j = parse_json_object(text, kSource);
    only(j, {"earn", "multipliers", "campaigns", "birthday_month", "expiry", "levels"}, "");
    RuleSet r;
    if (j.contains("earn")) {
        const auto& e = object_member(j, "earn", "earn");
        only(e, {"currency", "points_per_unit", "rounding"}, "earn");
        r.earns = true;
        r.currency = e.contains("currency") ? text_member(e, "currency", "earn.currency") : "";
        if (!e.contains("points_per_unit")) fail("earn.points_per_unit", "is required");
        r.points_per_unit = multiplier(e["points_per_unit"], "earn.points_per_unit");
        if (e.contains("rounding")) {
            const auto rounding = text_member(e, "rounding", "earn.rounding");
            if (rounding == "floor") r.rounding = Rounding::floor;
            else if (rounding == "round") r.rounding = Rounding::round;
            else if (rounding == "ceil") r.rounding = Rounding::ceil;
            else fail("earn.rounding", "'" + rounding + "' is not floor, round or ceil");
        }
    }
    if (j.contains("multipliers")) {
        const auto& m = object_member(j, "multipliers", "multipliers");
        only(m, {"levels", "tags"}, "multipliers");
        for (const char* which : {"levels", "tags"}) {
            if (!m.contains(which)) continue;
            const std::string path = std::string("multipliers.") + which;
            const auto& group = object_member(m, which, path);
            auto& out = std::string_view(which) == "levels" ? r.level_multipliers : r.tag_multipliers;
            for (const auto& [name, v] : group.items()) out.emplace(name, multiplier(v, path + "." + name));
        }
    }
    if (j.contains("campaigns")) {
        if (!j["campaigns"].is_array()) fail("campaigns", "must be an array");
        std::size_t i = 0;
        std::vector<std::pair<Campaign, std::size_t>> all;
        for (const auto& c : j["campaigns"]) {
            const std::string path = "campaigns[" + std::to_string(i) + "]";
            if (!c.is_object()) fail(path, "must be an object");
            only(c, {"name", "from", "to", "multiplier"}, path);
            Campaign k;
            k.name = c.contains("name") ? text_member(c, "name", path + ".name") : "";
            k.from = day_start(text_member(c, "from", path + ".from"), path + ".from");
            k.to = day_start(text_member(c, "to", path + ".to"), path + ".to") + 86400;
            if (k.to <= k.from) fail(path + ".to", "is before its from");
            if (!c.contains("multiplier")) fail(path + ".multiplier", "is required");
            k.multiplier = multiplier(c["multiplier"], path + ".multiplier");
            all.emplace_back(k, i++);
        }
        std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first.from < b.first.from; });
        for (std::size_t n = 1; n < all.size(); ++n)
            if (all[n].first.from < all[n - 1].first.to)
                fail("campaigns[" + std::to_string(all[n].second) + "].from",
                     "overlaps campaign " + std::to_string(all[n - 1].second) + " ('" + all[n - 1].first.name +
                         "'): campaigns' dates must not overlap");
        for (auto& [k, n] : all) r.campaigns.push_back(k);
    }
    if (j.contains("birthday_month")) {
        const auto& b = object_member(j, "birthday_month", "birthday_month");
        only(b, {"multiplier"}, "birthday_month");
        if (!b.contains("multiplier")) fail("birthday_month.multiplier", "is required");
        r.birthday_multiplier = multiplier(b["multiplier"], "birthday_month.multiplier");
    }
    if (j.contains("expiry")) {
        const auto& x = object_member(j, "expiry", "expiry");
        only(x, {"months", "year_end"}, "expiry");
        if (x.contains("months")) {
            if (!x["months"].is_number_integer() || x["months"].get<std::int64_t>() < 1 || x["months"].get<std::int64_t>() > 1200)
                fail("expiry.months", "must be a whole number of months in 1..1200");
            r.expiry_months = x["months"].get<int>();
        }
        if (x.contains("year_end")) {
            if (!x["year_end"].is_boolean()) fail("expiry.year_end", "must be true or false");
            r.expiry_year_end = x["year_end"].get<bool>();
        }
        if (!r.expires()) fail("expiry", "needs months or year_end");
    }
    if (j.contains("levels")) {
        const auto& l = object_member(j, "levels", "levels");
        only(l, {"basis", "window_months", "review", "tiers"}, "levels");
        if (l.contains("basis")) {
            const auto basis = text_member(l, "basis", "levels.basis");
            if (basis != "spend" && basis != "points") fail("levels.basis", "'" + basis + "' is not spend or points");
            r.level_by_points = basis == "points";
        }
        if (l.contains("window_months")) {
            if (!l["window_months"].is_number_integer() || l["window_months"].get<std::int64_t>() < 1 ||
                l["window_months"].get<std::int64_t>() > 120)
                fail("levels.window_months", "must be a whole number of months in 1..120");
            r.window_months = l["window_months"].get<int>();
        }
        if (l.contains("review")) {
            const auto review = text_member(l, "review", "levels.review");
            // Checked as a day of a leap year, so 02-29 is refused (it would skip years).
            const auto d = parse_date("2001-" + review, "levels.review");
            r.review_month = static_cast<unsigned>(d.month());
            r.review_day = static_cast<unsigned>(d.day());
        }
        if (!l.contains("tiers") || !l["tiers"].is_array() || l["tiers"].empty())
            fail("levels.tiers", "must be a non-empty array of {\"name\", \"min\"}");
        std::set<std::string, std::less<>> names;
        for (std::size_t i = 0; i < l["tiers"].size(); ++i) {
            const std::string path = "levels.tiers[" + std::to_string(i) + "]";
            const auto& t = l["tiers"][i];
            if (!t.is_object()) fail(path, "must be an object");
            only(t, {"name", "min"}, path);
            Tier tier;
            tier.name = text_member(t, "name", path + ".name");
            if (tier.name.empty()) fail(path + ".name", "must not be empty");
            if (!names.insert(tier.name).second) fail(path + ".name", "'" + tier.name + "' is named twice");
            if (!t.contains("min") || !t["min"].is_number_integer() || t["min"].get<std::int64_t>() < 0)
                fail(path + ".min", "must be a whole number >= 0");
            tier.min = t["min"].get<std::int64_t>();
            if (i == 0 && tier.min != 0) fail(path + ".min", "the first tier starts at 0, not " + std::to_string(tier.min));
            if (i > 0 && tier.min <= r.tiers.back().min)
                fail(path + ".min", "must be above the tier before (" + std::to_string(r.tiers.back().min) + ")");
            r.tiers.push_back(std::move(tier));
        }
        for (const auto& [name, m] : r.level_multipliers)
            if (!names.contains(name)) fail("multipliers.levels." + name, "names no tier of levels.tiers");
    }
    return r;
}

std::string stored_rules_text(store::Session& impl) {
    auto q = impl.conn.query("SELECT rules FROM loyalty_rules WHERE id = 1");
    return q->step() ? q->text(0) : std::string("{}");
}

std::optional<RuleSet> load_rules(store::Session& impl) {
    auto q = impl.conn.query("SELECT rules FROM loyalty_rules WHERE id = 1");
    if (!q->step()) return std::nullopt;
    try {
        RuleSet r = parse_rules(q->text_view(0));
        if (r.currency.empty()) r.currency = impl.default_currency;
        return r;
    } catch (const InvalidInput& e) {
        throw CorruptData(std::string("the stored loyalty rules do not parse: ") + e.what());
    }
}

std::int64_t add_months(std::int64_t at, int months) {
    using namespace std::chrono;
    const auto t = sys_seconds(seconds(at));
    const auto day = floor<days>(t);
    const year_month_day ymd(day);
    auto ym = year_month(ymd.year(), ymd.month()) + std::chrono::months(months);
    const auto last = year_month_day_last(ym.year(), month_day_last(ym.month())).day();
    const year_month_day to(ym.year(), ym.month(), std::min(ymd.day(), last));
    return (sys_days(to).time_since_epoch().count() * 86400) + (t - day).count();
}

std::optional<std::int64_t> lot_expiry(const RuleSet& rules, std::int64_t at) {
    if (!rules.expires()) return std::nullopt;
    std::int64_t t = rules.expiry_months > 0 ? add_months(at, rules.expiry_months) : at;
    if (rules.expiry_year_end) {
        using namespace std::chrono;
        const year_month_day ymd(floor<days>(sys_seconds(seconds(t))));
        t = sys_days(year_month_day(ymd.year() + years(1), January, day(1))).time_since_epoch().count() * 86400;
    }
    return t;
}

std::int64_t points_for(const RuleSet& rules, std::int64_t amount_minor, double multiplier) {
    static constexpr double kPow10[] = {1, 10, 100, 1000, 10000};
    const int exponent = std::clamp(money::currency_exponent(rules.currency), 0, 4);
    // long double keeps amounts up to the store's limit exact before rounding.
    const long double units = static_cast<long double>(amount_minor) / kPow10[exponent];
    const long double v = units * rules.points_per_unit * multiplier;
    long double r = 0;
    switch (rules.rounding) {
        case Rounding::floor: r = std::floor(v + 1e-9L); break;
        case Rounding::round: r = std::round(v); break;
        case Rounding::ceil: r = std::ceil(v - 1e-9L); break;
    }
    return r > 9e18L ? INT64_MAX : static_cast<std::int64_t>(r);
}

}  // namespace clientele::loyalty
