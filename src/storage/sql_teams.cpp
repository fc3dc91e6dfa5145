// SQL repository of response teams: a unit's team, its members (people of the register with
// their part in the team) and the on-call roster's shifts.
#include <fmt/format.h>

#include "storage/sql_helpers.hpp"
#include "storage/sql_organisation.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

constexpr std::string_view kTeamColumns =
    "t.id, t.unit_id, u.name_vi, u.path, t.name, t.duties, t.ack_minutes, t.created_at";

domain::Team TeamFromRow(const RowView& row) {
    domain::Team t;
    t.id = domain::TeamId{row.Int(0)};
    t.unit_id = domain::UnitId{row.Int(1)};
    t.unit_name = row.String(2);
    t.unit_path = row.String(3);
    t.name = row.String(4);
    t.duties = row.String(5);
    t.ack_minutes = static_cast<int>(row.Int(6));
    t.created_at = Time(row, 7);
    return t;
}

constexpr std::string_view kMemberColumns =
    "m.id, m.team_id, m.person_id, m.role, m.skills, m.certificates, m.certificate_until, "
    "m.organisation, m.on_call, m.active, p.full_name, p.position, p.mobile_phone, "
    "p.office_phone, p.email, pu.name_vi";
constexpr std::string_view kMemberFrom =
    "team_members m JOIN people p ON p.id = m.person_id JOIN units pu ON pu.id = p.unit_id";

domain::TeamMember MemberFromRow(const RowView& row) {
    domain::TeamMember m;
    m.id = domain::TeamMemberId{row.Int(0)};
    m.team_id = domain::TeamId{row.Int(1)};
    m.person_id = domain::PersonId{row.Int(2)};
    m.role = domain::ParseTeamRole(row.Text(3)).value_or(domain::TeamRole::kMember);
    m.skills = row.String(4);
    m.certificates = row.String(5);
    m.certificate_until = OptDateAt(row, 6);
    m.organisation = row.String(7);
    m.on_call = row.Int(8) != 0;
    m.active = row.Int(9) != 0;
    m.name = row.String(10);
    m.position = row.String(11);
    m.mobile_phone = row.String(12);
    m.office_phone = row.String(13);
    m.email = row.String(14);
    m.person_unit_name = row.String(15);
    return m;
}

constexpr std::string_view kShiftColumns = "s.id, s.member_id, s.backup_id, s.starts_at, s.ends_at";

domain::Shift ShiftFromRow(const RowView& row) {
    domain::Shift s;
    s.id = row.Int(0);
    s.member = domain::TeamMemberId{row.Int(1)};
    if (!row.IsNull(2)) {
        s.backup = domain::TeamMemberId{row.Int(2)};
    }
    s.starts_at = Time(row, 3);
    s.ends_at = Time(row, 4);
    return s;
}

Value BackupValue(const domain::Shift& s) {
    return s.backup ? Value{s.backup->value()} : Value{nullptr};
}

class SqlTeamRepository final : public app::TeamRepository {
public:
    explicit SqlTeamRepository(Connection& db) : db_(db) {}

    Result<domain::Team> Insert(domain::Team t) override {
        const Value params[] = {t.unit_id.value(), t.name, t.duties, std::int64_t{t.ack_minutes},
                                Millis(t.created_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO teams (unit_id, name, duties, ack_minutes, created_at) "
                            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (unit_id) DO NOTHING RETURNING id",
                            params));
        if (rows.empty()) {
            return core::Conflict("Đơn vị này đã có đội ứng cứu.", "The unit already has a team.");
        }
        t.id = domain::TeamId{rows[0].Int(0)};
        return t;
    }

    Status Update(const domain::Team& t) override {
        const Value params[] = {t.name, t.duties, std::int64_t{t.ack_minutes}, t.id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE teams SET name = ?, duties = ?, ack_minutes = ? WHERE id = ?",
                        params),
            "đội ứng cứu");
    }

    Result<domain::Team> Get(domain::TeamId id) override {
        const Value params[] = {id.value()};
        return QueryOne(
            db_,
            fmt::format("SELECT {} FROM teams t JOIN units u ON u.id = t.unit_id WHERE t.id = ?",
                        kTeamColumns),
            params, TeamFromRow, core::NotFound("Không tìm thấy đội ứng cứu.", "Team not found."));
    }

    Result<std::optional<domain::Team>> ForUnit(domain::UnitId unit) override {
        const Value params[] = {unit.value()};
        std::optional<domain::Team> found;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format(
                "SELECT {} FROM teams t JOIN units u ON u.id = t.unit_id WHERE t.unit_id = ?",
                kTeamColumns),
            params, [&found](const RowView& row) { found = TeamFromRow(row); }));
        return found;
    }

    Result<std::vector<domain::Team>> List(const std::vector<domain::ScopeRoot>& scope,
                                           bool unrestricted) override {
        std::vector<Value> params;
        const std::string within = ScopeCondition(params, scope, unrestricted, "u.path");
        std::vector<domain::Team> teams;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM teams t JOIN units u ON u.id = t.unit_id WHERE {} ORDER "
                        "BY u.path LIMIT 1000",
                        kTeamColumns, within),
            params, [&teams](const RowView& row) { teams.push_back(TeamFromRow(row)); }));
        return teams;
    }

    Result<std::vector<domain::TeamMember>> Members(domain::TeamId team) override {
        const Value params[] = {team.value()};
        std::vector<domain::TeamMember> members;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} WHERE m.team_id = ? ORDER BY CASE m.role WHEN "
                        "'leader' THEN 0 WHEN 'deputy' THEN 1 WHEN 'member' THEN 2 WHEN 'expert' "
                        "THEN 3 ELSE 4 END, p.full_name, m.id",
                        kMemberColumns, kMemberFrom),
            params, [&members](const RowView& row) { members.push_back(MemberFromRow(row)); }));
        return members;
    }

    Result<domain::TeamMember> GetMember(domain::TeamMemberId id) override {
        const Value params[] = {id.value()};
        return QueryOne(
            db_, fmt::format("SELECT {} FROM {} WHERE m.id = ?", kMemberColumns, kMemberFrom),
            params, MemberFromRow,
            core::NotFound("Không tìm thấy thành viên đội.", "Team member not found."));
    }

    Result<domain::TeamMember> InsertMember(domain::TeamMember m) override {
        const Value params[] = {
            m.team_id.value(), m.person_id.value(), std::string(domain::TeamRoleCode(m.role)),
            m.skills,          m.certificates,      OptDateValue(m.certificate_until),
            m.organisation,    Flag(m.on_call),     Flag(m.active)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO team_members (team_id, person_id, role, skills, "
                            "certificates, certificate_until, organisation, on_call, active) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (team_id, person_id) "
                            "DO NOTHING RETURNING id",
                            params));
        if (rows.empty()) {
            return core::Conflict("Người này đã là thành viên của đội.",
                                  "The person is already a member of the team.");
        }
        return GetMember(domain::TeamMemberId{rows[0].Int(0)});
    }

    Status UpdateMember(const domain::TeamMember& m) override {
        const Value params[] = {std::string(domain::TeamRoleCode(m.role)),
                                m.skills,
                                m.certificates,
                                OptDateValue(m.certificate_until),
                                m.organisation,
                                Flag(m.on_call),
                                Flag(m.active),
                                m.id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE team_members SET role = ?, skills = ?, certificates = ?, "
                        "certificate_until = ?, organisation = ?, on_call = ?, active = ? WHERE "
                        "id = ?",
                        params),
            "thành viên đội");
    }

    Result<std::vector<domain::Shift>> Shifts(domain::TeamId team,
                                              core::TimePoint from,
                                              core::TimePoint to) override {
        const Value params[] = {team.value(), Millis(from), Millis(to)};
        std::vector<domain::Shift> shifts;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM roster_shifts s WHERE s.team_id = ? AND s.ends_at > ? AND "
                        "s.starts_at < ? ORDER BY s.starts_at, s.id LIMIT 2000",
                        kShiftColumns),
            params, [&shifts](const RowView& row) { shifts.push_back(ShiftFromRow(row)); }));
        return shifts;
    }

    Status ReplaceShifts(domain::TeamId team,
                         core::TimePoint from,
                         const std::vector<domain::Shift>& shifts) override {
        const Value remove[] = {team.value(), Millis(from)};
        UNGCUU_RETURN_IF_ERROR(
            Exec(db_, "DELETE FROM roster_shifts WHERE team_id = ? AND starts_at >= ?", remove));
        const Value cut[] = {Millis(from), team.value(), Millis(from)};
        UNGCUU_RETURN_IF_ERROR(Exec(
            db_, "UPDATE roster_shifts SET ends_at = ? WHERE team_id = ? AND ends_at > ?", cut));
        for (const auto& s : shifts) {
            const Value params[] = {team.value(), s.member.value(), BackupValue(s),
                                    Millis(s.starts_at), Millis(s.ends_at)};
            UNGCUU_RETURN_IF_ERROR(Exec(db_,
                                        "INSERT INTO roster_shifts (team_id, member_id, "
                                        "backup_id, starts_at, ends_at) VALUES (?, ?, ?, ?, ?)",
                                        params));
        }
        return core::Ok();
    }

    Status UpdateShift(const domain::Shift& s) override {
        const Value params[] = {s.member.value(), BackupValue(s), s.id};
        return ExpectOneRow(
            db_.Execute("UPDATE roster_shifts SET member_id = ?, backup_id = ? WHERE id = ?",
                        params),
            "ca trực");
    }

    Result<std::vector<app::TeamShift>> ShiftsOfEmail(std::string_view email,
                                                      core::TimePoint from,
                                                      core::TimePoint to) override {
        const Value params[] = {Millis(from), Millis(to), std::string(email)};
        std::vector<app::TeamShift> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {}, t.id, t.name FROM roster_shifts s JOIN teams t ON t.id = "
                        "s.team_id WHERE s.ends_at > ? AND s.starts_at < ? AND EXISTS (SELECT 1 "
                        "FROM team_members m JOIN people p ON p.id = m.person_id WHERE m.active "
                        "= 1 AND lower(p.email) = lower(?) AND (m.id = s.member_id OR m.id = "
                        "s.backup_id)) ORDER BY s.starts_at LIMIT 200",
                        kShiftColumns),
            params, [&out](const RowView& row) {
                out.push_back(
                    app::TeamShift{ShiftFromRow(row), domain::TeamId{row.Int(5)}, row.String(6)});
            }));
        return out;
    }

private:
    Connection& db_;
};

}  // namespace

std::unique_ptr<app::TeamRepository> MakeSqlTeamRepository(Connection& db) {
    return std::make_unique<SqlTeamRepository>(db);
}

}  // namespace ungcuu::storage
