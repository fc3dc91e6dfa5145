#include "app/organisation/team_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/audit_writer.hpp"
#include "app/unit_access.hpp"
#include "domain/validation.hpp"

namespace ungcuu::app {

namespace {

using Members = std::vector<domain::TeamMember>;

constexpr auto kDay = std::chrono::hours(24);

std::map<std::int64_t, std::string> NamesOf(const Members& members) {
    std::map<std::int64_t, std::string> names;
    for (const auto& m : members) {
        names[m.id.value()] = m.name;
    }
    return names;
}

const domain::TeamMember* Find(const Members& members, domain::TeamMemberId id) {
    const auto found = std::find_if(members.begin(), members.end(),
                                    [&](const domain::TeamMember& m) { return m.id == id; });
    return found == members.end() ? nullptr : &*found;
}

/// Every member and backup of the shifts is an active member of the team, members taking
/// turns on call.
core::Status CheckHolders(const std::vector<domain::Shift>& shifts, const Members& members) {
    domain::FieldErrors errors;
    for (const auto& s : shifts) {
        const auto* member = Find(members, s.member);
        if (member == nullptr || !member->active || !member->on_call) {
            errors.Add("shifts",
                       fmt::format("ca bắt đầu {}: người trực phải là thành viên đang hoạt động "
                                   "của đội và tham gia trực",
                                   core::FormatLocalDateTime(s.starts_at)),
                       fmt::format("shift starting {}: the member on call must be an active "
                                   "member of the team who takes turns on call",
                                   core::FormatLocalDateTime(s.starts_at)));
        }
        if (s.backup) {
            const auto* backup = Find(members, *s.backup);
            if (backup == nullptr || !backup->active) {
                errors.Add("shifts",
                           fmt::format("ca bắt đầu {}: người dự phòng phải là thành viên đang "
                                       "hoạt động của đội",
                                       core::FormatLocalDateTime(s.starts_at)),
                           fmt::format("shift starting {}: the backup must be an active member "
                                       "of the team",
                                       core::FormatLocalDateTime(s.starts_at)));
            }
        }
    }
    return errors.ToStatus();
}

/// A roster is set from the current week on (a week that has begun may still be planned);
/// what lies before is history.
core::Status NotInThePast(core::TimePoint starts, core::TimePoint now) {
    const auto earliest = core::StartOfLocalDay(core::LocalDate(now) - std::chrono::days(7));
    if (starts < earliest) {
        return core::InvalidArgument(
            fmt::format("Không sửa lịch trực đã qua: ca đầu tiên bắt đầu {}, sớm hơn một tuần "
                        "trước.",
                        core::FormatLocalDateTime(starts)),
            fmt::format("A past roster is not changed: the first shift starts {}, more than a "
                        "week ago.",
                        core::FormatLocalDateTime(starts)));
    }
    return core::Ok();
}

std::optional<OnCall> OnCallIn(const domain::Team& team,
                               const std::vector<domain::Shift>& shifts,
                               const Members& members,
                               core::TimePoint at) {
    const auto shift = domain::OnCallAt(shifts, at);
    if (!shift) {
        return std::nullopt;
    }
    const auto* member = Find(members, shift->member);
    if (member == nullptr) {
        return std::nullopt;
    }
    OnCall found{team, *shift, *member, std::nullopt};
    if (shift->backup) {
        if (const auto* backup = Find(members, *shift->backup)) {
            found.backup = *backup;
        }
    }
    return found;
}

core::FieldSnapshot TeamSnapshot(const domain::Team& t) {
    return core::FieldSnapshot()
        .Add("name", std::string_view(t.name))
        .Add("duties", std::string_view(t.duties))
        .Add("ack_minutes", std::int64_t{t.ack_minutes});
}

core::FieldSnapshot MemberSnapshot(const domain::TeamMember& m) {
    return core::FieldSnapshot()
        .Add("person_id", m.person_id.value())
        .Add("role", domain::TeamRoleCode(m.role))
        .Add("skills", std::string_view(m.skills))
        .Add("certificates", std::string_view(m.certificates))
        .Add("organisation", std::string_view(m.organisation))
        .Add("on_call", m.on_call)
        .Add("active", m.active);
}

}  // namespace

core::Result<domain::Team> TeamService::TeamFor(Repositories& repos,
                                                const Actor& actor,
                                                domain::TeamId id,
                                                domain::Permission permission) {
    UNGCUU_ASSIGN_OR_RETURN(team, repos.teams.Get(id));
    if (!actor.Authorize(team.unit_path, domain::Permission::kUnitRead).ok()) {
        return core::NotFound("Không tìm thấy đội ứng cứu.", "Team not found.");
    }
    UNGCUU_RETURN_IF_ERROR(actor.Authorize(team.unit_path, permission));
    return team;
}

core::Result<TeamView> TeamService::Load(Repositories& repos,
                                         const Actor& actor,
                                         const domain::Team& team,
                                         core::TimePoint now) {
    TeamView view;
    view.team = team;
    UNGCUU_ASSIGN_OR_RETURN(members, repos.teams.Members(team.id));
    view.members = std::move(members);
    UNGCUU_ASSIGN_OR_RETURN(shifts, repos.teams.Shifts(team.id, now - 7 * kDay, now + 90 * kDay));
    view.shifts = std::move(shifts);
    view.on_call = OnCallIn(team, view.shifts, view.members, now);
    view.covered_until = domain::CoveredUntil(view.shifts, now);
    view.can_edit = actor.Authorize(team.unit_path, domain::Permission::kContactWrite).ok();
    return view;
}

core::Result<std::vector<TeamSummary>> TeamService::Teams(const Actor& actor) {
    const auto now = clock_.Now();
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<TeamSummary>> {
        UNGCUU_ASSIGN_OR_RETURN(teams,
                                repos.teams.List(actor.scope.VisibleRoots(), actor.unrestricted));
        std::vector<TeamSummary> out;
        for (auto& team : teams) {
            UNGCUU_ASSIGN_OR_RETURN(view, Load(repos, actor, team, now));
            TeamSummary summary;
            summary.members = static_cast<int>(
                std::count_if(view.members.begin(), view.members.end(),
                              [](const domain::TeamMember& m) { return m.active; }));
            summary.on_call = std::move(view.on_call);
            summary.covered_until = view.covered_until;
            summary.team = std::move(team);
            out.push_back(std::move(summary));
        }
        return out;
    });
}

core::Result<TeamView> TeamService::Team(const Actor& actor, domain::TeamId id) {
    const auto now = clock_.Now();
    return store_.Read([&](Repositories& repos) -> core::Result<TeamView> {
        UNGCUU_ASSIGN_OR_RETURN(team, TeamFor(repos, actor, id, domain::Permission::kUnitRead));
        return Load(repos, actor, team, now);
    });
}

core::Result<TeamView> TeamService::Create(const Actor& actor, domain::Team team) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateTeam(team));
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<TeamView> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, team.unit_id, domain::Permission::kContactWrite));
        team.created_at = now;
        UNGCUU_ASSIGN_OR_RETURN(created, repos.teams.Insert(team));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"team.create", "team", created.id.value(), &unit, "{}",
                                           TeamSnapshot(created).ToJson()}));
        UNGCUU_ASSIGN_OR_RETURN(loaded, repos.teams.Get(created.id));
        return Load(repos, actor, loaded, now);
    });
}

core::Result<TeamView> TeamService::Update(const Actor& actor, const domain::Team& changed) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateTeam(changed));
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<TeamView> {
        UNGCUU_ASSIGN_OR_RETURN(
            team, TeamFor(repos, actor, changed.id, domain::Permission::kContactWrite));
        const auto before = TeamSnapshot(team).ToJson();
        team.name = changed.name;
        team.duties = changed.duties;
        team.ack_minutes = changed.ack_minutes;
        UNGCUU_RETURN_IF_ERROR(repos.teams.Update(team));
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(team.unit_id));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(
            repos, actor, now,
            {"team.update", "team", team.id.value(), &unit, before, TeamSnapshot(team).ToJson()}));
        return Load(repos, actor, team, now);
    });
}

core::Result<TeamView> TeamService::AddMember(const Actor& actor, domain::TeamMember member) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateTeamMember(member));
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<TeamView> {
        UNGCUU_ASSIGN_OR_RETURN(
            team, TeamFor(repos, actor, member.team_id, domain::Permission::kContactWrite));
        auto person = repos.people.Get(member.person_id);
        if (!person.ok() || !person->active) {
            return core::InvalidArgument(
                "Không tìm thấy người này trong danh sách nhân sự đang làm việc.",
                "No active person of the people register has this id.");
        }
        UNGCUU_ASSIGN_OR_RETURN(home, repos.units.Get(person->unit_id));
        const bool below = home.path.starts_with(team.unit_path);
        const bool above = team.unit_path.starts_with(home.path);
        if (!below && !above) {
            return core::InvalidArgument(
                fmt::format("{} thuộc {}, không thuộc {} hay đơn vị trực thuộc.", person->full_name,
                            home.name_vi, team.unit_name),
                fmt::format("{} belongs to {}, not to {} or a unit under it.", person->full_name,
                            home.name_vi, team.unit_name));
        }
        UNGCUU_ASSIGN_OR_RETURN(members, repos.teams.Members(team.id));
        if (members.size() >= kMaxMembers) {
            return core::InvalidArgument(
                fmt::format("Một đội có tối đa {} thành viên.", kMaxMembers),
                fmt::format("A team has at most {} members.", kMaxMembers));
        }
        member.active = true;
        UNGCUU_ASSIGN_OR_RETURN(added, repos.teams.InsertMember(member));
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(team.unit_id));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"team.member_add", "team", team.id.value(), &unit, "{}",
                                           MemberSnapshot(added).ToJson()}));
        return Load(repos, actor, team, now);
    });
}

core::Result<TeamView> TeamService::UpdateMember(const Actor& actor,
                                                 const domain::TeamMember& changed) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateTeamMember(changed));
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<TeamView> {
        UNGCUU_ASSIGN_OR_RETURN(member, repos.teams.GetMember(changed.id));
        if (member.team_id != changed.team_id) {
            return core::NotFound("Không tìm thấy thành viên đội.", "Team member not found.");
        }
        UNGCUU_ASSIGN_OR_RETURN(
            team, TeamFor(repos, actor, member.team_id, domain::Permission::kContactWrite));
        const auto before = MemberSnapshot(member).ToJson();
        // Someone still on the roster is swapped out or the roster re-planned first: a
        // night call must not go to a person who left.
        if (!changed.active || !changed.on_call) {
            UNGCUU_ASSIGN_OR_RETURN(ahead, repos.teams.Shifts(team.id, now, now + 800 * kDay));
            for (const auto& s : ahead) {
                const bool holds = s.member == member.id ||
                                   (!changed.active && s.backup && *s.backup == member.id);
                if (holds) {
                    return core::Conflict(
                        fmt::format("{} còn trong lịch trực (ca bắt đầu {}); hãy đổi ca hoặc "
                                    "lập lại lịch trực trước.",
                                    member.name, core::FormatLocalDateTime(s.starts_at)),
                        fmt::format("{} is still on the roster (shift starting {}); swap the "
                                    "shift or re-plan the roster first.",
                                    member.name, core::FormatLocalDateTime(s.starts_at)));
                }
            }
        }
        member.role = changed.role;
        member.skills = changed.skills;
        member.certificates = changed.certificates;
        member.certificate_until = changed.certificate_until;
        member.organisation = changed.organisation;
        member.on_call = changed.on_call;
        member.active = changed.active;
        UNGCUU_RETURN_IF_ERROR(repos.teams.UpdateMember(member));
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(team.unit_id));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"team.member_update", "team", team.id.value(), &unit,
                                           before, MemberSnapshot(member).ToJson()}));
        return Load(repos, actor, team, now);
    });
}

core::Result<TeamView> TeamService::ChangeRoster(
    const Actor& actor,
    domain::TeamId id,
    std::string_view action,
    const std::function<core::Status(Repositories&, const domain::Team&, const Members&)>& change) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<TeamView> {
        UNGCUU_ASSIGN_OR_RETURN(team, TeamFor(repos, actor, id, domain::Permission::kContactWrite));
        UNGCUU_ASSIGN_OR_RETURN(members, repos.teams.Members(team.id));
        UNGCUU_RETURN_IF_ERROR(change(repos, team, members));
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(team.unit_id));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now, {action, "team", team.id.value(), &unit, "{}", "{}"}));
        return Load(repos, actor, team, now);
    });
}

core::Result<TeamView> TeamService::Rotate(const Actor& actor,
                                           domain::TeamId id,
                                           core::Date first_day,
                                           int weeks,
                                           const std::vector<domain::TeamMemberId>& order) {
    if (weeks < 1 || weeks > kMaxWeeks) {
        return core::InvalidArgument(fmt::format("Số tuần trực là 1–{}.", kMaxWeeks),
                                     fmt::format("The number of weeks is 1–{}.", kMaxWeeks));
    }
    std::set<std::int64_t> distinct;
    for (const auto member : order) {
        distinct.insert(member.value());
    }
    if (order.empty() || distinct.size() != order.size()) {
        return core::InvalidArgument("Chọn thứ tự trực: mỗi thành viên một lần, ít nhất một người.",
                                     "Give the order of turns: each member once, at least one.");
    }
    UNGCUU_ASSIGN_OR_RETURN(calendar, calendar_.Calendar());
    const auto shifts = domain::WeeklyRotation(order, first_day, weeks, *calendar);
    const auto now = clock_.Now();
    UNGCUU_RETURN_IF_ERROR(NotInThePast(shifts.front().starts_at, now));
    return ChangeRoster(
        actor, id, "team.roster",
        [&](Repositories& repos, const domain::Team& team, const Members& members) -> core::Status {
            UNGCUU_RETURN_IF_ERROR(CheckHolders(shifts, members));
            UNGCUU_RETURN_IF_ERROR(domain::CheckRoster(shifts, shifts.front().starts_at,
                                                       shifts.back().ends_at, NamesOf(members)));
            return repos.teams.ReplaceShifts(team.id, shifts.front().starts_at, shifts);
        });
}

core::Result<TeamView> TeamService::SetShifts(const Actor& actor,
                                              domain::TeamId id,
                                              std::vector<domain::Shift> shifts) {
    if (shifts.empty() || shifts.size() > kMaxShifts) {
        return core::InvalidArgument(fmt::format("Lịch trực có từ 1 đến {} ca.", kMaxShifts),
                                     fmt::format("A roster has 1 to {} shifts.", kMaxShifts));
    }
    std::sort(shifts.begin(), shifts.end(), [](const domain::Shift& a, const domain::Shift& b) {
        return a.starts_at < b.starts_at;
    });
    const auto from = shifts.front().starts_at;
    auto to = from;
    for (const auto& s : shifts) {
        to = std::max(to, s.ends_at);
    }
    if (to - from > 800 * kDay) {
        return core::InvalidArgument("Lịch trực dài tối đa hai năm.",
                                     "A roster spans two years at most.");
    }
    UNGCUU_RETURN_IF_ERROR(NotInThePast(from, clock_.Now()));
    return ChangeRoster(
        actor, id, "team.roster",
        [&](Repositories& repos, const domain::Team& team, const Members& members) -> core::Status {
            UNGCUU_RETURN_IF_ERROR(CheckHolders(shifts, members));
            UNGCUU_RETURN_IF_ERROR(domain::CheckRoster(shifts, from, to, NamesOf(members)));
            return repos.teams.ReplaceShifts(team.id, from, shifts);
        });
}

core::Result<TeamView> TeamService::Swap(const Actor& actor,
                                         domain::TeamId id,
                                         std::int64_t shift_a,
                                         std::int64_t shift_b) {
    const auto now = clock_.Now();
    return ChangeRoster(
        actor, id, "team.swap",
        [&](Repositories& repos, const domain::Team& team, const Members& members) -> core::Status {
            UNGCUU_ASSIGN_OR_RETURN(shifts, repos.teams.Shifts(team.id, now, now + 800 * kDay));
            const auto index = [&](std::int64_t shift) {
                return static_cast<std::size_t>(
                    std::find_if(shifts.begin(), shifts.end(),
                                 [&](const domain::Shift& s) { return s.id == shift; }) -
                    shifts.begin());
            };
            const auto a = index(shift_a);
            const auto b = index(shift_b);
            if (a >= shifts.size() || b >= shifts.size() || a == b) {
                return core::InvalidArgument(
                    "Chọn hai ca khác nhau chưa kết thúc của đội này.",
                    "Choose two different shifts of this team that have not ended.");
            }
            UNGCUU_ASSIGN_OR_RETURN(swapped, domain::SwapMembers(shifts, a, b));
            // A swap moves nobody's times: what it can break is who is where.
            UNGCUU_RETURN_IF_ERROR(domain::CheckClashes(swapped, NamesOf(members)));
            UNGCUU_RETURN_IF_ERROR(CheckHolders({swapped[a], swapped[b]}, members));
            UNGCUU_RETURN_IF_ERROR(repos.teams.UpdateShift(swapped[a]));
            return repos.teams.UpdateShift(swapped[b]);
        });
}

core::Result<std::optional<OnCall>> TeamService::OnCallNow(const Actor& actor,
                                                           domain::UnitId unit_id) {
    const auto now = clock_.Now();
    return store_.Read([&](Repositories& repos) -> core::Result<std::optional<OnCall>> {
        UNGCUU_ASSIGN_OR_RETURN(unit,
                                LoadUnitFor(repos, actor, unit_id, domain::Permission::kUnitRead));
        return OnCallFor(repos, unit.path, now);
    });
}

core::Result<std::vector<MyShift>> TeamService::Mine(const Actor& actor) {
    const auto now = clock_.Now();
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<MyShift>> {
        std::vector<MyShift> out;
        if (!actor.user_id) {
            return out;
        }
        UNGCUU_ASSIGN_OR_RETURN(user, repos.users.Get(*actor.user_id));
        if (user.email.empty()) {
            return out;
        }
        UNGCUU_ASSIGN_OR_RETURN(shifts,
                                repos.teams.ShiftsOfEmail(user.email, now, now + 60 * kDay));
        std::map<std::int64_t, domain::TeamMember> known;
        const auto member = [&](domain::TeamMemberId id) -> core::Result<domain::TeamMember> {
            if (const auto found = known.find(id.value()); found != known.end()) {
                return found->second;
            }
            UNGCUU_ASSIGN_OR_RETURN(loaded, repos.teams.GetMember(id));
            known[id.value()] = loaded;
            return loaded;
        };
        for (auto& s : shifts) {
            MyShift mine;
            UNGCUU_ASSIGN_OR_RETURN(on_call, member(s.shift.member));
            mine.member_name = on_call.name;
            if (s.shift.backup) {
                UNGCUU_ASSIGN_OR_RETURN(backup, member(*s.shift.backup));
                mine.backup_name = backup.name;
                mine.as_backup =
                    core::FoldForSearch(backup.email) == core::FoldForSearch(user.email) &&
                    core::FoldForSearch(on_call.email) != core::FoldForSearch(user.email);
            }
            mine.shift = std::move(s);
            out.push_back(std::move(mine));
        }
        return out;
    });
}

}  // namespace ungcuu::app
