// Use cases of alerts: recording the engine's hits as alerts in the unit their event came from
// (folding repeats of one rule, unit and correlation group into one alert with a count, rules
// switched off for the unit left out), and opening incidents through the incident intake — by
// hand ("promote") or by themselves for rules at or above the unit's auto-open level. Alerts
// about the same subject (address, else user, else host) within the unit's joining window
// open or join one incident, each attached with its log line; the addresses, users and hosts
// alerts carry become the incident's observables. The settings come from
// DetectionSetupService. Thread-safe.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "app/actor.hpp"
#include "app/detection/ports.hpp"
#include "app/detection/setup_service.hpp"
#include "app/incidents/incident_service.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

struct AlertQuery {
    std::optional<domain::UnitId> unit_id;
    std::string state;
    std::string rule_id;
    std::optional<std::int64_t> before_id;
    int limit = 100;
};

class AlertService {
public:
    AlertService(Store& store,
                 const core::Clock& clock,
                 IncidentService& incidents,
                 const domain::Taxonomy& taxonomy,
                 DetectionSetupService& setup)
        : store_(store), clock_(clock), incidents_(incidents), taxonomy_(taxonomy), setup_(setup) {}

    /// Records the engine's hits over `batch` (one transaction), then opens the incidents due.
    /// Returns the number of hits recorded (hits of rules switched off for the unit are not).
    core::Result<std::size_t> Record(std::span<const IngestedEvent> batch,
                                     const std::vector<DetectionHit>& hits);

    core::Result<std::vector<DetectionAlert>> Alerts(const Actor& actor, const AlertQuery& query);
    core::Result<DetectionAlert> Alert(const Actor& actor, std::int64_t id);
    /// Opens an incident for the alert (or adds a repeat to the open one of the same key).
    core::Result<DetectionAlert> Promote(const Actor& actor, std::int64_t id);
    core::Result<DetectionAlert> Dismiss(const Actor& actor, std::int64_t id);

private:
    core::Result<DetectionAlert> OpenIncident(const Actor& actor, DetectionAlert alert);
    /// The open incident an earlier alert about the same subject opened within the unit's
    /// joining window, if any.
    core::Result<std::optional<domain::IncidentId>> IncidentToJoin(const DetectionAlert& alert);
    /// Attaches the alert to that incident: a note, its log line, its new observables.
    core::Result<DetectionAlert> JoinIncident(const Actor& actor,
                                              DetectionAlert alert,
                                              domain::IncidentId id);
    /// The alert when the actor sees its unit, else kNotFound.
    static core::Result<DetectionAlert> LoadVisibleAlert(Repositories& repos,
                                                         const Actor& actor,
                                                         std::int64_t id);
    /// Stores a changed alert with its audit entry (`before`: its snapshot before the change).
    static core::Status SaveChanged(Repositories& repos,
                                    const Actor& actor,
                                    core::TimePoint now,
                                    std::string_view action,
                                    const std::string& before,
                                    const DetectionAlert& alert);

    Store& store_;
    const core::Clock& clock_;
    IncidentService& incidents_;
    const domain::Taxonomy& taxonomy_;
    DetectionSetupService& setup_;
};

}  // namespace ungcuu::app
