#include "import/instant.hpp"

#include <charconv>
#include <optional>

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "clientele/error.hpp"

namespace clientele::import {

namespace {

std::string_view trim_ascii(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "+08:00", "-0530", "+08" -> seconds east of UTC.
std::optional<long> fixed_offset(std::string_view z) {
    if (z == "UTC" || z == "utc" || z == "Z" || z == "GMT") return 0;
    if (z.size() < 3 || (z[0] != '+' && z[0] != '-')) return std::nullopt;
    std::string digits;
    for (char c : z.substr(1))
        if (c != ':') digits.push_back(c);
    if ((digits.size() != 2 && digits.size() != 4) ||
        digits.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    const long h = std::stol(digits.substr(0, 2));
    const long m = digits.size() == 4 ? std::stol(digits.substr(2)) : 0;
    if (h > 18 || m > 59) return std::nullopt;
    return (z[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
}

// True when an ISO 8601 text carries its own offset: Z or a sign after the time part.
bool has_offset(std::string_view t) {
    if (t.size() <= 10) return false;  // a date alone
    const auto time = t.substr(10);
    return time.find_first_of("Zz+") != std::string_view::npos || time.find('-') != std::string_view::npos;
}

}  // namespace

struct InstantParser::Zone {
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
};

InstantParser::InstantParser(std::string_view zone, std::string_view field) : zone_(std::make_unique<Zone>()) {
    const auto z = trim_ascii(zone);
    if (z.empty()) return;
    if (auto off = fixed_offset(z)) {
        zone_->fixed = *off;
        return;
    }
    zone_->tz.reset(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(icu::StringPiece(z.data(), static_cast<int32_t>(z.size())))));
    if (!zone_->tz || *zone_->tz == icu::TimeZone::getUnknown())
        throw InvalidInput(std::string(field), "'" + std::string(z) +
                                                   "' is not a time zone (use UTC, +08:00 or a name like Asia/Shanghai)");
}

InstantParser::~InstantParser() = default;
InstantParser::InstantParser(InstantParser&&) noexcept = default;
InstantParser& InstantParser::operator=(InstantParser&&) noexcept = default;

Timestamp InstantParser::parse(std::string_view text, std::string_view field) const {
    const auto t = trim_ascii(text);
    if (!t.empty() && t.find_first_not_of("0123456789") == std::string_view::npos) {
        std::int64_t secs = 0;
        auto r = std::from_chars(t.data(), t.data() + t.size(), secs);
        if (r.ec != std::errc() || t.size() > 11)
            throw InvalidInput(std::string(field), "'" + std::string(t) + "' is too large for Unix seconds");
        return Timestamp(std::chrono::seconds(secs));
    }
    const Timestamp as_utc = parse_timestamp(t, field);
    if (has_offset(t)) return as_utc;
    return as_utc - std::chrono::seconds(zone_->offset_at_local(as_utc));
}

}  // namespace clientele::import
