// clientele — instants and dates.
//
// Instants are UTC seconds since the Unix epoch; dates (birthdays) are calendar dates with
// no zone. Text forms are ISO 8601: "2024-05-01T08:30:00Z" and "2024-05-01".
#pragma once

#include "clientele/export.h"

#include <chrono>
#include <string>
#include <string_view>

namespace clientele {

using Timestamp = std::chrono::sys_seconds;
using Date = std::chrono::year_month_day;

/// The current time, truncated to seconds.
CLIENTELE_API Timestamp now_utc();

/// Parses an ISO 8601 date-time ("2024-05-01T08:30:00Z", "...+08:00", space instead of T,
/// optional fraction, which is dropped) or a date alone (midnight UTC). Without an offset
/// the time is taken as UTC. Throws InvalidInput naming `field`.
CLIENTELE_API Timestamp parse_timestamp(std::string_view text, std::string_view field = "timestamp");

/// "YYYY-MM-DDTHH:MM:SSZ".
CLIENTELE_API std::string format_timestamp(Timestamp t);

/// Parses "YYYY-MM-DD" and rejects dates that do not exist (Feb 30). Throws InvalidInput.
CLIENTELE_API Date parse_date(std::string_view text, std::string_view field = "date");

/// "YYYY-MM-DD".
CLIENTELE_API std::string format_date(Date d);

/// Days since 1970-01-01 (negative before), the form dates are stored in.
inline std::int64_t to_days(Date d) {
    return std::chrono::sys_days(d).time_since_epoch().count();
}
inline Date from_days(std::int64_t days) {
    return Date(std::chrono::sys_days(std::chrono::days(days)));
}

}  // namespace clientele
