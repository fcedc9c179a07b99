// clientele — the JSON form of the model, shared by the C ABI, Python and the CLI.
//
// Instants are ISO 8601 UTC strings, dates "YYYY-MM-DD", enums their text names, money
// `amount_minor` (integer) + `currency`, and the public id the UUID text. Empty strings
// and unset optionals are omitted on output; on input, null and absent mean the same.
// The *_from_json functions check every field's type and value and throw InvalidInput
// naming the field (with `source` and `row` when given), so bad JSON never becomes data.
#pragma once

#include "clientele/export.h"

#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "clientele/model.hpp"
#include "clientele/database.hpp"

namespace clientele {

CLIENTELE_API nlohmann::json to_json(const Customer& c);
CLIENTELE_API nlohmann::json to_json(const Interaction& i);
CLIENTELE_API nlohmann::json to_json(const User& u);
CLIENTELE_API nlohmann::json to_json(const CustomerPage& p);
CLIENTELE_API nlohmann::json to_json(const InteractionPage& p);
CLIENTELE_API nlohmann::json to_json(const StoreStats& s);
CLIENTELE_API nlohmann::json to_json(const TagCount& t);
/// {"committed", "rows", "created", "updated", "unchanged", "rejected", "encoding",
/// "errors": [{"file", "line", "column", "value", "reason", "message"}]}.
CLIENTELE_API nlohmann::json to_json(const ImportReport& r);

/// Reads a customer. Read-only fields (id, created_at, updated_at, version, status and the
/// normalized contact forms) are accepted and kept, so a record read back round-trips.
CLIENTELE_API Customer customer_from_json(const nlohmann::json& j, std::string_view source = "json",
                            std::int64_t row = 0);
CLIENTELE_API Interaction interaction_from_json(const nlohmann::json& j, std::string_view source = "json",
                                  std::int64_t row = 0);
CLIENTELE_API User user_from_json(const nlohmann::json& j, std::string_view source = "json");
CLIENTELE_API CustomerFilter customer_filter_from_json(const nlohmann::json& j);
CLIENTELE_API InteractionFilter interaction_filter_from_json(const nlohmann::json& j);

/// Parses UTF-8 text that must be a JSON object; InvalidInput otherwise.
CLIENTELE_API nlohmann::json parse_json_object(std::string_view text, std::string_view source = "json");

/// Parses any JSON value; every failure (bad syntax, a number too large for a double, ...)
/// is an InvalidInput naming `source`, never a nlohmann exception.
CLIENTELE_API nlohmann::json parse_json(std::string_view text, std::string_view source = "json");

}  // namespace clientele
