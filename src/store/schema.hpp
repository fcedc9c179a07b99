// Internal: the schema, its version and its forward-only migrations.
#pragma once

#include "store/sqlite.hpp"

namespace clientele::store {

/// 'CLT1': marks a SQLite file as a clientele database (PRAGMA application_id).
inline constexpr std::int64_t kApplicationId = 0x434C5431;
inline constexpr int kSchemaVersion = 2;

/// Creates the schema in an empty database (one transaction).
void create_schema(Connection& conn);

/// Brings a database at an older user_version up to kSchemaVersion (one transaction).
void migrate(Connection& conn, int from_version);

}  // namespace clientele::store
