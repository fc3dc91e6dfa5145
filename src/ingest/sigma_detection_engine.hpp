// The embedded detection engine: Sigma rules run by the fast engine, correlations kept per unit
// (events of two units never make one brute force), every event turned into JSON by the parser
// of its format. The default app::DetectionEngine; a bus-backed one can replace it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/detection/ports.hpp"
#include "sigma/correlation.hpp"
#include "sigma/engine.hpp"

namespace ungcuu::ingest {

class SigmaDetectionEngine final : public app::DetectionEngine {
public:
    /// Builds the engine from a rule set (files or the embedded pack); rules it cannot run are
    /// listed by Refused().
    static core::Result<std::unique_ptr<SigmaDetectionEngine>> Build(
        sigma::RuleSet rules, const sigma::EngineOptions& options = {});

    /// The rule pack shipped inside the binary (rules/sigma/**.yml).
    static sigma::RuleSet EmbeddedPack();
    /// Rules from files and folders.
    static sigma::RuleSet FromPaths(const std::vector<std::string>& paths);

    const std::vector<app::DetectionRuleInfo>& Rules() const override { return infos_; }

    const std::vector<app::DetectionRefusal>& Refused() const override { return refused_; }

    app::ProcessStats Process(std::span<const app::IngestedEvent> batch,
                              std::vector<app::DetectionHit>& hits) override;
    void Replay(std::span<const app::IngestedEvent> batch) override;
    std::chrono::seconds CorrelationReach() const override;
    void SetSources(const std::vector<app::LogSource>& sources) override;
    std::vector<app::SourceHealth> Health() const override;
    bool InFormat(std::string_view line, std::string_view format) const override;
    core::Result<app::RuleTestResult> Test(std::string_view rules,
                                           std::string_view events,
                                           std::string_view format,
                                           core::TimePoint now) const override;
    app::WarningRuleDeployment DeployWarningRules(
        const std::vector<app::WarningRuleSet>& sets) override;
    std::optional<app::WarningRule> FindWarningRule(std::string_view id) const override;
    std::vector<app::WarningRule> WarningRules() const override;

    /// Whether a warning's rules would run: plain Sigma rules (no correlation), each with an id,
    /// that compile; at most kMaxWarningRules. The message names the first rule that would not.
    static core::Status CheckWarningRules(std::string_view text);
    static constexpr std::size_t kMaxWarningRules = 50;

private:
    struct SentRules;
    SigmaDetectionEngine(sigma::Engine engine,
                         std::vector<sigma::CorrelationRule> correlations,
                         const std::vector<sigma::Refusal>& refused);
    sigma::Correlator& CorrelatorOf(std::int64_t unit);
    app::ProcessStats Match(std::span<const app::IngestedEvent> batch,
                            std::vector<app::DetectionHit>& hits,
                            bool noticed);
    void MatchWarningRules(const SentRules& running,
                           std::span<const app::IngestedEvent> batch,
                           std::vector<app::DetectionHit>& hits);

    /// How a source's times are read.
    struct SourceTime {
        std::chrono::minutes utc_offset{7 * 60};
        std::optional<std::chrono::seconds> max_skew{std::chrono::seconds{600}};
    };

    sigma::Engine engine_;
    sigma::Engine::Scratch scratch_;
    std::vector<const sigma::Rule*> base_;
    std::vector<sigma::CorrelationRule> correlations_;  // copied into each unit's correlator
    std::optional<sigma::Correlator> shape_;            // the resolved set, for names and ids
    std::map<std::int64_t, sigma::Correlator> by_unit_;
    std::vector<app::DetectionRuleInfo> infos_;
    std::vector<app::DetectionRefusal> refused_;
    std::string text_;                         // the batch as JSON lines
    std::vector<std::size_t> line_starts_;     // where each event's line starts in text_
    std::string warning_text_;                 // the lines of units running warnings' rules
    std::vector<std::size_t> warning_events_;  // their events' indexes in the batch

    mutable std::mutex mutex_;
    std::shared_ptr<const std::map<std::int64_t, SourceTime>> times_;  // guarded by mutex_
    std::map<std::int64_t, app::SourceHealth> health_;                 // guarded by mutex_
    std::shared_ptr<const SentRules> warning_rules_;                   // guarded by mutex_
};

/// The rule's facts for the UI and the alerts; scenarios from tags "ungcuu.scenario.<code>".
template <class RuleLike>
app::DetectionRuleInfo RuleInfoOf(const RuleLike& rule, std::string type) {
    app::DetectionRuleInfo info;
    info.id = rule.id;
    info.title = rule.title;
    info.level = rule.level.empty() ? "medium" : rule.level;
    info.description = rule.description;
    info.file = rule.file;
    info.type = std::move(type);
    info.tags = rule.tags;
    constexpr std::string_view kPrefix = "ungcuu.scenario.";
    for (const auto& tag : rule.tags) {
        if (tag.size() > kPrefix.size() && tag.compare(0, kPrefix.size(), kPrefix) == 0) {
            info.scenarios.push_back(tag.substr(kPrefix.size()));
        }
    }
    return info;
}

}  // namespace ungcuu::ingest
