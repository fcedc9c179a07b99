#include "clientele/cells.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "clientele/error.hpp"
#include "money/money.hpp"

namespace clientele {

namespace {

[[noreturn]] void refuse(std::string_view field, std::string_view cell, std::string_view why) {
    throw InvalidInput(std::string(field), "'" + std::string(cell) + "' " + std::string(why));
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// One rule for every reader: a value with white space around it is refused rather than
// trimmed, so " 1700000000" means the same (nothing) to import, the CLI and Python.
void refuse_padding(std::string_view cell, std::string_view field) {
    if (cell.empty()) refuse(field, cell, "is empty");
    if (is_space(cell.front()) || is_space(cell.back()))
        refuse(field, cell, "has spaces around the value: remove them");
}

// Hand loops, not find_first_of/find_first_not_of: those call memchr per character, which
// was a seventh of reading a transactions file.
bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// "+08:00", "-0530", "+08" -> seconds east of UTC.
std::optional<long> fixed_offset(std::string_view z) {
    if (z == "UTC" || z == "utc" || z == "Z" || z == "GMT") return 0;
    if (z.size() < 3 || (z[0] != '+' && z[0] != '-')) return std::nullopt;
    std::string digits;
    for (char c : z.substr(1))
        if (c != ':') digits.push_back(c);
    if ((digits.size() != 2 && digits.size() != 4) || !all_digits(digits)) return std::nullopt;
    const long h = std::stol(digits.substr(0, 2));
    const long m = digits.size() == 4 ? std::stol(digits.substr(2)) : 0;
    if (h > 18 || m > 59) return std::nullopt;
    return (z[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
}

// True when an ISO 8601 text carries its own offset: Z or a sign after the date part.
bool has_offset(std::string_view t) {
    if (t.size() <= 10) return false;  // a date alone
    for (char c : t.substr(10))
        if (c == 'Z' || c == 'z' || c == '+' || c == '-') return true;
    return false;
}

// A year-last date at the start of `cell` ("05/01/2024", "5.1.2024", "05-01-2024"):
// its two leading numbers, the year, and where it ends. nullopt for any other form.
struct YearLast {
    int first = 0, second = 0, year = 0;
    std::size_t end = 0;
};
std::optional<YearLast> year_last(std::string_view cell) {
    YearLast out;
    std::size_t i = 0;
    auto number = [&](int max_digits, int& value) {
        const auto start = i;
        value = 0;
        while (i < cell.size() && i - start < static_cast<std::size_t>(max_digits) && cell[i] >= '0' && cell[i] <= '9')
            value = value * 10 + (cell[i++] - '0');
        return i - start;
    };
    if (number(2, out.first) == 0 || i >= cell.size()) return std::nullopt;
    const char sep = cell[i];
    if (sep != '/' && sep != '.' && sep != '-') return std::nullopt;
    ++i;
    if (number(2, out.second) == 0 || i >= cell.size() || cell[i] != sep) return std::nullopt;
    ++i;
    if (number(4, out.year) != 4) return std::nullopt;
    out.end = i;
    return out;
}

constexpr std::int64_t kLastSecond = 253402300799;  // 9999-12-31T23:59:59Z

// `cell` read by `format` (the directives of CellRules::date_format) as ISO text:
// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS"; nullopt when the cell does not match. Ranges (month
// 13, 30 February) are left to the ISO reader.
std::optional<std::string> by_format(std::string_view cell, std::string_view format) {
    int year = -1, month = -1, day = -1, hour = -1, minute = -1, second = -1;
    std::size_t i = 0;
    auto number = [&](std::size_t min_digits, std::size_t max_digits, int& value) {
        const auto start = i;
        value = 0;
        while (i < cell.size() && i - start < max_digits && cell[i] >= '0' && cell[i] <= '9')
            value = value * 10 + (cell[i++] - '0');
        return i - start >= min_digits;
    };
    for (std::size_t f = 0; f < format.size(); ++f) {
        if (format[f] != '%' || f + 1 == format.size()) {
            if (i >= cell.size() || cell[i] != format[f]) return std::nullopt;
            ++i;
            continue;
        }
        const char d = format[++f];
        bool ok = false;
        switch (d) {
            case 'Y': ok = number(4, 4, year); break;
            case 'm': ok = number(1, 2, month); break;
            case 'd': ok = number(1, 2, day); break;
            case 'H': ok = number(1, 2, hour); break;
            case 'M': ok = number(1, 2, minute); break;
            case 'S': ok = number(1, 2, second); break;
            case '%': ok = i < cell.size() && cell[i] == '%'; if (ok) ++i; break;
            default: return std::nullopt;
        }
        if (!ok) return std::nullopt;
    }
    if (i != cell.size() || year < 0 || month < 0 || day < 0) return std::nullopt;
    char iso[32];
    if (hour < 0 && minute < 0 && second < 0)
        std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month % 100, day % 100);
    else
        std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02d", year, month % 100, day % 100,
                      std::max(hour, 0) % 100, std::max(minute, 0) % 100, std::max(second, 0) % 100);
    return std::string(iso);
}

// "'13/13/2024' does not match the date format '%d/%m/%Y'".
[[noreturn]] void refuse_format(std::string_view field, std::string_view cell, std::string_view format,
                                std::string_view what) {
    std::string why(what);
    why.append(" the date format '").append(format).append("'");
    refuse(field, cell, why);
}

// A format is checked once, when the parser is made: known directives, a year, month and day.
void check_format(std::string_view format) {
    bool y = false, m = false, d = false;
    for (std::size_t f = 0; f < format.size(); ++f) {
        if (format[f] != '%') continue;
        if (f + 1 == format.size()) refuse("date_format", format, "ends with a lone %");
        switch (format[++f]) {
            case 'Y': y = true; break;
            case 'm': m = true; break;
            case 'd': d = true; break;
            case 'H': case 'M': case 'S': case '%': break;
            default:
                refuse("date_format", format, "has a directive other than %Y %m %d %H %M %S %%");
        }
    }
    if (!y || !m || !d) refuse("date_format", format, "needs %Y, %m and %d");
}

}  // namespace

TimeUnit parse_time_unit(std::string_view name, std::string_view field) {
    if (name.empty() || name == "none") return TimeUnit::none;
    if (name == "s" || name == "seconds") return TimeUnit::seconds;
    if (name == "ms" || name == "milliseconds") return TimeUnit::milliseconds;
    if (name == "us" || name == "microseconds") return TimeUnit::microseconds;
    if (name == "ns" || name == "nanoseconds") return TimeUnit::nanoseconds;
    refuse(field, name, "is not a time unit (s, ms, us or ns)");
}

std::string_view to_string(TimeUnit unit) {
    switch (unit) {
        case TimeUnit::seconds: return "s";
        case TimeUnit::milliseconds: return "ms";
        case TimeUnit::microseconds: return "us";
        case TimeUnit::nanoseconds: return "ns";
        default: return "none";
    }
}

std::int64_t units_per_second(TimeUnit unit) noexcept {
    switch (unit) {
        case TimeUnit::seconds: return 1;
        case TimeUnit::milliseconds: return 1'000;
        case TimeUnit::microseconds: return 1'000'000;
        case TimeUnit::nanoseconds: return 1'000'000'000;
        default: return 0;
    }
}

DateOrder parse_date_order(std::string_view name, std::string_view field) {
    if (name.empty() || name == "iso") return DateOrder::iso;
    if (name == "day-first" || name == "dmy") return DateOrder::day_first;
    if (name == "month-first" || name == "mdy") return DateOrder::month_first;
    refuse(field, name, "is not a date order (iso, day-first or month-first)");
}

std::string_view to_string(DateOrder order) {
    switch (order) {
        case DateOrder::day_first: return "day-first";
        case DateOrder::month_first: return "month-first";
        default: return "iso";
    }
}

struct CellParser::State {
    CellRules rules;
    long fixed = 0;  // seconds east of UTC, when `tz` is null
    std::unique_ptr<icu::TimeZone> tz;

    // Offset (seconds east) in effect at a wall-clock time of this zone.
    long offset_at_local(Timestamp local) const {
        if (!tz) return fixed;
        UErrorCode err = U_ZERO_ERROR;
        int32_t raw = 0, dst = 0;
        tz->getOffset(static_cast<UDate>(local.time_since_epoch().count()) * 1000.0, true, raw, dst, err);
        if (U_FAILURE(err)) return 0;
        return (raw + dst) / 1000;
    }

    // An ISO 8601 date or date-time, in the zone when it has no offset of its own.
    Timestamp instant(std::string_view iso, std::string_view field) const {
        const Timestamp as_utc = parse_timestamp(iso, field);
        if (has_offset(iso)) return as_utc;
        return as_utc - std::chrono::seconds(offset_at_local(as_utc));
    }

    // `cell` with a leading year-last date rewritten as ISO ("05/01/2024 10:00" ->
    // "2024-01-05 10:00"); the cell itself when it does not start with one.
    std::string iso_form(std::string_view cell, std::string_view field) const {
        const auto d = year_last(cell);
        if (!d) return std::string(cell);
        if (rules.date_order == DateOrder::iso)
            refuse(field, cell, "has its day and month either way round: say which comes first "
                                "(date order day-first or month-first), or write it as YYYY-MM-DD");
        const int day = rules.date_order == DateOrder::day_first ? d->first : d->second;
        const int month = rules.date_order == DateOrder::day_first ? d->second : d->first;
        char iso[11];
        std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", d->year, month % 100, day % 100);
        return std::string(iso) + std::string(cell.substr(d->end));
    }
};

CellParser::CellParser(const CellRules& rules) : state_(std::make_unique<State>()) {
    state_->rules = rules;
    if (!rules.date_format.empty()) check_format(rules.date_format);
    std::string_view z = rules.time_zone;
    while (!z.empty() && is_space(z.front())) z.remove_prefix(1);
    while (!z.empty() && is_space(z.back())) z.remove_suffix(1);
    if (z.empty()) return;
    if (auto off = fixed_offset(z)) {
        state_->fixed = *off;
        return;
    }
    state_->tz.reset(icu::TimeZone::createTimeZone(
        icu::UnicodeString::fromUTF8(icu::StringPiece(z.data(), static_cast<int32_t>(z.size())))));
    if (!state_->tz || *state_->tz == icu::TimeZone::getUnknown())
        refuse("time_zone", z, "is not a time zone (use UTC, +08:00 or a name like Asia/Shanghai)");
}

CellParser::~CellParser() = default;
CellParser::CellParser(CellParser&&) noexcept = default;
CellParser& CellParser::operator=(CellParser&&) noexcept = default;

const CellRules& CellParser::rules() const noexcept { return state_->rules; }

Timestamp CellParser::timestamp(std::string_view cell, std::string_view field) const {
    refuse_padding(cell, field);
    if (!state_->rules.date_format.empty()) {
        const auto iso = by_format(cell, state_->rules.date_format);
        if (!iso) refuse_format(field, cell, state_->rules.date_format, "does not match");
        try {
            return state_->instant(*iso, field);
        } catch (const InvalidInput&) {
            refuse_format(field, cell, state_->rules.date_format, "is no real date or time by");
        }
    }
    if (all_digits(cell)) {
        // The hot path of a transactions file with Unix times: no allocation.
        const std::int64_t per_second = units_per_second(state_->rules.time_unit);
        if (per_second == 0)
            refuse(field, cell, "is a bare number: say which unit it counts (time unit s, ms, us or ns), "
                                "or write the time as 2024-01-05 or 2024-01-05T10:00:00Z");
        std::uint64_t n = 0;
        auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), n);
        if (ec != std::errc() || end != cell.data() + cell.size() ||
            n / static_cast<std::uint64_t>(per_second) > static_cast<std::uint64_t>(kLastSecond))
            refuse(field, cell, "is after the year 9999 in " + std::string(to_string(state_->rules.time_unit)));
        return Timestamp(std::chrono::seconds(static_cast<std::int64_t>(n / static_cast<std::uint64_t>(per_second))));
    }
    if ((cell[0] == '-' || cell[0] == '+') && all_digits(cell.substr(1)))
        refuse(field, cell, "has a sign: a number of time units is digits only (times before 1970 are not taken)");
    // Only a year-last date is rewritten: ISO text, the common case, is read in place.
    if (year_last(cell)) return state_->instant(state_->iso_form(cell, field), field);
    return state_->instant(cell, field);
}

Date CellParser::date(std::string_view cell, std::string_view field) const {
    refuse_padding(cell, field);
    if (!state_->rules.date_format.empty()) {
        const auto iso = by_format(cell, state_->rules.date_format);
        if (!iso) refuse_format(field, cell, state_->rules.date_format, "does not match");
        try {
            return parse_date(iso->substr(0, 10), field);
        } catch (const InvalidInput&) {
            refuse_format(field, cell, state_->rules.date_format, "is no real date by");
        }
    }
    if (all_digits(cell)) refuse(field, cell, "is a number, not a date: write it as YYYY-MM-DD");
    const auto d = year_last(cell);
    if (d && d->end != cell.size()) refuse(field, cell, "is not a date (YYYY-MM-DD)");
    return parse_date(state_->iso_form(cell, field), field);
}

std::int64_t CellParser::amount(std::string_view cell, std::string_view currency, std::string_view field) const {
    refuse_padding(cell, field);
    return money::parse_amount(cell, currency, field);
}

void check_time_numbers(std::span<const std::int64_t> numbers, TimeUnit unit, std::string_view field) {
    const std::int64_t per_second = units_per_second(unit);
    const auto at = [&](std::size_t i, const std::string& why) {
        throw InvalidInput(std::string(field), "'" + std::to_string(numbers[i]) + "' " + why, "",
                           static_cast<std::int64_t>(i) + 1);
    };
    if (numbers.empty()) return;
    if (per_second == 0)
        at(0, "is a number: say which unit the column counts (time unit s, ms, us or ns), or give the times "
              "as datetimes or as text like 2024-01-05 or 2024-01-05T10:00:00Z");
    const std::int64_t last = kLastSecond > std::numeric_limits<std::int64_t>::max() / per_second
                                  ? std::numeric_limits<std::int64_t>::max()
                                  : kLastSecond * per_second + (per_second - 1);
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        if (numbers[i] < 0) at(i, "is negative: a number of time units counts from 1970-01-01 (times before 1970 are not taken)");
        if (numbers[i] > last) at(i, "is after the year 9999 in " + std::string(to_string(unit)));
    }
}

int currency_decimals(std::string_view currency) noexcept { return money::currency_exponent(currency); }

void amounts_from_floats(std::span<const double> values, std::string_view currency, std::string_view field,
                         std::span<std::int64_t> out) {
    if (out.size() < values.size()) throw InvalidInput(std::string(field), "output shorter than the input");
    const int decimals = money::currency_exponent(currency);
    const double scale = decimals == 0 ? 1.0 : decimals == 3 ? 1000.0 : 100.0;
    const double limit = static_cast<double>(kMaxAmountMinor);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        const double scaled = v * scale;
        // Adding and subtracting 1.5 * 2^52 rounds to the nearest integer (ties to even, as
        // nearbyint) for |x| < 2^51 without a libm call; larger values take nearbyint.
        constexpr double kRound = 6755399441055744.0, kFast = 2251799813685248.0;
        const double magnitude = std::fabs(scaled);
        const double rounded = magnitude < kFast ? (scaled + kRound) - kRound : std::nearbyint(scaled);
        // A millionth of a minor unit, or 64 units in the last place for large amounts: the
        // error of a float that went through some sums and products on its way here, far
        // below the next decimal for any amount in range. (The unit in the last place from
        // the bits: the next float up minus this one.)
        const double ulp = std::bit_cast<double>(std::bit_cast<std::uint64_t>(magnitude) + 1) - magnitude;
        const double tolerance = std::max(1e-6, 64.0 * ulp);
        if (!(std::fabs(scaled - rounded) <= tolerance)) {  // also NaN and infinities
            std::string why;
            if (std::isnan(v)) why = "is empty (NaN)";
            else if (std::isinf(v)) why = "is infinite";
            else {
                char text[64];
                std::snprintf(text, sizeof text, "%.17g", v);
                why.append("'").append(text).append("' has more decimals than ");
                why.append(currency.empty() ? std::string_view("an amount") : currency);
                why.append(" allows (").append(std::to_string(decimals)).append(")");
            }
            throw InvalidInput(std::string(field), why, "", static_cast<std::int64_t>(i) + 1);
        }
        if (std::fabs(rounded) > limit) {
            const auto minor = std::fabs(rounded) < 9.2e18 ? static_cast<std::int64_t>(rounded)
                               : rounded > 0 ? kMaxAmountMinor + 1 : -kMaxAmountMinor - 1;
            try {
                money::check_amount(minor, field);
            } catch (const InvalidInput& e) {
                throw InvalidInput(e.field(), e.reason(), "", static_cast<std::int64_t>(i) + 1);
            }
        }
        out[i] = static_cast<std::int64_t>(rounded);
    }
}

}  // namespace clientele
