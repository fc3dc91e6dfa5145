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
