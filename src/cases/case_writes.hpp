// Internal: what other features need of the cases' tables (src/cases/).
#pragma once

#include <cstdint>

namespace clientele::store {

class Session;

/// Wipes the notes of the case events on a customer's interactions, for anonymizing; the
/// workflow (statuses, times, who) stays. Returns how many changed.
std::int64_t scrub_cases(Session& session, std::int64_t customer);

}  // namespace clientele::store
