// Use cases of incidents: intake (unit officers, the public page, machines with an API token,
// and later the detection engine — alerts deduplicated by their key), acknowledgement,
// verification and classification with the computed severity, the procedure's steps, tasks
// (from the response plan or by hand), observables, official reports issued with their number
// and routed to their recipients through the outbox, and the clocks of the incident's rule set.
// An incident belongs to a unit (the affected systems' owner); callers see it through their
// scope over that unit. Thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/calendar_service.hpp"
#include "app/ports.hpp"
#include "core/random.hpp"

namespace ungcuu::app {

/// The rule sets a deployment knows and the one new incidents are handled under.
struct IncidentRuleBook {
    std::vector<domain::IncidentRuleSet> sets;
    std::string default_id = "vn-2017";

    const domain::IncidentRuleSet* Find(std::string_view id) const;
    const domain::IncidentRuleSet& Default() const;
};

struct NewIncident {
    domain::Incident fields;  // the Mẫu 03 fields; ids, state and times are set by the service
    std::optional<domain::UnitId> unit_id;  // defaults to the first system's owner
    std::optional<std::string> rule_set;    // defaults to the deployment's
    /// An exercise incident of this drill (opened by a drill's inject, never by a request body).
    std::optional<domain::DrillId> drill_id;
};

/// What a public reporter (no account) sends.
struct PublicReport {
    std::string name;
    std::string organisation;
    std::string email;
    std::string phone;
    std::string affected;  // the website or system, as the reporter names it
    std::string description;
    std::optional<domain::UnitId> unit_id;  // the unit they think it belongs to
    std::string address;                    // the client's address, for the rate limit
};

struct PublicStatus {
    std::string code;
    domain::IncidentState state = domain::IncidentState::kReceived;
    core::TimePoint received_at;
    core::TimePoint updated_at;
};

struct IncidentQuery {
    std::optional<domain::UnitId> unit_id;
    std::vector<domain::IncidentState> states;
    std::optional<domain::Severity> severity;
    std::optional<domain::IncidentSource> source;
    std::string scenario;
    std::string search;                       // raw; folded by the service
    bool overdue = false;                     // only open incidents with a clock past its due time
    std::optional<core::Date> detected_from;  // Vietnamese days, inclusive
    std::optional<core::Date> detected_to;
    IncidentSort sort = IncidentSort::kDetectedDesc;
    std::optional<IncidentCursor> after;
    int limit = 50;
};

struct IncidentPage {
    std::vector<IncidentListRow> rows;
    std::optional<IncidentCursor> next;
};

struct NextStep {
    domain::IncidentState to;
    bool possible = true;  // the guard holds now
    std::string why_not_vi;
    std::string why_not_en;
};

/// What the registry holds about an affected system that the report forms ask for (TT 20/2017
/// Điều 9 khoản 3 điểm a; Phụ lục I Mẫu 03): who operates it, who it belongs to, how it is
/// reached, what runs on it and what protects it.
struct AffectedSystemRecord {
    domain::InformationSystem system;
    std::string operator_name;  // đơn vị vận hành: the operator, else the owner
    std::string owner_name;     // cơ quan chủ quản: the owner unit
};

struct IncidentDetails {
    domain::Incident incident;
    std::string unit_name;
    // Filled for the report documents only (ReportFor), not on every view of the incident:
    std::string parent_unit_name;  // the handling unit's parent (the documents' upper line)
    std::string place_name;        // where it sits, for the documents' date line ("Hòa Phú")
    std::vector<AffectedSystemRecord> system_records;
    const domain::IncidentRuleSet* rules = nullptr;
    std::vector<domain::AffectedSystem> systems;
    domain::SeverityResult severity;
    std::vector<domain::IncidentClock> clocks;
    std::vector<NextStep> next;  // empty when the caller may not handle it
    bool can_handle = false;
    bool can_decide = false;        // the caller may record a leader's decision on it
    bool decision_pending = false;  // serious, not escalated, no decision (SeriousDecisionPending)
    std::vector<domain::IncidentTask> tasks;
    std::vector<domain::IncidentEvent> events;
    std::vector<domain::Observable> observables;
    std::vector<RelatedIncident> related;
    std::vector<domain::IncidentReport> reports;
    std::vector<domain::Delivery> deliveries;
    std::optional<domain::ResponsePlan> plan;  // applicable to its first scenario
    std::vector<domain::IncidentAttachment> attachments;
};

/// A stored file handed back for download.
struct IncidentFile {
    std::string name;
    std::string content_type;
    std::string bytes;
};

struct Classification {
    std::vector<std::string> scenarios;
    std::vector<std::string> impacts;
    domain::Capacity capacity = domain::Capacity::kUnknown;
    std::optional<std::vector<domain::SystemId>> system_ids;  // replaces the affected systems
    std::vector<int> plan_criteria_met;  // indexes into the applicable plan's criteria
    std::optional<bool> security_signs;  // signs of harm to national security or public order
    std::optional<bool> personal_data;   // personal data is involved
};

struct CreateOutcome {
    IncidentDetails details;
    bool created = true;  // false: an open incident with the same key got a repeat
};

struct ReportDraft {
    std::string type;
    std::string summary;
    std::string result;
    std::string requested_help;
    std::string signer_name;
    std::string signer_title;
};

struct PublicIntakeOptions {
    int max_per_window = 5;
    std::chrono::minutes window{10};
};

class IncidentService {
public:
    IncidentService(Store& store,
                    const core::Clock& clock,
                    core::Random& random,
                    const IncidentRuleBook& rules,
                    const domain::Taxonomy& taxonomy,
                    CalendarService& calendar,
                    UploadStore& uploads,
                    ContentTypeDetector& detector,
                    PublicIntakeOptions public_options = {})
        : store_(store),
          clock_(clock),
          random_(random),
          rules_(rules),
          taxonomy_(taxonomy),
          calendar_(calendar),
          uploads_(uploads),
          detector_(detector),
          public_options_(public_options) {}

    /// Files an incident (or raises the repeat counter of the open one with the same key).
    core::Result<CreateOutcome> Create(const Actor& actor, NewIncident request);
    /// Create inside the caller's transaction, under the deployment's rule set (an incident
    /// arriving from another installation, applied with the envelope that carries it).
    core::Result<CreateOutcome> CreateIn(Repositories& repos,
                                         const Actor& actor,
                                         NewIncident request);
    /// Files a report from the public page; kTooManyRequests past the limit per address.
    /// Returns the tracking code.
    core::Result<std::string> CreatePublic(const PublicReport& report);
    core::Result<PublicStatus> StatusByTrackingCode(std::string_view code);

    core::Result<IncidentPage> List(const Actor& actor, const IncidentQuery& query);
    core::Result<IncidentDetails> Get(const Actor& actor, domain::IncidentId id);
    core::Result<IncidentDetails> Transition(const Actor& actor,
                                             domain::IncidentId id,
                                             domain::IncidentState to,
                                             std::string_view note,
                                             std::optional<domain::IncidentId> merge_into);
    core::Result<IncidentDetails> Classify(const Actor& actor,
                                           domain::IncidentId id,
                                           const Classification& classification);
    core::Result<IncidentDetails> AddNote(const Actor& actor,
                                          domain::IncidentId id,
                                          std::string_view note);
    /// A leader of the incident's unit records the decision to keep a computed-serious
    /// incident on the normal track, with the reason (the alternative to escalating it, where
    /// the rule set requires one or the other). kConflict when no such decision is pending.
    core::Result<IncidentDetails> DecideTrack(const Actor& actor,
                                              domain::IncidentId id,
                                              std::string_view reason);

    /// Records how the incident was handled and what it cost (TT 20/2017 Mẫu 05: by itself,
    /// with other organisations, foreign ones or the national coordinator; the organisations;
    /// the estimated damage in VND). Needs kIncidentHandle; asked when it closes.
    core::Result<IncidentDetails> RecordOutcome(const Actor& actor,
                                                domain::IncidentId id,
                                                domain::HandlingMode mode,
                                                std::vector<std::string> helpers,
                                                std::vector<std::string> foreign_helpers,
                                                std::int64_t damage_vnd);

    core::Result<IncidentDetails> AddTask(const Actor& actor,
                                          domain::IncidentId id,
                                          domain::IncidentTask task);
    /// Sets result, assignee, due time; `done` marks it done now (or reopens it).
    core::Result<IncidentDetails> UpdateTask(const Actor& actor,
                                             domain::IncidentId id,
                                             domain::TaskId task_id,
                                             const domain::IncidentTask& changes,
                                             std::optional<bool> done);
    core::Result<IncidentDetails> AddObservable(const Actor& actor,
                                                domain::IncidentId id,
                                                domain::ObservableKind kind,
                                                std::string_view value);
    /// Adds several at once, in one transaction; those that are not valid (or already there)
    /// are left out.
    core::Result<IncidentDetails> AddObservables(
        const Actor& actor,
        domain::IncidentId id,
        const std::vector<std::pair<domain::ObservableKind, std::string>>& items);

    core::Result<domain::IncidentReport> CreateReport(const Actor& actor,
                                                      domain::IncidentId id,
                                                      const ReportDraft& draft);
    core::Result<domain::IncidentReport> UpdateReport(const Actor& actor,
                                                      domain::IncidentId id,
                                                      domain::ReportId report_id,
                                                      const ReportDraft& draft);
    /// Numbers the report, records its issue and queues one delivery per recipient and channel.
    core::Result<IncidentDetails> IssueReport(const Actor& actor,
                                              domain::IncidentId id,
                                              domain::ReportId report_id);
    /// The report with the incident it belongs to, for rendering; kNotFound outside the scope.
    core::Result<std::pair<domain::IncidentReport, IncidentDetails>> ReportFor(
        const Actor& actor, domain::IncidentId id, domain::ReportId report_id);

    /// Scans every attachment before it is stored (set once at start, before serving).
    void UseScanner(FileScanner& scanner) { scanner_ = &scanner; }

    /// Evidence (screenshots, logs, documents) stored like registry uploads; anyone who may
    /// report for the incident's unit may add it. Scanned first: an archive bomb is refused, a
    /// match is kept with the file, noted on the timeline and its digest made an observable.
    core::Result<IncidentDetails> AddAttachment(const Actor& actor,
                                                domain::IncidentId id,
                                                std::string_view file_name,
                                                std::string_view bytes);
    core::Result<IncidentFile> Attachment(const Actor& actor,
                                          domain::IncidentId id,
                                          domain::AttachmentId attachment_id);
    /// The signed copy of an issued report (a scan with signature and stamp, or a digitally
    /// signed PDF); replaces an earlier one.
    core::Result<IncidentDetails> AttachSignedCopy(const Actor& actor,
                                                   domain::IncidentId id,
                                                   domain::ReportId report_id,
                                                   std::string_view file_name,
                                                   std::string_view bytes);
    core::Result<IncidentFile> SignedCopy(const Actor& actor,
                                          domain::IncidentId id,
                                          domain::ReportId report_id);

    const IncidentRuleBook& rules() const { return rules_; }

    CalendarService& calendar() { return calendar_; }

    UploadStore& uploads() { return uploads_; }

    ContentTypeDetector& detector() { return detector_; }

    FileScanner* scanner() { return scanner_; }

    core::TimePoint Now() const { return clock_.Now(); }

private:
    core::Status NoteMalware(Repositories& repos,
                             const domain::Incident& incident,
                             std::string_view file_name,
                             const domain::FileScan& scan,
                             core::TimePoint now);
    core::Result<CreateOutcome> Insert(Repositories& repos,
                                       const Actor& actor,
                                       domain::Incident incident,
                                       std::optional<domain::UnitId> unit_id_asked,
                                       const domain::IncidentRuleSet& rule_set,
                                       core::TimePoint now);
    core::Result<domain::Incident> LoadVisible(Repositories& repos,
                                               const Actor& actor,
                                               domain::IncidentId id);
    core::Result<IncidentDetails> Details(Repositories& repos,
                                          const Actor& actor,
                                          domain::Incident incident);
    /// The systems of an incident. With `naming` (a caller choosing them), a system outside the
    /// caller's scope is answered exactly as one that does not exist.
    core::Result<std::vector<domain::AffectedSystem>> AffectedSystems(
        Repositories& repos,
        const std::vector<domain::SystemId>& ids,
        const Actor* naming = nullptr);
    /// Writes the incident with its next clock; the event goes with it.
    core::Status Save(Repositories& repos,
                      const Actor& actor,
                      domain::Incident& incident,
                      domain::IncidentEvent event);
    /// The clocks of the incident given its reports (issued ones end their clocks).
    std::vector<domain::IncidentClock> Clocks(const domain::Incident& incident,
                                              const std::vector<domain::IncidentReport>& reports,
                                              core::TimePoint now);
    const domain::IncidentRuleSet& RulesOf(const domain::Incident& incident) const;
    /// A changing step of an incident, for the write transaction that ends with its details.
    core::Result<IncidentDetails> Change(
        const Actor& actor,
        domain::IncidentId id,
        const std::function<core::Status(Repositories&, domain::Incident&)>& change,
        domain::Permission permission = domain::Permission::kIncidentHandle);

    Store& store_;
    const core::Clock& clock_;
    core::Random& random_;
    const IncidentRuleBook& rules_;
    const domain::Taxonomy& taxonomy_;
    CalendarService& calendar_;
    UploadStore& uploads_;
    ContentTypeDetector& detector_;
    FileScanner* scanner_ = nullptr;
    PublicIntakeOptions public_options_;
};

/// The official layout of a report: Mẫu 03 and Mẫu 04 with the fields of TT 20/2017 Phụ lục I,
/// the other report types as a titled letter with the incident's particulars.
OfficialDocument BuildReportDocument(const domain::IncidentReport& report,
                                     const IncidentDetails& details);

/// Queues `delivery` for the unit `target`: in the app at once, and as outbox records for its
/// e-mail (the reporting address, else the unit's e-mail; `email` instead when given: a person
/// called on the unit's behalf) and its webhook when it has them.
core::Status QueueToUnit(Repositories& repos,
                         domain::Delivery delivery,
                         const domain::Unit& target,
                         core::TimePoint now,
                         std::string_view email = {});

/// Display name of the actor for timelines.
std::string ActorName(const Actor& actor);

}  // namespace ungcuu::app
