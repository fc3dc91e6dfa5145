// The incident list of a province with 1,000,000 incidents on SQLite: every page a coordinator
// opens — the newest, triage, one unit, serious and open by deadline, a scenario, overdue, a
// text search, the next page by cursor — as the repository answers it under the caller's scope.
// Reports p50/p95 per page shape. Target: p95 < 50 ms for every shape.
//   build/bench/src/storage/ungcuu_storage_benchmark --benchmark_filter=IncidentList
// On the same data, a periodic report's figures (Mẫu 05 of TT 20/2017): the province's yearly
// table over its whole tree, and its own part when each of its 999 communes files its own report
// (the province plan's chain); and the statistics page of the province for a year. Target:
// p95 < 1 s.
//   build/bench/src/storage/ungcuu_storage_benchmark --benchmark_filter='Mau05|Statistics'
// And a province plan of 50 tasks, each given to every commune (about 50,000 assignments): the
// plan-task figures a periodic report reads, the coordinator's list of overdue tasks across the
// province, and the plan's page. Target: p95 < 1 s.
//   build/bench/src/storage/ungcuu_storage_benchmark --benchmark_filter=PlanTasks
// UNGCUU_BENCH_SCALE (default 1) shrinks the data for smoke runs; UNGCUU_BENCH_INCIDENT_DB
// keeps the built database at that path and reuses it on the next run.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "app/incidents/ports.hpp"
#include "app/network/statistics_service.hpp"
#include "app/network/work_plan_service.hpp"
#include "core/text.hpp"
#include "domain/periodic.hpp"
#include "storage/database.hpp"
#include "support/test_support.hpp"

namespace ungcuu::storage {
namespace {

double IncidentScale() {
    const char* text = std::getenv("UNGCUU_BENCH_SCALE");
    return text != nullptr ? std::max(0.0001, std::atof(text)) : 1.0;
}

constexpr domain::IncidentState kOpenStates[] = {
    domain::IncidentState::kReceived,   domain::IncidentState::kAcknowledged,
    domain::IncidentState::kVerifying,  domain::IncidentState::kInitialResponse,
    domain::IncidentState::kContaining, domain::IncidentState::kEradicating,
    domain::IncidentState::kRecovering, domain::IncidentState::kChecking,
    domain::IncidentState::kReviewing,  domain::IncidentState::kChoosingResponse,
};

struct IncidentProvince {
    testing::TempDir dir;
    testing::ManualClock clock;
    std::unique_ptr<SqlStore> store;
    std::string root_path;
    domain::UnitId commune;
    std::string commune_path;
    std::int64_t incidents = 0;
    double build_seconds = 0;

    IncidentProvince() {
        const char* keep = std::getenv("UNGCUU_BENCH_INCIDENT_DB");
        const std::string file = keep != nullptr ? keep : (dir.path() / "i.db").string();
        const bool reuse = keep != nullptr && std::filesystem::exists(file);
        store = std::move(SqlStore::Open({Dialect::kSqlite, file})).value();
        const int units = std::max(10, static_cast<int>(1000 * std::min(1.0, IncidentScale())));
        const auto total =
            std::max<std::int64_t>(2000, static_cast<std::int64_t>(1'000'000 * IncidentScale()));
        const auto now = clock.Now();
        const auto started = std::chrono::steady_clock::now();
        std::vector<domain::Unit> all;
        (void)store->Write([&](app::Repositories& repos) -> core::Status {
            auto existing = repos.units.GetByCode("P");
            if (existing.ok()) {
                all.push_back(*existing);
                return core::Ok();
            }
            domain::Unit province;
            province.code = "P";
            province.name_vi = "Tỉnh";
            province.kind = domain::UnitKind::kProvince;
            province.created_at = now;
            province.updated_at = now;
            all.push_back(std::move(repos.units.Insert(province)).value());
            for (int i = 1; i < units; ++i) {
                domain::Unit unit;
                unit.code = "U" + std::to_string(i);
                unit.name_vi = "Xã " + std::to_string(i);
                unit.kind = domain::UnitKind::kCommune;
                unit.parent_id = all.front().id;
                unit.path = all.front().path;
                unit.created_at = now;
                unit.updated_at = now;
                all.push_back(std::move(repos.units.Insert(unit)).value());
            }
            return core::Ok();
        });
        root_path = all.front().path;
        (void)store->Read([&](app::Repositories& repos) -> core::Status {
            const auto unit = std::move(repos.units.GetByCode("U7")).value();
            commune = unit.id;
            commune_path = unit.path;
            return core::Ok();
        });
        if (!reuse) {
            for (std::int64_t from = 0; from < total; from += 50'000) {
                (void)store->Write([&](app::Repositories& repos) -> core::Status {
                    for (std::int64_t i = from; i < std::min(total, from + 50'000); ++i) {
                        domain::Incident n;
                        n.unit_id = domain::UnitId{all.front().id.value() + i % units};
                        n.rule_set = "vn-2017";
                        const bool open = i % 10 == 0;
                        n.state = open ? kOpenStates[(i / 10) % std::size(kOpenStates)]
                                       : domain::IncidentState::kClosed;
                        n.severity =
                            i % 50 == 0 ? domain::Severity::kSerious : domain::Severity::kNormal;
                        n.source = static_cast<domain::IncidentSource>(i % 5);
                        const std::string scenario = "A" + std::to_string(1 + i % 10);
                        n.scenarios = {scenario};
                        n.title = fmt::format("Sự cố {} tại đơn vị {}", scenario, i % units);
                        n.description = i % 97 == 0 ? "Phát hiện webshell trên máy chủ web"
                                                    : "Lưu lượng bất thường, đã kiểm tra nhật ký";
                        n.detected_at = now - std::chrono::seconds(150 * i);
                        // How it was handled (Mẫu 05's columns), for four incidents in five.
                        if (i % 5 != 4) {
                            n.handling_mode = static_cast<domain::HandlingMode>(i % 4);
                            n.damage_vnd = (i % 7) * 1'000'000;
                            if (n.handling_mode == domain::HandlingMode::kDomesticHelp) {
                                n.helpers = {fmt::format("Công ty an ninh mạng {}", i % 13)};
                            }
                        }
                        n.received_at = n.detected_at + std::chrono::minutes(5);
                        n.created_at = n.received_at;
                        n.updated_at = open ? now - std::chrono::minutes(i % 1440)
                                            : n.received_at + std::chrono::hours(48);
                        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.incidents.Insert(std::move(n)));
                        if (open) {  // an open clock, some of them already passed
                            const auto due =
                                now + std::chrono::hours((i / 10) % 240) - std::chrono::hours(24);
                            UNGCUU_RETURN_IF_ERROR(repos.incidents.Update(inserted, due));
                        }
                    }
                    return core::Ok();
                });
            }
        }
        (void)store->Read([&](app::Repositories& repos) -> core::Status {
            app::IncidentFilter all_rows;
            all_rows.unrestricted = true;
            all_rows.limit = 1;
            (void)repos.incidents.List(all_rows);
            return core::Ok();
        });
        incidents = total;
        build_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
};

IncidentProvince& Province() {
    static IncidentProvince province;
    return province;
}

/// Runs `step` once per iteration, each timed; stops the benchmark at the first error; sets the
/// p50/p95 counters and the province's size.
template <typename Step>
void TimedRuns(benchmark::State& state, const IncidentProvince& province, Step step) {
    std::vector<double> millis;
    for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
        const auto start = std::chrono::steady_clock::now();
        const core::Status status = step();
        millis.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
        if (!status.ok()) {
            state.SkipWithError(status.error().message_en.c_str());
            break;
        }
    }
    state.counters["p50_ms"] = testing::Quantile(millis, 0.50);
    state.counters["p95_ms"] = testing::Quantile(millis, 0.95);
    state.counters["incidents"] = static_cast<double>(province.incidents);
}

enum Shape {
    kNewest,
    kTriage,
    kOneUnit,
    kSeriousByDeadline,
    kScenario,
    kOverdue,
    kSearch,
    kSecondPage,
    kCommuneOfficer,
    kShapes
};

const char* ShapeName(int shape) {
    static const char* const kNames[] = {
        "newest",  "triage", "one_unit",    "serious_by_deadline", "scenario",
        "overdue", "search", "second_page", "commune_officer"};
    return kNames[shape];
}

app::IncidentFilter FilterFor(int shape, const IncidentProvince& p) {
    app::IncidentFilter f;
    f.scope = {{p.root_path, false}};  // the provincial coordinator's scope
    f.limit = 51;                      // a page of 50 and whether there is a next one
    switch (shape) {
        case kTriage:
            f.states = {domain::IncidentState::kReceived, domain::IncidentState::kAcknowledged,
                        domain::IncidentState::kVerifying};
            break;
        case kOneUnit:
            f.unit_id = p.commune;
            break;
        case kSeriousByDeadline:
            f.severity = domain::Severity::kSerious;
            f.states = {std::begin(kOpenStates), std::end(kOpenStates)};
            f.sort = app::IncidentSort::kDueAsc;
            break;
        case kScenario:
            f.scenario = "A5";
            break;
        case kOverdue:
            f.due_before = p.clock.Now();
            f.sort = app::IncidentSort::kDueAsc;
            break;
        case kSearch:
            f.search = core::FoldForSearch("webshell");
            break;
        case kSecondPage:
            f.sort = app::IncidentSort::kUpdatedDesc;
            break;
        case kCommuneOfficer:  // a commune's own list: its scope is that one unit
            f.scope = {{p.commune_path, false}};
            break;
        default:
            break;
    }
    return f;
}

void BM_IncidentList(benchmark::State& state) {
    auto& province = Province();
    const int shape = static_cast<int>(state.range(0));
    state.SetLabel(ShapeName(shape));
    auto filter = FilterFor(shape, province);
    std::optional<app::IncidentCursor> cursor;
    if (shape == kSecondPage) {  // the cursor of the first page, as the API hands it out
        (void)province.store->Read([&](app::Repositories& repos) -> core::Status {
            auto first = std::move(repos.incidents.List(filter)).value();
            const auto& last = first.at(49).incident;
            cursor = app::IncidentCursor{core::ToUnixMillis(last.updated_at), last.id.value()};
            return core::Ok();
        });
        filter.after = cursor;
    }
    std::size_t rows = 0;
    TimedRuns(state, province, [&] {
        return province.store->Read([&](app::Repositories& repos) -> core::Status {
            UNGCUU_ASSIGN_OR_RETURN(page, repos.incidents.List(filter));
            rows = page.size();
            benchmark::DoNotOptimize(page);
            return core::Ok();
        });
    });
    state.counters["rows"] = static_cast<double>(rows);
    state.counters["build_s"] = province.build_seconds;
}

BENCHMARK(BM_IncidentList)->DenseRange(0, kShapes - 1)->Unit(benchmark::kMillisecond);

/// Mẫu 05 for the last twelve months: the tallies the report is computed from, then the table.
/// range(0) = 0: the whole province; 1: the province less its communes' subtrees.
void BM_Mau05(benchmark::State& state) {
    auto& province = Province();
    const bool own_part = state.range(0) == 1;
    state.SetLabel(own_part ? "province_own_part" : "province_year");
    std::vector<std::string> excluded;
    if (own_part) {
        (void)province.store->Read([&](app::Repositories& repos) -> core::Status {
            app::UnitFilter all_units;
            all_units.unrestricted = true;
            all_units.limit = 100'000;
            UNGCUU_ASSIGN_OR_RETURN(units, repos.units.List(all_units));
            for (const auto& unit : units) {
                if (unit.path != province.root_path) {
                    excluded.push_back(unit.path);
                }
            }
            return core::Ok();
        });
    }
    const auto to = province.clock.Now();
    const auto from = to - std::chrono::days(365);
    std::int64_t counted = 0;
    TimedRuns(state, province, [&] {
        return province.store->Read([&](app::Repositories& repos) -> core::Status {
            UNGCUU_ASSIGN_OR_RETURN(tallies,
                                    repos.periodic.Tally(province.root_path, excluded, from, to));
            const auto figures = domain::Mau05Figures(tallies.tallies);
            const auto total = figures.find("mau05.total.count");
            counted = total == figures.end() ? 0 : total->second;
            benchmark::DoNotOptimize(figures);
            return core::Ok();
        });
    });
    state.counters["counted"] = static_cast<double>(counted);
    state.counters["excluded"] = static_cast<double>(excluded.size());
}

BENCHMARK(BM_Mau05)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

/// The statistics page of the province for the last twelve months (by month, type and commune,
/// acknowledgement and closing times), as the provincial coordinator opens it.
void BM_Statistics(benchmark::State& state) {
    auto& province = Province();
    app::StatisticsService service(*province.store, province.clock, {{"vn-2017", 60}});
    app::StatisticsQuery query;
    (void)province.store->Read([&](app::Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(root, repos.units.GetByCode("P"));
        query.unit = root.id;
        return core::Ok();
    });
    query.to = core::LocalDate(province.clock.Now());
    query.from = query.to - std::chrono::days(364);
    auto actor = app::Actor::Cli();
    std::int64_t counted = 0;
    TimedRuns(state, province, [&]() -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(stats, service.Compute(actor, query));
        counted = stats.total;
        benchmark::DoNotOptimize(stats);
        return core::Ok();
    });
    state.counters["counted"] = static_cast<double>(counted);
}

BENCHMARK(BM_Statistics)->Unit(benchmark::kMillisecond);

/// The province plan of the benchmark: 50 tasks for every commune, a quarter of them due in the
/// first quarter (overdue by now), the others yearly, continuous or by a day; made once.
app::WorkPlanService& PlanService(IncidentProvince& province, domain::WorkPlanId& plan) {
    static app::WorkPlanService service(*province.store, province.clock);
    static domain::WorkPlanId made;
    if (made.value() == 0) {
        const auto actor = app::Actor::Cli();
        auto existing = service.Plans(actor);
        if (existing.ok() && !existing->empty()) {
            made = existing->front().plan.id;
        } else {
            domain::WorkPlan head;
            (void)province.store->Read([&](app::Repositories& repos) -> core::Status {
                UNGCUU_ASSIGN_OR_RETURN(root, repos.units.GetByCode("P"));
                head.unit_id = root.id;
                return core::Ok();
            });
            head.title = "Kế hoạch ứng phó sự cố năm 2026";
            head.period_from = *core::ParseDate("2026-01-01");
            head.period_to = *core::ParseDate("2026-12-31");
            std::vector<domain::PlanTask> tasks;
            constexpr const char* kFrames[] = {"2026-Q1", "yearly", "continuous", "2026-11-30"};
            for (int i = 0; i < 50; ++i) {
                domain::PlanTask task;
                task.item = std::to_string(i + 1);
                task.content = fmt::format("Nhiệm vụ {} của các xã", i + 1);
                task.executor_kinds = {domain::UnitKind::kCommune};
                task.frame = *domain::ParseTimeFrame(kFrames[i % 4]);
                tasks.push_back(std::move(task));
            }
            auto created = service.Create(actor, std::move(head), std::move(tasks));
            if (created.ok()) {
                made = created->plan.id;
            }
        }
    }
    plan = made;
    return service;
}

/// 0: the plan-task figures of the province (what its periodic report carries); 1: the
/// coordinator's overdue tasks across the province (the first 500 listed, all counted); 2: the
/// plan's page (its tasks, at most 3,000 assignments shown, all counted).
void BM_PlanTasks(benchmark::State& state) {
    auto& province = Province();
    domain::WorkPlanId plan;
    auto& service = PlanService(province, plan);
    const auto actor = app::Actor::Cli();
    std::int64_t counted = 0;
    TimedRuns(state, province, [&]() -> core::Status {
        switch (state.range(0)) {
            case 0:
                return province.store->Read([&](app::Repositories& repos) -> core::Status {
                    UNGCUU_ASSIGN_OR_RETURN(
                        figures, app::PlanTaskFigures(repos, province.root_path,
                                                      core::LocalDate(province.clock.Now())));
                    counted = figures["readiness.plan_tasks"];
                    return core::Ok();
                });
            case 1: {
                app::AssignmentQuery query;
                query.filter = app::AssignmentFilter::kOverdue;
                UNGCUU_ASSIGN_OR_RETURN(list, service.Assignments(actor, query));
                counted = list.roll_up.total;
                return core::Ok();
            }
            default: {
                UNGCUU_ASSIGN_OR_RETURN(view, service.Plan(actor, plan));
                counted = view.roll_up.total;
                return core::Ok();
            }
        }
    });
    state.counters["counted"] = static_cast<double>(counted);
}

BENCHMARK(BM_PlanTasks)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ungcuu::storage
