// Internal: the customer writes other features build on (the importer, the create-time
// duplicate check), with what they need to say that the public calls do not.
#pragma once

#include "clientele/model.hpp"
#include "store/session.hpp"

namespace clientele::store {

/// Customers::create, for a new or a restored record (store::Origin).
Customer create_customer(Session& session, const Customer& customer, Origin origin);
/// Customers::save.
Customer save_customer(Session& session, const Customer& customer);
/// Writes `next` over the customer with internal id `id` as it is, status included (the
/// public calls refuse to set a status such as anonymized): validated, version bumped, every
/// derived row (search, match keys, card) rewritten. The caller checks permissions and holds
/// the write scope.
Customer rewrite_customer(Session& session, std::int64_t id, Customer next);
/// Deletes the customer with internal id `id` and every row derived from it (search row,
/// match keys, the merges holding a copy of it; contacts, tags and interactions go by
/// cascade). Leaves purge_deleted_tokens to the caller, so a bulk delete merges the index
/// once. The caller checks permissions and holds the write scope.
void delete_customer_rows(Session& session, std::int64_t id);
/// Merges the full-text index's segments so the tokens of deleted or rewritten search rows
/// leave the file (inside the write scope; docs/deletion.md).
void purge_deleted_tokens(Session& session);
/// Checkpoints and truncates the WAL so it drops the pages as they were before; best effort,
/// after the commit.
void truncate_wal(Session& session);

}  // namespace clientele::store
