// SQL repository of plans as tracked work: plans, their tasks and each executing unit's
// assignment.
#include <fmt/format.h>

#include "storage/sql_helpers.hpp"
#include "storage/sql_network.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

constexpr std::string_view kPlanColumns =
    "p.id, p.unit_id, u.name_vi, u.path, p.number, p.issued_on, p.title, p.period_from, "
    "p.period_to, p.legal_bases, p.objectives, p.created_at, p.created_by";

core::Date DateAt(const RowView& row, std::size_t column) {
    return core::ParseDate(row.Text(column)).value_or(core::Date{});
}

domain::WorkPlan PlanFromRow(const RowView& row) {
    domain::WorkPlan p;
    p.id = domain::WorkPlanId{row.Int(0)};
    p.unit_id = domain::UnitId{row.Int(1)};
    p.unit_name = row.String(2);
    p.unit_path = row.String(3);
    p.number = row.String(4);
    p.issued_on = OptDateAt(row, 5);
    p.title = row.String(6);
    p.period_from = DateAt(row, 7);
    p.period_to = DateAt(row, 8);
    p.legal_bases = row.String(9);
    p.objectives = row.String(10);
    p.created_at = Time(row, 11);
    p.created_by = row.String(12);
    return p;
}

constexpr std::string_view kTaskColumns =
    "id, plan_id, item, content, executor_units, executor_kinds, coordinating, time_frame, "
    "budget_source, budget_estimate, expected_output";

domain::PlanTask TaskFromRow(const RowView& row) {
    domain::PlanTask t;
    t.id = domain::PlanTaskId{row.Int(0)};
    t.plan_id = domain::WorkPlanId{row.Int(1)};
    t.item = row.String(2);
    t.content = row.String(3);
    for (const auto& id : SplitCodes(row.Text(4))) {
        t.executor_units.emplace_back(std::stoll(id));
    }
    for (const auto& code : SplitCodes(row.Text(5))) {
        if (const auto kind = domain::ParseUnitKind(code)) {
            t.executor_kinds.push_back(*kind);
        }
    }
    t.coordinating = row.String(6);
    t.frame = domain::ParseTimeFrame(row.Text(7)).value_or(domain::TimeFrame{});
    t.budget_source = row.String(8);
    if (!row.IsNull(9)) {
        t.budget_estimate = row.Int(9);
    }
    t.expected_output = row.String(10);
    return t;
}

// An assignment with its task's frame and text and its plan's title, number and last day.
constexpr std::string_view kRowColumns =
    "a.id, a.task_id, a.plan_id, a.unit_id, u.name_vi, u.path, a.status, a.progress, "
    "a.evidence, a.status_on, a.updated_at, a.updated_by, a.version, t.time_frame, t.item, "
    "t.content, p.title, p.number, p.period_to";
constexpr std::string_view kRowFrom =
    "work_plan_assignments a JOIN units u ON u.id = a.unit_id JOIN work_plan_tasks t ON t.id = "
    "a.task_id JOIN work_plans p ON p.id = a.plan_id";

void ReadRow(const RowView& row, app::AssignmentRow& r) {
    auto& a = r.assignment;
    a.id = domain::PlanAssignmentId{row.Int(0)};
    a.task_id = domain::PlanTaskId{row.Int(1)};
    a.plan_id = domain::WorkPlanId{row.Int(2)};
    a.unit_id = domain::UnitId{row.Int(3)};
    a.unit_name = row.String(4);
    a.unit_path = row.String(5);
    a.status =
        domain::ParseAssignmentStatus(row.Text(6)).value_or(domain::AssignmentStatus::kNotStarted);
    a.progress = static_cast<int>(row.Int(7));
    a.evidence = row.String(8);
    a.status_on = OptDateAt(row, 9);
    a.updated_at = OptTime(row, 10);
    a.updated_by = row.String(11);
    a.version = row.Int(12);
    r.frame = domain::ParseTimeFrame(row.Text(13)).value_or(domain::TimeFrame{});
    r.task_item = row.String(14);
    r.task_content = row.String(15);
    r.plan_title = row.String(16);
    r.plan_number = row.String(17);
    r.plan_to = DateAt(row, 18);
}

app::AssignmentRow RowFrom(const RowView& row) {
    app::AssignmentRow r;
    ReadRow(row, r);
    return r;
}

class SqlWorkPlanRepository final : public app::WorkPlanRepository {
public:
    explicit SqlWorkPlanRepository(Connection& db) : db_(db) {}

    Result<domain::WorkPlan> InsertPlan(domain::WorkPlan p) override {
        const Value params[] = {p.unit_id.value(),
                                p.number,
                                OptDateValue(p.issued_on),
                                p.title,
                                core::FormatDate(p.period_from),
                                core::FormatDate(p.period_to),
                                p.legal_bases,
                                p.objectives,
                                Millis(p.created_at),
                                p.created_by};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO work_plans (unit_id, number, issued_on, title, "
                            "period_from, period_to, legal_bases, objectives, created_at, "
                            "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            params));
        p.id = domain::WorkPlanId{InsertedId(rows)};
        return p;
    }

    Result<domain::WorkPlan> GetPlan(domain::WorkPlanId id) override {
        const Value params[] = {id.value()};
        return QueryOne(
            db_,
            fmt::format(
                "SELECT {} FROM work_plans p JOIN units u ON u.id = p.unit_id WHERE p.id = ?",
                kPlanColumns),
            params, PlanFromRow, core::NotFound("Không tìm thấy kế hoạch.", "Plan not found."));
    }

    Result<std::vector<domain::WorkPlan>> Plans(const std::vector<domain::ScopeRoot>& scope,
                                                int limit) override {
        std::vector<Value> params;
        const std::string issued = ScopeCondition(params, scope, false, "u.path");
        const std::string assigned = ScopeCondition(params, scope, false, "au.path");
        params.emplace_back(std::int64_t{limit});
        std::vector<domain::WorkPlan> plans;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM work_plans p JOIN units u ON u.id = p.unit_id WHERE {} OR "
                        "EXISTS (SELECT 1 FROM work_plan_assignments a JOIN units au ON au.id = "
                        "a.unit_id WHERE a.plan_id = p.id AND {}) ORDER BY p.period_from DESC, "
                        "p.id DESC LIMIT ?",
                        kPlanColumns, issued, assigned),
            params, [&plans](const RowView& row) { plans.push_back(PlanFromRow(row)); }));
        return plans;
    }

    Status UpdatePlan(const domain::WorkPlan& p) override {
        const Value params[] = {p.number,
                                OptDateValue(p.issued_on),
                                p.title,
                                core::FormatDate(p.period_from),
                                core::FormatDate(p.period_to),
                                p.legal_bases,
                                p.objectives,
                                p.id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE work_plans SET number = ?, issued_on = ?, title = ?, period_from = "
                        "?, period_to = ?, legal_bases = ?, objectives = ? WHERE id = ?",
                        params),
            "kế hoạch");
    }

    Status UpdateTask(const domain::PlanTask& t) override {
        const Value params[] = {t.item,
                                t.content,
                                t.coordinating,
                                t.frame.Code(),
                                t.budget_source,
                                t.budget_estimate ? Value{*t.budget_estimate} : Value{nullptr},
                                t.expected_output,
                                t.id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE work_plan_tasks SET item = ?, content = ?, coordinating = ?, "
                        "time_frame = ?, budget_source = ?, budget_estimate = ?, expected_output "
                        "= ? WHERE id = ?",
                        params),
            "nhiệm vụ");
    }

    Status DeleteTask(domain::PlanTaskId task) override {
        const Value params[] = {task.value()};
        UNGCUU_RETURN_IF_ERROR(
            Exec(db_, "DELETE FROM work_plan_assignments WHERE task_id = ?", params));
        return ExpectOneRow(db_.Execute("DELETE FROM work_plan_tasks WHERE id = ?", params),
                            "nhiệm vụ");
    }

    Result<domain::PlanTask> InsertTask(domain::PlanTask t) override {
        std::vector<std::string> units;
        for (const auto id : t.executor_units) {
            units.push_back(std::to_string(id.value()));
        }
        std::vector<std::string> kinds;
        for (const auto kind : t.executor_kinds) {
            kinds.emplace_back(domain::UnitKindCode(kind));
        }
        const Value params[] = {t.plan_id.value(),
                                t.item,
                                t.content,
                                JoinCodes(units),
                                JoinCodes(kinds),
                                t.coordinating,
                                t.frame.Code(),
                                t.budget_source,
                                t.budget_estimate ? Value{*t.budget_estimate} : Value{nullptr},
                                t.expected_output};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO work_plan_tasks (plan_id, item, content, executor_units, "
                            "executor_kinds, coordinating, time_frame, budget_source, "
                            "budget_estimate, expected_output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "?) RETURNING id",
                            params));
        t.id = domain::PlanTaskId{InsertedId(rows)};
        return t;
    }

    Result<std::vector<domain::PlanTask>> Tasks(domain::WorkPlanId plan) override {
        const Value params[] = {plan.value()};
        std::vector<domain::PlanTask> tasks;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM work_plan_tasks WHERE plan_id = ? ORDER BY id",
                        kTaskColumns),
            params, [&tasks](const RowView& row) { tasks.push_back(TaskFromRow(row)); }));
        return tasks;
    }

    Result<domain::Assignment> InsertAssignment(domain::Assignment a) override {
        const Value params[] = {a.task_id.value(), a.plan_id.value(), a.unit_id.value(),
                                std::string(domain::AssignmentStatusCode(a.status))};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO work_plan_assignments (task_id, plan_id, unit_id, status) "
                            "VALUES (?, ?, ?, ?) ON CONFLICT (task_id, unit_id) DO NOTHING "
                            "RETURNING id",
                            params));
        if (rows.empty()) {
            return core::Conflict("Đơn vị đã được giao nhiệm vụ này.",
                                  "The unit already has this task.");
        }
        a.id = domain::PlanAssignmentId{rows[0].Int(0)};
        a.version = 0;
        return a;
    }

    Result<app::AssignmentRow> GetAssignment(domain::PlanAssignmentId id) override {
        const Value params[] = {id.value()};
        return QueryOne(db_, fmt::format("SELECT {} FROM {} WHERE a.id = ?", kRowColumns, kRowFrom),
                        params, RowFrom,
                        core::NotFound("Không tìm thấy nhiệm vụ.", "Task not found."));
    }

    Result<domain::Assignment> UpdateAssignment(domain::Assignment a) override {
        const Value params[] = {std::string(domain::AssignmentStatusCode(a.status)),
                                std::int64_t{a.progress},
                                a.evidence,
                                OptDateValue(a.status_on),
                                OptMillis(a.updated_at),
                                a.updated_by,
                                a.id.value(),
                                a.version};
        UNGCUU_ASSIGN_OR_RETURN(
            changed,
            db_.Execute("UPDATE work_plan_assignments SET status = ?, progress = ?, evidence = ?, "
                        "status_on = ?, updated_at = ?, updated_by = ?, version = version + 1 "
                        "WHERE id = ? AND version = ?",
                        params));
        if (changed == 0) {
            return core::Conflict(
                "Tiến độ vừa được người khác cập nhật; hãy tải lại rồi làm lại.",
                "The progress was updated by someone else meanwhile; reload and try again.");
        }
        ++a.version;
        return a;
    }

    Result<std::vector<app::AssignmentRow>> PlanAssignments(
        domain::WorkPlanId plan, const std::vector<domain::ScopeRoot>& scope) override {
        std::vector<Value> params = {plan.value()};
        const std::string within = ScopeCondition(params, scope, false, "u.path");
        std::vector<app::AssignmentRow> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} WHERE a.plan_id = ? AND {} ORDER BY a.task_id, u.path",
                        kRowColumns, kRowFrom, within),
            params, [&out](const RowView& row) { out.push_back(RowFrom(row)); }));
        return out;
    }

    Result<std::int64_t> EachAssignment(
        std::string_view subtree,
        std::int64_t limit,
        const std::function<void(const app::AssignmentRow&)>& visit) override {
        const std::vector<Value> params = {std::string(subtree), SubtreeEnd(subtree), limit};
        std::int64_t visited = 0;
        app::AssignmentRow r;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} WHERE u.path >= ? AND u.path < ? ORDER BY u.path, "
                        "a.plan_id, a.task_id LIMIT ?",
                        kRowColumns, kRowFrom),
            params, [&](const RowView& row) {
                ReadRow(row, r);
                visit(r);
                ++visited;
            }));
        return visited;
    }

private:
    Connection& db_;
};

}  // namespace

std::unique_ptr<app::WorkPlanRepository> MakeSqlWorkPlanRepository(Connection& db) {
    return std::make_unique<SqlWorkPlanRepository>(db);
}

}  // namespace ungcuu::storage
