// Use cases of drills (diễn tập): a unit plans a drill — tabletop or live-fire, its own or its
// part in a provincial or national one — with the participating units and people, the scenarios,
// the systems used, the day, duration and budget; adds injects on a timeline; starts it; runs an
// inject, which opens an exercise incident at its unit (the real procedure, marked DIỄN TẬP,
// counted in no statistic, reaching only the drill's units); records findings, each a task of the
// drill's follow-up plan with the owning unit and the due day; finishes it (every exercise
// incident closed) — a live-fire drill then records the yearly drill of each system it used; and
// gives the after-action report as DOCX or PDF. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/documents.hpp"
#include "app/network/work_plan_service.hpp"
#include "app/on_call.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

/// Opens exercise incidents through the incident procedure's own intake (implemented over
/// IncidentService by the composition root).
class ExerciseIntake {
public:
    virtual ~ExerciseIntake() = default;
    /// The new exercise incident's id, filed at `unit` by `actor`.
    virtual core::Result<domain::IncidentId> Open(const Actor& actor,
                                                  domain::DrillId drill,
                                                  domain::UnitId unit,
                                                  const std::string& title,
                                                  const std::string& description,
                                                  const std::string& scenario) = 0;
};

/// An inject with what became of its exercise incident.
struct InjectView {
    domain::Inject inject;
    std::string incident_code;
    std::string incident_state;
    std::optional<core::TimePoint> acknowledged_at;
    std::optional<core::TimePoint> closed_at;
};

/// A finding with where its follow-up task stands on the day.
struct FindingView {
    domain::Finding finding;
    std::string status = "not_started";  // of the owner unit's assignment
    bool overdue = false;
};

struct DrillView {
    domain::Drill drill;
    std::vector<std::string> unit_names;    // of the participating units, in order
    std::vector<std::string> system_names;  // "code — name"
    std::vector<InjectView> injects;
    std::vector<FindingView> findings;
    bool can_edit = false;
};

/// What the plans' people-and-practice duties look like for a unit's part of the tree: the
/// response team covering it and whether its roster reaches 30 days ahead, the drills done this
/// year (live-fire among them) and the drills' fixes still open.
struct PracticeReadiness {
    std::optional<domain::Team> team;  // the nearest team at or above the unit on call now
    int team_members = 0;              // active
    std::optional<core::TimePoint> covered_until;
    bool roster_30_days = false;
    int drills_done = 0;  // this year, in the subtree
    int live_fire_done = 0;
    int findings_open = 0;  // fixes neither done nor not applicable
    int findings_overdue = 0;
    domain::Coverage training;  // the subtree's people this year
    int campaigns = 0;          // awareness campaigns in the subtree this year
    std::int64_t reach = 0;
};

class DrillService {
public:
    static constexpr std::size_t kMaxInjects = 200;
    static constexpr std::size_t kMaxFindings = 200;

    DrillService(Store& store,
                 const core::Clock& clock,
                 WorkPlanService& work_plans,
                 ExerciseIntake& intake,
                 DocumentRenderer& renderer)
        : store_(store),
          clock_(clock),
          work_plans_(work_plans),
          intake_(intake),
          renderer_(renderer) {}

    core::Result<std::vector<domain::Drill>> Drills(const Actor& actor);
    core::Result<DrillView> Drill(const Actor& actor, domain::DrillId id);
    /// kIncidentHandle on the unit; participating units are units the caller sees; systems of
    /// the participating units.
    core::Result<DrillView> Create(const Actor& actor, domain::Drill drill);
    core::Result<DrillView> AddInject(const Actor& actor, domain::Inject inject);
    core::Result<DrillView> Start(const Actor& actor, domain::DrillId id);
    /// Opens the inject's exercise incident (once); the drill must be running.
    core::Result<DrillView> RunInject(const Actor& actor,
                                      domain::DrillId id,
                                      domain::InjectId inject);
    /// The finding and its task in the drill's follow-up plan (created with the first finding).
    core::Result<DrillView> AddFinding(const Actor& actor, domain::Finding finding);
    /// Ends the drill with its lessons; kConflict while an exercise incident is open.
    core::Result<DrillView> Finish(const Actor& actor, domain::DrillId id, std::string lessons);
    core::Result<RenderedDocument> Report(const Actor& actor,
                                          domain::DrillId id,
                                          DocumentFormat format);
    /// The unit's people-and-practice figures (kUnitRead on it).
    core::Result<PracticeReadiness> Readiness(const Actor& actor, domain::UnitId unit);

private:
    core::Result<domain::Drill> DrillFor(Repositories& repos,
                                         const Actor& actor,
                                         domain::DrillId id,
                                         domain::Permission permission);
    core::Result<DrillView> Load(Repositories& repos, const Actor& actor, domain::Drill drill);

    Store& store_;
    const core::Clock& clock_;
    WorkPlanService& work_plans_;
    ExerciseIntake& intake_;
    DocumentRenderer& renderer_;
};

}  // namespace ungcuu::app
