// Dossier time limits, working days and periodic duties, evaluated with the shipped rule files
// rules/vn-2017/registry.json and rules/calendar/vn-holidays.json. Each row names what it
// encodes: the article of the time limit, and the Civil Code rules on counting days.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/dossier.hpp"
#include "domain/protection.hpp"
#include "rules/registry_rules_loader.hpp"

namespace ungcuu::rules {
namespace {

using domain::DayCount;
using domain::DossierAction;
using domain::DossierStage;
using domain::DossierState;

std::string ReadRuleFile(const std::string& relative) {
    std::ifstream file(std::string(UNGCUU_RULES_DIR) + "/" + relative);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

domain::RegistryRuleSet ShippedRules() {
    auto rules = ParseRegistryRules(ReadRuleFile("vn-2017/registry.json"));
    EXPECT_TRUE(rules.ok()) << (rules.ok() ? "" : rules.error().message_en);
    return std::move(rules).value();
}

domain::WorkingCalendar ShippedCalendar() {
    auto days = ParseCalendar(ReadRuleFile("calendar/vn-holidays.json"));
    EXPECT_TRUE(days.ok()) << (days.ok() ? "" : days.error().message_en);
    return domain::WorkingCalendar(*days);
}

core::Date D(const char* text) { return *core::ParseDate(text); }

struct LimitCase {
    const char* encodes;
    DossierStage stage;
    int level;
    const char* start;  // the day the stage starts (the event day)
    const char* due;    // its last day
};

TEST(RegistryRules, DossierStageLimitsOnTheShippedCalendar) {
    const auto rules = ShippedRules();
    const auto calendar = ShippedCalendar();
    const LimitCase cases[] = {
        {"TT 03/2017 Điều 7: validity check, 5 working days; Mon 2026-11-02 → Mon 2026-11-09",
         DossierStage::kValidityCheck, 3, "2026-11-02", "2026-11-09"},
        {"5 working days started on a Friday skip the weekend: Fri 2026-11-20 → Fri 2026-11-27",
         DossierStage::kValidityCheck, 2, "2026-11-20", "2026-11-27"},
        {"5 working days across the 2026 Tết holiday (16–20/02): Thu 2026-02-12 → Thu 2026-02-26",
         DossierStage::kValidityCheck, 3, "2026-02-12", "2026-02-26"},
        {"5 working days across 30/4 and 1/5 2026: Tue 2026-04-28 → Thu 2026-05-07",
         DossierStage::kValidityCheck, 3, "2026-04-28", "2026-05-07"},
        {"2025: Saturday 26/4 is worked, 30/4–2/5 are off: Thu 2025-04-24 → Mon 2025-05-05",
         DossierStage::kValidityCheck, 3, "2025-04-24", "2025-05-05"},
        {"NĐ 85/2016 Điều 12: appraisal of level 3, 15 calendar days: 2026-11-02 → 2026-11-17",
         DossierStage::kAppraisal, 3, "2026-11-02", "2026-11-17"},
        {"NĐ 85/2016 Điều 12: appraisal of level 4, 30 calendar days: 2026-11-02 → 2026-12-02",
         DossierStage::kAppraisal, 4, "2026-11-02", "2026-12-02"},
        {"BLDS 2015 Điều 148.5: a calendar limit ending on Sunday 2026-11-22 ends Mon 2026-11-23",
         DossierStage::kAppraisal, 3, "2026-11-07", "2026-11-23"},
        {"BLDS 2015 Điều 148.5: ending in Tết 2026 (2026-02-17) moves to Mon 2026-02-23",
         DossierStage::kAppraisal, 2, "2026-02-02", "2026-02-23"},
        {"NĐ 85/2016 Điều 14: approval, 7 working days: Wed 2026-08-26 → Tue 2026-09-08 "
         "(1–2/9 National Day)",
         DossierStage::kApproval, 3, "2026-08-26", "2026-09-08"},
    };
    for (const auto& c : cases) {
        const auto* limit = rules.LimitFor(c.stage, c.level);
        ASSERT_NE(limit, nullptr) << c.encodes;
        EXPECT_FALSE(limit->article.empty()) << c.encodes;
        EXPECT_EQ(
            core::FormatDate(domain::DeadlineDay(D(c.start), limit->days, limit->count, calendar)),
            c.due)
            << c.encodes;
    }
}

TEST(RegistryRules, DeadlineEndsAtTheEndOfTheVietnameseDay) {
    const domain::WorkingCalendar calendar;
    // 2026-11-02 20:00 UTC is already Tuesday 03:00 in Vietnam: counting starts on Wednesday.
    const auto start = core::StartOfLocalDay(D("2026-11-03")) + std::chrono::hours{3};
    const auto due = domain::Deadline(start, 5, DayCount::kWorking, calendar);
    EXPECT_EQ(core::FormatRfc3339(due), "2026-11-10T16:59:59.999Z");  // Tue 10/11 23:59:59 +07
}

TEST(RegistryRules, ApproversAndDocumentsFollowTheLevel) {
    const auto rules = ShippedRules();
    // NĐ 85/2016 Điều 14: levels 1–2 approved by the security unit, 3–4 by the owner.
    EXPECT_EQ(rules.AuthorityFor(2)->approver, domain::Authority::kSecurityUnit);
    EXPECT_EQ(rules.AuthorityFor(3)->approver, domain::Authority::kOwner);
    EXPECT_EQ(rules.AuthorityFor(4)->appraiser, domain::Authority::kMinistry);
    EXPECT_EQ(domain::PartyFor(DossierAction::kApprove, 2, rules), domain::DossierParty::kReviewer);
    EXPECT_EQ(domain::PartyFor(DossierAction::kApprove, 3, rules), domain::DossierParty::kApprover);
    // NĐ 85/2016 Điều 15: four documents, plus the security unit's opinion from level 4.
    EXPECT_EQ(rules.DocumentsFor(3).size(), 4U);
    EXPECT_EQ(rules.DocumentsFor(4).size(), 5U);
}

TEST(RegistryRules, PeriodicDutiesFollowTheLevel) {
    const auto rules = ShippedRules();
    using domain::DueKind;
    // NĐ 85/2016 Điều 20.2.c.
    EXPECT_EQ(rules.MonthsFor(DueKind::kOverallAssessment, 0), 24);
    EXPECT_EQ(rules.MonthsFor(DueKind::kSystemAssessment, 2), std::nullopt);
    EXPECT_EQ(rules.MonthsFor(DueKind::kSystemAssessment, 3), 12);
    EXPECT_EQ(rules.MonthsFor(DueKind::kSystemAssessment, 4), 12);
    EXPECT_EQ(rules.MonthsFor(DueKind::kSystemAssessment, 5), 6);
    // Chỉ thị 18/CT-TTg: scans every 6 months; live-fire drills yearly from level 3.
    EXPECT_EQ(rules.MonthsFor(DueKind::kScan, 1), 6);
    EXPECT_EQ(rules.MonthsFor(DueKind::kDrill, 2), std::nullopt);
    EXPECT_EQ(rules.MonthsFor(DueKind::kDrill, 3), 12);
    // Months are calendar months, clamped to the month's end.
    EXPECT_EQ(core::FormatDate(core::AddMonths(D("2025-08-31"), 6)), "2026-02-28");
    EXPECT_EQ(core::FormatDate(core::AddMonths(D("2024-02-29"), 24)), "2026-02-28");
}

TEST(RegistryRules, PeriodicDutiesFallDueOnTheRightDay) {
    const auto rules = ShippedRules();
    using domain::DueKind;
    using domain::DueState;

    struct Case {
        const char* encodes;
        DueKind kind;
        int level;
        const char* last;  // "" when never done
        const char* today;
        const char* next_due;  // "" when due now
        DueState state;
    };

    const Case cases[] = {
        {"NĐ 85/2016 Điều 20.2.c: overall assessment every 2 years", DueKind::kOverallAssessment, 0,
         "2024-11-30", "2026-11-21", "2026-11-30", DueState::kDueSoon},
        {"NĐ 85/2016 Điều 20.2.c: level 3 yearly; last 2025-11-01 is late on 2026-11-21",
         DueKind::kSystemAssessment, 3, "2025-11-01", "2026-11-21", "2026-11-01",
         DueState::kOverdue},
        {"NĐ 85/2016 Điều 20.2.c: level 5 every 6 months", DueKind::kSystemAssessment, 5,
         "2026-08-31", "2026-11-21", "2027-02-28", DueState::kOk},
        {"Chỉ thị 18/CT-TTg: scans every 6 months; never scanned is due now", DueKind::kScan, 1, "",
         "2026-11-21", "", DueState::kOverdue},
        {"Chỉ thị 18/CT-TTg: live-fire drill yearly from level 3; due on the day is not late",
         DueKind::kDrill, 4, "2025-11-21", "2026-11-21", "2026-11-21", DueState::kDueSoon},
    };
    for (const auto& c : cases) {
        const auto months = rules.MonthsFor(c.kind, c.level);
        ASSERT_TRUE(months.has_value()) << c.encodes;
        const auto last =
            std::string_view(c.last).empty() ? std::nullopt : std::optional(D(c.last));
        const auto next = domain::NextDue(last, *months);
        EXPECT_EQ(next ? core::FormatDate(*next) : "", c.next_due) << c.encodes;
        EXPECT_EQ(domain::StateOf(next, D(c.today), 30), c.state) << c.encodes;
    }
}

TEST(RegistryRules, BadFilesAreRefusedWithTheirPlace) {
    auto unknown = ParseRegistryRules(R"({"rule_set":"x","version":"1","authorities":[],
        "stages":[{"stage":"lunch","days":1,"count":"working","article":"a"}],
        "documents":[],"due":[]})");
    ASSERT_FALSE(unknown.ok());
    bool named = false;
    for (const auto& d : unknown.error().details) {
        named = named ||
                (d.where == "stages[0].stage" && d.message_en.find("lunch") != std::string::npos);
    }
    EXPECT_TRUE(named);
    // The rule set must cover every level and stage.
    auto incomplete = ParseRegistryRules(R"({"rule_set":"x","version":"1","authorities":[],
        "stages":[],"documents":[],"due":[]})");
    ASSERT_FALSE(incomplete.ok());
    EXPECT_GE(incomplete.error().details.size(), 5U);
    auto bad_date = ParseCalendar(R"({"calendar":"c","version":"1",
        "days":[{"date":"2026-02-30","name_vi":"x"}]})");
    ASSERT_FALSE(bad_date.ok());
    EXPECT_EQ(bad_date.error().details[0].where, "days[0].date");
}

TEST(Taxonomy, ShippedScenariosAreTheDakLakPlansTwentyOne) {
    auto taxonomy = ParseTaxonomy(ReadRuleFile("taxonomy/scenarios.json"));
    ASSERT_TRUE(taxonomy.ok()) << taxonomy.error().message_en;
    // Kế hoạch tỉnh Đắk Lắk mục II.3.a: 10 attack types, 5 system faults, 5 operator errors and
    // natural disasters, in four groups.
    EXPECT_EQ(taxonomy->groups.size(), 4U);
    EXPECT_EQ(taxonomy->scenarios.size(), 21U);
    ASSERT_NE(taxonomy->Find("A5"), nullptr);
    EXPECT_EQ(taxonomy->Find("A5")->name_vi, "Tấn công thay đổi giao diện");
    EXPECT_EQ(taxonomy->Find("A1")->rsit.front(), "availability:dos");
    EXPECT_EQ(taxonomy->Find("Z9"), nullptr);
    auto duplicate = ParseTaxonomy(R"({"taxonomy":"t","version":"1",
        "groups":[{"code":"A","name_vi":"a","name_en":"a"}],
        "scenarios":[{"code":"A1","group":"A","name_vi":"x","name_en":"x"},
                     {"code":"A1","group":"B","name_vi":"y","name_en":"y"}]})");
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.error().details.size(), 2U);  // unknown group B, duplicate A1
}

TEST(DossierStateMachine, EveryAllowedAndRefusedTransition) {
    const DossierState states[] = {DossierState::kDraft,     DossierState::kSubmitted,
                                   DossierState::kAppraisal, DossierState::kApproval,
                                   DossierState::kApproved,  DossierState::kReturned};
    const DossierAction actions[] = {DossierAction::kSubmit,   DossierAction::kAccept,
                                     DossierAction::kAppraise, DossierAction::kApprove,
                                     DossierAction::kReturn,   DossierAction::kReopen};

    struct Allowed {
        DossierState from;
        DossierAction action;
        DossierState to;
    };

    // draft → submitted (validity check) → appraisal → approval → approved; any review stage
    // may return the dossier with reasons; a returned dossier is reopened as a draft.
    const Allowed allowed[] = {
        {DossierState::kDraft, DossierAction::kSubmit, DossierState::kSubmitted},
        {DossierState::kSubmitted, DossierAction::kAccept, DossierState::kAppraisal},
        {DossierState::kSubmitted, DossierAction::kReturn, DossierState::kReturned},
        {DossierState::kAppraisal, DossierAction::kAppraise, DossierState::kApproval},
        {DossierState::kAppraisal, DossierAction::kReturn, DossierState::kReturned},
        {DossierState::kApproval, DossierAction::kApprove, DossierState::kApproved},
        {DossierState::kApproval, DossierAction::kReturn, DossierState::kReturned},
        {DossierState::kReturned, DossierAction::kReopen, DossierState::kDraft},
    };
    int allowed_count = 0;
    for (const auto from : states) {
        for (const auto action : actions) {
            const auto next = domain::NextDossierState(from, action);
            const Allowed* expected = nullptr;
            for (const auto& a : allowed) {
                if (a.from == from && a.action == action) {
                    expected = &a;
                }
            }
            const std::string label = std::string(domain::DossierStateCode(from)) + " + " +
                                      std::string(domain::DossierActionCode(action));
            if (expected != nullptr) {
                ++allowed_count;
                ASSERT_TRUE(next.ok()) << label;
                EXPECT_EQ(*next, expected->to) << label;
            } else {
                ASSERT_FALSE(next.ok()) << label;
                EXPECT_EQ(next.error().code, core::ErrorCode::kConflict) << label;
                EXPECT_FALSE(next.error().message_vi.empty()) << label;
            }
        }
    }
    EXPECT_EQ(allowed_count, 8);
}

TEST(DossierStateMachine, ActionsNeedTheirReasonsAndDocuments) {
    const auto rules = ShippedRules();
    domain::LevelDossier dossier;
    dossier.proposed_level = 4;
    auto missing = domain::CheckDossierAction(dossier, DossierAction::kSubmit, "",
                                              {"overview", "design"}, rules);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().details.size(), 3U);  // justification, security_plan, opinion
    EXPECT_EQ(missing.error().details[0].where, "documents.justification");
    EXPECT_TRUE(domain::CheckDossierAction(dossier, DossierAction::kSubmit, "",
                                           {"overview", "design", "justification", "security_plan",
                                            "security_unit_opinion"},
                                           rules)
                    .ok());
    dossier.state = DossierState::kAppraisal;
    EXPECT_FALSE(domain::CheckDossierAction(dossier, DossierAction::kReturn, "  ", {}, rules).ok());
    EXPECT_TRUE(
        domain::CheckDossierAction(dossier, DossierAction::kReturn, "Thiếu sơ đồ mạng", {}, rules)
            .ok());
    dossier.state = DossierState::kApproval;
    EXPECT_FALSE(domain::CheckDossierAction(dossier, DossierAction::kApprove, "", {}, rules).ok());
}

TEST(DossierStateMachine, OverdueOnlyInReviewStagesPastTheLimit) {
    domain::LevelDossier dossier;
    const auto due = core::EndOfLocalDay(D("2026-11-09"));
    dossier.due_at = due;
    dossier.state = DossierState::kSubmitted;
    EXPECT_FALSE(domain::IsOverdue(dossier, due));
    EXPECT_TRUE(domain::IsOverdue(dossier, due + std::chrono::milliseconds{1}));
    dossier.state = DossierState::kApproved;
    EXPECT_FALSE(domain::IsOverdue(dossier, due + std::chrono::hours{100}));
}

}  // namespace
}  // namespace ungcuu::rules
