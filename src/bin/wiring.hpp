// Builds the running system from a database URL: store, crypto, clock, services and the HTTP
// API. Used by main() and by the integration tests, so both run exactly the same wiring.
#pragma once

#include <memory>
#include <string>

#include "app/calendar_service.hpp"
#include "app/detection/alert_service.hpp"
#include "app/detection/harmful_content_service.hpp"
#include "app/detection/monitor_service.hpp"
#include "app/detection/setup_service.hpp"
#include "app/detection/warning_rules.hpp"
#include "app/incidents/incident_service.hpp"
#include "app/incidents/outbox_service.hpp"
#include "app/incidents/plan_service.hpp"
#include "app/network/drill_service.hpp"
#include "app/network/network_service.hpp"
#include "app/network/periodic_service.hpp"
#include "app/network/statistics_service.hpp"
#include "app/network/warning_service.hpp"
#include "app/network/work_plan_service.hpp"
#include "app/organisation/audit_service.hpp"
#include "app/organisation/auth_service.hpp"
#include "app/organisation/people_service.hpp"
#include "app/organisation/unit_service.hpp"
#include "app/organisation/user_service.hpp"
#include "app/registry/dossier_service.hpp"
#include "app/registry/level_service.hpp"
#include "app/registry/protection_service.hpp"
#include "app/registry/readiness_service.hpp"
#include "app/registry/system_service.hpp"
#include "auth/sodium_crypto.hpp"
#include "demo/seed.hpp"
#include "federation/exchange_service.hpp"
#include "files/table_reader.hpp"
#include "files/upload_store.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "ingest/file_follower.hpp"
#include "ingest/pipeline.hpp"
#include "ingest/sigma_detection_engine.hpp"
#include "ingest/syslog_listener.hpp"
#include "monitor/chromium_camera.hpp"
#include "monitor/page_fetcher.hpp"
#include "monitor/website_monitor.hpp"
#include "notify/curl_notifier.hpp"
#include "reporting/official_renderer.hpp"
#include "scan/malware_scanner.hpp"
#include "storage/database.hpp"
#include "storage/raw_event_store.hpp"

namespace ungcuu::bin {

struct WiringOptions {
    std::string db_url;
    auth::HashCost hash_cost = auth::HashCost::kInteractive;
    const core::Clock* clock = nullptr;  // the system clock when null
    app::UnitServiceOptions units;
    /// Where uploaded files go; empty: "<database file>.files" for SQLite, "ungcuu-files" in
    /// the working directory for PostgreSQL.
    std::string upload_dir;
    /// The incident rule set new incidents are handled under.
    std::string rule_set = "vn-2017";
    /// SMTP server for e-mail deliveries ("smtp://host:port"); empty: e-mail stays queued.
    std::string smtp_url;
    std::string mail_from = "ungcuu@localhost";
    /// Report regimes of the deployment's own plans (files of the form of
    /// rules/reporting/regimes.json), added to the shipped ones; a code already defined is refused.
    std::vector<std::string> regime_files;
    /// This installation's address as other installations reach it (behind the reverse proxy),
    /// for joining a parent; empty: it cannot join one.
    std::string public_url;
    /// When a site is down, when a certificate is warned about, what text change is a finding.
    domain::MonitorPolicy monitor_policy;
    /// Malware scanning of uploads and captured pages: the deployment's YARA rules, ClamAV.
    scan::ScanOptions scan;
};

/// What `serve` runs for the website monitor.
struct MonitorWiring {
    monitor::MonitorOptions options;
    monitor::CameraOptions camera;
    bool pictures = true;  // picture defaced pages with Chromium when it is installed
};

/// What `serve` runs for detection: the rules, the raw event store, the listeners.
struct DetectionWiring {
    /// Sigma rule files and folders; empty: the rule pack shipped inside the binary.
    std::vector<std::string> rule_paths;
    std::string placeholders;  // a YAML file of values for `expand` placeholders; empty: none
    /// The raw event store file; empty: "<database file>.events" for SQLite, "ungcuu-events.db"
    /// in the working directory for PostgreSQL.
    std::string events_db;
    std::string cache_dir;         // compiled pattern databases; empty: none
    ingest::SyslogOptions syslog;  // fallback_unit 0: the first top unit of the tree
    ingest::PipelineOptions pipeline;
    /// Folders whose files log sources may read; none: file sources are refused.
    std::vector<std::string> file_roots;
    ingest::FileFollowerOptions files;
};

/// Owns every long-lived object of a running ungcuu. Not copyable; services are thread-safe.
class System {
public:
    static core::Result<std::unique_ptr<System>> Open(const WiringOptions& options);

    app::UnitService& units() { return units_; }

    app::PeopleService& people() { return people_; }

    app::UserService& users() { return users_; }

    app::AuthService& auth() { return auth_; }

    app::AuditService& audit() { return audit_; }

    app::Store& store() { return *store_; }

    const app::LevelService& levels() const { return levels_; }

    app::SystemService& systems() { return systems_; }

    app::DossierService& dossiers() { return dossiers_; }

    app::CalendarService& calendar() { return calendar_; }

    app::ProtectionService& protection() { return protection_; }

    app::ReadinessService& readiness() { return readiness_; }

    app::IncidentService& incidents() { return incidents_; }

    app::OutboxService& outbox() { return outbox_; }

    app::PlanService& plans() { return plans_; }

    app::DetectionSetupService& detection() { return detection_; }

    app::AlertService& alerts() { return alerts_; }

    app::MonitorService& monitors() { return monitors_; }

    app::HarmfulContentService& cases() { return cases_; }

    const core::Clock& clock() const { return clock_; }

    app::ChangeFeed& changes() { return changes_; }

    app::NetworkService& network() { return network_; }

    app::PeriodicReportService& periodic() { return periodic_; }

    app::WorkPlanService& work_plans() { return work_plans_; }

    app::TeamService& teams() { return teams_; }

    app::DrillService& drills() { return drills_; }

    app::TrainingService& training() { return training_; }

    app::WarningService& warnings() { return warnings_; }

    app::WarningRuleService& warning_rules() { return warning_rules_; }

    federation::ExchangeService& exchange() { return exchange_; }

    app::ReportDocumentService& documents() { return documents_; }

    /// Loads the rules, opens the raw event store, starts the pipeline and the syslog listeners;
    /// returns the listeners' addresses. Stopped by StopDetection (or the destructor).
    core::Result<std::vector<std::string>> StartDetection(const DetectionWiring& wiring);
    void StopDetection();

    /// Starts checking the watched sites. Stopped by StopMonitor (or the destructor).
    void StartMonitor(const MonitorWiring& wiring);
    void StopMonitor();

    /// The running website monitor (nullptr before StartMonitor).
    monitor::WebsiteMonitor* website_monitor() { return website_monitor_.get(); }

    scan::MalwareScanner& scanner() { return *scanner_; }

    /// The running pipeline (nullptr before StartDetection).
    ingest::EventPipeline* pipeline() { return pipeline_.get(); }

    /// The raw event store's file, once detection runs.
    const std::string& events_path() const { return events_path_; }

    ~System();

    /// One round of the background jobs: due deliveries, then clock reminders.
    void RunJobs() {
        (void)outbox_.RunClocks();
        (void)outbox_.RunOnCall();
        (void)outbox_.DispatchDue();
        (void)network_.DispatchNoticeMail();
        (void)warnings_.RunReminders();
        (void)warnings_.DispatchMail();
        (void)warning_rules_.Refresh();
        (void)monitors_.Prune();
        (void)exchange_.Collect();
        (void)exchange_.Deliver();
        if (pipeline_) {
            (void)pipeline_->Prune();
        }
    }

    /// Puts the API in front of the server: its screen decides each request from its head
    /// (caller, body limit, heavy work), and file routes take up to the dossier limit.
    void BindServer(http::ServerOptions& options, http::Api& api) {
        options.large_body_limit = dossiers_.limits().max_bytes;
        options.screen = [&api](const http::Request& head, const std::string& remote) {
            return api.Screen(head, remote);
        };
    }

    demo::DemoServices demo_services() {
        return {units_,      people_, users_,  systems_,   dossiers_, protection_,
                incidents_,  outbox_, plans_,  detection_, network_,  periodic_,
                work_plans_, teams_,  drills_, training_,  warnings_, clock_};
    }

    http::Services services() {
        return {units_,   people_,   users_,     auth_,          audit_,      levels_,
                systems_, dossiers_, calendar_,  protection_,    readiness_,  incidents_,
                outbox_,  plans_,    documents_, tables_,        detection_,  alerts_,
                changes_, network_,  periodic_,  statistics_,    work_plans_, teams_,
                drills_,  training_, warnings_,  warning_rules_, exchange_,   monitors_,
                cases_};
    }

private:
    struct Parts {
        std::unique_ptr<storage::SqlStore> store;
        domain::LevelRuleSet level_rules;
        domain::RegistryRuleSet registry_rules;
        domain::Taxonomy taxonomy;
        std::unique_ptr<files::FileUploadStore> uploads;
        std::unique_ptr<files::MagicContentTypeDetector> detector;
        std::unique_ptr<scan::MalwareScanner> scanner;
        app::IncidentRuleBook incident_rules;
        domain::RegimeBook report_regimes;
        domain::PageMarkers page_markers;
        storage::DatabaseUrl url;
    };

    System(Parts parts, const core::Clock& clock, const WiringOptions& options);

    storage::DatabaseUrl url_;
    core::SystemClock system_clock_;
    std::unique_ptr<storage::SqlStore> store_;
    const core::Clock& clock_;
    auth::SodiumCredentialCrypto crypto_;
    auth::SodiumRandom random_;
    app::AccessEpoch epoch_;
    app::UnitService units_;
    app::PeopleService people_;
    app::UserService users_;
    app::AuthService auth_;
    app::AuditService audit_;
    app::LevelService levels_;
    domain::RegistryRuleSet registry_rules_;
    domain::Taxonomy taxonomy_;
    std::unique_ptr<files::FileUploadStore> uploads_;
    std::unique_ptr<files::MagicContentTypeDetector> detector_;
    std::unique_ptr<scan::MalwareScanner> scanner_;
    files::FileTableReader tables_;
    app::CalendarService calendar_;
    app::SystemService systems_;
    app::DossierService dossiers_;
    app::ProtectionService protection_;
    app::ReadinessService readiness_;
    app::IncidentRuleBook incident_rules_;
    app::IncidentService incidents_;
    reporting::OfficialRenderer renderer_;
    app::ReportDocumentService documents_;
    notify::CurlNotifier notifier_;
    app::OutboxService outbox_;
    app::PlanService plans_;
    app::DetectionSetupService detection_;
    app::AlertService alerts_;
    app::MonitorService monitors_;
    app::HarmfulContentService cases_;
    app::ChangeFeed changes_;
    app::NetworkService network_;
    app::PeriodicReportService periodic_;
    app::StatisticsService statistics_;
    app::WorkPlanService work_plans_;
    app::TeamService teams_;

    /// Exercise incidents of drills, opened through the incident intake.
    class ExerciseIntake final : public app::ExerciseIntake {
    public:
        explicit ExerciseIntake(app::IncidentService& incidents, const core::Clock& clock)
            : incidents_(incidents), clock_(clock) {}

        core::Result<domain::IncidentId> Open(const app::Actor& actor,
                                              domain::DrillId drill,
                                              domain::UnitId unit,
                                              const std::string& title,
                                              const std::string& description,
                                              const std::string& scenario) override;

    private:
        app::IncidentService& incidents_;
        const core::Clock& clock_;
    };

    ExerciseIntake exercise_intake_;
    app::DrillService drills_;
    app::TrainingService training_;
    app::WarningService warnings_;
    app::WarningRuleService warning_rules_;
    federation::CurlPeerTransport transport_;
    federation::ExchangeService exchange_;
    std::unique_ptr<ingest::SigmaDetectionEngine> engine_;
    std::unique_ptr<storage::SqliteRawEventStore> raw_events_;
    std::unique_ptr<ingest::EventPipeline> pipeline_;
    std::unique_ptr<ingest::SyslogListener> syslog_;
    std::unique_ptr<ingest::FileFollower> files_;
    std::unique_ptr<monitor::ChromiumCamera> camera_;
    std::unique_ptr<monitor::CurlPageFetcher> fetcher_;
    std::unique_ptr<monitor::WebsiteMonitor> website_monitor_;
    std::string events_path_;
};

}  // namespace ungcuu::bin
