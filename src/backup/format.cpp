#include "backup/format.hpp"

#include <cstring>

#include "clientele/error.hpp"

namespace clientele::backup {
namespace {

template <class T>
void put(std::string& out, T v) {
    for (std::size_t i = 0; i < sizeof(T); ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

template <class T>
T take(std::string_view& in) {
    T v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(static_cast<unsigned char>(in[i])) << (8 * i);
    in.remove_prefix(sizeof(T));
    return v;
}

template <std::size_t N>
void put(std::string& out, const std::array<unsigned char, N>& a) {
    out.append(reinterpret_cast<const char*>(a.data()), N);
}

template <std::size_t N>
void take(std::string_view& in, std::array<unsigned char, N>& a) {
    std::memcpy(a.data(), in.data(), N);
    in.remove_prefix(N);
}

}  // namespace

std::string encode_header(const Header& h) {
    std::string out(kMagic);
    put<std::uint16_t>(out, kFormatVersion);
    put<std::uint8_t>(out, static_cast<std::uint8_t>(h.protection));
    put<std::uint8_t>(out, static_cast<std::uint8_t>(h.compression));
    put(out, h.opslimit);
    put(out, h.memlimit);
    put(out, h.algorithm);
    put(out, h.salt);
    put(out, h.key_check);
    put(out, h.stream_header);
    return out;
}

Header decode_header(std::string_view in) {
    if (in.size() < kHeaderSize || in.substr(0, kMagic.size()) != kMagic)
        throw CorruptData("not a clientele backup (no backup header)");
    in.remove_prefix(kMagic.size());
    const auto version = take<std::uint16_t>(in);
    if (version > kFormatVersion)
        throw Unsupported("backup format " + std::to_string(version) + " is newer than this library reads (" +
                          std::to_string(kFormatVersion) + ")");
    if (version == 0) throw CorruptData("damaged backup header (format version 0)");
    Header h;
    const auto protection = take<std::uint8_t>(in);
    const auto compression = take<std::uint8_t>(in);
    if (protection > static_cast<std::uint8_t>(Protection::key_file) ||
        compression != static_cast<std::uint8_t>(Compression::zlib))
        throw CorruptData("damaged backup header (unknown protection or compression)");
    h.protection = static_cast<Protection>(protection);
    h.compression = static_cast<Compression>(compression);
    h.opslimit = take<std::uint64_t>(in);
    h.memlimit = take<std::uint64_t>(in);
    h.algorithm = take<std::uint32_t>(in);
    take(in, h.salt);
    take(in, h.key_check);
    take(in, h.stream_header);
    return h;
}

const char* protection_name(Protection p) {
    switch (p) {
        case Protection::passphrase: return "passphrase";
        case Protection::key_file: return "key-file";
        case Protection::none: break;
    }
    return "none";
}

std::string frame(std::string_view body) {
    std::string out;
    out.reserve(4 + body.size());
    put(out, static_cast<std::uint32_t>(body.size()));
    out.append(body);
    return out;
}

std::optional<std::string> read_frame(std::istream& in) {
    char prefix[4];
    in.read(prefix, 4);
    if (in.gcount() == 0) return std::nullopt;
    if (in.gcount() != 4) throw CorruptData("backup is cut short (inside a frame length)");
    std::string_view p(prefix, 4);
    const auto length = take<std::uint32_t>(p);
    if (length > kMaxFrame) throw CorruptData("damaged backup (a frame of " + std::to_string(length) + " bytes)");
    std::string body(length, '\0');
    in.read(body.data(), length);
    if (static_cast<std::uint32_t>(in.gcount()) != length) throw CorruptData("backup is cut short (inside a frame)");
    return body;
}

}  // namespace clientele::backup
