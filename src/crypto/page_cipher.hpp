// Internal: sealing and opening one database page with libsodium's XChaCha20-Poly1305
// (IETF), the page number as associated data. The layout of an encrypted page:
//   [from, kPageSize - kReserve)   ciphertext of the same plaintext bytes
//   [kPageSize - kReserve, +24)    random nonce (new on every write)
//   [kPageSize - kTagBytes, end)   authentication tag
// SQLite leaves the last kReserve bytes of every page alone (the database's reserved
// bytes), so the plaintext never uses them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace clientele::crypto {

inline constexpr std::size_t kPageSize = 4096;  ///< every encrypted database's page size
inline constexpr std::size_t kNonceBytes = 24;
inline constexpr std::size_t kTagBytes = 16;
inline constexpr std::size_t kReserve = kNonceBytes + kTagBytes;  ///< reserved bytes per page
inline constexpr std::size_t kKeyBytes = 32;
inline constexpr std::size_t kSaltBytes = 16;  ///< in place of page 1's "SQLite format 3\0"

using Key = std::array<unsigned char, kKeyBytes>;
using Salt = std::array<unsigned char, kSaltBytes>;

/// Encrypts `page` (kPageSize bytes) in place from byte `from` on and writes nonce and tag
/// into its reserved bytes.
void seal_page(unsigned char* page, std::uint32_t page_number, std::size_t from, const Key& key);

/// Decrypts `page` in place; false (and the page unusable) when it fails authentication:
/// a wrong key, a changed byte, or the page of another position.
[[nodiscard]] bool open_page(unsigned char* page, std::uint32_t page_number, std::size_t from, const Key& key);

}  // namespace clientele::crypto
