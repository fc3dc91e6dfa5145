// The SQL repository of response plans: versions, steps, criteria, approval.
#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"
#include "storage/sql_helpers.hpp"
#include "storage/sql_incidents.hpp"
#include "storage/sql_repositories.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

// ---- response plans -----------------------------------------------------------------------

constexpr std::string_view kPlanColumns =
    "p.id, p.unit_id, u.path, p.system_id, p.scenario, p.version, p.state, p.title, p.people, "
    "p.tools, p.contractors, p.budget_vnd, p.continuity, p.approved_at, p.approved_by, "
    "p.created_at";

domain::ResponsePlan PlanFromRow(const RowView& row) {
    domain::ResponsePlan p;
    p.id = domain::PlanId{row.Int(0)};
    p.unit_id = domain::UnitId{row.Int(1)};
    p.unit_path = row.Text(2);
    if (!row.IsNull(3)) {
        p.system_id = domain::SystemId{row.Int(3)};
    }
    p.scenario = row.Text(4);
    p.version = static_cast<int>(row.Int(5));
    p.state = domain::ParsePlanState(row.Text(6)).value_or(domain::PlanState::kDraft);
    p.title = row.Text(7);
    p.people = row.Text(8);
    p.tools = row.Text(9);
    p.contractors = row.Text(10);
    p.budget_vnd = row.Int(11);
    p.continuity = row.Text(12);
    p.approved_at = OptTime(row, 13);
    p.approved_by = row.Text(14);
    p.created_at = Time(row, 15);
    return p;
}

class SqlPlanRepository final : public app::PlanRepository {
public:
    explicit SqlPlanRepository(Connection& db) : db_(db) {}

    Result<domain::ResponsePlan> Insert(domain::ResponsePlan plan) override {
        const Value params[] = {plan.unit_id.value(),
                                plan.system_id ? Value{plan.system_id->value()} : Value{nullptr},
                                plan.scenario,
                                std::int64_t{plan.version},
                                std::string(domain::PlanStateCode(plan.state)),
                                plan.title,
                                plan.people,
                                plan.tools,
                                plan.contractors,
                                plan.budget_vnd,
                                plan.continuity,
                                OptMillis(plan.approved_at),
                                plan.approved_by,
                                Millis(plan.created_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "INSERT INTO response_plans (unit_id, system_id, scenario, version, state, title, "
                "people, tools, contractors, budget_vnd, continuity, approved_at, approved_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                params));
        plan.id = domain::PlanId{InsertedId(rows)};
        for (std::size_t k = 0; k < plan.steps.size(); ++k) {
            const auto& step = plan.steps[k];
            const Value row[] = {plan.id.value(), static_cast<std::int64_t>(k),
                                 step.title,      step.lead,
                                 step.step,       std::int64_t{step.due_hours}};
            UNGCUU_RETURN_IF_ERROR(Exec(db_,
                                        "INSERT INTO plan_steps (plan_id, pos, title, lead, "
                                        "step, due_hours) VALUES (?, ?, ?, ?, ?, ?)",
                                        row));
        }
        for (std::size_t k = 0; k < plan.criteria.size(); ++k) {
            const Value row[] = {plan.id.value(), static_cast<std::int64_t>(k),
                                 plan.criteria[k].text, Flag(plan.criteria[k].serious)};
            UNGCUU_RETURN_IF_ERROR(Exec(db_,
                                        "INSERT INTO plan_criteria (plan_id, pos, body, serious) "
                                        "VALUES (?, ?, ?, ?)",
                                        row));
        }
        return plan;
    }

    Status Update(const domain::ResponsePlan& plan) override {
        const Value params[] = {std::string(domain::PlanStateCode(plan.state)),
                                OptMillis(plan.approved_at), plan.approved_by, plan.id.value()};
        return ExpectOneRow(db_.Execute("UPDATE response_plans SET state = ?, approved_at = ?, "
                                        "approved_by = ? WHERE id = ?",
                                        params),
                            "phương án");
    }

    Result<domain::ResponsePlan> Get(domain::PlanId id) override {
        const Value params[] = {id.value()};
        auto plan = QueryOne(db_,
                             fmt::format("SELECT {} FROM response_plans p JOIN units u ON u.id = "
                                         "p.unit_id WHERE p.id = ?",
                                         kPlanColumns),
                             params, PlanFromRow,
                             core::NotFound("Không tìm thấy phương án.", "Plan not found."));
        if (plan.ok()) {
            UNGCUU_RETURN_IF_ERROR(LoadParts(*plan));
        }
        return plan;
    }

    Result<std::vector<domain::ResponsePlan>> List(const app::PlanFilter& filter) override {
        std::string sql = fmt::format(
            "SELECT {} FROM response_plans p JOIN units u ON u.id = p.unit_id WHERE 1 = 1",
            kPlanColumns);
        std::vector<Value> params;
        AppendScopeFilter(sql, params, filter.scope, filter.unrestricted, "u.path");
        if (filter.unit_id) {
            sql += " AND p.unit_id = ?";
            params.emplace_back(filter.unit_id->value());
        }
        if (filter.system_id) {
            sql += " AND p.system_id = ?";
            params.emplace_back(filter.system_id->value());
        }
        if (!filter.scenario.empty()) {
            sql += " AND p.scenario = ?";
            params.emplace_back(filter.scenario);
        }
        sql += " ORDER BY p.unit_id, p.scenario, p.version DESC LIMIT ?";
        params.emplace_back(std::int64_t{filter.limit});
        std::vector<domain::ResponsePlan> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            sql, params, [&out](const RowView& row) { out.push_back(PlanFromRow(row)); }));
        for (auto& plan : out) {
            UNGCUU_RETURN_IF_ERROR(LoadParts(plan));
        }
        return out;
    }

    Result<std::optional<domain::ResponsePlan>> Applicable(std::optional<domain::SystemId> system,
                                                           domain::UnitId unit,
                                                           std::string_view scenario) override {
        std::optional<std::int64_t> found;
        auto take = [&found](const RowView& row) {
            if (!found) {
                found = row.Int(0);
            }
        };
        if (system) {
            const Value params[] = {system->value(), std::string(scenario)};
            UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
                "SELECT id FROM response_plans WHERE system_id = ? AND scenario = ? AND state = "
                "'approved' ORDER BY version DESC LIMIT 1",
                params, take));
        }
        if (!found) {
            const Value params[] = {unit.value(), std::string(scenario)};
            UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
                "SELECT id FROM response_plans WHERE unit_id = ? AND system_id IS NULL AND "
                "scenario = ? AND state = 'approved' ORDER BY version DESC LIMIT 1",
                params, take));
        }
        if (!found) {
            return std::optional<domain::ResponsePlan>();
        }
        auto plan = Get(domain::PlanId{*found});
        if (!plan.ok()) {
            return std::move(plan).error();
        }
        return std::optional<domain::ResponsePlan>(std::move(plan).value());
    }

    Result<int> LatestVersion(domain::UnitId unit,
                              std::optional<domain::SystemId> system,
                              std::string_view scenario) override {
        std::vector<Value> params{unit.value(), std::string(scenario)};
        std::string sql =
            "SELECT COALESCE(MAX(version), 0) FROM response_plans WHERE unit_id = ? AND "
            "scenario = ? AND ";
        if (system) {
            sql += "system_id = ?";
            params.emplace_back(system->value());
        } else {
            sql += "system_id IS NULL";
        }
        UNGCUU_ASSIGN_OR_RETURN(rows, db_.Query(sql, params));
        return static_cast<int>((rows)[0].Int(0));
    }

private:
    Status LoadParts(domain::ResponsePlan& plan) {
        const Value params[] = {plan.id.value()};
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT title, lead, step, due_hours FROM plan_steps WHERE plan_id = ? ORDER BY pos",
            params, [&plan](const RowView& row) {
                plan.steps.push_back(
                    {row.String(0), row.String(1), row.String(2), static_cast<int>(row.Int(3))});
            }));
        return db_.QueryEach(
            "SELECT body, serious FROM plan_criteria WHERE plan_id = ? ORDER BY pos", params,
            [&plan](const RowView& row) {
                plan.criteria.push_back({row.String(0), row.Int(1) != 0, false});
            });
    }

    Connection& db_;
};

}  // namespace

std::unique_ptr<app::PlanRepository> MakeSqlPlanRepository(Connection& db) {
    return std::make_unique<SqlPlanRepository>(db);
}

}  // namespace ungcuu::storage
