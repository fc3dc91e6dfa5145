// Incidents (sự cố an toàn thông tin mạng): the record filed at intake (the fields of Mẫu 03,
// TT 20/2017 Phụ lục I), the two procedures it is handled by — the normal track of TT 20/2017
// Điều 11 and the serious-incident track of QĐ 05/2017 Điều 14 — the computed severity of
// QĐ 05/2017 Điều 9, and the legal clocks. Deadlines, recipients, report types, mandatory fields
// and severity criteria are data (`IncidentRuleSet`, read from rules/<rule set>/incidents.json);
// this header only knows their shape. Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/calendar.hpp"
#include "domain/ids.hpp"
#include "domain/periodic.hpp"
#include "domain/system.hpp"

namespace ungcuu::domain {

using IncidentId = core::Id<struct IncidentTag>;
/// A drill (diễn tập) whose exercise incidents carry its id.
using DrillId = core::Id<struct DrillTag>;

// ---- the procedure ------------------------------------------------------------------------

enum class IncidentTrack {
    kNormal,   // quy trình ứng cứu thông thường (TT 20/2017 Điều 11)
    kSerious,  // quy trình ứng cứu sự cố nghiêm trọng (QĐ 05/2017 Điều 14)
};

enum class IncidentState {
    kReceived,            // 1a tiếp nhận: filed, not yet acknowledged
    kAcknowledged,        // 1a đã xác nhận tiếp nhận
    kVerifying,           // 1a xác minh, phân tích, phân loại
    kInitialResponse,     // 1b triển khai các bước ưu tiên ứng cứu ban đầu
    kChoosingResponse,    // 1c lựa chọn phương án ứng cứu (1đ báo cáo)
    kAwaitingDirection,   // 1d chờ chỉ đạo của Ban Chỉ đạo
    kCoordinating,        // 1e điều phối công tác ứng cứu
    kContaining,          // 2 ngăn chặn, xử lý
    kEradicating,         // 3a xử lý, gỡ bỏ
    kRecovering,          // 3b khôi phục
    kChecking,            // 3c kiểm tra, đánh giá (back to 2 when still unstable)
    kReviewing,           // 4 tổng kết, đánh giá
    kEscalationProposed,  // QĐ 05 Đ14 b1: đề xuất nâng cấp sự cố nghiêm trọng
    kNationalVerification,  // b2 xác minh, phân tích, phân loại (cơ quan điều phối quốc gia)
    kStandingBody,  // b3 cơ quan thường trực chọn phương án, triệu tập bộ phận tác nghiệp
    kEmergencyInitial,   // b4 triển khai phương án ứng cứu ban đầu
    kEmergencyResponse,  // b5 triển khai phương án ứng cứu khẩn cấp
    kResultEvaluation,   // b6 đánh giá kết quả
    kClosed,             // kết thúc (b7 on the serious track)
    kRejected,           // not an incident (báo cáo sai)
    kMerged,             // a duplicate, merged into another incident
};

std::string_view IncidentStateCode(IncidentState state);
std::optional<IncidentState> ParseIncidentState(std::string_view code);

/// The state's procedure step ("1a", "2", "b3"…) and its Vietnamese and English names.
struct StepInfo {
    std::string_view step;
    std::string_view name_vi;
    std::string_view name_en;
    std::string_view lead;  // function code of the leading party (see RoutingFunction)
    std::string_view article;
};

const StepInfo& StepOf(IncidentState state);
bool IsOpen(IncidentState state);
/// The step the response has ended at (the start of the Mẫu 04 clock): reviewing or closed.
bool ResponseEnded(IncidentState state);

/// What the incident knows when a transition is asked for; each guard reads it.
struct TransitionFacts {
    bool classified = false;        // at least one scenario
    bool serious = false;           // computed severity
    bool merge_target = false;      // a target incident is named (to merged)
    bool note = false;              // a note is given
    bool final_report_due = false;  // the rule set requires Mẫu 04 before closing
    bool final_report_issued = false;
    // Computed serious, neither escalated nor kept on the normal track by a leader's decision,
    // under rules that require one or the other (SeriousDecisionPending); with their article.
    bool serious_pending = false;
    std::string escalation_article;
};

/// The states reachable from `from` (whatever the facts).
std::vector<IncidentState> NextStates(IncidentState from);
/// Ok, or why not: kConflict when `to` is not a next step of `from` (the message lists the
/// allowed ones) or a guard fails (not classified; not serious; no merge target; rejection
/// without a reason; Mẫu 04 not issued).
core::Status CheckTransition(IncidentState from, IncidentState to, const TransitionFacts& facts);

// ---- severity (QĐ 05/2017 Điều 9) --------------------------------------------------------

enum class Severity { kNormal, kSerious };
std::string_view SeverityCode(Severity severity);
std::optional<Severity> ParseSeverity(std::string_view code);

enum class Capacity {
    kUnknown,   // not judged yet
    kWithin,    // the owner can handle it
    kExceeded,  // vượt quá khả năng xử lý của chủ quản / đơn vị vận hành
};
std::string_view CapacityCode(Capacity capacity);
std::optional<Capacity> ParseCapacity(std::string_view code);

struct ImpactCriterion {
    std::string code;  // outage, secret_exposure, unrecoverable_data, loss_of_control, spreading
    std::string title_vi;
    std::string title_en;
    std::string article;
};

struct SeverityRules {
    std::vector<int> levels;        // levels that can make an incident serious (4, 5)
    bool national_critical = true;  // a national-critical system can too
    bool capacity_exceeded_required = true;
    std::vector<ImpactCriterion> impacts;
    std::string article;
    // When set: a computed-serious incident must be proposed for escalation, or a leader must
    // record a decision (with the reason) to keep it on the normal track, before the normal
    // procedure goes past its initial steps. The article that says so.
    std::string escalation_article;
};

struct AffectedSystem {
    SystemId id;
    std::string code;
    std::string name;
    int level = 1;  // the approved level, else the proposed one
    bool national_critical = false;
};

/// A criterion of the response plan that tells severity quickly; `met` is the handler's answer.
struct PlanCriterion {
    std::string text;
    // Meeting it raises the incident's priority and proposes that a leader consider the
    // emergency procedure (QĐ 05/2017 Điều 14); it never changes the legal severity, which is
    // Điều 9 alone.
    bool serious = false;
    bool met = false;
};

struct SeverityEvidence {
    std::string criterion;  // "system", impact code, "capacity", "plan"
    bool met = false;
    std::string text_vi;
    std::string text_en;
    std::string article;
};

struct SeverityResult {
    Severity severity = Severity::kNormal;
    std::vector<SeverityEvidence> evidence;       // the legal criteria (QĐ 05/2017 Điều 9)
    std::vector<SeverityEvidence> plan_evidence;  // the approved plan's own criteria
    bool plan_raises_priority = false;            // a plan criterion is met
    bool plan_proposes_emergency = false;         // a plan criterion marked "serious" is met
};

/// Serious (QĐ 05/2017 Điều 9) when a system is of a serious level or national-critical, at
/// least one impact of the rules holds, and (when the rules say so) the owner cannot handle it —
/// nothing else. A plan's criteria are evidence of their own: a met one raises the priority, a
/// met "serious" one proposes that a leader consider the emergency procedure. Every criterion
/// appears in its evidence list, met or not.
SeverityResult ComputeSeverity(const SeverityRules& rules,
                               const std::vector<AffectedSystem>& systems,
                               const std::vector<std::string>& impacts,
                               Capacity capacity,
                               const std::vector<PlanCriterion>& plan_criteria);

// ---- rule set ----------------------------------------------------------------------------

struct RequiredField {
    std::string field;  // a field code of IncidentReport (see CheckIntakeFields)
    std::string article;
};

struct ReportTypeRule {
    std::string type;  // notification, initial, progress, response_plan, support_request, …
    std::string form;  // notification, mau03, mau04, free
    std::string title_vi;
    std::string title_en;
    std::vector<std::string> recipients;  // routing function codes
    std::vector<std::string> required;    // report field codes: summary, result, requested_help
    bool serious_only = false;
    std::string article;
};

enum class ClockLimit { kImmediate, kHours, kDays };

struct ClockRule {
    std::string code;
    std::string title_vi;
    std::string title_en;
    std::string start;  // received, detected, capacity_exceeded, serious_assessed,
                        // serious_detected, response_ended, security_signs, personal_data
    ClockLimit limit = ClockLimit::kImmediate;
    int amount = 0;  // hours or days
    DayCount count = DayCount::kCalendar;
    std::string done;  // acknowledged, escalated, report:<type>
    // Other events that satisfy the clock too (report:<type>): a report whose recipients and
    // contents include those of `done` (Mẫu 03 goes to the notification's recipients with more).
    std::vector<std::string> also_done_by;
    std::string article;
};

struct IncidentRuleSet {
    std::string id;  // "vn-2017"
    std::string version;
    std::string title_vi;
    std::string title_en;
    bool awaiting_confirmation = false;
    int immediate_minutes = 60;
    /// Reminders and overdue notices of an incident a machine opened (detection, monitoring)
    /// wait this long after it was received: a person looks at it in the app first, and a
    /// scanner's night does not become a night of e-mails. 0: at once, as for the others.
    int machine_notice_lead_minutes = 0;
    std::vector<RequiredField> intake_required;
    SeverityRules severity;
    std::vector<ReportTypeRule> reports;
    std::vector<ClockRule> clocks;
    bool final_report_always = false;  // else only when capacity was exceeded

    const ReportTypeRule* Report(std::string_view type) const;
};

/// Codes known, clocks' starts and ends known, every report's recipients known.
core::Status ValidateIncidentRuleSet(const IncidentRuleSet& rules);

// ---- the record --------------------------------------------------------------------------

enum class IncidentSource {
    kManual,     // filed by a unit officer
    kPublic,     // a citizen or outside organisation, through the public page
    kApi,        // a machine, with an API token
    kDetection,  // the log detection engine
    kMonitor,    // the website monitor
};
std::string_view IncidentSourceCode(IncidentSource source);
std::optional<IncidentSource> ParseIncidentSource(std::string_view code);

/// Who reports and the contact (Mẫu 03: tổ chức/cá nhân báo cáo, người liên hệ).
struct Party {
    std::string name;
    std::string address;
    std::string position;
    std::string phone;
    std::string email;
};

struct Incident {
    IncidentId id;
    std::string code;  // "SC-2026-000123"
    UnitId unit_id;    // the unit that handles it (the affected systems' owner, or the intake unit)
    std::string unit_path;  // loaded
    std::string rule_set;   // the rule set it is handled under
    IncidentTrack track = IncidentTrack::kNormal;
    IncidentState state = IncidentState::kReceived;
    IncidentSource source = IncidentSource::kManual;
    std::string source_ref;  // the alert's reference at its source (rule id, monitor check…)
    std::string dedup_key;   // source|source_ref|unit for alerts; empty otherwise
    int repeat_count = 0;    // alerts with the same key while this incident was open
    std::string title;
    std::string description;  // mô tả sơ bộ
    Party reporter;
    Party contact;
    std::vector<SystemId> system_ids;
    std::string affected_text;  // affected system as reported (public reports, unknown systems)
    core::TimePoint detected_at;
    core::TimePoint received_at;
    std::optional<bool> handled;                 // hiện trạng: đã / chưa được xử lý
    std::vector<std::string> detection_methods;  // ids, log_review, notified, other
    std::string detection_note;
    std::vector<std::string> notified_parties;  // network_member, isp, coordinator
    bool confidential = false;
    std::string proposals;               // kiến nghị, đề xuất hỗ trợ
    std::vector<std::string> scenarios;  // taxonomy codes
    std::vector<std::string> impacts;    // impact codes of the severity rules
    Capacity capacity = Capacity::kUnknown;
    Severity severity = Severity::kNormal;
    std::vector<int> plan_criteria_met;  // criteria of the applicable plan the handler ticked
    std::optional<core::TimePoint> acknowledged_at;
    std::optional<core::TimePoint> capacity_exceeded_at;
    std::optional<core::TimePoint> serious_at;  // when the severity was first computed serious
    // When the handler found signs of harm to national security or public order, or a serious
    // disruption (NĐ 331/2026 Điều 31 khoản 2 điểm d: the 2026 set's immediate report).
    std::optional<core::TimePoint> security_signs_at;
    // When the handler found that personal data is involved (Luật Bảo vệ dữ liệu cá nhân
    // 91/2025 Điều 23: notification within 72 hours).
    std::optional<core::TimePoint> personal_data_at;
    std::optional<core::TimePoint> escalated_at;
    std::optional<core::TimePoint> response_ended_at;
    std::optional<core::TimePoint> closed_at;
    std::optional<IncidentId> merged_into;
    // How it was handled and what it cost (the columns of TT 20/2017 Mẫu 05), asked when it
    // closes: nullopt mode until recorded; organisations one per entry; damage in VND.
    std::optional<HandlingMode> handling_mode;
    std::vector<std::string> helpers;
    std::vector<std::string> foreign_helpers;
    std::int64_t damage_vnd = 0;

    // A leader's recorded decision to keep a computed-serious incident on the normal track.
    struct TrackDecision {
        std::string login;
        std::string name;
        std::string reason;
        core::TimePoint at;
    };

    std::optional<TrackDecision> track_decision;
    std::string tracking_code;  // given to a public reporter
    /// An exercise incident of a drill (DIỄN TẬP): set when it is opened, never changed; it
    /// counts in no statistic and reaches only the drill's units.
    std::optional<DrillId> drill_id;
    std::int64_t version = 0;  // optimistic concurrency
    core::TimePoint created_at;
    core::TimePoint updated_at;
};

/// A computed-serious incident on the normal track that the rules require to be escalated or
/// kept on the normal track by a leader's recorded decision, and that is neither yet.
bool SeriousDecisionPending(const Incident& incident, const SeverityRules& rules);

/// Mandatory fields of the rule set that `incident` lacks, each with its article; plus the
/// checks every intake gets (lengths, e-mail shape, codes, detection not in the future).
core::Status CheckIntakeFields(const Incident& incident,
                               const IncidentRuleSet& rules,
                               const std::vector<std::string>& required,
                               core::TimePoint now);

// ---- clocks -----------------------------------------------------------------------------

enum class ClockState {
    kRunning,  // started, not done, not yet due
    kDueSoon,  // within a quarter of its span (at least an hour) before due
    kOverdue,  // past due, not done
    kMet,      // done in time
    kLate,     // done after the due time
};
std::string_view ClockStateCode(ClockState state);

struct IncidentClock {
    std::string code;
    std::string title_vi;
    std::string title_en;
    std::string article;
    core::TimePoint started_at;
    core::TimePoint due_at;
    std::optional<core::TimePoint> done_at;
    ClockState state = ClockState::kRunning;
};

/// What has happened, for the clocks: the incident's own times plus when each report type was
/// first issued.
struct ClockEvents {
    std::vector<std::pair<std::string, core::TimePoint>> reports_issued;  // type → first issue
};

/// The clocks of `rules` that have started for `incident`, evaluated at `now`.
std::vector<IncidentClock> ComputeClocks(const IncidentRuleSet& rules,
                                         const Incident& incident,
                                         const ClockEvents& events,
                                         const WorkingCalendar& calendar,
                                         core::TimePoint now);

// ---- routing ----------------------------------------------------------------------------

/// The functions a unit may hold in the response network; role holders are units configured
/// per deployment, never hard-coded bodies (LEGAL.md §9.4).
enum class RoutingFunction {
    kSpecialised,          // đơn vị chuyên trách ứng cứu sự cố
    kResponseTeam,         // đội ứng cứu sự cố
    kSteering,             // Ban Chỉ đạo (cấp tỉnh / huyện)
    kNationalCoordinator,  // cơ quan điều phối quốc gia
    kStandingBody,         // cơ quan thường trực
    kPolice,               // lực lượng chuyên trách bảo vệ an ninh mạng
};
std::string_view RoutingFunctionCode(RoutingFunction function);
std::optional<RoutingFunction> ParseRoutingFunction(std::string_view code);

/// A unit that holds functions; it serves the subtree of its parent (the unit it belongs to),
/// or the whole installation when it is a root.
struct RoutingUnit {
    UnitId id;
    std::string path;
    std::optional<UnitId> parent_id;
    std::string name;
    std::vector<RoutingFunction> functions;
};

struct Recipient {
    UnitId unit_id;
    std::string function;  // owner, operator, specialised, …
};

/// The recipients of a report for an incident of the unit at `incident_path` whose systems are
/// owned by `owners` and operated by `operators`: "owner"/"operator" are those units; each other
/// function goes to the holder serving the nearest subtree that contains the incident's unit.
/// A unit appears once (with its first function); the sending unit itself is left out. The
/// functions no unit of the tree holds for the incident's place are added to `unheld`.
std::vector<Recipient> ResolveRecipients(const std::vector<std::string>& functions,
                                         std::string_view incident_path,
                                         UnitId sender,
                                         const std::vector<UnitId>& owners,
                                         const std::vector<UnitId>& operators,
                                         const std::vector<RoutingUnit>& holders,
                                         std::vector<std::string>* unheld = nullptr);

}  // namespace ungcuu::domain
