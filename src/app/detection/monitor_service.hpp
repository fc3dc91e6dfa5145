// The website monitor's use cases (seeds 001 §II.5b, 002 §II.4–5, 003 §II.2: a province watches
// its portals and finds defacement early): the sites a unit watches — proposed from the
// registry's domain names and URLs, or added by hand —, the checks the monitor records, judged by
// domain::JudgeCheck, with the events and hourly counts they leave, and the incidents they open
// through the intake (source `monitor`, one open incident per site and kind: A5 for content, B2
// or B3 for outages) at the unit owning the site, with the page, its headers and a picture of it
// as evidence; recovery noted on the incident. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/incidents/incident_service.hpp"
#include "app/ports.hpp"
#include "domain/website_monitor.hpp"

namespace ungcuu::app {

struct MonitorRow {
    MonitorSite site;
    MonitorUptime day;    // the last 24 hours
    MonitorUptime month;  // the last 30 days
};

struct MonitorList {
    MonitorCounts counts;  // of the scope and unit, whatever the state filter
    std::vector<MonitorRow> rows;
};

struct MonitorDetails {
    MonitorRow row;
    std::vector<MonitorHour> hours;  // the last 7 days
    std::vector<domain::MonitorEvent> events;
    bool can_edit = false;
};

/// A registry entry not watched yet.
struct MonitorProposal {
    domain::SystemId system_id{};
    std::string system_name;
    domain::UnitId unit_id{};
    std::string unit_name;
    std::string url;
};

/// A site on the province's public status page.
struct PublicSite {
    std::string name;
    std::string unit_name;
    domain::SiteState state = domain::SiteState::kUnknown;
    std::optional<core::TimePoint> since;
    MonitorUptime month;
};

/// What a batch of checks left for the scheduler: the sites to check again soon.
struct RecordOutcome {
    std::vector<domain::MonitorTargetId> recheck;
    int events = 0;
    int incidents = 0;
    std::vector<std::string> problems;  // incidents that could not be opened, and why
};

class MonitorService {
public:
    static constexpr int kMaxTargets = 20000;
    static constexpr int kMaxEvents = 200;

    MonitorService(Store& store,
                   const core::Clock& clock,
                   IncidentService& incidents,
                   domain::PageMarkers markers,
                   domain::MonitorPolicy policy = {})
        : store_(store),
          clock_(clock),
          incidents_(incidents),
          markers_(std::move(markers)),
          policy_(std::move(policy)) {}

    /// The camera that pictures defaced pages (set at start-up; nullptr: no pictures).
    void Attach(PageCamera* camera) {
        std::lock_guard lock(mutex_);
        camera_ = camera;
    }

    core::Result<MonitorList> List(const Actor& actor, const MonitorFilter& filter);
    core::Result<MonitorDetails> Get(const Actor& actor, domain::MonitorTargetId id);
    /// A site to watch for its unit (kSystemWrite on the unit; the system, when named, one of
    /// the unit's subtree).
    core::Result<MonitorDetails> Create(const Actor& actor, domain::MonitorTarget draft);
    /// Replaces the settings (system, URL, name, interval, enabled, public); a new URL takes a
    /// new baseline.
    core::Result<MonitorDetails> Update(const Actor& actor,
                                        domain::MonitorTargetId id,
                                        const domain::MonitorTarget& settings);
    core::Status Delete(const Actor& actor, domain::MonitorTargetId id);
    /// The page last read becomes the approved baseline (after a legitimate change); with no
    /// such page, the next check's page does.
    core::Result<MonitorDetails> ApproveBaseline(const Actor& actor, domain::MonitorTargetId id);
    /// The registry's domain names and URLs in the subtree of `unit` not watched yet.
    core::Result<std::vector<MonitorProposal>> Proposals(const Actor& actor, domain::UnitId unit);
    /// The unit this installation serves (app::TopUnit).
    core::Result<domain::UnitId> TopUnit();
    /// The sites a province chose to show on its public status page. Anyone may ask, so the
    /// answer is kept for kPublicFor (or until a site's settings change): a flood of requests
    /// reads the store twice a minute.
    core::Result<std::vector<PublicSite>> PublicSites();
    static constexpr std::chrono::seconds kPublicFor{30};

    /// The enabled sites, for the scheduler.
    core::Result<std::vector<MonitorSchedule>> Schedule();

    /// Changes whenever a site is added, changed or removed (the scheduler reloads).
    std::uint64_t version() const { return version_.load(); }

    /// Judges and stores a batch of checks; opens, repeats and notes incidents.
    core::Result<RecordOutcome> Record(std::vector<domain::SiteCheck> checks);
    /// Hourly counts older than 400 days go (at most once an hour).
    core::Status Prune();

    const domain::MonitorPolicy& policy() const { return policy_; }

    core::TimePoint Now() const { return clock_.Now(); }

private:
    struct Opened {
        domain::MonitorTargetId target{};
        domain::SiteIncident incident{};
        std::optional<domain::MonitorEventId> event{};
        std::string body{};
        std::string headers{};
        std::string url{};
        std::vector<std::string> evidence{};
    };

    core::Result<MonitorDetails> Details(Repositories& repos,
                                         const Actor& actor,
                                         domain::MonitorTargetId id);
    /// Holds back outage incidents while most sites fail at once, and releases the held ones
    /// still down once that passes.
    void HoldMassOutages(const std::vector<domain::SiteCheck>& checks,
                         std::map<domain::MonitorTargetId, MonitorSite>& sites,
                         std::vector<Opened>& opened,
                         RecordOutcome& outcome);
    core::Status CheckSystem(Repositories& repos,
                             const domain::Unit& unit,
                             const std::optional<domain::SystemId>& system);
    /// Opens (or repeats) the incident of `opened` and, for a new one, attaches the evidence.
    core::Result<domain::IncidentId> OpenIncident(const MonitorSite& site, const Opened& opened);

    Store& store_;
    const core::Clock& clock_;
    IncidentService& incidents_;
    const domain::PageMarkers markers_;
    const domain::MonitorPolicy policy_;
    std::atomic<std::uint64_t> version_{1};
    std::mutex mutex_;
    PageCamera* camera_ = nullptr;               // guarded by mutex_
    std::optional<core::TimePoint> last_prune_;  // guarded by mutex_
    /// Outage incidents held back while most sites failed at once (the monitor's own network,
    /// likelier): opened once that passes if their site is still down. Guarded by mutex_.
    std::map<domain::MonitorTargetId, Opened> held_;
    /// The latest check of each site in the last seconds: when, and whether it failed.
    /// Guarded by mutex_.
    std::map<domain::MonitorTargetId, std::pair<core::TimePoint, bool>> recent_;
    /// The public status answer and when it was read. Guarded by public_mutex_ (held while it is
    /// read again, so that concurrent askers wait for one reading instead of each doing it).
    std::mutex public_mutex_;

    struct PublicAnswer {
        core::TimePoint read_at;
        std::uint64_t version = 0;
        std::vector<PublicSite> sites;
    };

    std::optional<PublicAnswer> public_;
};

}  // namespace ungcuu::app
