// Internal: the points ledger pieces the merge code shares (store/points.cpp).
#pragma once

#include <cstdint>
#include <span>

#include "clientele/database.hpp"

namespace clientele::store {

/// The sum of the points entries on the customer with internal id `customer`.
std::int64_t points_balance(store::Session& impl, std::int64_t customer);

/// InvalidInput when the balances of `customers` would not add up within 64 bits, so a
/// merge of them is refused before it writes (the survivor's balance is their sum).
void check_combined_balance(store::Session& impl, std::span<const std::int64_t> customers);

}  // namespace clientele::store
