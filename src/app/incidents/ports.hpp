// Ports of the incident use cases: the incident store (with its timeline, tasks, observables,
// attachments and reports), the outbox (deliveries, routing designations, clock notices), the
// response plans, and the notifier that hands a delivery to its channel. Repositories follow the
// rules of ports.hpp (bound to one connection inside one Store call).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/documents.hpp"
#include "core/result.hpp"
#include "domain/access.hpp"
#include "domain/incident.hpp"
#include "domain/incident_work.hpp"

namespace ungcuu::app {

enum class IncidentSort {
    kDetectedDesc,  // newest detection first (default)
    kDetectedAsc,
    kUpdatedDesc,
    kDueAsc,  // the nearest open clock first; incidents without one last
};

/// Keyset position after which the next page starts (the sort key and the id of the last row).
struct IncidentCursor {
    std::int64_t key = 0;
    std::int64_t id = 0;
};

struct IncidentFilter {
    std::vector<domain::ScopeRoot> scope;
    bool unrestricted = false;
    std::optional<domain::UnitId> unit_id;  // that unit's subtree
    std::vector<domain::IncidentState> states;
    std::optional<domain::Severity> severity;
    std::optional<domain::IncidentSource> source;
    std::string scenario;
    std::string search;                            // folded; matches code, title, description
    std::optional<core::TimePoint> due_before;     // open incidents whose next clock is before it
    std::optional<core::TimePoint> detected_from;  // detected at or after
    std::optional<core::TimePoint> detected_to;    // detected at or before
    IncidentSort sort = IncidentSort::kDetectedDesc;
    std::optional<IncidentCursor> after;
    int limit = 50;
};

struct IncidentListRow {
    domain::Incident incident;
    std::string unit_name;
    std::optional<core::TimePoint> next_due_at;
};

/// An incident sharing an observable with another one.
struct RelatedIncident {
    domain::IncidentId id;
    std::string code;
    std::string title;
    std::string kind;
    std::string value;
};

class IncidentRepository {
public:
    virtual ~IncidentRepository() = default;
    /// kNotFound when absent.
    virtual core::Result<domain::Incident> Get(domain::IncidentId id) = 0;
    virtual core::Result<std::optional<domain::Incident>> FindOpenByDedupKey(
        std::string_view key) = 0;
    virtual core::Result<std::optional<domain::Incident>> FindByTrackingCode(
        std::string_view code) = 0;
    /// Assigns id and code ("SC-<year>-<id>").
    virtual core::Result<domain::Incident> Insert(domain::Incident incident) = 0;
    /// Writes every field when the stored version is `incident.version` and bumps it; kConflict
    /// when someone changed it in between. `next_due_at` is the nearest open clock.
    virtual core::Status Update(domain::Incident& incident,
                                std::optional<core::TimePoint> next_due_at) = 0;
    virtual core::Result<std::vector<IncidentListRow>> List(const IncidentFilter& filter) = 0;
    /// Open incidents whose nearest clock is due before `before` (for reminders).
    virtual core::Result<std::vector<domain::Incident>> DueBefore(core::TimePoint before,
                                                                  int limit) = 0;

    /// Incidents still waiting for their acknowledgement that were received since `since`,
    /// newest first (for the night call of the member on call: a burst of old ones never keeps
    /// a new one from being called).
    virtual core::Result<std::vector<domain::Incident>> Unacknowledged(core::TimePoint since,
                                                                       int limit) = 0;

    virtual core::Status AddEvent(const domain::IncidentEvent& event) = 0;
    virtual core::Result<std::vector<domain::IncidentEvent>> Events(domain::IncidentId id) = 0;

    virtual core::Result<domain::IncidentTask> InsertTask(domain::IncidentTask task) = 0;
    virtual core::Status UpdateTask(const domain::IncidentTask& task) = 0;
    virtual core::Result<domain::IncidentTask> GetTask(domain::TaskId id) = 0;
    virtual core::Result<std::vector<domain::IncidentTask>> Tasks(domain::IncidentId id) = 0;

    /// False when the incident already has that observable.
    virtual core::Result<bool> AddObservable(const domain::Observable& observable) = 0;
    virtual core::Result<std::vector<domain::Observable>> Observables(domain::IncidentId id) = 0;
    /// Other incidents, within the scope, that share an observable with `id`.
    virtual core::Result<std::vector<RelatedIncident>> Related(
        domain::IncidentId id, const std::vector<domain::ScopeRoot>& scope, bool unrestricted) = 0;

    virtual core::Result<domain::IncidentAttachment> InsertAttachment(
        domain::IncidentAttachment attachment) = 0;
    virtual core::Result<std::vector<domain::IncidentAttachment>> Attachments(
        domain::IncidentId id) = 0;

    virtual core::Result<domain::IncidentReport> InsertReport(domain::IncidentReport report) = 0;
    virtual core::Status UpdateReport(const domain::IncidentReport& report) = 0;
    virtual core::Result<domain::IncidentReport> GetReport(domain::ReportId id) = 0;
    virtual core::Result<std::vector<domain::IncidentReport>> Reports(domain::IncidentId id) = 0;
    /// The next free number of the issuing unit in `year`.
    virtual core::Result<int> NextReportSeq(domain::UnitId unit, int year) = 0;
};

/// A function the deployment's rule set sends reports to that no unit holds for a unit's place:
/// its reports of those types would reach nobody in that function.
struct UnservedFunction {
    std::string function;
    std::vector<const domain::ReportTypeRule*> reports;  // of the deployment's rule set
};

struct UnitRouting {
    domain::UnitId unit_id;
    std::vector<domain::RoutingFunction> functions;
    std::string webhook_url;
    std::vector<UnservedFunction> unserved;  // filled when read, not stored
};

class OutboxRepository {
public:
    virtual ~OutboxRepository() = default;
    virtual core::Result<domain::Delivery> Insert(domain::Delivery delivery) = 0;
    virtual core::Status Update(const domain::Delivery& delivery) = 0;
    virtual core::Result<domain::Delivery> Get(domain::DeliveryId id) = 0;
    virtual core::Result<std::vector<domain::Delivery>> ForIncident(domain::IncidentId id) = 0;
    /// The oldest queued delivery whose next attempt is due at `now`, claimed for one attempt:
    /// its next attempt moves to `until`, so no other node takes it meanwhile (on PostgreSQL
    /// a row another transaction is claiming is skipped, not waited for). The attempt's outcome
    /// replaces `until` (Update); a node that dies mid-attempt leaves it due again at `until`.
    /// nullopt when nothing is due.
    virtual core::Result<std::optional<domain::Delivery>> ClaimDue(core::TimePoint now,
                                                                   core::TimePoint until) = 0;
    /// In-app deliveries to units within the scope, newest first.
    virtual core::Result<std::vector<domain::Delivery>> Inbox(
        const std::vector<domain::ScopeRoot>& scope, bool unacknowledged_only, int limit) = 0;

    /// Every active unit holding a function, with its path and parent.
    virtual core::Result<std::vector<domain::RoutingUnit>> Holders() = 0;
    virtual core::Result<UnitRouting> Routing(domain::UnitId unit) = 0;
    virtual core::Status SetRouting(const UnitRouting& routing) = 0;

    /// Records that the notice `kind` of `clock` went out; false when it already had.
    virtual core::Result<bool> MarkNotice(domain::IncidentId incident,
                                          std::string_view clock,
                                          std::string_view kind,
                                          core::TimePoint at) = 0;
};

struct PlanFilter {
    std::vector<domain::ScopeRoot> scope;
    bool unrestricted = false;
    std::optional<domain::UnitId> unit_id;  // that unit's own plans
    std::optional<domain::SystemId> system_id;
    std::string scenario;
    int limit = 200;
};

class PlanRepository {
public:
    virtual ~PlanRepository() = default;
    virtual core::Result<domain::ResponsePlan> Insert(domain::ResponsePlan plan) = 0;
    virtual core::Status Update(const domain::ResponsePlan& plan) = 0;
    virtual core::Result<domain::ResponsePlan> Get(domain::PlanId id) = 0;
    virtual core::Result<std::vector<domain::ResponsePlan>> List(const PlanFilter& filter) = 0;
    /// The latest approved plan for the system and scenario, else the unit's default for it.
    virtual core::Result<std::optional<domain::ResponsePlan>> Applicable(
        std::optional<domain::SystemId> system, domain::UnitId unit, std::string_view scenario) = 0;
    /// The highest version number so far for the same unit, system and scenario (0: none).
    virtual core::Result<int> LatestVersion(domain::UnitId unit,
                                            std::optional<domain::SystemId> system,
                                            std::string_view scenario) = 0;
};

/// A file that goes with an e-mail: the numbered report itself (PDF, and DOCX for a recipient
/// who does not work in ungcuu).
struct MailAttachment {
    std::string file_name;
    std::string content_type;
    std::string bytes;
};

/// Hands one delivery to its channel (SMTP server, webhook endpoint). Thread-safe. The
/// returned error says why it failed; the caller keeps the delivery queued and retries.
/// `attachments` go with an e-mail; other channels ignore them.
class Notifier {
public:
    virtual ~Notifier() = default;
    virtual core::Status Send(const domain::Delivery& delivery,
                              const std::vector<MailAttachment>& attachments) = 0;
};

}  // namespace ungcuu::app
