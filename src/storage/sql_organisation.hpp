// Internal to the storage module: the SQL repositories of the organisation context, one file
// each — the unit tree (sql_units.cpp), people and contact points (sql_people.cpp), accounts
// (sql_users.cpp), sessions and API tokens (sql_sessions.cpp), the audit log (sql_audit.cpp) and
// sign-in throttling (sql_throttle.cpp). SqlRepositories owns them, bound to one connection.
#pragma once

#include <memory>

#include "app/ports.hpp"
#include "storage/sql.hpp"

namespace ungcuu::storage {

std::unique_ptr<app::UnitRepository> MakeSqlUnitRepository(Connection& db);
std::unique_ptr<app::PersonRepository> MakeSqlPersonRepository(Connection& db);
std::unique_ptr<app::ContactRepository> MakeSqlContactRepository(Connection& db);
std::unique_ptr<app::UserRepository> MakeSqlUserRepository(Connection& db);
std::unique_ptr<app::SessionRepository> MakeSqlSessionRepository(Connection& db);
std::unique_ptr<app::TokenRepository> MakeSqlTokenRepository(Connection& db);
std::unique_ptr<app::AuditRepository> MakeSqlAuditRepository(Connection& db);
std::unique_ptr<app::ThrottleRepository> MakeSqlThrottleRepository(Connection& db);
/// In sql_teams.cpp: response teams, their members and on-call rosters.
std::unique_ptr<app::TeamRepository> MakeSqlTeamRepository(Connection& db);
std::unique_ptr<app::TrainingRepository> MakeSqlTrainingRepository(Connection& db);

}  // namespace ungcuu::storage
