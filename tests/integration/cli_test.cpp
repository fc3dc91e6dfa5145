// CLI commands against a real SQLite file: CSV import (all-or-nothing, every bad line named)
// and user creation from stdin.
#include "cli/cli.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "bin/log_format.hpp"
#include "bin/wiring.hpp"
#include "demo/seed.hpp"
#include "support/test_support.hpp"

namespace ungcuu::testing {
namespace {

class CliTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto system = bin::System::Open(
            {"sqlite:" + (dir_.path() / "cli.db").string(), auth::HashCost::kMinimal});
        ASSERT_TRUE(system.ok());
        system_ = std::move(system).value();
    }

    std::string Write(const std::string& name, const std::string& content) {
        const auto path = dir_.path() / name;
        std::ofstream(path) << content;
        return path.string();
    }

    std::size_t UnitCount() {
        return system_->units().List(app::Actor::Cli(), {.limit = 500})->units.size();
    }

    TempDir dir_;
    std::unique_ptr<bin::System> system_;
};

TEST_F(CliTest, ImportsATwoTierProvinceWithChildrenBeforeParents) {
    const std::string file =
        Write("units.csv",
              "code,parent_code,kind,name_vi,name_en,email\n"
              "XA-1,TINH,commune,\"Xã Hòa Phú\",Hoa Phu Commune,hoaphu@example.vn\n"
              "TINH,,province,Tỉnh Đắk Lắk,Dak Lak Province,\n"
              "SO,TINH,department,\"Sở Khoa học và Công nghệ\",,\n");
    std::ostringstream out, err;
    EXPECT_EQ(cli::RunImportUnits({"", file}, system_->units(), out, err), 0) << err.str();
    EXPECT_NE(out.str().find("Đã nhập 3 đơn vị"), std::string::npos);
    const auto commune = system_->units().GetByCode(app::Actor::Cli(), "XA-1");
    const auto province = system_->units().GetByCode(app::Actor::Cli(), "TINH");
    ASSERT_TRUE(commune.ok());
    EXPECT_EQ(commune->parent_id, province->id);
    EXPECT_EQ(commune->contact.email, "hoaphu@example.vn");
}

TEST_F(CliTest, BadRowsAreAllReportedAndNothingIsImported) {
    const std::string file = Write("bad.csv",
                                   "code,parent_code,kind,name_vi,name_en\n"
                                   "OK-1,,province,Tỉnh,\n"
                                   "BAD 2,OK-1,commune,Xã,\n"    // line 3: bad code
                                   "OK-3,OK-1,village,Thôn,\n"   // line 4: bad kind
                                   "OK-4,MISSING,commune,Xã,\n"  // line 5: unknown parent
                                   "OK-5,OK-1,commune,,\n"       // line 6: missing name
                                   "OK-1,,province,Trùng,\n"     // line 7: duplicate code
                                   "OK-8,OK-1,commune\n");       // line 8: too few columns
    std::ostringstream out, err;
    EXPECT_EQ(cli::RunImportUnits({"", file}, system_->units(), out, err), 2);
    const std::string message = err.str();
    for (const int line : {3, 4, 5, 6, 7, 8}) {
        EXPECT_NE(message.find("Dòng " + std::to_string(line) + ":"), std::string::npos)
            << "line " << line << " not reported in:\n"
            << message;
    }
    EXPECT_EQ(message.find("Dòng 2:"), std::string::npos);
    EXPECT_EQ(UnitCount(), 0u);
}

TEST_F(CliTest, CycleInsideTheFileIsRefused) {
    const std::string file = Write("cycle.csv",
                                   "code,parent_code,kind,name_vi,name_en\n"
                                   "A,B,commune,A,\nB,A,commune,B,\n");
    std::ostringstream out, err;
    EXPECT_EQ(cli::RunImportUnits({"", file}, system_->units(), out, err), 2);
    EXPECT_NE(err.str().find("vòng lặp"), std::string::npos);
    EXPECT_EQ(UnitCount(), 0u);
}

TEST_F(CliTest, ImportRejectsExistingCodesAndUnknownColumns) {
    std::ostringstream out, err;
    ASSERT_EQ(cli::RunImportUnits(
                  {"", Write("a.csv", "code,parent_code,kind,name_vi,name_en\nT,,province,T,\n")},
                  system_->units(), out, err),
              0);
    EXPECT_EQ(cli::RunImportUnits(
                  {"", Write("b.csv", "code,parent_code,kind,name_vi,name_en\nT,,province,T,\n")},
                  system_->units(), out, err),
              2);
    EXPECT_NE(err.str().find("đã có trong hệ thống"), std::string::npos);
    EXPECT_EQ(
        cli::RunImportUnits({"", Write("c.csv", "code,parent,kind\n")}, system_->units(), out, err),
        2);
    EXPECT_EQ(cli::RunImportUnits({"", (dir_.path() / "missing.csv").string()}, system_->units(),
                                  out, err),
              3);
    EXPECT_EQ(UnitCount(), 1u);
}

TEST_F(CliTest, CreateUserReadsThePasswordFromStdin) {
    std::ostringstream out, err;
    ASSERT_EQ(cli::RunImportUnits(
                  {"", Write("a.csv", "code,parent_code,kind,name_vi,name_en\nT,,province,T,\n")},
                  system_->units(), out, err),
              0);
    std::istringstream password("mat-khau-quan-tri\n");
    EXPECT_EQ(cli::RunCreateUser({"", "quantri", "T", "admin", "Quản trị", "", false}, password,
                                 system_->units(), system_->users(), out, err),
              0)
        << err.str();
    std::istringstream short_password("ngan\n");
    EXPECT_EQ(cli::RunCreateUser({"", "khac", "T", "admin", "Khác", "", false}, short_password,
                                 system_->units(), system_->users(), out, err),
              2);
    std::istringstream any("mat-khau-quan-tri\n");
    EXPECT_EQ(cli::RunCreateUser({"", "khac", "NOPE", "admin", "Khác", "", false}, any,
                                 system_->units(), system_->users(), out, err),
              3);
    std::istringstream role("mat-khau-quan-tri\n");
    EXPECT_EQ(cli::RunCreateUser({"", "khac", "T", "root", "Khác", "", false}, role,
                                 system_->units(), system_->users(), out, err),
              2);
    std::istringstream reset("mat-khau-moi-hon\n");
    EXPECT_EQ(cli::RunResetPassword({"", "quantri"}, reset, system_->users(), out, err), 0);
}

TEST_F(CliTest, DemoSeedIsIdempotent) {
    auto first = demo::SeedDemo(system_->demo_services());
    ASSERT_TRUE(first.ok()) << first.error().message_en;
    EXPECT_EQ(first->size(), 6u);  // one account per role
    const auto units = UnitCount();
    const auto audit = system_->audit().List(app::Actor::Cli(), {.limit = 500})->entries.size();
    EXPECT_EQ(units, 14u);
    const auto systems = system_->systems().List(app::Actor::Cli(), {.limit = 500})->systems.size();
    EXPECT_GE(systems, 9u);
    auto second = demo::SeedDemo(system_->demo_services());
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->size(), 6u);
    EXPECT_EQ(UnitCount(), units);
    EXPECT_EQ(system_->systems().List(app::Actor::Cli(), {.limit = 500})->systems.size(), systems);
    EXPECT_EQ(system_->audit().List(app::Actor::Cli(), {.limit = 500})->entries.size(), audit);
    // The officer's account is scoped to its commune only.
    const auto officer = system_->users().List(app::Actor::Cli(), {.search = "canbo.hoaphu"});
    ASSERT_EQ(officer->users.size(), 1u);
    const auto roles = system_->users().Assignments(app::Actor::Cli(), officer->users[0].id);
    ASSERT_EQ(roles->size(), 1u);
    EXPECT_EQ(roles->front().role, domain::Role::kOfficer);
    EXPECT_EQ(system_->units().GetByCode(app::Actor::Cli(), "DLK-HOAPHU")->id,
              roles->front().unit_id);
}

TEST_F(CliTest, DetectWritesOneLinePerMatchAndRulesCheckNamesRefusals) {
    std::filesystem::create_directories(dir_.path() / "rules");
    Write("rules/ssh.yml",
          "title: Đăng nhập SSH thất bại\nid: 11111111-0000-0000-0000-000000000001\n"
          "level: medium\nlogsource:\n  product: linux\n  service: sshd\ndetection:\n"
          "  sel:\n    message|contains: 'Failed password'\n  condition: sel\n");
    Write("rules/web.yml",
          "title: Quét web\nid: 11111111-0000-0000-0000-000000000002\nlevel: high\n"
          "logsource:\n  category: webserver\ndetection:\n  sel:\n"
          "    cs-uri-query|contains|all:\n      - 'union'\n      - 'select'\n"
          "  condition: sel\n");
    Write("rules/expand.yml",
          "title: Cần pipeline\nid: 11111111-0000-0000-0000-000000000003\nlogsource:\n"
          "  product: windows\ndetection:\n  sel:\n    A|expand: '%x%'\n  condition: sel\n");
    Write("rules/backref.yml",
          "title: Regex RE2 từ chối\nid: 11111111-0000-0000-0000-000000000004\nlogsource:\n"
          "  product: linux\ndetection:\n  sel:\n    message|re: '(a)\\1'\n"
          "  condition: sel\n");
    const std::string events =
        Write("events.ndjson",
              "{\"message\":\"Failed password for root from 10.0.0.5\",\"product\":\"linux\"}\n"
              "{\"cs-uri-query\":\"id=1 UNION SELECT pass\"}\n"
              "{\"message\":\"Failed password\",\"product\":\"windows\"}\n"
              "not json\n"
              "{\"message\":\"Accepted password\"}\n");
    const std::string output = (dir_.path() / "matches.ndjson").string();
    cli::DetectCommand detect;
    detect.rules = {(dir_.path() / "rules").string()};
    detect.input = events;
    detect.output = output;
    std::ostringstream err;
    // The bad line is skipped, named and makes the exit code 2; the other lines are all read.
    EXPECT_EQ(cli::RunDetect(detect, err), 2) << err.str();
    EXPECT_NE(err.str().find("dòng 4"), std::string::npos) << err.str();
    EXPECT_NE(err.str().find("Rules: 2 loaded, 2 refused"), std::string::npos) << err.str();
    EXPECT_NE(err.str().find("backref.yml"), std::string::npos) << err.str();
    EXPECT_NE(err.str().find("Events: 4, matches: 2"), std::string::npos) << err.str();
    std::ifstream in(output);
    std::vector<boost::json::value> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(boost::json::parse(line));
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_EQ(lines[0].at("rule_title").as_string(), "Đăng nhập SSH thất bại");
    EXPECT_EQ(lines[0].at("level").as_string(), "medium");
    EXPECT_EQ(lines[0].at("event_index").as_int64(), 0);
    EXPECT_EQ(lines[1].at("rule_id").as_string(), "11111111-0000-0000-0000-000000000002");
    EXPECT_EQ(lines[1].at("event_index").as_int64(), 1);

    // The plain evaluator finds the same.
    detect.plain = true;
    detect.output = (dir_.path() / "plain.ndjson").string();
    std::ostringstream plain_err;
    EXPECT_EQ(cli::RunDetect(detect, plain_err), 2);
    std::ifstream fast_in(output), plain_in(detect.output);
    std::stringstream fast_text, plain_text;
    fast_text << fast_in.rdbuf();
    plain_text << plain_in.rdbuf();
    EXPECT_EQ(fast_text.str(), plain_text.str());

    std::ostringstream out, check_err;
    EXPECT_EQ(cli::RunRulesCheck({{(dir_.path() / "rules").string()}, true}, out, check_err), 0);
    EXPECT_NE(out.str().find("expand"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("2 rules loaded, 2 refused"), std::string::npos) << out.str();

    // A missing path is named, with the not-found exit code.
    detect.rules = {(dir_.path() / "nowhere").string()};
    std::ostringstream missing;
    EXPECT_EQ(cli::RunDetect(detect, missing), 3);
    EXPECT_NE(missing.str().find("nowhere"), std::string::npos);
}

// `expand`: placeholders take their values from a file given with --placeholders; every
// combination of two placeholders is tried; a placeholder without values refuses its rule by
// name; a bad file is named with what is wrong and nothing runs.
TEST_F(CliTest, DetectExpandsPlaceholdersFromAFile) {
    std::filesystem::create_directories(dir_.path() / "rules");
    Write("rules/dc.yml",
          "title: Máy điều khiển miền\nid: 11111111-0000-0000-0000-000000000011\nlogsource:\n"
          "  product: windows\ndetection:\n  sel:\n    Host|expand: '%known_cdcs%'\n"
          "  pair:\n    Site|expand: '%site%-%zone%'\n  condition: sel or pair\n");
    Write("rules/other.yml",
          "title: Thiếu giá trị\nid: 11111111-0000-0000-0000-000000000012\nlogsource:\n"
          "  product: windows\ndetection:\n  sel:\n    Host|contains|expand: '%nowhere%'\n"
          "  condition: sel\n");
    const auto values = Write("placeholders.yml",
                              "known_cdcs: [dc1.tinh.gov.vn, 10.0.0.5]\nsite: [hn, hcm]\n"
                              "zone: [a, b]\n");
    const auto events = Write("events.ndjson",
                              "{\"Host\":\"dc1.tinh.gov.vn\"}\n{\"Host\":\"10.0.0.5\"}\n"
                              "{\"Host\":\"dc2.tinh.gov.vn\"}\n{\"Site\":\"hcm-b\"}\n"
                              "{\"Site\":\"hcm-c\"}\n");
    cli::DetectCommand detect;
    detect.rules = {(dir_.path() / "rules").string()};
    detect.placeholders = values;
    detect.input = events;
    detect.output = (dir_.path() / "matches.ndjson").string();
    for (const bool plain : {false, true}) {
        detect.plain = plain;
        std::ostringstream err;
        EXPECT_EQ(cli::RunDetect(detect, err), 0) << err.str();
        EXPECT_NE(err.str().find("Rules: 1 loaded, 1 refused"), std::string::npos) << err.str();
        std::ifstream in(detect.output);
        std::vector<std::int64_t> indexes;
        for (std::string line; std::getline(in, line);) {
            indexes.push_back(boost::json::parse(line).at("event_index").as_int64());
        }
        EXPECT_EQ(indexes, (std::vector<std::int64_t>{0, 1, 3})) << "plain " << plain;
    }
    std::ostringstream out, check_err;
    cli::RulesCheckCommand check{{(dir_.path() / "rules").string()}, false, values};
    EXPECT_EQ(cli::RunRulesCheck(check, out, check_err), 0);
    EXPECT_NE(out.str().find("%nowhere%"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("1 rules loaded, 1 refused"), std::string::npos) << out.str();
    // Bad files: said what is wrong, nothing run.
    for (const auto& [name, text, says] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"list.yml", "- a\n- b\n", "name: [values]"},
             {"nested.yml", "known_cdcs: {a: 1}\n", "\"known_cdcs\""},
             {"empty.yml", "known_cdcs: []\n", "\"known_cdcs\""},
             {"broken.yml", "known_cdcs: [a, b\n", "YAML"}}) {
        detect.placeholders = Write(name, text);
        std::ostringstream err;
        EXPECT_EQ(cli::RunDetect(detect, err), 2) << name;
        EXPECT_NE(err.str().find(name), std::string::npos) << err.str();
        EXPECT_NE(err.str().find(says), std::string::npos) << err.str();
    }
    detect.placeholders = (dir_.path() / "missing.yml").string();
    std::ostringstream err;
    EXPECT_NE(cli::RunDetect(detect, err), 0);
    EXPECT_NE(err.str().find("missing.yml"), std::string::npos) << err.str();
}

// The shipped rule pack on log lines: sshd lines in syslog become an SSH brute-force alert
// from one address, access-log lines a web-scanning alert; line numbers are the input's, and a
// line not in the format is named with exit code 2.
TEST_F(CliTest, DetectReadsSyslogAndAccessLogsWithTheRulePack) {
    std::string ssh;
    for (int k = 0; k < 6; ++k) {
        ssh += fmt::format(
            "Nov 21 08:00:{:02} web1 sshd[{}]: Failed password for invalid user admin from "
            "203.0.113.7 port {} ssh2\n",
            k * 5, 100 + k, 40000 + k);
    }
    ssh +=
        "Nov 21 08:00:40 web1 sshd[200]: Failed publickey for root from 198.51.100.1 port 1 "
        "ssh2\n";
    ssh += "\nthis is not syslog\n";
    ssh +=
        "Nov 21 08:01:00 web1 sshd[201]: Accepted password for admin from 203.0.113.7 port 2 "
        "ssh2\n";
    const std::string pack = std::string(UNGCUU_SOURCE_DIR) + "/rules/sigma";
    cli::DetectCommand detect;
    detect.rules = {pack};
    detect.input = Write("auth.log", ssh);
    detect.output = (dir_.path() / "ssh.ndjson").string();
    std::ostringstream err;
    EXPECT_EQ(cli::RunDetect(detect, err), 2) << err.str();
    EXPECT_NE(err.str().find("dòng 9"), std::string::npos) << err.str();
    EXPECT_NE(err.str().find("syslog"), std::string::npos) << err.str();
    std::vector<boost::json::object> alerts;
    {
        std::ifstream in(detect.output);
        for (std::string line; std::getline(in, line);) {
            alerts.push_back(boost::json::parse(line).as_object());
        }
    }
    // The brute force fires once, on the fifth failure; the login that follows it completes
    // the ordered correlation; the public-key probe and the burst's inner rules are silent.
    ASSERT_EQ(alerts.size(), 2U) << err.str();
    EXPECT_EQ(alerts[0].at("rule_id"), "6f1c0c52-7d0a-4e55-9b1e-0a5a2e1c0001");
    EXPECT_EQ(alerts[0].at("event_index"), 4);
    EXPECT_EQ(alerts[0].at("correlation").at("group").at("source.ip"), "203.0.113.7");
    EXPECT_EQ(alerts[0].at("correlation").at("event_indexes"), boost::json::parse("[0,1,2,3,4]"));
    EXPECT_EQ(alerts[1].at("rule_id"), "6f1c0c52-7d0a-4e55-9b1e-0a5a2e1c0003");
    EXPECT_EQ(alerts[1].at("level"), "critical");
    EXPECT_EQ(alerts[1].at("event_index"), 9);

    std::string web;
    for (int k = 0; k < 40; ++k) {
        web += fmt::format(
            "192.0.2.9 - - [21/Nov/2026:08:00:{:02} +0700] \"GET /probe/{}.php HTTP/1.1\" 404 "
            "12 \"-\" \"Mozilla/5.0\"\n",
            k, k);
    }
    web +=
        "192.0.2.9 - - [21/Nov/2026:08:00:41 +0700] \"GET /?id=1%20union%20select%20pass "
        "HTTP/1.1\" 200 99 \"-\" \"sqlmap/1.7\"\n";
    detect.input = Write("access.log", web);
    detect.output = (dir_.path() / "web.ndjson").string();
    std::ostringstream web_err;
    EXPECT_EQ(cli::RunDetect(detect, web_err), 0) << web_err.str();
    std::ifstream in(detect.output);
    std::map<std::string, std::vector<std::int64_t>> by_rule;
    for (std::string line; std::getline(in, line);) {
        const auto alert = boost::json::parse(line).as_object();
        by_rule[std::string(alert.at("rule_title").as_string())].push_back(
            alert.at("event_index").as_int64());
    }
    EXPECT_EQ(by_rule["Dò quét website (web scanning)"], (std::vector<std::int64_t>{29}))
        << "thirty different missing pages";
    EXPECT_EQ(by_rule["Dấu hiệu tấn công SQL injection qua URL (SQL injection in the request)"],
              (std::vector<std::int64_t>{40}));
    EXPECT_EQ(by_rule["Công cụ dò quét lỗ hổng web (web vulnerability scanner)"],
              (std::vector<std::int64_t>{40}));
}

TEST(CliParse, ListenAddressesAndUsageErrors) {
    EXPECT_EQ(cli::ParseListen("127.0.0.1:8080")->second, 8080);
    EXPECT_EQ(cli::ParseListen("[::1]:0")->first, "::1");
    EXPECT_FALSE(cli::ParseListen("nonsense").has_value());
    EXPECT_FALSE(cli::ParseListen("127.0.0.1:99999").has_value());
    EXPECT_FALSE(cli::ParseListen(":80").has_value());

    std::vector<std::string> words = {"ungcuu", "serve", "--listen", "127.0.0.1:notaport"};
    std::vector<char*> argv;
    for (auto& word : words) {
        argv.push_back(word.data());
    }
    const auto parsed = cli::Parse(static_cast<int>(argv.size()), argv.data());
    ASSERT_TRUE(std::holds_alternative<int>(parsed));
    EXPECT_EQ(std::get<int>(parsed), 2);

    std::vector<std::string> missing = {"ungcuu", "users", "create", "--login", "a"};
    std::vector<char*> argv2;
    for (auto& word : missing) {
        argv2.push_back(word.data());
    }
    const auto parsed2 = cli::Parse(static_cast<int>(argv2.size()), argv2.data());
    ASSERT_TRUE(std::holds_alternative<int>(parsed2));
    EXPECT_EQ(std::get<int>(parsed2), 2);
}

// `serve --log-format json`: each line one JSON object, whatever the message carries (quotes,
// a line break, a device's bytes that are not UTF-8); anything but text or json is refused; and
// `--upload-dir` is taken (the folder several nodes share).
TEST(LogFormat, EachLineIsAJsonObjectWhateverTheMessageCarries) {
    namespace json = boost::json;
    std::ostringstream written;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(written);
    spdlog::logger logger("json-test", sink);
    logger.set_formatter(std::make_unique<bin::JsonLogFormatter>());
    logger.warn("nguồn nhật ký 1: \"{}\" trỏ ra ngoài\ndòng hai", "/var/log/a.log");
    logger.error("syslog từ {}: {}", "10.0.0.9", std::string("m\xe1y \xff", 5));
    logger.flush();
    std::istringstream lines(written.str());
    std::vector<json::object> parsed;
    for (std::string line; std::getline(lines, line);) {
        boost::system::error_code ec;
        auto value = json::parse(line, ec);
        ASSERT_FALSE(ec) << line;
        parsed.push_back(value.as_object());
    }
    ASSERT_EQ(parsed.size(), 2U) << written.str();
    EXPECT_EQ(parsed[0].at("level").as_string(), "warning");
    EXPECT_EQ(parsed[0].at("message").as_string(),
              "nguồn nhật ký 1: \"/var/log/a.log\" trỏ ra ngoài\ndòng hai");
    EXPECT_TRUE(std::string(parsed[0].at("time").as_string()).ends_with("Z"));
    EXPECT_TRUE(parsed[0].at("thread").is_number());
    EXPECT_EQ(parsed[1].at("level").as_string(), "error");
    EXPECT_EQ(parsed[1].at("message").as_string(),
              "syslog từ 10.0.0.9: m\xef\xbf\xbdy \xef\xbf\xbd");

    {
        std::vector<std::string> words = {"ungcuu", "serve", "--upload-dir", "/srv/ungcuu/tep"};
        std::vector<char*> argv;
        for (auto& word : words) {
            argv.push_back(word.data());
        }
        const auto parsed_command = cli::Parse(static_cast<int>(argv.size()), argv.data());
        ASSERT_TRUE(std::holds_alternative<cli::Command>(parsed_command));
        EXPECT_EQ(std::get<cli::ServeCommand>(std::get<cli::Command>(parsed_command)).upload_dir,
                  "/srv/ungcuu/tep");
    }
    for (const auto& [format, exit_code] :
         std::vector<std::pair<std::string, int>>{{"json", -1}, {"xml", 2}}) {
        std::vector<std::string> words = {"ungcuu", "serve", "--log-format", format};
        std::vector<char*> argv;
        for (auto& word : words) {
            argv.push_back(word.data());
        }
        const auto parsed_command = cli::Parse(static_cast<int>(argv.size()), argv.data());
        if (exit_code < 0) {
            ASSERT_TRUE(std::holds_alternative<cli::Command>(parsed_command)) << format;
            EXPECT_EQ(
                std::get<cli::ServeCommand>(std::get<cli::Command>(parsed_command)).log_format,
                "json");
        } else {
            ASSERT_TRUE(std::holds_alternative<int>(parsed_command)) << format;
            EXPECT_EQ(std::get<int>(parsed_command), exit_code);
        }
    }
}

}  // namespace
}  // namespace ungcuu::testing
