// Internal: the points ledger pieces the merge code shares (store/points.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "clientele/database.hpp"

namespace clientele::store {

/// The sum of the points entries on the customer with internal id `customer`.
std::int64_t points_balance(store::Session& impl, std::int64_t customer);

/// What is wrong with the ledger (subject, why): entries that cannot be read back, a
/// balance below zero or past 64 bits, entries left on a merged customer (a merge moves
/// them to the survivor).
std::vector<std::pair<std::string, std::string>> ledger_problems(store::Session& impl);

}  // namespace clientele::store
