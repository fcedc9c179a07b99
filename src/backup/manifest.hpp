// Internal: the manifest as the JSON text stored in a backup and handed to the C ABI and
// Python, and the facts about a database file it is made of and checked against.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "clientele/backup.hpp"
#include "crypto/file_key.hpp"

namespace clientele::backup {

nlohmann::json to_json(const BackupManifest& m);
/// The manifest plus "erasures_reapplied" and "erasures_left" (UUID texts).
nlohmann::json to_json(const RestoreResult& r);
/// CorruptData when `text` is not a manifest.
BackupManifest manifest_from_text(std::string_view text);

/// Schema version and row counts of the SQLite file at `path` (opened read-only, as
/// immutable: nobody else has it). `key` opens an encrypted one.
BackupManifest describe_database(const std::filesystem::path& path, const crypto::FileKey* key = nullptr);

/// CorruptData unless the file at `path` passes SQLite's integrity check, is a clientele
/// database, and holds exactly the schema version and row counts `expected` records.
void check_database(const std::filesystem::path& path, const BackupManifest& expected,
                    const crypto::FileKey* key = nullptr);

}  // namespace clientele::backup
