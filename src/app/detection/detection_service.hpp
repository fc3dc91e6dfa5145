// Use cases of detection: recording the engine's hits as alerts in the unit their event came
// from (folding repeats of one rule, unit and correlation group into one alert with a count),
// opening incidents through the incident intake — by hand ("promote") or by themselves for rules
// at or above the unit's chosen level — and the settings behind that: log sources bound to
// units, rules switched on or off for a subtree, the auto-open level. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/detection/ports.hpp"
#include "app/incidents/incident_service.hpp"
#include "app/ports.hpp"
#include "core/text.hpp"

namespace ungcuu::app {

/// "informational" 0 … "critical" 4; unknown levels count as "medium".
int DetectionLevelRank(std::string_view level);
bool IsDetectionLevel(std::string_view level);

/// Whether `path` (absolute, normalised) is one of `roots` or inside one of them, comparing
/// whole path components.
bool IsUnderRoot(std::string_view path, const std::vector<std::string>& roots);

struct DetectionOptions {
    /// Matches of the same rule, unit and group this close together fold into one alert.
    std::chrono::hours fold_window{24};
    /// Auto-open level where no unit has chosen one.
    std::string default_auto_open = "high";
};

struct RuleView {
    DetectionRuleInfo info;
    bool enabled = true;
    std::string decided_by;  // the unit whose setting decides, empty: the default
};

struct DetectionRulesView {
    domain::UnitId unit_id;
    std::vector<RuleView> rules;
    std::vector<DetectionRefusal> refused;
    std::string auto_open_level;   // in force for the unit
    std::string auto_open_set_by;  // the unit that chose it, empty: the default
};

struct AlertQuery {
    std::optional<domain::UnitId> unit_id;
    std::string state;
    std::string rule_id;
    std::optional<std::int64_t> before_id;
    int limit = 100;
};

class DetectionService {
public:
    DetectionService(Store& store,
                     const core::Clock& clock,
                     IncidentService& incidents,
                     const domain::Taxonomy& taxonomy,
                     DetectionOptions options = {})
        : store_(store),
          clock_(clock),
          incidents_(incidents),
          taxonomy_(taxonomy),
          options_(std::move(options)) {}

    /// Set at start-up (before requests are served); without them the rule and intake views
    /// are empty.
    void Attach(const DetectionEngine* engine, EventIntake* intake);

    /// The folders file sources may read (absolute, symbolic links resolved), set at start-up;
    /// none: file sources are refused.
    void SetFileRoots(std::vector<std::string> roots) { file_roots_ = std::move(roots); }

    const std::vector<std::string>& file_roots() const { return file_roots_; }

    /// Called after a log source is created or changed (the file reader looks at once).
    void OnSourcesChanged(std::function<void()> callback) {
        std::lock_guard lock(mutex_);
        sources_changed_ = std::move(callback);
    }

    const DetectionEngine* engine() const { return engine_; }

    EventIntake* intake() const { return intake_; }

    core::TimePoint Now() const { return clock_.Now(); }

    /// Records the engine's hits over `batch` (one transaction), then opens the incidents due.
    /// Returns the number of hits recorded (hits of rules switched off for the unit are not).
    core::Result<std::size_t> Record(std::span<const IngestedEvent> batch,
                                     const std::vector<DetectionHit>& hits);

    core::Result<std::vector<DetectionAlert>> Alerts(const Actor& actor, const AlertQuery& query);
    core::Result<DetectionAlert> Alert(const Actor& actor, std::int64_t id);
    /// Opens an incident for the alert (or adds a repeat to the open one of the same key).
    core::Result<DetectionAlert> Promote(const Actor& actor, std::int64_t id);
    core::Result<DetectionAlert> Dismiss(const Actor& actor, std::int64_t id);

    core::Result<DetectionRulesView> Rules(const Actor& actor, domain::UnitId unit);
    core::Status SetRuleEnabled(const Actor& actor,
                                domain::UnitId unit,
                                std::string_view rule_id,
                                bool enabled);
    /// `level` empty: inherit from the parent unit again.
    core::Status SetAutoOpenLevel(const Actor& actor, domain::UnitId unit, std::string_view level);
    core::Result<RuleTestResult> Test(std::string_view rules,
                                      std::string_view events,
                                      std::string_view format) const;

    core::Result<std::vector<LogSource>> Sources(const Actor& actor);
    core::Result<LogSource> CreateSource(const Actor& actor, LogSource source);
    core::Result<LogSource> UpdateSource(const Actor& actor, LogSource source);
    /// The source an HTTP ingest names, checked against the token's scope.
    core::Result<LogSource> SourceForIngest(const Actor& actor, std::int64_t id);
    /// Every active source of a kind ("file" for the file reader; no caller's scope).
    core::Result<std::vector<LogSource>> ActiveSources(std::string_view kind);
    /// The active syslog source of a sender address, else none (the events go to `fallback`).
    core::Result<std::optional<LogSource>> SyslogSource(std::string_view address);

private:
    struct SettingIndex;
    core::Result<std::shared_ptr<const SettingIndex>> LoadSettings(Repositories& repos);
    void ForgetSettings();
    core::Result<DetectionAlert> OpenIncident(const Actor& actor, DetectionAlert alert);
    /// Writes a unit's setting with its audit entry and drops the cached index.
    core::Status PutSetting(const Actor& actor,
                            const DetectionSetting& setting,
                            std::string_view action,
                            const core::FieldSnapshot& after);
    /// The alert when the actor sees its unit, else kNotFound.
    static core::Result<DetectionAlert> LoadVisibleAlert(Repositories& repos,
                                                         const Actor& actor,
                                                         std::int64_t id);
    const DetectionRuleInfo* FindRule(std::string_view id) const;
    core::Status CheckSource(const LogSource& source) const;
    void SourcesChanged();

    Store& store_;
    const core::Clock& clock_;
    IncidentService& incidents_;
    const domain::Taxonomy& taxonomy_;
    DetectionOptions options_;
    const DetectionEngine* engine_ = nullptr;
    EventIntake* intake_ = nullptr;
    std::vector<std::string> file_roots_;
    std::function<void()> sources_changed_;                                    // guarded by mutex_
    std::map<std::string, const DetectionRuleInfo*, std::less<>> rule_index_;  // by id
    mutable std::mutex mutex_;
    std::shared_ptr<const SettingIndex> settings_;  // guarded by mutex_; dropped on change
    std::vector<LogSource> syslog_sources_;         // guarded by mutex_
    bool syslog_loaded_ = false;                    // guarded by mutex_
};

}  // namespace ungcuu::app
