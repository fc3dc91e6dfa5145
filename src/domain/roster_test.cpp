#include "domain/roster.hpp"

#include <gtest/gtest.h>

namespace ungcuu::domain {
namespace {

core::Date D(const char* text) { return *core::ParseDate(text); }

core::TimePoint At(const char* day, int hour) {
    return core::StartOfLocalDay(D(day)) + std::chrono::hours(hour);
}

const TeamMemberId kAn{1}, kBinh{2}, kChi{3};
const std::map<std::int64_t, std::string> kNames = {
    {1, "Nguyễn Văn An"}, {2, "Trần Thị Bình"}, {3, "Lê Minh Chi"}};

std::string Messages(const core::Status& status) {
    std::string text = status.error().message_vi;
    for (const auto& detail : status.error().details) {
        text += " | " + detail.message_vi;
    }
    return text;
}

TEST(RosterTest, WeeklyRotationAcrossAMonthEnd) {
    // Mondays 26/01, 02/02, 09/02 2026; the first week runs over the end of January.
    const auto shifts = WeeklyRotation({kAn, kBinh, kChi}, D("2026-01-26"), 3, WorkingCalendar{});
    ASSERT_EQ(shifts.size(), 3u);
    EXPECT_EQ(shifts[0].starts_at, At("2026-01-26", 8));
    EXPECT_EQ(shifts[0].ends_at, At("2026-02-02", 8));
    EXPECT_EQ(shifts[1].member, kBinh);
    EXPECT_EQ(shifts[1].backup, kChi);
    EXPECT_EQ(shifts[2].backup, kAn);  // the turn wraps around
    // The night of 31/01 → 01/02 is An's, backed up by Bình.
    const auto night = OnCallAt(shifts, At("2026-01-31", 23) + std::chrono::minutes(59));
    ASSERT_TRUE(night);
    EXPECT_EQ(night->member, kAn);
    EXPECT_EQ(night->backup, kBinh);
    EXPECT_EQ(OnCallAt(shifts, At("2026-02-02", 8))->member, kBinh);  // handed over at 08:00
    EXPECT_FALSE(OnCallAt(shifts, At("2026-02-16", 8)));              // after the roster
    EXPECT_TRUE(CheckRoster(shifts, At("2026-01-26", 8), At("2026-02-16", 8), kNames).ok());
}

TEST(RosterTest, AHandoverOnAHolidayMovesToTheNextWorkingMorning) {
    // Tết 2026 (the calendar's holidays): Monday 16/02 to Friday 20/02. An's handover due on
    // 16/02 happens on Monday 23/02: An stays on call through the holiday, and Bình's and Chi's
    // turns follow, none lost.
    std::vector<CalendarDay> days;
    for (const char* day : {"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"}) {
        days.push_back({D(day), "Tết Nguyên đán", "Lunar New Year", false});
    }
    const WorkingCalendar tet(days);
    const auto shifts = WeeklyRotation({kAn, kBinh, kChi}, D("2026-02-09"), 3, tet);
    ASSERT_EQ(shifts.size(), 3u);
    EXPECT_EQ(shifts[0].member, kAn);
    EXPECT_EQ(shifts[0].ends_at, At("2026-02-23", 8));
    EXPECT_EQ(OnCallAt(shifts, At("2026-02-20", 3))->member, kAn);
    EXPECT_EQ(shifts[1].member, kBinh);
    EXPECT_EQ(shifts[1].starts_at, At("2026-02-23", 8));
    EXPECT_EQ(shifts[1].ends_at, At("2026-03-02", 8));
    EXPECT_EQ(shifts[2].member, kChi);
    EXPECT_EQ(shifts[2].ends_at, At("2026-03-09", 8));
    EXPECT_TRUE(CheckRoster(shifts, shifts.front().starts_at, shifts.back().ends_at, kNames).ok());
    // A handover whose day falls on a Sunday also waits for Monday.
    const auto sunday = WeeklyRotation({kAn, kBinh}, D("2026-03-01"), 1, WorkingCalendar{});
    EXPECT_EQ(sunday.at(0).starts_at, At("2026-03-02", 8));
}

TEST(RosterTest, AGapIsRefusedWithItsTimes) {
    auto shifts = WeeklyRotation({kAn, kBinh, kChi}, D("2026-01-26"), 3, WorkingCalendar{});
    shifts.erase(shifts.begin() + 1);
    const auto status = CheckRoster(shifts, At("2026-01-26", 8), At("2026-02-16", 8), kNames);
    ASSERT_FALSE(status.ok());
    const auto text = Messages(status);
    EXPECT_NE(text.find("không có ai trực từ 08:00 ngày 02/02/2026 đến 08:00 ngày 09/02/2026"),
              std::string::npos)
        << text;
    // A roster that stops before the span ends leaves a gap at its end.
    EXPECT_NE(Messages(CheckRoster(shifts, At("2026-01-26", 8), At("2026-03-01", 8), kNames))
                  .find("đến 08:00 ngày 01/03/2026"),
              std::string::npos);
}

TEST(RosterTest, OnePersonOnTwoOverlappingShiftsIsRefused) {
    auto shifts = WeeklyRotation({kAn, kBinh, kChi}, D("2026-01-26"), 3, WorkingCalendar{});
    // Chi, not on call that week, adds a night over An's week: a double cover is allowed. An
    // taking a night inside An's own week is a clash.
    shifts.push_back({kChi, std::nullopt, At("2026-01-28", 18), At("2026-01-29", 8)});
    EXPECT_TRUE(CheckRoster(shifts, At("2026-01-26", 8), At("2026-02-16", 8), kNames).ok());
    shifts.push_back({kAn, std::nullopt, At("2026-01-30", 18), At("2026-01-31", 8)});
    const auto status = CheckRoster(shifts, At("2026-01-26", 8), At("2026-02-16", 8), kNames);
    ASSERT_FALSE(status.ok());
    EXPECT_NE(Messages(status).find("Nguyễn Văn An trực hai ca chồng nhau"), std::string::npos)
        << Messages(status);
    // A backup is a person on call too; nobody backs up themselves.
    std::vector<Shift> self{{kAn, kAn, At("2026-01-26", 8), At("2026-02-02", 8)}};
    EXPECT_NE(Messages(CheckRoster(self, At("2026-01-26", 8), At("2026-02-02", 8), kNames))
                  .find("không thể dự phòng cho chính mình"),
              std::string::npos);
    std::vector<Shift> empty{{kAn, std::nullopt, At("2026-01-26", 8), At("2026-01-26", 8)}};
    EXPECT_FALSE(CheckRoster(empty, At("2026-01-26", 8), At("2026-01-26", 9), kNames).ok());
}

TEST(RosterTest, SwapsAcrossAMonthEndAreCheckedAgain) {
    const auto shifts = WeeklyRotation({kAn, kBinh, kChi}, D("2026-01-26"), 3, WorkingCalendar{});
    // An and Bình swap the week over the month end with the next one.
    auto swapped = SwapMembers(shifts, 0, 1);
    ASSERT_TRUE(swapped.ok());
    EXPECT_EQ(OnCallAt(*swapped, At("2026-02-01", 2))->member, kBinh);
    EXPECT_EQ(OnCallAt(*swapped, At("2026-02-03", 2))->member, kAn);
    // Bình backed up An in week 0 and now is on call there, An backing up: nobody backs up
    // themselves; Chi still backs up week 1 and is on call in week 2. The roster holds.
    EXPECT_EQ((*swapped)[0].backup, kAn);
    EXPECT_EQ((*swapped)[1].backup, kChi);
    EXPECT_TRUE(CheckRoster(*swapped, At("2026-01-26", 8), At("2026-02-16", 8), kNames).ok());
    // Weeks 0 and 2 (An ↔ Chi): week 2, backed up by An, is now backed up by Chi.
    const auto far = *SwapMembers(shifts, 0, 2);
    EXPECT_EQ(far[0].member, kChi);
    EXPECT_EQ(far[0].backup, kBinh);
    EXPECT_EQ(far[2].member, kAn);
    EXPECT_EQ(far[2].backup, kChi);
    EXPECT_TRUE(CheckRoster(far, At("2026-01-26", 8), At("2026-02-16", 8), kNames).ok());
    EXPECT_FALSE(SwapMembers(shifts, 0, 7).ok());
}

TEST(OffHours, NightsWeekendsAndHolidaysCallTheMemberOnCall) {
    WorkingCalendar tet({{D("2026-02-16"), "Tết", "Tet", false}});
    // A Tuesday morning at the desk, the same evening after 17:00, a Saturday noon, Tết's noon.
    EXPECT_FALSE(IsOffHours(tet, At("2026-01-27", 10)));
    EXPECT_FALSE(IsOffHours(tet, At("2026-01-27", 8)));
    EXPECT_TRUE(IsOffHours(tet, At("2026-01-27", 7)));
    EXPECT_TRUE(IsOffHours(tet, At("2026-01-27", 17)));
    EXPECT_TRUE(IsOffHours(tet, At("2026-01-31", 12)));
    EXPECT_TRUE(IsOffHours(tet, At("2026-02-16", 12)));
}

TEST(RosterTest, CoverEndsAtTheFirstGap) {
    auto shifts = WeeklyRotation({kAn, kBinh, kChi}, D("2026-01-26"), 3, WorkingCalendar{});
    EXPECT_FALSE(CoveredUntil(shifts, At("2026-01-26", 7)));
    EXPECT_EQ(CoveredUntil(shifts, At("2026-01-27", 12)), At("2026-02-16", 8));
    // A hole in the second week: cover ends where it opens.
    shifts[1].starts_at = At("2026-02-03", 8);
    EXPECT_EQ(CoveredUntil(shifts, At("2026-01-27", 12)), At("2026-02-02", 8));
    EXPECT_FALSE(CoveredUntil(shifts, At("2026-02-16", 8)));
}

TEST(RosterTest, ClashesIgnoreHolesButNotDoubleBookings) {
    auto shifts = WeeklyRotation({kAn, kBinh, kChi}, D("2026-01-26"), 3, WorkingCalendar{});
    shifts[1].starts_at = At("2026-02-03", 8);  // a hole: not a clash
    EXPECT_TRUE(CheckClashes(shifts, kNames).ok());
    EXPECT_FALSE(CheckRoster(shifts, shifts[0].starts_at, shifts[2].ends_at, kNames).ok());
    // Week 1 running into week 2 puts Chi (backup, then on call) on two shifts at once.
    shifts[1].ends_at = At("2026-02-10", 8);
    const auto clash = CheckClashes(shifts, kNames);
    ASSERT_FALSE(clash.ok());
    EXPECT_NE(Messages(clash).find("Lê Minh Chi trực hai ca chồng nhau"), std::string::npos)
        << Messages(clash);
}

TEST(TeamRules, ContractorsNameTheirOrganisationAndTheAckTimeIsBounded) {
    TeamMember member;
    member.role = TeamRole::kContractor;
    EXPECT_FALSE(ValidateTeamMember(member).ok());
    member.organisation = "Công ty An ninh mạng ABC";
    EXPECT_TRUE(ValidateTeamMember(member).ok());
    Team team;
    team.name = "Đội ứng cứu sự cố tỉnh";
    EXPECT_TRUE(ValidateTeam(team).ok());
    team.ack_minutes = 0;
    EXPECT_FALSE(ValidateTeam(team).ok());
    EXPECT_EQ(ParseTeamRole(TeamRoleCode(TeamRole::kExpert)), TeamRole::kExpert);
    EXPECT_FALSE(ParseTeamRole("boss"));
}

}  // namespace
}  // namespace ungcuu::domain
