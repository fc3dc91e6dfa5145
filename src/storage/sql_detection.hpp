// Internal to the storage module: the SQL repository of detection (log sources, alerts,
// settings), bound to one connection like the others.
#pragma once

#include <memory>

#include "app/ports.hpp"
#include "storage/sql.hpp"

namespace ungcuu::storage {

class SqlDetectionRepository;

class SqlDetectionRepositories {
public:
    explicit SqlDetectionRepositories(Connection& db);
    ~SqlDetectionRepositories();
    SqlDetectionRepositories(const SqlDetectionRepositories&) = delete;
    SqlDetectionRepositories& operator=(const SqlDetectionRepositories&) = delete;

    app::DetectionRepository& detection();

private:
    std::unique_ptr<SqlDetectionRepository> detection_;
};

/// In sql_monitors.cpp: the website monitor's sites, hours and events.
std::unique_ptr<app::MonitorRepository> MakeSqlMonitorRepository(Connection& db);
/// The harmful-content register (sql_harmful_content.cpp).
std::unique_ptr<app::HarmfulContentRepository> MakeSqlHarmfulContentRepository(Connection& db);

}  // namespace ungcuu::storage
