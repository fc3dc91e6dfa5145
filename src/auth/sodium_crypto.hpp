// Credential cryptography adapters: Argon2id password hashes and BLAKE2b token digests from
// libsodium, RFC 6238 TOTP with HMAC-SHA1 from OpenSSL (authenticator apps expect SHA-1), and a
// CSPRNG. All methods are thread-safe once sodium_init() has run (done by the constructors).
#pragma once

#include <cstddef>

#include "app/ports.hpp"
#include "core/random.hpp"

namespace ungcuu::auth {

/// Argon2id cost. kInteractive is libsodium's interactive preset (64 MiB, 2 passes); kMinimal
/// exists for tests, where hashing hundreds of passwords must stay quick.
enum class HashCost { kInteractive, kMinimal };

class SodiumCredentialCrypto final : public app::CredentialCrypto {
public:
    explicit SodiumCredentialCrypto(HashCost cost = HashCost::kInteractive);
    core::Result<std::string> HashPassword(std::string_view password) override;
    bool VerifyPassword(std::string_view hash, std::string_view password) override;
    std::string TokenDigest(std::string_view token) override;
    std::string TotpCode(std::string_view secret, std::uint64_t counter) override;

private:
    unsigned long long ops_limit_;
    std::size_t mem_limit_;
};

class SodiumRandom final : public core::Random {
public:
    SodiumRandom();
    std::string Bytes(std::size_t count) override;
};

}  // namespace ungcuu::auth
