// Internal: which record field each CSV column feeds, by header name (the table of
// src/cells/column_names.cpp) or the caller's column map, and applying one row of values.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/import_export.hpp"
#include "clientele/model.hpp"
#include "cells/column_names.hpp"
#include "clientele/cells.hpp"

namespace clientele::import {

using cells::Field;

/// The column an import writes its reasons into, and ignores when reading.
inline constexpr std::string_view kErrorColumn = "import_error";

/// The customers export's read-only column (and JSON Lines key): the points balance, which
/// only the ledger changes. Import reads past it (docs/import-export.md).
inline constexpr std::string_view kPointsBalanceColumn = "points_balance";

/// "No such column" for the partner indexes of Column.
inline constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);

struct Column {
    Field field = Field::ignore;
    std::string header;      ///< as written in the file
    std::string custom_key;  ///< Field::custom, Field::custom_json
    /// The group: 0-based number of the email, phone or address (email2 -> 1); for the
    /// consent fields the ConsentChannel.
    std::size_t slot = 0;
    /// email/phone: the row indexes of its slot's label and primary columns. Label,
    /// primary, consent_at/consent_method: the index of the column they belong to (the
    /// email, phone or consent status; for addresses the first part column of the slot).
    /// Linked once by plan_columns, so a row is read without searching.
    std::size_t label = kNoColumn, primary = kNoColumn, value = kNoColumn;
};

using clientele::RecordType;

/// Columns for a header row. InvalidInput (naming the column) for a map entry naming an
/// unknown field, an unknown column under UnknownColumns::error, a field given twice, or
/// a header without the columns the record type needs.
std::vector<Column> plan_columns(std::span<const std::string> header, const ImportOptions& options, RecordType type);

/// Values of one CSV row, by column.
using Row = std::span<const std::string_view>;

/// Applies a row onto `c` (a stored customer being updated, or a new one): columns the
/// file has replace the customer's values (an empty cell clears); others are kept. Sets
/// `at` to the column being read, so a failure can be located.
void apply_customer(std::span<const Column> columns, Row row, Customer& c, const CellParser& cell,
                    std::size_t& at);

/// Builds an interaction from a row; the customer reference goes to
/// customer_external_id (either form: the store resolves UUIDs and external ids).
Interaction read_interaction(std::span<const Column> columns, Row row, const CellParser& cell,
                             std::string_view default_currency, std::size_t& at);

/// True when `header` would not be read as the custom field of that name: a standard
/// field, a `custom.`/`custom_json.` prefix, or the import_error column.
bool is_field_name(std::string_view header, RecordType type);

using cells::header_of;

/// "yes" for an export's primary flag.
inline constexpr std::string_view kYes = "yes";

/// The key a customer row is matched by: its external_id, else its uuid ("" if none).
std::string customer_key(std::span<const Column> columns, Row row);

}  // namespace clientele::import
