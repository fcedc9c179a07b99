// Internal: the points ledger pieces the merge code shares (store/points.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "clientele/database.hpp"

namespace clientele::store {

/// The sum of the points entries on the customer with internal id `customer`.
std::int64_t points_balance(store::Session& impl, std::int64_t customer);

/// InvalidInput when the balances of `customers` would not add up within 64 bits, so a
/// merge of them is refused before it writes (the survivor's balance is their sum).
void check_combined_balance(store::Session& impl, std::span<const std::int64_t> customers);

/// What is wrong with the ledger (subject, why): entries that cannot be read back, a
/// balance below zero or past 64 bits, entries left on a merged customer (a merge moves
/// them to the survivor).
std::vector<std::pair<std::string, std::string>> ledger_problems(store::Session& impl);

}  // namespace clientele::store
