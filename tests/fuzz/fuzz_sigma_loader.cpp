// libFuzzer: any text as a file of Sigma rules. Loading refuses what it cannot run with a reason
// and never crashes; what loads compiles (or is refused) for both evaluators, and correlations
// resolve (or are refused) over what loaded.
#include <cstdint>
#include <string_view>

#include "sigma/correlation.hpp"
#include "sigma/evaluator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ungcuu::sigma;
    auto set = ParseRules(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yml");
    std::vector<CompiledRule> compiled;
    std::vector<const Rule*> rules;
    // The rules held at once share a budget of expanded patterns, as the rule test does: each
    // rule may reach the loader's 16 MiB, many of them together would only measure the heap.
    std::size_t budget = 32U << 20;
    for (const auto& rule : set.rules) {
        std::size_t bytes = 0;
        auto plain = CompiledRule::Compile(rule, &bytes);
        if (!plain.ok() || bytes > budget) continue;
        budget -= bytes;
        compiled.push_back(std::move(plain).value());
    }
    for (const auto& c : compiled) rules.push_back(&c.rule());
    auto correlator = Correlator::Build(std::move(set.correlations), rules, set.refused);
    for (const auto& refusal : set.refused) {
        if (refusal.reason.empty()) __builtin_trap();  // a refusal always says why
    }
    // Every loaded rule on one event, through the correlations.
    const boost::json::value event = {{"a", "1"}, {"timestamp", "2026-11-21T08:00:00Z"}};
    for (std::uint32_t r = 0; r < compiled.size(); ++r) {
        if (compiled[r].Matches(event)) {
            correlator.Feed(r, 0, R"({"a":"1","timestamp":"2026-11-21T08:00:00Z"})", 0,
                            [](const CorrelationMatch&) {});
        }
    }
    correlator.Finish([](const CorrelationMatch&) {});
    return 0;
}
