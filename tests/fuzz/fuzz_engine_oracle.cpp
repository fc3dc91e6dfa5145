// libFuzzer: any text as an event. The fast engine must find exactly the rules the plain
// evaluator (the oracle) finds, on rules chosen for the traps: bare `not`, `neq`, `exists`,
// `cased`, Vietnamese and other non-ASCII case folding, inner wildcards, regexes gated by their
// literals (K and ſ under case folding, optional parts), keywords, numbers and CIDR.
#include <simdjson.h>

#include <boost/json.hpp>
#include <cstdint>
#include <memory>

#include "sigma/engine.hpp"
#include "sigma/evaluator.hpp"

namespace {

using namespace ungcuu::sigma;

constexpr const char* kRules = R"(
title: not only
id: r1
logsource: {product: linux}
detection:
  sel: {message|contains: 'Failed'}
  condition: not sel
---
title: vietnamese folding
id: r2
logsource: {product: linux}
detection:
  sel: {message|contains: 'ĐĂNG NHẬP thất bại'}
  condition: sel
---
title: cased and neq
id: r3
logsource: {product: linux}
detection:
  sel: {user|cased: 'Root'}
  other: {host|neq: 'web1'}
  condition: sel and other
---
title: globs
id: r4
logsource: {product: linux}
detection:
  sel: {message: '*a?c*ẞ*'}
  condition: sel
---
title: exists regex keywords
id: r5
logsource: {product: linux}
detection:
  ex: {source.ip|exists: true}
  re: {message|re|i: 'fail(ed|ure)\s+\w+'}
  kw: ['Пароль', 'sudo']
  condition: (ex and re) or kw
---
title: numbers and cidr
id: r6
logsource: {product: linux}
detection:
  n: {port|gte: 1024}
  c: {source.ip|cidr: '10.0.0.0/8'}
  e: {EventID: [4624, 4625]}
  condition: (n and c) or e
---
title: startswith endswith all
id: r7
logsource: {product: linux}
detection:
  sel:
    message|startswith: 'Accepted'
    message|endswith|all: ['ssh2', '2']
  condition: sel
---
title: regexes gated by their literals
id: r8
logsource: {product: linux}
detection:
  folded: {message|re|i: 'ma(sk|x)\s*ok'}
  marks: {user|re: 'tệp(?:\.log)?$'}
  inner: {host|re: '(?i:desk)top[0-9]{2,}'}
  optional: {message|re: 'not(?:here)+\.|nowhere?d'}
  condition: folded or marks or (inner and not optional)
)";

struct Fixture {
    std::vector<CompiledRule> plain;
    std::unique_ptr<Engine> engine;
    std::unique_ptr<Engine::Scratch> scratch;

    Fixture() {
        auto set = ParseRules(kRules);
        if (!set.refused.empty()) __builtin_trap();
        for (const auto& rule : set.rules)
            plain.push_back(std::move(CompiledRule::Compile(rule)).value());
        EngineOptions options;
        options.route_by_logsource = false;
        engine = std::make_unique<Engine>(std::move(Engine::Build(set.rules, options)).value());
        scratch = std::make_unique<Engine::Scratch>(*engine);
    }
};

// How many keys a JSON value holds at every depth.
std::size_t Keys(const boost::json::value& v) {
    std::size_t n = 0;
    if (const auto* o = v.if_object()) {
        for (const auto& kv : *o) n += 1 + Keys(kv.value());
    } else if (const auto* a = v.if_array()) {
        for (const auto& e : *a) n += Keys(e);
    }
    return n;
}

std::size_t Keys(simdjson::dom::element v) {
    std::size_t n = 0;
    simdjson::dom::object o;
    simdjson::dom::array a;
    if (v.get_object().get(o) == simdjson::SUCCESS) {
        for (const auto kv : o) n += 1 + Keys(kv.value);
    } else if (v.get_array().get(a) == simdjson::SUCCESS) {
        for (const auto e : a) n += Keys(e);
    }
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Fixture fixture;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    boost::system::error_code ec;
    const auto event = boost::json::parse(text, ec);
    if (ec || !event.is_object()) return 0;
    // A key written twice in one object: fields resolve to the last on both sides, but the fast
    // engine's keyword scan still sees the earlier value, which the plain evaluator's parser
    // drops. Such events are left out here (a known difference, stated in the engine's notes).
    simdjson::dom::parser parser;
    simdjson::dom::element element;
    if (parser.parse(text.data(), text.size()).get(element) != simdjson::SUCCESS) return 0;
    if (Keys(element) != Keys(event)) return 0;
    std::vector<std::uint32_t> fast;
    if (!fixture.engine->Match(*fixture.scratch, text, fast).ok()) return 0;  // simdjson stricter
    std::vector<std::uint32_t> oracle;
    for (std::uint32_t r = 0; r < fixture.plain.size(); ++r) {
        if (fixture.plain[r].Matches(event)) oracle.push_back(r);
    }
    if (fast != oracle) __builtin_trap();
    return 0;
}
