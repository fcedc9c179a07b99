// Internal: which record field each CSV column feeds, by header name (documented in
// docs/import-export.md) or the caller's column map, and applying one row of values.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clientele/import_export.hpp"
#include "clientele/model.hpp"
#include "import/instant.hpp"

namespace clientele::import {

enum class Field {
    ignore, custom, custom_json, external_id, uuid,
    // customers; the groups (email..., phone..., street..address_primary) are numbered by
    // Column::slot, consent... by channel
    display_name, given_name, family_name, company, job_title, kind, email, email_label, email_primary, phone,
    phone_label, phone_primary, street, city, region, postcode, country, address_label, address_primary, birthday,
    gender, tags, owner, source, membership_level, status, notes, created_at, last_verified_at, consent, consent_at,
    consent_method,
    // interactions (also kind, owner, custom, external_id, uuid)
    customer, occurred_at, amount, currency, channel, direction, subject, body, csat, nps, complaint_status, due_at,
};

/// The column an import writes its reasons into, and ignores when reading.
inline constexpr std::string_view kErrorColumn = "import_error";

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

enum class RecordType { customers, interactions };

/// Columns for a header row. InvalidInput (naming the column) for a map entry naming an
/// unknown field, an unknown column under UnknownColumns::error, a field given twice, or
/// a header without the columns the record type needs.
std::vector<Column> plan_columns(std::span<const std::string> header, const ImportOptions& options, RecordType type);

/// Values of one CSV row, by column.
using Row = std::span<const std::string_view>;

/// Applies a row onto `c` (a stored customer being updated, or a new one): columns the
/// file has replace the customer's values (an empty cell clears); others are kept. Sets
/// `at` to the column being read, so a failure can be located.
void apply_customer(std::span<const Column> columns, Row row, Customer& c, const InstantParser& time,
                    std::size_t& at);

/// Builds an interaction from a row; the customer reference goes to
/// customer_external_id (either form: the store resolves UUIDs and external ids).
Interaction read_interaction(std::span<const Column> columns, Row row, const InstantParser& time,
                             std::string_view default_currency, std::size_t& at);

/// True when `header` would not be read as the custom field of that name: a standard
/// field, a `custom.`/`custom_json.` prefix, or the import_error column.
bool is_field_name(std::string_view header, RecordType type);

/// The header export writes for `field` in group `slot` (see Column::slot): "email2",
/// "email2_label", "address2_city", "consent_sms_at", ... — what plan_columns reads back.
std::string header_of(Field field, std::size_t slot = 0);

/// "yes" for an export's primary flag.
inline constexpr std::string_view kYes = "yes";

/// The key a customer row is matched by: its external_id, else its uuid ("" if none).
std::string customer_key(std::span<const Column> columns, Row row);

}  // namespace clientele::import
