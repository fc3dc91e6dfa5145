// The exchange between installations (issue 23; ADR 0010): a commune's or an agency's ungcuu, a
// province's, a national node. What each installation knows of itself and of its peers — their
// node ids, pinned keys with their validity, the unit of this tree a child installation stands
// for, where to deliver —, the one-time enrolment codes a parent issues, the durable outbox of
// sealed envelopes per peer with its retries, what was received (so nothing is applied twice),
// and the refusals an administrator reads. Pure rules, thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"

namespace ungcuu::domain {

/// A parent installation sends warnings and orders down to this one and receives its reports;
/// a child installation stands for a unit of this tree.
enum class PeerRelation { kParent, kChild };
inline constexpr std::string_view kPeerRelations[] = {"parent", "child"};
std::string_view PeerRelationCode(PeerRelation relation);
std::optional<PeerRelation> ParsePeerRelation(std::string_view code);

/// A public key pinned for a peer (or one of this installation's own keys, then with its secret):
/// valid from its pinning until the end of the overlap after its successor (open while current).
struct ExchangeKey {
    std::string key_id;
    std::string public_key;  // base64
    std::string secret_key;  // base64; own keys only
    core::TimePoint valid_from;
    std::optional<core::TimePoint> valid_until;
};

/// This installation as its peers know it.
struct ExchangeIdentity {
    std::string node;               // "n-" + 16 hex digits, fixed at creation
    std::string name;               // the top unit's name, as peers show it
    std::vector<ExchangeKey> keys;  // the current one last
};

struct ExchangePeer {
    PeerId id;
    std::string node;
    std::string name;
    PeerRelation relation = PeerRelation::kChild;
    std::optional<UnitId> unit;  // a child: the unit of this tree it stands for
    std::string unit_name;       // loaded
    std::string url;             // where its envelopes are delivered ("https://…")
    bool suspended = false;
    core::TimePoint enrolled_at;
    std::vector<ExchangeKey> keys;
    // loaded: the outbox towards it and what came from it
    int queued = 0;
    int failed = 0;
    std::optional<core::TimePoint> last_delivered_at;
    std::optional<core::TimePoint> last_received_at;
    std::string last_error;
};

/// A one-time code a parent gives to the child's administrator (by phone, on paper): only its
/// digest is kept.
struct EnrolmentCode {
    std::int64_t id = 0;
    std::string digest;  // hex
    UnitId unit;
    std::string unit_name;  // loaded
    std::string name;       // what the child will be called here
    core::TimePoint created_at;
    std::string created_by;
    core::TimePoint expires_at;
    std::optional<core::TimePoint> used_at;
    std::optional<PeerId> peer;
};

/// The code as it is read out: four groups of four letters and digits without the look-alikes
/// (0/O, 1/I/L), "K7QX-…"; `random` gives 16 values, each taken modulo the alphabet.
std::string FormatEnrolmentCode(const std::vector<std::uint8_t>& random);
/// The code as typed — any case, spaces or dashes between groups — back to its 16 characters;
/// nullopt when it cannot be a code.
std::optional<std::string> NormaliseEnrolmentCode(std::string_view typed);

/// An envelope waiting in (or gone from) the outbox towards a peer; `seq` orders a peer's.
struct OutgoingEnvelope {
    std::int64_t seq = 0;
    PeerId peer;
    std::string envelope_id;
    std::string type;
    std::string text;  // sealed
    core::TimePoint created_at;
    core::TimePoint next_attempt_at;
    int attempts = 0;
    std::string last_error;
    std::optional<core::TimePoint> delivered_at;
    std::optional<core::TimePoint> failed_at;  // refused for good by the peer
};

/// Delivery attempts back off: 30 s, doubling, at most an hour (a peer offline for a week is
/// tried about hourly and catches up at once when it returns).
core::TimePoint NextAttempt(core::TimePoint now, int attempts);

/// Whether a peer's refusal of an envelope is for good (its form, signature or time can never
/// become right), rather than for now (the sender not yet known, suspended, a clock ahead).
bool RefusalIsFinal(std::string_view code);

/// A refusal recorded for the administrator.
struct ExchangeRefusal {
    std::int64_t id = 0;
    core::TimePoint at;
    std::string remote;  // the address the request came from
    std::string sender;  // as claimed
    std::string envelope_id;
    std::string code;
    std::string why_vi;
    std::string why_en;
};

/// A peer's address: http(s), a host, no credentials, bounded.
core::Status ValidatePeerUrl(std::string_view url);

}  // namespace ungcuu::domain
