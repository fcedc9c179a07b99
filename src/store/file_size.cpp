// store::truncation: the database header's page size and page count against the file size.
#include "store/file_size.hpp"

#include <array>
#include <cstdint>
#include <fstream>

namespace clientele::store {

namespace {

// The SQLite file format (sqlite.org/fileformat2.html): big-endian integers in the first
// 100 bytes.
std::uint32_t be32(const std::array<unsigned char, 100>& h, std::size_t at) {
    return std::uint32_t{h[at]} << 24 | std::uint32_t{h[at + 1]} << 16 | std::uint32_t{h[at + 2]} << 8 | h[at + 3];
}

}  // namespace

std::string truncation(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size == 0) return {};
    std::array<unsigned char, 100> h{};
    {
        std::ifstream in(path, std::ios::binary);
        if (!in.read(reinterpret_cast<char*>(h.data()), h.size()))
            return "the file is " + std::to_string(size) + " bytes, shorter than an SQLite header";
    }
    if (std::string_view(reinterpret_cast<const char*>(h.data()), 16) != std::string_view("SQLite format 3\0", 16))
        return {};  // not SQLite at all: the open says so
    const std::uint32_t page_size = h[16] == 0 && h[17] == 1 ? 65536u : (std::uint32_t{h[16]} << 8 | h[17]);
    if (page_size < 512 || (page_size & (page_size - 1)) != 0) return "the header's page size is damaged";
    if (size % page_size != 0)
        return "the file is " + std::to_string(size) + " bytes, not a whole number of " + std::to_string(page_size) +
               "-byte pages: it was cut short";
    // The header's page count is valid only when written by the same change as the change
    // counter (both are then equal); a WAL with frames in it may be being copied into the
    // file by a checkpoint this very moment, so the count is judged only without one.
    const auto pages = be32(h, 28);
    if (pages == 0 || be32(h, 92) != be32(h, 24)) return {};
    auto wal = path;
    wal += "-wal";
    if (std::filesystem::file_size(wal, ec) > 0 && !ec) return {};
    const auto expected = std::uintmax_t{pages} * page_size;
    if (size < expected)
        return "the file is " + std::to_string(size) + " bytes but its header says " + std::to_string(expected) +
               ": it was cut short";
    return {};
}

}  // namespace clientele::store
