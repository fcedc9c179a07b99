// Internal: the hook recording and importing purchases call (interactions/, import/): the
// points of every purchase and refund stored after interaction id `after`.
#pragma once

#include <cstdint>

namespace clientele::store {
class Session;
}

namespace clientele::loyalty {

/// Earns the points of the purchases, and takes back those of the refunds, among the
/// interactions with internal id > `after`, by the stored rule set; nothing (one query)
/// without one. Each interaction earns at most once (customer_points.interaction_id is
/// unique), so running it twice over the same interactions writes nothing new.
void earn_for_interactions(store::Session& impl, std::int64_t after);

}  // namespace clientele::loyalty
