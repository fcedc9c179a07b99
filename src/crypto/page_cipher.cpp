#include "crypto/page_cipher.hpp"

#include <sodium.h>

namespace clientele::crypto {
namespace {

// Big-endian, as SQLite writes page numbers into WAL frames and journals.
std::array<unsigned char, 4> associated_data(std::uint32_t n) {
    return {static_cast<unsigned char>(n >> 24), static_cast<unsigned char>(n >> 16),
            static_cast<unsigned char>(n >> 8), static_cast<unsigned char>(n)};
}

constexpr std::size_t kNonceAt = kPageSize - kReserve;
constexpr std::size_t kTagAt = kPageSize - kTagBytes;

}  // namespace

void seal_page(unsigned char* page, std::uint32_t page_number, std::size_t from, const Key& key) {
    const auto ad = associated_data(page_number);
    randombytes_buf(page + kNonceAt, kNonceBytes);
    crypto_aead_xchacha20poly1305_ietf_encrypt_detached(page + from, page + kTagAt, nullptr, page + from,
                                                        kNonceAt - from, ad.data(), ad.size(), nullptr,
                                                        page + kNonceAt, key.data());
}

bool open_page(unsigned char* page, std::uint32_t page_number, std::size_t from, const Key& key) {
    const auto ad = associated_data(page_number);
    return crypto_aead_xchacha20poly1305_ietf_decrypt_detached(page + from, nullptr, page + from, kNonceAt - from,
                                                               page + kTagAt, ad.data(), ad.size(), page + kNonceAt,
                                                               key.data()) == 0;
}

}  // namespace clientele::crypto
