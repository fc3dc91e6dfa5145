// Use cases of the response teams (TT 20/2017 Điều 8; the plans' đội ứng cứu): a unit's team
// with members from the people register, their part in the team, skills and certificates, the
// outside experts and contractors it calls on; the on-call roster — a weekly rotation handed
// over on working mornings or shifts set one by one, swaps — checked so that it has no gap and
// nobody is on two shifts at once; who is on call now; a person's own shifts. Thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "app/actor.hpp"
#include "app/calendar_service.hpp"
#include "app/on_call.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

struct TeamSummary {
    domain::Team team;
    int members = 0;                               // active
    std::optional<OnCall> on_call;                 // now
    std::optional<core::TimePoint> covered_until;  // the roster's end from now, when it covers now
};

struct TeamView {
    domain::Team team;
    std::vector<domain::TeamMember> members;
    std::vector<domain::Shift> shifts;  // from a week ago to 90 days ahead
    std::optional<OnCall> on_call;
    std::optional<core::TimePoint> covered_until;
    bool can_edit = false;
};

struct MyShift {
    TeamShift shift;
    std::string member_name;
    std::string backup_name;
    bool as_backup = false;
};

class TeamService {
public:
    TeamService(Store& store, const core::Clock& clock, CalendarService& calendar)
        : store_(store), clock_(clock), calendar_(calendar) {}

    core::Result<std::vector<TeamSummary>> Teams(const Actor& actor);
    core::Result<TeamView> Team(const Actor& actor, domain::TeamId id);
    core::Result<TeamView> Create(const Actor& actor, domain::Team team);
    core::Result<TeamView> Update(const Actor& actor, const domain::Team& team);
    /// The person must be active and belong to the team's unit, a unit under it or a unit it
    /// sits under.
    core::Result<TeamView> AddMember(const Actor& actor, domain::TeamMember member);
    /// kNotFound when the member is not of `member.team_id`.
    core::Result<TeamView> UpdateMember(const Actor& actor, const domain::TeamMember& member);
    /// `weeks` weekly shifts from the first working morning on or after `first_day`, the
    /// members in the order given (each backed up by the next); replaces the roster from there.
    core::Result<TeamView> Rotate(const Actor& actor,
                                  domain::TeamId team,
                                  core::Date first_day,
                                  int weeks,
                                  const std::vector<domain::TeamMemberId>& order);
    /// Shifts set one by one (a custom roster): they must follow each other without a gap;
    /// they replace the roster from the first one's start.
    core::Result<TeamView> SetShifts(const Actor& actor,
                                     domain::TeamId team,
                                     std::vector<domain::Shift> shifts);
    /// The two shifts exchange their members; refused when it puts someone on two shifts at
    /// once or makes a member their own backup.
    core::Result<TeamView> Swap(const Actor& actor,
                                domain::TeamId team,
                                std::int64_t shift_a,
                                std::int64_t shift_b);
    /// Who is on call for the unit now (nullopt when nobody is).
    core::Result<std::optional<OnCall>> OnCallNow(const Actor& actor, domain::UnitId unit);
    /// The caller's own shifts from now to 60 days ahead (the people register's e-mail is the
    /// link between an account and a member).
    core::Result<std::vector<MyShift>> Mine(const Actor& actor);

    static constexpr int kMaxWeeks = 104;
    static constexpr std::size_t kMaxShifts = 400;
    static constexpr std::size_t kMaxMembers = 200;

private:
    core::Result<TeamView> Load(Repositories& repos,
                                const Actor& actor,
                                const domain::Team& team,
                                core::TimePoint now);
    core::Result<domain::Team> TeamFor(Repositories& repos,
                                       const Actor& actor,
                                       domain::TeamId id,
                                       domain::Permission permission);
    core::Result<TeamView> ChangeRoster(
        const Actor& actor,
        domain::TeamId id,
        std::string_view action,
        const std::function<core::Status(
            Repositories&, const domain::Team&, const std::vector<domain::TeamMember>&)>& change);

    Store& store_;
    const core::Clock& clock_;
    CalendarService& calendar_;
};

}  // namespace ungcuu::app
