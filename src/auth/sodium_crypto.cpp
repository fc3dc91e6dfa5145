#include "auth/sodium_crypto.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <array>
#include <stdexcept>

#include "core/text.hpp"

namespace ungcuu::auth {

namespace {

void InitSodium() {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
}

}  // namespace

SodiumCredentialCrypto::SodiumCredentialCrypto(HashCost cost) {
    InitSodium();
    if (cost == HashCost::kInteractive) {
        ops_limit_ = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        mem_limit_ = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    } else {
        ops_limit_ = crypto_pwhash_OPSLIMIT_MIN;
        mem_limit_ = 64 * 1024;
    }
}

core::Result<std::string> SodiumCredentialCrypto::HashPassword(std::string_view password) {
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), ops_limit_, mem_limit_,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return core::Internal("Argon2id hashing failed (out of memory?)");
    }
    return std::string(out.data());
}

bool SodiumCredentialCrypto::VerifyPassword(std::string_view hash, std::string_view password) {
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) {
        return false;
    }
    const std::string terminated(hash);
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::string SodiumCredentialCrypto::TokenDigest(std::string_view token) {
    std::array<unsigned char, 32> digest{};
    crypto_generichash(digest.data(), digest.size(),
                       reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                       0);
    return core::HexEncode(
        std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string SodiumCredentialCrypto::TotpCode(std::string_view secret, std::uint64_t counter) {
    std::array<unsigned char, 8> message{};
    for (int i = 7; i >= 0; --i) {
        message[static_cast<std::size_t>(i)] = static_cast<unsigned char>(counter & 0xFF);
        counter >>= 8;
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int mac_size = 0;
    HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), message.data(), message.size(),
         mac.data(), &mac_size);
    const std::size_t offset = mac[mac_size - 1] & 0x0Fu;
    const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7Fu) << 24) |
                                 (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                                 (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                                 static_cast<std::uint32_t>(mac[offset + 3]);
    return fmt::format("{:06}", binary % 1000000);
}

SodiumRandom::SodiumRandom() { InitSodium(); }

std::string SodiumRandom::Bytes(std::size_t count) {
    std::string out(count, '\0');
    randombytes_buf(out.data(), count);
    return out;
}

}  // namespace ungcuu::auth
