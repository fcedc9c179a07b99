// Internal: customer_match_keys, the store's copy of each customer's blocking keys (the
// matcher's keys of name, birthday, postcode, city, street and email user name; phones and
// whole emails have their own tables). It is derived data, like the full-text document: it
// is written with a customer's child rows, removed with them, and rebuilt from the
// customers when the matcher's keys change (dedupe/blocking.hpp, kMatchKeysVersion).
#pragma once

#include <cstdint>
#include <vector>

#include "store/impl.hpp"

namespace clientele::store {

/// The keys find_duplicates probes for a customer (prepared: normalized contacts).
std::vector<std::uint64_t> match_keys(Database::Impl& impl, const Customer& c);

/// Writes a customer's keys (the caller removed any earlier ones: delete_children).
void write_match_keys(Database::Impl& impl, std::int64_t id, const Customer& c);

/// Recomputes the keys of every customer that is not merged into another, in the open
/// transaction, when the version they were made with is not kMatchKeysVersion; records the
/// version. Nothing to do on a read-only connection (find_duplicates then uses the keys as
/// they are).
void ensure_match_keys(Database::Impl& impl);

}  // namespace clientele::store
