// Response plans (phương án ứng cứu): per system, or per unit as its default, and per scenario.
// Every save is a new version, kept as a draft until someone who approves for the unit approves
// it; approving retires the earlier approved version of the same system (or unit) and scenario.
// Incidents take the latest approved plan (see PlanRepository::Applicable). Thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "app/actor.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

class PlanService {
public:
    PlanService(Store& store, const core::Clock& clock, const domain::Taxonomy& taxonomy)
        : store_(store), clock_(clock), taxonomy_(taxonomy) {}

    core::Result<std::vector<domain::ResponsePlan>> List(const Actor& actor,
                                                         std::optional<domain::SystemId> system,
                                                         std::string_view scenario);
    core::Result<domain::ResponsePlan> Get(const Actor& actor, domain::PlanId id);
    /// Saves `plan` as the next draft version for its unit, system and scenario.
    core::Result<domain::ResponsePlan> Save(const Actor& actor, domain::ResponsePlan plan);
    core::Result<domain::ResponsePlan> Approve(const Actor& actor, domain::PlanId id);

private:
    Store& store_;
    const core::Clock& clock_;
    const domain::Taxonomy& taxonomy_;
};

}  // namespace ungcuu::app
