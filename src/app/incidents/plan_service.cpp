#include "app/incidents/plan_service.hpp"

#include <fmt/format.h>

#include "app/audit_writer.hpp"

namespace ungcuu::app {

namespace {

core::FieldSnapshot PlanSnapshot(const domain::ResponsePlan& p) {
    core::FieldSnapshot snapshot;
    snapshot.Add("title", std::string_view(p.title))
        .Add("scenario", std::string_view(p.scenario))
        .Add("version", std::string_view(std::to_string(p.version)))
        .Add("state", domain::PlanStateCode(p.state))
        .Add("steps", std::string_view(std::to_string(p.steps.size())))
        .Add("criteria", std::string_view(std::to_string(p.criteria.size())));
    return snapshot;
}

}  // namespace

core::Result<std::vector<domain::ResponsePlan>> PlanService::List(
    const Actor& actor, std::optional<domain::SystemId> system, std::string_view scenario) {
    PlanFilter filter;
    filter.scope = actor.scope.VisibleRoots();
    filter.unrestricted = actor.unrestricted;
    filter.system_id = system;
    filter.scenario = std::string(scenario);
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<domain::ResponsePlan>> {
        return repos.plans.List(filter);
    });
}

core::Result<domain::ResponsePlan> PlanService::Get(const Actor& actor, domain::PlanId id) {
    return store_.Read([&](Repositories& repos) -> core::Result<domain::ResponsePlan> {
        UNGCUU_ASSIGN_OR_RETURN(plan, repos.plans.Get(id));
        if (!actor.unrestricted && !actor.scope.Sees(plan.unit_path)) {
            return core::NotFound("Không tìm thấy phương án.", "Plan not found.");
        }
        return plan;
    });
}

core::Result<domain::ResponsePlan> PlanService::Save(const Actor& actor,
                                                     domain::ResponsePlan plan) {
    for (auto& step : plan.steps) {
        if (step.step.empty()) {
            step.step = "1b";
        }
    }
    UNGCUU_RETURN_IF_ERROR(domain::ValidatePlan(plan, taxonomy_));
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<domain::ResponsePlan> {
        auto unit = repos.units.Get(plan.unit_id);
        if (!unit.ok()) {
            return core::InvalidArgument("Đơn vị không có.", "Unknown unit.");
        }
        UNGCUU_RETURN_IF_ERROR(actor.Authorize(unit->path, domain::Permission::kSystemWrite));
        if (plan.system_id) {
            auto system = repos.systems.Get(*plan.system_id);
            if (!system.ok() ||
                (system->owner_unit_id != unit->id && system->operator_unit_id != unit->id)) {
                return core::InvalidArgument(
                    "Hệ thống không thuộc đơn vị lập phương án (chủ quản hoặc vận hành).",
                    "The system does not belong to the plan's unit (owner or operator).");
            }
        }
        UNGCUU_ASSIGN_OR_RETURN(
            latest, repos.plans.LatestVersion(plan.unit_id, plan.system_id, plan.scenario));
        plan.version = latest + 1;
        plan.state = domain::PlanState::kDraft;
        plan.approved_at.reset();
        plan.approved_by.clear();
        plan.created_at = now;
        plan.unit_path = unit->path;
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.plans.Insert(std::move(plan)));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"plan.save", "response_plan", inserted.id.value(),
                                           &*unit, "{}", PlanSnapshot(inserted).ToJson()}));
        return inserted;
    });
}

core::Result<domain::ResponsePlan> PlanService::Approve(const Actor& actor, domain::PlanId id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<domain::ResponsePlan> {
        UNGCUU_ASSIGN_OR_RETURN(plan, repos.plans.Get(id));
        if (!actor.unrestricted && !actor.scope.Sees(plan.unit_path)) {
            return core::NotFound("Không tìm thấy phương án.", "Plan not found.");
        }
        UNGCUU_RETURN_IF_ERROR(
            actor.Authorize(plan.unit_path, domain::Permission::kDossierApprove));
        if (plan.state != domain::PlanState::kDraft) {
            return core::Conflict(
                fmt::format("Phiên bản {} không phải bản nháp nên không phê duyệt lại được.",
                            plan.version),
                fmt::format("Version {} is not a draft and cannot be approved again.",
                            plan.version));
        }
        PlanFilter same;  // the unit's versions of this plan
        same.unrestricted = true;
        same.unit_id = plan.unit_id;
        same.scenario = plan.scenario;
        same.system_id = plan.system_id;
        UNGCUU_ASSIGN_OR_RETURN(siblings, repos.plans.List(same));
        for (auto& sibling : siblings) {
            if (sibling.system_id == plan.system_id &&
                sibling.state == domain::PlanState::kApproved) {
                sibling.state = domain::PlanState::kRetired;
                UNGCUU_RETURN_IF_ERROR(repos.plans.Update(sibling));
            }
        }
        const auto before = PlanSnapshot(plan).ToJson();
        plan.state = domain::PlanState::kApproved;
        plan.approved_at = now;
        plan.approved_by = actor.login;
        UNGCUU_RETURN_IF_ERROR(repos.plans.Update(plan));
        auto unit = repos.units.Get(plan.unit_id);
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"plan.approve", "response_plan", plan.id.value(),
                        unit.ok() ? &*unit : nullptr, before, PlanSnapshot(plan).ToJson()}));
        return plan;
    });
}

}  // namespace ungcuu::app
