// The exchange between installations (issue 23; ADR 0010): this installation's node and Ed25519
// keys, enrolment of a child with a one-time code, the parent joined with one, key rotation with
// an overlap, suspension; the durable outbox towards each peer — what must travel is collected
// from the records (warnings sent to a unit a child installation stands for, answers to warnings
// received from the parent, incident reports issued here for the parent) and queued in the same
// transaction that marks it sent, then delivered in order, in batches, retried with a backoff —;
// and the receiving side: each envelope opened (signature first) and applied once, in one
// transaction with the record of its id, each refusal kept for the administrator. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "app/incidents/incident_service.hpp"
#include "app/incidents/report_documents.hpp"
#include "app/network/exchange.hpp"
#include "app/network/network_service.hpp"
#include "app/network/periodic_service.hpp"
#include "app/network/warning_service.hpp"
#include "core/clock.hpp"
#include "federation/envelope.hpp"
#include "federation/peer_transport.hpp"
#include "federation/stix.hpp"

namespace ungcuu::federation {

struct ExchangeOptions {
    /// Where peers deliver to this installation (its address behind the reverse proxy); a child
    /// cannot join a parent without it.
    std::string public_url;
    std::chrono::hours lifetime{24 * 30};  // of an envelope
    std::chrono::hours overlap{24 * 7};    // an old key's validity after a rotation
    std::chrono::hours enrolment_validity{24 * 7};
    std::chrono::seconds skew{300};
    int batch = 100;              // envelopes per delivery request
    int batches_per_round = 200;  // per peer and round of the job
};

class ExchangeService final : public app::Exchange {
public:
    static constexpr std::size_t kMaxEnvelopeBytes = std::size_t{8} * 1024 * 1024;
    static constexpr std::size_t kMaxBatch = 100;
    /// What one delivery request carries at most (the receiving door takes 16 MiB).
    static constexpr std::size_t kMaxRequestBytes = std::size_t{12} * 1024 * 1024;
    /// An issued report's PDF rides inline in its envelope up to this size.
    static constexpr std::size_t kMaxInlineDocument = std::size_t{2} * 1024 * 1024;

    ExchangeService(app::Store& store,
                    const core::Clock& clock,
                    app::WarningService& warnings,
                    app::IncidentService& incidents,
                    app::NetworkService& network,
                    app::PeriodicReportService& periodic,
                    app::ReportDocumentService& documents,
                    app::UploadStore& uploads,
                    app::ContentTypeDetector& detector,
                    PeerTransport& transport,
                    ExchangeOptions options)
        : store_(store),
          clock_(clock),
          warnings_(warnings),
          incidents_(incidents),
          network_(network),
          periodic_(periodic),
          documents_(documents),
          uploads_(uploads),
          detector_(detector),
          transport_(transport),
          options_(std::move(options)) {}

    core::Result<app::ExchangeOverview> Overview(const app::Actor& actor) override;
    core::Result<app::IssuedEnrolment> IssueEnrolment(const app::Actor& actor,
                                                      domain::UnitId unit,
                                                      std::string name) override;
    core::Result<domain::ExchangePeer> Join(const app::Actor& actor,
                                            std::string parent_url,
                                            std::string code) override;
    core::Result<domain::ExchangePeer> Suspend(const app::Actor& actor,
                                               domain::PeerId peer,
                                               bool suspended) override;
    core::Result<domain::ExchangePeer> RetryNow(const app::Actor& actor,
                                                domain::PeerId peer) override;
    core::Result<app::ExchangeOverview> RotateKey(const app::Actor& actor) override;

    core::Result<std::string> WarningStix(const app::Actor& actor, domain::WarningId id) override;
    core::Result<std::string> IncidentStix(const app::Actor& actor, domain::IncidentId id) override;
    core::Result<app::ImportedWarnings> ImportStix(const app::Actor& actor,
                                                   domain::UnitId unit,
                                                   std::string_view bundle) override;
    core::Result<std::vector<app::ShareTarget>> ShareTargets(const app::Actor& actor) override;
    core::Result<std::string> ShareIncident(const app::Actor& actor,
                                            domain::IncidentId id,
                                            domain::PeerId peer,
                                            domain::Tlp tlp) override;
    core::Result<std::string> WarningMisp(const app::Actor& actor, domain::WarningId id) override;
    core::Result<app::ImportedWarnings> ImportMisp(const app::Actor& actor,
                                                   domain::UnitId unit,
                                                   std::string_view events) override;
    core::Result<std::vector<app::TaxiiCollection>> TaxiiCollections(
        const app::Actor& actor) override;
    core::Result<app::TaxiiPage> TaxiiObjects(const app::Actor& actor,
                                              std::string_view collection,
                                              int limit,
                                              std::string_view next,
                                              std::optional<core::TimePoint> added_after) override;

    /// Sets where peers reach this installation; before it serves (tests bind their port first).
    void set_public_url(std::string url) { options_.public_url = std::move(url); }

    bool Admits(std::string_view node) override;
    core::Result<std::string> Enrol(std::string_view body, std::string_view remote) override;
    core::Result<std::string> Receive(std::string_view body, std::string_view remote) override;

    /// Queues what must travel and is not yet queued; returns how many envelopes.
    core::Result<int> Collect();
    /// Delivers what is due to each peer, in order; returns how many were taken.
    core::Result<int> Deliver();

private:
    struct Self {
        domain::ExchangeIdentity identity;
        KeyPair key;  // the current one
        std::string key_id;
    };

    core::Result<Self> EnsureIdentity(app::Repositories& repos);
    /// This installation as the producer of STIX objects.
    core::Result<StixProducer> Producer();
    /// Warnings from a tool outside the network received at `unit`: each fitted to what a
    /// warning holds, loose indicators gathered into one more.
    core::Result<app::ImportedWarnings> ReceiveForeign(const app::Actor& actor,
                                                       domain::UnitId unit,
                                                       std::string producer,
                                                       std::string_view format,
                                                       std::vector<domain::Warning> warnings,
                                                       std::vector<domain::Indicator> loose,
                                                       int skipped);
    core::Result<domain::Unit> CheckAdmin(app::Repositories& repos, const app::Actor& actor);
    core::Result<std::string> QueueEnvelope(app::Repositories& repos,
                                            const Self& self,
                                            const KeyPair& key,
                                            const domain::ExchangePeer& peer,
                                            std::string type,
                                            boost::json::value body);
    core::Status Apply(app::Repositories& repos,
                       const domain::ExchangePeer& peer,
                       const Envelope& envelope);
    core::Status ApplyKey(app::Repositories& repos,
                          const domain::ExchangePeer& peer,
                          const Envelope& envelope);
    core::Status ApplyWarning(app::Repositories& repos,
                              const domain::ExchangePeer& peer,
                              const Envelope& envelope);
    core::Status ApplyAnswer(app::Repositories& repos,
                             const domain::ExchangePeer& peer,
                             const Envelope& envelope);
    core::Status ApplyReport(app::Repositories& repos,
                             const domain::ExchangePeer& peer,
                             const Envelope& envelope);
    /// The document that came with a child's report, stored with the incident it joins.
    core::Status KeepDocument(app::Repositories& repos,
                              const domain::ExchangePeer& peer,
                              domain::IncidentId incident,
                              const boost::json::object& document);
    /// The PDF of each report about to be sent up (at most kMaxInlineDocument), by report id.
    std::map<std::int64_t, app::RenderedDocument> RenderReports();
    // The network's year (exchange_network.cpp): coordination orders down and their answers
    // up, withdrawals of warnings down, periodic reports up and their reviews down,
    // acknowledgements of received incidents down.
    core::Result<int> CollectNetwork(app::Repositories& repos,
                                     const Self& self,
                                     const std::map<std::int64_t, domain::ExchangePeer>& peers);
    core::Status ApplyOrder(app::Repositories& repos,
                            const domain::ExchangePeer& peer,
                            const Envelope& envelope);
    core::Status ApplyTaskAnswer(app::Repositories& repos,
                                 const domain::ExchangePeer& peer,
                                 const Envelope& envelope);
    core::Status ApplyWithdrawal(app::Repositories& repos,
                                 const domain::ExchangePeer& peer,
                                 const Envelope& envelope);
    core::Status ApplyPeriodic(app::Repositories& repos,
                               const domain::ExchangePeer& peer,
                               const Envelope& envelope);
    core::Status ApplyReview(app::Repositories& repos,
                             const domain::ExchangePeer& peer,
                             const Envelope& envelope);
    core::Status ApplyAcknowledgement(app::Repositories& repos,
                                      const domain::ExchangePeer& peer,
                                      const Envelope& envelope);
    core::Status ApplyShare(app::Repositories& repos,
                            const domain::ExchangePeer& peer,
                            const Envelope& envelope);
    /// kPermissionDenied unless the peer stands in `relation` to this installation (a child
    /// with the unit it stands for): "only a parent/child installation <what>".
    static core::Status FromRelation(const domain::ExchangePeer& peer,
                                     domain::PeerRelation relation,
                                     std::string_view what_vi,
                                     std::string_view what_en);
    /// Who acts here for a peer's envelope: "peer:<node>", unrestricted.
    static app::Actor PeerActor(const domain::ExchangePeer& peer);

    void Refused(std::string_view remote,
                 std::string_view text,
                 std::string code,
                 std::string_view why_vi,
                 std::string_view why_en);
    int DeliverTo(const Self& self, const domain::ExchangePeer& peer);

    app::Store& store_;
    const core::Clock& clock_;
    app::WarningService& warnings_;
    app::IncidentService& incidents_;
    app::NetworkService& network_;
    app::PeriodicReportService& periodic_;
    app::ReportDocumentService& documents_;
    app::UploadStore& uploads_;
    app::ContentTypeDetector& detector_;
    PeerTransport& transport_;
    ExchangeOptions options_;
};

}  // namespace ungcuu::federation
