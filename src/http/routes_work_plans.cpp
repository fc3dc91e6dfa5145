// Plans as tracked work: a unit's plans with their tasks, each task's assignments to the
// executing units with where they stand, adding tasks by hand or from a table, the list of
// assignments of a subtree (overdue, not started…), and an executing unit's progress.
#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::object RollUpJson(const domain::TaskRollUp& r) {
    return {
        {"total", r.total}, {"not_started", r.not_started},       {"in_progress", r.in_progress},
        {"done", r.done},   {"not_applicable", r.not_applicable}, {"overdue", r.overdue}};
}

json::object FrameJson(const domain::TimeFrame& f) {
    return {{"code", f.Code()}, {"label_vi", f.LabelVi()}};
}

json::object PlanHeadJson(const domain::WorkPlan& p) {
    return {{"id", p.id.value()},
            {"unit_id", p.unit_id.value()},
            {"unit_name", p.unit_name},
            {"number", p.number},
            {"issued_on", DateJson(p.issued_on)},
            {"title", p.title},
            {"period_from", core::FormatDate(p.period_from)},
            {"period_to", core::FormatDate(p.period_to)},
            {"legal_bases", p.legal_bases},
            {"objectives", p.objectives},
            {"created_at", core::FormatRfc3339(p.created_at)},
            {"created_by", p.created_by}};
}

json::object AssignmentJson(const app::AssignmentView& v) {
    const auto& a = v.row.assignment;
    return {{"id", a.id.value()},
            {"plan_id", a.plan_id.value()},
            {"task_id", a.task_id.value()},
            {"unit_id", a.unit_id.value()},
            {"unit_name", a.unit_name},
            {"status", domain::AssignmentStatusCode(v.standing.status)},
            {"recorded_status", domain::AssignmentStatusCode(a.status)},
            {"progress", v.standing.progress},
            {"due_on", DateJson(v.standing.due_on)},
            {"overdue", v.standing.overdue},
            {"evidence", a.evidence},
            {"status_on", DateJson(a.status_on)},
            {"updated_at", OptTimeJson(a.updated_at)},
            {"updated_by", a.updated_by},
            {"version", a.version},
            {"can_update", v.can_update},
            {"task_item", v.row.task_item},
            {"task_content", v.row.task_content},
            {"frame", FrameJson(v.row.frame)},
            {"plan_title", v.row.plan_title},
            {"plan_number", v.row.plan_number}};
}

json::object PlanJson(const app::PlanView& v) {
    auto tasks = ArrayJson(v.tasks, [](const app::TaskView& tv) {
        const auto& t = tv.task;
        json::array kinds;
        for (const auto kind : t.executor_kinds) {
            kinds.emplace_back(domain::UnitKindCode(kind));
        }
        json::array units;
        for (const auto id : t.executor_units) {
            units.emplace_back(id.value());
        }
        json::array names;
        for (const auto& name : tv.executor_names) {
            names.emplace_back(name);
        }
        return json::object{{"id", t.id.value()},
                            {"item", t.item},
                            {"content", t.content},
                            {"executor_unit_ids", std::move(units)},
                            {"executor_names", std::move(names)},
                            {"executor_kinds", std::move(kinds)},
                            {"coordinating", t.coordinating},
                            {"frame", FrameJson(t.frame)},
                            {"budget_source", t.budget_source},
                            {"budget_estimate", t.budget_estimate ? json::value(*t.budget_estimate)
                                                                  : json::value(nullptr)},
                            {"expected_output", t.expected_output},
                            {"roll_up", RollUpJson(tv.roll_up)},
                            {"assignments", ArrayJson(tv.assignments, AssignmentJson)}};
    });
    auto out = PlanHeadJson(v.plan);
    out["today"] = core::FormatDate(v.today);
    out["can_edit"] = v.can_edit;
    out["truncated"] = v.truncated;
    out["budget_total"] = v.budget_total;
    out["roll_up"] = RollUpJson(v.roll_up);
    out["tasks"] = std::move(tasks);
    return out;
}

/// A task's fields after its executing units: coordinating units, time frame, budget, output.
void ReadTaskRest(jsonio::ObjectReader& item, domain::FieldErrors& errors, domain::PlanTask& task) {
    task.coordinating = item.OptString("coordinating").value_or("");
    const auto frame = item.String("time_frame");
    if (const auto parsed = domain::ParseTimeFrame(frame)) {
        task.frame = *parsed;
    } else {
        errors.Add("time_frame",
                   "thời gian thực hiện là một ngày (YYYY-MM-DD), một quý (2026-Q3), \"yearly\" "
                   "(hằng năm) hoặc \"continuous\" (thường xuyên)",
                   "a time frame is a day (YYYY-MM-DD), a quarter (2026-Q3), \"yearly\" or "
                   "\"continuous\"");
    }
    task.budget_source = item.OptString("budget_source").value_or("");
    task.budget_estimate = item.OptInt("budget_estimate");
    task.expected_output = item.OptString("expected_output").value_or("");
}

/// A task from its JSON (as in the plan's body or added alone); a correction names no executing
/// units (they stay).
domain::PlanTask ReadTask(jsonio::ObjectReader& item,
                          domain::FieldErrors& errors,
                          bool with_executors = true) {
    domain::PlanTask task;
    task.item = item.OptString("item").value_or("");
    task.content = item.String("content");
    for (const auto id :
         with_executors
             ? item.OptIntArray("executor_unit_ids").value_or(std::vector<std::int64_t>{})
             : std::vector<std::int64_t>{}) {
        task.executor_units.emplace_back(id);
    }
    for (const auto& code :
         with_executors ? item.OptStringArray("executor_kinds").value_or(std::vector<std::string>{})
                        : std::vector<std::string>{}) {
        if (const auto kind = domain::ParseUnitKind(code)) {
            task.executor_kinds.push_back(*kind);
        } else {
            errors.Add("executor_kinds", fmt::format("loại đơn vị \"{}\" không có", code),
                       fmt::format("no unit kind \"{}\"", code));
        }
    }
    ReadTaskRest(item, errors, task);
    return task;
}

/// A plan's head: number, date of issue, title, period, legal bases, objectives.
void ReadHead(jsonio::ObjectReader& reader, domain::FieldErrors& errors, domain::WorkPlan& plan) {
    plan.number = reader.OptString("number").value_or("");
    const auto issued_on = reader.OptString("issued_on");
    plan.title = reader.String("title");
    const auto from = core::ParseDate(reader.String("period_from"));
    const auto to = core::ParseDate(reader.String("period_to"));
    plan.legal_bases = reader.OptString("legal_bases").value_or("");
    plan.objectives = reader.OptString("objectives").value_or("");
    if (issued_on && !issued_on->empty()) {
        plan.issued_on = core::ParseDate(*issued_on);
        if (!plan.issued_on) {
            errors.Add("issued_on", "ngày ban hành viết dạng YYYY-MM-DD",
                       "the date of issue is written YYYY-MM-DD");
        }
    }
    if (from) {
        plan.period_from = *from;
    } else {
        errors.Add("period_from", "ngày bắt đầu viết dạng YYYY-MM-DD",
                   "the first day is written YYYY-MM-DD");
    }
    if (to) {
        plan.period_to = *to;
    } else {
        errors.Add("period_to", "ngày kết thúc viết dạng YYYY-MM-DD",
                   "the last day is written YYYY-MM-DD");
    }
}

// POST /api/v1/work-plans
Result<ApiReply> PostPlan(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::WorkPlan plan;
    plan.unit_id = domain::UnitId{reader.Int("unit_id")};
    ReadHead(reader, errors, plan);
    std::vector<domain::PlanTask> tasks;
    if (reader.Has("tasks")) {
        for (auto& item : reader.ObjectArray("tasks", app::WorkPlanService::kMaxTasks)) {
            tasks.push_back(ReadTask(item, errors));
            errors.AddAll(item.Finish());
        }
    }
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view,
                            s.work_plans.Create(call.actor, std::move(plan), std::move(tasks)));
    return Ok(PlanJson(view), bhttp::status::created);
}

// POST /api/v1/work-plans/{}/tasks
Result<ApiReply> PostTask(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    auto task = ReadTask(reader, errors);
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(
        view, s.work_plans.AddTask(call.actor, domain::WorkPlanId{id}, std::move(task)));
    return Ok(PlanJson(view), bhttp::status::created);
}

// PUT /api/v1/work-plans/{}
Result<ApiReply> PutPlan(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::WorkPlan head;
    ReadHead(reader, errors, head);
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(
        view, s.work_plans.UpdatePlan(call.actor, domain::WorkPlanId{id}, std::move(head)));
    return Ok(PlanJson(view));
}

// PUT /api/v1/work-plans/{}/tasks/{}
Result<ApiReply> PutTask(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(task_id, IdParam(call, 1));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    auto task = ReadTask(reader, errors, false);
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view,
                            s.work_plans.UpdateTask(call.actor, domain::WorkPlanId{id},
                                                    domain::PlanTaskId{task_id}, std::move(task)));
    return Ok(PlanJson(view));
}

// GET /api/v1/plan-assignments
Result<ApiReply> GetAssignments(const Services& s, Call& call) {
    app::AssignmentQuery query;
    UNGCUU_ASSIGN_OR_RETURN(unit, OptUnitQuery(call));
    query.unit = unit;
    const auto filter = app::ParseAssignmentFilter(QueryText(call, "filter"));
    if (!filter) {
        return core::InvalidArgument("filter là all, open, overdue hoặc not_started.",
                                     "filter is all, open, overdue or not_started.");
    }
    query.filter = *filter;
    UNGCUU_ASSIGN_OR_RETURN(mine, OptBoolQuery(call, "mine"));
    query.mine = mine.value_or(false);
    UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
    query.limit = limit;
    UNGCUU_ASSIGN_OR_RETURN(list, s.work_plans.Assignments(call.actor, query));
    return Ok(json::object{{"items", ArrayJson(list.items, AssignmentJson)},
                           {"roll_up", RollUpJson(list.roll_up)},
                           {"truncated", list.truncated}});
}

// PUT /api/v1/plan-assignments/{}
Result<ApiReply> PutAssignment(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    app::ProgressUpdate update;
    const auto status = reader.String("status");
    update.progress =
        static_cast<int>(std::clamp<std::int64_t>(reader.OptInt("progress").value_or(0), -1, 101));
    update.evidence = reader.OptString("evidence").value_or("");
    update.version = reader.Int("version");
    errors.AddAll(reader.Finish());
    if (const auto parsed = domain::ParseAssignmentStatus(status)) {
        update.status = *parsed;
    } else {
        errors.Add("status", "trạng thái là not_started, in_progress, done hoặc not_applicable",
                   "status is not_started, in_progress, done or not_applicable");
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view,
                            s.work_plans.Update(call.actor, domain::PlanAssignmentId{id}, update));
    return Ok(AssignmentJson(view));
}

}  // namespace

void AddWorkPlanRoutes(RouteTable& table, Services s) {
    table.Add(verb::get, "/api/v1/work-plans", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(plans, s.work_plans.Plans(call.actor));
                  return Ok(json::object{{"items", ArrayJson(plans, [](const app::PlanSummary& p) {
                                              auto out = PlanHeadJson(p.plan);
                                              out["tasks"] = p.tasks;
                                              out["roll_up"] = RollUpJson(p.roll_up);
                                              return out;
                                          })}});
              });
    table
        .Add(verb::post, "/api/v1/work-plans", Access::kSignedIn,
             [s](Call& call) { return PostPlan(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table.Add(
        verb::get, "/api/v1/work-plans/{}", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(view, s.work_plans.Plan(call.actor, domain::WorkPlanId{id}));
            return Ok(PlanJson(view));
        });
    table
        .Add(verb::put, "/api/v1/work-plans/{}", Access::kSignedIn,
             [s](Call& call) { return PutPlan(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .Add(verb::put, "/api/v1/work-plans/{}/tasks/{}", Access::kSignedIn,
             [s](Call& call) { return PutTask(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .Add(verb::delete_, "/api/v1/work-plans/{}/tasks/{}", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 UNGCUU_ASSIGN_OR_RETURN(task, IdParam(call, 1));
                 UNGCUU_ASSIGN_OR_RETURN(view,
                                         s.work_plans.DeleteTask(call.actor, domain::WorkPlanId{id},
                                                                 domain::PlanTaskId{task}));
                 return Ok(PlanJson(view));
             })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .Add(verb::post, "/api/v1/work-plans/{}/tasks", Access::kSignedIn,
             [s](Call& call) { return PostTask(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .AddRaw(verb::post, "/api/v1/work-plans/{}/tasks/import", Access::kSignedIn,
                [s](Call& call) -> Result<ApiReply> {
                    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                    UNGCUU_ASSIGN_OR_RETURN(rows, s.tables.Read(call.body()));
                    UNGCUU_ASSIGN_OR_RETURN(
                        result, s.work_plans.ImportTasks(call.actor, domain::WorkPlanId{id},
                                                         std::move(rows)));
                    return Ok(json::object{{"created", result.created},
                                           {"assignments", result.assignments}});
                })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .Add(verb::post, "/api/v1/work-plans/{}/assign-new", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 UNGCUU_ASSIGN_OR_RETURN(
                     added, s.work_plans.AssignNewUnits(call.actor, domain::WorkPlanId{id}));
                 return Ok(json::object{{"added", added}});
             })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table.Add(verb::get, "/api/v1/plan-assignments", Access::kSignedIn,
              [s](Call& call) { return GetAssignments(s, call); });
    table
        .Add(verb::put, "/api/v1/plan-assignments/{}", Access::kSignedIn,
             [s](Call& call) { return PutAssignment(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentReport);
}

}  // namespace ungcuu::http
