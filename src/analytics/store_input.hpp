// Internal: the visible customers' purchases and refunds read from the store as columns for
// the column core. Shared by db.analytics() and db.reports(), so a report counts exactly
// the rows the analytics count.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/analytics.hpp"

namespace clientele::store {
class Session;
}

namespace clientele::analytics_store {

/// Purchases (amount as stored, >= 0; none counts as 0) and refunds (stored negative; a
/// zero refund is left out, since the core would count an amount of 0 as a purchase).
struct StoredTransactions {
    std::vector<std::int64_t> customer, timestamp, amount;
    TransactionColumns columns() const { return {customer, timestamp, amount}; }
};

/// The currency to count: the one asked for; else the only one of the visible rows.
std::string currency_to_count(store::Session& impl, std::string_view currency);
/// The visible rows in `currency` (as currency_to_count returned it).
StoredTransactions read_transactions(store::Session& impl, std::string_view currency);
/// Visible customers (ascending internal id) and their public references.
void read_customers(store::Session& impl, std::vector<std::int64_t>& ids, std::vector<std::string>& refs);

}  // namespace clientele::analytics_store
