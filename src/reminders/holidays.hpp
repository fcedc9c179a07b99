// Internal: how a holiday is named in a reminder's reason.
#pragma once

#include <string_view>

namespace clientele::reminders {

/// "Mid-Autumn Festival (中秋节)" for "mid_autumn"; the name itself when unknown.
std::string_view holiday_label(std::string_view name);

}  // namespace clientele::reminders
