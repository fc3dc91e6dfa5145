// Internal to the storage module: the SQL repositories of incidents, the outbox and response
// plans, owned together and bound to one connection like the others.
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

}  // namespace ungcuu::storage
