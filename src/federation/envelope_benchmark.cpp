// Envelopes signed and opened per second on one core: a warning of about 2 KB (the figure the
// issue asks for in docs/performance.md).
#include <benchmark/benchmark.h>

#include <boost/json.hpp>

#include "federation/envelope.hpp"

namespace ungcuu::federation {
namespace {

namespace json = boost::json;

const core::TimePoint kNow = *core::ParseRfc3339("2026-12-07T08:00:00+07:00");

Envelope Warning() {
    Envelope e;
    e.id = NewEnvelopeId();
    e.sender = "vn-national";
    e.recipient = "dlk";
    e.type = "warning";
    e.created = kNow;
    e.expires = kNow + std::chrono::hours(24 * 7);
    json::array indicators;
    for (int i = 0; i < 40; ++i) {
        indicators.push_back(
            json::object{{"kind", "ip"}, {"value", "198.51.100." + std::to_string(i)}});
    }
    e.body = json::object{{"title", "Lỗ hổng nghiêm trọng trên máy chủ thư điện tử"},
                          {"actions", std::string(600, 'x')},
                          {"tlp", "amber"},
                          {"indicators", std::move(indicators)}};
    return e;
}

void BM_Seal(benchmark::State& state) {
    const auto key = GenerateKeyPair();
    const auto envelope = Warning();
    std::size_t bytes = 0;
    for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
        auto text = Seal(envelope, key);
        bytes = text->size();
        benchmark::DoNotOptimize(text);
    }
    state.counters["bytes"] = static_cast<double>(bytes);
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_Seal);

void BM_Open(benchmark::State& state) {
    const auto key = GenerateKeyPair();
    Peer peer{
        "vn-national",
        false,
        {{KeyId(key.public_key), key.public_key, kNow - std::chrono::hours(1), std::nullopt}}};
    const auto text = *Seal(Warning(), key);
    OpenOptions options;
    options.self = "dlk";
    options.now = kNow;
    const auto find = [&](std::string_view) -> const Peer* { return &peer; };
    const auto seen = [](std::string_view, std::string_view) { return false; };
    for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
        auto opened = Open(text, find, seen, options);
        if (!opened.ok()) {
            state.SkipWithError("refused");
            break;
        }
        benchmark::DoNotOptimize(opened);
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_Open);

}  // namespace
}  // namespace ungcuu::federation
