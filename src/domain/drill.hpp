// Drills (diễn tập) as the plans ask for them (Chỉ thị 18/CT-TTg: live-fire drills yearly for
// systems of level 3 and above; the plans' drills against their scenarios, and staff sent to the
// provincial and national drills): a drill planned by a unit — tabletop or live-fire, its
// participating units and people, the scenarios, the systems used, the day, duration and budget —
// its injects on a timeline (each opening an exercise incident at a participating unit when run),
// and its findings, each with the unit that owns the fix and its due day. Pure, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"
#include "domain/incident.hpp"
#include "domain/work_plan.hpp"

namespace ungcuu::domain {

using InjectId = core::Id<struct InjectTag>;
using FindingId = core::Id<struct FindingTag>;

enum class DrillKind { kTabletop, kLiveFire };
inline constexpr std::string_view kDrillKinds[] = {"tabletop", "live_fire"};
std::string_view DrillKindCode(DrillKind kind);
std::optional<DrillKind> ParseDrillKind(std::string_view code);

/// Who organises it: the unit itself, or the province or the nation with the unit taking part.
enum class DrillLevel { kOwn, kProvincial, kNational };
inline constexpr std::string_view kDrillLevels[] = {"own", "provincial", "national"};
std::string_view DrillLevelCode(DrillLevel level);
std::optional<DrillLevel> ParseDrillLevel(std::string_view code);

enum class DrillState { kPlanned, kRunning, kDone };
inline constexpr std::string_view kDrillStates[] = {"planned", "running", "done"};
std::string_view DrillStateCode(DrillState state);
std::optional<DrillState> ParseDrillState(std::string_view code);

struct Drill {
    DrillId id;
    UnitId unit_id;         // the unit that plans it and records it
    std::string unit_name;  // loaded
    std::string unit_path;  // loaded
    std::string title;
    DrillKind kind = DrillKind::kTabletop;
    DrillLevel level = DrillLevel::kOwn;
    std::string organiser_name;  // the organiser of a provincial or national drill
    core::Date day;
    int duration_hours = 4;
    std::vector<std::string> scenarios;  // taxonomy codes
    std::vector<UnitId> units;           // participating units (besides the organising one)
    std::vector<SystemId> systems;       // the systems used (a live-fire drill's targets)
    std::string people;                  // who takes part, as the plan lists them
    std::optional<std::int64_t> budget;  // VND
    DrillState state = DrillState::kPlanned;
    std::optional<core::TimePoint> started_at;
    std::optional<core::TimePoint> ended_at;
    std::string lessons;
    std::optional<WorkPlanId> follow_up_plan;  // the findings' tasks
    core::TimePoint created_at;
    std::string created_by;
};

/// Title, day, duration (1–240 hours), texts bounded; a provincial or national drill names its
/// organiser; at most 100 units and 100 systems.
core::Status ValidateDrill(const Drill& drill);

/// True when the unit takes part: the organising unit or one of the participating units.
bool TakesPart(const Drill& drill, UnitId unit);

/// One event of the scenario, `minute` minutes after the drill starts, played at a unit: when
/// run it opens an exercise incident there.
struct Inject {
    InjectId id;
    DrillId drill_id;
    int minute = 0;
    std::string title;
    std::string description;
    UnitId unit_id;
    std::string unit_name;  // loaded
    std::string scenario;
    std::optional<IncidentId> incident_id;
    std::optional<core::TimePoint> run_at;
};

/// Minute 0–10080 (a week), title and description bounded, a title required.
core::Status ValidateInject(const Inject& inject);

/// What the drill showed, the lesson drawn, and the fix: the unit that owns it and its due day
/// (a task of the drill's follow-up plan).
struct Finding {
    FindingId id;
    DrillId drill_id;
    std::string text;
    std::string lesson;
    UnitId owner_unit;
    std::string owner_unit_name;  // loaded
    std::string owner;            // who in that unit, as written
    core::Date due;
    std::optional<PlanTaskId> task_id;
    core::TimePoint created_at;
};

/// Text required, texts bounded; the due day not before the drill's day.
core::Status ValidateFinding(const Finding& finding, core::Date drill_day);

}  // namespace ungcuu::domain
