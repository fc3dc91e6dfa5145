// Plans as tracked work. A unit issues its plan (kế hoạch) and lists its tasks; a task names its
// executing units one by one or by kind ("each commune…", "the departments…"), and fans out to
// each matching active unit of the issuer's subtree as an assignment. The executing unit records
// its status, progress and evidence; everyone above it reads where each assignment stands on the
// day (overdue, not started), so the issuer sees its plan unit by unit and a coordinator sees
// every overdue task of its subtree in one list. Tasks can be typed in or imported from a table
// (CSV or the first sheet of an XLSX workbook) with the plan's columns, Vietnamese headers
// accepted. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/ports.hpp"
#include "core/text.hpp"
#include "domain/periodic.hpp"
#include "domain/work_plan.hpp"

namespace ungcuu::app {

/// An assignment as a reader sees it on a day.
struct AssignmentView {
    AssignmentRow row;
    domain::Standing standing;
    bool can_update = false;  // the caller may record its progress
};

struct TaskView {
    domain::PlanTask task;
    std::vector<std::string> executor_names;  // the named executing units
    domain::TaskRollUp roll_up;               // over the assignments the caller sees
    std::vector<AssignmentView> assignments;  // the ones the caller sees, by unit path
};

struct PlanView {
    domain::WorkPlan plan;
    std::vector<TaskView> tasks;
    domain::TaskRollUp roll_up;
    std::int64_t budget_total = 0;  // the tasks' estimates, summed
    bool can_edit = false;          // the caller may add tasks (kIncidentHandle at the issuer)
    bool truncated = false;         // more assignments than a view holds (kMaxViewAssignments)
    core::Date today{};
};

struct PlanSummary {
    domain::WorkPlan plan;
    int tasks = 0;
    domain::TaskRollUp roll_up;  // over the assignments the caller sees
};

/// What the list of assignments shows.
enum class AssignmentFilter { kAll, kOpen, kOverdue, kNotStarted };
std::optional<AssignmentFilter> ParseAssignmentFilter(std::string_view code);

struct AssignmentQuery {
    std::optional<domain::UnitId> unit;  // its subtree; nullopt: everything the caller sees
    AssignmentFilter filter = AssignmentFilter::kAll;
    bool mine = false;  // only those of units where the caller holds a role (and may update)
    int limit = 500;
};

struct AssignmentList {
    std::vector<AssignmentView> items;
    domain::TaskRollUp roll_up;  // over every matching assignment, not only the listed ones
    bool truncated = false;
};

struct ProgressUpdate {
    domain::AssignmentStatus status = domain::AssignmentStatus::kNotStarted;
    int progress = 0;
    std::string evidence;
    std::int64_t version = 0;
};

struct TaskImport {
    int created = 0;
    int assignments = 0;
};

/// The plan-task figures of a subtree on a day, for the periodic reports ("readiness.plan_tasks",
/// "…_done", "…_in_progress", "…_not_started", "…_overdue"): a state, like readiness.
core::Result<domain::Figures> PlanTaskFigures(Repositories& repos,
                                              std::string_view subtree,
                                              core::Date today);

class WorkPlanService {
public:
    static constexpr int kMaxTasks = 200;
    static constexpr int kMaxAssignmentsPerTask = 5000;
    static constexpr int kMaxViewAssignments = 3000;

    WorkPlanService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

    core::Result<std::vector<PlanSummary>> Plans(const Actor& actor);
    core::Result<PlanView> Plan(const Actor& actor, domain::WorkPlanId id);
    /// Issues a plan of `plan.unit_id` (kIncidentHandle there) with its tasks, each fanned out.
    core::Result<PlanView> Create(const Actor& actor,
                                  domain::WorkPlan plan,
                                  std::vector<domain::PlanTask> tasks);
    core::Result<PlanView> AddTask(const Actor& actor,
                                   domain::WorkPlanId plan,
                                   domain::PlanTask task);
    /// Corrects the plan's head (its issuing unit stays).
    core::Result<PlanView> UpdatePlan(const Actor& actor,
                                      domain::WorkPlanId plan,
                                      domain::WorkPlan head);
    /// Corrects a task's texts, time frame and budget; its executing units stay (a task for
    /// other units is a new task).
    core::Result<PlanView> UpdateTask(const Actor& actor,
                                      domain::WorkPlanId plan,
                                      domain::PlanTaskId task,
                                      domain::PlanTask fields);
    /// Deletes a task entered by mistake; kConflict once a unit has recorded anything on it.
    core::Result<PlanView> DeleteTask(const Actor& actor,
                                      domain::WorkPlanId plan,
                                      domain::PlanTaskId task);
    /// Adds the tasks of a table to the plan, all or nothing, every problem named by line.
    core::Result<TaskImport> ImportTasks(const Actor& actor,
                                         domain::WorkPlanId plan,
                                         std::vector<core::CsvRow> rows);

    /// Gives the tasks assigned by kind to the units of that kind created since (a new commune):
    /// returns how many assignments it added; none twice.
    core::Result<int> AssignNewUnits(const Actor& actor, domain::WorkPlanId plan);

    core::Result<AssignmentList> Assignments(const Actor& actor, const AssignmentQuery& query);
    /// The executing unit records where it stands (kIncidentReport on it).
    core::Result<AssignmentView> Update(const Actor& actor,
                                        domain::PlanAssignmentId id,
                                        const ProgressUpdate& update);

private:
    core::Result<PlanView> ViewOf(Repositories& repos,
                                  const Actor& actor,
                                  domain::WorkPlan plan,
                                  core::Date today);
    /// Validates the task, resolves its executing units in the issuer's subtree, stores it and
    /// its assignments; returns how many assignments it made.
    core::Result<int> SaveTask(Repositories& repos,
                               const domain::WorkPlan& plan,
                               const std::vector<domain::Unit>& subtree,
                               domain::PlanTask task);

    app::Store& store_;
    const core::Clock& clock_;
};

}  // namespace ungcuu::app
