#include "backup/crypto.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <sodium.h>

#include "clientele/error.hpp"

namespace clientele::backup {
namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "cltbakup";
constexpr std::uint64_t kStreamSubkey = 1;
constexpr std::uint64_t kCheckSubkey = 2;
/// The most a backup header may ask Argon2id for: a crafted file cannot make a reader
/// spend more than libsodium's "sensitive" cost.
constexpr std::uint64_t kMaxOps = crypto_pwhash_OPSLIMIT_SENSITIVE;
constexpr std::uint64_t kMaxMem = crypto_pwhash_MEMLIMIT_SENSITIVE;

void init_sodium() {
    if (sodium_init() < 0) throw Error(ErrorCode::internal, "libsodium cannot be initialised");
}

void read_key_file(const std::filesystem::path& path, StreamKey& master) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InvalidInput("key_file", "cannot read the key file '" + path.string() + "'");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() != 32)
        throw InvalidInput("key_file", "a key file holds exactly 32 bytes; '" + path.string() + "' holds " +
                                           std::to_string(bytes.size()));
    std::copy(bytes.begin(), bytes.end(), master.data());
    sodium_memzero(bytes.data(), bytes.size());
}

/// The master key of `key` under the header's salt and cost.
StreamKey& master_key(const BackupKey& key, const Header& h, StreamKey& master) {
    if (h.protection == Protection::key_file) {
        read_key_file(key.key_file, master);
        return master;
    }
    if (h.opslimit < crypto_pwhash_OPSLIMIT_MIN || h.opslimit > kMaxOps || h.memlimit < crypto_pwhash_MEMLIMIT_MIN ||
        h.memlimit > kMaxMem || h.algorithm != crypto_pwhash_ALG_ARGON2ID13)
        throw CorruptData("damaged backup header (key derivation parameters out of range)");
    if (crypto_pwhash(master.data(), 32, key.passphrase.data(), key.passphrase.size(), h.salt.data(), h.opslimit,
                      static_cast<std::size_t>(h.memlimit), static_cast<int>(h.algorithm)) != 0)
        throw Error(ErrorCode::internal, "out of memory deriving the backup key");
    return master;
}

/// The stream key and the key check of a master key.
std::unique_ptr<StreamKey> split(const StreamKey& master, std::array<unsigned char, 16>& check) {
    auto stream = std::make_unique<StreamKey>();
    StreamKey check_key;
    crypto_kdf_derive_from_key(stream->data(), 32, kStreamSubkey, kKdfContext, master.data());
    crypto_kdf_derive_from_key(check_key.data(), 32, kCheckSubkey, kKdfContext, master.data());
    std::copy_n(check_key.data(), check.size(), check.begin());
    return stream;
}

void check_one_key(const BackupKey& key) {
    if (!key.passphrase.empty() && !key.key_file.empty())
        throw InvalidInput("key", "give a passphrase or a key file, not both");
}

}  // namespace

StreamKey::StreamKey() = default;
StreamKey::~StreamKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

std::unique_ptr<StreamKey> new_key(const BackupKey& key, Header& h) {
    init_sodium();
    check_one_key(key);
    if (key.passphrase.empty() && key.key_file.empty()) {
        h.protection = Protection::none;
        return nullptr;
    }
    randombytes_buf(h.salt.data(), h.salt.size());
    if (!key.passphrase.empty()) {
        h.protection = Protection::passphrase;
        // Interactive cost (64 MiB, 2 passes): a backup of a shop's store should not need a
        // server's memory to open; the cost is in the header, so it can be raised later.
        h.opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        h.memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
        h.algorithm = crypto_pwhash_ALG_ARGON2ID13;
    } else {
        h.protection = Protection::key_file;
    }
    StreamKey master;
    return split(master_key(key, h, master), h.key_check);
}

std::unique_ptr<StreamKey> key_for(const BackupKey& key, const Header& h) {
    init_sodium();
    check_one_key(key);
    const bool given = !key.passphrase.empty() || !key.key_file.empty();
    if (h.protection == Protection::none) {
        // Refused rather than ignored: whoever expects an encrypted, authenticated backup
        // must not be handed a plain one that anybody could have written.
        if (given) throw InvalidInput("key", "this backup is not encrypted, but a passphrase or key was given");
        return nullptr;
    }
    if (h.protection == Protection::passphrase && key.passphrase.empty())
        throw InvalidInput("passphrase", "this backup is encrypted with a passphrase; give it");
    if (h.protection == Protection::key_file && key.key_file.empty())
        throw InvalidInput("key_file", "this backup is encrypted with a key file; give it");
    StreamKey master;
    std::array<unsigned char, 16> check{};
    auto stream = split(master_key(key, h, master), check);
    if (sodium_memcmp(check.data(), h.key_check.data(), check.size()) != 0)
        throw PermissionDenied(std::string("wrong ") + (h.protection == Protection::passphrase ? "passphrase" : "key") +
                               " for this backup");
    return stream;
}

struct Sealer::State {
    const StreamKey* key;
    crypto_secretstream_xchacha20poly1305_state stream;
};

Sealer::Sealer(const StreamKey* key, Header& h) : state_(std::make_unique<State>()) {
    state_->key = key;
    if (key) crypto_secretstream_xchacha20poly1305_init_push(&state_->stream, h.stream_header.data(), key->data());
}
Sealer::~Sealer() { sodium_memzero(&state_->stream, sizeof state_->stream); }

std::string Sealer::seal(std::string_view message, bool final, std::string_view ad) {
    if (!state_->key) return std::string(1, final ? '\1' : '\0').append(message);
    std::string out(message.size() + crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
    crypto_secretstream_xchacha20poly1305_push(
        &state_->stream, reinterpret_cast<unsigned char*>(out.data()), nullptr,
        reinterpret_cast<const unsigned char*>(message.data()), message.size(),
        reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
        final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    return out;
}

struct Opener::State {
    const StreamKey* key;
    crypto_secretstream_xchacha20poly1305_state stream;
};

Opener::Opener(const StreamKey* key, const Header& h) : state_(std::make_unique<State>()) {
    state_->key = key;
    if (key && crypto_secretstream_xchacha20poly1305_init_pull(&state_->stream, h.stream_header.data(), key->data()) != 0)
        throw CorruptData("damaged backup header (stream header)");
}
Opener::~Opener() { sodium_memzero(&state_->stream, sizeof state_->stream); }

Opener::Message Opener::open(std::string_view body, std::string_view ad) {
    Message m;
    if (!state_->key) {
        if (body.empty() || static_cast<unsigned char>(body[0]) > 1) throw CorruptData("damaged backup (frame tag)");
        m.final = body[0] == '\1';
        m.bytes.assign(body.substr(1));
        return m;
    }
    if (body.size() < crypto_secretstream_xchacha20poly1305_ABYTES)
        throw CorruptData("damaged backup (a frame too short to be sealed)");
    m.bytes.resize(body.size() - crypto_secretstream_xchacha20poly1305_ABYTES);
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &state_->stream, reinterpret_cast<unsigned char*>(m.bytes.data()), nullptr, &tag,
            reinterpret_cast<const unsigned char*>(body.data()), body.size(),
            reinterpret_cast<const unsigned char*>(ad.data()), ad.size()) != 0)
        throw CorruptData("the backup has been changed or damaged (authentication failed)");
    m.final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    return m;
}

struct Checksum::State {
    crypto_generichash_state hash;
};

Checksum::Checksum() : state_(std::make_unique<State>()) {
    init_sodium();
    crypto_generichash_init(&state_->hash, nullptr, 0, 32);
}
Checksum::~Checksum() = default;

void Checksum::update(std::string_view bytes) {
    crypto_generichash_update(&state_->hash, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string Checksum::digest() {
    std::string out(32, '\0');
    crypto_generichash_final(&state_->hash, reinterpret_cast<unsigned char*>(out.data()), out.size());
    return out;
}

std::string hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 15]);
    }
    return out;
}

}  // namespace clientele::backup
