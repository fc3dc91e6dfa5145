// The readiness dashboard of a whole province on SQLite: 1,000 units, 20,000 systems and
// 200,000 inventory items (with assessments, risks and dossiers), computed for the province
// root and rolled up per child unit — the question a provincial coordinator asks first.
// Reports p50/p95 of one dashboard request. Target: p95 < 100 ms.
//   build/bench/src/storage/ungcuu_storage_benchmark --benchmark_filter=Readiness
// UNGCUU_BENCH_SCALE (default 1) shrinks the data for smoke runs.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/registry/readiness_service.hpp"
#include "rules/registry_rules_loader.hpp"
#include "storage/database.hpp"
#include "support/test_support.hpp"

namespace ungcuu::storage {
namespace {

double Scale() {
    const char* text = std::getenv("UNGCUU_BENCH_SCALE");
    return text != nullptr ? std::max(0.001, std::atof(text)) : 1.0;
}

domain::RegistryRuleSet ShippedRules() {
    std::ifstream file(std::string(UNGCUU_RULES_DIR) + "/vn-2017/registry.json");
    std::ostringstream text;
    text << file.rdbuf();
    return std::move(rules::ParseRegistryRules(text.str())).value();
}

struct Province {
    testing::TempDir dir;
    testing::ManualClock clock;
    std::unique_ptr<SqlStore> store;
    domain::RegistryRuleSet rules = ShippedRules();
    domain::Unit root;
    int units = 0;
    int systems = 0;
    int items = 0;

    Province() {
        const double scale = Scale();
        units = std::max(10, static_cast<int>(1000 * scale));
        systems = std::max(20, static_cast<int>(20000 * scale));
        items = std::max(200, static_cast<int>(200000 * scale));
        store =
            std::move(SqlStore::Open({Dialect::kSqlite, (dir.path() / "r.db").string()})).value();
        const auto now = clock.Now();
        const auto today = core::LocalDate(now);
        (void)store->Write([&](app::Repositories& repos) -> core::Status {
            domain::Unit province;
            province.code = "P";
            province.name_vi = "Tỉnh";
            province.kind = domain::UnitKind::kProvince;
            root = std::move(repos.units.Insert(province)).value();
            // Two-tier: departments and communes under the province, a few teams below some.
            std::vector<domain::Unit> all{root};
            for (int i = 1; i < units; ++i) {
                domain::Unit unit;
                unit.code = "U" + std::to_string(i);
                unit.name_vi = "Đơn vị " + std::to_string(i);
                unit.kind =
                    i % 10 == 0 ? domain::UnitKind::kDepartment : domain::UnitKind::kCommune;
                const domain::Unit& parent =
                    i % 7 == 0 && i > 7 ? all[static_cast<std::size_t>(i - 1)] : root;
                unit.parent_id = parent.id;
                unit.path = parent.path;
                unit.created_at = now;
                unit.updated_at = now;
                all.push_back(std::move(repos.units.Insert(unit)).value());
            }
            for (int i = 0; i < systems; ++i) {
                domain::InformationSystem s;
                s.code = "S" + std::to_string(i);
                s.name_vi = "Hệ thống " + std::to_string(i);
                s.owner_unit_id = all[static_cast<std::size_t>(i % units)].id;
                s.facts.system_class = domain::SystemClass::kCitizenService;
                s.proposed_level = 1 + i % 4;
                if (i % 3 == 0) {
                    s.approved_level = s.proposed_level;
                    s.approved_at = now;
                }
                s.public_ips = {"203.0.113." + std::to_string(i % 250)};
                s.created_at = now;
                s.updated_at = now;
                const auto inserted = std::move(repos.systems.Insert(s)).value();
                if (i % 2 == 0) {
                    domain::Assessment a;
                    a.kind = domain::DueKind::kScan;
                    a.unit_id = s.owner_unit_id;
                    a.system_id = inserted.id;
                    a.performed_on = today - std::chrono::days{i % 400};
                    a.performer = "Đội";
                    a.recorded_by = "bench";
                    a.created_at = now;
                    (void)repos.protection.InsertAssessment(a);
                }
                if (i % 5 == 0) {
                    domain::Risk r;
                    r.system_id = inserted.id;
                    r.scenario = "A1";
                    r.likelihood = 3;
                    r.impact = 3;
                    r.consequences = "x";
                    r.reviewed_on = today - std::chrono::days{i % 500};
                    r.created_at = now;
                    r.updated_at = now;
                    (void)repos.protection.InsertRisk(r);
                }
                if (i % 10 == 0) {
                    domain::LevelDossier d;
                    d.system_id = inserted.id;
                    d.owner_unit_id = s.owner_unit_id;
                    d.reviewer_unit_id = root.id;
                    d.proposed_level = s.proposed_level;
                    d.rule_set = "vn-2017";
                    d.state = domain::DossierState::kAppraisal;
                    d.due_at = now - std::chrono::hours{24 * (i % 3)};
                    d.created_at = now;
                    d.updated_at = now;
                    (void)repos.dossiers.Insert(d);
                }
            }
            for (int i = 0; i < items; ++i) {
                domain::InventoryItem item;
                item.unit_id = all[static_cast<std::size_t>(i % units)].id;
                item.kind = i % 4 == 0 ? domain::InventoryKind::kAntivirus
                                       : domain::InventoryKind::kComputer;
                item.name = "Thiết bị " + std::to_string(i);
                if (i % 4 == 0) {
                    item.expires_on = today + std::chrono::days{(i % 400) - 30};
                }
                item.created_at = now;
                item.updated_at = now;
                (void)repos.protection.InsertItem(item);
            }
            return core::Ok();
        });
    }
};

void BM_ReadinessDashboardOfProvince(benchmark::State& state) {
    static Province province;
    app::ReadinessService readiness(*province.store, province.clock, province.rules);
    const app::Actor actor = app::Actor::Cli();
    std::vector<double> millis;
    std::int64_t systems = 0;
    for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
        const auto start = std::chrono::steady_clock::now();
        auto result = readiness.Compute(actor, province.root.id);
        const auto elapsed = std::chrono::steady_clock::now() - start;
        millis.push_back(std::chrono::duration<double, std::milli>(elapsed).count());
        if (!result.ok()) {
            state.SkipWithError(result.error().message_en.c_str());
            break;
        }
        systems = result->total.figures.systems;
        benchmark::DoNotOptimize(result);
    }
    state.counters["p50_ms"] = testing::Quantile(millis, 0.50);
    state.counters["p95_ms"] = testing::Quantile(millis, 0.95);
    state.counters["units"] = province.units;
    state.counters["systems"] = static_cast<double>(systems);
    state.counters["items"] = province.items;
}

BENCHMARK(BM_ReadinessDashboardOfProvince)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ungcuu::storage
