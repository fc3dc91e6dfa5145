// Who is on call for a unit at an instant: the shift of the nearest response team at or above
// the unit whose roster covers that instant (a district's group before the provincial team), with
// the member and the backup from the people register. Shared by the team pages, the incident
// page, the reminders and the night call of OutboxService.
#pragma once

#include <optional>

#include "app/ports.hpp"

namespace ungcuu::app {

struct OnCall {
    domain::Team team;
    domain::Shift shift;
    domain::TeamMember member;
    std::optional<domain::TeamMember> backup;
};

/// The member on call for `unit_path` at `at`; nullopt when no team above it has a shift then.
inline core::Result<std::optional<OnCall>> OnCallFor(Repositories& repos,
                                                     std::string_view unit_path,
                                                     core::TimePoint at) {
    const auto ids = domain::PathIds(unit_path);
    for (std::size_t i = ids.size(); i-- > 0;) {  // from the unit up
        UNGCUU_ASSIGN_OR_RETURN(team, repos.teams.ForUnit(ids[i]));
        if (!team) {
            continue;
        }
        UNGCUU_ASSIGN_OR_RETURN(
            shifts, repos.teams.Shifts(team->id, at, at + std::chrono::milliseconds(1)));
        const auto shift = domain::OnCallAt(shifts, at);
        if (!shift) {
            continue;
        }
        UNGCUU_ASSIGN_OR_RETURN(member, repos.teams.GetMember(shift->member));
        OnCall found{*team, *shift, std::move(member), std::nullopt};
        if (shift->backup) {
            UNGCUU_ASSIGN_OR_RETURN(backup, repos.teams.GetMember(*shift->backup));
            found.backup = std::move(backup);
        }
        return std::optional<OnCall>(std::move(found));
    }
    return std::optional<OnCall>();
}

/// "Nguyễn Văn An (0905 123 456)": how a reminder or a page names the person to call.
inline std::string CallLine(const domain::TeamMember& member) {
    const auto& phone = member.mobile_phone.empty() ? member.office_phone : member.mobile_phone;
    return phone.empty() ? member.name : member.name + " (" + phone + ")";
}

}  // namespace ungcuu::app
