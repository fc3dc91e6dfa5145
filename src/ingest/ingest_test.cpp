#include <fmt/format.h>
#include <gtest/gtest.h>

#include "ingest/pipeline.hpp"
#include "ingest/sigma_detection_engine.hpp"
#include "ingest/syslog_listener.hpp"
#include "support/test_support.hpp"

namespace ungcuu::ingest {
namespace {

struct Framed {
    std::vector<std::string> messages;
    int too_long = 0;
    bool readable = true;
    bool skipping = false;
};

// Feeds `chunks` one read at a time, as a TCP connection would.
Framed Frame(const std::vector<std::string>& chunks, std::size_t max = 64) {
    Framed out;
    std::string buffer;
    for (const auto& chunk : chunks) {
        buffer += chunk;
        out.readable = TakeSyslogFrames(
            buffer, out.skipping, max, [&](std::string_view m) { out.messages.emplace_back(m); },
            [&] { ++out.too_long; });
        if (!out.readable) {
            break;
        }
    }
    return out;
}

TEST(SyslogFrames, OctetCountedAndNewlineFramesMixAndSplitAcrossReads) {
    const auto out = Frame({"15 <13>hello w", "orld<13>second line\r\n<13>third\n", "7 <13>end"});
    EXPECT_EQ(out.messages, (std::vector<std::string>{"<13>hello world", "<13>second line",
                                                      "<13>third", "<13>end"}));
    EXPECT_TRUE(out.readable);
}

TEST(SyslogFrames, AnOctetCountFramesLineBreaksInsideTheMessage) {
    const auto out = Frame({"13 <13>a\nb\nc\nd\ne"});
    ASSERT_EQ(out.messages.size(), 1u);
    EXPECT_EQ(out.messages[0], "<13>a\nb\nc\nd\ne");
}

TEST(SyslogFrames, ANulEndsAFrameAndEmptyFramesAreSkipped) {
    const auto out = Frame({std::string("<13>one\0\n\n<13>two\n", 18)});
    EXPECT_EQ(out.messages, (std::vector<std::string>{"<13>one", "<13>two"}));
}

TEST(SyslogFrames, ATooLongLineIsLeftOutUpToItsEndAndCounted) {
    const auto out = Frame({"<13>" + std::string(100, 'x'), std::string(50, 'y'), "z\n<13>next\n"});
    EXPECT_EQ(out.too_long, 1);
    EXPECT_EQ(out.messages, (std::vector<std::string>{"<13>next"}));
}

TEST(SyslogFrames, AnOctetCountPastTheLimitOrWithoutASpaceStopsTheStream) {
    EXPECT_FALSE(Frame({"99999 <13>x"}).readable);
    EXPECT_FALSE(Frame({"12x<13>hello"}).readable);
    const auto waiting = Frame({"12"});  // the count goes on in the next read
    EXPECT_TRUE(waiting.readable);
    EXPECT_TRUE(waiting.messages.empty());
}

TEST(EventPipelineBatches, ASubmissionIsNeverSplitAcrossTransactions) {
    // Queued: submissions (an HTTP batch, a file's chunk) of 3,000, 1, 1,999, 2,500 and 10
    // events, then 4,500 syslog messages (each its own); 2,000 events per transaction.
    std::vector<bool> ends;
    for (const std::size_t size : std::vector<std::size_t>{3000, 1, 1999, 2500, 10}) {
        for (std::size_t i = 1; i <= size; ++i) {
            ends.push_back(i == size);
        }
    }
    ends.insert(ends.end(), 4500, true);
    std::vector<std::size_t> lengths;
    for (std::size_t at = 0; at < ends.size();) {
        const auto n = detail::BatchLength(ends.size() - at, 2000,
                                           [&](std::size_t i) { return ends[at + i]; });
        ASSERT_GT(n, 0U);
        at += n;
        EXPECT_TRUE(ends[at - 1]) << "a transaction ends inside a submission, at " << at;
        lengths.push_back(n);
    }
    EXPECT_EQ(lengths, (std::vector<std::size_t>{3000, 2000, 2500, 2000, 2000, 510}));
}

std::string Failure(int second, const std::string& address) {
    return "<38>1 2026-03-01T10:00:" + std::string(second < 10 ? "0" : "") +
           std::to_string(second) + "+07:00 web01 sshd 4000 - - Failed password for root from " +
           address + " port 50000 ssh2";
}

// A rule a warning might carry: requests for a web shell file the advisory names.
constexpr std::string_view kShellRule = R"(title: Truy cập web shell cmd.aspx (web shell access)
id: 3b7e5a1c-9d2f-4c6e-8a10-5f2b7c9d0e11
level: high
logsource:
  category: webserver
detection:
  shell:
    cs-uri-stem|endswith: '/cmd.aspx'
  condition: shell
)";

std::string ShellRequest(const std::string& address) {
    return address +
           " - - [01/Mar/2026:10:00:01 +0700] \"GET /upload/cmd.aspx HTTP/1.1\" 200 512 \"-\" "
           "\"curl/8.0\"";
}

TEST(SigmaDetectionEngine, AWarningsRulesRunOnTheUnitsThatTakeThemUntilReplaced) {
    auto engine = SigmaDetectionEngine::Build(SigmaDetectionEngine::EmbeddedPack());
    ASSERT_TRUE(engine.ok()) << engine.error().message_en;
    const auto now = core::FromUnixMillis(1'772'334'000'000);
    const auto batch = [&] {
        return std::vector<app::IngestedEvent>{
            {1, now, 0, domain::UnitId{1}, "access", ShellRequest("198.51.100.1")},
            {2, now, 0, domain::UnitId{2}, "access", ShellRequest("198.51.100.2")},
            {3, now, 0, domain::UnitId{1}, "auto", "not a log line at all"},
            {4, now, 0, domain::UnitId{3}, "access", ShellRequest("198.51.100.3")}};
    };
    const auto shell_hits = [&](const std::vector<app::DetectionHit>& hits) {
        std::vector<std::size_t> events;
        for (const auto& hit : hits) {
            if (hit.rule_id == "3b7e5a1c-9d2f-4c6e-8a10-5f2b7c9d0e11") {
                events.push_back(hit.event);
            }
        }
        return events;
    };
    std::vector<app::DetectionHit> hits;
    (void)(*engine)->Process(batch(), hits);
    EXPECT_TRUE(shell_hits(hits).empty()) << "nothing runs before a deployment";

    // Units 1 and 3 take the warning's rules; unit 2 has not consented.
    auto deployed =
        (*engine)->DeployWarningRules({{7, "Cảnh báo web shell", std::string(kShellRule), {1, 3}}});
    ASSERT_EQ(deployed.rules.size(), 1u);
    EXPECT_TRUE(deployed.refused.empty());
    EXPECT_EQ(deployed.rules[0].info.file, "cảnh báo 7");
    ASSERT_TRUE((*engine)->FindWarningRule("3b7e5a1c-9d2f-4c6e-8a10-5f2b7c9d0e11"));
    hits.clear();
    (void)(*engine)->Process(batch(), hits);
    EXPECT_EQ(shell_hits(hits), (std::vector<std::size_t>{0, 3}));
    for (const auto& hit : hits) {
        if (hit.event == 0) {
            EXPECT_EQ(hit.group_key, "source.ip=198.51.100.1");
        }
    }

    // A second warning passing the first on to unit 2: one rule, on all three units.
    deployed =
        (*engine)->DeployWarningRules({{7, "Cảnh báo web shell", std::string(kShellRule), {1, 3}},
                                       {9, "Chuyển tiếp", std::string(kShellRule), {2}}});
    ASSERT_EQ(deployed.rules.size(), 1u);
    EXPECT_EQ(deployed.rules[0].warnings, (std::vector<std::int64_t>{7, 9}));
    EXPECT_EQ(deployed.rules[0].units, (std::vector<std::int64_t>{1, 2, 3}));
    hits.clear();
    (void)(*engine)->Process(batch(), hits);
    EXPECT_EQ(shell_hits(hits), (std::vector<std::size_t>{0, 1, 3}));

    // Withdrawn: nothing runs any more.
    deployed = (*engine)->DeployWarningRules({});
    EXPECT_TRUE(deployed.rules.empty());
    EXPECT_FALSE((*engine)->FindWarningRule("3b7e5a1c-9d2f-4c6e-8a10-5f2b7c9d0e11"));
    hits.clear();
    (void)(*engine)->Process(batch(), hits);
    EXPECT_TRUE(shell_hits(hits).empty());
}

TEST(SigmaDetectionEngine, AWarningsRulesThatCannotRunAreRefusedWithTheirReason) {
    auto engine = SigmaDetectionEngine::Build(SigmaDetectionEngine::EmbeddedPack());
    ASSERT_TRUE(engine.ok()) << engine.error().message_en;
    // A correlation, a rule without an id, a rule the server's pack already runs, bad YAML.
    const std::string correlation = R"(title: Đếm (count)
id: 11111111-2222-4333-8444-555555555555
correlation:
  type: event_count
  rules: [x]
  group-by: [c-ip]
  timespan: 1m
  condition: {gte: 5}
)";
    const std::string body(kShellRule.substr(kShellRule.find("level:")));
    const std::string no_id = "title: Không có id (no id)\n" + body;
    const std::string pack_id =
        "title: Trùng (same id)\nid: 6f1c0c52-7d0a-4e55-9b1e-0a5a2e1c0020\n" + body;
    const auto deployed = (*engine)->DeployWarningRules({{1, "a", correlation, {1}},
                                                         {2, "b", no_id, {1}},
                                                         {3, "c", pack_id, {1}},
                                                         {4, "d", "detection: [unclosed", {1}}});
    EXPECT_TRUE(deployed.rules.empty());
    ASSERT_EQ(deployed.refused.size(), 4u);
    EXPECT_NE(deployed.refused[0].reason.find("tương quan"), std::string::npos);
    EXPECT_NE(deployed.refused[1].reason.find("id"), std::string::npos);
    EXPECT_NE(deployed.refused[2].reason.find("bộ luật của máy chủ"), std::string::npos);
    EXPECT_EQ(deployed.refused[3].file, "cảnh báo 4");

    // What an issuer is told before sending.
    EXPECT_TRUE(SigmaDetectionEngine::CheckWarningRules(kShellRule).ok());
    const auto refused = SigmaDetectionEngine::CheckWarningRules(correlation);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message_vi.find("Đếm"), std::string::npos);
    EXPECT_FALSE(SigmaDetectionEngine::CheckWarningRules("# only a comment\n").ok());
    std::string many;
    for (std::size_t i = 0; i <= SigmaDetectionEngine::kMaxWarningRules; ++i) {
        many += fmt::format("---\ntitle: r{}\nid: r-{}\n{}", i, i, body);
    }
    const auto too_many = SigmaDetectionEngine::CheckWarningRules(many);
    ASSERT_FALSE(too_many.ok());
    EXPECT_NE(too_many.error().message_vi.find("quá 50 luật"), std::string::npos);
}

TEST(SigmaDetectionEngine, TheShippedPackLoadsWholeAndCorrelatesPerUnit) {
    auto engine = SigmaDetectionEngine::Build(SigmaDetectionEngine::EmbeddedPack());
    ASSERT_TRUE(engine.ok()) << engine.error().message_en;
    EXPECT_TRUE((*engine)->Refused().empty());
    ASSERT_GE((*engine)->Rules().size(), 17u);
    bool tagged = false;
    for (const auto& rule : (*engine)->Rules()) {
        if (rule.type == "event_count" && !rule.scenarios.empty()) {
            tagged = true;
        }
    }
    EXPECT_TRUE(tagged) << "scenario tags reach the rule facts";
    // Three failures in one unit and two in another from the same address: no brute force;
    // two more in the first unit: one, in that unit.
    std::vector<app::IngestedEvent> batch;
    batch.reserve(5);
    const auto now = core::FromUnixMillis(1'772'334'000'000);
    for (int i = 0; i < 5; ++i) {
        batch.push_back(
            {i + 1, now, 0, domain::UnitId{i < 3 ? 1 : 2}, "syslog", Failure(i, "203.0.113.5")});
    }
    std::vector<app::DetectionHit> hits;
    auto seen = (*engine)->Process(batch, hits);
    EXPECT_EQ(seen.events, 5u);
    EXPECT_EQ(seen.unreadable, 0u);
    EXPECT_TRUE(hits.empty());
    batch.clear();
    batch.push_back({6, now, 0, domain::UnitId{1}, "syslog", Failure(10, "203.0.113.5")});
    batch.push_back({7, now, 0, domain::UnitId{1}, "auto", "not a log line at all"});
    batch.push_back({8, now, 0, domain::UnitId{1}, "syslog", Failure(11, "203.0.113.5")});
    seen = (*engine)->Process(batch, hits);
    EXPECT_EQ(seen.unreadable, 1u);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].event, 2u);
    EXPECT_EQ(hits[0].rule_id, "6f1c0c52-7d0a-4e55-9b1e-0a5a2e1c0001");
    EXPECT_EQ(hits[0].group_key, "source.ip=203.0.113.5");
    EXPECT_EQ(hits[0].event_count, 5);
}

}  // namespace
}  // namespace ungcuu::ingest
