#include "auth/sodium_crypto.hpp"

#include <gtest/gtest.h>

namespace ungcuu::auth {
namespace {

TEST(SodiumCredentialCrypto, HashesVerifyAndDiffer) {
    SodiumCredentialCrypto crypto(HashCost::kMinimal);
    const auto first = crypto.HashPassword("Mật khẩu 2026!");
    const auto second = crypto.HashPassword("Mật khẩu 2026!");
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(second.ok());
    EXPECT_NE(*first, *second);  // salted
    EXPECT_EQ(first->rfind("$argon2id$", 0), 0u);
    EXPECT_TRUE(crypto.VerifyPassword(*first, "Mật khẩu 2026!"));
    EXPECT_FALSE(crypto.VerifyPassword(*first, "mật khẩu 2026!"));
    EXPECT_FALSE(crypto.VerifyPassword("", "x"));
    EXPECT_FALSE(crypto.VerifyPassword("garbage", "x"));
}

TEST(SodiumCredentialCrypto, TotpMatchesRfc6238Vectors) {
    // RFC 6238 Appendix B, SHA-1 secret "12345678901234567890", 8-digit codes truncated to 6.
    SodiumCredentialCrypto crypto(HashCost::kMinimal);
    const std::string secret = "12345678901234567890";
    EXPECT_EQ(crypto.TotpCode(secret, 59 / 30), "287082");
    EXPECT_EQ(crypto.TotpCode(secret, 1111111109 / 30), "081804");
    EXPECT_EQ(crypto.TotpCode(secret, 1234567890 / 30), "005924");
    EXPECT_EQ(crypto.TotpCode(secret, 2000000000 / 30), "279037");
}

TEST(SodiumCredentialCrypto, TokenDigestIsStableHex) {
    SodiumCredentialCrypto crypto(HashCost::kMinimal);
    EXPECT_EQ(crypto.TokenDigest("abc"), crypto.TokenDigest("abc"));
    EXPECT_NE(crypto.TokenDigest("abc"), crypto.TokenDigest("abd"));
    EXPECT_EQ(crypto.TokenDigest("abc").size(), 64u);
}

TEST(SodiumRandom, GivesRequestedLength) {
    SodiumRandom random;
    EXPECT_EQ(random.Bytes(32).size(), 32u);
    EXPECT_NE(random.Bytes(16), random.Bytes(16));
}

}  // namespace
}  // namespace ungcuu::auth
