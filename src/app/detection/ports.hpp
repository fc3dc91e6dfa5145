// Ports of detection: log sources bound to units, the alerts raised by detection rules and the
// per-unit settings (rules switched off for a subtree, the level from which an alert opens an
// incident by itself) in the case store; the raw event store kept apart from it; the engine that
// matches rules, behind an interface so that a province can later run it elsewhere (a message
// bus) while the embedded default runs in process; and the intake the HTTP API hands events to.
// The website monitor's sites, their hourly counts and events; the camera that pictures a page.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/access.hpp"
#include "domain/file_scan.hpp"
#include "domain/harmful_content.hpp"
#include "domain/ids.hpp"
#include "domain/incident.hpp"
#include "domain/website_monitor.hpp"

namespace ungcuu::app {

/// One log record as received (a syslog message, a JSON line, an access-log line).
struct IngestedEvent {
    std::int64_t seq = 0;  // set by the raw store, increasing
    core::TimePoint received_at;
    std::int64_t source_id = 0;  // 0: a sender bound to no log source
    domain::UnitId unit_id;
    std::string format;  // "json", "syslog", "access" or "auto"
    std::string body;
};

/// Where logs come from, and the unit they belong to.
struct LogSource {
    std::int64_t id = 0;
    domain::UnitId unit_id;
    std::string unit_path;  // loaded
    std::string unit_name;  // loaded
    std::string name;
    std::string kind;     // "syslog" (by sender address), "http" (POST /ingest), "file"
    std::string format;   // "auto", "json", "syslog", "access"
    std::string address;  // the sender's IP address for syslog; empty otherwise
    std::string path;     // the file read, for "file"; empty otherwise
    bool follow = true;   // "file": keep reading what is appended; false: read once to the end
    bool active = true;
    core::TimePoint created_at;
    /// The sender's zone for times written without one (minutes east of UTC); nullopt: the
    /// server's (UTC+7).
    std::optional<std::int32_t> utc_offset_minutes{};
    /// A line dated further than this from its receipt is dated when received (and counted as
    /// skewed); 0: the sender's times are taken whatever they say (a one-shot import of old
    /// logs).
    std::int32_t max_skew_seconds = 600;
};

/// What the engine has noticed about one source's lines since the server started.
struct SourceHealth {
    std::int64_t source_id = 0;
    std::int64_t events = 0;
    std::int64_t unreadable = 0;      // not in the source's format
    std::int64_t missing_fields = 0;  // read, but without the fields their program should give
    std::int64_t skewed = 0;          // dated when received: the sender's time was beyond the bound
    std::string sample;               // the latest unreadable line or line missing fields
    std::string sample_problem;       // "unreadable" or "missing:<program>"
    std::string skewed_sample;        // the latest skewed line
    std::optional<core::TimePoint> last_received{};
};

/// What an alert is about: an address, a user, a host (the observables it carries).
struct AlertFact {
    std::string kind;  // "ip", "user", "host"
    std::string value;

    bool operator==(const AlertFact&) const = default;
};

/// The fact an alert is about: its address, else its user, else its host; nullptr when none.
inline const AlertFact* SubjectFact(const std::vector<AlertFact>& facts) {
    for (const std::string_view kind : {"ip", "user", "host"}) {
        for (const auto& fact : facts) {
            if (fact.kind == kind) {
                return &fact;
            }
        }
    }
    return nullptr;
}

/// Matches of one rule in one unit (and one correlation group), folded together while they go on.
struct DetectionAlert {
    std::int64_t id = 0;
    domain::UnitId unit_id;
    std::string unit_path;  // loaded
    std::string unit_name;  // loaded
    std::string rule_id;
    std::string rule_title;
    std::string level;
    /// The correlation's group ("source.ip=10.0.0.5"), or for a plain rule the natural key of
    /// its event (its source address, else user, else host); empty when the event has none.
    std::string group_key;
    std::int64_t count = 1;           // firings folded into the alert
    std::int64_t events = 1;          // events behind them (a correlation's window counts several)
    std::optional<double> measure{};  // the correlation's latest measured value
    std::string subject{};            // the address (else user, else host) the alert is about
    std::vector<AlertFact> facts{};   // addresses, users and hosts seen (at most 20)
    core::TimePoint first_seen;
    core::TimePoint last_seen;
    std::int64_t first_event_seq = 0;
    std::int64_t last_event_seq = 0;
    std::string sample;  // the latest matching event, cut to 4 KiB
    std::optional<domain::IncidentId> incident_id;
    std::string incident_code;  // loaded
    std::string state = "new";  // "new", "promoted" (an incident holds it), "dismissed"
};

struct AlertFilter {
    std::vector<domain::ScopeRoot> scope;
    bool unrestricted = false;
    std::optional<domain::UnitId> unit_id;  // that unit's subtree
    std::string state;
    std::string rule_id;
    std::optional<std::int64_t> before_id;  // the next page: ids below this one
    int limit = 100;
};

/// A setting of a unit for its subtree: a rule switched on or off (`rule_id` set), or the level
/// from which alerts open incidents by themselves (`rule_id` empty). The deepest unit wins.
struct DetectionSetting {
    domain::UnitId unit_id;
    std::string unit_path;  // loaded
    std::string unit_name;  // loaded
    std::string rule_id;
    std::optional<bool> enabled;
    std::string auto_open_level;  // "none", "informational" … "critical"; empty: inherited
    /// Alerts about one subject this close together open or join one incident; nullopt:
    /// inherited (`rule_id` empty only).
    std::optional<std::int32_t> join_minutes{};
    /// Whether the Sigma rules that come with warnings run on the subtree's logs; nullopt:
    /// inherited (`rule_id` empty only; nobody having chosen: they do not).
    std::optional<bool> warning_rules{};
};

class DetectionRepository {
public:
    virtual ~DetectionRepository() = default;
    /// The alert still going on for this rule, unit and group: not dismissed, seen since `since`.
    virtual core::Result<std::optional<DetectionAlert>> FindOngoingAlert(domain::UnitId unit,
                                                                         std::string_view rule_id,
                                                                         std::string_view group_key,
                                                                         core::TimePoint since) = 0;
    virtual core::Result<DetectionAlert> InsertAlert(DetectionAlert alert) = 0;
    virtual core::Status UpdateAlert(const DetectionAlert& alert) = 0;
    virtual core::Result<DetectionAlert> GetAlert(std::int64_t id) = 0;
    /// The latest alert of the unit about `subject` that an incident holds, seen since `since`.
    virtual core::Result<std::optional<DetectionAlert>> FindPromotedAlert(
        domain::UnitId unit, std::string_view subject, core::TimePoint since) = 0;
    virtual core::Result<std::vector<DetectionAlert>> Alerts(const AlertFilter& filter) = 0;

    /// Every setting (a short table: a few per unit at most).
    virtual core::Result<std::vector<DetectionSetting>> Settings() = 0;
    /// Inserts or replaces the setting of (unit, rule).
    virtual core::Status PutSetting(const DetectionSetting& setting) = 0;

    virtual core::Result<std::vector<LogSource>> Sources(
        const std::vector<domain::ScopeRoot>& scope, bool unrestricted) = 0;
    virtual core::Result<LogSource> GetSource(std::int64_t id) = 0;
    /// kAlreadyExists when an active syslog source already has that address.
    virtual core::Result<LogSource> InsertSource(LogSource source) = 0;
    virtual core::Status UpdateSource(const LogSource& source) = 0;
};

/// How far a file source has been read, committed with the events read (so a restart neither
/// loses nor repeats lines), and what stops it when something does.
struct FilePosition {
    std::int64_t source_id = 0;
    std::string file_id;       // "device:inode" of the file read
    std::int64_t offset = 0;   // bytes taken (whole lines)
    std::int64_t size = 0;     // the file's size when last read
    std::int64_t lines = 0;    // lines taken from this file
    std::int64_t refused = 0;  // lines refused (longer than 64 KiB, not UTF-8)
    bool done = false;         // a one-shot import that reached the end
    std::string error;         // why the file cannot be read now; empty: it can
    core::TimePoint updated_at;
};

struct RawStoreStats {
    std::int64_t events = 0;  // kept now
    std::int64_t last_seq = 0;
    std::int64_t cursor = 0;  // the last event the detection has finished
    std::optional<core::TimePoint> oldest;
};

/// Raw events as received, apart from the case store, kept for the retention period. Durable
/// when Append returns. Thread-safe.
class RawEventStore {
public:
    virtual ~RawEventStore() = default;
    /// Stores the batch and the file positions reached by it in one transaction, and numbers
    /// its events.
    virtual core::Status Append(std::span<IngestedEvent> events,
                                std::span<const FilePosition> positions) = 0;
    /// Records a file position alone (a read that took no event, an error).
    virtual core::Status SavePosition(const FilePosition& position) = 0;
    virtual core::Result<std::vector<FilePosition>> Positions() = 0;
    virtual core::Result<std::vector<IngestedEvent>> ReadAfter(std::int64_t seq,
                                                               std::size_t limit) = 0;
    /// The detection's position: every event up to it has been matched and its alerts recorded.
    virtual core::Result<std::int64_t> Cursor() = 0;
    virtual core::Status SetCursor(std::int64_t seq) = 0;
    /// Removes events received before `before` that the detection has finished; returns how many.
    virtual core::Result<std::int64_t> PruneBefore(core::TimePoint before) = 0;
    virtual core::Result<RawStoreStats> Stats() = 0;
};

struct DetectionRuleInfo {
    std::string id;
    std::string title;
    std::string level;
    std::string description;
    std::string file;
    std::string type;                    // "rule", or the correlation type ("event_count", …)
    std::vector<std::string> scenarios;  // from tags "ungcuu.scenario.<code>"
    std::vector<std::string> tags;
};

struct DetectionRefusal {
    std::string file;
    std::string title;
    std::string reason;
};

/// A rule (or correlation) matched the batch's event `event`.
struct DetectionHit {
    std::size_t event = 0;  // index into the batch
    std::string rule_id;
    std::string group_key;
    std::int64_t event_count = 1;     // events behind a correlation
    core::TimePoint at;               // when the event was received
    std::optional<double> measure{};  // a correlation's measured value
    std::vector<AlertFact> facts{};   // the group's and the event's address, user, host
};

struct ProcessStats {
    std::size_t events = 0;
    std::size_t unreadable = 0;      // not in the source's format; kept in the raw store
    std::size_t missing_fields = 0;  // read without the fields their program should give
    std::size_t skewed = 0;          // dated when received
};

struct RuleTestMatch {
    std::size_t event = 0;
    std::string rule_id;
    std::string rule_title;
    std::string level;
    std::string group_key;
    std::int64_t event_count = 1;
};

struct RuleTestResult {
    std::vector<DetectionRuleInfo> rules;
    std::vector<DetectionRefusal> refused;
    std::size_t events = 0;
    std::vector<RuleTestMatch> matches;
};

/// Sigma rules that came with a warning, to run on the events of the units that take them (the
/// warning's recipients that consent).
struct WarningRuleSet {
    std::int64_t warning_id = 0;
    std::string warning_title;
    std::string text;                 // the rules (YAML documents)
    std::vector<std::int64_t> units;  // whose events they run on, sorted
};

/// A rule running because of a warning; one rule sent by several warnings (a warning and those
/// passing it on) runs once on all their units.
struct WarningRule {
    DetectionRuleInfo info;  // `file`: "cảnh báo <warning id>"
    std::vector<std::int64_t> warnings;
    std::vector<std::int64_t> units;  // sorted
};

/// What runs after a deployment, and what could not (each refusal's `file` names the warning).
struct WarningRuleDeployment {
    std::vector<WarningRule> rules;
    std::vector<DetectionRefusal> refused;
};

/// The rule matcher. `Process` is called by one thread at a time (it keeps correlation state per
/// unit); the rest is thread-safe.
class DetectionEngine {
public:
    virtual ~DetectionEngine() = default;
    virtual const std::vector<DetectionRuleInfo>& Rules() const = 0;
    virtual const std::vector<DetectionRefusal>& Refused() const = 0;
    virtual ProcessStats Process(std::span<const IngestedEvent> batch,
                                 std::vector<DetectionHit>& hits) = 0;

    /// As Process for events matched before a restart, to refill the correlation windows: their
    /// hits are dropped and they are not counted again in the sources' health.
    virtual void Replay(std::span<const IngestedEvent> batch) {
        std::vector<DetectionHit> dropped;
        (void)Process(batch, dropped);
    }

    /// How far back in time correlation windows reach (the longest timespan; zero: none). Events
    /// that recent are matched again at start, their hits dropped, so that a window open before
    /// a restart goes on after it.
    virtual std::chrono::seconds CorrelationReach() const { return std::chrono::seconds{0}; }

    /// How each source's times are read (zone, skew bound); called at start and when sources
    /// change, from any thread.
    virtual void SetSources(const std::vector<LogSource>& /*sources*/) {}

    /// What the engine noticed per source since start; thread-safe.
    virtual std::vector<SourceHealth> Health() const { return {}; }

    /// Whether a line reads in a source format ("auto": guessed, as the engine guesses it);
    /// thread-safe.
    virtual bool InFormat(std::string_view /*line*/, std::string_view /*format*/) const {
        return true;
    }

    /// Replaces the rules that came with warnings (thread-safe; the next batch runs the new
    /// set). Only plain rules run: a correlation, a rule the running set already has, a rule
    /// that does not compile, past the bounds, is refused with its reason.
    virtual WarningRuleDeployment DeployWarningRules(const std::vector<WarningRuleSet>& sets) {
        WarningRuleDeployment none;
        for (const auto& set : sets) {
            none.refused.push_back({"cảnh báo " + std::to_string(set.warning_id), set.warning_title,
                                    "bộ phát hiện này không chạy luật kèm cảnh báo (this "
                                    "detection runs no rules sent with warnings)"});
        }
        return none;
    }

    /// The rules running because of warnings; thread-safe.
    virtual std::vector<WarningRule> WarningRules() const { return {}; }

    /// The rule with this id running because of a warning; thread-safe.
    virtual std::optional<WarningRule> FindWarningRule(std::string_view /*id*/) const {
        return std::nullopt;
    }

    /// Runs pasted rules over pasted events (in `format`), apart from the running rule set;
    /// `now` dates syslog lines that carry no year.
    virtual core::Result<RuleTestResult> Test(std::string_view rules,
                                              std::string_view events,
                                              std::string_view format,
                                              core::TimePoint now) const = 0;
};

struct IntakeCounters {
    std::int64_t received = 0;        // events offered by every listener
    std::int64_t stored = 0;          // durable in the raw store
    std::int64_t dropped = 0;         // UDP datagrams refused because the queue was full
    std::int64_t refused = 0;         // frames too long or malformed
    std::int64_t throttled = 0;       // times a TCP sender was held back by a full queue
    std::int64_t processed = 0;       // matched by the engine
    std::int64_t unreadable = 0;      // not in their source's format
    std::int64_t missing_fields = 0;  // read without the fields their program should give
    std::int64_t skewed = 0;          // dated when received: the sender's clock or zone is off
    std::int64_t alerts = 0;          // hits recorded
    std::int64_t queue_depth = 0;
    std::int64_t queue_capacity = 0;
    std::vector<std::string> listeners;  // "udp 127.0.0.1:5514", …
    RawStoreStats raw;
};

/// Where the HTTP API hands received events. Thread-safe.
class EventIntake {
public:
    virtual ~EventIntake() = default;
    /// Returns once every event is durable in the raw store (the acknowledgement), after waiting
    /// for room in the queue; kUnavailable when the queue stays full or the intake is stopping.
    virtual core::Status SubmitDurable(std::vector<IngestedEvent> events) = 0;
    virtual IntakeCounters Counters() const = 0;
    /// How far each file source has been read.
    virtual std::vector<FilePosition> FilePositions() const = 0;
};

// ---- the website monitor ------------------------------------------------------------------

/// A watched site with what the monitor holds about it.
struct MonitorSite {
    domain::MonitorTarget target;
    domain::MonitorStatus status;
    /// The page last read while a content finding stands (what approving it as the baseline
    /// takes); empty otherwise. Loaded by Get and GetMany only.
    std::optional<domain::PageFacts> pending;
};

/// The checks of one site in one hour.
struct MonitorHour {
    core::TimePoint hour{};
    int checks = 0;
    int ups = 0;
    std::int64_t latency_sum_ms = 0;
    int latency_max_ms = 0;
};

/// Checks and successes since a time, per site.
struct MonitorUptime {
    std::int64_t checks = 0;
    std::int64_t ups = 0;
};

/// What the scheduler needs of an enabled site.
struct MonitorSchedule {
    domain::MonitorTargetId id{};
    std::string url;
    int interval_seconds = 60;
};

struct MonitorFilter {
    std::optional<domain::UnitId> unit_id;  // its subtree
    std::optional<domain::SiteState> state;
    bool with_findings = false;  // only sites with a finding standing
    int offset = 0;
    int limit = 100;
};

struct MonitorCounts {
    int total = 0;
    int up = 0;
    int down = 0;
    int suspect = 0;
    int unknown = 0;
    int with_findings = 0;
    int disabled = 0;
};

/// Which harmful-content cases a list shows.
struct CaseFilter {
    std::optional<domain::UnitId> unit_id;  // the unit and its subtree
    std::optional<domain::CaseState> state;
    std::optional<domain::ContentCategory> category;
    std::optional<domain::ContentPlatform> platform;
    std::string q;                             // folded words, all present in the case's text
    std::optional<core::TimePoint> seen_from;  // first seen at or after
    std::optional<core::TimePoint> seen_to;    // first seen before
    int limit = 50;
    int offset = 0;
};

/// A file kept as evidence of a case: uploaded, or captured from the case's address.
struct CaseEvidence {
    domain::CaseEvidenceId id{};
    domain::HarmfulCaseId case_id{};
    std::string name{};
    std::string content_type{};
    std::int64_t size = 0;
    std::string sha256{};
    std::string source_url{};  // the address a capture read; empty for an upload
    std::string added_by{};
    core::TimePoint added_at{};
    std::optional<domain::FileScan> scan{};  // loaded with it
};

class HarmfulContentRepository {
public:
    virtual ~HarmfulContentRepository() = default;
    virtual core::Result<domain::HarmfulCase> Insert(domain::HarmfulCase c) = 0;
    virtual core::Status Update(const domain::HarmfulCase& c) = 0;
    /// With its unit's path and name; kNotFound.
    virtual core::Result<domain::HarmfulCase> Get(domain::HarmfulCaseId id) = 0;
    /// Newest first seen first, within the scope.
    virtual core::Result<std::vector<domain::HarmfulCase>> List(
        const std::vector<domain::ScopeRoot>& scope,
        bool unrestricted,
        const CaseFilter& filter) = 0;
    virtual core::Result<std::int64_t> Count(const std::vector<domain::ScopeRoot>& scope,
                                             bool unrestricted,
                                             const CaseFilter& filter) = 0;
    /// The case a report was turned into, if any.
    virtual core::Result<std::optional<domain::HarmfulCaseId>> FromIncident(
        domain::IncidentId incident) = 0;

    virtual core::Result<CaseEvidence> InsertEvidence(CaseEvidence evidence) = 0;
    virtual core::Result<std::vector<CaseEvidence>> Evidence(domain::HarmfulCaseId id) = 0;

    virtual core::Result<domain::Takedown> InsertTakedown(domain::Takedown takedown) = 0;
    virtual core::Status UpdateTakedown(const domain::Takedown& takedown) = 0;
    /// The requests of these cases, oldest first.
    virtual core::Result<std::vector<domain::Takedown>> Takedowns(
        std::span<const domain::HarmfulCaseId> cases) = 0;
};

class MonitorRepository {
public:
    virtual ~MonitorRepository() = default;
    /// kConflict when the unit already watches the URL.
    virtual core::Result<domain::MonitorTarget> Insert(domain::MonitorTarget target) = 0;
    /// The settings: system, URL, name, interval, enabled, public.
    virtual core::Status Update(const domain::MonitorTarget& target) = 0;
    /// With its hours and events.
    virtual core::Status Delete(domain::MonitorTargetId id) = 0;
    /// kNotFound when absent; names loaded, baseline and pending page included.
    virtual core::Result<MonitorSite> Get(domain::MonitorTargetId id) = 0;
    /// The sites of `ids` that exist, with baselines and pending pages, in no order.
    virtual core::Result<std::vector<MonitorSite>> GetMany(
        const std::vector<domain::MonitorTargetId>& ids) = 0;
    /// Sites inside the scope and filter, without baselines: problems first (down, suspect,
    /// with findings), then by unit path and name.
    virtual core::Result<std::vector<MonitorSite>> List(const std::vector<domain::ScopeRoot>& scope,
                                                        bool unrestricted,
                                                        const MonitorFilter& filter) = 0;
    virtual core::Result<MonitorCounts> Count(const std::vector<domain::ScopeRoot>& scope,
                                              bool unrestricted,
                                              const MonitorFilter& filter) = 0;
    /// The URLs watched by units inside the subtree of `unit`.
    virtual core::Result<std::vector<std::pair<domain::UnitId, std::string>>> WatchedUrls(
        domain::UnitId unit) = 0;
    virtual core::Result<std::vector<MonitorSchedule>> Enabled(int limit) = 0;
    /// Sites shown on the public status page.
    virtual core::Result<std::vector<MonitorSite>> Public(int limit) = 0;

    virtual core::Status SaveStatus(domain::MonitorTargetId id,
                                    const domain::MonitorStatus& status) = 0;
    virtual core::Status SavePending(domain::MonitorTargetId id,
                                     const std::optional<domain::PageFacts>& page) = 0;
    /// No baseline: the next check's page becomes it.
    virtual core::Status ClearBaseline(domain::MonitorTargetId id) = 0;
    virtual core::Status SaveBaseline(domain::MonitorTargetId id,
                                      const domain::PageFacts& page,
                                      core::TimePoint at,
                                      const std::string& by) = 0;
    /// Counts one check in its hour.
    virtual core::Status AddCheck(domain::MonitorTargetId id,
                                  core::TimePoint at,
                                  bool up,
                                  int latency_ms) = 0;
    /// The hours from `from` on, oldest first.
    virtual core::Result<std::vector<MonitorHour>> Hours(domain::MonitorTargetId id,
                                                         core::TimePoint from) = 0;
    /// Per site of `ids`, the checks counted since `from`.
    virtual core::Result<std::vector<std::pair<domain::MonitorTargetId, MonitorUptime>>> Uptime(
        const std::vector<domain::MonitorTargetId>& ids, core::TimePoint from) = 0;
    virtual core::Status PruneHours(core::TimePoint before) = 0;

    virtual core::Status InsertEvent(domain::MonitorEvent& event) = 0;
    virtual core::Status LinkEvent(domain::MonitorEventId id, domain::IncidentId incident) = 0;
    /// Newest first.
    virtual core::Result<std::vector<domain::MonitorEvent>> Events(domain::MonitorTargetId id,
                                                                   int limit) = 0;
};

/// Pictures a page as a browser shows it (the evidence of a defacement).
/// A page fetched once, for evidence.
struct FetchedPage {
    std::string url;  // after redirects
    long status = 0;
    std::string headers;
    std::string body;
};

/// Fetches one web page now (a harmful-content case's capture), with the website monitor's
/// guards: http(s) only, bounded size and time, never this machine's own addresses. Thread-safe.
class PageFetcher {
public:
    virtual ~PageFetcher() = default;
    /// kUnavailable naming why the page could not be read (in Vietnamese and English).
    virtual core::Result<FetchedPage> Fetch(std::string_view url) = 0;
};

class PageCamera {
public:
    virtual ~PageCamera() = default;
    /// A PNG of `html` as read from `url` (relative addresses resolved against it).
    virtual core::Result<std::string> Picture(std::string_view html, std::string_view url) = 0;
};

}  // namespace ungcuu::app
