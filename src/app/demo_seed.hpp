// `ungcuu serve --demo`: a believable two-tier province (Đắk Lắk after the 2025 reform) with its
// specialised department, response team, SOC, a few departments, five communes and a provider,
// people and contact points, and one account per role. Running it again changes nothing.
#pragma once

#include <string>
#include <vector>

#include "app/people_service.hpp"
#include "app/unit_service.hpp"
#include "app/user_service.hpp"

namespace ungcuu::app {

struct DemoAccount {
    std::string login;
    std::string password;
    std::string role;
    std::string unit_name;
};

core::Result<std::vector<DemoAccount>> SeedDemo(UnitService& units,
                                                PeopleService& people,
                                                UserService& users);

}  // namespace ungcuu::app
