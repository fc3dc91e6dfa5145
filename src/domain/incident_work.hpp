// The work around an incident: its timeline, tasks, observables, attachments, official reports,
// deliveries of those reports to their recipients (the outbox), and the response plans
// (phương án ứng cứu) that give an incident its first tasks and severity criteria. Pure and
// thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/file_scan.hpp"
#include "domain/incident.hpp"
#include "domain/protection.hpp"

namespace ungcuu::domain {

using IncidentEventId = core::Id<struct IncidentEventTag>;
using TaskId = core::Id<struct TaskTag>;
using AttachmentId = core::Id<struct AttachmentTag>;
using ReportId = core::Id<struct ReportTag>;
using DeliveryId = core::Id<struct DeliveryTag>;
using PlanId = core::Id<struct PlanTag>;

/// One line of the timeline: every change, note, report, delivery and acknowledgement.
struct IncidentEvent {
    IncidentEventId id{};
    IncidentId incident_id{};
    core::TimePoint at{};
    std::string kind{};   // filed, repeated, transition, classified, task, note, report, …
    std::string actor{};  // the user's display name, or the public reporter / system
    std::string from_state{};
    std::string to_state{};
    std::string note{};
};

struct IncidentTask {
    TaskId id;
    IncidentId incident_id;
    std::string title;
    std::string lead;  // the leading unit or function, as text
    std::string step;  // the procedure step it belongs to ("1b", "2"…)
    std::optional<UserId> assignee_id;
    std::string assignee_name;  // loaded
    std::optional<core::TimePoint> due_at;
    std::optional<core::TimePoint> done_at;
    std::string result;
    bool from_plan = false;
    core::TimePoint created_at;
};

core::Status ValidateTask(const IncidentTask& task);

/// kUser: an account name; kHost: a machine's name (as detection finds them in logs).
enum class ObservableKind { kIp, kDomain, kUrl, kHash, kEmail, kUser, kHost };
std::string_view ObservableKindCode(ObservableKind kind);
std::optional<ObservableKind> ParseObservableKind(std::string_view code);

/// The canonical form of an observable value (lower-case domain, e-mail and hash; IPv4/IPv6 as
/// written; URL scheme and host lower-cased), or kInvalidArgument saying what is wrong.
core::Result<std::string> NormaliseObservable(ObservableKind kind, std::string_view value);

struct Observable {
    IncidentId incident_id;
    ObservableKind kind = ObservableKind::kIp;
    std::string value;
    core::TimePoint created_at;
};

struct IncidentAttachment {
    AttachmentId id{};
    IncidentId incident_id{};
    std::string name{};
    std::string content_type{};
    std::int64_t size = 0;
    std::string sha256{};
    std::string uploaded_by{};
    core::TimePoint uploaded_at{};
    std::optional<FileScan> scan{};  // nullopt: stored before scanning existed, or not scanned
};

enum class ReportState { kDraft, kIssued };

/// An official report of an incident (TT 20/2017 Điều 9 khoản 3; QĐ 05/2017 Điều 11).
struct IncidentReport {
    ReportId id;
    IncidentId incident_id;
    std::string type;  // a report type of the incident's rule set
    UnitId unit_id;    // the issuing unit
    int year = 0;
    int seq = 0;         // number within the issuing unit and year, given at issue
    std::string number;  // số ký hiệu, "12/BC-DLK-HOAPHU"
    ReportState state = ReportState::kDraft;
    std::string summary;         // nội dung / mô tả
    std::string result;          // kết quả xử lý (Mẫu 04)
    std::string requested_help;  // đề nghị hỗ trợ
    std::string signer_name;
    std::string signer_title;
    std::optional<ReportId> initial_report_id;  // Mẫu 04 cites Mẫu 03
    std::optional<core::TimePoint> issued_at;
    std::string issued_by;
    // The signed copy (scan with stamp, or a digitally signed file).
    std::string signed_name;
    std::string signed_sha256;
    std::string signed_type;
    core::TimePoint created_at;
};

std::string_view ReportStateCode(ReportState state);

/// The report's own mandatory fields of its rule (summary, result, requested_help) and length
/// limits; for a serious-only type, that the incident is serious.
core::Status CheckReport(const IncidentReport& report,
                         const ReportTypeRule& rule,
                         const Incident& incident);

/// Số ký hiệu of an issued report: "<seq>/BC-<unit code>".
std::string ReportNumber(int seq, std::string_view unit_code);

enum class Channel { kApp, kEmail, kWebhook };
std::string_view ChannelCode(Channel channel);
std::optional<Channel> ParseChannel(std::string_view code);

enum class DeliveryState {
    kQueued,  // waiting for its (next) attempt
    kSent,    // handed over (the mail server accepted it; the webhook answered 2xx; in the app)
    kFailed,  // gave up after the last attempt; can be retried by hand
};
std::string_view DeliveryStateCode(DeliveryState state);
std::optional<DeliveryState> ParseDeliveryState(std::string_view code);

/// One message to one recipient over one channel: an outbox record that survives restarts.
struct Delivery {
    DeliveryId id;
    IncidentId incident_id;
    std::optional<ReportId> report_id;
    std::string kind;               // report, reminder, overdue, acknowledgement
    std::optional<UnitId> unit_id;  // the recipient unit (none for an outside reporter)
    std::string unit_name;          // loaded
    std::string function;           // why it receives it: owner, specialised, …
    Channel channel = Channel::kApp;
    std::string address;  // e-mail address or URL; "" for the app
    std::string subject;
    std::string body;
    DeliveryState state = DeliveryState::kQueued;
    int attempts = 0;
    core::TimePoint next_attempt_at;
    std::string last_error;
    core::TimePoint created_at;
    std::optional<core::TimePoint> sent_at;
    std::optional<core::TimePoint> acknowledged_at;
    std::string acknowledged_by;
};

/// When to try again after `attempts` failed attempts: 1, 2, 4 … minutes, at most an hour;
/// nullopt after `max_attempts` (the delivery is then failed).
std::optional<core::TimePoint> NextAttempt(core::TimePoint now, int attempts, int max_attempts);

/// The e-mail copy of a notice (a contact-point change, a warning's reminder): queued until the
/// mail server takes it, retried meanwhile with NextAttempt's backoff, failed after the last try.
struct MailCopy {
    std::string state = "none";  // none, queued, sent, failed
    int attempts = 0;
    std::optional<core::TimePoint> next_at;
    std::string error;

    /// Queued at `now` when there is an address, else "none".
    void Queue(std::string_view address, core::TimePoint now);
};

enum class MailOutcome { kSent, kRetried, kFailed };

/// How many queued e-mails one round of a dispatch job attempts.
inline constexpr int kMailBatch = 50;
/// How long a node holds a queued e-mail it is attempting (claimed so that no other node sends
/// it too): longer than any attempt takes. A node that dies mid-attempt leaves it to the others
/// after this.
inline constexpr std::chrono::seconds kMailLease{300};

/// What a round of mail dispatch did.
struct MailTally {
    int sent = 0;
    int retried = 0;
    int failed = 0;

    void Add(MailOutcome outcome) {
        (outcome == MailOutcome::kSent      ? sent
         : outcome == MailOutcome::kRetried ? retried
                                            : failed) += 1;
    }
};

/// Records one attempt whose result is `sent`.
MailOutcome RecordMailAttempt(MailCopy& mail,
                              const core::Status& sent,
                              core::TimePoint now,
                              int max_attempts);

/// E-mail subjects of incident notifications start with "[TBSC]" (TT 20/2017 Mẫu 03, note).
std::string MailSubject(std::string_view report_title,
                        std::string_view incident_code,
                        std::string_view incident_title);

// ---- response plans ------------------------------------------------------------------------

enum class PlanState { kDraft, kApproved, kRetired };
std::string_view PlanStateCode(PlanState state);
std::optional<PlanState> ParsePlanState(std::string_view code);

struct PlanStep {
    std::string title;
    std::string lead;   // the leading unit or function
    std::string step;   // procedure step, "1b" by default
    int due_hours = 0;  // 0: no due time
};

/// Phương án ứng cứu for one scenario, for one system or (without system) the unit's default.
struct ResponsePlan {
    PlanId id;
    UnitId unit_id;
    std::string unit_path;  // loaded
    std::optional<SystemId> system_id;
    std::string scenario;
    int version = 1;
    PlanState state = PlanState::kDraft;
    std::string title;
    std::vector<PlanStep> steps;          // initial priority steps
    std::vector<PlanCriterion> criteria;  // criteria that tell nature and severity quickly
    std::string people;
    std::string tools;
    std::string contractors;
    std::int64_t budget_vnd = 0;
    std::string continuity;  // approved conditions for keeping the system running
    std::optional<core::TimePoint> approved_at;
    std::string approved_by;
    core::TimePoint created_at;
};

core::Status ValidatePlan(const ResponsePlan& plan, const Taxonomy& taxonomy);

}  // namespace ungcuu::domain
