// Envelopes between installations: the canonical form, and every refusal the issue names — a bad
// signature, a body changed after signing, a replay, an expired envelope, an unknown key, a
// rotated-out key — plus the other checks of opening (unknown or suspended peer, wrong recipient,
// from the future, malformed, too large).
#include "federation/envelope.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "federation/canonical_json.hpp"

namespace ungcuu::federation {
namespace {

namespace json = boost::json;
using std::chrono::hours;

const core::TimePoint kNow = *core::ParseRfc3339("2026-12-07T08:00:00+07:00");

TEST(CanonicalJson, SortsKeysDropsSpacingAndEscapesOnlyWhatJsonRequires) {
    const auto value =
        json::parse(R"({ "b": [1, true, null], "a": {"z": "x\u0001\"\\/é", "y": -5} })");
    const auto canonical = Canonical(value);
    ASSERT_TRUE(canonical.ok());
    EXPECT_EQ(*canonical, "{\"a\":{\"y\":-5,\"z\":\"x\\u0001\\\"\\\\/é\"},\"b\":[1,true,null]}");
    // The same data written another way gives the same bytes.
    EXPECT_EQ(
        *Canonical(json::parse(R"({"a":{"y":-5,"z":"x\u0001\"\\\/\u00e9"},"b":[1,true,null]})")),
        *canonical);
    EXPECT_FALSE(Canonical(json::parse(R"({"amount": 1.5})")).ok());
    json::value deep = json::array{};
    for (int i = 0; i < kMaxCanonicalDepth + 2; ++i) {
        deep = json::array{deep};
    }
    EXPECT_FALSE(Canonical(deep).ok());
}

class EnvelopeTest : public ::testing::Test {
protected:
    void SetUp() override {
        national_ = GenerateKeyPair();
        peer_.id = "vn-national";
        peer_.keys.push_back({KeyId(national_.public_key), national_.public_key,
                              kNow - hours(24 * 30), std::nullopt});
        options_.self = "dlk";
        options_.now = kNow;
    }

    Envelope Warning() const {
        Envelope e;
        e.id = NewEnvelopeId();
        e.sender = "vn-national";
        e.recipient = "dlk";
        e.type = "warning";
        e.created = kNow - hours(1);
        e.expires = kNow + hours(24 * 7);
        e.body = json::object{{"title", "Lỗ hổng Zimbra"},
                              {"tlp", "amber"},
                              {"indicators", json::array{"203.0.113.7"}}};
        e.attachments.push_back({"canh-bao.pdf", std::string(64, 'a'), 1234});
        return e;
    }

    Opened OpenText(std::string_view text) {
        return Open(
            text,
            [this](std::string_view id) -> const Peer* {
                return id == peer_.id ? &peer_ : nullptr;
            },
            [this](std::string_view sender, std::string_view id) {
                return delivered_.count(std::string(sender) + "/" + std::string(id)) > 0;
            },
            options_);
    }

    KeyPair national_;
    Peer peer_;
    OpenOptions options_;
    std::set<std::string> delivered_;
};

TEST_F(EnvelopeTest, ASealedEnvelopeOpensWithEverythingItCarried) {
    const auto sent = Warning();
    const auto text = Seal(sent, national_);
    ASSERT_TRUE(text.ok()) << text.error().message_en;
    const auto opened = OpenText(*text);
    ASSERT_TRUE(opened.ok()) << opened.why_en;
    EXPECT_EQ(opened.envelope->id, sent.id);
    EXPECT_EQ(opened.envelope->type, "warning");
    EXPECT_EQ(opened.envelope->created, sent.created);
    EXPECT_EQ(opened.envelope->body, sent.body);
    ASSERT_EQ(opened.envelope->attachments.size(), 1u);
    EXPECT_EQ(opened.envelope->attachments[0].size, 1234);
    EXPECT_EQ(opened.envelope->key_id, KeyId(national_.public_key));
    // Re-spaced and re-ordered by something on the way, it still opens: the canonical form is
    // what was signed.
    auto value = json::parse(*text);
    const auto respaced = json::serialize(
        json::object{{"signature", value.at("signature")}, {"envelope", value.at("envelope")}});
    EXPECT_TRUE(OpenText(respaced).ok());
}

TEST_F(EnvelopeTest, ForgedAndTamperedEnvelopesFailTheSignature) {
    // Signed by another key that claims the national node's key id.
    const auto forger = GenerateKeyPair();
    auto text = Seal(Warning(), forger);
    ASSERT_TRUE(text.ok());
    auto forged = json::parse(*text);
    forged.at("envelope").as_object()["key_id"] = KeyId(national_.public_key);
    auto opened = OpenText(json::serialize(forged));
    EXPECT_EQ(opened.refusal, Refusal::kBadSignature) << opened.why_en;
    // The body changed after signing: a lower TLP label.
    text = Seal(Warning(), national_);
    auto tampered = json::parse(*text);
    tampered.at("envelope").at("body").as_object()["tlp"] = "clear";
    opened = OpenText(json::serialize(tampered));
    EXPECT_EQ(opened.refusal, Refusal::kBadSignature);
    EXPECT_NE(opened.why_vi.find("Chữ ký không hợp lệ"), std::string::npos);
    // A signature that is not base64 of the right size.
    tampered = json::parse(*text);
    tampered.as_object()["signature"] = "AAAA";
    EXPECT_EQ(OpenText(json::serialize(tampered)).refusal, Refusal::kBadSignature);
}

TEST_F(EnvelopeTest, AReplayIsRefusedOnceDelivered) {
    const auto sent = Warning();
    const auto text = Seal(sent, national_);
    ASSERT_TRUE(OpenText(*text).ok());
    delivered_.insert("vn-national/" + sent.id);
    EXPECT_EQ(OpenText(*text).refusal, Refusal::kReplay);
}

TEST_F(EnvelopeTest, ExpiredFutureAndOverlongEnvelopesAreRefused) {
    auto e = Warning();
    e.created = kNow - hours(24 * 10);
    e.expires = kNow - hours(1);
    EXPECT_EQ(OpenText(*Seal(e, national_)).refusal, Refusal::kExpired);
    e = Warning();
    e.created = kNow + hours(2);
    e.expires = kNow + hours(30);
    EXPECT_EQ(OpenText(*Seal(e, national_)).refusal, Refusal::kFromTheFuture);
    // Within the clock skew it opens.
    e.created = kNow + std::chrono::minutes(3);
    EXPECT_TRUE(OpenText(*Seal(e, national_)).ok());
    e = Warning();
    e.expires = e.created + hours(24 * 365);
    EXPECT_EQ(OpenText(*Seal(e, national_)).refusal, Refusal::kMalformed);
}

TEST_F(EnvelopeTest, UnknownKeysPeersAndRotatedOutKeysAreRefused) {
    const auto other = GenerateKeyPair();
    EXPECT_EQ(OpenText(*Seal(Warning(), other)).refusal, Refusal::kUnknownKey);
    auto e = Warning();
    e.sender = "somebody-else";
    EXPECT_EQ(OpenText(*Seal(e, national_)).refusal, Refusal::kUnknownPeer);

    // The national node rotates its key: the old one is valid until the end of the overlap.
    const auto rotated = GenerateKeyPair();
    peer_.keys[0].valid_until = kNow - hours(2);
    peer_.keys.push_back(
        {KeyId(rotated.public_key), rotated.public_key, kNow - hours(26), std::nullopt});
    e = Warning();
    e.created = kNow - hours(1);  // after the old key's end
    const auto late = OpenText(*Seal(e, national_));
    EXPECT_EQ(late.refusal, Refusal::kKeyRetired) << late.why_en;
    e.created = kNow - hours(3);  // within the overlap
    EXPECT_TRUE(OpenText(*Seal(e, national_)).ok());
    e.created = kNow - hours(1);
    EXPECT_TRUE(OpenText(*Seal(e, rotated)).ok());

    peer_.suspended = true;
    EXPECT_EQ(OpenText(*Seal(e, rotated)).refusal, Refusal::kSuspended);
}

TEST_F(EnvelopeTest, WrongRecipientMalformedAndOversizedTextsAreRefused) {
    auto e = Warning();
    e.recipient = "khh";
    EXPECT_EQ(OpenText(*Seal(e, national_)).refusal, Refusal::kWrongRecipient);
    EXPECT_EQ(OpenText("{").refusal, Refusal::kMalformed);
    EXPECT_EQ(OpenText(R"({"envelope":{"sender":"vn-national"}})").refusal, Refusal::kMalformed);
    // A field taken out after signing.
    auto text = json::parse(*Seal(Warning(), national_));
    text.at("envelope").as_object().erase("type");
    EXPECT_EQ(OpenText(json::serialize(text)).refusal, Refusal::kBadSignature);
    options_.max_bytes = 100;
    EXPECT_EQ(OpenText(*Seal(Warning(), national_)).refusal, Refusal::kTooLarge);
    EXPECT_EQ(RefusalCode(Refusal::kKeyRetired), "key_retired");
}

}  // namespace
}  // namespace ungcuu::federation
