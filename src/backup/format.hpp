// Internal: the backup file's layout (docs/backup.md).
//
//   header (kHeaderSize bytes, little-endian): magic, format version, protection,
//          compression, Argon2id ops/mem limits and algorithm, salt, key check,
//          secretstream header
//   frames: u32 length + body; the first holds the manifest (JSON), the others the
//          compressed database bytes, the last is marked final
//   trailer, unencrypted files only: BLAKE2b-256 of every byte before it
//
// Encrypted, each body is one secretstream message (its tag says final) and the header is
// the first message's associated data, so changing any byte fails authentication. Plain,
// a body is a tag byte and the bytes, and the trailer catches a change.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

namespace clientele::backup {

inline constexpr std::string_view kMagic{"CLTBACK\x1a", 8};
inline constexpr std::uint16_t kFormatVersion = 1;
inline constexpr std::size_t kHeaderSize = 88;
/// The largest frame body a reader accepts: a damaged length cannot make it allocate more.
inline constexpr std::uint32_t kMaxFrame = 1u << 20;

enum class Protection : std::uint8_t { none = 0, passphrase = 1, key_file = 2 };
enum class Compression : std::uint8_t { zlib = 1 };

struct Header {
    Protection protection = Protection::none;
    Compression compression = Compression::zlib;
    std::uint64_t opslimit = 0;
    std::uint64_t memlimit = 0;
    std::uint32_t algorithm = 0;
    std::array<unsigned char, 16> salt{};
    std::array<unsigned char, 16> key_check{};
    std::array<unsigned char, 24> stream_header{};
};

std::string encode_header(const Header& h);
/// CorruptData when `bytes` is not a clientele backup header, Unsupported for a newer one.
Header decode_header(std::string_view bytes);

/// "passphrase", "key-file", "none".
const char* protection_name(Protection p);

/// A frame as written: length prefix and body.
std::string frame(std::string_view body);
/// The next frame's body, or nullopt at the end of the stream; CorruptData when cut short.
std::optional<std::string> read_frame(std::istream& in);

}  // namespace clientele::backup
