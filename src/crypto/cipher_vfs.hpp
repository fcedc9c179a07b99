// Internal: the SQLite VFS that encrypts a database's pages on their way to disk and
// decrypts them on their way back (crypto/page_cipher.hpp). It wraps the default VFS and
// is registered once, not as the default: only connections that name it (URI parameter
// vfs=, see crypto/file_key.hpp) use it, so plain databases never go through it.
//
// The key of each file comes from the URI parameters of its database's name (clt_key,
// clt_salt), which SQLite also hands to the database's -wal and -journal files: no key
// lives anywhere but in the connection that opened the file.
//
//  main file: every page encrypted; page 1's first 16 bytes hold the file's salt instead
//             of "SQLite format 3\0" (given back as the magic on read).
//  WAL:       the page image of every frame encrypted (header and frame headers are not:
//             they hold page numbers, salts and checksums, no row data).
//  journal:   the page image of every record encrypted.
//  anything else (temporary files): refused. Encrypted connections keep them in memory
//             (temp_store = MEMORY), so none is ever written in clear.
#pragma once

namespace clientele::crypto {

/// The registered name of the cipher VFS; registers it on first call (thread-safe).
const char* cipher_vfs_name();

}  // namespace clientele::crypto
