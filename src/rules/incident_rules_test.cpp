// Incidents evaluated with the shipped rule sets rules/vn-2017/incidents.json and
// rules/vn-2026/incidents.json: the two procedures (every allowed and refused step), the
// severity of QĐ 05/2017 Điều 9, every clock of both rule sets and the routing of reports over a
// two-tier and a three-tier unit tree. Each row names the article it encodes.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "domain/incident.hpp"
#include "rules/incident_rules_loader.hpp"
#include "rules/registry_rules_loader.hpp"

namespace ungcuu::rules {
namespace {

using domain::Capacity;
using domain::IncidentState;
using domain::Severity;
using S = IncidentState;

std::string ReadRuleFile(const std::string& relative) {
    std::ifstream file(std::string(UNGCUU_RULES_DIR) + "/" + relative);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

domain::IncidentRuleSet Shipped(const std::string& id) {
    auto rules = ParseIncidentRules(ReadRuleFile(id + "/incidents.json"));
    EXPECT_TRUE(rules.ok()) << (rules.ok() ? "" : rules.error().message_en);
    return std::move(rules).value();
}

domain::WorkingCalendar ShippedCalendar() {
    auto days = ParseCalendar(ReadRuleFile("calendar/vn-holidays.json"));
    EXPECT_TRUE(days.ok());
    return domain::WorkingCalendar(*days);
}

core::TimePoint T(const char* text) {
    const auto time = core::ParseRfc3339(text);
    EXPECT_TRUE(time.has_value()) << text;
    return time.value_or(core::TimePoint());
}

// ---- state machines -------------------------------------------------------------------

struct Step {
    IncidentState from;
    IncidentState to;
    const char* encodes;
};

// Written from the texts, independently of the implementation's table.
const Step kAllowed[] = {
    {S::kReceived, S::kAcknowledged, "TT 20 Đ10.1.b: confirm receipt at once"},
    {S::kReceived, S::kRejected, "TT 20 Đ10.1.c: verification finds no incident"},
    {S::kReceived, S::kMerged, "TT 20 Đ10.1.c: a duplicate of a known incident"},
    {S::kAcknowledged, S::kVerifying, "TT 20 Đ11.1.a: verify"},
    {S::kAcknowledged, S::kRejected, "TT 20 Đ10.1.c"},
    {S::kAcknowledged, S::kMerged, "TT 20 Đ10.1.c"},
    {S::kVerifying, S::kInitialResponse, "TT 20 Đ11.1.b: initial priority steps"},
    {S::kVerifying, S::kEscalationProposed, "TT 20 Đ10.1.c: propose escalation to serious"},
    {S::kVerifying, S::kRejected, "TT 20 Đ10.1.c"},
    {S::kVerifying, S::kMerged, "TT 20 Đ10.1.c"},
    {S::kInitialResponse, S::kChoosingResponse, "TT 20 Đ11.1.c"},
    {S::kInitialResponse, S::kEscalationProposed, "TT 20 Đ10.1.c"},
    {S::kChoosingResponse, S::kAwaitingDirection, "TT 20 Đ11.1.d: ask for direction"},
    {S::kChoosingResponse, S::kCoordinating, "TT 20 Đ11.1.e"},
    {S::kChoosingResponse, S::kContaining, "TT 20 Đ11.2"},
    {S::kChoosingResponse, S::kEscalationProposed, "TT 20 Đ10.1.c"},
    {S::kAwaitingDirection, S::kChoosingResponse, "TT 20 Đ11.1.d: direction changes the plan"},
    {S::kAwaitingDirection, S::kCoordinating, "TT 20 Đ11.1.e"},
    {S::kAwaitingDirection, S::kContaining, "TT 20 Đ11.2"},
    {S::kCoordinating, S::kContaining, "TT 20 Đ11.2"},
    {S::kContaining, S::kEradicating, "TT 20 Đ11.3.a"},
    {S::kContaining, S::kEscalationProposed, "TT 20 Đ10.1.c"},
    {S::kEradicating, S::kRecovering, "TT 20 Đ11.3.b"},
    {S::kRecovering, S::kChecking, "TT 20 Đ11.3.c"},
    {S::kChecking, S::kContaining, "TT 20 Đ11.3.c: still unstable, back to step 2"},
    {S::kChecking, S::kReviewing, "TT 20 Đ11.4"},
    {S::kReviewing, S::kClosed, "TT 20 Đ11.4"},
    {S::kEscalationProposed, S::kNationalVerification, "QĐ 05 Đ14.2"},
    {S::kNationalVerification, S::kStandingBody, "QĐ 05 Đ14.2–3: serious, to the standing body"},
    {S::kNationalVerification, S::kChoosingResponse, "QĐ 05 Đ14.2: not serious, normal plan"},
    {S::kStandingBody, S::kEmergencyInitial, "QĐ 05 Đ14.4"},
    {S::kEmergencyInitial, S::kEmergencyResponse, "QĐ 05 Đ14.5"},
    {S::kEmergencyResponse, S::kResultEvaluation, "QĐ 05 Đ14.6"},
    {S::kResultEvaluation, S::kClosed, "QĐ 05 Đ14.7"},
};

const IncidentState kAllStates[] = {S::kReceived,
                                    S::kAcknowledged,
                                    S::kVerifying,
                                    S::kInitialResponse,
                                    S::kChoosingResponse,
                                    S::kAwaitingDirection,
                                    S::kCoordinating,
                                    S::kContaining,
                                    S::kEradicating,
                                    S::kRecovering,
                                    S::kChecking,
                                    S::kReviewing,
                                    S::kEscalationProposed,
                                    S::kNationalVerification,
                                    S::kStandingBody,
                                    S::kEmergencyInitial,
                                    S::kEmergencyResponse,
                                    S::kResultEvaluation,
                                    S::kClosed,
                                    S::kRejected,
                                    S::kMerged};

domain::TransitionFacts AllMet() {
    domain::TransitionFacts facts;
    facts.classified = true;
    facts.serious = true;
    facts.merge_target = true;
    facts.note = true;
    return facts;
}

std::set<std::pair<S, S>> AllowedSteps() {
    std::set<std::pair<S, S>> allowed;
    for (const auto& step : kAllowed) {
        allowed.insert({step.from, step.to});
    }
    return allowed;
}

TEST(IncidentStateMachine, EveryAllowedAndRefusedTransitionOfBothTracks) {
    const auto all_met = AllMet();
    const auto allowed = AllowedSteps();
    int checked = 0;
    for (const auto from : kAllStates) {
        EXPECT_EQ(domain::ParseIncidentState(domain::IncidentStateCode(from)), from);
        for (const auto to : kAllStates) {
            const bool expected = allowed.count({from, to}) > 0;
            const auto status = domain::CheckTransition(from, to, all_met);
            EXPECT_EQ(status.ok(), expected)
                << domain::IncidentStateCode(from) << " → " << domain::IncidentStateCode(to);
            if (!expected) {
                EXPECT_EQ(status.error().code, core::ErrorCode::kConflict);
            }
            ++checked;
        }
    }
    EXPECT_EQ(checked, 21 * 21);
    // Closed, rejected and merged incidents take no further step.
    for (const auto end : {S::kClosed, S::kRejected, S::kMerged}) {
        EXPECT_TRUE(domain::NextStates(end).empty());
        EXPECT_FALSE(domain::IsOpen(end));
    }
}

TEST(IncidentStateMachine, GuardsNameWhatIsMissing) {
    domain::TransitionFacts none;

    struct Case {
        S from, to;
        const char* encodes;
        const char* message_part;
    } cases[] = {
        {S::kVerifying, S::kInitialResponse, "classification before the initial steps",
         "Phân loại sự cố"},
        {S::kVerifying, S::kEscalationProposed, "QĐ 05 Đ9: escalate only a serious incident",
         "Điều 9"},
        {S::kAcknowledged, S::kMerged, "a duplicate names its incident", "gộp vào"},
        {S::kVerifying, S::kRejected, "a false report gives its reason", "lý do"},
    };

    for (const auto& c : cases) {
        const auto status = domain::CheckTransition(c.from, c.to, none);
        ASSERT_FALSE(status.ok()) << c.encodes;
        EXPECT_NE(status.error().message_vi.find(c.message_part), std::string::npos)
            << c.encodes << ": " << status.error().message_vi;
    }
    domain::TransitionFacts final_due;
    final_due.final_report_due = true;
    const auto refused = domain::CheckTransition(S::kReviewing, S::kClosed, final_due);
    ASSERT_FALSE(refused.ok()) << "TT 20 Đ9.2.b: Mẫu 04 before closing";
    EXPECT_NE(refused.error().message_vi.find("Mẫu 04"), std::string::npos);
    final_due.final_report_issued = true;
    EXPECT_TRUE(domain::CheckTransition(S::kReviewing, S::kClosed, final_due).ok());
    // An out-of-order step lists the allowed ones.
    const auto skipped = domain::CheckTransition(S::kReceived, S::kContaining, none);
    ASSERT_FALSE(skipped.ok());
    EXPECT_NE(skipped.error().message_en.find("acknowledged, rejected, merged"), std::string::npos)
        << skipped.error().message_en;
}

TEST(IncidentStateMachine, ASeriousIncidentWaitsForEscalationOrALeadersDecision) {
    const auto all_met = AllMet();
    const auto allowed = AllowedSteps();
    // A serious incident neither escalated nor kept normal by a leader (QĐ 05/2017 Điều 14
    // khoản 1; TT 20/2017 Điều 10 khoản 1 điểm c): its priority initial steps, escalation,
    // rejection or merging only; every other step of the normal procedure is refused.
    domain::TransitionFacts pending = all_met;
    pending.serious_pending = true;
    pending.escalation_article = "Thông tư 20/2017/TT-BTTTT Điều 10 khoản 1 điểm c";
    for (const auto& [from, to] : allowed) {
        const bool still = to == S::kEscalationProposed || to == S::kInitialResponse ||
                           to == S::kRejected || to == S::kMerged;
        const auto status = domain::CheckTransition(from, to, pending);
        EXPECT_EQ(status.ok(), still)
            << domain::IncidentStateCode(from) << " → " << domain::IncidentStateCode(to);
        if (!still) {
            EXPECT_NE(status.error().message_vi.find("Điều 10 khoản 1 điểm c"), std::string::npos);
        }
    }
}

// ---- severity -------------------------------------------------------------------------

domain::AffectedSystem System(int level, bool critical = false) {
    domain::AffectedSystem system;
    system.id = domain::SystemId(level);
    system.code = "S" + std::to_string(level);
    system.name = "Hệ thống " + std::to_string(level);
    system.level = level;
    system.national_critical = critical;
    return system;
}

TEST(IncidentSeverity, SeriousOnlyWhenBothConditionsOfDecision05Article9Hold) {
    for (const auto* id : {"vn-2017", "vn-2026"}) {
        const auto rules = Shipped(id).severity;

        struct Case {
            const char* encodes;
            std::vector<domain::AffectedSystem> systems;
            std::vector<std::string> impacts;
            Capacity capacity;
            Severity expected;
        } cases[] = {
            {"Đ9.1 + Đ9.2: level 4, outage, owner cannot handle",
             {System(4)},
             {"outage"},
             Capacity::kExceeded,
             Severity::kSerious},
            {"Đ9.1: level 5 with loss of control",
             {System(5)},
             {"loss_of_control"},
             Capacity::kExceeded,
             Severity::kSerious},
            {"Đ9.1: a national-critical level-3 system counts",
             {System(3, true)},
             {"secret_exposure"},
             Capacity::kExceeded,
             Severity::kSerious},
            {"Đ9.1: one qualifying system among others is enough",
             {System(2), System(4)},
             {"spreading"},
             Capacity::kExceeded,
             Severity::kSerious},
            {"Đ9.1: level 3 is never serious",
             {System(3)},
             {"outage", "unrecoverable_data"},
             Capacity::kExceeded,
             Severity::kNormal},
            {"Đ9.1 a–đ: no impact, not serious",
             {System(4)},
             {},
             Capacity::kExceeded,
             Severity::kNormal},
            {"Đ9.2: the owner handles it, not serious",
             {System(4)},
             {"outage"},
             Capacity::kWithin,
             Severity::kNormal},
            {"Đ9.2: capacity not judged yet, not serious",
             {System(4)},
             {"outage"},
             Capacity::kUnknown,
             Severity::kNormal},
            {"no system known", {}, {"outage"}, Capacity::kExceeded, Severity::kNormal},
        };

        for (const auto& c : cases) {
            const auto result =
                domain::ComputeSeverity(rules, c.systems, c.impacts, c.capacity, {});
            EXPECT_EQ(result.severity, c.expected) << id << ": " << c.encodes;
            // Every criterion is shown with its article: system, five impacts, capacity.
            EXPECT_EQ(result.evidence.size(), 7u) << c.encodes;
            for (const auto& line : result.evidence) {
                EXPECT_NE(line.article.find("Điều 9"), std::string::npos) << line.criterion;
            }
        }
    }
}

// QĐ 05/2017 Điều 9 alone makes an incident serious. A plan's criteria raise the priority and,
// when marked "serious", propose that a leader consider the emergency procedure (Điều 14) — on
// a level-2 commune page or a level-3 system the incident stays normal.
TEST(IncidentSeverity, APlanCriterionNeverMakesAnIncidentLegallySerious) {
    for (const char* id : {"vn-2017", "vn-2026"}) {
        const auto rules = Shipped(id).severity;
        // Both sets require escalation or a leader's decision for a serious incident.
        EXPECT_NE(rules.escalation_article.find("Điều 10 khoản 1 điểm c"), std::string::npos);
        std::vector<domain::PlanCriterion> criteria = {
            {"Cổng thông tin ngừng quá 4 giờ", true, false},
            {"Có dấu hiệu mã độc lan sang máy trạm", false, false},
        };
        for (const int level : {2, 3}) {
            auto result = domain::ComputeSeverity(rules, {System(level)}, {"outage"},
                                                  Capacity::kExceeded, criteria);
            EXPECT_EQ(result.severity, Severity::kNormal) << id;
            EXPECT_FALSE(result.plan_raises_priority);
            EXPECT_FALSE(result.plan_proposes_emergency);
            // The legal evidence is Điều 9's only; the plan's lines stand apart.
            EXPECT_EQ(result.evidence.size(), 7u) << id;
            ASSERT_EQ(result.plan_evidence.size(), 2u);
            criteria[1].met = true;  // an ordinary criterion: priority only
            result = domain::ComputeSeverity(rules, {System(level)}, {"outage"},
                                             Capacity::kExceeded, criteria);
            EXPECT_TRUE(result.plan_raises_priority);
            EXPECT_FALSE(result.plan_proposes_emergency);
            criteria[0].met = true;  // the plan's "serious" criterion: a proposal, not a severity
            result = domain::ComputeSeverity(rules, {System(level)}, {"outage"},
                                             Capacity::kExceeded, criteria);
            EXPECT_EQ(result.severity, Severity::kNormal) << id << " level " << level;
            EXPECT_TRUE(result.plan_proposes_emergency);
            EXPECT_NE(result.plan_evidence[0].article.find("Điều 14"), std::string::npos);
            criteria[0].met = criteria[1].met = false;
        }
        // On a level-4 system with an impact beyond the owner's capacity it is serious,
        // whatever the plan says.
        const auto serious =
            domain::ComputeSeverity(rules, {System(4)}, {"outage"}, Capacity::kExceeded, criteria);
        EXPECT_EQ(serious.severity, Severity::kSerious) << id;
    }
}

// ---- clocks ---------------------------------------------------------------------------

struct ClockCase {
    const char* rule_set;
    const char* clock;
    const char* encodes;
    const char* start;  // the instant the clock starts (Vietnamese time)
    const char* due;    // its due instant
};

domain::Incident IncidentAt(core::TimePoint at) {
    domain::Incident incident;
    incident.detected_at = at;
    incident.received_at = at;
    incident.capacity_exceeded_at = at;
    incident.serious_at = at;
    incident.response_ended_at = at;
    incident.security_signs_at = at;
    incident.personal_data_at = at;
    incident.severity = Severity::kSerious;
    return incident;
}

TEST(IncidentClocks, EveryClockOfBothRuleSetsFallsDueWhenTheTextSays) {
    const auto calendar = ShippedCalendar();
    const ClockCase cases[] = {
        {"vn-2017", "acknowledge", "TT 20 Đ10.1.b: confirm receipt immediately (60 minutes)",
         "2026-11-20T22:10:00+07:00", "2026-11-20T23:10:00+07:00"},
        {"vn-2017", "notification",
         "TT 20 Đ9.2.a: 5 days from detection, counted from the next day (BLDS Đ147)",
         "2026-11-04T10:00:00+07:00", "2026-11-09T23:59:59.999+07:00"},
        {"vn-2017", "notification",
         "TT 20 Đ9.2.a + BLDS Đ148.5: day 5 is Sat 2/5 after 30/4–1/5, moves to Mon 4/5",
         "2026-04-27T10:00:00+07:00", "2026-05-04T23:59:59.999+07:00"},
        {"vn-2017", "initial_report", "TT 20 Đ9.2.b: Mẫu 03 immediately when beyond capacity",
         "2026-11-20T08:00:00+07:00", "2026-11-20T09:00:00+07:00"},
        {"vn-2017", "escalation", "TT 20 Đ10.1.c: propose escalation immediately",
         "2026-11-20T08:00:00+07:00", "2026-11-20T09:00:00+07:00"},
        {"vn-2017", "final_report",
         "TT 20 Đ9.2.b + BLDS Đ148.5: Mẫu 04, day 5 a Saturday moves to Monday",
         "2026-11-16T17:00:00+07:00", "2026-11-23T23:59:59.999+07:00"},
        {"vn-2017", "final_report", "TT 20 Đ9.2.b + BLDS Đ148.5: day 5 on Tết 2026 moves on",
         "2026-02-12T09:00:00+07:00", "2026-02-23T23:59:59.999+07:00"},
        {"vn-2026", "acknowledge", "as vn-2017 (TT 20 Đ10.1.b kept in transition)",
         "2026-11-20T08:00:00+07:00", "2026-11-20T09:00:00+07:00"},
        {"vn-2026", "immediate_report",
         "NĐ 331 Đ31.2.d (awaiting confirmation): at once, from the signs of harm to national "
         "security or public order",
         "2026-11-20T08:00:00+07:00", "2026-11-20T09:00:00+07:00"},
        {"vn-2026", "personal_data_72h",
         "Luật 91/2025 Đ23: personal data involved, 72 hours from the finding",
         "2026-11-20T08:00:00+07:00", "2026-11-23T08:00:00+07:00"},
        {"vn-2026", "notice_24h", "NĐ 331 Đ31.2.d: serious incident, 24 hours from detection",
         "2026-11-20T08:00:00+07:00", "2026-11-21T08:00:00+07:00"},
        {"vn-2026", "report_72h", "NĐ 331 Đ31.2.d: cause and remedies, 72 hours, weekends count",
         "2026-11-20T08:00:00+07:00", "2026-11-23T08:00:00+07:00"},
        {"vn-2026", "final_report", "TT 20 Đ9.2.b kept until confirmed: 5 days",
         "2026-11-04T10:00:00+07:00", "2026-11-09T23:59:59.999+07:00"},
    };
    std::map<std::string, std::set<std::string>> covered;
    for (const auto& c : cases) {
        const auto rules = Shipped(c.rule_set);
        const auto start = T(c.start);
        const auto clocks = domain::ComputeClocks(rules, IncidentAt(start), {}, calendar, start);
        bool found = false;
        for (const auto& clock : clocks) {
            if (clock.code != c.clock) {
                continue;
            }
            found = true;
            EXPECT_EQ(core::FormatRfc3339(clock.due_at), core::FormatRfc3339(T(c.due)))
                << c.rule_set << " " << c.clock << ": " << c.encodes;
            EXPECT_FALSE(clock.article.empty());
        }
        EXPECT_TRUE(found) << c.rule_set << " " << c.clock;
        covered[c.rule_set].insert(c.clock);
    }
    for (const auto* id : {"vn-2017", "vn-2026"}) {
        for (const auto& rule : Shipped(id).clocks) {
            EXPECT_TRUE(covered[id].count(rule.code)) << id << " clock untested: " << rule.code;
        }
    }
}

// NĐ 331/2026 Điều 31 khoản 2 điểm d (as reported): the immediate report follows signs of harm
// to national security or public order, not QĐ 05's seriousness; Luật 91/2025 Điều 23: personal
// data involved starts a 72-hour notification of its own.
TEST(IncidentClocks, The2026ImmediateReportFollowsSecuritySignsAndPersonalDataHasItsOwnClock) {
    const auto rules = Shipped("vn-2026");
    const auto calendar = ShippedCalendar();
    const auto at = T("2026-11-20T08:00:00+07:00");
    domain::Incident incident;
    incident.detected_at = at;
    incident.received_at = at;
    incident.severity = Severity::kSerious;
    incident.serious_at = at;
    const auto codes = [&] {
        std::set<std::string> out;
        for (const auto& clock : domain::ComputeClocks(rules, incident, {}, calendar, at)) {
            out.insert(clock.code);
        }
        return out;
    };
    EXPECT_FALSE(codes().contains("immediate_report")) << "serious alone does not start it";
    EXPECT_FALSE(codes().contains("personal_data_72h"));
    incident.severity = Severity::kNormal;
    incident.serious_at.reset();
    incident.security_signs_at = at;
    EXPECT_TRUE(codes().contains("immediate_report")) << "a normal incident with the signs";
    incident.personal_data_at = at;
    EXPECT_TRUE(codes().contains("personal_data_72h"));
    // The immediate report can be issued for such an incident (it is not serious-only).
    const auto* immediate = rules.Report("immediate");
    ASSERT_NE(immediate, nullptr);
    EXPECT_FALSE(immediate->serious_only);
    ASSERT_NE(rules.Report("personal_data_notice"), nullptr);
}

TEST(IncidentClocks, StartOnlyWhenTheirEventHappenedAndEndWithTheirEvent) {
    const auto rules = Shipped("vn-2017");
    const auto calendar = ShippedCalendar();
    domain::Incident incident;
    incident.detected_at = T("2026-11-20T08:00:00+07:00");
    incident.received_at = T("2026-11-20T09:00:00+07:00");
    auto now = T("2026-11-20T09:30:00+07:00");
    auto clocks = domain::ComputeClocks(rules, incident, {}, calendar, now);
    // Not beyond capacity, not serious, not ended: acknowledgement and notification only.
    ASSERT_EQ(clocks.size(), 2u);
    EXPECT_EQ(clocks[0].code, "acknowledge");
    EXPECT_EQ(clocks[0].state, domain::ClockState::kDueSoon);
    EXPECT_EQ(clocks[1].state, domain::ClockState::kRunning);
    now = T("2026-11-20T10:30:00+07:00");
    clocks = domain::ComputeClocks(rules, incident, {}, calendar, now);
    EXPECT_EQ(clocks[0].state, domain::ClockState::kOverdue);
    incident.acknowledged_at = T("2026-11-20T10:15:00+07:00");
    domain::ClockEvents events;
    events.reports_issued.emplace_back("notification", T("2026-11-21T08:00:00+07:00"));
    clocks = domain::ComputeClocks(rules, incident, events, calendar, now);
    EXPECT_EQ(clocks[0].state, domain::ClockState::kLate);
    EXPECT_EQ(clocks[1].state, domain::ClockState::kMet);
    // Mẫu 03 goes to the notification's recipients with more in it: issuing it satisfies the
    // notification clock too (TT 20/2017 Điều 9 khoản 2 điểm a, b).
    domain::ClockEvents initial_only;
    initial_only.reports_issued.emplace_back("initial", T("2026-11-20T11:00:00+07:00"));
    const auto by_initial = domain::ComputeClocks(rules, incident, initial_only, calendar, now);
    EXPECT_EQ(by_initial[1].code, "notification");
    EXPECT_EQ(by_initial[1].state, domain::ClockState::kMet);
    EXPECT_EQ(by_initial[1].done_at, T("2026-11-20T11:00:00+07:00"));
    // The final report is owed when capacity was exceeded (TT 20 Đ9.2.b) …
    incident.response_ended_at = T("2026-11-22T08:00:00+07:00");
    EXPECT_EQ(domain::ComputeClocks(rules, incident, events, calendar, now).size(), 2u);
    incident.capacity_exceeded_at = T("2026-11-20T11:00:00+07:00");
    EXPECT_EQ(domain::ComputeClocks(rules, incident, events, calendar, now).size(), 4u);
    // … and always under the 2026 rule set.
    incident.capacity_exceeded_at.reset();
    const auto later = Shipped("vn-2026");
    const auto clocks_2026 = domain::ComputeClocks(later, incident, events, calendar, now);
    EXPECT_TRUE(std::any_of(clocks_2026.begin(), clocks_2026.end(),
                            [](const auto& c) { return c.code == "final_report"; }));
    EXPECT_TRUE(later.awaiting_confirmation);
    EXPECT_FALSE(Shipped("vn-2017").awaiting_confirmation);
}

// ---- routing ----------------------------------------------------------------------------

using domain::RoutingFunction;
using domain::UnitId;

domain::RoutingUnit Holder(int id,
                           std::string path,
                           std::optional<int> parent,
                           std::vector<RoutingFunction> functions) {
    domain::RoutingUnit unit;
    unit.id = UnitId(id);
    unit.path = std::move(path);
    if (parent) {
        unit.parent_id = UnitId(*parent);
    }
    unit.name = "u" + std::to_string(id);
    unit.functions = std::move(functions);
    return unit;
}

std::map<std::string, int> Route(const std::vector<std::string>& functions,
                                 std::string_view path,
                                 int sender,
                                 int owner,
                                 const std::vector<domain::RoutingUnit>& holders) {
    std::map<std::string, int> out;
    for (const auto& r : domain::ResolveRecipients(functions, path, UnitId(sender), {UnitId(owner)},
                                                   {UnitId(sender)}, holders)) {
        out[r.function] = static_cast<int>(r.unit_id.value());
    }
    return out;
}

TEST(IncidentRouting, TwoTierTreeProvinceToCommune) {
    // 1 national coordinator (root); 2 province (steering); 3 Sở (specialised), 4 response team,
    // 5 commune, 6 department owning a system operated by commune 5.
    const std::vector<domain::RoutingUnit> holders = {
        Holder(1, "/1/", std::nullopt, {RoutingFunction::kNationalCoordinator}),
        Holder(2, "/2/", std::nullopt, {RoutingFunction::kSteering}),
        Holder(3, "/2/3/", 2, {RoutingFunction::kSpecialised}),
        Holder(4, "/2/4/", 2, {RoutingFunction::kResponseTeam}),
    };
    // TT 20 Đ9.2.a: the operator notifies the owner, the specialised unit and the coordinator.
    auto notice = Route({"owner", "specialised", "national_coordinator"}, "/2/5/", 5, 6, holders);
    EXPECT_EQ(notice, (std::map<std::string, int>{
                          {"owner", 6}, {"specialised", 3}, {"national_coordinator", 1}}));
    // QĐ 05 Đ11.3: a request for direction goes to the steering committee.
    auto direction = Route({"steering", "national_coordinator"}, "/2/5/", 5, 5, holders);
    EXPECT_EQ(direction,
              (std::map<std::string, int>{{"steering", 2}, {"national_coordinator", 1}}));
    // The sending unit never receives its own report (the commune owns its own web page).
    auto own = Route({"owner", "specialised"}, "/2/5/", 5, 5, holders);
    EXPECT_EQ(own, (std::map<std::string, int>{{"specialised", 3}}));
}

TEST(IncidentRouting, ThreeTierTreeUsesTheNearestHolder) {
    // Province 2 with Sở 3 (specialised) and steering at the province; district 7 with its own
    // specialised office 8 and steering committee (the district People's Committee 7 itself is
    // under 2, so its steering role serves the province subtree: use office 9 instead).
    const std::vector<domain::RoutingUnit> holders = {
        Holder(1, "/1/", std::nullopt, {RoutingFunction::kNationalCoordinator}),
        Holder(2, "/2/", std::nullopt, {RoutingFunction::kSteering}),
        Holder(3, "/2/3/", 2, {RoutingFunction::kSpecialised, RoutingFunction::kResponseTeam}),
        Holder(8, "/2/7/8/", 7, {RoutingFunction::kSpecialised}),
        Holder(9, "/2/7/9/", 7, {RoutingFunction::kSteering}),
    };
    // A commune 10 under district 7: the district's office and committee serve it.
    auto commune =
        Route({"owner", "specialised", "steering", "response_team", "national_coordinator"},
              "/2/7/10/", 10, 10, holders);
    EXPECT_EQ(commune, (std::map<std::string, int>{{"specialised", 8},
                                                   {"steering", 9},
                                                   {"response_team", 3},
                                                   {"national_coordinator", 1}}));
    // A department of the province itself: the province's Sở and committee.
    auto department = Route({"specialised", "steering"}, "/2/11/", 11, 11, holders);
    EXPECT_EQ(department, (std::map<std::string, int>{{"specialised", 3}, {"steering", 2}}));
    // A function nobody holds is simply absent (the police in a tree without one).
    EXPECT_TRUE(Route({"police"}, "/2/11/", 11, 11, holders).empty());
}

// ---- rule files ------------------------------------------------------------------------

TEST(IncidentRules, BadFilesAreRefusedWithTheirPlace) {
    auto text = ReadRuleFile("vn-2017/incidents.json");
    const auto replace = [&](const std::string& from, const std::string& to) {
        auto copy = text;
        const auto at = copy.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        copy.replace(at, from.size(), to);
        return copy;
    };

    struct Case {
        std::string json;
        const char* field;
    } cases[] = {
        {replace(R"("done": "report:notification")", R"("done": "report:nothing")"),
         "clocks[1].done"},
        {replace(R"("limit": "days", "days": 5)", R"("limit": "weeks", "days": 5)"),
         "clocks[1].limit"},
        {replace(R"("start": "detected")", R"("start": "whenever")"), "clocks[1].start"},
        {replace(R"("recipients": ["owner", "specialised", "national_coordinator"])",
                 R"("recipients": ["the_king"])"),
         "reports[0].recipients"},
        {replace(R"("field": "title")", R"("field": "favourite_colour")"),
         "intake_required[0].field"},
        {replace(R"("status": "in_force")", R"("status": "maybe")"), "status"},
        {replace("\"immediate_minutes\": 60", R"("immediate_minutes": 60, "extra": 1)"), "extra"},
        {replace(R"("machine_notice_lead_minutes": 60)", R"("machine_notice_lead_minutes": -5)"),
         "machine_notice_lead_minutes"},
    };

    for (const auto& c : cases) {
        const auto parsed = ParseIncidentRules(c.json);
        ASSERT_FALSE(parsed.ok()) << c.field;
        bool named = false;
        for (const auto& detail : parsed.error().details) {
            named = named || detail.where == c.field;
        }
        EXPECT_TRUE(named) << c.field << ": " << parsed.error().message_en;
    }
}

}  // namespace
}  // namespace ungcuu::rules
