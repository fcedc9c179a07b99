// Internal: instants as spreadsheets write them — ISO 8601 with or without an offset (a
// configurable zone for the latter), or Unix seconds.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "clientele/time.hpp"

namespace clientele::import {

class InstantParser {
public:
    /// "UTC", "Z", "+08:00"/"-0530", or an IANA zone name ("Asia/Shanghai"); InvalidInput
    /// naming `field` otherwise.
    explicit InstantParser(std::string_view zone, std::string_view field = "default_time_zone");
    ~InstantParser();
    InstantParser(InstantParser&&) noexcept;
    InstantParser& operator=(InstantParser&&) noexcept;

    /// "2024-05-01" (midnight in the zone), "2024-05-01 08:30[:00]" (in the zone),
    /// "2024-05-01T08:30:00+08:00"/"...Z" (as written), or all digits: Unix seconds.
    Timestamp parse(std::string_view text, std::string_view field) const;

private:
    struct Zone;
    std::unique_ptr<Zone> zone_;
};

}  // namespace clientele::import
