// `ungcuu serve --demo`: a believable two-tier province (Đắk Lắk after the 2025 reform) with its
// specialised department, response team, SOC, a few departments, five communes and a provider,
// people and contact points, one account per role, and its registry: the provincial portal, the
// administrative-procedure system, the document-management and mail systems and each commune's
// web page, level dossiers in several stages, protection layers, assessments, inventory with
// some licences expiring, and risks; its response network (who is the specialised unit, the
// team, the steering committee, the national coordinator), approved defacement plans for the
// communes' web pages and a few incidents. Running it again changes nothing.
#pragma once

#include <string>
#include <vector>

#include "app/detection_service.hpp"
#include "app/dossier_service.hpp"
#include "app/incident_service.hpp"
#include "app/outbox_service.hpp"
#include "app/people_service.hpp"
#include "app/plan_service.hpp"
#include "app/protection_service.hpp"
#include "app/system_service.hpp"
#include "app/unit_service.hpp"
#include "app/user_service.hpp"

namespace ungcuu::app {

struct DemoAccount {
    std::string login;
    std::string password;
    std::string role;
    std::string unit_name;
};

struct DemoServices {
    UnitService& units;
    PeopleService& people;
    UserService& users;
    SystemService& systems;
    DossierService& dossiers;
    ProtectionService& protection;
    IncidentService& incidents;
    OutboxService& outbox;
    PlanService& plans;
    DetectionService& detection;
    const core::Clock& clock;
};

core::Result<std::vector<DemoAccount>> SeedDemo(const DemoServices& services);

}  // namespace ungcuu::app
