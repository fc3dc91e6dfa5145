#include "federation/envelope.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

#include "federation/canonical_json.hpp"

namespace ungcuu::federation {

namespace {

namespace json = boost::json;

void EnsureSodium() {
    static const bool kReady = sodium_init() >= 0;
    (void)kReady;
}

std::string Hex(const unsigned char* data, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

std::string Base64(const unsigned char* data, std::size_t size) {
    std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

/// Exactly `size` bytes of base64, or nothing.
std::optional<std::vector<unsigned char>> FromBase64(std::string_view text, std::size_t size) {
    std::vector<unsigned char> out(size + 3);
    std::size_t written = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size() || written != size) {
        return std::nullopt;
    }
    out.resize(size);
    return out;
}

bool IsHex(std::string_view text, std::size_t size) {
    return text.size() == size && std::all_of(text.begin(), text.end(), [](char c) {
               return std::isdigit(static_cast<unsigned char>(c)) != 0 || (c >= 'a' && c <= 'f');
           });
}

json::object EnvelopeJson(const Envelope& e) {
    json::array attachments;
    for (const auto& a : e.attachments) {
        attachments.push_back(
            json::object{{"name", a.name}, {"sha256", a.sha256}, {"size", a.size}});
    }
    return {{"id", e.id},
            {"sender", e.sender},
            {"recipient", e.recipient},
            {"type", e.type},
            {"created", core::FormatRfc3339(e.created)},
            {"expires", core::FormatRfc3339(e.expires)},
            {"body", e.body},
            {"attachments", std::move(attachments)},
            {"key_id", e.key_id}};
}

Opened Refuse(Refusal refusal, std::string vi, std::string en) {
    Opened out;
    out.refusal = refusal;
    out.why_vi = std::move(vi);
    out.why_en = std::move(en);
    return out;
}

std::string_view StringField(const json::object& object, std::string_view name) {
    const auto* found = object.if_contains(name);
    return found != nullptr && found->is_string() ? std::string_view(found->get_string())
                                                  : std::string_view();
}

/// The signed fields, read strictly: every field present and well-typed, nothing else.
std::optional<Envelope> ReadEnvelope(const json::object& object) {
    static constexpr std::string_view kFields[] = {
        "id", "sender", "recipient", "type", "created", "expires", "body", "attachments", "key_id"};
    if (object.size() != std::size(kFields)) {
        return std::nullopt;
    }
    for (const auto field : kFields) {
        if (!object.contains(field)) {
            return std::nullopt;
        }
    }
    Envelope e;
    e.id = std::string(StringField(object, "id"));
    e.sender = std::string(StringField(object, "sender"));
    e.recipient = std::string(StringField(object, "recipient"));
    e.type = std::string(StringField(object, "type"));
    e.key_id = std::string(StringField(object, "key_id"));
    const auto created = core::ParseRfc3339(StringField(object, "created"));
    const auto expires = core::ParseRfc3339(StringField(object, "expires"));
    if (!IsHex(e.id, 32) || e.sender.empty() || e.recipient.empty() || e.type.empty() ||
        e.type.size() > 64 || !created || !expires || !object.at("attachments").is_array()) {
        return std::nullopt;
    }
    e.created = *created;
    e.expires = *expires;
    e.body = object.at("body");
    for (const auto& item : object.at("attachments").get_array()) {
        const auto* a = item.if_object();
        if (a == nullptr || a->size() != 3 || !IsHex(StringField(*a, "sha256"), 64) ||
            StringField(*a, "name").empty() || !a->contains("size") || !a->at("size").is_int64() ||
            a->at("size").get_int64() < 0) {
            return std::nullopt;
        }
        e.attachments.push_back({std::string(StringField(*a, "name")),
                                 std::string(StringField(*a, "sha256")),
                                 a->at("size").get_int64()});
    }
    return e;
}

}  // namespace

KeyPair GenerateKeyPair() {
    EnsureSodium();
    KeyPair pair;
    crypto_sign_keypair(pair.public_key.data(), pair.secret_key.data());
    return pair;
}

std::string KeyId(const PublicKey& key) {
    EnsureSodium();
    std::array<unsigned char, 8> digest{};
    crypto_generichash(digest.data(), digest.size(), key.data(), key.size(), nullptr, 0);
    return Hex(digest.data(), digest.size());
}

std::string PublicKeyText(const PublicKey& key) {
    EnsureSodium();
    return Base64(key.data(), key.size());
}

std::optional<PublicKey> ParsePublicKey(std::string_view base64) {
    EnsureSodium();
    const auto bytes = FromBase64(base64, crypto_sign_PUBLICKEYBYTES);
    if (!bytes) {
        return std::nullopt;
    }
    PublicKey key{};
    std::copy(bytes->begin(), bytes->end(), key.begin());
    return key;
}

std::string SecretKeyText(const SecretKey& key) {
    EnsureSodium();
    return Base64(key.data(), key.size());
}

std::optional<KeyPair> ParseKeyPair(std::string_view public_base64,
                                    std::string_view secret_base64) {
    EnsureSodium();
    const auto public_key = ParsePublicKey(public_base64);
    const auto secret = FromBase64(secret_base64, crypto_sign_SECRETKEYBYTES);
    if (!public_key || !secret) {
        return std::nullopt;
    }
    KeyPair pair;
    pair.public_key = *public_key;
    std::copy(secret->begin(), secret->end(), pair.secret_key.begin());
    return pair;
}

std::string DigestHex(std::string_view text) {
    EnsureSodium();
    std::array<unsigned char, 32> digest{};
    crypto_generichash(digest.data(), digest.size(),
                       reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr,
                       0);
    return Hex(digest.data(), digest.size());
}

std::vector<std::uint8_t> RandomBytes(std::size_t count) {
    EnsureSodium();
    std::vector<std::uint8_t> out(count);
    randombytes_buf(out.data(), out.size());
    return out;
}

std::string NewEnvelopeId() {
    EnsureSodium();
    std::array<unsigned char, 16> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    return Hex(bytes.data(), bytes.size());
}

std::string_view RefusalCode(Refusal refusal) {
    static constexpr std::string_view kCodes[] = {
        "none",        "too_large",     "malformed",       "unknown_peer",    "suspended",
        "unknown_key", "bad_signature", "wrong_recipient", "from_the_future", "key_retired",
        "expired",     "replay"};
    return kCodes[static_cast<int>(refusal)];
}

core::Result<std::string> Seal(Envelope envelope, const KeyPair& key) {
    EnsureSodium();
    envelope.key_id = KeyId(key.public_key);
    UNGCUU_ASSIGN_OR_RETURN(canonical, Canonical(EnvelopeJson(envelope)));
    std::array<unsigned char, crypto_sign_BYTES> signature{};
    crypto_sign_detached(signature.data(), nullptr,
                         reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(),
                         key.secret_key.data());
    return fmt::format(R"({{"envelope":{},"signature":"{}"}})", canonical,
                       Base64(signature.data(), signature.size()));
}

Opened Open(std::string_view text,
            const std::function<const Peer*(std::string_view)>& peer_of,
            const std::function<bool(std::string_view sender, std::string_view id)>& seen,
            const OpenOptions& options) {
    EnsureSodium();
    if (text.size() > options.max_bytes) {
        return Refuse(Refusal::kTooLarge,
                      fmt::format("Gói tin lớn hơn giới hạn {} byte.", options.max_bytes),
                      fmt::format("The envelope is larger than {} bytes.", options.max_bytes));
    }
    json::parse_options parse;
    parse.max_depth = kMaxCanonicalDepth + 4;
    std::error_code error;
    auto parsed = json::parse(text, error, {}, parse);
    const auto malformed = [] {
        return Refuse(Refusal::kMalformed, "Gói tin không đúng định dạng.",
                      "The envelope is not well-formed.");
    };
    const auto* outer = error ? nullptr : parsed.if_object();
    if (outer == nullptr || outer->size() != 2 || !outer->contains("envelope") ||
        !outer->at("envelope").is_object() || !outer->contains("signature") ||
        !outer->at("signature").is_string()) {
        return malformed();
    }
    const auto& signed_part = outer->at("envelope").get_object();
    // Who it claims to be from and with which key: only to find the key to check it with.
    const auto sender = StringField(signed_part, "sender");
    const auto key_id = StringField(signed_part, "key_id");
    const Peer* peer = sender.empty() ? nullptr : peer_of(sender);
    if (peer == nullptr) {
        return Refuse(Refusal::kUnknownPeer,
                      fmt::format("Không biết bên gửi \"{}\".", sender.substr(0, 100)),
                      fmt::format("Unknown sender \"{}\".", sender.substr(0, 100)));
    }
    if (peer->suspended) {
        return Refuse(Refusal::kSuspended,
                      fmt::format("Bên gửi \"{}\" đang bị tạm ngừng.", peer->id),
                      fmt::format("The sender \"{}\" is suspended.", peer->id));
    }
    const auto key = std::find_if(peer->keys.begin(), peer->keys.end(),
                                  [&](const PinnedKey& k) { return k.key_id == key_id; });
    if (key == peer->keys.end()) {
        return Refuse(
            Refusal::kUnknownKey,
            fmt::format(R"(Khóa "{}" không được ghi nhận cho "{}".)", key_id.substr(0, 32),
                        peer->id),
            fmt::format(R"(The key "{}" is not pinned for "{}".)", key_id.substr(0, 32), peer->id));
    }
    const auto canonical = Canonical(outer->at("envelope"));
    if (!canonical.ok()) {
        return malformed();
    }
    const auto signature = FromBase64(outer->at("signature").get_string(), crypto_sign_BYTES);
    if (!signature ||
        crypto_sign_verify_detached(signature->data(),
                                    reinterpret_cast<const unsigned char*>(canonical->data()),
                                    canonical->size(), key->public_key.data()) != 0) {
        return Refuse(Refusal::kBadSignature,
                      "Chữ ký không hợp lệ: gói tin bị giả mạo hoặc bị sửa sau khi ký.",
                      "The signature does not verify: the envelope is forged or was changed "
                      "after signing.");
    }
    auto envelope = ReadEnvelope(signed_part);
    if (!envelope) {
        return malformed();
    }
    if (envelope->recipient != options.self) {
        return Refuse(Refusal::kWrongRecipient,
                      fmt::format("Gói tin gửi cho \"{}\", không phải cho hệ thống này.",
                                  envelope->recipient.substr(0, 100)),
                      fmt::format("The envelope is addressed to \"{}\", not to this installation.",
                                  envelope->recipient.substr(0, 100)));
    }
    if (envelope->created > options.now + options.skew) {
        return Refuse(Refusal::kFromTheFuture, "Thời điểm tạo gói tin ở tương lai.",
                      "The envelope was created in the future.");
    }
    if (envelope->created + options.skew < key->valid_from ||
        (key->valid_until && envelope->created > *key->valid_until)) {
        return Refuse(Refusal::kKeyRetired,
                      "Gói tin được ký bằng khóa đã hết hiệu lực (đã thay khóa).",
                      "The envelope was signed with a key that was no longer valid (rotated out).");
    }
    if (envelope->expires <= envelope->created ||
        envelope->expires - envelope->created > options.max_lifetime) {
        return malformed();
    }
    if (envelope->expires < options.now) {
        return Refuse(Refusal::kExpired, "Gói tin đã hết hạn.", "The envelope has expired.");
    }
    if (seen(envelope->sender, envelope->id)) {
        return Refuse(Refusal::kReplay, "Gói tin này đã được nhận trước đó (gửi lại).",
                      "This envelope was delivered before (a replay).");
    }
    Opened out;
    out.envelope = std::move(envelope);
    return out;
}

}  // namespace ungcuu::federation
