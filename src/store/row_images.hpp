// Internal: exact images of stored rows — every column as stored — as JSON, and writing
// them back. Unmerge needs the previous state byte for byte (row ids, versions, timestamps,
// the custom JSON text as it was), which the model types do not carry; and images taken
// column by column keep working when a later schema adds columns.
//
// A row image is a JSON object {column: value}: integers as numbers, text as strings, NULL
// as null, blobs as {"blob": "<hex>"}.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/sqlite.hpp"

namespace clientele::store {

/// The rows `select` returns (any SELECT; its column names become the keys). The statement
/// is prepared for this call only, so `select` may splice in an in_list().
nlohmann::json capture_rows(Connection& conn, const std::string& select);

/// INSERT INTO table each row image of `rows` (an array).
void insert_rows(Connection& conn, const std::string& table, const nlohmann::json& rows);

/// UPDATE table SET every column of `row` but `key` WHERE key = row[key].
void update_row(Connection& conn, const std::string& table, const nlohmann::json& row, const std::string& key);

/// "(1,2,3)" for an IN clause (integers only, so nothing can be injected).
std::string in_list(const std::vector<std::int64_t>& ids);

}  // namespace clientele::store
