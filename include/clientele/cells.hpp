// clientele — the one rule for each kind of input cell: which field a column header names,
// and how a time, date or amount written as text is read. Import, dedupe input, the
// analytics CLI, the Python package and the C ABI all read cells through this header, so
// the same text gives the same answer everywhere (docs/import-export.md, "Cells").
// Emails and phone numbers have their rule in clientele/normalize.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "clientele/export.h"
#include "clientele/time.hpp"

namespace clientele {

/// The kind of record a file holds: it decides which column names are known.
enum class RecordType { customers, interactions };

/// The field a column header names, in the form export writes it ("姓名" -> "display_name",
/// "Mobile 2" -> "phone2", "E-Mail" -> "email", "date" -> "occurred_at" for interactions);
/// "" when the header names no field.
CLIENTELE_API std::string canonical_column(std::string_view header, RecordType type);

/// What a time cell that is a bare number ("1700000000") counts. There is no default: a
/// number is refused unless the caller says which unit it is in.
enum class TimeUnit { none, seconds, milliseconds, microseconds, nanoseconds };

/// "" or "none", "s", "ms", "us", "ns" (also "seconds", "milliseconds", ...); InvalidInput
/// naming `field` otherwise.
CLIENTELE_API TimeUnit parse_time_unit(std::string_view name, std::string_view field = "time_unit");
CLIENTELE_API std::string_view to_string(TimeUnit unit);  ///< "none", "s", "ms", "us", "ns"
/// How many of `unit` make a second (1 for seconds, 1000 for ms, ...); 0 for none.
CLIENTELE_API std::int64_t units_per_second(TimeUnit unit) noexcept;

/// How a date written with its year last ("05/01/2024", "5.1.2024") is read. iso: such a
/// date is refused (day and month could be either way round); ISO dates (2024-01-05) are
/// read under every order.
enum class DateOrder { iso, day_first, month_first };

/// "iso", "day-first" (or "dmy"), "month-first" (or "mdy"); InvalidInput naming `field`.
CLIENTELE_API DateOrder parse_date_order(std::string_view name, std::string_view field = "date_order");
CLIENTELE_API std::string_view to_string(DateOrder order);  ///< "iso", "day-first", "month-first"

/// The largest amount of money the library takes, either way, in minor units: 10^15 (10
/// trillion yuan or dollars). Every entry refuses more (InvalidInput naming the field), so
/// sums of many amounts have room before 64 bits, and those sums are checked as well.
inline constexpr std::int64_t kMaxAmountMinor = 1'000'000'000'000'000;

/// Times that arrive as numbers (a typed integer column of a DataFrame or Arrow table, not
/// text) follow the rule of a bare-number cell: refused when `unit` is none (20240105 or
/// epoch milliseconds would otherwise land silently in 1970 or the far future), when a
/// number is negative, or when it is after the year 9999. InvalidInput names `field` and
/// the 1-based row of the first bad number.
CLIENTELE_API void check_time_numbers(std::span<const std::int64_t> numbers, TimeUnit unit, std::string_view field);

/// Minor units of `currency` (2 decimals when empty) of amounts that arrive as binary
/// floats (a float column of a DataFrame), into `out` (as many as `values`): each is the
/// nearest minor unit when the float is that decimal up to float representation error
/// (value x 10^decimals within a millionth, or 64 units in the last place, of an integer:
/// 0.1 + 0.2 is 0.30 CNY), and
/// refused when it has real extra decimals (19.995 CNY), is NaN or infinite, or is beyond
/// kMaxAmountMinor. InvalidInput names `field` and the 1-based row of the first bad value.
/// Import (a DataFrame's float amounts) and the analytics read floats by this one rule.
CLIENTELE_API void amounts_from_floats(std::span<const double> values, std::string_view currency,
                                       std::string_view field, std::span<std::int64_t> out);

/// Digits after the decimal point of `currency` (ISO 4217 minor unit: 2 for CNY and USD,
/// 0 for JPY, 3 for KWD; 2 when empty or unknown).
CLIENTELE_API int currency_decimals(std::string_view currency) noexcept;

/// What the caller says about its cells.
struct CellRules {
    /// Zone of date-times written without an offset: "UTC", "+08:00" or an IANA name.
    std::string time_zone = "UTC";
    TimeUnit time_unit = TimeUnit::none;
    DateOrder date_order = DateOrder::iso;
    /// How every time and date cell of the column is written, when not ISO: "%d/%m/%Y",
    /// "%Y%m%d", "%d.%m.%Y %H:%M" ("%Y" 4 digits; "%m", "%d", "%H", "%M", "%S" 1 or 2
    /// digits; "%%" a percent sign; any other character itself). Empty: the cell forms
    /// above. With a format, a cell that does not match it is refused (never guessed), and
    /// a number such as 20240105 is read by the format, not as a count of time units.
    std::string date_format;
};

/// Reads time, date and amount cells under one set of CellRules. Every reader refuses a
/// cell with spaces around its value (the caller decides what an empty cell means before
/// asking) and throws InvalidInput naming `field` with a reason written for people; the
/// caller adds the file and row.
class CLIENTELE_API CellParser {
public:
    /// InvalidInput (field "time_zone") when the zone is not one.
    explicit CellParser(const CellRules& rules = {});
    ~CellParser();
    CellParser(CellParser&&) noexcept;
    CellParser& operator=(CellParser&&) noexcept;

    /// An instant: by the rules' date_format when there is one (in the zone); else
    /// "2024-05-01" (midnight in the zone), "2024-05-01 08:30[:00]" (in the
    /// zone), "2024-05-01T08:30:00+08:00"/"...Z" (as written), a year-last date (with a
    /// time or not) under day_first/month_first, or a number of the rules' time unit
    /// (digits only, counted from 1970-01-01T00:00:00Z; fractions of a second are
    /// dropped) up to the year 9999.
    Timestamp timestamp(std::string_view cell, std::string_view field) const;

    /// A calendar date: by the rules' date_format when there is one; else "2024-01-05", or
    /// a year-last date under day_first/month_first. Never a bare number without a format
    /// ("20240105" is refused; with "%Y%m%d" it is 2024-01-05).
    Date date(std::string_view cell, std::string_view field) const;

    /// Minor units of `currency` (ISO 4217 exponent: 2 for CNY, 0 for JPY, 3 for KWD; 2
    /// when the currency is empty): "1,299.50" -> 129950. Optional sign, thousands commas
    /// in groups of three, no more decimals than the currency has.
    std::int64_t amount(std::string_view cell, std::string_view currency, std::string_view field) const;

    const CellRules& rules() const noexcept;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace clientele
