// Internal: the points ledger pieces the merge code shares (store/points.cpp).
#pragma once

#include <cstdint>

#include "clientele/database.hpp"

namespace clientele::store {

/// The sum of the points entries on the customer with internal id `customer`.
std::int64_t points_balance(store::Session& impl, std::int64_t customer);

}  // namespace clientele::store
