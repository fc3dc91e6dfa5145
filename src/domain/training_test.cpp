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

TEST(TrainingRules, AnAttendeesCertificateRunsAtLeastToTheCoursesLastDay) {
    Course course;
    course.from = D("2026-10-05");
    course.to = D("2026-10-09");
    CourseAttendee a;
    EXPECT_TRUE(ValidateAttendee(a, course).ok());
    a.certificate_until = D("2029-10-09");
    EXPECT_FALSE(ValidateAttendee(a, course).ok());  // a validity without a certificate
    a.certificate = "Chứng chỉ ATTT cơ bản";
    EXPECT_TRUE(ValidateAttendee(a, course).ok());
    a.certificate_until = D("2026-10-08");
    EXPECT_FALSE(ValidateAttendee(a, course).ok());
}

TEST(PracticeDuties, DefaultsFollowTheUnitsKind) {
    const auto commune = DefaultTargets(UnitId{1}, UnitKind::kCommune, 2026);
    EXPECT_EQ(commune.audiences, (std::vector<Audience>{Audience::kOfficials, Audience::kPupils,
                                                        Audience::kCitizens}));
    EXPECT_EQ(commune.trained_percent, 100);
    EXPECT_EQ(DefaultTargets(UnitId{1}, UnitKind::kDepartment, 2026).audiences,
              std::vector<Audience>{Audience::kOfficials});
    EXPECT_EQ(DefaultTargets(UnitId{1}, UnitKind::kProvince, 2026).audiences.size(), 2u);
}

const PracticeDuty& DutyOf(const std::vector<PracticeDuty>& duties, std::string_view code) {
    for (const auto& d : duties) {
        if (d.code == code) {
            return d;
        }
    }
    ADD_FAILURE() << "no duty " << code;
    return duties.front();
}

TEST(PracticeDuties, DueDuringTheYearMissedAfterItMetWhenDone) {
    auto targets = DefaultTargets(UnitId{1}, UnitKind::kCommune, 2026);
    targets.trained_percent = 80;
    Coverage coverage;
    coverage.officials = 10;
    coverage.trained_this_year = 7;
    const std::vector<Audience> reached = {Audience::kCitizens};
    auto duties = EvaluateDuties(targets, coverage, reached, D("2026-12-06"));
    ASSERT_EQ(duties.size(), 5u);  // training, three audiences, budget
    EXPECT_EQ(DutyOf(duties, "training").status, DutyStatus::kDue);
    EXPECT_NE(DutyOf(duties, "training").detail_vi.find("7/10"), std::string::npos);
    EXPECT_NE(DutyOf(duties, "training").detail_vi.find("31/12/2026"), std::string::npos);
    EXPECT_EQ(DutyOf(duties, "awareness.citizens").status, DutyStatus::kMet);
    EXPECT_EQ(DutyOf(duties, "awareness.pupils").status, DutyStatus::kDue);
    EXPECT_EQ(DutyOf(duties, "budget").status, DutyStatus::kNotDeclared);
    // After New Year the same figures are missed; at the target the training duty is met.
    duties = EvaluateDuties(targets, coverage, reached, D("2027-01-01"));
    EXPECT_EQ(DutyOf(duties, "training").status, DutyStatus::kMissed);
    EXPECT_EQ(DutyOf(duties, "awareness.officials").status, DutyStatus::kMissed);
    coverage.trained_this_year = 8;
    EXPECT_EQ(
        DutyOf(EvaluateDuties(targets, coverage, reached, D("2027-01-01")), "training").status,
        DutyStatus::kMet);
    // A unit with nobody in the register has not said whom to train: neither met nor due.
    EXPECT_EQ(
        DutyOf(EvaluateDuties(targets, Coverage{}, reached, D("2026-06-01")), "training").status,
        DutyStatus::kNotDeclared);
}

TEST(PracticeDuties, TheSecurityBudgetIsAtLeastTenPercentOfTheItBudget) {
    auto targets = DefaultTargets(UnitId{1}, UnitKind::kDistrict, 2026);
    targets.it_budget = 2'000'000'000;
    targets.security_budget = 199'999'999;  // 9.99…%: not yet
    auto duty = DutyOf(EvaluateDuties(targets, Coverage{}, {}, D("2026-12-06")), "budget");
    EXPECT_EQ(duty.status, DutyStatus::kDue);
    EXPECT_NE(duty.detail_vi.find("9%"), std::string::npos);
    targets.security_budget = 200'000'000;
    EXPECT_EQ(DutyOf(EvaluateDuties(targets, Coverage{}, {}, D("2026-12-06")), "budget").status,
              DutyStatus::kMet);
    EXPECT_TRUE(ValidateTargets(targets).ok());
    targets.security_budget = 3'000'000'000;
    EXPECT_FALSE(ValidateTargets(targets).ok());  // more than the IT budget
    targets.security_budget = 1;
    targets.audiences.push_back(Audience::kOfficials);  // twice
    EXPECT_FALSE(ValidateTargets(targets).ok());
    targets.audiences.pop_back();
    targets.trained_percent = 101;
    EXPECT_FALSE(ValidateTargets(targets).ok());
}

TEST(AwarenessRules, ACampaignHasATitleAKnownChannelAndABoundedReach) {
    Campaign c;
    c.title = "Tuyên truyền nhận diện lừa đảo trực tuyến trên đài truyền thanh xã";
    c.channel = "radio";
    c.audience = Audience::kCitizens;
    c.reach = 4200;
    EXPECT_TRUE(ValidateCampaign(c).ok());
    c.channel = "billboard";
    EXPECT_FALSE(ValidateCampaign(c).ok());
    c.channel = "radio";
    c.reach = -1;
    EXPECT_FALSE(ValidateCampaign(c).ok());
    c.reach = 1;
    c.cost = -5;
    EXPECT_FALSE(ValidateCampaign(c).ok());
    EXPECT_EQ(ParseAudience(AudienceCode(Audience::kPupils)), Audience::kPupils);
    EXPECT_FALSE(ParseAudience("students"));
}

}  // namespace
}  // namespace ungcuu::domain
