// Internal: UTC calendar months of times, cheap enough for a per-row loop. The day of a
// time is a 64-bit division; with the unit known at compile time (seconds, ms, us, ns) the
// compiler turns it into a multiply, which is why kernels are instantiated per unit.
#pragma once

#include <cstdint>

#include "analytics/columns.hpp"

namespace clientele::analytics {

/// The month (since January 1970) of a day since 1970-01-01: H. Hinnant's civil_from_days,
/// every division by a constant.
inline std::int32_t month_of(std::int64_t day) noexcept {
    const std::int64_t z = day + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;  // 1..12
    const std::int64_t y = yoe + era * 400 + (m <= 2);
    return static_cast<std::int32_t>((y - 1970) * 12 + (m - 1));
}

/// Days since 1970-01-01 of the first day of a month (H. Hinnant's days_from_civil).
inline std::int64_t first_day_of(std::int32_t month) noexcept {
    std::int64_t y = 1970 + (month >= 0 ? month / 12 : (month - 11) / 12);
    const std::int64_t m = month - (y - 1970) * 12 + 1;  // 1..12
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/// Calls kernel(day) with `day` a callable from a time to its UTC day, specialised for the
/// common units so that the per-row division is by a constant.
template <class Kernel>
decltype(auto) with_day_of(std::int64_t units_per_second, Kernel&& kernel) {
    switch (units_per_second) {
        case 1: return kernel([](std::int64_t t) { return day_of(t, 86400); });
        case 1000: return kernel([](std::int64_t t) { return day_of(t, 86400'000); });
        case 1000'000: return kernel([](std::int64_t t) { return day_of(t, 86400'000'000); });
        case 1000'000'000: return kernel([](std::int64_t t) { return day_of(t, 86400'000'000'000); });
        default: {
            const std::int64_t units_per_day = 86400 * units_per_second;
            return kernel([units_per_day](std::int64_t t) { return day_of(t, units_per_day); });
        }
    }
}

}  // namespace clientele::analytics
