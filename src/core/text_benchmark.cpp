// Text helpers on the list path: timestamps and search keys.
#include <benchmark/benchmark.h>

#include "core/clock.hpp"
#include "core/text.hpp"

namespace ungcuu::core {
namespace {

void BM_FormatRfc3339(benchmark::State& state) {
    std::int64_t millis = 1'795'292'199'999;
    for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
        benchmark::DoNotOptimize(FormatRfc3339(FromUnixMillis(millis++)));
    }
}

BENCHMARK(BM_FormatRfc3339);

void BM_FoldForSearch(benchmark::State& state) {
    const std::string name = "Đội ứng cứu sự cố an toàn thông tin mạng tỉnh Đắk Lắk";
    for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
        benchmark::DoNotOptimize(FoldForSearch(name));
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(name.size()));
}

BENCHMARK(BM_FoldForSearch);

}  // namespace
}  // namespace ungcuu::core
