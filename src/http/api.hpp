// The HTTP front of ungcuu: the JSON API under /api/v1, /healthz, and the web UI's files.
// Middleware order for an API request: request id → route → authentication (session cookie or
// Bearer API token) → CSRF check on state-changing cookie requests → handler → problem+json on
// error. Thread-safe: holds references to thread-safe services only.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/calendar_service.hpp"
#include "app/change_feed.hpp"
#include "app/detection/alert_service.hpp"
#include "app/detection/harmful_content_service.hpp"
#include "app/detection/monitor_service.hpp"
#include "app/detection/setup_service.hpp"
#include "app/detection/warning_rules.hpp"
#include "app/incidents/incident_service.hpp"
#include "app/incidents/outbox_service.hpp"
#include "app/incidents/plan_service.hpp"
#include "app/incidents/report_documents.hpp"
#include "app/network/drill_service.hpp"
#include "app/network/exchange.hpp"
#include "app/network/network_service.hpp"
#include "app/network/periodic_service.hpp"
#include "app/network/statistics_service.hpp"
#include "app/network/warning_service.hpp"
#include "app/network/work_plan_service.hpp"
#include "app/organisation/audit_service.hpp"
#include "app/organisation/auth_service.hpp"
#include "app/organisation/people_service.hpp"
#include "app/organisation/team_service.hpp"
#include "app/organisation/training_service.hpp"
#include "app/organisation/unit_service.hpp"
#include "app/organisation/user_service.hpp"
#include "app/registry/dossier_service.hpp"
#include "app/registry/level_service.hpp"
#include "app/registry/protection_service.hpp"
#include "app/registry/readiness_service.hpp"
#include "app/registry/system_service.hpp"
#include "http/server.hpp"

namespace ungcuu::http {

struct Services {
    app::UnitService& units;
    app::PeopleService& people;
    app::UserService& users;
    app::AuthService& auth;
    app::AuditService& audit;
    const app::LevelService& levels;
    app::SystemService& systems;
    app::DossierService& dossiers;
    app::CalendarService& calendar;
    app::ProtectionService& protection;
    app::ReadinessService& readiness;
    app::IncidentService& incidents;
    app::OutboxService& outbox;
    app::PlanService& plans;
    app::ReportDocumentService& documents;
    app::TableReader& tables;
    app::DetectionSetupService& detection;
    app::AlertService& alerts;
    app::ChangeFeed& changes;
    app::NetworkService& network;
    app::PeriodicReportService& periodic;
    app::StatisticsService& statistics;
    app::WorkPlanService& work_plans;
    app::TeamService& teams;
    app::DrillService& drills;
    app::TrainingService& training;
    app::WarningService& warnings;
    app::WarningRuleService& warning_rules;
    app::Exchange& exchange;
    app::MonitorService& monitors;
    app::HarmfulContentService& cases;
};

struct ApiOptions {
    /// Serve the UI from this directory instead of the embedded copy (UI development).
    std::optional<std::filesystem::path> web_root;
    /// Add "Secure" to the session cookie and send HSTS (set when ungcuu is served over HTTPS).
    bool secure_cookies = false;
    /// The body limit of routes open to anyone (signing in, the public report page).
    std::size_t public_body_limit = std::size_t{64} * 1024;
    std::string version = "0.1.0";
};

class Api {
public:
    Api(Services services, ApiOptions options);
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    Response Handle(const RequestContext& context);
    /// The server's screen: from a request's head, its body limit (file routes take the large
    /// limit, open routes a small one), its lane (reads, writes, heavy work), and the refusal of
    /// a caller who is not signed in, lacks the CSRF token or fails the route's precheck —
    /// before any body byte is read.
    Screening Screen(const Request& head, const std::string& remote);
    /// Every API route as "METHOD /path/{}/…" (parameters as {}), for checking the OpenAPI file.
    std::vector<std::string> Routes() const;
    /// For requests the server could not read (body too large, malformed HTTP).
    Response Refuse(boost::beast::http::status status, std::string_view detail);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ungcuu::http
