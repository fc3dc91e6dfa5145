#include "domain/roster.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

core::TimePoint Handover(core::Date day) {
    return core::StartOfLocalDay(day) + std::chrono::hours(kHandoverHour);
}

std::string NameOf(const std::map<std::int64_t, std::string>& names, TeamMemberId id) {
    const auto found = names.find(id.value());
    return found != names.end() ? found->second : fmt::format("#{}", id.value());
}

bool Holds(const Shift& shift, TeamMemberId person) {
    return shift.member.value() == person.value() ||
           (shift.backup && shift.backup->value() == person.value());
}

}  // namespace

std::string_view TeamRoleCode(TeamRole role) { return kTeamRoles[static_cast<int>(role)]; }

std::optional<TeamRole> ParseTeamRole(std::string_view code) {
    for (std::size_t i = 0; i < std::size(kTeamRoles); ++i) {
        if (kTeamRoles[i] == code) {
            return static_cast<TeamRole>(i);
        }
    }
    return std::nullopt;
}

core::Status ValidateTeam(const Team& team) {
    FieldErrors errors;
    CheckText(errors, "name", team.name, Required::kYes, 300);
    CheckText(errors, "duties", team.duties, Required::kNo, 4000);
    if (team.ack_minutes < 1 || team.ack_minutes > 240) {
        errors.Add("ack_minutes", "thời gian chờ xác nhận là 1–240 phút",
                   "the acknowledgement time is 1–240 minutes");
    }
    return errors.ToStatus();
}

core::Status ValidateTeamMember(const TeamMember& member) {
    FieldErrors errors;
    CheckText(errors, "skills", member.skills, Required::kNo, 1000);
    CheckText(errors, "certificates", member.certificates, Required::kNo, 1000);
    CheckText(errors, "organisation", member.organisation,
              member.role == TeamRole::kContractor ? Required::kYes : Required::kNo, 300);
    return errors.ToStatus();
}

bool IsOffHours(const WorkingCalendar& calendar, core::TimePoint at) {
    const auto day = core::LocalDate(at);
    if (!calendar.IsWorkingDay(day)) {
        return true;
    }
    const auto since_midnight = at - core::StartOfLocalDay(day);
    return since_midnight < std::chrono::hours(kHandoverHour) ||
           since_midnight >= std::chrono::hours(17);
}

std::vector<Shift> WeeklyRotation(const std::vector<TeamMemberId>& members,
                                  core::Date first_day,
                                  int weeks,
                                  const WorkingCalendar& calendar) {
    std::vector<Shift> shifts;
    if (members.empty() || weeks <= 0) {
        return shifts;
    }
    // Each turn is handed over a week after the last handover, on the next working morning: a
    // holiday lengthens the turn of whoever is on call, and no turn is lost.
    auto starts = Handover(calendar.NextWorkingDayFrom(first_day));
    for (int week = 0; week < weeks; ++week) {
        Shift shift;
        const auto turn = static_cast<std::size_t>(week) % members.size();
        shift.member = members[turn];
        if (members.size() > 1) {
            shift.backup = members[(turn + 1) % members.size()];
        }
        shift.starts_at = starts;
        shift.ends_at =
            Handover(calendar.NextWorkingDayFrom(core::LocalDate(starts) + std::chrono::days(7)));
        starts = shift.ends_at;
        shifts.push_back(shift);
    }
    return shifts;
}

namespace {

// Empty shifts, self-backups and one person on two overlapping shifts; `shifts` sorted by start.
void AddClashes(FieldErrors& errors,
                const std::vector<Shift>& shifts,
                const std::map<std::int64_t, std::string>& names) {
    for (const auto& s : shifts) {
        if (s.ends_at <= s.starts_at) {
            errors.Add(
                "shifts",
                fmt::format("ca của {} bắt đầu {} không kết thúc sau khi bắt đầu",
                            NameOf(names, s.member), core::FormatLocalDateTime(s.starts_at)),
                fmt::format("the shift of {} starting {} does not end after it starts",
                            NameOf(names, s.member), core::FormatLocalDateTime(s.starts_at)));
        }
        if (s.backup && s.backup->value() == s.member.value()) {
            errors.Add(
                "shifts",
                fmt::format("ca bắt đầu {}: {} không thể dự phòng cho chính mình",
                            core::FormatLocalDateTime(s.starts_at), NameOf(names, s.member)),
                fmt::format("shift starting {}: {} cannot back up themselves",
                            core::FormatLocalDateTime(s.starts_at), NameOf(names, s.member)));
        }
    }
    // One person on two shifts at once.
    for (std::size_t i = 0; i < shifts.size(); ++i) {
        for (std::size_t j = i + 1; j < shifts.size() && shifts[j].starts_at < shifts[i].ends_at;
             ++j) {
            for (const auto person :
                 {std::optional<TeamMemberId>(shifts[i].member), shifts[i].backup}) {
                if (person && Holds(shifts[j], *person)) {
                    errors.Add("shifts",
                               fmt::format("{} trực hai ca chồng nhau: từ {} và từ {}",
                                           NameOf(names, *person),
                                           core::FormatLocalDateTime(shifts[i].starts_at),
                                           core::FormatLocalDateTime(shifts[j].starts_at)),
                               fmt::format("{} is on two overlapping shifts: from {} and from {}",
                                           NameOf(names, *person),
                                           core::FormatLocalDateTime(shifts[i].starts_at),
                                           core::FormatLocalDateTime(shifts[j].starts_at)));
                }
            }
        }
    }
}

std::vector<Shift> ByStart(std::vector<Shift> shifts) {
    std::sort(shifts.begin(), shifts.end(),
              [](const Shift& a, const Shift& b) { return a.starts_at < b.starts_at; });
    return shifts;
}

}  // namespace

core::Status CheckRoster(const std::vector<Shift>& input,
                         core::TimePoint from,
                         core::TimePoint to,
                         const std::map<std::int64_t, std::string>& names) {
    FieldErrors errors;
    const auto shifts = ByStart(input);
    AddClashes(errors, shifts, names);
    // Coverage: walk the shifts in order of their start.
    auto covered_until = from;
    for (const auto& s : shifts) {
        if (s.ends_at <= from || s.starts_at >= to) {
            continue;
        }
        if (s.starts_at > covered_until) {
            errors.Add("shifts",
                       fmt::format("không có ai trực từ {} đến {}",
                                   core::FormatLocalDateTime(covered_until),
                                   core::FormatLocalDateTime(s.starts_at)),
                       fmt::format("nobody is on call from {} to {}",
                                   core::FormatLocalDateTime(covered_until),
                                   core::FormatLocalDateTime(s.starts_at)));
        }
        covered_until = std::max(covered_until, s.ends_at);
    }
    if (covered_until < to) {
        errors.Add(
            "shifts",
            fmt::format("không có ai trực từ {} đến {}", core::FormatLocalDateTime(covered_until),
                        core::FormatLocalDateTime(to)),
            fmt::format("nobody is on call from {} to {}", core::FormatLocalDateTime(covered_until),
                        core::FormatLocalDateTime(to)));
    }
    return errors.ToStatus();
}

core::Status CheckClashes(const std::vector<Shift>& shifts,
                          const std::map<std::int64_t, std::string>& names) {
    FieldErrors errors;
    AddClashes(errors, ByStart(shifts), names);
    return errors.ToStatus();
}

core::Result<std::vector<Shift>> SwapMembers(std::vector<Shift> shifts,
                                             std::size_t a,
                                             std::size_t b) {
    if (a >= shifts.size() || b >= shifts.size()) {
        return core::InvalidArgument("Không có ca trực này.", "No such shift.");
    }
    // The two people exchange their places in both shifts, as member and as backup: whoever
    // backed up the other keeps backing up the same week's member.
    const auto x = shifts[a].member;
    const auto y = shifts[b].member;
    const auto flip = [&](TeamMemberId id) { return id == x ? y : id == y ? x : id; };
    for (const auto index : {a, b}) {
        auto& shift = shifts[index];
        shift.member = flip(shift.member);
        if (shift.backup) {
            shift.backup = flip(*shift.backup);
        }
    }
    return shifts;
}

std::optional<core::TimePoint> CoveredUntil(const std::vector<Shift>& input, core::TimePoint from) {
    const auto shifts = ByStart(input);
    std::optional<core::TimePoint> until;
    for (const auto& s : shifts) {
        const auto reached = until.value_or(from);
        if (s.starts_at > reached) {
            break;
        }
        if (s.ends_at > reached) {
            until = s.ends_at;
        }
    }
    return until;
}

std::optional<Shift> OnCallAt(const std::vector<Shift>& shifts, core::TimePoint at) {
    std::optional<Shift> found;
    for (const auto& s : shifts) {
        if (s.starts_at <= at && at < s.ends_at && (!found || s.starts_at < found->starts_at)) {
            found = s;
        }
    }
    return found;
}

}  // namespace ungcuu::domain
