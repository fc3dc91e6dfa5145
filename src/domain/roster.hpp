// The response team's on-call roster (issue 22's first part, pure rules): shifts of one member on
// call with an optional backup; a weekly rotation whose handovers happen on a working morning (a
// handover that falls on a holiday or a weekend moves to the next working day, the member on call
// staying on, and no turn is lost); the check that refuses a roster with a gap or with one person
// on two overlapping shifts, naming the times; swaps; who is on call at an instant. Pure,
// thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/calendar.hpp"
#include "domain/ids.hpp"

namespace ungcuu::domain {

using TeamId = core::Id<struct TeamTag>;
using TeamMemberId = core::Id<struct TeamMemberTag>;

/// A member's part in the team (TT 20/2017 Điều 8: the team's members and the experts and
/// contractors it can call on).
enum class TeamRole { kLeader, kDeputy, kMember, kExpert, kContractor };
inline constexpr std::string_view kTeamRoles[] = {"leader", "deputy", "member", "expert",
                                                  "contractor"};
std::string_view TeamRoleCode(TeamRole role);
std::optional<TeamRole> ParseTeamRole(std::string_view code);

/// A unit's response team (the provincial team, a SOC, a district's group): at most one per
/// unit. `ack_minutes`: how long the member on call has to take a night incident before the
/// backup is called.
struct Team {
    TeamId id;
    UnitId unit_id;
    std::string unit_name;  // loaded
    std::string unit_path;  // loaded
    std::string name;
    std::string duties;
    int ack_minutes = 15;
    core::TimePoint created_at;
};

/// A person of the people register in a team. External experts and contractors are people
/// too, with the organisation they come from.
struct TeamMember {
    TeamMemberId id;
    TeamId team_id;
    PersonId person_id;
    TeamRole role = TeamRole::kMember;
    std::string skills;
    std::string certificates;
    std::optional<core::Date> certificate_until;  // when the certificates run out
    std::string organisation;                     // an outside expert's or contractor's
    bool on_call = true;                          // takes turns on call
    bool active = true;
    // Loaded from the people register:
    std::string name;
    std::string position;
    std::string mobile_phone;
    std::string office_phone;
    std::string email;
    std::string person_unit_name;
};

/// Lengths and ranges of the team's own fields (ack_minutes 1–240).
core::Status ValidateTeam(const Team& team);
core::Status ValidateTeamMember(const TeamMember& member);

/// True outside office hours: a day that is not a working day, or before the handover hour
/// (08:00) or from 17:00 on a working day — when nobody is at the desk and the member on call
/// is called.
bool IsOffHours(const WorkingCalendar& calendar, core::TimePoint at);

struct Shift {
    TeamMemberId member;
    std::optional<TeamMemberId> backup;
    core::TimePoint starts_at;
    core::TimePoint ends_at;  // exclusive: the next shift starts here
    std::int64_t id = 0;      // set by storage
};

/// The local hour shifts are handed over at (08:00, the start of the working day).
inline constexpr int kHandoverHour = 8;

/// `weeks` weekly shifts from the first working morning on or after `first_day`, the members in
/// turn, each backed up by the next; each handover is a week after the last one, moved to the next
/// working morning when that day is not a working day (the turn on call lengthens; none is lost).
std::vector<Shift> WeeklyRotation(const std::vector<TeamMemberId>& members,
                                  core::Date first_day,
                                  int weeks,
                                  const WorkingCalendar& calendar);

/// Ok when the shifts cover [from, to) without a gap, no shift is empty or backed up by its own
/// member, and nobody is on two shifts that overlap (as member or backup); otherwise
/// kInvalidArgument naming every gap and clash with its local times (`names` gives the people's
/// names; an id without one is shown as its number).
core::Status CheckRoster(const std::vector<Shift>& shifts,
                         core::TimePoint from,
                         core::TimePoint to,
                         const std::map<std::int64_t, std::string>& names);

/// CheckRoster without the cover: empty shifts, self-backups and double bookings only (a swap,
/// which moves nobody's times, is checked with it).
core::Status CheckClashes(const std::vector<Shift>& shifts,
                          const std::map<std::int64_t, std::string>& names);

/// The members of the two shifts exchange their places in both — on call and as backup — so a
/// member who backed up the other becomes the backup of the week they leave. kInvalidArgument
/// for an index out of range.
core::Result<std::vector<Shift>> SwapMembers(std::vector<Shift> shifts,
                                             std::size_t a,
                                             std::size_t b);

/// The end of the unbroken cover starting at `from`: nullopt when no shift covers `from`.
std::optional<core::TimePoint> CoveredUntil(const std::vector<Shift>& shifts, core::TimePoint from);

/// The shift covering `at` (the earliest starting one when several do); nullopt when none does.
std::optional<Shift> OnCallAt(const std::vector<Shift>& shifts, core::TimePoint at);

}  // namespace ungcuu::domain
