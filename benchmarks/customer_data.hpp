// Benchmark data: realistic customers generated deterministically, one index at a time.
//
// customer(i) depends only on the seed and i, so a benchmark can create a million customers
// without keeping them, and later rebuild customer i to look it up by its email or phone.
// Emails are unique (their local part carries a number derived from i); phone numbers are
// unique too (their subscriber digits are a bijection of i).
#pragma once

#include <cstdint>
#include <string>

#include "clientele/model.hpp"

namespace clientele::bench {

/// splitmix64: small, fast, good enough for test data, and the same on every platform.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    /// 0 <= k < n (n > 0).
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
    template <typename T, std::size_t N>
    const T& pick(const T (&items)[N]) { return items[below(N)]; }

private:
    std::uint64_t state_;
};

class CustomerGenerator {
public:
    explicit CustomerGenerator(std::uint64_t seed, Timestamp now);

    /// The input customer number i (0-based): what an application would pass to
    /// Database::create_customer. Contacts are written as people type them (mixed case,
    /// spaces and dashes in phone numbers); the first email/phone/address is primary.
    Customer customer(std::uint64_t i) const;

    /// A spelling of `email` a user might type in a search box: other case, extra spaces.
    std::string email_query(const std::string& email, std::uint64_t salt) const;
    /// A spelling of an E.164 number (+86... or +1...) a user might type: "138-1234-5678",
    /// "+86 138 1234 5678", "0086 13812345678", "+1 (415) 382-1234", ...
    std::string phone_query(const std::string& e164, std::uint64_t salt) const;

private:
    std::uint64_t seed_;
    Timestamp now_;
};

}  // namespace clientele::bench
