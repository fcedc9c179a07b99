// Internal: the backup's keys and how each frame is sealed and opened (libsodium).
//
// The master key comes from a passphrase (Argon2id, salt and cost in the header) or a
// 32-byte key file. Two subkeys are derived from it (crypto_kdf): one for the
// secretstream, one whose first bytes are stored as a key check, so a wrong passphrase is
// told apart from a damaged file without revealing the stream key.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "backup/format.hpp"
#include "clientele/backup.hpp"

namespace clientele::backup {

/// A 32-byte key, wiped when it goes.
class StreamKey {
public:
    StreamKey();
    ~StreamKey();
    StreamKey(const StreamKey&) = delete;
    StreamKey& operator=(const StreamKey&) = delete;
    unsigned char* data() noexcept { return bytes_.data(); }
    const unsigned char* data() const noexcept { return bytes_.data(); }

private:
    std::array<unsigned char, 32> bytes_{};
};

/// For a new backup: sets the header's protection, salt, KDF cost and key check, and
/// returns the stream key (null when `key` asks for none). InvalidInput for a bad key file
/// or both a passphrase and a key file.
std::unique_ptr<StreamKey> new_key(const BackupKey& key, Header& header);

/// For an existing backup: the stream key its header asks for (null for a plain one).
/// PermissionDenied for a wrong passphrase or key, InvalidInput when the key it needs
/// was not given (or one was given for an unencrypted backup).
std::unique_ptr<StreamKey> key_for(const BackupKey& key, const Header& header);

/// Turns messages into frame bodies. Sets the header's stream_header, so the header must
/// be encoded after it is made.
class Sealer {
public:
    Sealer(const StreamKey* key, Header& header);
    ~Sealer();
    Sealer(const Sealer&) = delete;
    Sealer& operator=(const Sealer&) = delete;
    /// `ad`: associated data (the encoded header, for the first message).
    std::string seal(std::string_view message, bool final, std::string_view ad = {});

private:
    struct State;
    std::unique_ptr<State> state_;
};

class Opener {
public:
    Opener(const StreamKey* key, const Header& header);
    ~Opener();
    Opener(const Opener&) = delete;
    Opener& operator=(const Opener&) = delete;
    struct Message {
        std::string bytes;
        bool final = false;
    };
    /// CorruptData when the body fails authentication (encrypted) or is malformed.
    Message open(std::string_view body, std::string_view ad = {});

private:
    struct State;
    std::unique_ptr<State> state_;
};

/// BLAKE2b-256, incrementally.
class Checksum {
public:
    Checksum();
    ~Checksum();
    Checksum(const Checksum&) = delete;
    Checksum& operator=(const Checksum&) = delete;
    void update(std::string_view bytes);
    /// The 32 bytes; the object is finished after it.
    std::string digest();

private:
    struct State;
    std::unique_ptr<State> state_;
};

/// Lower-case hex of `bytes`.
std::string hex(std::string_view bytes);

}  // namespace clientele::backup
