// Internal: the keys the core writes for each kind of record besides customers (those come
// from the field table, model/customer_fields.hpp), in the order a table of them shows.
// The Python package's DataFrame columns are these lists (`_core.record_json_keys`), not a
// copy of them; tests/cpp/model/test_record_keys.cpp holds them to what to_json writes.
#pragma once

#include <span>
#include <string_view>

namespace clientele {

std::span<const std::string_view> interaction_json_keys();
std::span<const std::string_view> points_entry_json_keys();
std::span<const std::string_view> user_json_keys();
std::span<const std::string_view> audit_entry_json_keys();  ///< json/audit_json.cpp
std::span<const std::string_view> reminder_json_keys();     ///< json/reminder_json.cpp
std::span<const std::string_view> case_json_keys();  ///< json/cases_json.cpp

}  // namespace clientele
