// Internal to the storage module: the SQL repository of the network context.
#pragma once

#include <memory>

#include "app/ports.hpp"
#include "storage/sql.hpp"

namespace ungcuu::storage {

std::unique_ptr<app::NetworkRepository> MakeSqlNetworkRepository(Connection& db);
/// In sql_periodic.cpp: regime adoptions, periodic reports and the incident tallies behind them.
std::unique_ptr<app::PeriodicRepository> MakeSqlPeriodicRepository(Connection& db);
/// In sql_work_plans.cpp: plans, their tasks and assignments.
std::unique_ptr<app::WorkPlanRepository> MakeSqlWorkPlanRepository(Connection& db);
/// In sql_drills.cpp: drills, their injects and findings.
std::unique_ptr<app::DrillRepository> MakeSqlDrillRepository(Connection& db);
/// In sql_warnings.cpp: warnings, their indicators, items and notices.
std::unique_ptr<app::WarningRepository> MakeSqlWarningRepository(Connection& db);
/// In sql_exchange.cpp: peers, keys, enrolment codes, the outbox, inbox, refusals and links.
std::unique_ptr<app::ExchangeRepository> MakeSqlExchangeRepository(Connection& db);

}  // namespace ungcuu::storage
