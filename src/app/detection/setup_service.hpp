// Use cases of setting detection up: log sources bound to units, rules switched on or off for a
// subtree (the deepest unit's setting winning), the level from which an alert opens an incident
// by itself, and testing pasted rules; the engine and intake attached at start-up and the folders
// file sources may read. Thread-safe.
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
#include "app/ports.hpp"
#include "core/text.hpp"
#include "domain/unit.hpp"

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
    /// Alerts about one subject (an address, a user, a host) this close together open or join
    /// one incident, where no unit has chosen otherwise.
    std::int32_t default_join_minutes = 60;
};

constexpr std::int32_t kMaxJoinMinutes = 7 * 24 * 60;

struct RuleView {
    DetectionRuleInfo info;
    bool enabled = true;
    std::string decided_by;                // the unit whose setting decides, empty: the default
    std::vector<std::int64_t> warnings{};  // the warnings that sent it; empty: the server's pack
};

struct DetectionRulesView {
    domain::UnitId unit_id;
    std::vector<RuleView> rules;
    std::vector<DetectionRefusal> refused;
    std::string auto_open_level;       // in force for the unit
    std::string auto_open_set_by;      // the unit that chose it, empty: the default
    std::int32_t join_minutes = 60;    // in force for the unit
    std::string join_set_by;           // the unit that chose it, empty: the default
    bool warning_rules = false;        // the rules sent with warnings run on the unit's logs
    std::string warning_rules_set_by;  // the unit that chose it, empty: the default (they do not)
};

/// The settings by rule, each list searched for the deepest unit above (or at) a path.
struct DetectionSettingIndex {
    template <typename V>
    struct Entry {
        std::string unit_path;
        std::string unit_name;  // the unit that decides, as the rules page names it
        V value;
    };

    std::map<std::string, std::vector<Entry<bool>>, std::less<>> rules;
    std::vector<Entry<std::string>> auto_open;
    std::vector<Entry<std::int32_t>> join;
    std::vector<Entry<bool>> warning_rules;

    /// Whether the rules sent with warnings run on the logs of the unit at `path`.
    bool TakesWarningRules(std::string_view path) const {
        const auto* chosen = Deepest(warning_rules, path);
        return chosen != nullptr && chosen->value;
    }

    template <typename V>
    static const Entry<V>* Deepest(const std::vector<Entry<V>>& list, std::string_view path) {
        const Entry<V>* best = nullptr;
        for (const auto& entry : list) {
            if (domain::IsWithin(path, entry.unit_path) &&
                (best == nullptr || entry.unit_path.size() > best->unit_path.size())) {
                best = &entry;
            }
        }
        return best;
    }

    const Entry<bool>* Rule(std::string_view rule_id, std::string_view path) const {
        const auto found = rules.find(rule_id);
        return found == rules.end() ? nullptr : Deepest(found->second, path);
    }
};

/// Which of a source's times an update leaves as they are (not given by the caller).
struct SourceTimesKept {
    bool utc_offset = false;
    bool max_skew = false;
};

class DetectionSetupService {
public:
    DetectionSetupService(Store& store, const core::Clock& clock, DetectionOptions options = {})
        : store_(store), clock_(clock), options_(std::move(options)) {}

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

    const DetectionOptions& options() const { return options_; }

    core::TimePoint Now() const { return clock_.Now(); }

    /// The rule the engine runs with this id (from its pack, or sent with a warning).
    std::optional<DetectionRuleInfo> FindRule(std::string_view id) const;

    /// Every unit's settings, cached until one changes.
    core::Result<std::shared_ptr<const DetectionSettingIndex>> Settings(Repositories& repos);

    core::Result<DetectionRulesView> Rules(const Actor& actor, domain::UnitId unit);
    core::Status SetRuleEnabled(const Actor& actor,
                                domain::UnitId unit,
                                std::string_view rule_id,
                                bool enabled);
    /// `level` empty: inherit from the parent unit again.
    core::Status SetAutoOpenLevel(const Actor& actor, domain::UnitId unit, std::string_view level);
    /// Alerts about one subject this close together open or join one incident in the unit's
    /// subtree; nullopt: inherit from the parent unit again.
    core::Status SetJoinWindow(const Actor& actor,
                               domain::UnitId unit,
                               std::optional<std::int32_t> minutes);
    /// Whether the Sigma rules sent with warnings run on the logs of the unit's subtree (the
    /// recipients' consent); nullopt: inherit from the parent unit again.
    core::Status SetWarningRules(const Actor& actor,
                                 domain::UnitId unit,
                                 std::optional<bool> accepted);
    core::Result<RuleTestResult> Test(std::string_view rules,
                                      std::string_view events,
                                      std::string_view format) const;

    core::Result<std::vector<LogSource>> Sources(const Actor& actor);
    core::Result<LogSource> CreateSource(const Actor& actor, LogSource source);
    core::Result<LogSource> UpdateSource(const Actor& actor,
                                         LogSource source,
                                         SourceTimesKept keep = {false, false});
    /// The source an HTTP ingest names, checked against the token's scope.
    core::Result<LogSource> SourceForIngest(const Actor& actor, std::int64_t id);
    /// Every active source of a kind ("file" for the file reader; empty: every kind; no
    /// caller's scope).
    core::Result<std::vector<LogSource>> ActiveSources(std::string_view kind);
    /// Every source, active or not (no caller's scope): how the engine reads their times.
    core::Result<std::vector<LogSource>> AllSources();
    /// The active syslog source of a sender address, else none (the events go to `fallback`).
    core::Result<std::optional<LogSource>> SyslogSource(std::string_view address);

private:
    void ForgetSettings();
    /// Writes a unit's setting with its audit entry and drops the cached index; for the unit's
    /// own row (`rule_id` empty), `apply` changes its one field on the row as stored.
    core::Status PutSetting(const Actor& actor,
                            const DetectionSetting& setting,
                            std::string_view action,
                            const core::FieldSnapshot& after,
                            const std::function<void(DetectionSetting&)>& apply = {});
    core::Status CheckSource(const LogSource& source) const;
    void SourcesChanged();

    Store& store_;
    const core::Clock& clock_;
    DetectionOptions options_;
    const DetectionEngine* engine_ = nullptr;
    EventIntake* intake_ = nullptr;
    std::vector<std::string> file_roots_;
    std::function<void()> sources_changed_;                                    // guarded by mutex_
    std::map<std::string, const DetectionRuleInfo*, std::less<>> rule_index_;  // by id
    mutable std::mutex mutex_;
    std::shared_ptr<const DetectionSettingIndex> settings_;  // guarded by mutex_; dropped on change
    std::vector<LogSource> syslog_sources_;                  // guarded by mutex_
    bool syslog_loaded_ = false;                             // guarded by mutex_
};

}  // namespace ungcuu::app
