// Builds the running system from a database URL: store, crypto, clock, services and the HTTP
// API. Used by main() and by the integration tests, so both run exactly the same wiring.
#pragma once

#include <memory>
#include <string>

#include "app/audit_service.hpp"
#include "app/auth_service.hpp"
#include "app/level_service.hpp"
#include "app/people_service.hpp"
#include "app/unit_service.hpp"
#include "app/user_service.hpp"
#include "auth/sodium_crypto.hpp"
#include "http/api.hpp"
#include "storage/database.hpp"

namespace ungcuu::bin {

struct WiringOptions {
    std::string db_url;
    auth::HashCost hash_cost = auth::HashCost::kInteractive;
    const core::Clock* clock = nullptr;  // the system clock when null
    app::UnitServiceOptions units;
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

    http::Services services() { return {units_, people_, users_, auth_, audit_, levels_}; }

private:
    System(std::unique_ptr<storage::SqlStore> store,
           const core::Clock& clock,
           const WiringOptions& options,
           domain::LevelRuleSet level_rules);

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
};

}  // namespace ungcuu::bin
