// Internal: what other features need of the reminders' tables (src/reminders/).
#pragma once

#include <cstdint>

namespace clientele::store {

class Session;

/// Wipes the text people wrote on a customer's reminders (notes; a follow-up's reason), for
/// anonymizing; kinds, dates and statuses stay. Returns how many changed.
std::int64_t scrub_reminders(Session& session, std::int64_t customer);

}  // namespace clientele::store
