// The storage side of the hottest read: one page of units within a caller's scope, on SQLite.
//   build/dev/src/storage/ungcuu_storage_benchmark   (numbers only compare on one machine)
#include <benchmark/benchmark.h>

#include "storage/database.hpp"
#include "support/test_support.hpp"

namespace ungcuu::storage {
namespace {

struct Fixture {
    testing::TempDir dir;
    std::unique_ptr<SqlStore> store;
    domain::Unit province;

    explicit Fixture(int communes) {
        store =
            std::move(SqlStore::Open({Dialect::kSqlite, (dir.path() / "b.db").string()})).value();
        (void)store->Write([&](app::Repositories& repos) -> core::Status {
            domain::Unit root;
            root.code = "P";
            root.name_vi = "Tỉnh";
            root.kind = domain::UnitKind::kProvince;
            province = std::move(repos.units.Insert(root)).value();
            for (int i = 0; i < communes; ++i) {
                domain::Unit unit;
                unit.code = "C" + std::to_string(i);
                unit.name_vi = "Xã thử nghiệm " + std::to_string(i);
                unit.kind = domain::UnitKind::kCommune;
                unit.parent_id = province.id;
                unit.path = province.path;
                (void)repos.units.Insert(unit);
            }
            return core::Ok();
        });
    }
};

void BM_ListUnitsInScope(benchmark::State& state) {
    static Fixture fixture(500);
    app::UnitFilter filter;
    filter.scope = {domain::ScopeRoot{fixture.province.path, false}};
    filter.limit = static_cast<int>(state.range(0));
    for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
        std::size_t rows = 0;
        (void)fixture.store->Read([&](app::Repositories& repos) -> core::Status {
            rows = repos.units.List(filter)->size();
            return core::Ok();
        });
        benchmark::DoNotOptimize(rows);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_ListUnitsInScope)->Arg(1)->Arg(50)->Arg(500);

}  // namespace
}  // namespace ungcuu::storage
