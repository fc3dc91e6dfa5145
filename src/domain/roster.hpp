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
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/calendar.hpp"
#include "domain/ids.hpp"

namespace ungcuu::domain {

using TeamMemberId = core::Id<struct TeamMemberTag>;

struct Shift {
    TeamMemberId member;
    std::optional<TeamMemberId> backup;
    core::TimePoint starts_at;
    core::TimePoint ends_at;  // exclusive: the next shift starts here
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

/// The two shifts exchange their members (their backups stay). kInvalidArgument for an index
/// out of range.
core::Result<std::vector<Shift>> SwapMembers(std::vector<Shift> shifts,
                                             std::size_t a,
                                             std::size_t b);

/// The shift covering `at` (the earliest starting one when several do); nullopt when none does.
std::optional<Shift> OnCallAt(const std::vector<Shift>& shifts, core::TimePoint at);

}  // namespace ungcuu::domain
