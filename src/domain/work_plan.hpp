// A unit's plan (kế hoạch) as tracked work: the plan's head (number, date, issuing unit, period,
// legal bases, objectives) and its tasks — content, executing units (chủ trì) named one by one or
// by kind ("the departments", "each commune"), coordinating units (phối hợp), time frame, budget
// source and estimate, expected output. A task fans out to each executing unit as an assignment
// that the unit itself keeps: status, progress and evidence. What is overdue or not started is
// computed here from the time frame and the day, so every level reads the same answer. Pure,
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"
#include "domain/unit.hpp"

namespace ungcuu::domain {

using WorkPlanId = core::Id<struct WorkPlanTag>;
using PlanTaskId = core::Id<struct PlanTaskTag>;
using PlanAssignmentId = core::Id<struct PlanAssignmentTag>;

// ---- time frames ------------------------------------------------------------------------------

/// When a task is to be done, as plans write it: by a day, within a quarter, every year ("hằng
/// năm": by the end of each year of the plan), or continuously ("thường xuyên": no due day).
enum class FrameKind { kDate, kQuarter, kYearly, kContinuous };

struct TimeFrame {
    FrameKind kind = FrameKind::kContinuous;
    core::Date date{};  // kDate: the day; kQuarter: the quarter's last day
    int year = 0;       // kQuarter
    int quarter = 0;    // kQuarter, 1–4

    /// "2026-10-02", "2026-Q3", "yearly", "continuous".
    std::string Code() const;
    /// "02/10/2026", "Quý III/2026", "Hằng năm", "Thường xuyên".
    std::string LabelVi() const;
};

/// Reads a time frame as the API writes it (Code()) or as plans write it: "02/10/2026", "Quý
/// III/2026", "quý 3 năm 2026", "Hằng năm", "Thường xuyên, hằng năm" (every year: the year wins),
/// "Thường xuyên". nullopt when it is none of these.
std::optional<TimeFrame> ParseTimeFrame(std::string_view text);

/// The day the task is due for the round that `today` falls in: the day, the quarter's last day,
/// 31/12 of today's year for a yearly task (capped at the plan's last day); nullopt for a
/// continuous one.
std::optional<core::Date> DueOn(const TimeFrame& frame, core::Date today, core::Date plan_to);

// ---- the plan and its tasks -------------------------------------------------------------------

struct WorkPlan {
    WorkPlanId id;
    UnitId unit_id;         // the issuing unit
    std::string unit_name;  // loaded
    std::string unit_path;  // loaded
    std::string number;     // "125/KH-UBND"; "" while a draft number is not given
    std::optional<core::Date> issued_on;
    std::string title;
    core::Date period_from{};
    core::Date period_to{};  // the last day, inclusive
    std::string legal_bases;
    std::string objectives;
    core::TimePoint created_at;
    std::string created_by;
};

core::Status ValidateWorkPlan(const WorkPlan& plan);

/// The kinds a task may be assigned to as a whole ("each commune…").
bool AssignableKind(UnitKind kind);

struct PlanTask {
    PlanTaskId id;
    WorkPlanId plan_id;
    std::string item;  // the plan's numbering, "II.5.a"
    std::string content;
    std::vector<UnitId> executor_units;    // named executing units
    std::vector<UnitKind> executor_kinds;  // every unit of these kinds in the issuer's subtree
    std::string coordinating;              // the coordinating units, as written
    TimeFrame frame;
    std::string budget_source;
    std::optional<std::int64_t> budget_estimate;  // VND
    std::string expected_output;
};

/// `executors` counts the units the task resolved to (0 is refused: nobody would do it).
core::Status ValidatePlanTask(const PlanTask& task, std::size_t executors);

// ---- assignments: one executing unit's share of a task ---------------------------------------

enum class AssignmentStatus { kNotStarted, kInProgress, kDone, kNotApplicable };
std::string_view AssignmentStatusCode(AssignmentStatus status);
std::optional<AssignmentStatus> ParseAssignmentStatus(std::string_view code);

struct Assignment {
    PlanAssignmentId id;
    PlanTaskId task_id;
    WorkPlanId plan_id;
    UnitId unit_id;
    std::string unit_name;  // loaded
    std::string unit_path;  // loaded
    AssignmentStatus status = AssignmentStatus::kNotStarted;
    int progress = 0;      // per cent
    std::string evidence;  // what was done (document numbers, links), or why it does not apply
    std::optional<core::Date> status_on;  // the day the status was last set
    std::optional<core::TimePoint> updated_at;
    std::string updated_by;
    std::int64_t version = 0;
};

/// The executing unit's update: done needs its evidence and means 100 %; not applicable needs
/// the reason; progress is 0–100 and below 100 while in progress.
core::Status CheckProgress(AssignmentStatus status, int progress, std::string_view evidence);

/// Where an assignment stands on `today`. A yearly task's round is the year: what was set in an
/// earlier year no longer counts (a yearly task done in 2026 is not started again in 2027).
struct Standing {
    AssignmentStatus status = AssignmentStatus::kNotStarted;
    int progress = 0;
    std::optional<core::Date> due_on;
    bool overdue = false;  // due, past and neither done nor not applicable
};

Standing StandingOf(const Assignment& assignment,
                    const TimeFrame& frame,
                    core::Date today,
                    core::Date plan_to);

/// Assignments counted by standing.
struct TaskRollUp {
    int total = 0;
    int not_started = 0;
    int in_progress = 0;
    int done = 0;
    int not_applicable = 0;
    int overdue = 0;  // of them, past their due day

    void Add(const Standing& standing);
};

}  // namespace ungcuu::domain
