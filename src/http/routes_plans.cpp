// Response plans (phương án ứng cứu): versions per system (or unit) and scenario, approval.
#include <fmt/format.h>

#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::object PlanJson(const domain::ResponsePlan& p) {
    json::array steps;
    for (const auto& step : p.steps) {
        steps.push_back({{"title", step.title},
                         {"lead", step.lead},
                         {"step", step.step},
                         {"due_hours", step.due_hours}});
    }
    json::array criteria;
    for (const auto& c : p.criteria) {
        criteria.push_back({{"text", c.text}, {"serious", c.serious}});
    }
    return {{"id", p.id.value()},
            {"unit_id", p.unit_id.value()},
            {"system_id", p.system_id ? json::value(p.system_id->value()) : json::value(nullptr)},
            {"scenario", p.scenario},
            {"version", p.version},
            {"state", domain::PlanStateCode(p.state)},
            {"title", p.title},
            {"steps", std::move(steps)},
            {"criteria", std::move(criteria)},
            {"people", p.people},
            {"tools", p.tools},
            {"contractors", p.contractors},
            {"budget_vnd", p.budget_vnd},
            {"continuity", p.continuity},
            {"approved_at", p.approved_at ? json::value(core::FormatRfc3339(*p.approved_at))
                                          : json::value(nullptr)},
            {"approved_by", p.approved_by},
            {"created_at", core::FormatRfc3339(p.created_at)}};
}

Result<domain::ResponsePlan> ReadPlan(const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::ResponsePlan plan;
    domain::FieldErrors errors;
    plan.unit_id = domain::UnitId{reader.Int("unit_id")};
    if (const auto system = reader.OptInt("system_id")) {
        plan.system_id = domain::SystemId{*system};
    }
    plan.scenario = reader.String("scenario");
    plan.title = reader.String("title");
    for (auto& item : reader.ObjectArray("steps")) {
        domain::PlanStep step;
        step.title = item.String("title");
        step.lead = item.OptString("lead").value_or("");
        step.step = item.OptString("step").value_or("");
        step.due_hours = static_cast<int>(item.OptInt("due_hours").value_or(0));
        errors.AddAll(item.Finish());
        plan.steps.push_back(std::move(step));
    }
    for (auto& item : reader.ObjectArray("criteria")) {
        domain::PlanCriterion criterion;
        criterion.text = item.String("text");
        criterion.serious = item.OptBool("serious").value_or(false);
        errors.AddAll(item.Finish());
        plan.criteria.push_back(std::move(criterion));
    }
    plan.people = reader.OptString("people").value_or("");
    plan.tools = reader.OptString("tools").value_or("");
    plan.contractors = reader.OptString("contractors").value_or("");
    plan.budget_vnd = reader.OptInt("budget_vnd").value_or(0);
    plan.continuity = reader.OptString("continuity").value_or("");
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    return plan;
}

// GET /api/v1/plans
Result<ApiReply> GetPlans(const Services& s, Call& call) {
    std::optional<domain::SystemId> system;
    if (const auto text = QueryText(call, "system_id"); !text.empty()) {
        const auto id = core::ParseInt64(text);
        if (!id) {
            return core::InvalidArgument("system_id phải là số.", "system_id must be a number.");
        }
        system = domain::SystemId{*id};
    }
    UNGCUU_ASSIGN_OR_RETURN(plans, s.plans.List(call.actor, system, QueryText(call, "scenario")));
    json::array items;
    for (const auto& plan : plans) {
        items.push_back(PlanJson(plan));
    }
    return Ok(json::object{{"items", std::move(items)}});
}

}  // namespace

void AddPlanRoutes(RouteTable& table, Services s) {
    table.Add(verb::get, "/api/v1/plans", Access::kSignedIn,
              [s](Call& call) { return GetPlans(s, call); });
    table.Add(verb::get, "/api/v1/plans/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(plan, s.plans.Get(call.actor, domain::PlanId{id}));
                  return Ok(PlanJson(plan));
              });
    table.Add(verb::post, "/api/v1/plans", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(plan, ReadPlan(call));
        UNGCUU_ASSIGN_OR_RETURN(saved, s.plans.Save(call.actor, std::move(plan)));
        return Ok(PlanJson(saved), bhttp::status::created);
    });
    table.Add(verb::post, "/api/v1/plans/{}/approve", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(plan, s.plans.Approve(call.actor, domain::PlanId{id}));
                  return Ok(PlanJson(plan));
              });
}

}  // namespace ungcuu::http
