// Internal: customer_match_keys, the store's copy of each customer's blocking keys (the
// matcher's keys of name, birthday, postcode, city, street and email user name; phones and
// whole emails have their own tables). It is derived data, like the full-text document: it
// is written with a customer's child rows, removed with them, and rebuilt from the
// customers when the matcher's keys change (dedupe/blocking.hpp, kMatchKeysVersion).
// Keys of customers written in an open transaction wait in Impl::pending_keys until it
// commits (see write_match_keys).
#pragma once

#include <cstdint>
#include <vector>

#include "store/session.hpp"

namespace clientele::store {

/// The keys find_duplicates probes for a customer (prepared: normalized contacts).
std::vector<std::uint64_t> match_keys(store::Session& impl, const Customer& c);

/// Writes a customer's key set and adds its keys to the connection's pending keys (the
/// caller removed any earlier ones: delete_match_keys). Inserting ten random hashes per customer straight into a
/// table of ten million scattered the writes over every page of it: a bulk load of 1M
/// customers ran at a third of the rate without them, most of the time spent looking pages
/// up in the WAL. Written at commit in key order instead, each page is touched once.
void write_match_keys(store::Session& impl, std::int64_t id, const Customer& c);

/// Removes a customer's keys (they are found through its key set).
void delete_match_keys(store::Session& impl, std::int64_t id);

/// What is wrong with customer `id`'s stored keys, its value being `c` (a merged customer has
/// none): a key set other than match_keys(c), or keys of the set missing from the index.
/// Empty when nothing.
std::string match_key_problem(store::Session& impl, std::int64_t id, const Customer& c);

/// How many rows of the key index no customer's key set accounts for.
std::int64_t stray_match_keys(store::Session& impl);

/// Writes the pending keys into customer_match_keys. Called before a transaction commits,
/// before a savepoint is taken, and before anything reads or deletes from the table.
void flush_match_keys(store::Session& impl);

/// Recomputes the keys of every customer that is not merged into another, in the open
/// transaction, when the version they were made with is not kMatchKeysVersion; records the
/// version. Nothing to do on a read-only connection (find_duplicates then uses the keys as
/// they are).
void ensure_match_keys(store::Session& impl);

}  // namespace clientele::store
