// Ports of the network context: the member profile, the notices of contact-point changes sent to
// the coordinating units, the coordination orders (Mẫu 06) with their tasks, periodic reports,
// plans, drills, and warnings down the tree with their answers and notices.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "domain/access.hpp"
#include "domain/drill.hpp"
#include "domain/exchange.hpp"
#include "domain/network.hpp"
#include "domain/periodic.hpp"
#include "domain/warning.hpp"
#include "domain/work_plan.hpp"

namespace ungcuu::app {

class NetworkRepository {
public:
    virtual ~NetworkRepository() = default;

    virtual core::Result<std::optional<domain::MemberProfile>> Profile(domain::UnitId unit) = 0;
    virtual core::Status SaveProfile(const domain::MemberProfile& profile) = 0;

    virtual core::Result<domain::ContactNotice> InsertNotice(domain::ContactNotice notice) = 0;
    virtual core::Status UpdateNotice(const domain::ContactNotice& notice) = 0;
    virtual core::Result<domain::ContactNotice> GetNotice(domain::ContactNoticeId id) = 0;
    /// The last contact change the unit's notices have covered (0: none); later ones wait.
    virtual core::Result<std::int64_t> LastNotifiedChange(domain::UnitId unit) = 0;
    /// Notices sent by a unit, newest first.
    virtual core::Result<std::vector<domain::ContactNotice>> NoticesFrom(domain::UnitId unit,
                                                                         int limit) = 0;
    /// Notices received by units inside `scope`, newest first.
    virtual core::Result<std::vector<domain::ContactNotice>> NoticesTo(
        const std::vector<domain::ScopeRoot>& scope, bool unacknowledged_only, int limit) = 0;
    /// The oldest notice whose e-mail is queued and due, claimed for one attempt until `until`
    /// (as OutboxRepository::ClaimDue); nullopt when none is.
    virtual core::Result<std::optional<domain::ContactNotice>> ClaimMailDue(
        core::TimePoint now, core::TimePoint until) = 0;

    virtual core::Result<domain::CoordinationOrder> InsertOrder(
        domain::CoordinationOrder order) = 0;
    virtual core::Result<domain::CoordinationOrder> GetOrder(domain::OrderId id) = 0;
    /// Orders received inside `scope` or addressing a unit inside it (every order when
    /// `unrestricted`), newest first.
    virtual core::Result<std::vector<domain::CoordinationOrder>> Orders(
        const std::vector<domain::ScopeRoot>& scope, bool unrestricted, int limit) = 0;
    virtual core::Result<domain::OrderTask> InsertTask(domain::OrderTask task) = 0;
    virtual core::Result<domain::OrderTask> GetTask(domain::OrderTaskId id) = 0;
    virtual core::Status UpdateTask(const domain::OrderTask& task) = 0;
    virtual core::Result<std::vector<domain::OrderTask>> Tasks(domain::OrderId order) = 0;
};

/// Where a unit's regime applies: the subtree of the unit that adopted it.
struct RegimeAdoption {
    std::string regime;
    domain::UnitId unit_id;
    std::string unit_path;  // loaded
    std::string unit_name;  // loaded
    core::TimePoint adopted_at;
    std::string adopted_by;
};

/// Incidents handled in a subtree (less the subtrees of `excluded`) detected in a time span,
/// for Mẫu 05: counted by scenarios and handling mode, with the organisations that helped.
struct IncidentTallies {
    std::vector<domain::IncidentTally> tallies;
    std::vector<std::string> helpers;          // distinct, sorted
    std::vector<std::string> foreign_helpers;  // distinct, sorted
};

/// An incident as the statistics count it.
struct IncidentFacts {
    std::string unit_path;
    core::TimePoint detected_at;
    core::TimePoint received_at;
    std::optional<core::TimePoint> acknowledged_at;
    std::optional<core::TimePoint> closed_at;
    bool serious = false;
    std::vector<std::string> scenarios;
    std::string rule_set;
};

class PeriodicRepository {
public:
    virtual ~PeriodicRepository() = default;

    virtual core::Result<std::vector<RegimeAdoption>> Adoptions() = 0;
    /// kConflict when the unit already runs the regime.
    virtual core::Status Adopt(const RegimeAdoption& adoption) = 0;
    /// kNotFound when it did not.
    virtual core::Status Drop(std::string_view regime, domain::UnitId unit) = 0;

    virtual core::Result<std::optional<domain::PeriodicReport>> Find(std::string_view regime,
                                                                     std::string_view period,
                                                                     domain::UnitId unit) = 0;
    /// The reports of a regime and period filed by any of `units`.
    virtual core::Result<domain::PeriodicReport> Get(domain::PeriodicReportId id) = 0;
    virtual core::Result<std::vector<domain::PeriodicReport>> ForUnits(
        std::string_view regime,
        std::string_view period,
        const std::vector<domain::UnitId>& units) = 0;
    /// The reports a unit has submitted in a time span (any regime), oldest first, at most
    /// `limit`, with their figures.
    virtual core::Result<std::vector<domain::PeriodicReport>> Submitted(domain::UnitId unit,
                                                                        core::TimePoint from,
                                                                        core::TimePoint to,
                                                                        int limit) = 0;
    /// Inserts (id 0) or updates the report with its figures; kConflict when `version` is stale.
    virtual core::Result<domain::PeriodicReport> Save(domain::PeriodicReport report) = 0;

    virtual core::Result<IncidentTallies> Tally(std::string_view subtree,
                                                const std::vector<std::string>& excluded,
                                                core::TimePoint from,
                                                core::TimePoint to) = 0;
    /// Visits the incidents of a subtree detected in a time span (not rejected or merged), for
    /// the statistics, one at a time (nothing is held: a decade of a province costs no memory);
    /// at most `limit` of them. Returns how many were visited.
    virtual core::Result<std::int64_t> EachFact(
        std::string_view subtree,
        core::TimePoint from,
        core::TimePoint to,
        std::int64_t limit,
        const std::function<void(const IncidentFacts&)>& visit) = 0;
};

/// An assignment with what is needed to read where it stands: its task's time frame and text and
/// its plan's last day.
struct AssignmentRow {
    domain::Assignment assignment;
    domain::TimeFrame frame;
    std::string task_item;
    std::string task_content;
    std::string plan_title;
    std::string plan_number;
    core::Date plan_to{};
};

/// Plans, their tasks and their assignments.
class WorkPlanRepository {
public:
    virtual ~WorkPlanRepository() = default;

    virtual core::Result<domain::WorkPlan> InsertPlan(domain::WorkPlan plan) = 0;
    virtual core::Result<domain::WorkPlan> GetPlan(domain::WorkPlanId id) = 0;
    /// Plans issued inside `scope` or with an assignment to a unit inside it, newest first.
    virtual core::Result<std::vector<domain::WorkPlan>> Plans(
        const std::vector<domain::ScopeRoot>& scope, int limit) = 0;
    /// Saves the head (number, date, title, period, bases, objectives).
    virtual core::Status UpdatePlan(const domain::WorkPlan& plan) = 0;
    virtual core::Result<domain::PlanTask> InsertTask(domain::PlanTask task) = 0;
    /// Saves a task's texts, time frame and budget (not its executing units).
    virtual core::Status UpdateTask(const domain::PlanTask& task) = 0;
    /// Deletes the task and its assignments.
    virtual core::Status DeleteTask(domain::PlanTaskId task) = 0;
    /// In the plan's order (by id).
    virtual core::Result<std::vector<domain::PlanTask>> Tasks(domain::WorkPlanId plan) = 0;
    /// kConflict when the unit already has the task.
    virtual core::Result<domain::Assignment> InsertAssignment(domain::Assignment assignment) = 0;
    virtual core::Result<AssignmentRow> GetAssignment(domain::PlanAssignmentId id) = 0;
    /// Saves status, progress, evidence and who; kConflict when `version` is stale.
    virtual core::Result<domain::Assignment> UpdateAssignment(domain::Assignment assignment) = 0;
    /// A plan's assignments to units inside `scope`, by task then unit path.
    virtual core::Result<std::vector<AssignmentRow>> PlanAssignments(
        domain::WorkPlanId plan, const std::vector<domain::ScopeRoot>& scope) = 0;
    /// Visits the assignments to units inside a subtree (of every plan), at most `limit`.
    virtual core::Result<std::int64_t> EachAssignment(
        std::string_view subtree,
        std::int64_t limit,
        const std::function<void(const AssignmentRow&)>& visit) = 0;
};

/// Drills with their injects and findings.
class DrillRepository {
public:
    virtual ~DrillRepository() = default;
    virtual core::Result<domain::Drill> Insert(domain::Drill drill) = 0;
    /// Saves every field but the unit and the creation.
    virtual core::Status Update(const domain::Drill& drill) = 0;
    virtual core::Result<domain::Drill> Get(domain::DrillId id) = 0;
    /// Drills of units inside `scope`, or in which a unit inside it takes part; newest first.
    virtual core::Result<std::vector<domain::Drill>> List(
        const std::vector<domain::ScopeRoot>& scope, bool unrestricted, int limit) = 0;
    /// Drills of a subtree done between two days (for readiness).
    virtual core::Result<std::vector<domain::Drill>> DoneIn(std::string_view subtree,
                                                            core::Date from,
                                                            core::Date to) = 0;

    /// By minute, then id.
    virtual core::Result<std::vector<domain::Inject>> Injects(domain::DrillId drill) = 0;
    virtual core::Result<domain::Inject> GetInject(domain::InjectId id) = 0;
    virtual core::Result<domain::Inject> InsertInject(domain::Inject inject) = 0;
    /// Records the exercise incident of a run; false when the inject had run already.
    virtual core::Result<bool> MarkRun(domain::InjectId id,
                                       domain::IncidentId incident,
                                       core::TimePoint at) = 0;

    virtual core::Result<std::vector<domain::Finding>> Findings(domain::DrillId drill) = 0;
    virtual core::Result<domain::Finding> InsertFinding(domain::Finding finding) = 0;
};

/// Warnings with their indicators, the items that must answer them, and their notices.
class WarningRepository {
public:
    virtual ~WarningRepository() = default;
    /// Stores the warning and its indicators.
    virtual core::Result<domain::Warning> Insert(domain::Warning warning) = 0;
    /// With indicators, Sigma rules and loaded names. kNotFound when absent.
    virtual core::Result<domain::Warning> Get(domain::WarningId id) = 0;
    /// Warnings not withdrawn that carry Sigma rules and whose deadline is `deadline_from` or
    /// later, with their rules (without indicators), oldest first.
    virtual core::Result<std::vector<domain::Warning>> WithRules(core::TimePoint deadline_from,
                                                                 int limit) = 0;
    virtual core::Status Withdraw(domain::WarningId id, core::TimePoint at) = 0;
    /// Warnings issued by a unit inside `scope` or with an item of a unit inside it; newest
    /// first, without indicators.
    virtual core::Result<std::vector<domain::Warning>> List(
        const std::vector<domain::ScopeRoot>& scope, bool unrestricted, int limit) = 0;
    /// The warnings passing `id` on.
    virtual core::Result<std::vector<domain::Warning>> Children(domain::WarningId id) = 0;

    virtual core::Status InsertItems(domain::WarningId id,
                                     const std::vector<domain::WarningItem>& items) = 0;
    /// By the unit's path, then system id; names loaded.
    virtual core::Result<std::vector<domain::WarningItem>> Items(domain::WarningId id) = 0;
    virtual core::Result<domain::WarningItem> GetItem(domain::WarningItemId id) = 0;
    /// Saves the answer, its evidence, time and author.
    virtual core::Status SaveAnswer(const domain::WarningItem& item) = 0;

    /// Warnings not withdrawn whose deadline is in [from, until), oldest deadline first.
    virtual core::Result<std::vector<domain::Warning>> DeadlinesBetween(core::TimePoint from,
                                                                        core::TimePoint until,
                                                                        int limit) = 0;
    /// Inserts the notice unless one of its kind about its unit exists for the warning; false
    /// then.
    virtual core::Result<bool> InsertNotice(domain::WarningNotice& notice) = 0;
    /// Notices to units inside `scope`, newest first.
    virtual core::Result<std::vector<domain::WarningNotice>> Notices(
        const std::vector<domain::ScopeRoot>& scope, bool unrestricted, int limit) = 0;
    /// The oldest notice whose e-mail is queued and due, claimed for one attempt until `until`
    /// (as OutboxRepository::ClaimDue); nullopt when none is.
    virtual core::Result<std::optional<domain::WarningNotice>> ClaimMailDue(
        core::TimePoint now, core::TimePoint until) = 0;
    virtual core::Status UpdateNoticeMail(const domain::WarningNotice& notice) = 0;

    /// Observables of incidents of units inside `scope` that carry an indicator of the warning:
    /// the same kind and value, or a URL whose address starts with a domain indicator's (the
    /// caller confirms the host with domain::MatchIndicators).
    virtual core::Result<std::vector<domain::Observable>> MatchingObservables(
        domain::WarningId id,
        const std::vector<domain::ScopeRoot>& scope,
        bool unrestricted,
        int limit) = 0;
    /// Warnings not withdrawn with an indicator among the incident's observables (candidates as
    /// above), newest first.
    virtual core::Result<std::vector<domain::WarningId>> MatchingWarnings(
        domain::IncidentId incident, int limit) = 0;
};

/// A local object that travels to a peer, and what identifies it there.
struct ExchangeCandidate {
    domain::PeerId peer;
    std::int64_t local_id = 0;
    std::string remote_id;  // the peer's id of the object it answers, when it came from the peer
};

class ExchangeRepository {
public:
    virtual ~ExchangeRepository() = default;

    /// This installation's node and keys (every key, the current one last); nullopt before the
    /// first use.
    virtual core::Result<std::optional<domain::ExchangeIdentity>> Identity() = 0;
    virtual core::Status CreateIdentity(const domain::ExchangeIdentity& identity,
                                        core::TimePoint at) = 0;
    virtual core::Status AddOwnKey(const domain::ExchangeKey& key) = 0;
    virtual core::Status EndOwnKey(const std::string& key_id, core::TimePoint until) = 0;

    /// Peers with their keys and the state of the outbox towards them, by name.
    virtual core::Result<std::vector<domain::ExchangePeer>> Peers() = 0;
    virtual core::Result<std::optional<domain::ExchangePeer>> PeerByNode(std::string_view node) = 0;
    virtual core::Result<domain::ExchangePeer> GetPeer(domain::PeerId id) = 0;
    /// Stores the peer and its keys.
    virtual core::Result<domain::PeerId> InsertPeer(const domain::ExchangePeer& peer) = 0;
    virtual core::Status SetSuspended(domain::PeerId id, bool suspended) = 0;
    virtual core::Status AddPeerKey(domain::PeerId id, const domain::ExchangeKey& key) = 0;
    virtual core::Status EndPeerKey(domain::PeerId id,
                                    const std::string& key_id,
                                    core::TimePoint until) = 0;

    virtual core::Result<domain::EnrolmentCode> InsertEnrolment(domain::EnrolmentCode code) = 0;
    virtual core::Result<std::optional<domain::EnrolmentCode>> EnrolmentByDigest(
        const std::string& digest) = 0;
    virtual core::Status UseEnrolment(std::int64_t id, core::TimePoint at, domain::PeerId peer) = 0;
    /// Newest first.
    virtual core::Result<std::vector<domain::EnrolmentCode>> Enrolments(int limit) = 0;

    /// Queues an envelope at the end of its peer's outbox.
    virtual core::Status Queue(const domain::OutgoingEnvelope& envelope) = 0;
    /// The peer's first envelopes not yet delivered nor refused for good, in order, when the
    /// first of them is due at `now`; empty otherwise.
    virtual core::Result<std::vector<domain::OutgoingEnvelope>> Due(domain::PeerId peer,
                                                                    core::TimePoint now,
                                                                    int limit) = 0;
    virtual core::Status MarkDelivered(std::int64_t seq, core::TimePoint at) = 0;
    virtual core::Status MarkFailed(std::int64_t seq,
                                    core::TimePoint at,
                                    const std::string& why) = 0;
    /// Records a failed attempt on the envelope at the head of its peer's outbox.
    virtual core::Status MarkAttempt(std::int64_t seq,
                                     int attempts,
                                     core::TimePoint next,
                                     const std::string& why) = 0;
    /// The head of the peer's outbox is due at `now`.
    virtual core::Status RetryNow(domain::PeerId peer, core::TimePoint now) = 0;

    /// Records an envelope received from a peer; false when it was already recorded.
    virtual core::Result<bool> RecordReceived(domain::PeerId peer,
                                              const std::string& envelope_id,
                                              const std::string& type,
                                              core::TimePoint at) = 0;
    virtual core::Result<bool> WasReceived(std::string_view node, std::string_view envelope_id) = 0;

    /// Records the refusal; only the newest 10,000 are kept.
    virtual core::Status InsertRefusal(const domain::ExchangeRefusal& refusal) = 0;
    /// Newest first.
    virtual core::Result<std::vector<domain::ExchangeRefusal>> Refusals(int limit) = 0;

    /// Which peer object a local one stands for or was sent as (`kind`: warning_in, warning_out,
    /// answer_out, report_out, incident_in, order_out, order_in, task_out, withdraw_out,
    /// periodic_out, periodic_in, review_out, ack_out).
    virtual core::Status SaveLink(domain::PeerId peer,
                                  std::string_view kind,
                                  std::int64_t local_id,
                                  const std::string& remote_id) = 0;
    /// The remote id a local object is linked with (nullopt: not linked).
    virtual core::Result<std::optional<std::string>> LinkOf(domain::PeerId peer,
                                                            std::string_view kind,
                                                            std::int64_t local_id) = 0;
    virtual core::Result<std::optional<std::int64_t>> LocalOf(domain::PeerId peer,
                                                              std::string_view kind,
                                                              const std::string& remote_id) = 0;

    /// Warnings with an item at a child peer's unit not yet sent to it, oldest first.
    virtual core::Result<std::vector<ExchangeCandidate>> WarningsToSend(int limit) = 0;
    /// Items of warnings received from a parent peer, answered since their answer was last sent
    /// (remote_id: the peer's warning id).
    virtual core::Result<std::vector<ExchangeCandidate>> AnswersToSend(int limit) = 0;
    /// Incident reports issued (not of drills) since a parent peer's enrolment, not yet sent to
    /// it, in order.
    virtual core::Result<std::vector<ExchangeCandidate>> ReportsToSend(int limit) = 0;
    /// Tasks of coordination orders at a child peer's unit, not answered and not yet sent to it
    /// (local_id: the task), oldest first.
    virtual core::Result<std::vector<ExchangeCandidate>> OrdersToSend(int limit) = 0;
    /// Tasks of orders received from a parent peer, answered and not yet sent back (remote_id:
    /// the peer's task id).
    virtual core::Result<std::vector<ExchangeCandidate>> TaskAnswersToSend(int limit) = 0;
    /// Warnings sent to a child peer and withdrawn since, the withdrawal not yet sent.
    virtual core::Result<std::vector<ExchangeCandidate>> WithdrawalsToSend(int limit) = 0;
    /// Periodic reports of the top unit filed outside the tree, submitted since a parent peer's
    /// enrolment and not sent since their last submission.
    virtual core::Result<std::vector<ExchangeCandidate>> PeriodicsToSend(int limit) = 0;
    /// Periodic reports received from a child peer, accepted or returned since the review was
    /// last sent (remote_id: the submission time the child sent, in milliseconds).
    virtual core::Result<std::vector<ExchangeCandidate>> ReviewsToSend(int limit) = 0;
    /// Incidents received from a child peer and acknowledged here, not yet said so (remote_id:
    /// the peer's incident id).
    virtual core::Result<std::vector<ExchangeCandidate>> AcknowledgementsToSend(int limit) = 0;
    /// A parent installation is enrolled: the top unit's reports filed outside the tree go to it.
    virtual core::Result<bool> HasParent() = 0;
};

}  // namespace ungcuu::app
