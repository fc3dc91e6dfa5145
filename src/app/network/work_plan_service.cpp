#include "app/network/work_plan_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "app/audit_writer.hpp"
#include "app/import_table.hpp"
#include "app/unit_access.hpp"
#include "domain/validation.hpp"

namespace ungcuu::app {

namespace {

constexpr int kMaxSubtreeUnits = 5000;
constexpr std::int64_t kMaxListed = 2000;
constexpr std::int64_t kMaxCounted = 200000;

/// The columns of an imported table of tasks; the first three are required.
constexpr std::array<std::string_view, 8> kTaskColumns = {
    "content",      "executors",     "time_frame",      "item",
    "coordinating", "budget_source", "budget_estimate", "expected_output"};

/// Vietnamese headers as plans' tables write them (folded), and the column each means.
constexpr std::array<ImportTable::Alias, 20> kHeaderAliases = {{
    {"stt", "item"},
    {"tt", "item"},
    {"muc", "item"},
    {"noi dung", "content"},
    {"noi dung thuc hien", "content"},
    {"nhiem vu", "content"},
    {"noi dung nhiem vu", "content"},
    {"don vi chu tri", "executors"},
    {"chu tri", "executors"},
    {"don vi phoi hop", "coordinating"},
    {"phoi hop", "coordinating"},
    {"thoi gian", "time_frame"},
    {"thoi gian thuc hien", "time_frame"},
    {"thoi han", "time_frame"},
    {"nguon kinh phi", "budget_source"},
    {"du toan", "budget_estimate"},
    {"du toan (dong)", "budget_estimate"},
    {"kinh phi du kien", "budget_estimate"},
    {"san pham", "expected_output"},
    {"san pham du kien", "expected_output"},
}};

std::vector<domain::ScopeRoot> RootsOf(const Actor& actor) {
    if (actor.unrestricted) {
        return {domain::ScopeRoot{"/", false}};
    }
    return actor.scope.VisibleRoots();
}

bool Within(const std::vector<domain::ScopeRoot>& roots, std::string_view path) {
    return std::any_of(roots.begin(), roots.end(), [path](const domain::ScopeRoot& root) {
        return root.exact ? path == root.path : domain::IsWithin(path, root.path);
    });
}

/// The active units a task may go to; a subtree larger than a plan handles is refused rather
/// than cut (a task "for each commune" must reach each one).
core::Result<std::vector<domain::Unit>> SubtreeUnits(Repositories& repos,
                                                     const domain::Unit& issuer) {
    UnitFilter filter;
    filter.scope = {domain::ScopeRoot{issuer.path, false}};
    filter.active = true;
    filter.limit = kMaxSubtreeUnits + 1;
    UNGCUU_ASSIGN_OR_RETURN(units, repos.units.List(filter));
    if (units.size() > static_cast<std::size_t>(kMaxSubtreeUnits)) {
        return core::InvalidArgument(
            fmt::format("{} có hơn {} đơn vị trực thuộc; kế hoạch ở cấp này chưa được hỗ trợ — "
                        "hãy ban hành kế hoạch tại từng đơn vị cấp dưới.",
                        issuer.name_vi, kMaxSubtreeUnits),
            fmt::format("{} has more than {} units below it; plans at this level are not "
                        "supported — issue the plan at each unit below it.",
                        issuer.name_vi, kMaxSubtreeUnits));
    }
    return units;
}

/// A plan with its issuing unit, when the caller may change it (kIncidentHandle at the issuer).
struct Editable {
    domain::WorkPlan plan;
    domain::Unit issuer;
};

core::Result<Editable> EditablePlan(Repositories& repos,
                                    const Actor& actor,
                                    domain::WorkPlanId id) {
    UNGCUU_ASSIGN_OR_RETURN(plan, repos.work_plans.GetPlan(id));
    UNGCUU_ASSIGN_OR_RETURN(
        issuer, LoadUnitFor(repos, actor, plan.unit_id, domain::Permission::kIncidentHandle));
    return Editable{std::move(plan), std::move(issuer)};
}

core::Error TooManyTasks(int max) {
    return core::InvalidArgument(
        fmt::format("Một kế hoạch có tối đa {} nhiệm vụ; hãy chia thành nhiều kế hoạch.", max),
        fmt::format("A plan holds at most {} tasks; split it into several plans.", max));
}

/// May the caller record the progress of this assignment (kIncidentReport on its unit)?
bool CanUpdate(const Actor& actor, const AssignmentRow& row) {
    return actor.Authorize(row.assignment.unit_path, domain::Permission::kIncidentReport).ok();
}

AssignmentView MakeView(const Actor& actor, AssignmentRow row, core::Date today) {
    AssignmentView view;
    view.standing = domain::StandingOf(row.assignment, row.frame, today, row.plan_to);
    view.can_update = CanUpdate(actor, row);
    view.row = std::move(row);
    return view;
}

/// The assignment is to a unit where the caller holds a role itself (not one below it): the
/// tasks that are the caller's own work.
bool HoldsRoleAt(const Actor& actor, const AssignmentRow& row) {
    const auto& held = actor.scope.assignments();
    return std::any_of(held.begin(), held.end(), [&row](const domain::RoleAssignment& a) {
        return a.unit_path == row.assignment.unit_path;
    });
}

bool Matches(AssignmentFilter filter, const domain::Standing& s) {
    switch (filter) {
        case AssignmentFilter::kAll:
            return true;
        case AssignmentFilter::kOpen:
            return s.status == domain::AssignmentStatus::kNotStarted ||
                   s.status == domain::AssignmentStatus::kInProgress;
        case AssignmentFilter::kOverdue:
            return s.overdue;
        case AssignmentFilter::kNotStarted:
            return s.status == domain::AssignmentStatus::kNotStarted;
    }
    return true;
}

/// A cell of executing units, split at ';' and line ends ("Sở TT&TT; UBND các xã").
std::vector<std::string> ExecutorTokens(std::string_view cell) {
    std::vector<std::string> tokens;
    std::string current;
    const auto flush = [&] {
        std::string_view token = core::Trim(current);
        while (!token.empty() && (token.front() == '-' || token.front() == '+')) {
            token = core::Trim(token.substr(1));
        }
        if (!token.empty()) {
            tokens.emplace_back(token);
        }
        current.clear();
    };
    for (const char c : cell) {
        if (c == ';' || c == '\n' || c == '\r') {
            flush();
        } else {
            current.push_back(c);
        }
    }
    flush();
    return tokens;
}

/// A kind named as a group ("các xã", "UBND các huyện", "các sở, ban, ngành", "mỗi xã"), or by
/// its code.
std::optional<domain::UnitKind> GroupKind(std::string_view token) {
    if (auto kind = domain::ParseUnitKind(token); kind && domain::AssignableKind(*kind)) {
        return kind;
    }
    const std::string f = " " + core::FoldForSearch(token) + " ";
    const bool group = f.find(" cac ") != std::string::npos ||
                       f.find(" moi ") != std::string::npos ||
                       f.find(" tung ") != std::string::npos;
    if (!group) {
        return std::nullopt;
    }
    constexpr std::array<std::pair<std::string_view, domain::UnitKind>, 9> kWords = {{
        {" so", domain::UnitKind::kDepartment},
        {" ban, nganh", domain::UnitKind::kDepartment},
        {" huyen", domain::UnitKind::kDistrict},
        {" xa", domain::UnitKind::kCommune},
        {" phuong", domain::UnitKind::kCommune},
        {" doi ung cuu", domain::UnitKind::kResponseTeam},
        {" trung tam giam sat", domain::UnitKind::kSoc},
        {" soc", domain::UnitKind::kSoc},
        {" doanh nghiep", domain::UnitKind::kEnterprise},
    }};
    for (const auto& [word, kind] : kWords) {
        if (f.find(std::string(word) + " ") != std::string::npos ||
            f.find(std::string(word) + ",") != std::string::npos) {
            return kind;
        }
    }
    return std::nullopt;
}

/// "15.000.000", "15,000,000", "15 000 000" → 15000000; nullopt when it is not such a number.
std::optional<std::int64_t> Amount(std::string_view cell) {
    std::int64_t value = 0;
    int digits = 0;
    for (const char c : cell) {
        if (c >= '0' && c <= '9') {
            if (++digits > 18) {
                return std::nullopt;
            }
            value = value * 10 + (c - '0');
        } else if (c != '.' && c != ',' && c != ' ') {
            return std::nullopt;
        }
    }
    return digits == 0 ? std::nullopt : std::optional<std::int64_t>(value);
}

}  // namespace

std::optional<AssignmentFilter> ParseAssignmentFilter(std::string_view code) {
    if (code.empty() || code == "all") {
        return AssignmentFilter::kAll;
    }
    if (code == "open") {
        return AssignmentFilter::kOpen;
    }
    if (code == "overdue") {
        return AssignmentFilter::kOverdue;
    }
    if (code == "not_started") {
        return AssignmentFilter::kNotStarted;
    }
    return std::nullopt;
}

core::Result<domain::Figures> PlanTaskFigures(Repositories& repos,
                                              std::string_view subtree,
                                              core::Date today) {
    domain::TaskRollUp roll_up;
    UNGCUU_RETURN_IF_ERROR(
        repos.work_plans.EachAssignment(subtree, kMaxCounted, [&](const AssignmentRow& row) {
            roll_up.Add(domain::StandingOf(row.assignment, row.frame, today, row.plan_to));
        }));
    return domain::Figures{{"readiness.plan_tasks", roll_up.total},
                           {"readiness.plan_tasks_done", roll_up.done},
                           {"readiness.plan_tasks_in_progress", roll_up.in_progress},
                           {"readiness.plan_tasks_not_started", roll_up.not_started},
                           {"readiness.plan_tasks_overdue", roll_up.overdue}};
}

core::Result<int> WorkPlanService::SaveTask(Repositories& repos,
                                            const domain::WorkPlan& plan,
                                            const std::vector<domain::Unit>& subtree,
                                            domain::PlanTask task) {
    task.plan_id = plan.id;
    std::set<std::int64_t> named([&] {
        std::set<std::int64_t> ids;
        for (const auto id : task.executor_units) {
            ids.insert(id.value());
        }
        return ids;
    }());
    std::vector<const domain::Unit*> executors;
    std::set<std::int64_t> found;
    for (const auto& unit : subtree) {
        const bool by_name = named.contains(unit.id.value());
        const bool by_kind = std::find(task.executor_kinds.begin(), task.executor_kinds.end(),
                                       unit.kind) != task.executor_kinds.end();
        if (by_name) {
            found.insert(unit.id.value());
        }
        if (by_name || by_kind) {
            executors.push_back(&unit);
        }
    }
    domain::FieldErrors errors;
    for (const auto id : named) {
        if (!found.contains(id)) {
            errors.Add("executor_unit_ids",
                       fmt::format("đơn vị {} không thuộc phạm vi của {} hoặc đã ngừng hoạt động",
                                   id, plan.unit_name),
                       fmt::format("unit {} is not an active unit under {}", id, plan.unit_name));
        }
    }
    if (executors.size() > static_cast<std::size_t>(kMaxAssignmentsPerTask)) {
        errors.Add("executors",
                   fmt::format("một nhiệm vụ giao tối đa {} đơn vị", kMaxAssignmentsPerTask),
                   fmt::format("a task goes to at most {} units", kMaxAssignmentsPerTask));
    }
    errors.AddAll(domain::ValidatePlanTask(task, executors.size()));
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(saved, repos.work_plans.InsertTask(std::move(task)));
    for (const auto* unit : executors) {
        domain::Assignment assignment;
        assignment.task_id = saved.id;
        assignment.plan_id = plan.id;
        assignment.unit_id = unit->id;
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.work_plans.InsertAssignment(assignment));
        (void)inserted;
    }
    return static_cast<int>(executors.size());
}

core::Result<PlanView> WorkPlanService::Create(const Actor& actor,
                                               domain::WorkPlan plan,
                                               std::vector<domain::PlanTask> tasks) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateWorkPlan(plan));
    if (tasks.size() > static_cast<std::size_t>(kMaxTasks)) {
        return TooManyTasks(kMaxTasks);
    }
    const auto now = clock_.Now();
    plan.created_at = now;
    plan.created_by = actor.login;
    return store_.Write([&](Repositories& repos) -> core::Result<PlanView> {
        UNGCUU_ASSIGN_OR_RETURN(
            issuer, LoadUnitFor(repos, actor, plan.unit_id, domain::Permission::kIncidentHandle));
        UNGCUU_ASSIGN_OR_RETURN(subtree, SubtreeUnits(repos, issuer));
        plan.unit_name = issuer.name_vi;
        plan.unit_path = issuer.path;
        UNGCUU_ASSIGN_OR_RETURN(saved, repos.work_plans.InsertPlan(plan));
        int assignments = 0;
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            auto made = SaveTask(repos, saved, subtree, std::move(tasks[i]));
            if (!made.ok()) {
                auto error = std::move(made).error();
                error.message_vi = fmt::format("Nhiệm vụ {}: {}", i + 1, error.message_vi);
                error.message_en = fmt::format("Task {}: {}", i + 1, error.message_en);
                return error;
            }
            assignments += *made;
        }
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"work_plan.create", "work_plan", saved.id.value(), &issuer, "{}",
                        core::FieldSnapshot()
                            .Add("title", std::string_view(saved.title))
                            .Add("tasks", static_cast<std::int64_t>(tasks.size()))
                            .Add("assignments", static_cast<std::int64_t>(assignments))
                            .ToJson()}));
        return ViewOf(repos, actor, std::move(saved), core::LocalDate(now));
    });
}

core::Result<PlanView> WorkPlanService::AddTask(const Actor& actor,
                                                domain::WorkPlanId id,
                                                domain::PlanTask task) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<PlanView> {
        UNGCUU_ASSIGN_OR_RETURN(editable, EditablePlan(repos, actor, id));
        auto& [plan, issuer] = editable;
        UNGCUU_ASSIGN_OR_RETURN(existing, repos.work_plans.Tasks(plan.id));
        if (existing.size() >= static_cast<std::size_t>(kMaxTasks)) {
            return TooManyTasks(kMaxTasks);
        }
        UNGCUU_ASSIGN_OR_RETURN(subtree, SubtreeUnits(repos, issuer));
        UNGCUU_ASSIGN_OR_RETURN(made, SaveTask(repos, plan, subtree, std::move(task)));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(
            repos, actor, now,
            {"work_plan.add_task", "work_plan", plan.id.value(), &issuer, "{}",
             core::FieldSnapshot().Add("assignments", static_cast<std::int64_t>(made)).ToJson()}));
        return ViewOf(repos, actor, std::move(plan), core::LocalDate(now));
    });
}

core::Result<TaskImport> WorkPlanService::ImportTasks(const Actor& actor,
                                                      domain::WorkPlanId id,
                                                      std::vector<core::CsvRow> rows) {
    ImportTable::TranslateHeader(rows, kHeaderAliases);
    UNGCUU_ASSIGN_OR_RETURN(opened, ImportTable::Open(std::move(rows), kTaskColumns, 3));
    ImportTable& table = opened;
    const auto now = clock_.Now();
    TaskImport result;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(editable, EditablePlan(repos, actor, id));
        auto& [plan, issuer] = editable;
        UNGCUU_ASSIGN_OR_RETURN(existing, repos.work_plans.Tasks(plan.id));
        if (existing.size() + table.rows().size() > static_cast<std::size_t>(kMaxTasks)) {
            return core::InvalidArgument(
                fmt::format("Một kế hoạch có tối đa {} nhiệm vụ; kế hoạch đã có {}, tệp có {}.",
                            kMaxTasks, existing.size(), table.rows().size()),
                fmt::format("A plan holds at most {} tasks; it has {} and the file {}.", kMaxTasks,
                            existing.size(), table.rows().size()));
        }
        UNGCUU_ASSIGN_OR_RETURN(subtree, SubtreeUnits(repos, issuer));
        std::map<std::string, domain::UnitId, std::less<>> by_code;
        std::map<std::string, domain::UnitId, std::less<>> by_name;
        for (const auto& unit : subtree) {
            by_code.emplace(unit.code, unit.id);
            by_name.emplace(core::FoldForSearch(unit.name_vi), unit.id);
        }
        std::vector<std::pair<std::size_t, domain::PlanTask>> pending;
        for (const auto& row : table.rows()) {
            if (!table.CheckWidth(row)) {
                continue;
            }
            domain::PlanTask task;
            task.item = table.Cell(row, "item");
            task.content = table.Cell(row, "content");
            task.coordinating = table.Cell(row, "coordinating");
            task.budget_source = table.Cell(row, "budget_source");
            task.expected_output = table.Cell(row, "expected_output");
            const std::string frame = table.Cell(row, "time_frame");
            if (auto parsed = domain::ParseTimeFrame(frame)) {
                task.frame = *parsed;
            } else {
                table.Problem(
                    row.line,
                    fmt::format("thời gian thực hiện \"{}\" không đọc được (ví dụ: 02/10/2026, "
                                "Quý III/2026, Hằng năm, Thường xuyên)",
                                core::CutUtf8(frame, 80)),
                    fmt::format("time frame \"{}\" is not understood (e.g. 2026-10-02, 2026-Q3, "
                                "yearly, continuous)",
                                core::CutUtf8(frame, 80)));
            }
            if (const std::string amount = table.Cell(row, "budget_estimate"); !amount.empty()) {
                if (auto value = Amount(amount)) {
                    task.budget_estimate = *value;
                } else {
                    table.Problem(
                        row.line,
                        fmt::format("dự toán \"{}\" không phải số đồng", core::CutUtf8(amount, 40)),
                        fmt::format("estimate \"{}\" is not an amount of dong",
                                    core::CutUtf8(amount, 40)));
                }
            }
            for (const auto& token : ExecutorTokens(table.Cell(row, "executors"))) {
                if (const auto code = by_code.find(token); code != by_code.end()) {
                    task.executor_units.push_back(code->second);
                } else if (const auto name = by_name.find(core::FoldForSearch(token));
                           name != by_name.end()) {
                    task.executor_units.push_back(name->second);
                } else if (const auto kind = GroupKind(token)) {
                    task.executor_kinds.push_back(*kind);
                } else {
                    table.Problem(
                        row.line,
                        fmt::format("không nhận ra đơn vị chủ trì \"{}\" trong phạm vi của {} "
                                    "(ghi mã hoặc tên đơn vị, hoặc nhóm như \"UBND các xã\", "
                                    "\"các sở, ban, ngành\"; phân cách bằng dấu ;)",
                                    core::CutUtf8(token, 80), issuer.name_vi),
                        fmt::format("executing unit \"{}\" is not known under {} (write a unit's "
                                    "code or name, or a group such as \"commune\", "
                                    "\"department\"; separate with ;)",
                                    core::CutUtf8(token, 80), issuer.name_vi));
                }
            }
            pending.emplace_back(row.line, std::move(task));
        }
        if (!table.ok()) {
            return table.ToStatus("nhiệm vụ", "tasks");
        }
        for (auto& [line, task] : pending) {
            auto made = SaveTask(repos, plan, subtree, std::move(task));
            if (!made.ok()) {
                table.Problems(line, made.error());
                continue;
            }
            ++result.created;
            result.assignments += *made;
        }
        // Problems found while storing roll the whole import back.
        UNGCUU_RETURN_IF_ERROR(table.ToStatus("nhiệm vụ", "tasks"));
        return WriteAudit(repos, actor, now,
                          {"work_plan.import", "work_plan", plan.id.value(), &issuer, "{}",
                           core::FieldSnapshot()
                               .Add("tasks", static_cast<std::int64_t>(result.created))
                               .Add("assignments", static_cast<std::int64_t>(result.assignments))
                               .ToJson()});
    }));
    return result;
}

core::Result<PlanView> WorkPlanService::UpdatePlan(const Actor& actor,
                                                   domain::WorkPlanId id,
                                                   domain::WorkPlan head) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateWorkPlan(head));
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<PlanView> {
        UNGCUU_ASSIGN_OR_RETURN(editable, EditablePlan(repos, actor, id));
        auto& [plan, issuer] = editable;
        plan.number = std::move(head.number);
        plan.issued_on = head.issued_on;
        plan.title = std::move(head.title);
        plan.period_from = head.period_from;
        plan.period_to = head.period_to;
        plan.legal_bases = std::move(head.legal_bases);
        plan.objectives = std::move(head.objectives);
        UNGCUU_RETURN_IF_ERROR(repos.work_plans.UpdatePlan(plan));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(
            repos, actor, now,
            {"work_plan.update", "work_plan", plan.id.value(), &issuer, "{}",
             core::FieldSnapshot().Add("title", std::string_view(plan.title)).ToJson()}));
        return ViewOf(repos, actor, std::move(plan), core::LocalDate(now));
    });
}

namespace {

/// The task `id` of the plan (kNotFound when the plan has none such).
core::Result<domain::PlanTask> TaskOf(Repositories& repos,
                                      domain::WorkPlanId plan,
                                      domain::PlanTaskId id) {
    UNGCUU_ASSIGN_OR_RETURN(tasks, repos.work_plans.Tasks(plan));
    for (auto& task : tasks) {
        if (task.id.value() == id.value()) {
            return std::move(task);
        }
    }
    return core::NotFound("Không tìm thấy nhiệm vụ.", "Task not found.");
}

}  // namespace

core::Result<PlanView> WorkPlanService::UpdateTask(const Actor& actor,
                                                   domain::WorkPlanId id,
                                                   domain::PlanTaskId task_id,
                                                   domain::PlanTask fields) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<PlanView> {
        UNGCUU_ASSIGN_OR_RETURN(editable, EditablePlan(repos, actor, id));
        auto& [plan, issuer] = editable;
        UNGCUU_ASSIGN_OR_RETURN(task, TaskOf(repos, plan.id, task_id));
        task.item = std::move(fields.item);
        task.content = std::move(fields.content);
        task.coordinating = std::move(fields.coordinating);
        task.frame = fields.frame;
        task.budget_source = std::move(fields.budget_source);
        task.budget_estimate = fields.budget_estimate;
        task.expected_output = std::move(fields.expected_output);
        UNGCUU_RETURN_IF_ERROR(domain::ValidatePlanTask(task, 1));  // its units stay
        UNGCUU_RETURN_IF_ERROR(repos.work_plans.UpdateTask(task));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"work_plan.update_task", "work_plan", plan.id.value(), &issuer, "{}",
                        core::FieldSnapshot()
                            .Add("task", task.id.value())
                            .Add("time_frame", std::string_view(task.frame.Code()))
                            .ToJson()}));
        return ViewOf(repos, actor, std::move(plan), core::LocalDate(now));
    });
}

core::Result<PlanView> WorkPlanService::DeleteTask(const Actor& actor,
                                                   domain::WorkPlanId id,
                                                   domain::PlanTaskId task_id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<PlanView> {
        UNGCUU_ASSIGN_OR_RETURN(editable, EditablePlan(repos, actor, id));
        auto& [plan, issuer] = editable;
        UNGCUU_ASSIGN_OR_RETURN(task, TaskOf(repos, plan.id, task_id));
        UNGCUU_ASSIGN_OR_RETURN(
            rows, repos.work_plans.PlanAssignments(plan.id, {domain::ScopeRoot{"/", false}}));
        for (const auto& row : rows) {
            const auto& a = row.assignment;
            if (a.task_id.value() == task.id.value() && a.updated_at) {
                return core::Conflict(
                    fmt::format("{} đã cập nhật tiến độ nhiệm vụ này; không xóa được để không "
                                "mất kết quả của đơn vị. Hãy sửa nội dung nhiệm vụ.",
                                a.unit_name),
                    fmt::format("{} has recorded progress on this task; it cannot be deleted "
                                "without losing that. Correct the task instead.",
                                a.unit_name));
            }
        }
        UNGCUU_RETURN_IF_ERROR(repos.work_plans.DeleteTask(task.id));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"work_plan.delete_task", "work_plan", plan.id.value(), &issuer, "{}",
                        core::FieldSnapshot()
                            .Add("task", task.id.value())
                            .Add("content", std::string_view(task.content))
                            .ToJson()}));
        return ViewOf(repos, actor, std::move(plan), core::LocalDate(now));
    });
}

core::Result<int> WorkPlanService::AssignNewUnits(const Actor& actor, domain::WorkPlanId id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<int> {
        UNGCUU_ASSIGN_OR_RETURN(editable, EditablePlan(repos, actor, id));
        auto& [plan, issuer] = editable;
        UNGCUU_ASSIGN_OR_RETURN(subtree, SubtreeUnits(repos, issuer));
        UNGCUU_ASSIGN_OR_RETURN(tasks, repos.work_plans.Tasks(plan.id));
        int added = 0;
        for (const auto& task : tasks) {
            for (const auto& unit : subtree) {
                if (std::find(task.executor_kinds.begin(), task.executor_kinds.end(), unit.kind) ==
                    task.executor_kinds.end()) {
                    continue;
                }
                domain::Assignment assignment;
                assignment.task_id = task.id;
                assignment.plan_id = plan.id;
                assignment.unit_id = unit.id;
                auto inserted = repos.work_plans.InsertAssignment(assignment);
                if (inserted.ok()) {
                    ++added;
                } else if (inserted.error().code != core::ErrorCode::kConflict) {
                    return std::move(inserted).error();  // already assigned is not an error
                }
            }
        }
        UNGCUU_RETURN_IF_ERROR(WriteAudit(
            repos, actor, now,
            {"work_plan.assign_new", "work_plan", plan.id.value(), &issuer, "{}",
             core::FieldSnapshot().Add("assignments", static_cast<std::int64_t>(added)).ToJson()}));
        return added;
    });
}

core::Result<PlanView> WorkPlanService::ViewOf(Repositories& repos,
                                               const Actor& actor,
                                               domain::WorkPlan plan,
                                               core::Date today) {
    PlanView view;
    view.today = today;
    view.can_edit = actor.Authorize(plan.unit_path, domain::Permission::kIncidentHandle).ok();
    UNGCUU_ASSIGN_OR_RETURN(tasks, repos.work_plans.Tasks(plan.id));
    UNGCUU_ASSIGN_OR_RETURN(rows, repos.work_plans.PlanAssignments(plan.id, RootsOf(actor)));
    std::map<std::int64_t, std::size_t> index;
    for (auto& task : tasks) {
        TaskView tv;
        for (const auto id : task.executor_units) {
            if (auto unit = repos.units.Get(id); unit.ok()) {
                tv.executor_names.push_back(unit->name_vi);
            }
        }
        view.budget_total += task.budget_estimate.value_or(0);
        tv.task = std::move(task);
        index[tv.task.id.value()] = view.tasks.size();
        view.tasks.push_back(std::move(tv));
    }
    int kept = 0;
    for (auto& row : rows) {
        const auto at = index.find(row.assignment.task_id.value());
        if (at == index.end()) {
            continue;
        }
        auto& tv = view.tasks[at->second];
        auto av = MakeView(actor, std::move(row), today);
        tv.roll_up.Add(av.standing);
        view.roll_up.Add(av.standing);
        if (kept < kMaxViewAssignments) {
            tv.assignments.push_back(std::move(av));
            ++kept;
        } else {
            view.truncated = true;
        }
    }
    view.plan = std::move(plan);
    return view;
}

core::Result<std::vector<PlanSummary>> WorkPlanService::Plans(const Actor& actor) {
    const auto today = core::LocalDate(clock_.Now());
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<PlanSummary>> {
        const auto roots = RootsOf(actor);
        UNGCUU_ASSIGN_OR_RETURN(plans, repos.work_plans.Plans(roots, 200));
        std::vector<PlanSummary> out;
        for (auto& plan : plans) {
            PlanSummary summary;
            UNGCUU_ASSIGN_OR_RETURN(tasks, repos.work_plans.Tasks(plan.id));
            summary.tasks = static_cast<int>(tasks.size());
            UNGCUU_ASSIGN_OR_RETURN(rows, repos.work_plans.PlanAssignments(plan.id, roots));
            for (const auto& row : rows) {
                summary.roll_up.Add(
                    domain::StandingOf(row.assignment, row.frame, today, row.plan_to));
            }
            summary.plan = std::move(plan);
            out.push_back(std::move(summary));
        }
        return out;
    });
}

core::Result<PlanView> WorkPlanService::Plan(const Actor& actor, domain::WorkPlanId id) {
    const auto today = core::LocalDate(clock_.Now());
    return store_.Read([&](Repositories& repos) -> core::Result<PlanView> {
        UNGCUU_ASSIGN_OR_RETURN(plan, repos.work_plans.GetPlan(id));
        const bool sees_issuer = Within(RootsOf(actor), plan.unit_path);
        UNGCUU_ASSIGN_OR_RETURN(view, ViewOf(repos, actor, std::move(plan), today));
        if (!sees_issuer && view.roll_up.total == 0) {
            return core::NotFound("Không tìm thấy kế hoạch.", "Plan not found.");
        }
        return view;
    });
}

core::Result<AssignmentList> WorkPlanService::Assignments(const Actor& actor,
                                                          const AssignmentQuery& query) {
    const auto today = core::LocalDate(clock_.Now());
    const int limit = std::clamp(query.limit, 1, static_cast<int>(kMaxListed));
    return store_.Read([&](Repositories& repos) -> core::Result<AssignmentList> {
        std::vector<domain::ScopeRoot> roots = RootsOf(actor);
        if (query.unit) {
            UNGCUU_ASSIGN_OR_RETURN(
                unit, LoadUnitFor(repos, actor, *query.unit, domain::Permission::kUnitRead));
            roots = {domain::ScopeRoot{unit.path, false}};
        }
        AssignmentList list;
        std::set<std::int64_t> seen;  // overlapping roots visit a row twice
        for (const auto& root : roots) {
            UNGCUU_RETURN_IF_ERROR(repos.work_plans.EachAssignment(
                root.path, kMaxCounted, [&](const AssignmentRow& row) {
                    if ((root.exact && row.assignment.unit_path != root.path) ||
                        !seen.insert(row.assignment.id.value()).second) {
                        return;
                    }
                    // Counted from the standing alone; only the listed rows are copied.
                    const auto standing =
                        domain::StandingOf(row.assignment, row.frame, today, row.plan_to);
                    if (!Matches(query.filter, standing) ||
                        (query.mine && !(HoldsRoleAt(actor, row) && CanUpdate(actor, row)))) {
                        return;
                    }
                    list.roll_up.Add(standing);
                    if (list.items.size() < static_cast<std::size_t>(limit)) {
                        list.items.push_back({row, standing, CanUpdate(actor, row)});
                    } else {
                        list.truncated = true;
                    }
                }));
        }
        return list;
    });
}

core::Result<AssignmentView> WorkPlanService::Update(const Actor& actor,
                                                     domain::PlanAssignmentId id,
                                                     const ProgressUpdate& update) {
    const auto now = clock_.Now();
    const auto today = core::LocalDate(now);
    return store_.Write([&](Repositories& repos) -> core::Result<AssignmentView> {
        UNGCUU_ASSIGN_OR_RETURN(row, repos.work_plans.GetAssignment(id));
        UNGCUU_ASSIGN_OR_RETURN(unit, LoadUnitFor(repos, actor, row.assignment.unit_id,
                                                  domain::Permission::kIncidentReport));
        UNGCUU_RETURN_IF_ERROR(
            domain::CheckProgress(update.status, update.progress, update.evidence));
        if (update.version != row.assignment.version) {
            return core::Conflict(
                "Tiến độ vừa được người khác cập nhật; hãy tải lại rồi làm lại.",
                "The progress was updated by someone else meanwhile; reload and try again.");
        }
        auto& a = row.assignment;
        a.status = update.status;
        a.progress = update.status == domain::AssignmentStatus::kDone         ? 100
                     : update.status == domain::AssignmentStatus::kInProgress ? update.progress
                                                                              : 0;
        a.evidence = update.evidence;
        a.status_on = today;
        a.updated_at = now;
        a.updated_by = actor.login;
        UNGCUU_ASSIGN_OR_RETURN(saved, repos.work_plans.UpdateAssignment(a));
        a = std::move(saved);
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"work_plan.progress", "plan_assignment", a.id.value(), &unit, "{}",
                        core::FieldSnapshot()
                            .Add("status", domain::AssignmentStatusCode(a.status))
                            .Add("progress", static_cast<std::int64_t>(a.progress))
                            .ToJson()}));
        return MakeView(actor, std::move(row), today);
    });
}

}  // namespace ungcuu::app
