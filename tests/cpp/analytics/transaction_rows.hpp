// Transactions built up row by row in the analytics tests (RFM, lifecycle, CLV).
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "clientele/analytics.hpp"

namespace clientele::test {

constexpr std::int64_t kDay = 86400;

/// Rows built up in a test; timestamps given as day number plus seconds into the day.
struct Rows {
    std::vector<std::int64_t> customer, timestamp, amount;
    Rows& add(std::int64_t c, std::int64_t day, std::int64_t cents, std::int64_t second = 0) {
        customer.push_back(c);
        timestamp.push_back(day * kDay + second);
        amount.push_back(cents);
        return *this;
    }
    TransactionColumns columns() const { return {customer, timestamp, amount}; }
};

inline std::chrono::sys_days day(std::int64_t d) { return std::chrono::sys_days(std::chrono::days(d)); }

}  // namespace clientele::test
