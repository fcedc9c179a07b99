// Internal: the keys used in a table's `custom` JSON column, for features whose records
// carry custom fields (customers, interactions) to describe them to the exporter.
#pragma once

#include <string>
#include <vector>

#include "store/sqlite.hpp"

namespace clientele::store {

struct CustomKey {
    std::string key;
    /// Some value of the key is not non-empty text (a number, an object, true, null, ""),
    /// so a text column could not carry it back exactly.
    bool needs_json = false;
};

/// The keys of `table`.custom over all its rows, in key order. `table` is the caller's
/// own table name (a constant, never input).
std::vector<CustomKey> custom_keys(Connection& conn, const char* table);

}  // namespace clientele::store
