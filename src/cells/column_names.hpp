// Internal: the one table of CSV column names — which record field a header names, in
// every alias we accept (English, Chinese, numbered groups) — shared by import, dedupe
// input and the analytics CLI. The public view is clientele::canonical_column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "clientele/cells.hpp"

namespace clientele::cells {

enum class Field {
    ignore, custom, custom_json, external_id, uuid,
    // customers; the groups (email..., phone..., street..address_primary) are numbered by
    // Column::slot, consent... by channel
    // a text field of model/customer_fields.hpp, Column::slot its index there
    text,
    kind, email, email_label, email_primary, phone, phone_label, phone_primary, street, city, region, postcode,
    country, address_label, address_primary, birthday, gender, tags, owner, status, created_at, last_verified_at,
    consent, consent_at, consent_method,
    // the second line of the street (address_2, street2): added to the street
    street_line2,
    // interactions (also kind, owner, custom, external_id, uuid)
    customer, occurred_at, amount, currency, channel, direction, subject, body, csat, nps, complaint_status, due_at,
};

/// What a header names: a field and its group (0-based: "email2" -> slot 1; for the
/// consent fields the ConsentChannel; for Field::text the text field's index).
/// Field::ignore when it names none.
struct ColumnTarget {
    Field field = Field::ignore;
    std::size_t slot = 0;
};

/// Header text -> lookup form: trimmed (also a byte-order mark), ASCII lower case, spaces
/// and dashes as '_'.
std::string normalize_header(std::string_view header);

/// The field a header names (raw or normalized text).
ColumnTarget recognize(std::string_view header, RecordType type);

/// True for the fields of an address group (street..country).
inline bool is_address_part(Field f) { return f >= Field::street && f <= Field::country; }

/// The header export writes for `field` in group `slot`: "email2", "email2_label",
/// "address2_city", "consent_sms_at", "display_name", ... — what recognize reads back.
std::string header_of(Field field, std::size_t slot = 0);

}  // namespace clientele::cells
