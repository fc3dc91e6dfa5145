// Internal to the storage module: the SQL repositories of the incident context — incidents
// (sql_incidents.cpp), the outbox (sql_outbox.cpp) and response plans (sql_plans.cpp) — owned
// together and bound to one connection like the others.
#pragma once

#include <memory>

#include "app/ports.hpp"
#include "storage/sql.hpp"

namespace ungcuu::storage {

class SqlIncidentRepositories {
public:
    explicit SqlIncidentRepositories(Connection& db);
    ~SqlIncidentRepositories();
    SqlIncidentRepositories(const SqlIncidentRepositories&) = delete;
    SqlIncidentRepositories& operator=(const SqlIncidentRepositories&) = delete;

    app::IncidentRepository& incidents();
    app::OutboxRepository& outbox();
    app::PlanRepository& plans();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The outbox repository (sql_outbox.cpp) and the plan repository (sql_plans.cpp).
std::unique_ptr<app::OutboxRepository> MakeSqlOutboxRepository(Connection& db);
std::unique_ptr<app::PlanRepository> MakeSqlPlanRepository(Connection& db);

}  // namespace ungcuu::storage
