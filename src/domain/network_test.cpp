// The network member's duties as the texts set them (TT 20/2017): the 24-hour notice of a
// changed đầu mối (Điều 6.1.b), the yearly profile (Điều 5.3), the staff annex of Mẫu 01/02
// (Phụ lục I) and the coordination orders' tasks (Điều 8, Mẫu 06 — fields modelled).
#include "domain/network.hpp"

#include <gtest/gtest.h>

namespace ungcuu::domain {
namespace {

core::TimePoint At(const char* text) { return *core::ParseRfc3339(text); }

TEST(ContactClock, DueTwentyFourHoursAfterTheEarliestChangeNotNotified) {  // Điều 6.1.b
    const auto clock = ContactClockOf(
        {ContactChange{2, UnitId{1}, ContactRole::kBackup, "B", At("2026-12-02T09:00:00+07:00")},
         ContactChange{1, UnitId{1}, ContactRole::kPrimary, "A", At("2026-12-01T15:30:00+07:00")}},
        At("2026-12-02T15:00:00+07:00"));
    ASSERT_TRUE(clock.due_at);
    EXPECT_EQ(*clock.due_at, At("2026-12-02T15:30:00+07:00"));
    EXPECT_EQ(clock.state, DutyState::kDue);
    EXPECT_EQ(clock.pending.front().person_name, "A");
    EXPECT_EQ(ContactClockOf(clock.pending, At("2026-12-02T15:30:01+07:00")).state,
              DutyState::kOverdue);
    const auto none = ContactClockOf({}, At("2026-12-02T15:00:00+07:00"));
    EXPECT_EQ(none.state, DutyState::kOk);
    EXPECT_FALSE(none.due_at);
}

TEST(MemberProfile, RefreshedTwelveMonthsAfterItWasFiled) {  // Điều 5.3
    MemberProfile profile;
    EXPECT_FALSE(ProfileDueOn(profile)) << "never filed: due now";
    profile.submitted_on = core::ParseDate("2026-02-28");
    EXPECT_EQ(ProfileDueOn(profile), core::ParseDate("2027-02-28"));
    profile.submitted_on = core::ParseDate("2028-02-29");
    EXPECT_EQ(ProfileDueOn(profile), core::ParseDate("2029-02-28"));
}

TEST(StaffAnnex, CountsActiveStaffByFieldDegreeCertificateAndExpertGroup) {  // Phụ lục I
    const auto person = [](std::string field, std::string degree, std::string scope,
                           std::string group, bool active = true) {
        Person p;
        p.full_name = "x";
        p.active = active;
        p.qualification.training_field = std::move(field);
        p.qualification.degree = std::move(degree);
        p.qualification.certificates = scope.empty() ? "" : "CEH";
        p.qualification.certificate_scope = std::move(scope);
        p.qualification.expert_group = std::move(group);
        return p;
    };
    const auto figures = CountStaff({person("attt", "university", "international", "defence"),
                                     person("cntt", "postgraduate", "domestic", ""),
                                     person("", "university", "", ""),  // not technical staff
                                     person("attt", "college", "", "testing", false)});
    EXPECT_EQ(figures.total, 2);
    EXPECT_EQ(figures.by_field[0], 1);  // CNTT
    EXPECT_EQ(figures.by_field[1], 1);  // ATTT
    EXPECT_EQ(figures.by_degree[0], 1);
    EXPECT_EQ(figures.by_degree[1], 1);
    EXPECT_EQ(figures.international_certificates, 1);
    EXPECT_EQ(figures.domestic_certificates, 1);
    EXPECT_EQ(figures.by_expert_group[1], 1);
    EXPECT_EQ(figures.by_expert_group[3], 0) << "an inactive person is not counted";
}

TEST(StaffAnnex, QualificationCodesAndGraduationMonthAreChecked) {
    Person p;
    p.full_name = "Lê Văn Bình";
    p.email = "binh@example.vn";
    p.qualification.graduated = "06/2015";
    p.qualification.degree = "university";
    EXPECT_TRUE(ValidatePerson(p).ok());
    for (const char* bad : {"6/2015", "13/2015", "06-2015", "ab/cdef"}) {
        p.qualification.graduated = bad;
        EXPECT_FALSE(ValidatePerson(p).ok()) << bad;
    }
    p.qualification.graduated.clear();
    p.qualification.expert_group = "hacker";
    EXPECT_FALSE(ValidatePerson(p).ok());
}

TEST(CoordinationOrder, TasksAreAnsweredOnceWithEvidenceAndRolledUp) {  // Điều 8, Mẫu 06
    CoordinationOrder order;
    order.issuer = "Cơ quan điều phối quốc gia";
    order.number = "125/LĐP";
    order.subject = "Vá lỗ hổng";
    order.actions = "Cập nhật bản vá";
    order.issued_on = *core::ParseDate("2026-12-01");
    order.deadline = At("2026-12-03T17:00:00+07:00");
    EXPECT_TRUE(ValidateOrder(order, 3).ok());
    EXPECT_FALSE(ValidateOrder(order, 0).ok()) << "no addressee";
    order.deadline = At("2026-11-30T17:00:00+07:00");
    EXPECT_FALSE(ValidateOrder(order, 1).ok()) << "deadline before the order";

    OrderTask open;
    open.due_at = At("2026-12-03T17:00:00+07:00");
    EXPECT_TRUE(CheckAnswer(open, TaskState::kDone, "Đã vá").ok());
    EXPECT_FALSE(CheckAnswer(open, TaskState::kDone, "").ok()) << "evidence is required";
    EXPECT_FALSE(CheckAnswer(open, TaskState::kOpen, "x").ok());
    OrderTask done = open;
    done.state = TaskState::kDone;
    EXPECT_EQ(CheckAnswer(done, TaskState::kNotApplicable, "x").error().code,
              core::ErrorCode::kConflict);
    OrderTask not_applicable = open;
    not_applicable.state = TaskState::kNotApplicable;
    const auto up = RollUp({open, done, not_applicable}, At("2026-12-03T17:00:01+07:00"));
    EXPECT_EQ(up.total, 3);
    EXPECT_EQ(up.done, 1);
    EXPECT_EQ(up.not_applicable, 1);
    EXPECT_EQ(up.open, 1);
    EXPECT_EQ(up.overdue, 1);
    EXPECT_EQ(RollUp({open}, At("2026-12-03T17:00:00+07:00")).overdue, 0) << "due at, not late";
}

}  // namespace
}  // namespace ungcuu::domain
