#include "app/detection/warning_rules.hpp"

#include <algorithm>
#include <set>

namespace ungcuu::app {

namespace {

bool SameSets(const std::vector<WarningRuleSet>& a, const std::vector<WarningRuleSet>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
        return x.warning_id == y.warning_id && x.units == y.units && x.text == y.text &&
               x.warning_title == y.warning_title;
    });
}

bool Names(const std::vector<std::int64_t>& warnings, std::int64_t warning) {
    return std::find(warnings.begin(), warnings.end(), warning) != warnings.end();
}

}  // namespace

void WarningRuleService::Attach(DetectionEngine* engine) {
    std::lock_guard lock(mutex_);
    engine_ = engine;
    last_.reset();
    deployed_ = {};
}

core::Result<bool> WarningRuleService::Refresh() {
    const auto now = clock_.Now();
    std::vector<WarningRuleSet> sets;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(
            warnings, repos.warnings.WithRules(now - domain::kWarningRulesLife, kMaxWarnings));
        UNGCUU_ASSIGN_OR_RETURN(settings, setup_.Settings(repos));
        for (const auto& warning : warnings) {
            if (!domain::RulesInForce(warning, now)) {
                continue;
            }
            UNGCUU_ASSIGN_OR_RETURN(items, repos.warnings.Items(warning.id));
            std::set<std::int64_t> units;
            for (const auto& item : items) {
                if (settings->TakesWarningRules(item.unit_path)) {
                    units.insert(item.unit.value());
                }
            }
            if (!units.empty()) {
                sets.push_back({warning.id.value(),
                                warning.title,
                                warning.sigma_rules,
                                {units.begin(), units.end()}});
            }
        }
        return core::Ok();
    }));
    std::lock_guard lock(mutex_);
    if (engine_ == nullptr || (last_ && SameSets(*last_, sets))) {
        return false;
    }
    deployed_ = engine_->DeployWarningRules(sets);
    last_ = std::move(sets);
    return true;
}

WarningRulesState WarningRuleService::StateOf(std::int64_t warning) const {
    WarningRulesState state;
    std::lock_guard lock(mutex_);
    for (const auto& rule : deployed_.rules) {
        if (Names(rule.warnings, warning)) {
            state.running.push_back(rule);
        }
    }
    const std::string file = "cảnh báo " + std::to_string(warning);
    for (const auto& refusal : deployed_.refused) {
        if (refusal.file == file) {
            state.refused.push_back(refusal);
        }
    }
    if (last_) {
        for (const auto& set : *last_) {
            if (set.warning_id == warning) {
                state.consenting = set.units;
            }
        }
    }
    return state;
}

}  // namespace ungcuu::app
