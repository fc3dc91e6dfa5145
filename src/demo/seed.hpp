// `ungcuu serve --demo`: a believable two-tier province (Đắk Lắk after the 2025 reform) with its
// specialised department, response team, SOC, a few departments, five communes and a provider,
// people and contact points, one account per role, and its registry: the provincial portal, the
// administrative-procedure system, the document-management and mail systems and each commune's
// web page, level dossiers in several stages, protection layers, assessments, inventory with
// some licences expiring, and risks; its response network (who is the specialised unit, the
// team, the steering committee, the national coordinator), approved defacement plans for the
// communes' web pages and a few incidents; the periodic reports it runs (Mẫu 05, the province
// plan's yearly report) with some units' reports of the year already in; a warning to the
// communes' web pages that two have answered. Running it again changes nothing.
#pragma once

#include <string>
#include <vector>

#include "app/detection/harmful_content_service.hpp"
#include "app/detection/monitor_service.hpp"
#include "app/detection/setup_service.hpp"
#include "app/incidents/incident_service.hpp"
#include "app/incidents/outbox_service.hpp"
#include "app/incidents/plan_service.hpp"
#include "app/network/drill_service.hpp"
#include "app/network/network_service.hpp"
#include "app/network/periodic_service.hpp"
#include "app/network/warning_service.hpp"
#include "app/network/work_plan_service.hpp"
#include "app/organisation/people_service.hpp"
#include "app/organisation/team_service.hpp"
#include "app/organisation/training_service.hpp"
#include "app/organisation/unit_service.hpp"
#include "app/organisation/user_service.hpp"
#include "app/registry/dossier_service.hpp"
#include "app/registry/protection_service.hpp"
#include "app/registry/system_service.hpp"

namespace ungcuu::demo {

struct DemoAccount {
    std::string login;
    std::string password;
    std::string role;
    std::string unit_name;
};

struct DemoServices {
    app::UnitService& units;
    app::PeopleService& people;
    app::UserService& users;
    app::SystemService& systems;
    app::DossierService& dossiers;
    app::ProtectionService& protection;
    app::IncidentService& incidents;
    app::OutboxService& outbox;
    app::PlanService& plans;
    app::DetectionSetupService& detection;
    app::NetworkService& network;
    app::PeriodicReportService& periodic;
    app::WorkPlanService& work_plans;
    app::TeamService& teams;
    app::DrillService& drills;
    app::TrainingService& training;
    app::WarningService& warnings;
    const core::Clock& clock;
};

core::Result<std::vector<DemoAccount>> SeedDemo(const DemoServices& services);

/// Watches `url` (the running server's public page) for the province; run once the server has
/// its address.
core::Status SeedMonitor(app::MonitorService& monitors, const std::string& url);

/// One harmful-content case of the province (an impersonating page, handed to the police, a
/// takedown request sent), when the register is empty.
core::Status SeedCases(app::HarmfulContentService& cases,
                       app::MonitorService& monitors,
                       const core::Clock& clock);

}  // namespace ungcuu::demo
