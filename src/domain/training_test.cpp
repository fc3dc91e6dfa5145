#include "domain/training.hpp"

#include <gtest/gtest.h>

namespace ungcuu::domain {
namespace {

core::Date D(const char* text) { return *core::ParseDate(text); }

const PersonId kLan{1}, kBao{2}, kMai{3}, kTuan{4};

TEST(TrainingCoverage, OfficialsTrainedThisYearCountOnceAndLastYearDoesNotCount) {
    const std::vector<Attendance> attendance = {
        {kLan, CourseKind::kAwareness, D("2026-03-12"), std::nullopt},
        {kLan, CourseKind::kDrillPreparation, D("2026-10-02"), std::nullopt},  // twice: once
        {kBao, CourseKind::kAwareness, D("2025-11-20"), std::nullopt},         // last year
        {kMai, CourseKind::kAwareness, D("2026-12-20"), std::nullopt},         // after the day
    };
    const auto c = CoverageOf({kLan, kBao, kMai, kTuan}, {}, attendance, D("2026-12-06"));
    EXPECT_EQ(c.officials, 4);
    EXPECT_EQ(c.trained_this_year, 1);
    EXPECT_EQ(c.TrainedPercent(), 25);
    // On New Year's Day the count starts over.
    EXPECT_EQ(CoverageOf({kLan}, {}, attendance, D("2027-01-01")).trained_this_year, 0);
    EXPECT_EQ(CoverageOf({}, {}, attendance, D("2026-12-06")).TrainedPercent(), 0);
}

TEST(TrainingCoverage, SpecialistsCountWithASpecialistCertificateValidOnTheDay) {
    const std::vector<Attendance> attendance = {
        {kBao, CourseKind::kSpecialist, D("2024-06-10"), D("2027-06-10")},   // valid
        {kTuan, CourseKind::kSpecialist, D("2023-05-02"), D("2026-05-02")},  // expired
        {kMai, CourseKind::kAwareness, D("2026-02-01"), D("2028-01-01")},    // not specialist
        {kTuan, CourseKind::kSpecialist, D("2026-11-30"), std::nullopt},     // no certificate
    };
    const auto c =
        CoverageOf({kBao, kTuan, kMai}, {kBao, kTuan, kMai, kBao}, attendance, D("2026-12-06"));
    EXPECT_EQ(c.specialists, 3);
    EXPECT_EQ(c.specialists_certified, 1);
    // The last valid day still counts; the day after does not.
    EXPECT_EQ(CoverageOf({}, {kBao}, attendance, D("2027-06-10")).specialists_certified, 1);
    EXPECT_EQ(CoverageOf({}, {kBao}, attendance, D("2027-06-11")).specialists_certified, 0);
}

TEST(TrainingRules, ACourseHasATopicDaysInOrderAndBoundedHours) {
    Course course;
    course.topic = "Kỹ năng phát hiện thư điện tử lừa đảo";
    course.from = D("2026-10-05");
    course.to = D("2026-10-06");
    EXPECT_TRUE(ValidateCourse(course).ok());
    course.to = D("2026-10-04");
    EXPECT_FALSE(ValidateCourse(course).ok());
    course.to = D("2026-10-06");
    course.hours = 0;
    EXPECT_FALSE(ValidateCourse(course).ok());
    course.hours = 16;
    course.topic.clear();
    EXPECT_FALSE(ValidateCourse(course).ok());
    EXPECT_EQ(ParseCourseKind(CourseKindCode(CourseKind::kDrillPreparation)),
              CourseKind::kDrillPreparation);
    EXPECT_FALSE(ParseCourseKind("seminar"));
}

}  // namespace
}  // namespace ungcuu::domain
