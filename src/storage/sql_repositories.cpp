#include "storage/sql_repositories.hpp"

#include <fmt/format.h>

#include "storage/sql_detection.hpp"
#include "storage/sql_file_scans.hpp"
#include "storage/sql_helpers.hpp"
#include "storage/sql_incidents.hpp"
#include "storage/sql_network.hpp"
#include "storage/sql_organisation.hpp"
#include "storage/sql_registry.hpp"

namespace ungcuu::storage {

std::string ScopeCondition(std::vector<Value>& params,
                           const std::vector<domain::ScopeRoot>& roots,
                           bool unrestricted,
                           std::string_view column) {
    if (unrestricted) {
        return "1 = 1";
    }
    if (roots.empty()) {
        return "1 = 0";
    }
    std::string sql = "(";
    for (std::size_t i = 0; i < roots.size(); ++i) {
        if (i > 0) {
            sql += " OR ";
        }
        if (roots[i].exact) {
            sql += fmt::format("{} = ?", column);
            params.emplace_back(roots[i].path);
        } else {
            std::string upper = roots[i].path;
            upper.back() = '0';  // '/' + 1: the end of the subtree's key range
            sql += fmt::format("({0} >= ? AND {0} < ?)", column);
            params.emplace_back(roots[i].path);
            params.emplace_back(std::move(upper));
        }
    }
    sql += ")";
    return sql;
}

void AppendScopeFilter(std::string& sql,
                       std::vector<Value>& params,
                       const std::vector<domain::ScopeRoot>& roots,
                       bool unrestricted,
                       std::string_view column) {
    if (!unrestricted) {
        sql += " AND " + ScopeCondition(params, roots, unrestricted, column);
    }
}

struct SqlRepositories::Impl {
    explicit Impl(Connection& db)
        : units(MakeSqlUnitRepository(db)),
          people(MakeSqlPersonRepository(db)),
          contacts(MakeSqlContactRepository(db)),
          users(MakeSqlUserRepository(db)),
          sessions(MakeSqlSessionRepository(db)),
          tokens(MakeSqlTokenRepository(db)),
          audit(MakeSqlAuditRepository(db)),
          throttle(MakeSqlThrottleRepository(db)),
          registry(db),
          incident_repos(db),
          detection_repos(db),
          monitors(MakeSqlMonitorRepository(db)),
          cases(MakeSqlHarmfulContentRepository(db)),
          network(MakeSqlNetworkRepository(db)),
          periodic(MakeSqlPeriodicRepository(db)),
          work_plans(MakeSqlWorkPlanRepository(db)),
          teams(MakeSqlTeamRepository(db)),
          drills(MakeSqlDrillRepository(db)),
          training(MakeSqlTrainingRepository(db)),
          warnings(MakeSqlWarningRepository(db)),
          exchange(MakeSqlExchangeRepository(db)),
          scans(MakeSqlFileScanRepository(db)) {}

    std::unique_ptr<app::UnitRepository> units;
    std::unique_ptr<app::PersonRepository> people;
    std::unique_ptr<app::ContactRepository> contacts;
    std::unique_ptr<app::UserRepository> users;
    std::unique_ptr<app::SessionRepository> sessions;
    std::unique_ptr<app::TokenRepository> tokens;
    std::unique_ptr<app::AuditRepository> audit;
    std::unique_ptr<app::ThrottleRepository> throttle;
    SqlRegistryRepositories registry;
    SqlIncidentRepositories incident_repos;
    SqlDetectionRepositories detection_repos;
    std::unique_ptr<app::MonitorRepository> monitors;
    std::unique_ptr<app::HarmfulContentRepository> cases;
    std::unique_ptr<app::NetworkRepository> network;
    std::unique_ptr<app::PeriodicRepository> periodic;
    std::unique_ptr<app::WorkPlanRepository> work_plans;
    std::unique_ptr<app::TeamRepository> teams;
    std::unique_ptr<app::DrillRepository> drills;
    std::unique_ptr<app::TrainingRepository> training;
    std::unique_ptr<app::WarningRepository> warnings;
    std::unique_ptr<app::ExchangeRepository> exchange;
    std::unique_ptr<app::FileScanRepository> scans;
};

SqlRepositories::SqlRepositories(Connection& connection)
    : impl_(std::make_unique<Impl>(connection)) {}

SqlRepositories::~SqlRepositories() = default;

app::Repositories SqlRepositories::Bind() {
    return app::Repositories{*impl_->units,
                             *impl_->people,
                             *impl_->contacts,
                             *impl_->users,
                             *impl_->sessions,
                             *impl_->tokens,
                             *impl_->audit,
                             *impl_->throttle,
                             impl_->registry.systems(),
                             impl_->registry.dossiers(),
                             impl_->registry.calendar(),
                             impl_->registry.protection(),
                             impl_->incident_repos.incidents(),
                             impl_->incident_repos.outbox(),
                             impl_->incident_repos.plans(),
                             impl_->detection_repos.detection(),
                             *impl_->monitors,
                             *impl_->cases,
                             *impl_->network,
                             *impl_->periodic,
                             *impl_->work_plans,
                             *impl_->teams,
                             *impl_->drills,
                             *impl_->training,
                             *impl_->warnings,
                             *impl_->exchange,
                             *impl_->scans};
}

}  // namespace ungcuu::storage
