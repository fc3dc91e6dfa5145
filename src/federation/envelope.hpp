// Envelopes between installations (issue 23's exchange: a commune's or an agency's ungcuu, a
// province, a national node): every message is one JSON envelope — sender, recipient, id,
// created, expires, type, body, attachments by digest, the signing key's id — signed with the
// sender's Ed25519 key (libsodium) over its canonical form, and carried as
// {"envelope": {...}, "signature": "<base64>"}. The signature is the trust: the transport (HTTPS
// behind the deployment's reverse proxy) only carries it.
//
// Opening checks, in this order and before anything is stored: the text within its size bound
// and well-formed; the sender a pinned peer, not suspended; the key pinned for that peer; the
// signature over the canonical form (so a forged or altered envelope fails here, whatever it
// claims); then what the signed fields say — addressed to this installation, created no later
// than now plus the allowed skew, signed while the key was valid (a rotated-out key is refused for
// envelopes created after its end), not expired, a lifetime within bounds —; and last, whether
// this envelope id from this sender was seen before (a replay). Each refusal names its reason.
// Thread-safe.
#pragma once

#include <array>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace ungcuu::federation {

using PublicKey = std::array<unsigned char, 32>;
using SecretKey = std::array<unsigned char, 64>;

struct KeyPair {
    PublicKey public_key{};
    SecretKey secret_key{};
};

KeyPair GenerateKeyPair();
/// The key's id: the first 16 hex digits of the BLAKE2b digest of the public key.
std::string KeyId(const PublicKey& key);
std::string PublicKeyText(const PublicKey& key);  // base64
std::optional<PublicKey> ParsePublicKey(std::string_view base64);
std::string SecretKeyText(const SecretKey& key);  // base64
/// The pair from its two base64 texts; nullopt when either is malformed.
std::optional<KeyPair> ParseKeyPair(std::string_view public_base64, std::string_view secret_base64);
/// BLAKE2b-256 of `text` in hex (enrolment codes are kept as this digest only).
std::string DigestHex(std::string_view text);
std::vector<std::uint8_t> RandomBytes(std::size_t count);

struct Attachment {
    std::string name;
    std::string sha256;  // hex
    std::int64_t size = 0;
};

struct Envelope {
    std::string id;  // unique per sender: 32 hex digits
    std::string sender;
    std::string recipient;
    std::string type;  // warning, order, answer, report, periodic_report, ack, share
    core::TimePoint created;
    core::TimePoint expires;
    boost::json::value body;
    std::vector<Attachment> attachments;
    std::string key_id;  // set by Seal
};

/// A fresh envelope id (128 random bits in hex).
std::string NewEnvelopeId();

/// The envelope signed with `key`, as the text that travels.
core::Result<std::string> Seal(Envelope envelope, const KeyPair& key);

/// A key pinned for a peer: valid from its enrolment or rotation until the end of the overlap
/// after its successor was pinned (open-ended while it is current).
struct PinnedKey {
    std::string key_id;
    PublicKey public_key{};
    core::TimePoint valid_from;
    std::optional<core::TimePoint> valid_until;
};

struct Peer {
    std::string id;
    bool suspended = false;
    std::vector<PinnedKey> keys;
};

enum class Refusal {
    kNone,
    kTooLarge,
    kMalformed,
    kUnknownPeer,
    kSuspended,
    kUnknownKey,
    kBadSignature,
    kWrongRecipient,
    kFromTheFuture,
    kKeyRetired,
    kExpired,
    kReplay,
};
std::string_view RefusalCode(Refusal refusal);

struct OpenOptions {
    std::string self;  // this installation's id
    core::TimePoint now;
    std::chrono::seconds skew{300};
    std::size_t max_bytes = std::size_t{8} * 1024 * 1024;
    std::chrono::hours max_lifetime{24 * 60};
};

struct Opened {
    std::optional<Envelope> envelope;  // set when accepted
    Refusal refusal = Refusal::kNone;
    std::string why_vi;
    std::string why_en;

    bool ok() const { return envelope.has_value(); }
};

/// `peer` finds a pinned peer by id (nullptr when unknown); `seen` tells whether an envelope id
/// from a sender was delivered already.
Opened Open(std::string_view text,
            const std::function<const Peer*(std::string_view)>& peer,
            const std::function<bool(std::string_view sender, std::string_view id)>& seen,
            const OpenOptions& options);

}  // namespace ungcuu::federation
