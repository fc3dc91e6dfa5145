// Correlation rules, data-driven: each folder of testdata/correlation holds rules.yml (the
// correlation and the rules it refers to), events.ndjson and expected.ndjson (what must be
// reported: rule id, event index and, for correlations, the measured value), written by hand
// from the Sigma correlation specification. Each case runs behind both evaluators — the fast
// engine and the plain one — which must report exactly the expected matches.
#include "sigma/correlation.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "sigma/engine.hpp"
#include "sigma/evaluator.hpp"

namespace ungcuu::sigma {
namespace {

namespace json = boost::json;

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// One reported match: rule id, event index, value (NaN for a plain rule's match).
struct Reported {
    std::string rule_id;
    std::size_t event_index = 0;
    double value = std::nan("");

    bool operator<(const Reported& o) const {
        return std::tie(event_index, rule_id) < std::tie(o.event_index, o.rule_id);
    }

    bool operator==(const Reported& o) const {
        return rule_id == o.rule_id && event_index == o.event_index &&
               (value == o.value || (std::isnan(value) && std::isnan(o.value)));
    }
};

std::ostream& operator<<(std::ostream& out, const Reported& r) {
    return out << r.rule_id << " @" << r.event_index << " = " << r.value;
}

std::vector<Reported> Expected(const std::filesystem::path& file) {
    std::vector<Reported> out;
    std::istringstream lines(ReadFile(file));
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) {
            continue;
        }
        const auto o = json::parse(line).as_object();
        Reported r{std::string(o.at("rule_id").as_string()),
                   static_cast<std::size_t>(o.at("event_index").to_number<std::int64_t>())};
        if (const auto* v = o.if_contains("value")) {
            r.value = v->to_number<double>();
        }
        out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The reports of one evaluator: its base matches go through the correlator.
struct Collector {
    Correlator correlator;
    std::vector<const Rule*> rules;
    std::vector<Reported> out;

    void OnMatch(std::size_t index, std::uint32_t r, std::string_view event) {
        if (correlator.Reports(r)) {
            out.push_back({rules[r]->id, index});
        }
        correlator.Feed(r, index, event, 0, [&](const CorrelationMatch& m) { OnFire(m); });
    }

    void OnFire(const CorrelationMatch& m) {
        out.push_back({correlator.rule(m.correlation).id, m.event_index, m.value});
    }

    std::vector<Reported> Finish() {
        correlator.Finish([&](const CorrelationMatch& m) { OnFire(m); });
        std::sort(out.begin(), out.end());
        return out;
    }
};

std::vector<Reported> RunFast(const RuleSet& set, std::string events) {
    auto engine = Engine::Build(set.rules);
    EXPECT_TRUE(engine.ok());
    std::vector<const Rule*> rules;
    for (std::size_t r = 0; r < engine->size(); ++r) {
        rules.push_back(&engine->rule(r));
    }
    std::vector<Refusal> refused;
    Collector c{Correlator::Build(set.correlations, rules, refused), rules, {}};
    EXPECT_TRUE(refused.empty()) << refused.front().reason;
    Engine::Scratch scratch(*engine);
    events.reserve(events.size() + Engine::kPadding);
    engine->MatchText(scratch, events, [&](std::size_t i, std::uint32_t r, std::string_view e) {
        c.OnMatch(i, r, e);
    });
    return c.Finish();
}

std::vector<Reported> RunPlain(const RuleSet& set, const std::string& events) {
    std::vector<CompiledRule> compiled;
    std::vector<const Rule*> rules;
    for (const auto& rule : set.rules) {
        compiled.push_back(std::move(CompiledRule::Compile(rule)).value());
    }
    for (const auto& c : compiled) {
        rules.push_back(&c.rule());
    }
    std::vector<Refusal> refused;
    Collector c{Correlator::Build(set.correlations, rules, refused), rules, {}};
    EXPECT_TRUE(refused.empty());
    const auto parsed = ParseEvents(events);
    EXPECT_TRUE(parsed.ok());
    for (std::size_t i = 0; i < parsed->size(); ++i) {
        for (std::uint32_t r = 0; r < compiled.size(); ++r) {
            if (compiled[r].Matches((*parsed)[i])) {
                c.OnMatch(i, r, json::serialize((*parsed)[i]));
            }
        }
    }
    return c.Finish();
}

TEST(SigmaCorrelation, DataDrivenCasesFireAsExpectedBehindBothEvaluators) {
    const auto root = std::filesystem::path(UNGCUU_SOURCE_DIR) / "src/sigma/testdata/correlation";
    std::size_t cases = 0;
    for (const auto& entry : std::filesystem::directory_iterator(root)) {
        SCOPED_TRACE(entry.path().filename().string());
        const auto set =
            ParseRules(ReadFile(entry.path() / "rules.yml"), (entry.path() / "rules.yml").string());
        ASSERT_TRUE(set.refused.empty()) << set.refused.front().reason;
        ASSERT_FALSE(set.correlations.empty());
        const auto events = ReadFile(entry.path() / "events.ndjson");
        const auto expected = Expected(entry.path() / "expected.ndjson");
        EXPECT_EQ(RunFast(set, events), expected) << "fast engine";
        EXPECT_EQ(RunPlain(set, events), expected) << "plain evaluator";
        ++cases;
    }
    EXPECT_GE(cases, 7U);
}

// Every refusal's reason, one per line.
std::string RefusalOf(const std::string& yaml) {
    auto set = ParseRules(yaml, "t.yml");
    std::vector<const Rule*> rules;
    for (const auto& rule : set.rules) {
        rules.push_back(&rule);
    }
    const auto correlator = Correlator::Build(std::move(set.correlations), rules, set.refused);
    std::string reasons;
    for (const auto& refusal : set.refused) {
        reasons += refusal.reason + "\n";
    }
    return reasons;
}

const char* kBase =
    "---\ntitle: b\nid: b1\nname: base\nlogsource:\n  product: linux\ndetection:\n  sel:\n    "
    "a: 1\n  condition: sel\n";

TEST(SigmaCorrelation, RefusesWhatItCannotRunWithTheReason) {
    const auto correlation = [](const std::string& body) {
        return "title: c\nid: c1\ncorrelation:\n" + body + kBase;
    };
    EXPECT_NE(RefusalOf(correlation("  type: event_count\n  rules: [missing]\n  timespan: 1m\n"
                                    "  condition:\n    gte: 2\n"))
                  .find("\"missing\""),
              std::string::npos);
    EXPECT_NE(RefusalOf(correlation("  type: event_count\n  rules: [base]\n  timespan: 1w\n"
                                    "  condition:\n    gte: 2\n"))
                  .find("timespan"),
              std::string::npos);
    EXPECT_NE(RefusalOf(correlation("  type: value_count\n  rules: [base]\n  timespan: 1m\n"
                                    "  condition:\n    gte: 2\n"))
                  .find("condition.field"),
              std::string::npos);
    EXPECT_NE(RefusalOf(correlation("  type: event_count\n  rules: [base]\n  timespan: 1m\n"))
                  .find("condition"),
              std::string::npos);
    EXPECT_NE(RefusalOf(correlation("  type: event_count\n  rules: [base]\n  timespan: 1m\n"
                                    "  condition:\n    about: 2\n"))
                  .find("about"),
              std::string::npos);
    EXPECT_NE(RefusalOf(correlation("  type: sequence\n  rules: [base]\n  timespan: 1m\n"))
                  .find("sequence"),
              std::string::npos);
    EXPECT_NE(RefusalOf(correlation("  type: value_percentile\n  rules: [base]\n  timespan: 1m\n"
                                    "  condition:\n    field: x\n    gte: 2\n"))
                  .find("percentile"),
              std::string::npos);
    // Two correlations referring to each other: both refused, the cycle named.
    const std::string cycle =
        "title: c1\nname: one\ncorrelation:\n  type: temporal\n  rules: [two, base]\n  "
        "timespan: 1m\n---\ntitle: c2\nname: two\ncorrelation:\n  type: temporal\n  rules: "
        "[one, base]\n  timespan: 1m\n" +
        std::string(kBase);
    auto set = ParseRules(cycle);
    std::vector<const Rule*> rules{&set.rules.at(0)};
    const auto correlator = Correlator::Build(std::move(set.correlations), rules, set.refused);
    EXPECT_EQ(correlator.size(), 0U);
    ASSERT_EQ(set.refused.size(), 2U);
    EXPECT_NE(set.refused[0].reason.find("vòng"), std::string::npos);
    // A correlation over a correlation that is refused is refused too.
    const std::string chained =
        "title: outer\ncorrelation:\n  type: temporal\n  rules: [inner, base]\n  timespan: 1m\n"
        "---\ntitle: inner\nname: inner\ncorrelation:\n  type: event_count\n  rules: [nothing]\n"
        "  timespan: 1m\n  condition:\n    gte: 1\n" +
        std::string(kBase);
    EXPECT_NE(RefusalOf(chained).find("\"nothing\""), std::string::npos);
    auto chain_set = ParseRules(chained);
    std::vector<const Rule*> chain_rules{&chain_set.rules.at(0)};
    const auto chain =
        Correlator::Build(std::move(chain_set.correlations), chain_rules, chain_set.refused);
    EXPECT_EQ(chain.size(), 0U);
    EXPECT_EQ(chain_set.refused.size(), 2U);
    EXPECT_TRUE(chain.Reports(0)) << "a rule no loaded correlation uses reports its matches";
}

TEST(SigmaCorrelation, ReadsEventTimesInTheirUsualShapes) {
    const auto at = [](const std::string& event) { return EventTime(json::parse(event)); };
    EXPECT_DOUBLE_EQ(*at(R"({"@timestamp":"2026-11-21T08:00:00Z"})"), 1795248000.0);
    EXPECT_DOUBLE_EQ(*at(R"({"timestamp":"2026-11-21 15:00:00+07:00"})"), 1795248000.0);
    EXPECT_DOUBLE_EQ(*at(R"({"UtcTime":"2026-11-21 08:00:00.500"})"), 1795248000.5);
    EXPECT_DOUBLE_EQ(
        *at(R"({"Event":{"System":{"TimeCreated":{"#attributes":{"SystemTime":"2026-11-21T08:00:00.000000Z"}}}}})"),
        1795248000.0);
    EXPECT_DOUBLE_EQ(*at(R"({"time":1795248000})"), 1795248000.0);
    EXPECT_DOUBLE_EQ(*at(R"({"time":1795248000250})"), 1795248000.25);
    EXPECT_FALSE(at(R"({"time":"yesterday"})").has_value());
    EXPECT_FALSE(at(R"({"message":"no time"})").has_value());
}

TEST(SigmaCorrelation, EventsWithoutATimeAreTakenAtTheCallersNow) {
    auto set = ParseRules(
        "title: c\nid: c1\ncorrelation:\n  type: event_count\n  rules: [base]\n  timespan: 1m\n"
        "  condition:\n    gte: 2\n" +
        std::string(kBase));
    std::vector<const Rule*> rules{&set.rules.at(0)};
    auto correlator = Correlator::Build(std::move(set.correlations), rules, set.refused);
    std::vector<std::size_t> fired;
    const auto on_fire = [&](const CorrelationMatch& m) { fired.push_back(m.event_index); };
    correlator.Feed(0, 0, R"({"a":1})", 1000, on_fire);
    correlator.Feed(0, 1, R"({"a":1})", 1100, on_fire);  // 100 s later: outside the minute
    correlator.Feed(0, 2, R"({"a":1})", 1130, on_fire);
    correlator.Feed(0, 3, "not json", 1131, on_fire);  // ignored
    correlator.Finish(on_fire);
    EXPECT_EQ(fired, (std::vector<std::size_t>{2}));
}

namespace online {

// A brute force as the pack has it: five failures from one address within five minutes.
Correlator BruteForce(RuleSet& set) {
    set = ParseRules(
        "title: c\nid: c1\ncorrelation:\n  type: event_count\n  rules: [base]\n  group-by: "
        "[source.ip]\n  timespan: 5m\n  condition:\n    gte: 5\n" +
        std::string(kBase));
    std::vector<const Rule*> rules{&set.rules.at(0)};
    return Correlator::Build(std::move(set.correlations), rules, set.refused);
}

struct Line {
    double received = 0;  // seconds
    double stamped = 0;   // the sender's time
    std::string address;
};

struct Outcome {
    std::map<std::string, int> fired;  // by address
    int skewed = 0;
};

Outcome Run(const std::vector<Line>& lines, double max_skew) {
    RuleSet set;
    auto correlator = BruteForce(set);
    Outcome outcome;
    const auto on_fire = [&](const CorrelationMatch& m) { ++outcome.fired[m.group.at(0).second]; };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& line = lines[i];
        const auto event = fmt::format(R"({{"a":1,"time":{},"source.ip":"{}"}})",
                                       static_cast<std::int64_t>(line.stamped), line.address);
        if (correlator.Feed(0, i, event, Correlator::Received{line.received, max_skew}, on_fire)) {
            ++outcome.skewed;
        }
    }
    return outcome;
}

// 2,000 failures from one address, one a second: 400 firings.
std::vector<Line> Attack(double skew = 0) {
    std::vector<Line> lines;
    constexpr double kStart = 1795248000;
    for (int i = 0; i < 2000; ++i) {
        lines.push_back({kStart + i, kStart + i + skew, "203.0.113.9"});
    }
    return lines;
}

}  // namespace online

TEST(SigmaCorrelation, OneFutureStampedLineClosesNoWindow) {
    using online::Line;
    const auto clean = online::Run(online::Attack(), 600);
    EXPECT_EQ(clean.fired.at("203.0.113.9"), 400);
    EXPECT_EQ(clean.skewed, 0);
    constexpr double kYear = 365.0 * 86400;
    for (const double bound : {600.0, std::numeric_limits<double>::infinity()}) {
        // A line a year ahead from another address, and one from the attacker itself.
        auto lines = online::Attack();
        lines.insert(lines.begin() + 10,
                     Line{lines[10].received, lines[10].received + kYear, "198.51.100.7"});
        auto poisoned = online::Run(lines, bound);
        EXPECT_EQ(poisoned.fired.at("203.0.113.9"), 400) << "bound " << bound;
        lines.insert(lines.begin() + 20,
                     Line{lines[20].received, lines[20].received + kYear, "203.0.113.9"});
        poisoned = online::Run(lines, bound);
        // One more failure of the attacker counted (2,001): still 400 bursts of five.
        EXPECT_EQ(poisoned.fired.at("203.0.113.9"), 400) << "bound " << bound;
        EXPECT_EQ(poisoned.skewed, bound < kYear ? 2 : 0);
    }
}

TEST(SigmaCorrelation, AHostOnUtcAmongHostsOnVietnamTimeCountsTheSame) {
    const auto clean = online::Run(online::Attack(), 600);
    // Every other line from a host on UTC whose zone-less times were read as UTC+7: seven
    // hours in the past. Beyond the bound, they are taken when received.
    auto lines = online::Attack();
    for (std::size_t i = 0; i < lines.size(); i += 2) {
        lines[i].stamped -= 7 * 3600;
    }
    const auto mixed = online::Run(lines, 600);
    EXPECT_EQ(mixed.fired, clean.fired);
    EXPECT_EQ(mixed.skewed, 1000);
    // Within the bound, a sender's own time is kept: a minute late still counts the same.
    const auto late = online::Run(online::Attack(-60), 600);
    EXPECT_EQ(late.fired, clean.fired);
    EXPECT_EQ(late.skewed, 0);
}

}  // namespace
}  // namespace ungcuu::sigma
