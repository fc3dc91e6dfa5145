// The detection pass over a batch of web access lines as the pipeline hands it over (2,000
// events of 10 units): the shipped pack alone, then with rules sent with warnings running for
// some or all of the units (Process: parse, match the pack, match the warnings' rules on the
// lines of the units that take them).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "ingest/sigma_detection_engine.hpp"

namespace ungcuu::ingest {
namespace {

std::vector<app::IngestedEvent> AccessBatch() {
    std::vector<app::IngestedEvent> batch;
    batch.reserve(2000);
    const auto now = core::FromUnixMillis(1'772'334'000'000);
    for (int i = 0; i < 2000; ++i) {
        batch.push_back({i + 1, now, 0, domain::UnitId{1 + i % 10}, "access",
                         fmt::format("198.51.100.{} - - [01/Mar/2026:10:00:{:02} +0700] \"GET "
                                     "/tin-tuc/{}.html?trang={} HTTP/1.1\" 200 5120 \"-\" "
                                     "\"Mozilla/5.0\"",
                                     i % 250, i % 60, i, i % 7)});
    }
    return batch;
}

// state.range(0): rules sent with warnings; state.range(1): units of the ten that take them.
void BM_ProcessAccessBatch(benchmark::State& state) {
    auto engine = SigmaDetectionEngine::Build(SigmaDetectionEngine::EmbeddedPack());
    if (!engine.ok()) {
        state.SkipWithError("the shipped pack did not build");
        return;
    }
    const auto rules = static_cast<int>(state.range(0));
    std::vector<std::int64_t> units;
    units.reserve(static_cast<std::size_t>(state.range(1)));
    for (std::int64_t u = 1; u <= state.range(1); ++u) {
        units.push_back(u);
    }
    std::string text;
    for (int r = 0; r < rules; ++r) {
        text += fmt::format(
            "---\ntitle: Web shell {}\nid: w-{}\nlevel: high\nlogsource: {{category: webserver}}\n"
            "detection:\n  a:\n    cs-uri-stem|endswith: '/shell{}.aspx'\n  condition: a\n",
            r, r, r);
    }
    if (rules > 0) {
        const auto deployed = (*engine)->DeployWarningRules({{1, "benchmark", text, units}});
        if (!deployed.refused.empty()) {
            state.SkipWithError(deployed.refused.front().reason.c_str());
            return;
        }
    }
    const auto batch = AccessBatch();
    std::vector<app::DetectionHit> hits;
    for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
        hits.clear();
        benchmark::DoNotOptimize((*engine)->Process(batch, hits));
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch.size()));
}

BENCHMARK(BM_ProcessAccessBatch)
    ->Args({0, 0})
    ->Args({10, 1})
    ->Args({10, 10})
    ->Args({50, 10})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ungcuu::ingest
