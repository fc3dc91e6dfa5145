// Internal to the storage module: the SQL repositories of the systems registry (systems, level
// dossiers, working calendar), owned together and bound to one connection like the others.
#pragma once

#include <memory>

#include "app/ports.hpp"
#include "storage/sql.hpp"

namespace ungcuu::storage {

class SqlRegistryRepositories {
public:
    explicit SqlRegistryRepositories(Connection& db);
    ~SqlRegistryRepositories();
    SqlRegistryRepositories(const SqlRegistryRepositories&) = delete;
    SqlRegistryRepositories& operator=(const SqlRegistryRepositories&) = delete;

    app::SystemRepository& systems();
    app::DossierRepository& dossiers();
    app::CalendarRepository& calendar();
    app::ProtectionRepository& protection();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

std::unique_ptr<app::ProtectionRepository> MakeSqlProtectionRepository(Connection& db);

}  // namespace ungcuu::storage
