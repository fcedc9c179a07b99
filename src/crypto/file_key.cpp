#include "crypto/file_key.hpp"

#include <sodium.h>

#include <array>
#include <cstring>
#include <fstream>

#include "crypto/cipher_vfs.hpp"
#include "text/hex.hpp"

namespace clientele::crypto {
namespace {

constexpr const char kWrongKey[] = "wrong key, or not an encrypted clientele database";

Key raw_key(const std::string& text) {
    Key k{};
    if (text.size() == kKeyBytes) {
        std::memcpy(k.data(), text.data(), kKeyBytes);
        return k;
    }
    std::size_t len = 0;
    if (text.size() != 2 * kKeyBytes ||
        sodium_hex2bin(k.data(), k.size(), text.data(), text.size(), nullptr, &len, nullptr) != 0 || len != kKeyBytes)
        throw InvalidInput("key", "an encryption key must be 32 bytes or 64 hexadecimal digits");
    return k;
}

FileKey derive(const EncryptionKey& key, const Salt& salt) {
    if (!key.passphrase.empty() && !key.key.empty())
        throw InvalidInput("key", "give a passphrase or a key, not both");
    if (sodium_init() < 0) throw StorageError("cannot initialise libsodium");
    FileKey out;
    out.salt = salt;
    if (!key.key.empty()) {
        out.key = raw_key(key.key);
        return out;
    }
    if (crypto_pwhash(out.key.data(), out.key.size(), key.passphrase.data(), key.passphrase.size(), salt.data(),
                      crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw StorageError("not enough memory to derive the key from the passphrase (Argon2id)");
    return out;
}

Salt random_salt() {
    if (sodium_init() < 0) throw StorageError("cannot initialise libsodium");
    Salt s{};
    randombytes_buf(s.data(), s.size());
    return s;
}

// The file's first page as far as it exists (fewer bytes for a short file).
std::string first_page(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    std::string page(kPageSize, '\0');
    in.read(page.data(), static_cast<std::streamsize>(page.size()));
    page.resize(static_cast<std::size_t>(in.gcount()));
    return page;
}

}  // namespace

FileKey::~FileKey() { sodium_memzero(key.data(), key.size()); }

std::optional<FileKey> file_key(const std::filesystem::path& path, const EncryptionKey& key) {
    if (key.empty()) return std::nullopt;
    const std::string page = first_page(path);
    if (page.size() < kSaltBytes) return derive(key, random_salt());
    Salt salt{};
    std::memcpy(salt.data(), page.data(), kSaltBytes);
    return derive(key, salt);
}

std::optional<FileKey> new_file_key(const EncryptionKey& key) {
    if (key.empty()) return std::nullopt;
    return derive(key, random_salt());
}

void check_key(const std::filesystem::path& path, const FileKey& key) {
    std::string page = first_page(path);
    if (page.empty()) return;
    if (page.compare(0, kSaltBytes, std::string_view("SQLite format 3\0", 16)) == 0)
        throw InvalidInput("key", "'" + path.string() +
                                      "' is a plain (unencrypted) database: open it without a key, or encrypt it with rekey");
    if (page.size() < kPageSize) throw WrongKey("cannot open '" + path.string() + "': " + kWrongKey);
    auto* bytes = reinterpret_cast<unsigned char*>(page.data());
    const bool ok = open_page(bytes, 1, kSaltBytes, key.key);
    sodium_memzero(page.data(), page.size());
    if (!ok) throw WrongKey("cannot open '" + path.string() + "': " + kWrongKey);
}

std::string uri_parameters(const FileKey& key) {
    return std::string("vfs=") + cipher_vfs_name() + "&clt_key=" + text::to_hex({reinterpret_cast<const char*>(key.key.data()), key.key.size()}) +
           "&clt_salt=" + text::to_hex({reinterpret_cast<const char*>(key.salt.data()), key.salt.size()});
}

}  // namespace clientele::crypto
