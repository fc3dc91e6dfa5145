// Periods of a year, Mẫu 05's table from tallies of incidents, and the review rules of a
// periodic report.
#include "domain/periodic.hpp"

#include <gtest/gtest.h>

namespace ungcuu::domain {
namespace {

TEST(Periods, KeysReadBackAndSpanTheirMonths) {
    const auto half = ParsePeriodKey("2026-H2");
    ASSERT_TRUE(half.ok());
    EXPECT_EQ(core::FormatDate(half->from), "2026-07-01");
    EXPECT_EQ(core::FormatDate(half->to), "2026-12-31");
    EXPECT_EQ(half->LabelVi(), "6 tháng cuối năm 2026");
    const auto february = ParsePeriodKey("2028-02");
    ASSERT_TRUE(february.ok());
    EXPECT_EQ(core::FormatDate(february->to), "2028-02-29");  // a leap year
    const auto quarter = ParsePeriodKey("2026-Q3");
    ASSERT_TRUE(quarter.ok());
    EXPECT_EQ(core::FormatDate(quarter->from), "2026-07-01");
    EXPECT_EQ(quarter->LabelVi(), "Quý III năm 2026");
    for (const char* key : {"2026", "2026-H1", "2026-Q4", "2026-12"}) {
        const auto p = ParsePeriodKey(key);
        ASSERT_TRUE(p.ok()) << key;
        EXPECT_EQ(p->Key(), key);
    }
    for (const char* bad : {"", "26", "2026-H3", "2026-Q0", "2026-13", "2026-1", "1999", "2026-",
                            "2026-HH", "abcd", "2026-07x"}) {
        EXPECT_FALSE(ParsePeriodKey(bad).ok()) << bad;
    }
}

TEST(Mau05, RowsByAttackTypeAndColumnsByHandling) {
    // A single attack scenario is its row; several are A9 (combined); faults are not attacks.
    EXPECT_EQ(Mau05Row({"A5"}), "A5");
    EXPECT_EQ(Mau05Row({"A10", "B2"}), "A10");
    EXPECT_EQ(Mau05Row({"A3", "A4"}), "A9");
    EXPECT_EQ(Mau05Row({"B1", "C2"}), std::nullopt);
    EXPECT_EQ(Mau05Row({"A11"}), std::nullopt);
    const auto f = Mau05Figures({
        {{"A5"}, HandlingMode::kSelf, 3, 1000},
        {{"A5"}, HandlingMode::kCoordinatorHelp, 1, 500},
        {{"A3", "A4"}, HandlingMode::kForeignHelp, 2, 0},
        {{"A1"}, std::nullopt, 4, 0},
        {{"B2"}, HandlingMode::kSelf, 7, 0},
    });
    EXPECT_EQ(f.at("mau05.A5.count"), 4);
    EXPECT_EQ(f.at("mau05.A5.self"), 3);
    EXPECT_EQ(f.at("mau05.A5.coordinator_help"), 1);
    EXPECT_EQ(f.at("mau05.A5.damage"), 1500);
    EXPECT_EQ(f.at("mau05.A9.foreign_help"), 2);
    EXPECT_EQ(f.at("mau05.A1.count"), 4);
    EXPECT_EQ(f.at("mau05.no_mode"), 4);
    EXPECT_EQ(f.at("mau05.not_attack"), 7);
    EXPECT_EQ(f.at("mau05.total.count"), 10);
    EXPECT_EQ(f.at("mau05.total.self"), 3);
    EXPECT_EQ(f.at("mau05.total.damage"), 1500);
    EXPECT_EQ(f.at("mau05.A2.count"), 0);  // every row is there, zero or not
    Figures sum = f;
    AddFigures(sum, f);
    EXPECT_EQ(sum.at("mau05.total.count"), 20);
}

TEST(PeriodicReports, SubmitOnceReviewOnlySubmittedReturnWithAReason) {
    PeriodicReport report;
    EXPECT_TRUE(CheckSubmit(report).ok());
    report.state = PeriodicState::kSubmitted;
    EXPECT_EQ(CheckSubmit(report).error().code, core::ErrorCode::kConflict);
    EXPECT_TRUE(CheckReview(report, true, "").ok());
    EXPECT_EQ(CheckReview(report, false, "").error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_TRUE(CheckReview(report, false, "Thiếu số liệu quý III").ok());
    report.state = PeriodicState::kReturned;
    EXPECT_TRUE(CheckSubmit(report).ok());  // fixed and sent again
    EXPECT_EQ(CheckReview(report, true, "").error().code, core::ErrorCode::kConflict);
    report.state = PeriodicState::kAccepted;
    EXPECT_EQ(CheckSubmit(report).error().code, core::ErrorCode::kConflict);
    report.state = PeriodicState::kDraft;
    report.narrative = std::string(20001, 'x');
    EXPECT_EQ(CheckSubmit(report).error().code, core::ErrorCode::kInvalidArgument);
}

TEST(PeriodicReports, LateIsSubmittedAfterTheDueTimeOrNotYetAndPastIt) {
    const core::TimePoint due{std::chrono::seconds{1'000'000}};
    const auto before = due - std::chrono::hours{1};
    const auto after = due + std::chrono::hours{1};
    EXPECT_FALSE(IsLate(std::nullopt, due, before));
    EXPECT_TRUE(IsLate(std::nullopt, due, after));
    PeriodicReport on_time;
    on_time.submitted_at = before;
    EXPECT_FALSE(IsLate(on_time, due, after));
    PeriodicReport late;
    late.submitted_at = after;
    EXPECT_TRUE(IsLate(late, due, after));
}

}  // namespace
}  // namespace ungcuu::domain
