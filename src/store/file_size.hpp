// Internal: the cheap check every open makes that the file is as long as its own header
// says. A file cut short (a failed copy, a full disk, a truncation) still opens in SQLite
// and reads until it reaches a missing page; writing to it would build on pages that are
// not there.
#pragma once

#include <filesystem>
#include <string>

namespace clientele::store {

/// Why the database file at `path` is shorter than its header says (or not a whole number
/// of pages); empty when its length is right or cannot be judged (no file, no header,
/// a write-ahead log still holding changes a checkpoint may be copying in).
std::string truncation(const std::filesystem::path& path);

}  // namespace clientele::store
