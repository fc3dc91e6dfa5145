#include "domain/work_plan.hpp"

#include <gtest/gtest.h>

namespace ungcuu::domain {
namespace {

core::Date D(const char* text) { return *core::ParseDate(text); }

TEST(TimeFrameTest, ReadsWhatPlansWrite) {
    // Seed 003: "trước ngày 02/10"; seed 001: "Thường xuyên hằng năm", "Hằng năm".
    auto day = ParseTimeFrame("02/10/2026");
    ASSERT_TRUE(day);
    EXPECT_EQ(day->kind, FrameKind::kDate);
    EXPECT_EQ(day->date, D("2026-10-02"));
    EXPECT_EQ(day->Code(), "2026-10-02");

    auto quarter = ParseTimeFrame("Quý III/2026");
    ASSERT_TRUE(quarter);
    EXPECT_EQ(quarter->kind, FrameKind::kQuarter);
    EXPECT_EQ(quarter->date, D("2026-09-30"));
    EXPECT_EQ(quarter->Code(), "2026-Q3");
    EXPECT_EQ(quarter->LabelVi(), "Quý III/2026");
    auto spelled = ParseTimeFrame("quý 4 năm 2027");
    ASSERT_TRUE(spelled);
    EXPECT_EQ(spelled->date, D("2027-12-31"));

    EXPECT_EQ(ParseTimeFrame("Thường xuyên hằng năm")->kind, FrameKind::kYearly);
    EXPECT_EQ(ParseTimeFrame("Hàng năm")->kind, FrameKind::kYearly);
    EXPECT_EQ(ParseTimeFrame("Thường xuyên")->kind, FrameKind::kContinuous);
    EXPECT_EQ(ParseTimeFrame("thuong xuyen")->kind, FrameKind::kContinuous);

    // The API's own codes read back to themselves.
    for (const char* code : {"2026-10-02", "2026-Q1", "yearly", "continuous"}) {
        auto frame = ParseTimeFrame(code);
        ASSERT_TRUE(frame) << code;
        EXPECT_EQ(frame->Code(), code);
    }
}

TEST(TimeFrameTest, RefusesWhatItCannotRead) {
    for (const char* text :
         {"", "sớm", "31/02/2026", "2026-Q5", "Quý V/2026", "quý 3", "2026-13-01", "1/1/26"}) {
        EXPECT_FALSE(ParseTimeFrame(text)) << text;
    }
    EXPECT_FALSE(ParseTimeFrame(std::string(300, 'x')));
}

TEST(TimeFrameTest, DueDayOfEachKind) {
    const auto plan_to = D("2030-12-31");
    EXPECT_EQ(DueOn(*ParseTimeFrame("2026-10-02"), D("2026-12-01"), plan_to), D("2026-10-02"));
    EXPECT_EQ(DueOn(*ParseTimeFrame("2026-Q2"), D("2026-01-01"), plan_to), D("2026-06-30"));
    // A yearly task is due at the end of the year the day falls in, not after the plan ends.
    EXPECT_EQ(DueOn(*ParseTimeFrame("yearly"), D("2027-03-01"), plan_to), D("2027-12-31"));
    EXPECT_EQ(DueOn(*ParseTimeFrame("yearly"), D("2026-03-01"), D("2026-06-30")), D("2026-06-30"));
    EXPECT_FALSE(DueOn(*ParseTimeFrame("continuous"), D("2026-03-01"), plan_to));
}

TEST(StandingTest, OverdueAndTheYearlyRound) {
    Assignment a;
    const auto plan_to = D("2030-12-31");
    const auto by_october = *ParseTimeFrame("2026-10-02");
    EXPECT_FALSE(StandingOf(a, by_october, D("2026-10-02"), plan_to).overdue);  // on the day
    EXPECT_TRUE(StandingOf(a, by_october, D("2026-10-03"), plan_to).overdue);
    a.status = AssignmentStatus::kDone;
    a.status_on = D("2026-10-05");
    const auto done_late = StandingOf(a, by_october, D("2026-12-01"), plan_to);
    EXPECT_FALSE(done_late.overdue);
    EXPECT_EQ(done_late.progress, 100);

    // Done in 2026, a yearly task starts over in 2027.
    const auto yearly = *ParseTimeFrame("yearly");
    EXPECT_EQ(StandingOf(a, yearly, D("2026-12-20"), plan_to).status, AssignmentStatus::kDone);
    const auto next_year = StandingOf(a, yearly, D("2027-01-02"), plan_to);
    EXPECT_EQ(next_year.status, AssignmentStatus::kNotStarted);
    EXPECT_EQ(next_year.progress, 0);
    EXPECT_FALSE(next_year.overdue);
    EXPECT_TRUE(StandingOf(Assignment{}, yearly, D("2031-01-02"), plan_to).overdue);

    // A continuous task is never overdue, but shows unstarted.
    const auto always =
        StandingOf(Assignment{}, *ParseTimeFrame("continuous"), D("2029-01-01"), plan_to);
    EXPECT_FALSE(always.overdue);
    EXPECT_EQ(always.status, AssignmentStatus::kNotStarted);
}

TEST(StandingTest, RollUpCounts) {
    TaskRollUp r;
    r.Add({AssignmentStatus::kNotStarted, 0, D("2026-01-01"), true});
    r.Add({AssignmentStatus::kInProgress, 40, std::nullopt, false});
    r.Add({AssignmentStatus::kDone, 100, std::nullopt, false});
    r.Add({AssignmentStatus::kNotApplicable, 0, std::nullopt, false});
    EXPECT_EQ(r.total, 4);
    EXPECT_EQ(r.not_started, 1);
    EXPECT_EQ(r.in_progress, 1);
    EXPECT_EQ(r.done, 1);
    EXPECT_EQ(r.not_applicable, 1);
    EXPECT_EQ(r.overdue, 1);
}

TEST(ProgressTest, EvidenceAndBounds) {
    EXPECT_TRUE(CheckProgress(AssignmentStatus::kInProgress, 40, "").ok());
    EXPECT_TRUE(CheckProgress(AssignmentStatus::kDone, 100, "Công văn 12/UBND").ok());
    EXPECT_FALSE(CheckProgress(AssignmentStatus::kDone, 100, "  ").ok());
    EXPECT_FALSE(CheckProgress(AssignmentStatus::kNotApplicable, 0, "").ok());
    EXPECT_FALSE(CheckProgress(AssignmentStatus::kInProgress, 101, "").ok());
    EXPECT_FALSE(CheckProgress(AssignmentStatus::kInProgress, -1, "").ok());
    EXPECT_FALSE(CheckProgress(AssignmentStatus::kInProgress, 100, "").ok());
    EXPECT_FALSE(CheckProgress(AssignmentStatus::kInProgress, 10, std::string(5000, 'x')).ok());
    for (const auto s : {AssignmentStatus::kNotStarted, AssignmentStatus::kInProgress,
                         AssignmentStatus::kDone, AssignmentStatus::kNotApplicable}) {
        EXPECT_EQ(ParseAssignmentStatus(AssignmentStatusCode(s)), s);
    }
}

TEST(WorkPlanTest, Validation) {
    WorkPlan plan;
    plan.title = "Kế hoạch ứng phó sự cố năm 2026";
    plan.period_from = D("2026-01-01");
    plan.period_to = D("2026-12-31");
    EXPECT_TRUE(ValidateWorkPlan(plan).ok());
    plan.period_to = D("2025-12-31");
    EXPECT_FALSE(ValidateWorkPlan(plan).ok());
    plan.period_to = D("2040-12-31");
    EXPECT_FALSE(ValidateWorkPlan(plan).ok());
    plan.period_to = D("2026-12-31");
    plan.title = "";
    EXPECT_FALSE(ValidateWorkPlan(plan).ok());

    PlanTask task;
    task.content = "Rà soát, đánh giá nguy cơ";
    EXPECT_TRUE(ValidatePlanTask(task, 3).ok());
    EXPECT_FALSE(ValidatePlanTask(task, 0).ok());
    task.executor_kinds = {UnitKind::kProvince};
    EXPECT_FALSE(ValidatePlanTask(task, 3).ok());
    task.executor_kinds = {UnitKind::kCommune};
    task.budget_estimate = -5;
    EXPECT_FALSE(ValidatePlanTask(task, 3).ok());
}

}  // namespace
}  // namespace ungcuu::domain
