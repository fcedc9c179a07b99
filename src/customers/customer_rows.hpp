// Internal: a customer's rows — the customers row, its contact/tag/consent rows and its
// search document — written and read in one place for every operation.
#pragma once

#include <optional>

#include "store/session.hpp"

namespace clientele::store {

/// Inserts a prepared customer (id/uuid, timestamps and version already set); returns the
/// internal id.
std::int64_t insert_customer(store::Session& impl, const Customer& c, std::optional<std::int64_t> owner_id);
/// Takes out a customer insert_customer just put in, when a later step of its create fails.
void remove_inserted_customer(store::Session& impl, std::int64_t id);

/// Rewrites a customer in place if its stored version is still `expected_version`;
/// Conflict otherwise.
void update_customer_rows(store::Session& impl, std::int64_t id, const Customer& c,
                          std::optional<std::int64_t> owner_id, std::int64_t expected_version);

Customer load_customer(store::Session& impl, std::int64_t id);

/// Removes a customer's contact, tag and consent rows, its search document and its match
/// keys.
void delete_children(store::Session& impl, std::int64_t id);

/// Recomputes customers.card from the child tables (kCardSql), where they changed without a
/// whole Customer at hand (merge, unmerge); writes of a Customer store card_json instead.
void refresh_card(store::Session& impl, std::int64_t id);

/// Rewrites only the tags (and the search document, which contains them).
void write_tags(store::Session& impl, std::int64_t id, const Customer& c);

}  // namespace clientele::store
