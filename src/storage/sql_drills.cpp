// SQL repository of drills: the drill's plan, its participating units, its injects with the
// exercise incidents they opened, and its findings.
#include <fmt/format.h>

#include "storage/sql_helpers.hpp"
#include "storage/sql_network.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

constexpr std::string_view kDrillColumns =
    "d.id, d.unit_id, u.name_vi, u.path, d.title, d.kind, d.level, d.organiser_name, d.day, "
    "d.duration_hours, d.scenarios, d.systems, d.people, d.budget, d.state, d.started_at, "
    "d.ended_at, d.lessons, d.follow_up_plan_id, d.created_at, d.created_by";

domain::Drill DrillFromRow(const RowView& row) {
    domain::Drill d;
    d.id = domain::DrillId{row.Int(0)};
    d.unit_id = domain::UnitId{row.Int(1)};
    d.unit_name = row.String(2);
    d.unit_path = row.String(3);
    d.title = row.String(4);
    d.kind = domain::ParseDrillKind(row.Text(5)).value_or(domain::DrillKind::kTabletop);
    d.level = domain::ParseDrillLevel(row.Text(6)).value_or(domain::DrillLevel::kOwn);
    d.organiser_name = row.String(7);
    d.day = core::ParseDate(row.Text(8)).value_or(core::Date{});
    d.duration_hours = static_cast<int>(row.Int(9));
    d.scenarios = SplitCodes(row.Text(10));
    for (const auto& id : SplitCodes(row.Text(11))) {
        if (const auto n = core::ParseInt64(id)) {
            d.systems.emplace_back(*n);
        }
    }
    d.people = row.String(12);
    if (!row.IsNull(13)) {
        d.budget = row.Int(13);
    }
    d.state = domain::ParseDrillState(row.Text(14)).value_or(domain::DrillState::kPlanned);
    d.started_at = OptTime(row, 15);
    d.ended_at = OptTime(row, 16);
    d.lessons = row.String(17);
    if (!row.IsNull(18)) {
        d.follow_up_plan = domain::WorkPlanId{row.Int(18)};
    }
    d.created_at = Time(row, 19);
    d.created_by = row.String(20);
    return d;
}

std::string SystemCodes(const domain::Drill& d) {
    std::vector<std::string> ids;
    for (const auto id : d.systems) {
        ids.push_back(std::to_string(id.value()));
    }
    return JoinCodes(ids);
}

constexpr std::string_view kInjectColumns =
    "j.id, j.drill_id, j.minute, j.title, j.description, j.unit_id, u.name_vi, j.scenario, "
    "j.incident_id, j.run_at";

domain::Inject InjectFromRow(const RowView& row) {
    domain::Inject j;
    j.id = domain::InjectId{row.Int(0)};
    j.drill_id = domain::DrillId{row.Int(1)};
    j.minute = static_cast<int>(row.Int(2));
    j.title = row.String(3);
    j.description = row.String(4);
    j.unit_id = domain::UnitId{row.Int(5)};
    j.unit_name = row.String(6);
    j.scenario = row.String(7);
    if (!row.IsNull(8)) {
        j.incident_id = domain::IncidentId{row.Int(8)};
    }
    j.run_at = OptTime(row, 9);
    return j;
}

constexpr std::string_view kFindingColumns =
    "f.id, f.drill_id, f.text, f.lesson, f.owner_unit_id, u.name_vi, f.owner, f.due, f.task_id, "
    "f.created_at";

domain::Finding FindingFromRow(const RowView& row) {
    domain::Finding f;
    f.id = domain::FindingId{row.Int(0)};
    f.drill_id = domain::DrillId{row.Int(1)};
    f.text = row.String(2);
    f.lesson = row.String(3);
    f.owner_unit = domain::UnitId{row.Int(4)};
    f.owner_unit_name = row.String(5);
    f.owner = row.String(6);
    f.due = core::ParseDate(row.Text(7)).value_or(core::Date{});
    if (!row.IsNull(8)) {
        f.task_id = domain::PlanTaskId{row.Int(8)};
    }
    f.created_at = Time(row, 9);
    return f;
}

/// The planned fields, in the order both the insert and the update write them.
void AppendPlanFields(std::vector<Value>& p, const domain::Drill& d) {
    p.emplace_back(d.title);
    p.emplace_back(std::string(domain::DrillKindCode(d.kind)));
    p.emplace_back(std::string(domain::DrillLevelCode(d.level)));
    p.emplace_back(d.organiser_name);
    p.emplace_back(core::FormatDate(d.day));
    p.emplace_back(std::int64_t{d.duration_hours});
    p.emplace_back(JoinCodes(d.scenarios));
    p.emplace_back(SystemCodes(d));
    p.emplace_back(d.people);
    p.emplace_back(d.budget ? Value{*d.budget} : Value{nullptr});
    p.emplace_back(std::string(domain::DrillStateCode(d.state)));
}

class SqlDrillRepository final : public app::DrillRepository {
public:
    explicit SqlDrillRepository(Connection& db) : db_(db) {}

    Result<domain::Drill> Insert(domain::Drill d) override {
        std::vector<Value> params = {d.unit_id.value()};
        AppendPlanFields(params, d);
        params.emplace_back(Millis(d.created_at));
        params.emplace_back(d.created_by);
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO drills (unit_id, title, kind, level, organiser_name, day, "
                            "duration_hours, scenarios, systems, people, budget, state, "
                            "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "?, ?) RETURNING id",
                            params));
        d.id = domain::DrillId{InsertedId(rows)};
        UNGCUU_RETURN_IF_ERROR(WriteUnits(d));
        return d;
    }

    Status Update(const domain::Drill& d) override {
        std::vector<Value> params;
        AppendPlanFields(params, d);
        params.emplace_back(OptMillis(d.started_at));
        params.emplace_back(OptMillis(d.ended_at));
        params.emplace_back(d.lessons);
        params.emplace_back(d.follow_up_plan ? Value{d.follow_up_plan->value()} : Value{nullptr});
        params.emplace_back(d.id.value());
        UNGCUU_RETURN_IF_ERROR(ExpectOneRow(
            db_.Execute("UPDATE drills SET title = ?, kind = ?, level = ?, organiser_name = ?, "
                        "day = ?, duration_hours = ?, scenarios = ?, systems = ?, people = ?, "
                        "budget = ?, state = ?, started_at = ?, ended_at = ?, lessons = ?, "
                        "follow_up_plan_id = ? WHERE id = ?",
                        params),
            "cuộc diễn tập"));
        const Value id[] = {d.id.value()};
        UNGCUU_RETURN_IF_ERROR(Exec(db_, "DELETE FROM drill_units WHERE drill_id = ?", id));
        return WriteUnits(d);
    }

    Result<domain::Drill> Get(domain::DrillId id) override {
        const Value params[] = {id.value()};
        UNGCUU_ASSIGN_OR_RETURN(
            drill, QueryOne(db_,
                            fmt::format("SELECT {} FROM drills d JOIN units u ON u.id = d.unit_id "
                                        "WHERE d.id = ?",
                                        kDrillColumns),
                            params, DrillFromRow,
                            core::NotFound("Không tìm thấy cuộc diễn tập.", "Drill not found.")));
        UNGCUU_RETURN_IF_ERROR(LoadUnits(drill));
        return drill;
    }

    Result<std::vector<domain::Drill>> List(const std::vector<domain::ScopeRoot>& scope,
                                            bool unrestricted,
                                            int limit) override {
        std::vector<Value> params;
        const std::string own = ScopeCondition(params, scope, unrestricted, "u.path");
        const std::string part = ScopeCondition(params, scope, unrestricted, "pu.path");
        params.emplace_back(std::int64_t{limit});
        std::vector<domain::Drill> drills;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM drills d JOIN units u ON u.id = d.unit_id WHERE {} OR "
                        "EXISTS (SELECT 1 FROM drill_units du JOIN units pu ON pu.id = "
                        "du.unit_id WHERE du.drill_id = d.id AND {}) ORDER BY d.day DESC, d.id "
                        "DESC LIMIT ?",
                        kDrillColumns, own, part),
            params, [&drills](const RowView& row) { drills.push_back(DrillFromRow(row)); }));
        for (auto& drill : drills) {
            UNGCUU_RETURN_IF_ERROR(LoadUnits(drill));
        }
        return drills;
    }

    Result<std::vector<domain::Drill>> DoneIn(std::string_view subtree,
                                              core::Date from,
                                              core::Date to) override {
        const Value params[] = {std::string(subtree), SubtreeEnd(subtree), core::FormatDate(from),
                                core::FormatDate(to)};
        std::vector<domain::Drill> drills;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM drills d JOIN units u ON u.id = d.unit_id WHERE u.path "
                        ">= ? AND u.path < ? AND d.state = 'done' AND d.day >= ? AND d.day <= ? "
                        "ORDER BY d.day LIMIT 1000",
                        kDrillColumns),
            params, [&drills](const RowView& row) { drills.push_back(DrillFromRow(row)); }));
        return drills;
    }

    Result<std::vector<domain::Inject>> Injects(domain::DrillId drill) override {
        const Value params[] = {drill.value()};
        std::vector<domain::Inject> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM drill_injects j JOIN units u ON u.id = j.unit_id WHERE "
                        "j.drill_id = ? ORDER BY j.minute, j.id",
                        kInjectColumns),
            params, [&out](const RowView& row) { out.push_back(InjectFromRow(row)); }));
        return out;
    }

    Result<domain::Inject> GetInject(domain::InjectId id) override {
        const Value params[] = {id.value()};
        return QueryOne(db_,
                        fmt::format("SELECT {} FROM drill_injects j JOIN units u ON u.id = "
                                    "j.unit_id WHERE j.id = ?",
                                    kInjectColumns),
                        params, InjectFromRow,
                        core::NotFound("Không tìm thấy tình huống.", "Inject not found."));
    }

    Result<domain::Inject> InsertInject(domain::Inject j) override {
        const Value params[] = {j.drill_id.value(), std::int64_t{j.minute}, j.title,
                                j.description,      j.unit_id.value(),      j.scenario};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO drill_injects (drill_id, minute, title, description, "
                            "unit_id, scenario) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                            params));
        return GetInject(domain::InjectId{InsertedId(rows)});
    }

    Result<bool> MarkRun(domain::InjectId id,
                         domain::IncidentId incident,
                         core::TimePoint at) override {
        const Value params[] = {incident.value(), Millis(at), id.value()};
        UNGCUU_ASSIGN_OR_RETURN(changed,
                                db_.Execute("UPDATE drill_injects SET incident_id = ?, run_at = ? "
                                            "WHERE id = ? AND incident_id IS NULL",
                                            params));
        return changed > 0;
    }

    Result<std::vector<domain::Finding>> Findings(domain::DrillId drill) override {
        const Value params[] = {drill.value()};
        std::vector<domain::Finding> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM drill_findings f JOIN units u ON u.id = f.owner_unit_id "
                        "WHERE f.drill_id = ? ORDER BY f.id",
                        kFindingColumns),
            params, [&out](const RowView& row) { out.push_back(FindingFromRow(row)); }));
        return out;
    }

    Result<domain::Finding> InsertFinding(domain::Finding f) override {
        const Value params[] = {f.drill_id.value(),
                                f.text,
                                f.lesson,
                                f.owner_unit.value(),
                                f.owner,
                                core::FormatDate(f.due),
                                f.task_id ? Value{f.task_id->value()} : Value{nullptr},
                                Millis(f.created_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO drill_findings (drill_id, text, lesson, owner_unit_id, "
                            "owner, due, task_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id",
                            params));
        f.id = domain::FindingId{InsertedId(rows)};
        return f;
    }

private:
    Status WriteUnits(const domain::Drill& d) {
        for (const auto unit : d.units) {
            const Value params[] = {d.id.value(), unit.value()};
            UNGCUU_RETURN_IF_ERROR(
                Exec(db_,
                     "INSERT INTO drill_units (drill_id, unit_id) VALUES (?, ?) ON CONFLICT "
                     "DO NOTHING",
                     params));
        }
        return core::Ok();
    }

    Status LoadUnits(domain::Drill& d) {
        const Value params[] = {d.id.value()};
        d.units.clear();
        return db_.QueryEach("SELECT unit_id FROM drill_units WHERE drill_id = ? ORDER BY unit_id",
                             params,
                             [&d](const RowView& row) { d.units.emplace_back(row.Int(0)); });
    }

    Connection& db_;
};

}  // namespace

std::unique_ptr<app::DrillRepository> MakeSqlDrillRepository(Connection& db) {
    return std::make_unique<SqlDrillRepository>(db);
}

}  // namespace ungcuu::storage
