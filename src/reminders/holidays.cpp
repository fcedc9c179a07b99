// Holiday dates: fixed Gregorian days, and the Chinese lunar festivals converted from the
// lunar date by ICU's Chinese calendar (astronomical, so no table runs out).
#include <array>
#include <memory>

#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/timezone.h>
#include <unicode/ucal.h>

#include "clientele/error.hpp"
#include "clientele/reminders.hpp"
#include "reminders/holidays.hpp"

namespace clientele {

namespace {

struct Holiday {
    std::string_view name, label;
    bool lunar;
    unsigned month, day;  ///< Gregorian, or lunar (month 1..12 of a non-leap month)
};

constexpr std::array kHolidays = {
    Holiday{"new_year", "New Year's Day (元旦)", false, 1, 1},
    Holiday{"valentines", "Valentine's Day (情人节)", false, 2, 14},
    Holiday{"womens_day", "Women's Day (妇女节)", false, 3, 8},
    Holiday{"labour_day", "Labour Day (劳动节)", false, 5, 1},
    Holiday{"national_day", "National Day (国庆节)", false, 10, 1},
    Holiday{"christmas", "Christmas (圣诞节)", false, 12, 25},
    Holiday{"spring_festival", "Spring Festival (春节)", true, 1, 1},
    Holiday{"lantern", "Lantern Festival (元宵节)", true, 1, 15},
    Holiday{"dragon_boat", "Dragon Boat Festival (端午节)", true, 5, 5},
    Holiday{"qixi", "Qixi Festival (七夕)", true, 7, 7},
    Holiday{"mid_autumn", "Mid-Autumn Festival (中秋节)", true, 8, 15},
    Holiday{"double_ninth", "Double Ninth Festival (重阳节)", true, 9, 9},
};

// ICU numbers Chinese years from 2637 BCE: the lunar year that begins in Gregorian year Y
// is extended year Y + 2637.
constexpr int kChineseEpochOffset = 2637;

Date lunar_to_gregorian(int year, unsigned month, unsigned day) {
    UErrorCode status = U_ZERO_ERROR;
    // In UTC, so the calendar's midnight is the day's first instant in days since the epoch
    // (the astronomy itself is done in China's time by ICU whatever the zone).
    std::unique_ptr<icu::Calendar> cal(
        icu::Calendar::createInstance(icu::TimeZone::getGMT()->clone(), icu::Locale("zh@calendar=chinese"), status));
    if (U_FAILURE(status) || cal == nullptr)
        throw Error(ErrorCode::internal, std::string("ICU's Chinese calendar is not available: ") + u_errorName(status));
    cal->clear();
    cal->set(UCAL_EXTENDED_YEAR, year + kChineseEpochOffset);
    cal->set(UCAL_MONTH, static_cast<int>(month) - 1);
    cal->set(UCAL_IS_LEAP_MONTH, 0);
    cal->set(UCAL_DATE, static_cast<int>(day));
    const UDate ms = cal->getTime(status);
    if (U_FAILURE(status))
        throw Error(ErrorCode::internal, std::string("ICU's Chinese calendar failed: ") + u_errorName(status));
    const auto days = static_cast<std::int64_t>(ms / U_MILLIS_PER_DAY);
    return from_days(days - (static_cast<double>(days) * U_MILLIS_PER_DAY > ms));
}

}  // namespace

std::string_view reminders::holiday_label(std::string_view name) {
    for (const auto& h : kHolidays)
        if (h.name == name) return h.label;
    return name;
}

std::vector<std::string> reminder_holiday_names() {
    std::vector<std::string> out;
    for (const auto& h : kHolidays) out.emplace_back(h.name);
    return out;
}

Date holiday_date(std::string_view name, int year) {
    for (const auto& h : kHolidays) {
        if (h.name != name) continue;
        if (!h.lunar)
            return Date(std::chrono::year(year), std::chrono::month(h.month), std::chrono::day(h.day));
        return lunar_to_gregorian(year, h.month, h.day);
    }
    throw InvalidInput("holidays", "unknown holiday '" + std::string(name) + "' (known: new_year, valentines, "
                                   "womens_day, labour_day, national_day, christmas, spring_festival, lantern, "
                                   "dragon_boat, qixi, mid_autumn, double_ninth)");
}

}  // namespace clientele
