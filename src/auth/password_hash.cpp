#include "auth/password_hash.hpp"

#include <sodium.h>

#include "clientele/auth.hpp"
#include "clientele/error.hpp"
#include "text/utf8.hpp"

namespace clientele::auth {

namespace {

// The interactive limits (2 passes, 64 MiB): a login costs tens of milliseconds, a guess
// an attacker's GPU as much memory. They are written into each hash, so raising them later
// leaves old hashes verifiable.
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void ready() {
    // Idempotent and thread-safe; picks the fastest implementations for this CPU.
    if (sodium_init() < 0) throw Error(ErrorCode::internal, "libsodium could not be initialised");
}

}  // namespace

void check_password_rules(std::string_view password, std::string_view field) {
    const std::string f(field);
    if (password.size() < kMinPasswordBytes)
        throw InvalidInput(f, "must be at least " + std::to_string(kMinPasswordBytes) + " bytes long");
    if (password.size() > kMaxPasswordBytes)
        throw InvalidInput(f, "must be at most " + std::to_string(kMaxPasswordBytes) + " bytes long");
    if (!text::is_valid_utf8(password) || password.find('\0') != std::string_view::npos)
        throw InvalidInput(f, "must be UTF-8 text without NUL bytes");
}

std::string hash_password(std::string_view password) {
    ready();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), kOpsLimit, kMemLimit) != 0)
        throw Error(ErrorCode::internal, "out of memory hashing a password");
    return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
    ready();
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void spend_verification_time(std::string_view password) { (void)hash_password(password); }

}  // namespace clientele::auth
