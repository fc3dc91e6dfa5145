// The Sigma loader and the plain evaluator, case by case: each test is a rule, events and whether
// the rule fires, written from the Sigma 2.1 specification; then the SigmaHQ regression cases
// from ../shared/data when they are there.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sigma/engine.hpp"
#include "sigma/evaluator.hpp"

namespace ungcuu::sigma {
namespace {

namespace json = boost::json;

CompiledRule Compile(const std::string& detection) {
    const std::string yaml =
        "title: t\nid: 00000000-0000-0000-0000-000000000001\nlogsource:\n  "
        "product: windows\ndetection:\n" +
        detection;
    auto rule = ParseRule(yaml);
    EXPECT_TRUE(rule.ok()) << (rule.ok() ? "" : rule.error().message_en) << "\n" << yaml;
    auto compiled = CompiledRule::Compile(*rule);
    EXPECT_TRUE(compiled.ok()) << (compiled.ok() ? "" : compiled.error().message_en);
    return std::move(compiled).value();
}

// The plain evaluator's answer, checked against the fast engine's on the same rule and event.
bool Fires(const CompiledRule& rule, const std::string& event) {
    const bool plain = rule.Matches(json::parse(event));
    auto engine = Engine::Build({rule.rule()});
    EXPECT_TRUE(engine.ok()) << (engine.ok() ? "" : engine.error().message_en);
    if (engine.ok()) {
        Engine::Scratch scratch(*engine);
        std::vector<std::uint32_t> matches;
        EXPECT_TRUE(engine->Match(scratch, event, matches).ok()) << event;
        EXPECT_EQ(!matches.empty(), plain)
            << "the fast engine and the plain evaluator differ on " << event;
    }
    return plain;
}

std::string Refusal(const std::string& detection) {
    const std::string yaml = "title: t\nlogsource:\n  product: windows\ndetection:\n" + detection;
    auto rule = ParseRule(yaml);
    if (!rule.ok()) {
        return rule.error().message_en;
    }
    auto compiled = CompiledRule::Compile(*rule);
    return compiled.ok() ? "" : compiled.error().message_en;
}

TEST(SigmaValues, PlainValuesAreWholeCaseInsensitiveAndWildcarded) {
    // "\\*" is a backslash then a wildcard; "\*" alone would be a literal star.
    const auto rule = Compile("  sel:\n    Image: 'C:\\Windows\\\\*\\cmd.exe'\n  condition: sel\n");
    EXPECT_TRUE(Fires(rule, R"({"Image":"c:\\windows\\system32\\CMD.EXE"})"));
    EXPECT_FALSE(Fires(rule, R"({"Image":"c:\\windows\\system32\\cmd.exe.bak"})"));
    EXPECT_FALSE(Fires(rule, R"({"Other":"c:\\windows\\x\\cmd.exe"})"));
    const auto one = Compile("  sel:\n    User: 'adm?n'\n  condition: sel\n");
    EXPECT_TRUE(Fires(one, R"({"User":"admin"})"));
    EXPECT_TRUE(Fires(one, R"({"User":"admán"})")) << "? is one character, not one byte";
    EXPECT_FALSE(Fires(one, R"({"User":"adman2"})"));
    const auto escaped = Compile("  sel:\n    Title: 'what\\?'\n  condition: sel\n");
    EXPECT_TRUE(Fires(escaped, R"({"Title":"what?"})"));
    EXPECT_FALSE(Fires(escaped, R"({"Title":"whats"})"));
    const auto star = Compile("  sel:\n    Path: 'a\\*b'\n  condition: sel\n");
    EXPECT_TRUE(Fires(star, R"({"Path":"a*b"})"));
    EXPECT_FALSE(Fires(star, R"({"Path":"axxb"})"));
}

TEST(SigmaValues, VietnameseTextFoldsCaseButNotMarks) {
    const auto rule =
        Compile("  sel:\n    Message|contains: 'ĐĂNG NHẬP THẤT BẠI'\n  condition: sel\n");
    EXPECT_TRUE(Fires(rule, R"({"Message":"Cảnh báo: đăng nhập thất bại 5 lần"})"));
    EXPECT_FALSE(Fires(rule, R"({"Message":"dang nhap that bai"})"));
    const auto cased = Compile("  sel:\n    Message|cased: 'Đăng nhập'\n  condition: sel\n");
    EXPECT_TRUE(Fires(cased, R"({"Message":"Đăng nhập"})"));
    EXPECT_FALSE(Fires(cased, R"({"Message":"đăng nhập"})"));
}

TEST(SigmaValues, AKeyWrittenTwiceCountsByItsLastValueOnBothSides) {
    // A log line cannot hide a value behind an earlier copy of its key (found by the fuzzer).
    const auto rule = Compile("  sel:\n    user|cased: 'Root'\n  condition: sel\n");
    EXPECT_FALSE(Fires(rule, R"({"user":"Root","user":"Roto"})"));
    EXPECT_TRUE(Fires(rule, R"({"user":"Roto","user":"Root"})"));
    const auto evtx = Compile("  sel:\n    EventID: 4625\n  condition: sel\n");
    EXPECT_TRUE(
        Fires(evtx, R"({"Event":{"System":{"EventID":1}},"Event":{"System":{"EventID":4625}}})"));
    EXPECT_FALSE(Fires(evtx, R"({"Event":{"System":{"EventID":{"#text":4625,"#text":1}}}})"));
}

TEST(SigmaValues, ListsAreAlternativesUnlessAll) {
    const auto any = Compile(
        "  sel:\n    CommandLine|contains:\n      - ' -enc '\n      - "
        "'bypass'\n  condition: sel\n");
    EXPECT_TRUE(Fires(any, R"({"CommandLine":"powershell -ExecutionPolicy Bypass"})"));
    const auto all = Compile(
        "  sel:\n    CommandLine|contains|all:\n      - ' -enc '\n      - "
        "'bypass'\n  condition: sel\n");
    EXPECT_FALSE(Fires(all, R"({"CommandLine":"powershell -ExecutionPolicy Bypass"})"));
    EXPECT_TRUE(Fires(all, R"({"CommandLine":"powershell -ep bypass -enc AAAA"})"));
}

TEST(SigmaValues, StartsEndsNumbersNullEmptyExists) {
    const auto rule = Compile(
        "  a:\n    Image|endswith: '\\rundll32.exe'\n  b:\n    ParentImage|startswith: "
        "'C:\\Users\\'\n  c:\n    EventID: 4688\n  d:\n    User: null\n  e:\n    Tag: ''\n  f:\n   "
        " "
        "Hashes|exists: true\n  condition: a and b and c\n");
    EXPECT_TRUE(Fires(
        rule,
        R"({"Image":"C:\\W\\rundll32.exe","ParentImage":"c:\\users\\x.exe","EventID":4688})"));
    EXPECT_TRUE(Fires(
        rule,
        R"({"Image":"C:\\W\\rundll32.exe","ParentImage":"c:\\users\\x.exe","EventID":"4688"})"));
    EXPECT_FALSE(Fires(
        rule,
        R"({"Image":"C:\\W\\rundll32.exe","ParentImage":"c:\\users\\x.exe","EventID":46880})"));
    const auto null = Compile("  d:\n    User: null\n  condition: d\n");
    EXPECT_TRUE(Fires(null, R"({"Other":1})"));
    EXPECT_TRUE(Fires(null, R"({"User":null})"));
    EXPECT_FALSE(Fires(null, R"({"User":"x"})"));
    const auto empty = Compile("  e:\n    Tag: ''\n  condition: e\n");
    EXPECT_TRUE(Fires(empty, R"({"Tag":""})"));
    EXPECT_FALSE(Fires(empty, R"({})"));
    const auto exists = Compile("  f:\n    Hashes|exists: false\n  condition: f\n");
    EXPECT_TRUE(Fires(exists, R"({"Other":1})"));
    EXPECT_FALSE(Fires(exists, R"({"Hashes":"x"})"));
}

TEST(SigmaValues, RegexCidrComparisonsFieldrefNeq) {
    const auto re =
        Compile("  sel:\n    CommandLine|re|i: '\\s-e(nc|ncodedcommand)?\\s'\n  condition: sel\n");
    EXPECT_TRUE(Fires(re, R"({"CommandLine":"powershell -EncodedCommand AAAA"})"));
    EXPECT_FALSE(Fires(re, R"({"CommandLine":"powershell -NoProfile"})"));
    const auto cidr = Compile(
        "  sel:\n    SourceIp|cidr:\n      - '10.0.0.0/8'\n      - "
        "'2001:db8::/32'\n  condition: sel\n");
    EXPECT_TRUE(Fires(cidr, R"({"SourceIp":"10.20.30.40"})"));
    EXPECT_TRUE(Fires(cidr, R"({"SourceIp":"2001:db8:1::5"})"));
    EXPECT_FALSE(Fires(cidr, R"({"SourceIp":"11.0.0.1"})"));
    const auto gt = Compile("  sel:\n    Size|gte: 1000\n    Size|lt: 2000\n  condition: sel\n");
    EXPECT_TRUE(Fires(gt, R"({"Size":1000})"));
    EXPECT_TRUE(Fires(gt, R"({"Size":"1999"})"));
    EXPECT_FALSE(Fires(gt, R"({"Size":2000})"));
    const auto ref = Compile("  sel:\n    TargetUser|fieldref: SubjectUser\n  condition: sel\n");
    EXPECT_TRUE(Fires(ref, R"({"TargetUser":"ADMIN","SubjectUser":"admin"})"));
    EXPECT_FALSE(Fires(ref, R"({"TargetUser":"a","SubjectUser":"b"})"));
    const auto neq = Compile("  sel:\n    Status|neq: 200\n  condition: sel\n");
    EXPECT_TRUE(Fires(neq, R"({"Status":404})"));
    EXPECT_FALSE(Fires(neq, R"({"Status":200})"));
}

TEST(SigmaValues, WindashAndEncodings) {
    const auto windash =
        Compile("  sel:\n    CommandLine|windash|contains: ' -exec '\n  condition: sel\n");
    for (const char* cmd : {"x -exec y", "x /exec y", "x \u2013exec y", "x \u2014exec y"}) {
        EXPECT_TRUE(Fires(windash, json::serialize(json::object{{"CommandLine", cmd}}))) << cmd;
    }
    EXPECT_FALSE(Fires(windash, R"({"CommandLine":"x +exec y"})"));
    // "Invoke" encoded at each of the three alignments inside longer base64 text.
    const auto offset =
        Compile("  sel:\n    Data|base64offset|contains: 'Invoke'\n  condition: sel\n");
    for (const char* encoded :
         {"SW52b2tlLUV4cHJlc3Npb24=", "eEludm9rZS1FeHByZXNzaW9u", "eHhJbnZva2UtRXhwcmVzc2lvbg=="}) {
        EXPECT_TRUE(Fires(offset, json::serialize(json::object{{"Data", encoded}}))) << encoded;
    }
    // UTF-16LE then base64, as PowerShell's -EncodedCommand carries it: "ls" → "bABzAA==".
    const auto wide = Compile("  sel:\n    Data|wide|base64: 'ls'\n  condition: sel\n");
    EXPECT_TRUE(Fires(wide, R"({"Data":"bABzAA=="})"));
}

TEST(SigmaConditions, PrecedenceQuantifiersAndThem) {
    const std::string d =
        "  sel_a:\n    A: 1\n  sel_b:\n    B: 1\n  _helper:\n    H: 1\n  filter:\n    F: 1\n";
    EXPECT_TRUE(Fires(Compile(d + "  condition: sel_a or sel_b and filter\n"), R"({"A":1})"))
        << "and binds tighter than or";
    EXPECT_FALSE(Fires(Compile(d + "  condition: (sel_a or sel_b) and filter\n"), R"({"A":1})"));
    EXPECT_TRUE(Fires(Compile(d + "  condition: not filter and sel_a\n"), R"({"A":1})"));
    EXPECT_TRUE(Fires(Compile(d + "  condition: 1 of sel_* and not filter\n"), R"({"B":1})"));
    EXPECT_FALSE(Fires(Compile(d + "  condition: all of sel_*\n"), R"({"B":1})"));
    EXPECT_TRUE(Fires(Compile(d + "  condition: all of sel_*\n"), R"({"A":1,"B":1})"));
    EXPECT_TRUE(Fires(Compile(d + "  condition: all of them\n"), R"({"A":1,"B":1,"F":1})"))
        << "them leaves out _helper";
    EXPECT_TRUE(Fires(Compile(d + "  condition:\n    - sel_a\n    - sel_b\n"), R"({"B":1})"))
        << "a condition list matches when any does";
    // A rule with "not" fires on events holding none of its values.
    EXPECT_TRUE(Fires(Compile(d + "  condition: not sel_a\n"), R"({"Z":1})"));
}

TEST(SigmaConditions, KeywordsAndListsOfMaps) {
    const auto keywords = Compile(
        "  keywords:\n    - 'Failed password'\n    - 'Invalid user'\n  condition: keywords\n");
    EXPECT_TRUE(Fires(keywords, R"({"message":"sshd[1]: Failed password for root from 1.2.3.4"})"));
    EXPECT_FALSE(Fires(keywords, R"({"message":"Accepted publickey"})"));
    const auto maps = Compile(
        "  sel:\n    - Image|endswith: '\\a.exe'\n    - OriginalFileName: 'a.exe'\n  condition: "
        "sel\n");
    EXPECT_TRUE(Fires(maps, R"({"OriginalFileName":"A.EXE"})"));
}

TEST(SigmaEvents, EvtxAndWinlogbeatShapes) {
    const auto rule = Compile(
        "  sel:\n    EventID: 7\n    Channel: 'Microsoft-Windows-Sysmon/Operational'\n"
        "    ImageLoaded|endswith: '\\dbgcore.dll'\n  condition: sel\n");
    EXPECT_TRUE(Fires(
        rule, R"({"Event":{"System":{"EventID":7,"Channel":"Microsoft-Windows-Sysmon/Operational"},
        "EventData":{"ImageLoaded":"C:\\Windows\\System32\\dbgcore.dll"}}})"));
    EXPECT_TRUE(Fires(
        rule,
        R"({"Event":{"System":{"EventID":{"#text":7},"Channel":"Microsoft-Windows-Sysmon/Operational"},
        "EventData":{"ImageLoaded":"C:\\Windows\\System32\\dbgcore.dll"}}})"));
    EXPECT_TRUE(
        Fires(rule, R"({"winlog":{"event_id":7,"channel":"Microsoft-Windows-Sysmon/Operational",
        "event_data":{"ImageLoaded":"C:\\Windows\\System32\\dbgcore.dll"}}})"));
}

TEST(SigmaLoader, RefusesWhatItCannotRunWithTheReason) {
    EXPECT_NE(Refusal("  sel:\n    A|frobnicate: 1\n  condition: sel\n").find("unknown modifier"),
              std::string::npos);
    EXPECT_NE(Refusal("  sel:\n    A: 1\n  condition: sel and missing\n").find("not a detection"),
              std::string::npos);
    EXPECT_NE(Refusal("  sel:\n    A: 1\n  condition: (sel\n").find("not closed"),
              std::string::npos);
    EXPECT_NE(Refusal("  sel:\n    A: 1\n  condition: sel | count() > 5\n").find("correlation"),
              std::string::npos);
    // windash spells each dash five ways: eleven dashes would be 48 million values (found by the
    // fuzzer, as an out-of-memory at load).
    EXPECT_NE(
        Refusal("  sel:\n    A|windash: '-a -b -c -d -e -f -g -h -i -j -k'\n  condition: sel\n")
            .find("windash"),
        std::string::npos);
    EXPECT_EQ(Refusal("  sel:\n    A|windash: '-a -b -c -d -e'\n  condition: sel\n"), "");
    // Many long values, each spelled thousands of ways, once took 8 GiB and a minute to load.
    std::string many = "  sel:\n    A|windash|base64offset|utf16le|contains:\n";
    for (int k = 0; k < 60; ++k) {
        many += "      - '-a -b -c -d -e " + std::string(3000, 'x') + "'\n";
    }
    EXPECT_NE(Refusal(many + "  condition: sel\n").find("MiB of patterns"), std::string::npos);
    // A lone "," made yaml-cpp's LoadAll allocate without end (16 GiB in 20 s; found by the
    // loader fuzzer): each document is read on its own now.
    EXPECT_EQ(ParseRules(",", "x.yml").rules.size(), 0u);
    EXPECT_EQ(ParseRules("title: a\n---\n,\n---\ntitle: b\n", "x.yml").refused.size(), 3u);
    // YAML aliases: a few kilobytes standing for a quarter of a million values (the loader
    // fuzzer ran out of memory on such a text).
    std::string bomb = "  v: &v [";
    for (int k = 0; k < 50; ++k) {
        bomb += (k ? ", x" : "x") + std::to_string(k);
    }
    bomb += "]\n  m: &m {";
    for (int k = 0; k < 50; ++k) {
        bomb += (k ? ", F" : "F") + std::to_string(k) + ": *v";
    }
    bomb += "}\n  sel: [";
    for (int k = 0; k < 100; ++k) {
        bomb += k ? ", *m" : "*m";
    }
    bomb += "]\n  condition: sel\n";
    EXPECT_NE(Refusal(bomb).find("YAML nodes"), std::string::npos);
    EXPECT_NE(Refusal("  sel:\n    A|re: '(a)\\1'\n  condition: sel\n").find("regular expression"),
              std::string::npos);
    EXPECT_NE(Refusal("  sel:\n    A|utf16le: 'x'\n  condition: sel\n").find("base64"),
              std::string::npos);
    EXPECT_NE(Refusal("  sel:\n    A|expand: '%x%'\n  condition: sel\n").find("expand"),
              std::string::npos);
    EXPECT_FALSE(ParseRule("title: c\ncorrelation:\n  type: event_count\n").ok());
}

// ---- the fast engine ---------------------------------------------------------------------------

TEST(SigmaEngine, NotMatchesEventsWithoutAnyLiteral) {
    // A rule whose condition can hold without a literal must run on every event it is routed
    // to: the trap of indexes that only look at literals.
    const auto rule = Compile(
        "  sel:\n    Image|endswith: '\\cmd.exe'\n  filter:\n    User: 'SYSTEM'\n"
        "  condition: not filter\n");
    EXPECT_TRUE(Fires(rule, R"({"Other":"zzz"})"));
    EXPECT_FALSE(Fires(rule, R"({"User":"system"})"));
    const auto neq = Compile("  sel:\n    User|neq: 'SYSTEM'\n  condition: sel\n");
    EXPECT_TRUE(Fires(neq, R"({"User":"alice"})"));
    EXPECT_FALSE(Fires(neq, R"({"User":"System"})"));
}

TEST(SigmaEngine, FoldsCaseBeyondAsciiLikeThePlainEvaluator) {
    // Homoglyphs and Vietnamese: the pattern matcher folds ASCII only, so other letters are
    // searched in each of their spellings.
    const auto cyrillic = Compile("  sel:\n    CommandLine|contains: 'а'\n  condition: sel\n");
    EXPECT_TRUE(Fires(cyrillic, R"({"CommandLine":"powershell -enc АBC"})"));
    EXPECT_TRUE(Fires(cyrillic, R"({"CommandLine":"pаyload"})"));
    EXPECT_FALSE(Fires(cyrillic, R"({"CommandLine":"payload"})"));
    const auto vietnamese = Compile(
        "  sel:\n    Message|contains|all:\n      - 'TRUY CẬP'\n      - 'trái phép'\n"
        "  condition: sel\n");
    EXPECT_TRUE(Fires(vietnamese, R"({"Message":"Phát hiện truy cập TRÁI PHÉP"})"));
    EXPECT_FALSE(Fires(vietnamese, R"({"Message":"truy cap trai phep"})"));
    const auto emoji = Compile("  sel:\n    Title|contains: '🦴x'\n  condition: sel\n");
    EXPECT_TRUE(Fires(emoji, R"({"Title":"a🦴X"})"));
    const auto inner = Compile("  sel:\n    Path: 'C:/Users/*/ĐỌC?.txt'\n  condition: sel\n");
    EXPECT_TRUE(Fires(inner, R"({"Path":"c:/users/an/đọc1.TXT"})"));
    EXPECT_FALSE(Fires(inner, R"({"Path":"c:/users/an/doc1.txt"})"));
}

Engine BuildEngine(const std::vector<std::string>& detections, EngineOptions options = {}) {
    std::vector<Rule> rules;
    int n = 0;
    for (const auto& detection : detections) {
        auto rule =
            ParseRule(fmt::format("title: r{}\nid: r{}\nlevel: high\nlogsource:\n"
                                  "  product: windows\ndetection:\n{}",
                                  n, n, detection));
        EXPECT_TRUE(rule.ok());
        rules.push_back(std::move(rule).value());
        ++n;
    }
    auto engine = Engine::Build(std::move(rules), options);
    EXPECT_TRUE(engine.ok());
    return std::move(engine).value();
}

std::vector<std::pair<std::size_t, std::uint32_t>> MatchAll(const Engine& engine,
                                                            std::string text,
                                                            Engine::TextStats* stats = nullptr) {
    Engine::Scratch scratch(engine);
    std::vector<std::pair<std::size_t, std::uint32_t>> out;
    text.reserve(text.size() + Engine::kPadding);
    const auto seen = engine.MatchText(
        scratch, text,
        [&](std::size_t i, std::uint32_t r, std::string_view) { out.emplace_back(i, r); });
    if (stats != nullptr) {
        *stats = seen;
    }
    return out;
}

TEST(SigmaEngine, FindsLiteralsNearTheEndOfLongValues) {
    // The pattern matcher of Debian 12 (Vectorscan 5.4.9) misses a literal lying 8 to 31 bytes
    // before the end of a value of 64 bytes or more when it runs with AVX-512 and the value is
    // mostly bytes no literal starts with: here "tep" with "Root" beside it in the same field.
    // The engine scans each value with padding after it, so this holds on every processor.
    const auto engine = BuildEngine({"  sel:\n    User|cased: 'Root'\n  condition: sel\n",
                                     "  sel:\n    User|contains: 'tep'\n  condition: sel\n",
                                     "  sel:\n    User|re: 'tệp(?:\\.log)?$'\n  condition: sel\n"});
    std::string text;
    for (int n = 0; n < 200; ++n) {
        for (const char* tail : {"tep.log", "tep", "tep and more words after it", "tệp.log"}) {
            text += fmt::format(R"({{"User":"{}{}"}})",
                                std::string(static_cast<std::size_t>(n), 'H'), tail);
            text += '\n';
        }
    }
    const auto matches = MatchAll(engine, text);
    std::set<std::size_t> contains;
    std::set<std::size_t> regex;
    for (const auto& [event, rule] : matches) {
        EXPECT_NE(rule, 0U);
        (rule == 1 ? contains : regex).insert(event);
    }
    for (std::size_t event = 0; event < 800; ++event) {
        const bool vietnamese = event % 4 == 3;
        EXPECT_EQ(contains.count(event), vietnamese ? 0U : 1U) << "event " << event;
        EXPECT_EQ(regex.count(event), vietnamese ? 1U : 0U) << "event " << event;
    }
}

TEST(SigmaEngine, ReadsJsonLinesArraysAndConcatenatedDocuments) {
    const auto engine = BuildEngine(
        {"  sel:\n    A: 1\n  condition: sel\n", "  sel:\n    B|contains: x\n  condition: sel\n"});
    using Matches = std::vector<std::pair<std::size_t, std::uint32_t>>;
    // JSON lines: the index is the line, blank lines counted; a bad line is counted, not fatal.
    Engine::TextStats stats;
    EXPECT_EQ(
        MatchAll(engine, "{\"A\":1}\n\n{\"B\":\"axe\",\"A\":1}\n{bad\n{\"B\":\"x\"}\n", &stats),
        (Matches{{0, 0}, {2, 0}, {2, 1}, {4, 1}}));
    EXPECT_EQ(stats.events, 3U);
    EXPECT_EQ(stats.bad, 1U);
    EXPECT_NE(stats.first_error.find("dòng 4"), std::string::npos) << stats.first_error;
    // An array: the index is the element's place.
    EXPECT_EQ(MatchAll(engine, "[{\"A\":2},\n {\"A\":1}]"), (Matches{{1, 0}}));
    // Pretty-printed documents one after another.
    EXPECT_EQ(MatchAll(engine, "{\n  \"A\": 2\n}\n{\n  \"B\": \"X\"\n}\n"), (Matches{{1, 1}}));
    // One event through Match; bad JSON is an error, not a crash.
    Engine::Scratch scratch(engine);
    std::vector<std::uint32_t> out;
    EXPECT_TRUE(engine.Match(scratch, R"({"A":1,"B":"x"})", out).ok());
    EXPECT_EQ(out, (std::vector<std::uint32_t>{0, 1}));
    EXPECT_FALSE(engine.Match(scratch, R"({"A":)", out).ok());
}

TEST(SigmaEngine, RoutesByLogSourceWhenTheEventStatesIt) {
    const auto engine = BuildEngine({"  sel:\n    A: 1\n  condition: sel\n"});
    using Matches = std::vector<std::pair<std::size_t, std::uint32_t>>;
    EXPECT_EQ(MatchAll(engine, R"({"A":1,"product":"linux"})"), Matches{});
    EXPECT_EQ(MatchAll(engine, R"({"A":1,"product":"Windows"})"), (Matches{{0, 0}}));
    EXPECT_EQ(MatchAll(engine, R"({"A":1})"), (Matches{{0, 0}})) << "unstated: not filtered";
    EngineOptions everything;
    everything.route_by_logsource = false;
    const auto unrouted = BuildEngine({"  sel:\n    A: 1\n  condition: sel\n"}, everything);
    EXPECT_EQ(MatchAll(unrouted, R"({"A":1,"product":"linux"})"), (Matches{{0, 0}}));
}

TEST(SigmaEngine, WindowsEventsAreRoutedByTheirChannel) {
    const auto security = InferLogsource("", "", "", "Security");
    EXPECT_EQ(security.product, "windows");
    EXPECT_EQ(security.service, "security");
    EXPECT_EQ(InferLogsource("", "", "", "Microsoft-Windows-Sysmon/Operational").service, "sysmon");
    EXPECT_EQ(InferLogsource("linux", "", "auth", "Security").product, "linux") << "stated wins";
    EXPECT_EQ(InferLogsource("", "", "", "").product, "");
    // A rule for another product never meets a Windows event, even one whose condition is a
    // bare `not` (it would fire on every event otherwise).
    auto zeek = ParseRule(
        "title: z\nid: z\nlogsource:\n  product: zeek\n  service: rdp\ndetection:\n  sel:\n"
        "    id.orig_h|cidr: 10.0.0.0/8\n  condition: not sel\n");
    auto sysmon = ParseRule(
        "title: s\nid: s\nlogsource:\n  product: windows\n  service: sysmon\ndetection:\n"
        "  sel:\n    EventID: 1\n  condition: sel\n");
    ASSERT_TRUE(zeek.ok() && sysmon.ok());
    auto engine = Engine::Build({*zeek, *sysmon});
    ASSERT_TRUE(engine.ok());
    using Matches = std::vector<std::pair<std::size_t, std::uint32_t>>;
    EXPECT_EQ(MatchAll(*engine, R"({"Channel":"Security","EventID":1})"), Matches{});
    EXPECT_EQ(
        MatchAll(*engine, R"({"Channel":"Microsoft-Windows-Sysmon/Operational","EventID":1})"),
        (Matches{{0, 1}}));
    EXPECT_EQ(
        MatchAll(*engine, R"({"Event":{"System":{"Channel":"Microsoft-Windows-Sysmon/Operational",)"
                          R"("EventID":1}}})"),
        (Matches{{0, 1}}));
    EXPECT_EQ(MatchAll(*engine, R"({"id.orig_h":"8.8.8.8"})"), (Matches{{0, 0}}))
        << "an event that states nothing meets every rule";
}

TEST(SigmaEngine, CachesCompiledPatternsAndSurvivesABrokenCache) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("ungcuu-sigma-cache-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    EngineOptions options;
    options.cache_dir = dir.string();
    const std::vector<std::string> rules = {"  sel:\n    A|contains: needle\n  condition: sel\n"};
    const auto cold = BuildEngine(rules, options);
    EXPECT_FALSE(cold.stats().from_cache);
    const auto warm = BuildEngine(rules, options);
    EXPECT_TRUE(warm.stats().from_cache);
    EXPECT_EQ(MatchAll(warm, R"({"A":"a NEEDLE"})").size(), 1U);
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::ofstream(entry.path(), std::ios::trunc) << "broken";
    }
    const auto rebuilt = BuildEngine(rules, options);
    EXPECT_FALSE(rebuilt.stats().from_cache);
    EXPECT_EQ(MatchAll(rebuilt, R"({"A":"a NEEDLE"})").size(), 1U);
    std::filesystem::remove_all(dir);
}

// ---- SigmaHQ regression cases ----------------------------------------------------------------

std::filesystem::path SharedData() {
    const std::filesystem::path beside =
        std::filesystem::path(UNGCUU_SOURCE_DIR) / "../shared/data";
    if (std::filesystem::exists(beside / "sigma/regression")) {
        return beside;
    }
    return {};
}

TEST(SigmaRegression, EverySigmaHQCaseFiresItsRule) {
    const auto data = SharedData();
    if (data.empty()) {
        GTEST_SKIP() << "../shared/data/sigma not present (a fresh clone): the SigmaHQ regression "
                        "cases were not run; the cases above still cover every modifier";
    }
    std::map<std::string, std::filesystem::path> by_id;  // rule id → file
    for (const char* corpus : {"rules", "rules-emerging-threats", "rules-threat-hunting"}) {
        const auto root = data / "sigma/current-8eaafff1" / corpus;
        std::error_code ec;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
            if (entry.path().extension() != ".yml") {
                continue;
            }
            std::ifstream in(entry.path());
            std::string line;
            while (std::getline(in, line)) {
                if (line.rfind("id: ", 0) == 0) {
                    by_id[line.substr(4)] = entry.path();
                    break;
                }
            }
        }
    }
    int cases = 0, fired = 0;
    std::vector<std::string> misses;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(data / "sigma/regression")) {
        if (entry.path().filename() != "info.yml") {
            continue;
        }
        std::ifstream info(entry.path());
        std::string line, rule_id;
        while (std::getline(info, line)) {
            const auto at = line.find("- id: ");
            if (at != std::string::npos) {
                rule_id = line.substr(at + 6);
                break;
            }
        }
        ++cases;
        const auto file = by_id.find(rule_id);
        if (file == by_id.end()) {
            misses.push_back(rule_id + ": rule not in the corpus");
            continue;
        }
        auto set = LoadRules(file->second.string());
        if (set.rules.empty()) {
            misses.push_back(
                rule_id + ": refused: " + (set.refused.empty() ? "?" : set.refused.front().reason));
            continue;
        }
        auto compiled = CompiledRule::Compile(set.rules.front());
        if (!compiled.ok()) {
            misses.push_back(rule_id + ": " + compiled.error().message_en);
            continue;
        }
        bool any = false;
        for (const auto& event_file :
             std::filesystem::directory_iterator(entry.path().parent_path())) {
            std::ifstream in(event_file.path());
            std::ostringstream text;
            text << in.rdbuf();
            if (event_file.path().extension() == ".raw") {  // syslog lines, one event each
                std::istringstream lines(text.str());
                std::string raw;
                while (std::getline(lines, raw)) {
                    any = any || compiled->Matches(json::value{{"message", raw}});
                }
                continue;
            }
            if (event_file.path().extension() != ".json") {
                continue;
            }
            auto events = ParseEvents(text.str());
            ASSERT_TRUE(events.ok()) << event_file.path();
            for (const auto& event : *events) {
                any = any || compiled->Matches(event);
            }
        }
        if (any) {
            ++fired;
        } else {
            misses.push_back(rule_id + " (" + set.rules.front().title + "): did not fire");
        }
    }
    EXPECT_EQ(cases, 153);
    std::string list;
    for (const auto& miss : misses) {
        list += "\n  " + miss;
    }
    EXPECT_EQ(fired, cases) << fired << " of " << cases << " fired; missed:" << list;
}

}  // namespace
}  // namespace ungcuu::sigma
