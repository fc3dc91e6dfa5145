// Response teams: a unit's team with its members from the people register, its on-call roster
// (a weekly rotation, shifts set one by one, swaps), who is on call for a unit now, and the
// caller's own shifts.
#include <fmt/format.h>

#include <algorithm>

#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::object MemberJson(const domain::TeamMember& m) {
    return {{"id", m.id.value()},
            {"person_id", m.person_id.value()},
            {"name", m.name},
            {"position", m.position},
            {"person_unit_name", m.person_unit_name},
            {"mobile_phone", m.mobile_phone},
            {"office_phone", m.office_phone},
            {"email", m.email},
            {"role", domain::TeamRoleCode(m.role)},
            {"skills", m.skills},
            {"certificates", m.certificates},
            {"certificate_until", DateJson(m.certificate_until)},
            {"organisation", m.organisation},
            {"on_call", m.on_call},
            {"active", m.active}};
}

json::value OptId(const std::optional<domain::TeamMemberId>& id) {
    return id ? json::value(id->value()) : json::value(nullptr);
}

json::object ShiftJson(const domain::Shift& s) {
    return {{"id", s.id},
            {"member_id", s.member.value()},
            {"backup_id", OptId(s.backup)},
            {"starts_at", core::FormatRfc3339(s.starts_at)},
            {"ends_at", core::FormatRfc3339(s.ends_at)}};
}

json::value OnCallJson(const std::optional<app::OnCall>& on_call) {
    if (!on_call) {
        return nullptr;
    }
    return json::object{{"team_id", on_call->team.id.value()},
                        {"team_name", on_call->team.name},
                        {"team_unit_name", on_call->team.unit_name},
                        {"shift", ShiftJson(on_call->shift)},
                        {"member", MemberJson(on_call->member)},
                        {"backup", on_call->backup ? json::value(MemberJson(*on_call->backup))
                                                   : json::value(nullptr)}};
}

json::object TeamHeadJson(const domain::Team& t) {
    return {{"id", t.id.value()},
            {"unit_id", t.unit_id.value()},
            {"unit_name", t.unit_name},
            {"name", t.name},
            {"duties", t.duties},
            {"ack_minutes", t.ack_minutes},
            {"created_at", core::FormatRfc3339(t.created_at)}};
}

json::object TeamJson(const app::TeamView& v) {
    auto out = TeamHeadJson(v.team);
    out["members"] = ArrayJson(v.members, MemberJson);
    out["shifts"] = ArrayJson(v.shifts, ShiftJson);
    out["on_call"] = OnCallJson(v.on_call);
    out["covered_until"] = OptTimeJson(v.covered_until);
    out["can_edit"] = v.can_edit;
    return out;
}

/// The team's own fields (name, duties, acknowledgement time).
void ReadTeam(jsonio::ObjectReader& reader, domain::Team& team) {
    team.name = reader.String("name");
    team.duties = reader.OptString("duties").value_or("");
    team.ack_minutes = static_cast<int>(reader.OptInt("ack_minutes").value_or(15));
}

/// A member's part in the team; `errors` gets an unknown role or a malformed day.
void ReadMember(jsonio::ObjectReader& reader,
                domain::FieldErrors& errors,
                domain::TeamMember& member) {
    const auto role = reader.OptString("role").value_or("member");
    if (const auto parsed = domain::ParseTeamRole(role)) {
        member.role = *parsed;
    } else {
        errors.Add("role", "vai trò là leader, deputy, member, expert hoặc contractor",
                   "the role is leader, deputy, member, expert or contractor");
    }
    member.skills = reader.OptString("skills").value_or("");
    member.certificates = reader.OptString("certificates").value_or("");
    member.organisation = reader.OptString("organisation").value_or("");
    member.on_call = reader.OptBool("on_call").value_or(true);
    const auto until = reader.OptString("certificate_until");
    if (until && !until->empty()) {
        member.certificate_until = core::ParseDate(*until);
        if (!member.certificate_until) {
            errors.Add("certificate_until", "ngày hết hạn chứng chỉ viết dạng YYYY-MM-DD",
                       "the certificates' expiry is written YYYY-MM-DD");
        }
    }
}

core::TimePoint ReadTime(jsonio::ObjectReader& reader,
                         domain::FieldErrors& errors,
                         std::string_view name) {
    const auto text = reader.String(name);
    const auto parsed = core::ParseRfc3339(text);
    if (!parsed) {
        errors.Add(name, "thời điểm viết dạng RFC 3339 (2026-12-07T08:00:00+07:00)",
                   "a time is written as RFC 3339 (2026-12-07T08:00:00+07:00)");
        return {};
    }
    return *parsed;
}

Result<ApiReply> PostTeam(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::Team team;
    team.unit_id = domain::UnitId{reader.Int("unit_id")};
    ReadTeam(reader, team);
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(view, s.teams.Create(call.actor, std::move(team)));
    return Ok(TeamJson(view), bhttp::status::created);
}

Result<ApiReply> PutTeam(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::Team team;
    team.id = domain::TeamId{id};
    ReadTeam(reader, team);
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(view, s.teams.Update(call.actor, team));
    return Ok(TeamJson(view));
}

Result<ApiReply> PostMember(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::TeamMember member;
    member.team_id = domain::TeamId{id};
    member.person_id = domain::PersonId{reader.Int("person_id")};
    ReadMember(reader, errors, member);
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view, s.teams.AddMember(call.actor, std::move(member)));
    return Ok(TeamJson(view), bhttp::status::created);
}

Result<ApiReply> PutMember(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(member_id, IdParam(call, 1));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::TeamMember member;
    member.id = domain::TeamMemberId{member_id};
    member.team_id = domain::TeamId{id};
    ReadMember(reader, errors, member);
    member.active = reader.OptBool("active").value_or(true);
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view, s.teams.UpdateMember(call.actor, member));
    return Ok(TeamJson(view));
}

Result<ApiReply> PostRotation(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    const auto first_day = core::ParseDate(reader.String("first_day"));
    if (!first_day) {
        errors.Add("first_day", "ngày bắt đầu viết dạng YYYY-MM-DD",
                   "the first day is written YYYY-MM-DD");
    }
    const auto weeks = reader.Int("weeks");
    std::vector<domain::TeamMemberId> order;
    for (const auto member : reader.OptIntArray("order").value_or(std::vector<std::int64_t>{})) {
        order.emplace_back(member);
    }
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(
        view, s.teams.Rotate(call.actor, domain::TeamId{id}, *first_day,
                             static_cast<int>(std::clamp<std::int64_t>(weeks, -1, 10000)), order));
    return Ok(TeamJson(view));
}

Result<ApiReply> PutRoster(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    std::vector<domain::Shift> shifts;
    for (auto& item : reader.ObjectArray("shifts", app::TeamService::kMaxShifts)) {
        domain::Shift shift;
        shift.member = domain::TeamMemberId{item.Int("member_id")};
        if (const auto backup = item.OptInt("backup_id")) {
            shift.backup = domain::TeamMemberId{*backup};
        }
        shift.starts_at = ReadTime(item, errors, "starts_at");
        shift.ends_at = ReadTime(item, errors, "ends_at");
        errors.AddAll(item.Finish());
        shifts.push_back(shift);
    }
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view,
                            s.teams.SetShifts(call.actor, domain::TeamId{id}, std::move(shifts)));
    return Ok(TeamJson(view));
}

Result<ApiReply> PostSwap(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    const auto a = reader.Int("shift_a");
    const auto b = reader.Int("shift_b");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(view, s.teams.Swap(call.actor, domain::TeamId{id}, a, b));
    return Ok(TeamJson(view));
}

}  // namespace

void AddTeamRoutes(RouteTable& table, Services s) {
    table.Add(verb::get, "/api/v1/teams", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(teams, s.teams.Teams(call.actor));
        return Ok(json::object{{"items", ArrayJson(teams, [](const app::TeamSummary& t) {
                                    auto out = TeamHeadJson(t.team);
                                    out["members"] = t.members;
                                    out["on_call"] = OnCallJson(t.on_call);
                                    out["covered_until"] = OptTimeJson(t.covered_until);
                                    return out;
                                })}});
    });
    table
        .Add(verb::post, "/api/v1/teams", Access::kSignedIn,
             [s](Call& call) { return PostTeam(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table.Add(verb::get, "/api/v1/teams/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(view, s.teams.Team(call.actor, domain::TeamId{id}));
                  return Ok(TeamJson(view));
              });
    table
        .Add(verb::put, "/api/v1/teams/{}", Access::kSignedIn,
             [s](Call& call) { return PutTeam(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table
        .Add(verb::post, "/api/v1/teams/{}/members", Access::kSignedIn,
             [s](Call& call) { return PostMember(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table
        .Add(verb::put, "/api/v1/teams/{}/members/{}", Access::kSignedIn,
             [s](Call& call) { return PutMember(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table
        .Add(verb::post, "/api/v1/teams/{}/roster/rotation", Access::kSignedIn,
             [s](Call& call) { return PostRotation(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table
        .Add(verb::put, "/api/v1/teams/{}/roster", Access::kSignedIn,
             [s](Call& call) { return PutRoster(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table
        .Add(verb::post, "/api/v1/teams/{}/roster/swap", Access::kSignedIn,
             [s](Call& call) { return PostSwap(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table.Add(verb::get, "/api/v1/units/{}/on-call", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(on_call,
                                          s.teams.OnCallNow(call.actor, domain::UnitId{id}));
                  return Ok(json::object{{"on_call", OnCallJson(on_call)}});
              });
    table.Add(verb::get, "/api/v1/on-call/mine", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(mine, s.teams.Mine(call.actor));
                  return Ok(json::object{{"items", ArrayJson(mine, [](const app::MyShift& m) {
                                              auto out = ShiftJson(m.shift.shift);
                                              out["team_id"] = m.shift.team_id.value();
                                              out["team_name"] = m.shift.team_name;
                                              out["member_name"] = m.member_name;
                                              out["backup_name"] = m.backup_name;
                                              out["as_backup"] = m.as_backup;
                                              return out;
                                          })}});
              });
}

}  // namespace ungcuu::http
