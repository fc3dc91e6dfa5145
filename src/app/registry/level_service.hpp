// The level-determination helper: proposes a security level for a system from the answers to the
// criteria of the deployment's rule set (loaded from a rule file by the composition root).
// Immutable after construction; thread-safe.
#pragma once

#include "core/result.hpp"
#include "domain/levels.hpp"

namespace ungcuu::app {

class LevelService {
public:
    explicit LevelService(domain::LevelRuleSet rules) : rules_(std::move(rules)) {}

    /// kInvalidArgument for impossible answers (negative users, service level outside 0–4).
    core::Result<domain::LevelProposal> Propose(const domain::SystemFacts& facts) const;

    const domain::LevelRuleSet& rules() const { return rules_; }

private:
    domain::LevelRuleSet rules_;
};

}  // namespace ungcuu::app
