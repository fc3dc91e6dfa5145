// `ungcuu serve --demo`: a believable two-tier province (Đắk Lắk after the 2025 reform) with its
// specialised department, response team, SOC, a few departments, five communes and a provider,
// people and contact points, one account per role, and its registry: the provincial portal, the
// administrative-procedure system, the document-management and mail systems and each commune's
// web page, level dossiers in several stages, protection layers, assessments, inventory with
// some licences expiring, and risks. Running it again changes nothing.
#pragma once

#include <string>
#include <vector>

#include "app/dossier_service.hpp"
#include "app/people_service.hpp"
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
    const core::Clock& clock;
};

core::Result<std::vector<DemoAccount>> SeedDemo(const DemoServices& services);

}  // namespace ungcuu::app
