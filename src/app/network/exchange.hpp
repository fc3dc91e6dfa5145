// The exchange between installations as the API sees it (issue 23; ADR 0010): the administrator's
// view and actions — this installation's node and key, enrolment codes for child installations,
// joining a parent with a code, suspending a peer, rotating the key, the refusals — and the two
// doors other installations knock on (enrolment with a code, delivery of signed envelopes).
// Implemented by federation::ExchangeService, which signs and verifies; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/exchange.hpp"

namespace ungcuu::app {

struct ExchangeOverview {
    std::string node;
    std::string name;
    std::string url;  // where peers deliver to this installation; empty: not set
    std::string key_id;
    std::string public_key;
    std::vector<domain::ExchangePeer> peers;
    std::vector<domain::EnrolmentCode> enrolments;
    std::vector<domain::ExchangeRefusal> refusals;
};

struct IssuedEnrolment {
    domain::EnrolmentCode enrolment;
    std::string code;  // shown once: only its digest is kept
};

/// What a STIX bundle or MISP events brought in: warnings received at the chosen unit, loose
/// indicators gathered into one warning, objects not taken.
struct ImportedWarnings {
    std::string producer;
    std::vector<domain::WarningId> warnings;
    int indicators = 0;
    int skipped = 0;
};

/// A TAXII 2.1 collection: the warnings the caller sees under one TLP label.
struct TaxiiCollection {
    std::string id;  // a UUID
    std::string title;
    std::string description;
};

/// An installation an incident can be shared with.
struct ShareTarget {
    domain::PeerId peer;
    std::string name;
    domain::PeerRelation relation = domain::PeerRelation::kParent;
};

struct TaxiiPage {
    std::vector<std::string> objects;  // STIX objects as JSON
    bool more = false;
    std::string next;
};

class Exchange {
public:
    virtual ~Exchange() = default;

    /// The administrator of the installation (kUnitWrite over its top unit).
    virtual core::Result<ExchangeOverview> Overview(const Actor& actor) = 0;
    /// A one-time code for the installation that will stand for `unit` (kUnitWrite there),
    /// valid for seven days.
    virtual core::Result<IssuedEnrolment> IssueEnrolment(const Actor& actor,
                                                         domain::UnitId unit,
                                                         std::string name) = 0;
    /// Presents this installation's key to the parent at `parent_url` with the parent's code
    /// and pins the parent's key.
    virtual core::Result<domain::ExchangePeer> Join(const Actor& actor,
                                                    std::string parent_url,
                                                    std::string code) = 0;
    virtual core::Result<domain::ExchangePeer> Suspend(const Actor& actor,
                                                       domain::PeerId peer,
                                                       bool suspended) = 0;
    /// The head of the outbox towards the peer is tried at the next round.
    virtual core::Result<domain::ExchangePeer> RetryNow(const Actor& actor,
                                                        domain::PeerId peer) = 0;
    /// A new key signs from now on; peers are told with an envelope signed by the old one, which
    /// they keep accepting for the overlap.
    virtual core::Result<ExchangeOverview> RotateKey(const Actor& actor) = 0;

    /// A warning the caller sees, with its indicators, as a STIX 2.1 bundle.
    virtual core::Result<std::string> WarningStix(const Actor& actor, domain::WarningId id) = 0;
    /// An incident the caller sees, with its observables, as a STIX 2.1 bundle (TLP:AMBER, RED
    /// when confidential).
    virtual core::Result<std::string> IncidentStix(const Actor& actor, domain::IncidentId id) = 0;
    /// A STIX 2.1 bundle's reports (and loose indicators) as warnings received at `unit`
    /// (kIncidentHandle there), which its coordinators then pass on and its units answer.
    virtual core::Result<ImportedWarnings> ImportStix(const Actor& actor,
                                                      domain::UnitId unit,
                                                      std::string_view bundle) = 0;
    /// The installations an incident may be shared with (not suspended), for a caller who
    /// handles incidents somewhere.
    virtual core::Result<std::vector<ShareTarget>> ShareTargets(const Actor& actor) = 0;
    /// Shares the incident (kIncidentHandle on its unit) with a connected installation under a
    /// TLP label: its particulars and observables arrive there as a warning received at the top
    /// unit, whose indicators meet the incidents there. Once per installation; a confidential
    /// incident only as AMBER or RED; never an exercise.
    virtual core::Result<std::string> ShareIncident(const Actor& actor,
                                                    domain::IncidentId id,
                                                    domain::PeerId peer,
                                                    domain::Tlp tlp) = 0;
    /// A warning the caller sees as a MISP event (JSON).
    virtual core::Result<std::string> WarningMisp(const Actor& actor, domain::WarningId id) = 0;
    /// MISP events as warnings received at `unit` (kIncidentHandle there).
    virtual core::Result<ImportedWarnings> ImportMisp(const Actor& actor,
                                                      domain::UnitId unit,
                                                      std::string_view events) = 0;
    /// TAXII 2.1, read-only: the collections (one per TLP label but RED) and their objects, the
    /// warnings the caller sees, paged by `next` (an offset).
    virtual core::Result<std::vector<TaxiiCollection>> TaxiiCollections(const Actor& actor) = 0;
    virtual core::Result<TaxiiPage> TaxiiObjects(const Actor& actor,
                                                 std::string_view collection,
                                                 int limit,
                                                 std::string_view next,
                                                 std::optional<core::TimePoint> added_after) = 0;

    /// Whether `node` is a peer not suspended (checked from a request's head, before its body).
    virtual bool Admits(std::string_view node) = 0;
    /// A child's enrolment (JSON: code, node, name, url, public_key); answers this
    /// installation's node, name and key as JSON.
    virtual core::Result<std::string> Enrol(std::string_view body, std::string_view remote) = 0;
    /// A batch of envelopes from a peer (JSON: {"envelopes": [...]}), opened, applied in order
    /// and answered one by one as JSON.
    virtual core::Result<std::string> Receive(std::string_view body, std::string_view remote) = 0;
};

}  // namespace ungcuu::app
