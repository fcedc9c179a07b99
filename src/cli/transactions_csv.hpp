// clientele CLI — a transactions CSV (customer_id, timestamp, amount; other columns
// ignored) read into the columns the analytics core takes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <clientele/analytics.hpp>
#include <clientele/cells.hpp>

namespace clientele::cli {

/// Our column name -> the file's header name (from --map customer_id=cust ...).
using ColumnMap = std::map<std::string, std::string>;

/// How the int64 customer keys name the file's customer ids. When every id is an integer
/// written plainly ("42", not "042" or "+42") the key is that integer (no table needed);
/// otherwise keys index `ids`, sorted by bytes. Either way results, in ascending key order,
/// come out sorted by id.
struct CustomerIds {
    bool numeric = true;
    std::vector<std::string> ids;
    std::string name(std::int64_t key) const {
        return numeric ? std::to_string(key) : ids[static_cast<std::size_t>(key)];
    }
};

struct TransactionsCsv {
    CustomerIds customers;
    std::vector<std::int64_t> customer, timestamp, amount;
    TransactionColumns columns() const { return {customer, timestamp, amount}; }
};

/// Reads FILE: a header naming at least customer_id, timestamp and amount (or any name
/// import reads as those fields: customer, date, 金额, ...). Times and amounts are cells
/// read by clientele::CellParser under `rules` (amounts with 2 decimals). Throws
/// InvalidInput naming the file, line and field of the first bad value.
TransactionsCsv read_transactions_csv(const std::filesystem::path& file, const ColumnMap& map,
                                      const CellRules& rules);

/// Keys of the customer ids in a customers CSV (column customer_id, renamed by `map`),
/// adding ids not seen in the transactions to `customers` (keys stay in id order).
std::vector<std::int64_t> read_customers_csv(const std::filesystem::path& file, const ColumnMap& map,
                                             TransactionsCsv& transactions);

/// Parses --map values "name=column".
ColumnMap parse_column_map(const std::vector<std::string>& items);

}  // namespace clientele::cli
