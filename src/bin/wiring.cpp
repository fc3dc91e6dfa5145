#include "bin/wiring.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "app/unit_access.hpp"
#include "assets/embedded.hpp"
#include "rules/incident_rules_loader.hpp"
#include "rules/level_rules_loader.hpp"
#include "rules/page_markers_loader.hpp"
#include "rules/registry_rules_loader.hpp"
#include "rules/report_regimes_loader.hpp"

namespace ungcuu::bin {

namespace {

/// What "immediately" allows for each incident rule set (the statistics' acknowledgement limit).
std::map<std::string, int> ImmediateMinutes(const app::IncidentRuleBook& book) {
    std::map<std::string, int> out;
    for (const auto& set : book.sets) {
        out[set.id] = set.immediate_minutes;
    }
    return out;
}

/// Adds the regimes of a deployment's file to the book: the file is read within a bound, checked
/// as the shipped one is, and may not redefine a code.
core::Status AddRegimes(domain::RegimeBook& book, const std::string& path) {
    constexpr std::uintmax_t kMaxBytes = std::uintmax_t{1024} * 1024;
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error || size > kMaxBytes) {
        return core::InvalidArgument(
            fmt::format("Tệp chế độ báo cáo {}: {}.", path,
                        error ? "không đọc được" : "lớn hơn 1 MiB"),
            fmt::format("Regime file {}: {}.", path,
                        error ? "cannot be read" : "is larger than 1 MiB"));
    }
    std::ifstream file(path, std::ios::binary);
    std::string text(static_cast<std::size_t>(size), '\0');
    if (!file.read(text.data(), static_cast<std::streamsize>(size))) {
        return core::InvalidArgument(fmt::format("Tệp chế độ báo cáo {}: không đọc được.", path),
                                     fmt::format("Regime file {}: cannot be read.", path));
    }
    auto added = rules::ParseReportRegimes(text);
    if (!added.ok()) {
        auto failure = std::move(added).error();
        failure.message_vi = fmt::format("Tệp chế độ báo cáo {}: {}", path, failure.message_vi);
        failure.message_en = fmt::format("Regime file {}: {}", path, failure.message_en);
        return failure;
    }
    for (auto& regime : added->regimes) {
        if (book.Find(regime.code) != nullptr) {
            return core::InvalidArgument(
                fmt::format("Tệp chế độ báo cáo {}: chế độ \"{}\" đã có.", path, regime.code),
                fmt::format("Regime file {}: the regime \"{}\" is already defined.", path,
                            regime.code));
        }
        book.regimes.push_back(std::move(regime));
    }
    return core::Ok();
}

}  // namespace

core::Result<std::unique_ptr<System>> System::Open(const WiringOptions& options) {
    UNGCUU_ASSIGN_OR_RETURN(url, storage::ParseDatabaseUrl(options.db_url));
    Parts parts;
    auto level_file = assets::RuleFile("vn-2017/levels.json");
    auto registry_file = assets::RuleFile("vn-2017/registry.json");
    auto calendar_file = assets::RuleFile("calendar/vn-holidays.json");
    auto taxonomy_file = assets::RuleFile("taxonomy/scenarios.json");
    auto regimes_file = assets::RuleFile("reporting/regimes.json");
    auto markers_file = assets::RuleFile("monitor/page-markers.json");
    for (const auto* file : {&level_file, &registry_file, &calendar_file, &taxonomy_file,
                             &regimes_file, &markers_file}) {
        if (!file->ok()) {
            return file->error();
        }
    }
    UNGCUU_ASSIGN_OR_RETURN(level_rules, rules::ParseLevelRules(*level_file));
    UNGCUU_ASSIGN_OR_RETURN(registry_rules, rules::ParseRegistryRules(*registry_file));
    UNGCUU_ASSIGN_OR_RETURN(calendar_days, rules::ParseCalendar(*calendar_file));
    UNGCUU_ASSIGN_OR_RETURN(taxonomy, rules::ParseTaxonomy(*taxonomy_file));
    UNGCUU_ASSIGN_OR_RETURN(regimes, rules::ParseReportRegimes(*regimes_file));
    parts.report_regimes = std::move(regimes);
    UNGCUU_ASSIGN_OR_RETURN(markers, rules::ParsePageMarkers(*markers_file));
    parts.page_markers = std::move(markers);
    for (const auto& path : options.regime_files) {
        UNGCUU_RETURN_IF_ERROR(AddRegimes(parts.report_regimes, path));
    }
    // Every shipped incident rule set; a deployment picks the default one.
    for (const char* id : {"vn-2017", "vn-2026"}) {
        auto file = assets::RuleFile(fmt::format("{}/incidents.json", id));
        if (!file.ok()) {
            return std::move(file).error();
        }
        UNGCUU_ASSIGN_OR_RETURN(set, rules::ParseIncidentRules(*file));
        parts.incident_rules.sets.push_back(std::move(set));
    }
    parts.incident_rules.default_id = options.rule_set;
    if (parts.incident_rules.Find(options.rule_set) == nullptr) {
        return core::InvalidArgument(
            fmt::format("Bộ quy tắc \"{}\" không có (vn-2017, vn-2026).", options.rule_set),
            fmt::format("Unknown rule set \"{}\" (vn-2017, vn-2026).", options.rule_set));
    }
    std::string upload_dir = options.upload_dir;
    if (upload_dir.empty()) {
        upload_dir = url.dialect == storage::Dialect::kSqlite ? url.target + ".files"
                                                              : std::string("ungcuu-files");
    }
    UNGCUU_ASSIGN_OR_RETURN(uploads, files::FileUploadStore::Open(upload_dir));
    UNGCUU_ASSIGN_OR_RETURN(detector, files::MagicContentTypeDetector::Open());
    UNGCUU_ASSIGN_OR_RETURN(scanner, scan::MalwareScanner::Open(options.scan));
    UNGCUU_ASSIGN_OR_RETURN(store, storage::SqlStore::Open(url));
    parts.store = std::move(store);
    parts.url = url;
    parts.level_rules = std::move(level_rules);
    parts.registry_rules = std::move(registry_rules);
    parts.taxonomy = std::move(taxonomy);
    parts.uploads = std::move(uploads);
    parts.detector = std::move(detector);
    parts.scanner = std::move(scanner);
    static const core::SystemClock kSystemClock;
    const core::Clock& clock = options.clock != nullptr ? *options.clock : kSystemClock;
    std::unique_ptr<System> system(new System(std::move(parts), clock, options));
    // The shipped holiday calendar seeds an empty database; later edits are kept.
    UNGCUU_RETURN_IF_ERROR(system->calendar_.SeedIfEmpty(calendar_days));
    return system;
}

System::System(Parts parts, const core::Clock& clock, const WiringOptions& options)
    : url_(std::move(parts.url)),
      store_(std::move(parts.store)),
      clock_(clock),
      crypto_(options.hash_cost),
      units_(*store_, clock_, epoch_, options.units),
      people_(*store_, clock_),
      users_(*store_, clock_, crypto_, epoch_),
      auth_(*store_, clock_, crypto_, random_, epoch_),
      audit_(*store_),
      levels_(std::move(parts.level_rules)),
      registry_rules_(std::move(parts.registry_rules)),
      taxonomy_(std::move(parts.taxonomy)),
      uploads_(std::move(parts.uploads)),
      detector_(std::move(parts.detector)),
      scanner_(std::move(parts.scanner)),
      calendar_(*store_, clock_),
      systems_(*store_, clock_, levels_),
      dossiers_(*store_, clock_, registry_rules_, calendar_, *uploads_, *detector_),
      protection_(*store_, clock_, registry_rules_, taxonomy_),
      readiness_(*store_, clock_, registry_rules_),
      incident_rules_(std::move(parts.incident_rules)),
      incidents_(
          *store_, clock_, random_, incident_rules_, taxonomy_, calendar_, *uploads_, *detector_),
      documents_(incidents_, renderer_),
      notifier_(notify::NotifierOptions{.smtp_url = options.smtp_url, .from = options.mail_from},
                clock_),
      outbox_(*store_, clock_, notifier_, incidents_, &documents_),
      plans_(*store_, clock_, taxonomy_),
      detection_(*store_, clock_),
      alerts_(*store_, clock_, incidents_, taxonomy_, detection_),
      monitors_(*store_, clock_, incidents_, std::move(parts.page_markers), options.monitor_policy),
      cases_(*store_, clock_, incidents_, renderer_),
      changes_(*store_),
      network_(*store_, clock_, notifier_, renderer_),
      periodic_(
          *store_, clock_, std::move(parts.report_regimes), taxonomy_, renderer_, &readiness_),
      statistics_(*store_, clock_, ImmediateMinutes(incident_rules_)),
      work_plans_(*store_, clock_),
      teams_(*store_, clock_, calendar_),
      exercise_intake_(incidents_, clock_),
      drills_(*store_, clock_, work_plans_, exercise_intake_, renderer_),
      training_(*store_, clock_),
      warnings_(*store_, clock_, notifier_),
      warning_rules_(*store_, clock_, detection_),
      exchange_(*store_,
                clock_,
                warnings_,
                incidents_,
                network_,
                periodic_,
                documents_,
                *uploads_,
                *detector_,
                transport_,
                federation::ExchangeOptions{.public_url = options.public_url}) {
    warnings_.SetRuleCheck(&ingest::SigmaDetectionEngine::CheckWarningRules);
    incidents_.UseScanner(*scanner_);
    dossiers_.UseScanner(*scanner_);
}

core::Result<domain::IncidentId> System::ExerciseIntake::Open(const app::Actor& actor,
                                                              domain::DrillId drill,
                                                              domain::UnitId unit,
                                                              const std::string& title,
                                                              const std::string& description,
                                                              const std::string& scenario) {
    app::NewIncident request;
    request.fields.source = domain::IncidentSource::kApi;
    request.fields.title = title;
    request.fields.description = description.empty() ? title : description;
    request.fields.detected_at = clock_.Now();
    if (!scenario.empty()) {
        request.fields.scenarios = {scenario};
    }
    request.unit_id = unit;
    request.drill_id = drill;
    UNGCUU_ASSIGN_OR_RETURN(outcome, incidents_.Create(actor, std::move(request)));
    return outcome.details.incident.id;
}

System::~System() {
    StopMonitor();
    StopDetection();
}

void System::StartMonitor(const MonitorWiring& wiring) {
    if (website_monitor_) {
        return;
    }
    if (wiring.pictures) {
        camera_ = std::make_unique<monitor::ChromiumCamera>(wiring.camera);
        if (camera_->available()) {
            monitors_.Attach(camera_.get());
        }
    }
    website_monitor_ = std::make_unique<monitor::WebsiteMonitor>(monitors_, clock_, wiring.options);
    website_monitor_->Start();
    // Harmful-content cases capture pages with the same guards as the monitor.
    fetcher_ = std::make_unique<monitor::CurlPageFetcher>(
        monitor::FetcherOptions{.timeout = wiring.options.timeout,
                                .ca_file = wiring.options.ca_file,
                                .allow_machine_addresses = wiring.options.allow_machine_addresses});
    cases_.Attach(fetcher_.get(), camera_ && camera_->available() ? camera_.get() : nullptr);
}

void System::StopMonitor() {
    if (website_monitor_) {
        website_monitor_->Stop();
    }
    monitors_.Attach(nullptr);
    cases_.Attach(nullptr, nullptr);
    fetcher_.reset();
    website_monitor_.reset();
    camera_.reset();
}

core::Result<std::vector<std::string>> System::StartDetection(const DetectionWiring& wiring) {
    auto rules = wiring.rule_paths.empty()
                     ? ingest::SigmaDetectionEngine::EmbeddedPack()
                     : ingest::SigmaDetectionEngine::FromPaths(wiring.rule_paths);
    sigma::Placeholders placeholders;
    if (!wiring.placeholders.empty()) {
        UNGCUU_ASSIGN_OR_RETURN(loaded, sigma::LoadPlaceholders(wiring.placeholders));
        placeholders = std::move(loaded);
    }
    sigma::ExpandPlaceholders(rules, placeholders);
    sigma::EngineOptions engine_options;
    engine_options.cache_dir = wiring.cache_dir;
    UNGCUU_ASSIGN_OR_RETURN(engine,
                            ingest::SigmaDetectionEngine::Build(std::move(rules), engine_options));
    std::vector<std::string> file_roots;
    for (const auto& root : wiring.file_roots) {
        std::error_code error;
        const auto resolved = std::filesystem::canonical(root, error);
        if (error || !std::filesystem::is_directory(resolved)) {
            return core::InvalidArgument(fmt::format("Không có thư mục nhật ký {}.", root),
                                         fmt::format("No log folder {}.", root));
        }
        file_roots.push_back(resolved.string());
    }
    std::string events_db = wiring.events_db;
    if (events_db.empty()) {
        events_db = url_.dialect == storage::Dialect::kSqlite ? url_.target + ".events"
                                                              : std::string("ungcuu-events.db");
    }
    UNGCUU_ASSIGN_OR_RETURN(raw, storage::SqliteRawEventStore::Open(events_db));
    ingest::SyslogOptions syslog = wiring.syslog;
    if (syslog.fallback_unit.value() == 0) {
        // Senders bound to no log source land at the top of the tree, where the SOC sees them.
        UNGCUU_RETURN_IF_ERROR(store_->Read([&](app::Repositories& repos) -> core::Status {
            auto top = app::TopUnit(repos);
            if (top.ok()) {
                syslog.fallback_unit = top->id;
            }
            return core::Ok();  // an empty tree: nobody to land at yet
        }));
    }
    engine_ = std::move(engine);
    raw_events_ = std::move(raw);
    events_path_ = events_db;
    pipeline_ = std::make_unique<ingest::EventPipeline>(*raw_events_, *engine_, alerts_, clock_,
                                                        wiring.pipeline);
    detection_.Attach(engine_.get(), pipeline_.get());
    warning_rules_.Attach(engine_.get());
    (void)warning_rules_.Refresh();
    // Each source's zone and skew bound, before the first event is matched and after each change.
    const auto times = [this] {
        if (auto sources = detection_.AllSources(); sources.ok()) {
            engine_->SetSources(*sources);
        }
    };
    times();
    pipeline_->Start();
    detection_.SetFileRoots(file_roots);
    if (!file_roots.empty()) {
        files_ = std::make_unique<ingest::FileFollower>(*pipeline_, *raw_events_, detection_,
                                                        clock_, wiring.files);
        files_->Start();
    }
    detection_.OnSourcesChanged([times, files = files_.get()] {
        times();
        if (files != nullptr) {
            files->Wake();
        }
    });
    syslog_ = std::make_unique<ingest::SyslogListener>(*pipeline_, detection_, clock_, syslog);
    auto listening = syslog_->Start();
    if (!listening.ok()) {
        StopDetection();
    }
    return listening;
}

void System::StopDetection() {
    if (syslog_) {
        syslog_->Stop();
    }
    detection_.OnSourcesChanged(nullptr);
    if (files_) {
        files_->Stop();
    }
    if (pipeline_) {
        pipeline_->Stop();
    }
    detection_.Attach(engine_.get(), nullptr);
    warning_rules_.Attach(nullptr);
    syslog_.reset();
    files_.reset();
    pipeline_.reset();
}

}  // namespace ungcuu::bin
