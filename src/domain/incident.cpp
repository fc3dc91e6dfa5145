#include "domain/incident.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "domain/code_table.hpp"
#include "domain/unit.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

using S = IncidentState;

struct StateRow {
    IncidentState state;
    std::string_view code;
    StepInfo step;
};

// Steps of TT 20/2017 Điều 11 (normal) and QĐ 05/2017 Điều 14 (serious), with the leading party.
const std::array<StateRow, 21> kStates = {{
    {S::kReceived,
     "received",
     {"1a", "Tiếp nhận sự cố", "Received", "operator",
      "Thông tư 20/2017/TT-BTTTT Điều 11 khoản 1 điểm a"}},
    {S::kAcknowledged,
     "acknowledged",
     {"1a", "Đã xác nhận tiếp nhận", "Acknowledged", "operator",
      "Thông tư 20/2017/TT-BTTTT Điều 10 khoản 1 điểm b"}},
    {S::kVerifying,
     "verifying",
     {"1a", "Xác minh, phân tích, phân loại sự cố", "Verifying and classifying", "operator",
      "Thông tư 20/2017/TT-BTTTT Điều 10 khoản 1 điểm c, Điều 11 khoản 1 điểm a"}},
    {S::kInitialResponse,
     "initial_response",
     {"1b", "Triển khai các bước ưu tiên ứng cứu ban đầu", "Initial priority steps", "operator",
      "Thông tư 20/2017/TT-BTTTT Điều 11 khoản 1 điểm b"}},
    {S::kChoosingResponse,
     "choosing_response",
     {"1c", "Lựa chọn phương án ứng cứu, báo cáo sự cố", "Choosing the response, reporting",
      "operator", "Thông tư 20/2017/TT-BTTTT Điều 11 khoản 1 điểm c, điểm đ"}},
    {S::kAwaitingDirection,
     "awaiting_direction",
     {"1d", "Chờ chỉ đạo xử lý sự cố", "Awaiting direction", "steering",
      "Thông tư 20/2017/TT-BTTTT Điều 11 khoản 1 điểm d"}},
    {S::kCoordinating,
     "coordinating",
     {"1e", "Điều phối công tác ứng cứu", "Coordinating the response", "steering",
      "Thông tư 20/2017/TT-BTTTT Điều 11 khoản 1 điểm e"}},
    {S::kContaining,
     "containing",
     {"2", "Triển khai ứng cứu, ngăn chặn và xử lý sự cố", "Containment", "operator",
      "Thông tư 20/2017/TT-BTTTT Điều 11 khoản 2"}},
    {S::kEradicating,
     "eradicating",
     {"3a", "Xử lý sự cố, gỡ bỏ", "Eradication", "operator",
      "Thông tư 20/2017/TT-BTTTT Điều 11 khoản 3 điểm a"}},
    {S::kRecovering,
     "recovering",
     {"3b", "Khôi phục hệ thống, dữ liệu", "Recovery", "operator",
      "Thông tư 20/2017/TT-BTTTT Điều 11 khoản 3 điểm b"}},
    {S::kChecking,
     "checking",
     {"3c", "Kiểm tra, đánh giá hệ thống thông tin", "Checking the system", "operator",
      "Thông tư 20/2017/TT-BTTTT Điều 11 khoản 3 điểm c"}},
    {S::kReviewing,
     "reviewing",
     {"4", "Tổng kết, đánh giá", "Review and lessons", "operator",
      "Thông tư 20/2017/TT-BTTTT Điều 11 khoản 4"}},
    {S::kEscalationProposed,
     "escalation_proposed",
     {"b1", "Đề xuất nâng cấp sự cố nghiêm trọng", "Escalation proposed", "operator",
      "Thông tư 20/2017/TT-BTTTT Điều 10 khoản 1 điểm c; Quyết định 05/2017/QĐ-TTg Điều 14 khoản "
      "1"}},
    {S::kNationalVerification,
     "national_verification",
     {"b2", "Xác minh, phân tích, đánh giá và phân loại sự cố", "National verification",
      "national_coordinator", "Quyết định 05/2017/QĐ-TTg Điều 14 khoản 2"}},
    {S::kStandingBody,
     "standing_body",
     {"b3", "Cơ quan thường trực chọn phương án, triệu tập bộ phận tác nghiệp",
      "Standing body chooses the plan and convenes the team", "standing_body",
      "Quyết định 05/2017/QĐ-TTg Điều 14 khoản 3"}},
    {S::kEmergencyInitial,
     "emergency_initial",
     {"b4", "Triển khai phương án ứng cứu ban đầu", "Initial emergency response",
      "national_coordinator", "Quyết định 05/2017/QĐ-TTg Điều 14 khoản 4"}},
    {S::kEmergencyResponse,
     "emergency_response",
     {"b5", "Triển khai phương án ứng cứu khẩn cấp", "Emergency response", "standing_body",
      "Quyết định 05/2017/QĐ-TTg Điều 14 khoản 5"}},
    {S::kResultEvaluation,
     "result_evaluation",
     {"b6", "Đánh giá kết quả", "Evaluation of the results", "steering",
      "Quyết định 05/2017/QĐ-TTg Điều 14 khoản 6"}},
    {S::kClosed,
     "closed",
     {"", "Kết thúc", "Closed", "operator",
      "Thông tư 20/2017/TT-BTTTT Điều 11 khoản 4; Quyết định 05/2017/QĐ-TTg Điều 14 khoản 7"}},
    {S::kRejected,
     "rejected",
     {"", "Không phải sự cố (báo cáo sai)", "Not an incident (false report)", "operator",
      "Thông tư 20/2017/TT-BTTTT Điều 10 khoản 1 điểm c"}},
    {S::kMerged,
     "merged",
     {"", "Trùng, đã gộp vào sự cố khác", "Duplicate, merged", "operator",
      "Thông tư 20/2017/TT-BTTTT Điều 10 khoản 1 điểm c"}},
}};

struct Edge {
    IncidentState from;
    std::vector<IncidentState> to;
};

// Every allowed step. Escalation can be proposed from any step of the response before recovery.
const std::vector<Edge>& Edges() {
    static const std::vector<Edge> kEdges = {
        {S::kReceived, {S::kAcknowledged, S::kRejected, S::kMerged}},
        {S::kAcknowledged, {S::kVerifying, S::kRejected, S::kMerged}},
        {S::kVerifying, {S::kInitialResponse, S::kEscalationProposed, S::kRejected, S::kMerged}},
        {S::kInitialResponse, {S::kChoosingResponse, S::kEscalationProposed}},
        {S::kChoosingResponse,
         {S::kAwaitingDirection, S::kCoordinating, S::kContaining, S::kEscalationProposed}},
        {S::kAwaitingDirection, {S::kChoosingResponse, S::kCoordinating, S::kContaining}},
        {S::kCoordinating, {S::kContaining}},
        {S::kContaining, {S::kEradicating, S::kEscalationProposed}},
        {S::kEradicating, {S::kRecovering}},
        {S::kRecovering, {S::kChecking}},
        {S::kChecking, {S::kContaining, S::kReviewing}},
        {S::kReviewing, {S::kClosed}},
        {S::kEscalationProposed, {S::kNationalVerification}},
        // Not serious after all: the parties go on under the normal procedure (Điều 14 khoản 2).
        {S::kNationalVerification, {S::kStandingBody, S::kChoosingResponse}},
        {S::kStandingBody, {S::kEmergencyInitial}},
        {S::kEmergencyInitial, {S::kEmergencyResponse}},
        {S::kEmergencyResponse, {S::kResultEvaluation}},
        {S::kResultEvaluation, {S::kClosed}},
    };
    return kEdges;
}

constexpr CodeTable<Severity, 2> kSeverities = {{
    {Severity::kNormal, "normal"},
    {Severity::kSerious, "serious"},
}};

constexpr CodeTable<Capacity, 3> kCapacities = {{
    {Capacity::kUnknown, "unknown"},
    {Capacity::kWithin, "within"},
    {Capacity::kExceeded, "exceeded"},
}};

constexpr CodeTable<IncidentSource, 5> kSources = {{
    {IncidentSource::kManual, "manual"},
    {IncidentSource::kPublic, "public"},
    {IncidentSource::kApi, "api"},
    {IncidentSource::kDetection, "detection"},
    {IncidentSource::kMonitor, "monitor"},
}};

constexpr CodeTable<ClockState, 5> kClockStates = {{
    {ClockState::kRunning, "running"},
    {ClockState::kDueSoon, "due_soon"},
    {ClockState::kOverdue, "overdue"},
    {ClockState::kMet, "met"},
    {ClockState::kLate, "late"},
}};

constexpr CodeTable<RoutingFunction, 6> kFunctions = {{
    {RoutingFunction::kSpecialised, "specialised"},
    {RoutingFunction::kResponseTeam, "response_team"},
    {RoutingFunction::kSteering, "steering"},
    {RoutingFunction::kNationalCoordinator, "national_coordinator"},
    {RoutingFunction::kStandingBody, "standing_body"},
    {RoutingFunction::kPolice, "police"},
}};

const std::array<std::string_view, 4> kDetectionMethods = {"ids", "log_review", "notified",
                                                           "other"};
const std::array<std::string_view, 3> kNotifiedParties = {"network_member", "isp", "coordinator"};
const std::array<std::string_view, 8> kClockStarts = {
    "received",         "detected",       "capacity_exceeded", "serious_assessed",
    "serious_detected", "response_ended", "security_signs",    "personal_data"};

template <std::size_t N>
bool In(const std::array<std::string_view, N>& list, std::string_view code) {
    return std::find(list.begin(), list.end(), code) != list.end();
}

std::string StateList(const std::vector<IncidentState>& states) {
    std::string text;
    for (const auto state : states) {
        text += text.empty() ? "" : ", ";
        text += IncidentStateCode(state);
    }
    return text.empty() ? "—" : text;
}

core::Status Refuse(std::string vi, std::string en) {
    return core::Conflict(std::move(vi), std::move(en));
}

}  // namespace

std::string_view IncidentStateCode(IncidentState state) {
    for (const auto& row : kStates) {
        if (row.state == state) {
            return row.code;
        }
    }
    return "";
}

std::optional<IncidentState> ParseIncidentState(std::string_view code) {
    for (const auto& row : kStates) {
        if (row.code == code) {
            return row.state;
        }
    }
    return std::nullopt;
}

const StepInfo& StepOf(IncidentState state) {
    for (const auto& row : kStates) {
        if (row.state == state) {
            return row.step;
        }
    }
    return kStates.front().step;
}

bool IsOpen(IncidentState state) {
    return state != S::kClosed && state != S::kRejected && state != S::kMerged;
}

bool ResponseEnded(IncidentState state) {
    return state == S::kReviewing || state == S::kResultEvaluation || state == S::kClosed;
}

std::vector<IncidentState> NextStates(IncidentState from) {
    for (const auto& edge : Edges()) {
        if (edge.from == from) {
            return edge.to;
        }
    }
    return {};
}

bool SeriousDecisionPending(const Incident& incident, const SeverityRules& rules) {
    return !rules.escalation_article.empty() && incident.severity == Severity::kSerious &&
           incident.track == IncidentTrack::kNormal && !incident.escalated_at &&
           !incident.track_decision && IsOpen(incident.state);
}

core::Status CheckTransition(IncidentState from, IncidentState to, const TransitionFacts& facts) {
    const auto next = NextStates(from);
    if (std::find(next.begin(), next.end(), to) == next.end()) {
        return Refuse(fmt::format("Không thể chuyển từ bước \"{}\" sang \"{}\". Bước tiếp theo "
                                  "được phép: {}.",
                                  StepOf(from).name_vi, StepOf(to).name_vi, StateList(next)),
                      fmt::format(R"(Cannot move from "{}" to "{}". Allowed next steps: {}.)",
                                  IncidentStateCode(from), IncidentStateCode(to), StateList(next)));
    }
    if (to == S::kInitialResponse && !facts.classified) {
        return Refuse(
            "Phân loại sự cố (chọn ít nhất một kịch bản) trước khi triển khai ứng cứu "
            "ban đầu.",
            "Classify the incident (at least one scenario) before the initial steps.");
    }
    if (to == S::kEscalationProposed && !facts.serious) {
        return Refuse(
            "Chỉ đề xuất nâng cấp khi mức độ tính được là nghiêm trọng (Quyết định "
            "05/2017/QĐ-TTg Điều 9): cập nhật hệ thống bị ảnh hưởng, tác động và khả "
            "năng xử lý.",
            "Escalation needs a computed serious severity (Decision 05/2017 Art. 9): "
            "update the affected systems, impacts and capacity.");
    }
    // Until it is escalated or a leader decides to keep it on the normal track, a serious
    // incident gets its priority initial steps and no more of the normal procedure.
    if (facts.serious_pending && to != S::kEscalationProposed && to != S::kInitialResponse &&
        to != S::kRejected && to != S::kMerged) {
        return Refuse(
            fmt::format("Sự cố được đánh giá là nghiêm trọng (Quyết định 05/2017/QĐ-TTg Điều 9): "
                        "đề xuất nâng cấp sự cố, hoặc lãnh đạo ghi quyết định tiếp tục xử lý theo "
                        "quy trình thông thường kèm lý do, trước khi sang bước này ({}).",
                        facts.escalation_article),
            fmt::format("The incident is serious (Decision 05/2017 Art. 9): propose escalation, "
                        "or a leader records the decision to keep the normal procedure with the "
                        "reason, before this step ({}).",
                        facts.escalation_article));
    }
    if (to == S::kMerged && !facts.merge_target) {
        return Refuse("Chọn sự cố để gộp vào.", "Name the incident to merge into.");
    }
    if (to == S::kRejected && !facts.note) {
        return Refuse("Ghi lý do kết luận không phải sự cố.",
                      "Give the reason why this is not an incident.");
    }
    if (to == S::kClosed && facts.final_report_due && !facts.final_report_issued) {
        return Refuse(
            "Phát hành báo cáo kết thúc ứng phó sự cố (Mẫu 04) trước khi đóng sự cố "
            "(Thông tư 20/2017/TT-BTTTT Điều 9 khoản 2 điểm b).",
            "Issue the end-of-response report (Form 04) before closing (Circular "
            "20/2017 Art. 9.2.b).");
    }
    return core::Ok();
}

std::string_view SeverityCode(Severity severity) { return CodeOf(kSeverities, severity); }

std::optional<Severity> ParseSeverity(std::string_view code) {
    return ParseCode(kSeverities, code);
}

std::string_view CapacityCode(Capacity capacity) { return CodeOf(kCapacities, capacity); }

std::optional<Capacity> ParseCapacity(std::string_view code) {
    return ParseCode(kCapacities, code);
}

std::string_view IncidentSourceCode(IncidentSource source) { return CodeOf(kSources, source); }

std::optional<IncidentSource> ParseIncidentSource(std::string_view code) {
    return ParseCode(kSources, code);
}

std::string_view ClockStateCode(ClockState state) { return CodeOf(kClockStates, state); }

std::string_view RoutingFunctionCode(RoutingFunction function) {
    return CodeOf(kFunctions, function);
}

std::optional<RoutingFunction> ParseRoutingFunction(std::string_view code) {
    return ParseCode(kFunctions, code);
}

SeverityResult ComputeSeverity(const SeverityRules& rules,
                               const std::vector<AffectedSystem>& systems,
                               const std::vector<std::string>& impacts,
                               Capacity capacity,
                               const std::vector<PlanCriterion>& plan_criteria) {
    SeverityResult result;
    std::string levels_text;
    for (const int level : rules.levels) {
        levels_text += levels_text.empty() ? "" : ", ";
        levels_text += std::to_string(level);
    }
    const AffectedSystem* qualifying = nullptr;
    for (const auto& system : systems) {
        const bool by_level =
            std::find(rules.levels.begin(), rules.levels.end(), system.level) != rules.levels.end();
        if (by_level || (rules.national_critical && system.national_critical)) {
            qualifying = &system;
            break;
        }
    }
    SeverityEvidence system_line{"system", qualifying != nullptr, "", "", rules.article};
    if (qualifying != nullptr) {
        system_line.text_vi = fmt::format(
            "Hệ thống {} cấp độ {}{}", qualifying->name, qualifying->level,
            qualifying->national_critical ? ", thuộc danh mục hệ thống quan trọng quốc gia" : "");
        system_line.text_en =
            fmt::format("System {} of level {}{}", qualifying->name, qualifying->level,
                        qualifying->national_critical ? ", national-critical" : "");
    } else {
        system_line.text_vi = fmt::format(
            "Không hệ thống bị ảnh hưởng nào có cấp độ {} hoặc thuộc danh mục quan trọng quốc gia",
            levels_text);
        system_line.text_en =
            fmt::format("No affected system is of level {} or national-critical", levels_text);
    }
    result.evidence.push_back(std::move(system_line));
    bool any_impact = false;
    for (const auto& impact : rules.impacts) {
        const bool met = std::find(impacts.begin(), impacts.end(), impact.code) != impacts.end();
        any_impact = any_impact || met;
        result.evidence.push_back(
            {impact.code, met, impact.title_vi, impact.title_en, impact.article});
    }
    const bool exceeded = capacity == Capacity::kExceeded;
    if (rules.capacity_exceeded_required) {
        result.evidence.push_back(
            {"capacity", exceeded,
             exceeded ? "Chủ quản không tự kiểm soát, xử lý được"
                      : (capacity == Capacity::kWithin ? "Chủ quản tự xử lý được"
                                                       : "Chưa đánh giá khả năng xử lý"),
             exceeded ? "The owner cannot handle it alone"
                      : (capacity == Capacity::kWithin ? "The owner can handle it"
                                                       : "Capacity not judged yet"),
             rules.article});
    }
    const bool serious =
        qualifying != nullptr && any_impact && (!rules.capacity_exceeded_required || exceeded);
    for (const auto& criterion : plan_criteria) {
        result.plan_evidence.push_back(
            {"plan", criterion.met, criterion.text, criterion.text,
             criterion.serious ? "Phương án ứng cứu được duyệt: tiêu chí đề xuất xem xét quy trình "
                                 "ứng cứu khẩn cấp (Quyết định 05/2017/QĐ-TTg Điều 14)"
                               : "Phương án ứng cứu được duyệt"});
        result.plan_raises_priority = result.plan_raises_priority || criterion.met;
        result.plan_proposes_emergency =
            result.plan_proposes_emergency || (criterion.met && criterion.serious);
    }
    result.severity = serious ? Severity::kSerious : Severity::kNormal;
    return result;
}

const ReportTypeRule* IncidentRuleSet::Report(std::string_view type) const {
    for (const auto& report : reports) {
        if (report.type == type) {
            return &report;
        }
    }
    return nullptr;
}

core::Status ValidateIncidentRuleSet(const IncidentRuleSet& rules) {
    FieldErrors errors;
    static const std::array<std::string_view, 15> kIntakeFields = {
        "title",        "reporter_name", "reporter_address",  "reporter_phone",   "reporter_email",
        "contact_name", "contact_phone", "contact_email",     "systems",          "description",
        "detected_at",  "handled",       "detection_methods", "notified_parties", "proposals"};
    for (std::size_t i = 0; i < rules.intake_required.size(); ++i) {
        if (!In(kIntakeFields, rules.intake_required[i].field)) {
            errors.Add(fmt::format("intake_required[{}].field", i), "trường không có trong Mẫu 03",
                       "not a field of Form 03");
        }
    }
    static const std::array<std::string_view, 3> kForms = {"notification", "mau03", "mau04"};
    static const std::array<std::string_view, 3> kReportFields = {"summary", "result",
                                                                  "requested_help"};
    for (std::size_t i = 0; i < rules.reports.size(); ++i) {
        const auto& report = rules.reports[i];
        if (!In(kForms, report.form) && report.form != "free") {
            errors.Add(fmt::format("reports[{}].form", i), "mẫu không hợp lệ", "unknown form");
        }
        for (const auto& function : report.recipients) {
            if (function != "owner" && function != "operator" && !ParseRoutingFunction(function)) {
                errors.Add(fmt::format("reports[{}].recipients", i),
                           fmt::format("nơi nhận \"{}\" không hợp lệ", function),
                           fmt::format("unknown recipient \"{}\"", function));
            }
        }
        for (const auto& field : report.required) {
            if (!In(kReportFields, field)) {
                errors.Add(fmt::format("reports[{}].required", i),
                           fmt::format("trường \"{}\" không hợp lệ", field),
                           fmt::format("unknown field \"{}\"", field));
            }
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (rules.reports[j].type == report.type) {
                errors.Add(fmt::format("reports[{}].type", i), "loại báo cáo bị trùng",
                           "duplicate report type");
            }
        }
    }
    for (std::size_t i = 0; i < rules.clocks.size(); ++i) {
        const auto& clock = rules.clocks[i];
        if (!In(kClockStarts, clock.start)) {
            errors.Add(fmt::format("clocks[{}].start", i), "mốc bắt đầu không hợp lệ",
                       "unknown start");
        }
        const auto known_report = [&rules](const std::string& done) {
            return done.rfind("report:", 0) == 0 && rules.Report(done.substr(7)) != nullptr;
        };
        for (std::size_t j = 0; j < clock.also_done_by.size(); ++j) {
            if (!known_report(clock.also_done_by[j])) {
                errors.Add(fmt::format("clocks[{}].also_done_by[{}]", i, j),
                           "phải là report:<loại báo cáo có trong bộ quy tắc>",
                           "must be report:<a report type of the rule set>");
            }
        }
        if (!(clock.done == "acknowledged" || clock.done == "escalated" ||
              known_report(clock.done))) {
            errors.Add(fmt::format("clocks[{}].done", i), "mốc hoàn thành không hợp lệ",
                       "unknown completion");
        }
        if (clock.limit != ClockLimit::kImmediate && clock.amount <= 0) {
            errors.Add(fmt::format("clocks[{}]", i), "thời hạn phải lớn hơn 0",
                       "the limit must be positive");
        }
        if (clock.article.empty()) {
            errors.Add(fmt::format("clocks[{}].article", i), "thiếu căn cứ", "article missing");
        }
    }
    if (rules.immediate_minutes <= 0) {
        errors.Add("immediate_minutes", "phải lớn hơn 0", "must be positive");
    }
    if (rules.Report("final") == nullptr) {
        errors.Add("reports", "thiếu báo cáo kết thúc (final)", "the final report is missing");
    }
    return errors.ToStatus();
}

core::Status CheckIntakeFields(const Incident& incident,
                               const IncidentRuleSet& rules,
                               const std::vector<std::string>& required,
                               core::TimePoint now) {
    FieldErrors errors;
    auto present = [&](std::string_view field) {
        if (field == "title") {
            return !incident.title.empty();
        }
        if (field == "reporter_name") {
            return !incident.reporter.name.empty();
        }
        if (field == "reporter_address") {
            return !incident.reporter.address.empty();
        }
        if (field == "reporter_phone") {
            return !incident.reporter.phone.empty();
        }
        if (field == "reporter_email") {
            return !incident.reporter.email.empty();
        }
        if (field == "contact_name") {
            return !incident.contact.name.empty();
        }
        if (field == "contact_phone") {
            return !incident.contact.phone.empty();
        }
        if (field == "contact_email") {
            return !incident.contact.email.empty();
        }
        if (field == "systems") {
            return !incident.system_ids.empty() || !incident.affected_text.empty();
        }
        if (field == "description") {
            return !incident.description.empty();
        }
        if (field == "detected_at") {
            return incident.detected_at != core::TimePoint();
        }
        if (field == "handled") {
            return incident.handled.has_value();
        }
        if (field == "detection_methods") {
            return !incident.detection_methods.empty();
        }
        if (field == "notified_parties") {
            return !incident.notified_parties.empty();
        }
        if (field == "proposals") {
            return !incident.proposals.empty();
        }
        return true;
    };
    for (const auto& field : required) {
        if (!present(field)) {
            std::string article;
            for (const auto& rule : rules.intake_required) {
                if (rule.field == field) {
                    article = rule.article;
                }
            }
            errors.Add(field, fmt::format("bắt buộc ({})", article.empty() ? "Mẫu 03" : article),
                       fmt::format("required ({})", article.empty() ? "Form 03" : article));
        }
    }
    CheckText(errors, "title", incident.title, Required::kNo, 300);
    CheckText(errors, "description", incident.description, Required::kNo, 20000);
    CheckText(errors, "affected_text", incident.affected_text, Required::kNo, 2000);
    CheckText(errors, "proposals", incident.proposals, Required::kNo, 10000);
    CheckText(errors, "detection_note", incident.detection_note, Required::kNo, 2000);
    CheckText(errors, "source_ref", incident.source_ref, Required::kNo, 500);
    for (const auto* party : {&incident.reporter, &incident.contact}) {
        const std::string prefix = party == &incident.reporter ? "reporter_" : "contact_";
        CheckText(errors, prefix + "name", party->name, Required::kNo, 300);
        CheckText(errors, prefix + "address", party->address, Required::kNo, 500);
        CheckText(errors, prefix + "position", party->position, Required::kNo, 200);
        if (!party->email.empty()) {
            CheckEmail(errors, prefix + "email", party->email);
        }
        if (!party->phone.empty()) {
            CheckPhone(errors, prefix + "phone", party->phone);
        }
    }
    for (const auto& method : incident.detection_methods) {
        if (!In(kDetectionMethods, method)) {
            errors.Add("detection_methods", fmt::format("cách thức \"{}\" không hợp lệ", method),
                       fmt::format("unknown method \"{}\"", method));
        }
    }
    for (const auto& party : incident.notified_parties) {
        if (!In(kNotifiedParties, party)) {
            errors.Add("notified_parties",
                       fmt::format("nơi đã thông báo \"{}\" không hợp lệ", party),
                       fmt::format("unknown party \"{}\"", party));
        }
    }
    for (const auto& impact : incident.impacts) {
        const auto& known = rules.severity.impacts;
        if (std::none_of(known.begin(), known.end(),
                         [&](const ImpactCriterion& c) { return c.code == impact; })) {
            errors.Add("impacts", fmt::format("tác động \"{}\" không hợp lệ", impact),
                       fmt::format("unknown impact \"{}\"", impact));
        }
    }
    if (incident.detected_at != core::TimePoint() &&
        incident.detected_at > now + std::chrono::minutes(5)) {
        errors.Add("detected_at", "thời gian phát hiện ở tương lai",
                   "the detection time is in the future");
    }
    if (incident.system_ids.size() > 50) {
        errors.Add("systems", "tối đa 50 hệ thống", "at most 50 systems");
    }
    return errors.ToStatus();
}

std::vector<IncidentClock> ComputeClocks(const IncidentRuleSet& rules,
                                         const Incident& incident,
                                         const ClockEvents& events,
                                         const WorkingCalendar& calendar,
                                         core::TimePoint now) {
    std::vector<IncidentClock> clocks;
    const bool serious = incident.severity == Severity::kSerious;
    auto start_of = [&](std::string_view start) -> std::optional<core::TimePoint> {
        if (start == "received") {
            return incident.received_at;
        }
        if (start == "detected") {
            return incident.detected_at;
        }
        if (start == "capacity_exceeded") {
            return incident.capacity_exceeded_at;
        }
        if (start == "serious_assessed") {
            return serious ? incident.serious_at : std::nullopt;
        }
        if (start == "serious_detected") {
            return serious ? std::optional(incident.detected_at) : std::nullopt;
        }
        if (start == "response_ended") {
            return incident.response_ended_at;
        }
        if (start == "security_signs") {
            return incident.security_signs_at;
        }
        if (start == "personal_data") {
            return incident.personal_data_at;
        }
        return std::nullopt;
    };
    auto done_of = [&](std::string_view done) -> std::optional<core::TimePoint> {
        if (done == "acknowledged") {
            return incident.acknowledged_at;
        }
        if (done == "escalated") {
            return incident.escalated_at;
        }
        for (const auto& [type, at] : events.reports_issued) {
            if (done.size() > 7 && done.substr(7) == type) {
                return at;
            }
        }
        return std::nullopt;
    };
    for (const auto& rule : rules.clocks) {
        const auto started = start_of(rule.start);
        if (!started) {
            continue;
        }
        // The final report is owed only when capacity was exceeded, unless the rule set says
        // always (TT 20/2017 Điều 9 khoản 2 điểm b).
        if (rule.done == "report:final" && !rules.final_report_always &&
            incident.capacity_exceeded_at == std::nullopt) {
            continue;
        }
        // Done by its own event or by any other the rules name, whichever came first.
        auto done_at = done_of(rule.done);
        for (const auto& other : rule.also_done_by) {
            const auto at = done_of(other);
            if (at && (!done_at || *at < *done_at)) {
                done_at = at;
            }
        }
        IncidentClock clock{rule.code, rule.title_vi, rule.title_en, rule.article,
                            *started,  *started,      done_at,       ClockState::kRunning};
        switch (rule.limit) {
            case ClockLimit::kImmediate:
                clock.due_at = *started + std::chrono::minutes(rules.immediate_minutes);
                break;
            case ClockLimit::kHours:
                clock.due_at = *started + std::chrono::hours(rule.amount);
                break;
            case ClockLimit::kDays:
                clock.due_at = Deadline(*started, rule.amount, rule.count, calendar);
                break;
        }
        if (clock.done_at) {
            clock.state = *clock.done_at <= clock.due_at ? ClockState::kMet : ClockState::kLate;
        } else if (now > clock.due_at) {
            clock.state = ClockState::kOverdue;
        } else {
            const auto span = clock.due_at - clock.started_at;
            const auto warn = std::max<core::TimePoint::duration>(span / 4, std::chrono::hours(1));
            clock.state = clock.due_at - now <= warn ? ClockState::kDueSoon : ClockState::kRunning;
        }
        clocks.push_back(std::move(clock));
    }
    return clocks;
}

std::vector<Recipient> ResolveRecipients(const std::vector<std::string>& functions,
                                         std::string_view incident_path,
                                         UnitId sender,
                                         const std::vector<UnitId>& owners,
                                         const std::vector<UnitId>& operators,
                                         const std::vector<RoutingUnit>& holders,
                                         std::vector<std::string>* unheld) {
    std::vector<Recipient> recipients;
    auto add = [&](UnitId unit, std::string_view function) {
        if (unit == sender) {
            return;
        }
        for (const auto& existing : recipients) {
            if (existing.unit_id == unit) {
                return;
            }
        }
        recipients.push_back({unit, std::string(function)});
    };
    // The subtree a holder serves: its parent's, or everything for a root.
    auto served_path = [&](const RoutingUnit& holder) -> std::string {
        if (!holder.parent_id) {
            return "";
        }
        const auto end = holder.path.find_last_of('/', holder.path.size() - 2);
        return holder.path.substr(0, end + 1);
    };
    for (const auto& code : functions) {
        if (code == "owner" || code == "operator") {
            for (const auto unit : code == "owner" ? owners : operators) {
                add(unit, code);
            }
            continue;
        }
        const auto function = ParseRoutingFunction(code);
        if (!function) {
            continue;
        }
        const RoutingUnit* best = nullptr;
        std::size_t best_depth = 0;
        for (const auto& holder : holders) {
            if (std::find(holder.functions.begin(), holder.functions.end(), *function) ==
                holder.functions.end()) {
                continue;
            }
            const std::string served = served_path(holder);
            if (!served.empty() && !IsWithin(incident_path, served)) {
                continue;
            }
            if (best == nullptr || served.size() > best_depth) {
                best = &holder;
                best_depth = served.size();
            }
        }
        if (best != nullptr) {
            add(best->id, code);
        } else if (unheld != nullptr) {
            unheld->push_back(code);
        }
    }
    return recipients;
}

}  // namespace ungcuu::domain
