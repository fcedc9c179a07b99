// Internal: the schema, its version and its forward-only migrations.
#pragma once

#include <string>

#include "store/sqlite.hpp"

namespace clientele::store {

/// 'CLT1': marks a SQLite file as a clientele database (PRAGMA application_id).
inline constexpr std::int64_t kApplicationId = 0x434C5431;
/// The audit trail's erasures as (customer, action 'delete'|'anonymize', at) rows, oldest first:
/// the one reading of the trail that both fills the register when a file is migrated to
/// schema 9 and stands in for the register when a restore reads a file older than that.
/// A macro so the migration's SQL text can include it as a literal.
#define CLT_ERASURES_FROM_AUDIT_SQL                                                              \
    "SELECT customer, CASE action WHEN 'customer.delete' THEN 'delete' ELSE 'anonymize' END, at " \
    "FROM audit_log WHERE action IN ('customer.delete', 'customer.anonymize') AND customer IS NOT NULL ORDER BY id"

inline constexpr int kSchemaVersion = 12;

/// The SQL expression that computes a customer's card (customers.card: its child rows as
/// one JSON value) from the child tables, for `UPDATE customers SET card = ... WHERE ...`.
/// Groups in a fixed order (contacts by position, tags and consent by name), each an array
/// of arrays that load_customer reads back by position.
inline constexpr const char* kCardSql =
    "json_object("
    "'e', (SELECT json_group_array(json_array(address, normalized, label, is_primary)) FROM "
    "(SELECT * FROM customer_emails WHERE customer_id = customers.id ORDER BY position)), "
    "'p', (SELECT json_group_array(json_array(number, e164, label, is_primary)) FROM "
    "(SELECT * FROM customer_phones WHERE customer_id = customers.id ORDER BY position)), "
    "'a', (SELECT json_group_array(json_array(label, street, city, region, postcode, country, is_primary)) FROM "
    "(SELECT * FROM customer_addresses WHERE customer_id = customers.id ORDER BY position)), "
    "'t', (SELECT json_group_array(tag) FROM "
    "(SELECT tag FROM customer_tags WHERE customer_id = customers.id ORDER BY tag)), "
    "'c', (SELECT json_group_array(json_array(channel, status, at, method)) FROM "
    "(SELECT * FROM customer_consents WHERE customer_id = customers.id ORDER BY channel)))";

/// Creates the schema in an empty database (one transaction).
void create_schema(Connection& conn);

/// Brings a database at an older user_version up to kSchemaVersion, and adds the column of
/// any customer text field it lacks (one transaction).
void migrate(Connection& conn, int from_version);

/// True when the customers table lacks the column of a text field of
/// model/customer_fields.hpp: a file written before that field existed. Text fields are
/// additive columns with the default '', so they need no schema version of their own.
bool lacks_field_columns(Connection& conn);

}  // namespace clientele::store
