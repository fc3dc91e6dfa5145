// The Sigma rules that come with warnings, put to work (seeds 002 §II.6, 003 §II.4: a warning's
// detection content reaches the units it warns): each warning in force that carries rules runs
// them on the logs of its recipients that consent — a detection setting of the unit, inherited
// down the tree, off until someone turns it on — until it is withdrawn or its rules' life after
// the deadline is over. The background jobs refresh the deployment; the engine is replaced only
// when what should run has changed. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "app/detection/setup_service.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

/// Where a warning's rules run, as a reader of the warning sees it.
struct WarningRulesState {
    std::vector<WarningRule> running;       // the warning's rules running somewhere
    std::vector<DetectionRefusal> refused;  // its rules that could not run, with the reason
    std::vector<std::int64_t> consenting;   // recipient units whose logs they run on
};

class WarningRuleService {
public:
    static constexpr int kMaxWarnings = 1000;

    WarningRuleService(Store& store, const core::Clock& clock, DetectionSetupService& setup)
        : store_(store), clock_(clock), setup_(setup) {}

    /// The engine the rules go to (set at start-up; nullptr: none).
    void Attach(DetectionEngine* engine);

    /// Deploys what should run now; true when the engine's warning rules changed.
    core::Result<bool> Refresh();

    core::TimePoint Now() const { return clock_.Now(); }

    /// Where the rules of `warning` run since the last refresh.
    WarningRulesState StateOf(std::int64_t warning) const;

private:
    Store& store_;
    const core::Clock& clock_;
    DetectionSetupService& setup_;
    mutable std::mutex mutex_;
    DetectionEngine* engine_ = nullptr;                // guarded by mutex_
    std::optional<std::vector<WarningRuleSet>> last_;  // guarded by mutex_: what was deployed
    WarningRuleDeployment deployed_;                   // guarded by mutex_
};

}  // namespace ungcuu::app
