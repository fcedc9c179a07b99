// Internal: how every connection to a store is set up. The store benchmark's bare-sqlite
// baseline uses the same list, so the comparison is like for like.
#pragma once

namespace clientele::store {

/// For connections that may write: WAL lets readers run beside one writer; NORMAL
/// synchronous is durable across application crashes in WAL mode.
inline constexpr const char* kWritePragmas[] = {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"};

/// For every connection. Savepoint journals live in memory; a 64 MiB page cache and
/// memory-mapped reads keep lookups on a large store out of read() calls. The map is
/// address space, not memory: 2 GiB (SQLite's usual compile-time cap) covers a store of
/// about 1.8 M customers; beyond that the rest of the file is read with pread.
/// secure_delete: a deleted or overwritten row's bytes are zeroed, not left in free space
/// for anyone holding the file to read (deleted means gone; docs/deletion.md).
inline constexpr const char* kPragmas[] = {"PRAGMA foreign_keys = ON", "PRAGMA temp_store = MEMORY",
                                           "PRAGMA cache_size = -65536", "PRAGMA mmap_size = 2147418112",
                                           "PRAGMA secure_delete = ON"};

}  // namespace clientele::store
