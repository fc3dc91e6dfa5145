// Detection end to end inside one process: syslog over loopback UDP and TCP and log lines over
// HTTP reach the raw event store, the shipped rule pack matches them, alerts land in the unit of
// the log source, rules of the chosen level open incidents; settings per subtree, promotion,
// the rule test, bad input, and a restart that resumes detection from the store.
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <zlib.h>

#include <boost/asio.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "cli/cli.hpp"
#include "integration/api_fixture.hpp"
#include "storage/raw_event_store.hpp"

namespace ungcuu::testing {
namespace {

namespace asio = boost::asio;

// RFC 5424 lines: the times are stated, so nothing depends on today's date.
std::string SshFailure(int i, const std::string& address) {
    return fmt::format(
        "<38>1 2026-03-01T10:00:{:02}+07:00 web01 sshd 4{:03} - - Failed password for root from "
        "{} port 5{:04} ssh2",
        i, i, address, i);
}

std::string Gzip(std::string_view text) {
    z_stream stream{};
    EXPECT_EQ(deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                           Z_DEFAULT_STRATEGY),
              Z_OK);
    std::string out(deflateBound(&stream, static_cast<uLong>(text.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

unsigned short PortOf(const std::vector<std::string>& listeners, std::string_view kind) {
    for (const auto& name : listeners) {
        if (name.starts_with(kind)) {
            return static_cast<unsigned short>(std::stoi(name.substr(name.rfind(':') + 1)));
        }
    }
    ADD_FAILURE() << "no " << kind << " listener";
    return 0;
}

class DetectionApiTest : public ApiTest {
protected:
    void StartDetection(std::vector<std::string> file_roots = {},
                        std::optional<ingest::SyslogOptions> syslog = std::nullopt) {
        bin::DetectionWiring wiring;
        if (syslog) wiring.syslog = *syslog;
        wiring.events_db = (dir_.path() / "events.db").string();
        wiring.file_roots = std::move(file_roots);
        wiring.files.poll = std::chrono::milliseconds(20);
        wiring.syslog.udp = {{"127.0.0.1", 0}};
        wiring.syslog.tcp = {{"127.0.0.1", 0}};
        auto listening = system_->StartDetection(wiring);
        ASSERT_TRUE(listening.ok()) << listening.error().message_en;
        udp_port_ = PortOf(*listening, "udp");
        tcp_port_ = PortOf(*listening, "tcp");
    }

    void TearDown() override {
        ApiTest::TearDown();
        if (system_) system_->StopDetection();
    }

    void WaitIdle() { ASSERT_TRUE(system_->pipeline()->WaitIdle(std::chrono::seconds(30))); }

    // Waits until the pipeline has stored `count` events (UDP has no acknowledgement).
    void WaitStored(std::int64_t count) {
        for (int i = 0; i < 3000 && system_->pipeline()->Counters().stored < count; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ASSERT_EQ(system_->pipeline()->Counters().stored, count);
        WaitIdle();
    }

    void SendUdp(const std::vector<std::string>& messages) {
        asio::io_context io;
        asio::ip::udp::socket socket(io, asio::ip::udp::v4());
        const asio::ip::udp::endpoint to(asio::ip::make_address("127.0.0.1"), udp_port_);
        for (const auto& message : messages) socket.send_to(asio::buffer(message), to);
    }

    void SendTcp(const std::string& stream) {
        asio::io_context io;
        asio::ip::tcp::socket socket(io);
        socket.connect({asio::ip::make_address("127.0.0.1"), tcp_port_});
        asio::write(socket, asio::buffer(stream));
        socket.shutdown(asio::ip::tcp::socket::shutdown_send);
    }

    std::int64_t CreateSource(HttpClient& client, const json::object& body) {
        const auto reply = client.Post("/api/v1/log-sources", json::serialize(body));
        EXPECT_EQ(reply.status, 201) << reply.body;
        return reply.Json().at("id").as_int64();
    }

    json::array Alerts(HttpClient& client, const std::string& query = "") {
        const auto reply = client.Get("/api/v1/detection/alerts" + query);
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.Json().at("items").as_array();
    }

    // The source's reading state once `done` says it is what the test waits for.
    json::object WaitFile(HttpClient& client,
                          std::int64_t source,
                          const std::function<bool(const json::object&)>& done) {
        json::object last;
        for (int i = 0; i < 1000; ++i) {
            const auto reply = client.Get("/api/v1/log-sources");
            EXPECT_EQ(reply.status, 200) << reply.body;
            for (const auto& item : reply.Json().at("items").as_array()) {
                if (item.at("id").as_int64() == source && item.as_object().contains("file")) {
                    last = item.at("file").as_object();
                }
            }
            if (!last.empty() && done(last)) return last;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ADD_FAILURE() << "file source " << source << " stays at " << json::serialize(last);
        return last;
    }

    // Every stored event's body, in order, read from the raw store's file.
    std::vector<std::string> StoredBodies() {
        auto store = storage::SqliteRawEventStore::Open((dir_.path() / "events.db").string());
        EXPECT_TRUE(store.ok());
        std::vector<std::string> out;
        auto events = (*store)->ReadAfter(0, 100000);
        EXPECT_TRUE(events.ok());
        for (const auto& event : *events) out.push_back(event.body);
        return out;
    }

    unsigned short udp_port_ = 0;
    unsigned short tcp_port_ = 0;
};

void Append(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::app);
    out << text;
}

TEST_P(DetectionApiTest, SyslogOverUdpAndTcpOpensAnIncidentInTheUnitOfItsSource) {
    StartDetection();
    auto coordinator = SignedIn("coordinator");
    CreateSource(coordinator, {{"unit_id", commune_a_.id.value()},
                               {"name", "Máy chủ web xã A"},
                               {"kind", "syslog"},
                               {"format", "syslog"},
                               {"address", "127.0.0.1"}});
    // Five failures from one address within ten minutes, one datagram each.
    std::vector<std::string> burst;
    for (int i = 1; i <= 5; ++i) burst.push_back(SshFailure(i, "203.0.113.9"));
    SendUdp(burst);
    WaitStored(5);
    auto alerts = Alerts(coordinator);
    ASSERT_EQ(alerts.size(), 1u);
    const auto& alert = alerts[0].as_object();
    EXPECT_EQ(alert.at("unit_id").as_int64(), commune_a_.id.value());
    EXPECT_EQ(alert.at("level").as_string(), "high");
    EXPECT_EQ(alert.at("group").as_string(), "source.ip=203.0.113.9");
    // What it counted: five attempts (one firing), and whom it is about.
    EXPECT_EQ(alert.at("count").as_int64(), 1);
    EXPECT_EQ(alert.at("events").as_int64(), 5);
    EXPECT_EQ(alert.at("measure").to_number<double>(), 5.0);
    EXPECT_EQ(alert.at("subject").as_string(), "203.0.113.9");
    // High is the default auto-open level: the incident is there, in the commune, from detection.
    EXPECT_EQ(alert.at("state").as_string(), "promoted");
    const auto incident_id = alert.at("incident_id").as_int64();
    const auto incident = coordinator.Get("/api/v1/incidents/" + std::to_string(incident_id));
    ASSERT_EQ(incident.status, 200) << incident.body;
    EXPECT_EQ(incident.Json().at("unit_id").as_int64(), commune_a_.id.value());
    EXPECT_EQ(incident.Json().at("source").as_string(), "detection");
    // Reported as the commune would: the unit as reporter, the text in Vietnamese, the log line
    // as an attached file, the source address as an observable.
    const auto& filed = incident.Json();
    EXPECT_EQ(filed.at("reporter").at("name").as_string(), commune_a_.name_vi);
    const std::string description(filed.at("description").as_string());
    EXPECT_NE(description.find("(mức cao)"), std::string::npos) << description;
    EXPECT_EQ(description.find("Detected"), std::string::npos) << description;
    EXPECT_EQ(description.find("sshd"), std::string::npos) << "the raw line is in the annex";
    ASSERT_EQ(filed.at("attachments").as_array().size(), 1u) << filed;
    EXPECT_EQ(filed.at("attachments").at(0).at("name").as_string(), "nhat-ky-phat-hien.txt");
    // The attacker's address, the account tried and the host attacked are its observables.
    std::set<std::pair<std::string, std::string>> observables;
    for (const auto& o : filed.at("observables").as_array()) {
        observables.emplace(o.at("kind").as_string(), o.at("value").as_string());
    }
    EXPECT_EQ(observables, (std::set<std::pair<std::string, std::string>>{
                               {"ip", "203.0.113.9"}, {"user", "root"}, {"host", "web01"}}))
        << filed;
    EXPECT_NE(description.find("5 sự kiện"), std::string::npos) << description;
    // The commune's officer sees it; the other commune's does not.
    auto officer_a = SignedIn("officer");
    auto officer_b = SignedIn("officer.b");
    EXPECT_EQ(Alerts(officer_a).size(), 1u);
    EXPECT_EQ(Alerts(officer_b).size(), 0u);
    // The new alert is a change of the commune's, in the audit log, so it reaches the live feed
    // of those who see the commune (the repeat folded into it below is not a new one).
    const auto audit =
        SignedIn("auditor").Get("/api/v1/audit?object_type=detection_alert&limit=50");
    ASSERT_EQ(audit.status, 200) << audit.body;
    int news = 0;
    for (const auto& entry : audit.Json().at("items").as_array()) {
        if (entry.at("action").as_string() == "detection.alert.new") {
            ++news;
            EXPECT_EQ(entry.at("unit_id").as_int64(), commune_a_.id.value());
        }
    }
    EXPECT_EQ(news, 1);

    // The same over TCP, octet-counted and newline-framed frames mixed in one stream: the second
    // burst folds into the same alert, its count says so.
    std::string stream;
    for (int i = 11; i <= 13; ++i) {
        const auto line = SshFailure(i, "203.0.113.9");
        stream += std::to_string(line.size()) + " " + line;
    }
    stream += SshFailure(14, "203.0.113.9") + "\n" + SshFailure(15, "203.0.113.9") + "\r\n";
    SendTcp(stream);
    WaitStored(10);
    alerts = Alerts(coordinator);
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].at("count").as_int64(), 2);
    EXPECT_EQ(alerts[0].at("events").as_int64(), 10);
    EXPECT_EQ(alerts[0].at("incident_id").as_int64(), incident_id);

    const auto status = coordinator.Get("/api/v1/detection/status");
    ASSERT_EQ(status.status, 200);
    EXPECT_EQ(status.Json().at("received").as_int64(), 10);
    EXPECT_EQ(status.Json().at("dropped").as_int64(), 0);
    EXPECT_EQ(status.Json().at("raw_events").as_int64(), 10);
    EXPECT_EQ(status.Json().at("detection_cursor").as_int64(), 10);
}

// A scanner session: one address trips several rules in one unit. Each rule's alert is kept,
// and together they make one incident; another address makes its own; a unit that wants one
// incident per alert says so.
TEST_P(DetectionApiTest, OneScannerSessionIsOneIncidentWithEachRulesAlert) {
    StartDetection();
    auto coordinator = SignedIn("coordinator");
    const auto source = CreateSource(coordinator, {{"unit_id", commune_b_.id.value()},
                                                   {"name", "Cổng thông tin xã B"},
                                                   {"kind", "http"},
                                                   {"format", "access"}});
    const auto send = [&](const std::string& lines) {
        const auto reply =
            coordinator.Send("POST", "/api/v1/ingest?source=" + std::to_string(source), lines,
                             {{"Content-Type", "text/plain"}});
        EXPECT_EQ(reply.status, 202) << reply.body;
        WaitIdle();
        return reply;
    };
    const auto request = [](const std::string& address, const std::string& target) {
        return fmt::format(
            "{} - - [21/Sep/2026:21:00:00 +0700] \"GET {} HTTP/1.1\" 200 512 \"-\" "
            "\"Mozilla/5.0\"\n",
            address, target);
    };
    // Three high rules from one address, in two batches.
    send(request("198.51.100.7", "/index.php?id=1%20union%20select%20password%20from%20users") +
         request("198.51.100.7", "/download.php?file=../../../../etc/passwd"));
    send(request("198.51.100.7", "/uploads/shell.php"));
    const auto unit_query = "?unit_id=" + std::to_string(commune_b_.id.value());
    auto alerts = Alerts(coordinator, unit_query);
    ASSERT_EQ(alerts.size(), 3u) << json::serialize(alerts);
    std::set<std::int64_t> incidents;
    for (const auto& alert : alerts) {
        EXPECT_EQ(alert.at("state").as_string(), "promoted") << alert;
        EXPECT_EQ(alert.at("subject").as_string(), "198.51.100.7");
        EXPECT_EQ(alert.at("group").as_string(), "source.ip=198.51.100.7") << "the natural key";
        incidents.insert(alert.at("incident_id").as_int64());
    }
    ASSERT_EQ(incidents.size(), 1u) << json::serialize(alerts);
    const auto incident =
        coordinator.Get("/api/v1/incidents/" + std::to_string(*incidents.begin()));
    ASSERT_EQ(incident.status, 200);
    // Each rule's alert is attached to it: the first as the annex, the two that joined with
    // their own log lines and a note each.
    EXPECT_EQ(incident.Json().at("attachments").as_array().size(), 3u) << incident.body;
    int joined = 0;
    for (const auto& event : incident.Json().at("timeline").as_array()) {
        const std::string note(event.at("note").as_string());
        joined += note.find("Cảnh báo liên quan từ cùng nguồn 198.51.100.7") != std::string::npos;
    }
    EXPECT_EQ(joined, 2) << incident.body;
    EXPECT_EQ(incident.Json().at("observables").as_array().size(), 1u) << incident.body;

    // Another address: its own incident.
    send(request("203.0.113.50", "/uploads/shell.php"));
    alerts = Alerts(coordinator, unit_query);
    ASSERT_EQ(alerts.size(), 4u);
    EXPECT_NE(alerts[0].at("incident_id").as_int64(), *incidents.begin());

    // The unit chooses one incident per alert (0), and the choice is refused outside its bounds.
    const auto window = [&](const std::string& body) {
        return coordinator.Send("PUT", "/api/v1/detection/incident-window", body);
    };
    EXPECT_EQ(window(fmt::format(R"({{"unit_id":{},"minutes":-5}})", commune_b_.id.value())).status,
              400);
    EXPECT_EQ(
        window(fmt::format(R"({{"unit_id":{},"minutes":99999}})", commune_b_.id.value())).status,
        400);
    EXPECT_EQ(SignedIn("officer")
                  .Send("PUT", "/api/v1/detection/incident-window",
                        fmt::format(R"({{"unit_id":{},"minutes":0}})", commune_b_.id.value()))
                  .status,
              404)
        << "the other commune's officer";
    ASSERT_EQ(window(fmt::format(R"({{"unit_id":{},"minutes":0}})", commune_b_.id.value())).status,
              200);
    // The auto-open level set afterwards keeps the window (one row holds both).
    ASSERT_EQ(coordinator
                  .Send("PUT", "/api/v1/detection/auto-open",
                        fmt::format(R"({{"unit_id":{},"level":"high"}})", commune_b_.id.value()))
                  .status,
              200);
    const auto view =
        coordinator.Get("/api/v1/detection/rules?unit_id=" + std::to_string(commune_b_.id.value()));
    EXPECT_EQ(view.Json().at("join_minutes").as_int64(), 0);
    EXPECT_EQ(view.Json().at("auto_open_level").as_string(), "high");
    send(request("203.0.113.50", "/index.php?q=1%20union%20select%201"));
    alerts = Alerts(coordinator, unit_query);
    ASSERT_EQ(alerts.size(), 5u);
    EXPECT_NE(alerts[0].at("incident_id").as_int64(), alerts[1].at("incident_id").as_int64());
}

// An incident detection opened at night is looked at in the app first: its reminders and
// overdue notices wait the rule set's lead (60 minutes), then go out as for any other.
TEST_P(DetectionApiTest, MachineOpenedIncidentsAreNotMailedAboutBeforeTheRuleSetsLead) {
    StartDetection();
    auto coordinator = SignedIn("coordinator");
    CreateSource(coordinator, {{"unit_id", commune_a_.id.value()},
                               {"name", "Máy chủ xã A"},
                               {"kind", "syslog"},
                               {"format", "syslog"},
                               {"address", "127.0.0.1"}});
    std::vector<std::string> burst;
    for (int i = 1; i <= 5; ++i) burst.push_back(SshFailure(i, "203.0.113.61"));
    SendUdp(burst);
    WaitStored(5);
    const auto alerts = Alerts(coordinator);
    ASSERT_EQ(alerts.size(), 1u);
    const auto incident =
        "/api/v1/incidents/" + std::to_string(alerts[0].at("incident_id").as_int64());
    const auto notices = [&] {
        int n = 0;
        const auto body = coordinator.Get(incident).Json();
        for (const auto& event : body.at("timeline").as_array()) {
            const auto kind = event.at("kind").as_string();
            n += kind == "reminder" || kind == "overdue";
        }
        return n;
    };
    // The acknowledgement is due at once (immediate: 60 minutes); 59 minutes on, nothing sent.
    clock_.Advance(std::chrono::minutes(59));
    ASSERT_TRUE(system_->outbox().RunClocks().ok());
    EXPECT_EQ(notices(), 0);
    clock_.Advance(std::chrono::minutes(2));
    ASSERT_TRUE(system_->outbox().RunClocks().ok());
    EXPECT_GE(notices(), 1) << coordinator.Get(incident).body;
}

// A source's zone and clock bound: set, checked, kept by an update that leaves them out; a
// sender's line dated a year ahead neither hides a brute force nor is silent; lines read without
// their program's fields and lines not in the format are counted per source with a sample.
TEST_P(DetectionApiTest, SourceTimesHealthAndTheIngestAnswerTellTheTruth) {
    StartDetection();
    auto coordinator = SignedIn("coordinator");
    json::object body{{"unit_id", commune_a_.id.value()},
                      {"name", "Máy chủ ở UTC"},
                      {"kind", "http"},
                      {"format", "syslog"},
                      {"utc_offset_minutes", 900}};
    EXPECT_EQ(coordinator.Post("/api/v1/log-sources", json::serialize(body)).status, 400);
    body["utc_offset_minutes"] = 0;
    body["max_skew_seconds"] = -1;
    EXPECT_EQ(coordinator.Post("/api/v1/log-sources", json::serialize(body)).status, 400);
    body["max_skew_seconds"] = 300;
    const auto source = CreateSource(coordinator, body);
    // An update without the times keeps them; null sets the server's zone again.
    auto update = body;
    update.erase("utc_offset_minutes");
    update.erase("max_skew_seconds");
    update["name"] = "Máy chủ web (UTC)";
    auto put = coordinator.Send("PUT", "/api/v1/log-sources/" + std::to_string(source),
                                json::serialize(update));
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(put.Json().at("utc_offset_minutes").as_int64(), 0);
    EXPECT_EQ(put.Json().at("max_skew_seconds").as_int64(), 300);

    // The server's clock: 2026-09-21T14:13:20Z. The host writes UTC times without a zone.
    const auto line = [](const std::string& time, const std::string& message) {
        return fmt::format("{} web01 sshd[7]: {}\n", time, message);
    };
    const auto failure = [&](int i) {
        return line(fmt::format("Sep 21 14:1{}:0{}", i / 10, i % 10),
                    fmt::format("Failed password for root from 192.0.2.44 port 4{:04} ssh2", i));
    };
    // One line a year ahead, then twenty failures: four brute-force firings of five.
    std::string lines =
        "<38>1 2027-09-21T14:13:00Z web01 sshd 7 - - Failed password for admin "
        "from 192.0.2.45 port 1 ssh2\n";
    for (int i = 0; i < 20; ++i) lines += failure(i);
    lines +=
        "<38>Sep 21 14:13:10 web01 sshd[7]: [x] Failed password for root from 192.0.2.44 "
        "port 9 ssh2\n";  // misframed: sshd's fields do not come out
    lines += "this is not syslog at all\n";
    const auto target = "/api/v1/ingest?source=" + std::to_string(source);
    const auto answer = coordinator.Send("POST", target, lines, {{"Content-Type", "text/plain"}});
    ASSERT_EQ(answer.status, 202) << answer.body;
    EXPECT_EQ(answer.Json().at("accepted").as_int64(), 23);
    EXPECT_EQ(answer.Json().at("unreadable").as_int64(), 1);
    EXPECT_EQ(answer.Json().at("unreadable_lines"), (json::array{23}));
    EXPECT_NE(answer.Json().at("warning").as_string().find("dòng 23"), std::string::npos);
    WaitIdle();
    const auto alerts = Alerts(coordinator, "?rule_id=6f1c0c52-7d0a-4e55-9b1e-0a5a2e1c0001");
    ASSERT_EQ(alerts.size(), 1u) << json::serialize(alerts);
    EXPECT_EQ(alerts[0].at("events").as_int64(), 20);
    EXPECT_EQ(alerts[0].at("count").as_int64(), 4);
    json::object health;
    const auto listed = coordinator.Get("/api/v1/log-sources").Json();
    for (const auto& item : listed.at("items").as_array()) {
        if (item.at("id").as_int64() == source) health = item.at("health").as_object();
    }
    EXPECT_EQ(health.at("events").as_int64(), 23);
    EXPECT_EQ(health.at("skewed").as_int64(), 1) << "the line from next year";
    EXPECT_NE(health.at("skewed_sample").as_string().find("2027"), std::string::npos);
    EXPECT_EQ(health.at("unreadable").as_int64(), 1);
    EXPECT_EQ(health.at("missing_fields").as_int64(), 1);
    EXPECT_EQ(health.at("sample_problem").as_string(), "unreadable");
    const auto status = coordinator.Get("/api/v1/detection/status").Json();
    EXPECT_EQ(status.at("skewed").as_int64(), 1);
    EXPECT_EQ(status.at("missing_fields").as_int64(), 1);

    // The same host's lines read in the server's zone (UTC+7) are seven hours old: dated when
    // received, counted, the brute force still found.
    update["utc_offset_minutes"] = nullptr;
    put = coordinator.Send("PUT", "/api/v1/log-sources/" + std::to_string(source),
                           json::serialize(update));
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_TRUE(put.Json().at("utc_offset_minutes").is_null());
    std::string again;
    for (int i = 20; i < 25; ++i) again += failure(i);
    ASSERT_EQ(coordinator.Send("POST", target, again, {{"Content-Type", "text/plain"}}).status,
              202);
    WaitIdle();
    EXPECT_EQ(coordinator.Get("/api/v1/detection/status").Json().at("skewed").as_int64(), 6);
    EXPECT_EQ(Alerts(coordinator, "?rule_id=6f1c0c52-7d0a-4e55-9b1e-0a5a2e1c0001")[0]
                  .at("events")
                  .as_int64(),
              25);

    // Refusals name what to do: a line that is not UTF-8 by its number, a body over the limit
    // with the limit.
    const auto not_utf8 = coordinator.Send("POST", target, failure(1) + failure(2) + "caf\xe9\n",
                                           {{"Content-Type", "text/plain"}});
    EXPECT_EQ(not_utf8.status, 400);
    EXPECT_NE(not_utf8.body.find("Dòng 3 không phải văn bản UTF-8"), std::string::npos)
        << not_utf8.body;
    const auto huge = coordinator.Send("POST", target, std::string((32U << 20) + 1, 'x'),
                                       {{"Content-Type", "text/plain"}});
    EXPECT_EQ(huge.status, 413);
    EXPECT_NE(huge.body.find("32 MiB"), std::string::npos) << huge.body;
}

// rsyslog itself, started on loopback: each of its forwarding templates over each framing
// (UDP; TCP with newline framing; TCP octet-counted) carries one brute force of five SSH
// failures, each from its own address, written to rsyslog's own socket by logger as sshd would.
// Each must become its brute-force alert with its five events: no template may silently take
// sshd's fields away.
TEST_P(DetectionApiTest, RsyslogForwardsEveryTemplateAndFramingIntoTheBruteForceAlert) {
    const char* rsyslogd = "/usr/sbin/rsyslogd";
    const char* logger = "/usr/bin/logger";
    if (!std::filesystem::exists(rsyslogd) || !std::filesystem::exists(logger)) {
        GTEST_SKIP() << "rsyslog is not installed here (make test installs it: apt-get install "
                        "rsyslog); the senders' test is skipped";
    }
    StartDetection();
    auto coordinator = SignedIn("coordinator");
    CreateSource(coordinator, {{"unit_id", commune_a_.id.value()},
                               {"name", "rsyslog trên máy chủ xã A"},
                               {"kind", "syslog"},
                               {"format", "syslog"},
                               {"address", "127.0.0.1"}});

    struct Way {
        std::string protocol, framing, tmpl;
    };

    std::vector<Way> ways;
    for (const std::string tmpl : {"RSYSLOG_TraditionalForwardFormat", "RSYSLOG_ForwardFormat",
                                   "RSYSLOG_SyslogProtocol23Format"}) {
        ways.push_back({"udp", "traditional", tmpl});
        ways.push_back({"tcp", "traditional", tmpl});
        ways.push_back({"tcp", "octet-counted", tmpl});
    }
    const auto dir = dir_.path() / "rsyslog";
    std::filesystem::create_directories(dir);
    std::string config =
        fmt::format("global(workDirectory=\"{}\")\nmodule(load=\"imuxsock\" SysSock.Use=\"off\")\n",
                    dir.string());
    for (std::size_t i = 0; i < ways.size(); ++i) {
        const auto& way = ways[i];
        config += fmt::format(
            "input(type=\"imuxsock\" Socket=\"{}/in{}.sock\" ruleset=\"way{}\")\n"
            "ruleset(name=\"way{}\") {{ action(type=\"omfwd\" target=\"127.0.0.1\" port=\"{}\" "
            "protocol=\"{}\" TCP_Framing=\"{}\" template=\"{}\") }}\n",
            dir.string(), i, i, i, way.protocol == "udp" ? udp_port_ : tcp_port_, way.protocol,
            way.framing, way.tmpl);
    }
    { std::ofstream(dir / "rsyslog.conf") << config; }
    const std::string conf = (dir / "rsyslog.conf").string(), pid_file = (dir / "pid").string();
    std::vector<std::string> args = {rsyslogd, "-n", "-f", conf, "-i", pid_file};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);

    struct Stop {
        pid_t pid;

        ~Stop() {
            kill(pid, SIGTERM);
            int status = 0;
            waitpid(pid, &status, 0);
        }
    } stop{pid};

    // rsyslog is ready once its last socket exists.
    for (int i = 0;
         i < 1000 && !std::filesystem::exists(dir / fmt::format("in{}.sock", ways.size() - 1));
         ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_TRUE(std::filesystem::exists(dir / fmt::format("in{}.sock", ways.size() - 1)))
        << "rsyslogd did not start with:\n"
        << config;
    const auto address = [](std::size_t i) { return fmt::format("198.51.100.{}", 10 + i); };
    for (std::size_t i = 0; i < ways.size(); ++i) {
        for (int attempt = 0; attempt < 5; ++attempt) {
            const auto command = fmt::format(
                "{} -u {}/in{}.sock -t sshd --id=4242 'Failed password for root from {} port "
                "5{:04} ssh2'",
                logger, dir.string(), i, address(i), attempt);
            ASSERT_EQ(std::system(command.c_str()), 0) << command;
        }
    }
    // Everything forwarded is stored and matched (UDP on loopback is not lost at this rate).
    WaitStored(static_cast<std::int64_t>(ways.size() * 5));
    std::map<std::string, json::object> by_group;
    for (const auto& alert : Alerts(coordinator, "?rule_id=6f1c0c52-7d0a-4e55-9b1e-0a5a2e1c0001")) {
        by_group[std::string(alert.at("group").as_string())] = alert.as_object();
    }
    for (std::size_t i = 0; i < ways.size(); ++i) {
        const auto found = by_group.find("source.ip=" + address(i));
        ASSERT_NE(found, by_group.end()) << ways[i].tmpl << " over " << ways[i].protocol << " ("
                                         << ways[i].framing << "): no brute-force alert";
        EXPECT_EQ(found->second.at("events").as_int64(), 5) << ways[i].tmpl;
        EXPECT_EQ(found->second.at("subject").as_string(), address(i)) << ways[i].tmpl;
    }
    // Nothing was read without sshd's fields.
    EXPECT_EQ(coordinator.Get("/api/v1/detection/status").Json().at("missing_fields").as_int64(),
              0);
}

// The three scanners' access logs of ../shared/data/weblogs (17,846 lines, each in quotes,
// some ending in CRLF) give the same firings, rule by rule, through `serve` as through
// `ungcuu detect`: each file to its own unit (correlations are kept per unit, as detect keeps
// them per run), from a source that keeps the logs' own times (an import of old files).
TEST_P(DetectionApiTest, ScannerLogsGiveTheSameAlertsThroughServeAsThroughDetect) {
    const std::filesystem::path data =
        std::filesystem::path(UNGCUU_SOURCE_DIR) / ".." / "shared" / "data" / "weblogs";
    if (!std::filesystem::exists(data / "acunetix.txt")) {
        GTEST_SKIP() << "../shared/data/weblogs is not beside the checkout (a fresh clone): the "
                        "scanner logs' comparison is skipped";
    }
    StartDetection();
    auto coordinator = SignedIn("coordinator");
    const std::string pack = std::string(UNGCUU_SOURCE_DIR) + "/rules/sigma";
    const std::pair<std::string, domain::UnitId> files[] = {{"acunetix.txt", commune_a_.id},
                                                            {"netsparker.txt", commune_b_.id},
                                                            {"w3af.txt", department_.id}};
    for (const auto& [name, unit] : files) {
        // `ungcuu detect`: one line per firing.
        cli::DetectCommand detect;
        detect.rules = {pack};
        detect.input = (data / name).string();
        detect.format = "access";
        detect.output = (dir_.path() / (name + ".ndjson")).string();
        std::ostringstream err;
        ASSERT_EQ(cli::RunDetect(detect, err), 0) << err.str();
        std::map<std::string, std::int64_t> expected;
        {
            std::ifstream in(detect.output);
            for (std::string line; std::getline(in, line);) {
                ++expected[std::string(json::parse(line).at("rule_id").as_string())];
            }
        }
        ASSERT_FALSE(expected.empty()) << name;
        // `serve`: the file posted as a scanner's server would send it.
        const auto source = CreateSource(coordinator, {{"unit_id", unit.value()},
                                                       {"name", "Nhật ký " + name},
                                                       {"kind", "http"},
                                                       {"format", "access"},
                                                       {"max_skew_seconds", 0}});
        std::ifstream in(data / name, std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        const auto reply =
            coordinator.Send("POST", "/api/v1/ingest?source=" + std::to_string(source), text,
                             {{"Content-Type", "text/plain"}});
        ASSERT_EQ(reply.status, 202) << reply.body;
        EXPECT_EQ(reply.Json().at("unreadable").as_int64(), 0) << name;
        WaitIdle();
        std::map<std::string, std::int64_t> found;
        std::optional<std::int64_t> before;
        for (;;) {
            auto query = fmt::format("?unit_id={}&limit=500", unit.value());
            if (before) query += fmt::format("&before={}", *before);
            const auto page = coordinator.Get("/api/v1/detection/alerts" + query);
            ASSERT_EQ(page.status, 200) << page.body;
            const auto body = page.Json();
            for (const auto& alert : body.at("items").as_array()) {
                found[std::string(alert.at("rule_id").as_string())] += alert.at("count").as_int64();
            }
            if (!body.as_object().contains("next_before")) break;
            before = body.at("next_before").as_int64();
        }
        EXPECT_EQ(found, expected) << name;
    }
}

// True when the peer closed `socket` (a read ends) within 20 s.
bool ClosedByPeer(asio::ip::tcp::socket& socket) {
    timeval timeout{20, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char byte = 0;
    boost::system::error_code ec;
    const auto n = socket.read_some(asio::buffer(&byte, 1), ec);
    return n == 0 && (ec == asio::error::eof || ec == asio::error::connection_reset);
}

TEST_P(DetectionApiTest, SyslogSendersAreCappedAndSilentOnesClosed) {
    ingest::SyslogOptions syslog;
    syslog.tcp_connections = {.max_total = 8, .max_per_address = 2};
    syslog.tcp_idle_timeout = std::chrono::seconds(1);
    StartDetection({}, syslog);
    asio::io_context io;
    const auto connect = [&](const std::string& from) {
        asio::ip::tcp::socket socket(io);
        socket.open(asio::ip::tcp::v4());
        socket.bind({asio::ip::make_address(from), 0});
        socket.connect({asio::ip::make_address("127.0.0.1"), tcp_port_});
        return socket;
    };
    // A sender that says nothing is closed after the idle timeout.
    auto silent = connect("127.0.0.2");
    EXPECT_TRUE(ClosedByPeer(silent));
    // A third connection from one sender closes the oldest of its silent two.
    auto first = connect("127.0.0.3");
    auto second = connect("127.0.0.3");
    asio::write(second, asio::buffer(SshFailure(1, "203.0.113.5") + "\n"));
    auto third = connect("127.0.0.3");
    asio::write(third, asio::buffer(SshFailure(2, "203.0.113.5") + "\n"));
    EXPECT_TRUE(ClosedByPeer(first));
    WaitStored(2);
}

TEST_P(DetectionApiTest, TheInstallationsIntakeFiguresAreForTheProvinceOnly) {
    StartDetection();
    const auto province = SignedIn("coordinator").Get("/api/v1/detection/status");
    ASSERT_EQ(province.status, 200);
    EXPECT_EQ(province.Json().at("scope").as_string(), "installation");
    EXPECT_TRUE(province.Json().as_object().contains("received"));
    const auto commune = SignedIn("officer").Get("/api/v1/detection/status");
    ASSERT_EQ(commune.status, 200);
    EXPECT_EQ(commune.Json().at("scope").as_string(), "units");
    for (const char* key : {"received", "stored", "dropped", "listeners", "raw_events"}) {
        EXPECT_FALSE(commune.Json().as_object().contains(key)) << key;
    }
    EXPECT_TRUE(commune.Json().at("running").as_bool());
}

TEST_P(DetectionApiTest, CompressionBombsAndHugeBatchesAreRefusedWholeBeforeTheyCostMemory) {
    StartDetection();
    auto coordinator = SignedIn("coordinator");
    const auto source = CreateSource(coordinator, {{"unit_id", commune_b_.id.value()},
                                                   {"name", "Nhật ký xã B"},
                                                   {"kind", "http"},
                                                   {"format", "syslog"}});
    const auto token = coordinator.Post("/api/v1/me/tokens", R"({"name":"máy gửi"})");
    ASSERT_EQ(token.status, 201) << token.body;
    HttpClient machine(port_);
    const std::map<std::string, std::string> plain{
        {"Authorization", "Bearer " + std::string(token.Json().at("token").as_string())},
        {"Content-Type", "text/plain"}};
    auto gzipped = plain;
    gzipped["Content-Encoding"] = "gzip";
    const std::string target = "/api/v1/ingest?source=" + std::to_string(source);
    // 8 million two-byte lines: 16 MiB that gzip turns into about 16 KiB.
    std::string newlines;
    for (int i = 0; i < 8'000'000; ++i) newlines += "a\n";
    const std::string bomb = Gzip(newlines);
    ASSERT_LT(bomb.size(), 40U * 1024);
    const auto refused_bomb = machine.Send("POST", target, bomb, gzipped);
    EXPECT_EQ(refused_bomb.status, 413) << refused_bomb.body;
    EXPECT_NE(refused_bomb.Json().at("message_en").as_string().find("inflates more than 200"),
              std::string::npos)
        << refused_bomb.body;
    // Past the bound on bytes even at a believable ratio: random hex compresses about twice.
    std::string noise(33U << 20, '\n');
    std::uint64_t x = 88172645463325252ULL;
    for (std::size_t i = 0; i < noise.size(); ++i) {
        if (i % 4096 == 4095) continue;  // a line break every 4 KiB
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        noise[i] = "0123456789abcdef"[x & 15U];
    }
    const auto refused_big = machine.Send("POST", target, Gzip(noise), gzipped);
    EXPECT_EQ(refused_big.status, 413) << refused_big.body;
    EXPECT_NE(refused_big.Json().at("message_en").as_string().find("exceeds 32 MiB"),
              std::string::npos)
        << refused_big.body;
    // More lines than a batch may hold, uncompressed.
    std::string many;
    for (int i = 0; i < 100'001; ++i) many += "x\n";
    const auto refused_many = machine.Send("POST", target, many, plain);
    EXPECT_EQ(refused_many.status, 413) << refused_many.body;
    EXPECT_NE(refused_many.Json().at("message_en").as_string().find("more than 100000 lines"),
              std::string::npos);
    // Nothing of any of them was stored; a batch at the bound is taken.
    EXPECT_EQ(system_->pipeline()->Counters().raw.events, 0);
    const auto accepted = machine.Send("POST", target, many.substr(2), plain);
    EXPECT_EQ(accepted.status, 202) << accepted.body;
    EXPECT_EQ(system_->pipeline()->Counters().raw.events, 100'000);
}

TEST_P(DetectionApiTest, HttpIngestIsAcknowledgedOnceStoredAndRefusesBadBatchesWhole) {
    StartDetection();
    auto coordinator = SignedIn("coordinator");
    const auto source = CreateSource(coordinator, {{"unit_id", commune_b_.id.value()},
                                                   {"name", "Nhật ký web xã B"},
                                                   {"kind", "http"},
                                                   {"format", "access"}});
    const auto json_source = CreateSource(coordinator, {{"unit_id", commune_b_.id.value()},
                                                        {"name", "Sự kiện JSON xã B"},
                                                        {"kind", "http"},
                                                        {"format", "json"}});
    const auto token = coordinator.Post("/api/v1/me/tokens", R"({"name":"máy chủ web"})");
    ASSERT_EQ(token.status, 201) << token.body;
    HttpClient machine(port_);
    std::map<std::string, std::string> headers{
        {"Authorization", "Bearer " + std::string(token.Json().at("token").as_string())},
        {"Content-Type", "text/plain"}};
    const std::string target = "/api/v1/ingest?source=" + std::to_string(source);
    const std::string lines =
        "198.51.100.7 - - [01/Mar/2026:10:00:01 +0700] \"GET /index.php HTTP/1.1\" 200 512 \"-\" "
        "\"Mozilla/5.0\"\n"
        "198.51.100.7 - - [01/Mar/2026:10:00:02 +0700] \"GET "
        "/index.php?id=1%27%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1\" 200 512 \"-\" "
        "\"Mozilla/5.0\"\n";
    auto accepted = machine.Send("POST", target, lines, headers);
    ASSERT_EQ(accepted.status, 202) << accepted.body;
    EXPECT_EQ(accepted.Json().at("accepted").as_int64(), 2);
    // Gzip: the same lines again.
    auto gzipped = headers;
    gzipped["Content-Encoding"] = "gzip";
    accepted = machine.Send("POST", target, Gzip(lines), gzipped);
    ASSERT_EQ(accepted.status, 202) << accepted.body;
    // Acknowledged means stored: the raw store holds all four before detection is waited for.
    EXPECT_EQ(system_->pipeline()->Counters().raw.events, 4);
    WaitIdle();
    auto alerts = Alerts(coordinator, "?unit_id=" + std::to_string(commune_b_.id.value()));
    ASSERT_EQ(alerts.size(), 1u) << json::serialize(alerts);
    EXPECT_EQ(alerts[0].at("count").as_int64(), 2);  // the SQL injection, twice, one alert
    EXPECT_EQ(alerts[0].at("state").as_string(), "promoted");

    // Bad input: each refused with its reason, nothing stored.
    const auto refused = [&](const std::string& path, const std::string& body,
                             std::map<std::string, std::string> h, int expected) {
        const auto reply = machine.Send("POST", path, body, std::move(h));
        EXPECT_EQ(reply.status, expected) << path << " " << reply.body;
        EXPECT_EQ(system_->pipeline()->Counters().raw.events, 4) << path;
        return reply;
    };
    refused("/api/v1/ingest", lines, headers, 400);                // no source
    refused("/api/v1/ingest?source=999999", lines, headers, 404);  // unknown source
    refused(target, "not gzip at all", gzipped, 400);              // corrupt gzip
    refused(target, Gzip(lines).substr(0, 20), gzipped, 400);      // cut gzip
    auto brotli = headers;
    brotli["Content-Encoding"] = "br";
    refused(target, lines, brotli, 400);
    refused(target, std::string("\xff\xfe bad", 7), headers, 400);  // not UTF-8
    const auto json_target = "/api/v1/ingest?source=" + std::to_string(json_source);
    const auto bad_line = refused(json_target, "{\"a\":1}\nnot json\n{\"b\":2}\n", headers, 400);
    EXPECT_NE(bad_line.body.find("2"), std::string::npos) << "names the line";
    refused(json_target, "{\"a\":1}\n" + std::string(70 * 1024, 'x') + "\n", headers, 400);
    refused(target, lines, {{"Content-Type", "text/plain"}}, 401);  // no token
    // The other commune's officer cannot send to commune B's source.
    auto officer = SignedIn("officer");
    const auto other = officer.Post("/api/v1/me/tokens", R"({"name":"x"})");
    ASSERT_EQ(other.status, 201);
    refused(target, lines,
            {{"Authorization", "Bearer " + std::string(other.Json().at("token").as_string())},
             {"Content-Type", "text/plain"}},
            404);
    // A client that asks first (Expect: 100-continue, as curl does past 1 KiB) is told to go on
    // before it sends the body, and the body is taken.
    {
        asio::io_context io;
        asio::ip::tcp::socket socket(io);
        socket.connect({asio::ip::make_address("127.0.0.1"), port_});
        asio::write(socket, asio::buffer(fmt::format(
                                "POST {} HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\n"
                                "Content-Type: text/plain\r\nContent-Length: {}\r\nExpect: "
                                "100-continue\r\n\r\n",
                                target, headers["Authorization"], lines.size())));
        std::string reply;
        asio::read_until(socket, asio::dynamic_buffer(reply), "\r\n\r\n");
        EXPECT_TRUE(reply.starts_with("HTTP/1.1 100 Continue\r\n")) << reply;
        reply.clear();
        asio::write(socket, asio::buffer(lines));
        asio::read_until(socket, asio::dynamic_buffer(reply), "\r\n\r\n");
        EXPECT_TRUE(reply.starts_with("HTTP/1.1 202")) << reply;
        EXPECT_EQ(system_->pipeline()->Counters().raw.events, 6);
    }
}

TEST_P(DetectionApiTest, AFollowedFileIsReadByWholeLinesThroughRotationTruncationAndRestart) {
    // Rotation while running and while stopped, truncation, a restart.
    const auto logs = dir_.path() / "logs";
    std::filesystem::create_directories(logs);
    const auto file = logs / "auth.log";
    StartDetection({logs.string()});
    auto coordinator = SignedIn("coordinator");
    const auto source = CreateSource(coordinator, {{"unit_id", commune_a_.id.value()},
                                                   {"name", "Nhật ký auth máy chủ xã A"},
                                                   {"kind", "file"},
                                                   {"format", "syslog"},
                                                   {"path", file.string()}});
    // Not there yet: said so, and read once it appears.
    auto state = WaitFile(coordinator, source,
                          [](const json::object& f) { return !f.at("error").as_string().empty(); });
    EXPECT_NE(std::string(state.at("error").as_string()).find("Chưa có tệp"), std::string::npos);
    std::vector<std::string> lines;
    for (int i = 1; i <= 13; ++i) lines.push_back(SshFailure(i, "203.0.113.66"));
    // Three whole lines and half of the fourth: the half waits for its line break.
    Append(file, lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[3].substr(0, 20));
    state = WaitFile(coordinator, source,
                     [](const json::object& f) { return f.at("lines").as_int64() == 3; });
    EXPECT_TRUE(state.at("error").as_string().empty());
    // The rest of it, a line too long and one not UTF-8 (both refused), the fifth failure.
    Append(file, lines[3].substr(20) + "\n" + std::string(70 * 1024, 'x') + "\n\xff\xfe\n" +
                     lines[4] + "\n");
    state = WaitFile(coordinator, source,
                     [](const json::object& f) { return f.at("lines").as_int64() == 5; });
    EXPECT_EQ(state.at("refused").as_int64(), 2);
    WaitIdle();
    auto alerts = Alerts(coordinator);
    ASSERT_EQ(alerts.size(), 1u) << json::serialize(alerts);
    EXPECT_EQ(alerts[0].at("unit_id").as_int64(), commune_a_.id.value());
    EXPECT_EQ(alerts[0].at("group").as_string(), "source.ip=203.0.113.66");

    // Rotation by rename while the writer still writes to the old file: its last line is read
    // before the new file's.
    Append(file, lines[5] + "\n");
    WaitFile(coordinator, source,
             [](const json::object& f) { return f.at("lines").as_int64() == 6; });
    std::filesystem::rename(file, logs / "auth.log.1");
    Append(logs / "auth.log.1", lines[6] + "\n");
    Append(file, lines[7] + "\n" + lines[8] + "\n");
    WaitFile(coordinator, source,
             [](const json::object& f) { return f.at("lines").as_int64() == 2; });
    // Truncated in place (copytruncate): read from the start again.
    std::filesystem::resize_file(file, 0);
    Append(file, lines[9] + "\n");
    WaitFile(coordinator, source, [](const json::object& f) {
        return f.at("lines").as_int64() == 1 &&
               f.at("offset").as_int64() == f.at("size").as_int64();
    });
    WaitIdle();
    // Stopped, written to meanwhile, started again: the new line once, nothing again.
    system_->StopDetection();
    Append(file, lines[10] + "\n");
    StartDetection({logs.string()});
    WaitFile(coordinator, source,
             [](const json::object& f) { return f.at("lines").as_int64() == 2; });
    WaitIdle();
    // Stopped, written to, rotated (auth.log.1 → auth.log.2, auth.log → auth.log.1) and a new
    // auth.log written: the rest of the rotated file first, then the new one.
    system_->StopDetection();
    Append(file, lines[11] + "\n");
    std::filesystem::rename(logs / "auth.log.1", logs / "auth.log.2");
    std::filesystem::rename(file, logs / "auth.log.1");
    Append(file, lines[12] + "\n");
    StartDetection({logs.string()});
    WaitFile(coordinator, source, [](const json::object& f) {
        return f.at("lines").as_int64() == 1 &&
               f.at("offset").as_int64() == f.at("size").as_int64();
    });
    WaitIdle();
    EXPECT_EQ(StoredBodies(), lines);
}

TEST_P(DetectionApiTest, AFileImportReadsOnceToItsEndAndFilePathsAreChecked) {
    const auto logs = dir_.path() / "logs";
    const auto outside = dir_.path() / "private";
    std::filesystem::create_directories(logs);
    std::filesystem::create_directories(outside);
    auto coordinator = SignedIn("coordinator");
    const auto create = [&](const json::object& extra) {
        json::object body{{"unit_id", commune_b_.id.value()},
                          {"name", "Nhật ký web xã B (tệp)"},
                          {"kind", "file"},
                          {"format", "access"},
                          {"follow", false}};
        for (const auto& [key, value] : extra) body[key] = value;
        return coordinator.Post("/api/v1/log-sources", json::serialize(body));
    };
    // A server started without --log-files reads no file, and says how to allow it.
    StartDetection();
    auto reply = create({{"path", (logs / "access.log").string()}});
    EXPECT_EQ(reply.status, 400) << reply.body;
    EXPECT_NE(reply.body.find("--log-files"), std::string::npos) << reply.body;
    system_->StopDetection();
    StartDetection({logs.string()});
    for (const auto& bad : {std::string("access.log"), (logs / ".." / "private" / "x.log").string(),
                            (outside / "x.log").string(), logs.string() + "/", std::string()}) {
        reply = create({{"path", bad}});
        EXPECT_EQ(reply.status, 400) << bad << " " << reply.body;
    }
    // A link inside the folder to a file outside it is not read.
    Append(outside / "secret.log", "root:x:0:0\n");
    std::filesystem::create_symlink(outside / "secret.log", logs / "link.log");
    reply = create({{"path", (logs / "link.log").string()}});
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto linked = reply.Json().at("id").as_int64();
    auto state = WaitFile(coordinator, linked,
                          [](const json::object& f) { return !f.at("error").as_string().empty(); });
    EXPECT_NE(std::string(state.at("error").as_string()).find("ngoài"), std::string::npos);

    // The import: every line, the last one without a line break too, then nothing more.
    const std::string attack =
        "198.51.100.9 - - [01/Mar/2026:10:00:02 +0700] \"GET "
        "/index.php?id=1%27%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1\" 200 512 \"-\" "
        "\"Mozilla/5.0\"";
    std::string text;
    for (int i = 0; i < 2500; ++i) {
        text += fmt::format(
            "198.51.100.9 - - [01/Mar/2026:10:00:01 +0700] \"GET /page/{} HTTP/1.1\" 200 512 "
            "\"-\" \"Mozilla/5.0\"\n",
            i);
    }
    text += attack;
    Append(logs / "access.log", text);
    reply = create({{"path", (logs / "access.log").string()}});
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto imported = reply.Json().at("id").as_int64();
    EXPECT_FALSE(reply.Json().at("follow").as_bool());
    // One active source per file.
    EXPECT_EQ(create({{"path", (logs / "access.log").string()}}).status, 409);
    state = WaitFile(coordinator, imported,
                     [](const json::object& f) { return f.at("done").as_bool(); });
    EXPECT_EQ(state.at("lines").as_int64(), 2501);
    EXPECT_EQ(state.at("offset").as_int64(), static_cast<std::int64_t>(text.size()));
    Append(logs / "access.log", "\n" + attack + "\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    WaitIdle();
    const auto bodies = StoredBodies();
    EXPECT_EQ(bodies.size(), 2501u);
    EXPECT_EQ(bodies.back(), attack);
    const auto alerts = Alerts(coordinator, "?rule_id=6f1c0c52-7d0a-4e55-9b1e-0a5a2e1c0020");
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].at("unit_id").as_int64(), commune_b_.id.value());
    EXPECT_EQ(alerts[0].at("count").as_int64(), 1);
    // Followed from now on: it goes on from where the import stopped, nothing read twice.
    const auto followed =
        coordinator.Send("PUT", "/api/v1/log-sources/" + std::to_string(imported),
                         json::serialize(json::object{{"unit_id", commune_b_.id.value()},
                                                      {"name", "Nhật ký web xã B (tệp)"},
                                                      {"kind", "file"},
                                                      {"format", "access"},
                                                      {"path", (logs / "access.log").string()},
                                                      {"follow", true}}),
                         {{"Content-Type", "application/json"}});
    ASSERT_EQ(followed.status, 200) << followed.body;
    state = WaitFile(coordinator, imported,
                     [](const json::object& f) { return f.at("lines").as_int64() == 2502; });
    EXPECT_FALSE(state.at("done").as_bool());
    WaitIdle();
    EXPECT_EQ(StoredBodies().size(), 2502u);
}

TEST_P(DetectionApiTest, AutoOpenLevelRulesPerSubtreePromotionAndSettingsRefusals) {
    StartDetection();
    auto coordinator = SignedIn("coordinator");
    CreateSource(coordinator, {{"unit_id", commune_a_.id.value()},
                               {"name", "Máy chủ xã A"},
                               {"kind", "syslog"},
                               {"address", "127.0.0.1"}});
    const auto put = [&](const std::string& path, const json::object& body) {
        return coordinator.Send("PUT", path, json::serialize(body),
                                {{"Content-Type", "application/json"}});
    };
    ASSERT_EQ(
        put("/api/v1/detection/auto-open", {{"unit_id", commune_a_.id.value()}, {"level", "none"}})
            .status,
        200);
    std::vector<std::string> burst;
    for (int i = 1; i <= 5; ++i) burst.push_back(SshFailure(i, "192.0.2.44"));
    SendUdp(burst);
    WaitStored(5);
    auto alerts = Alerts(coordinator);
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].at("state").as_string(), "new");
    EXPECT_TRUE(alerts[0].at("incident_id").is_null());
    const auto alert_path =
        "/api/v1/detection/alerts/" + std::to_string(alerts[0].at("id").as_int64());
    // An officer may not promote; the coordinator does, once.
    EXPECT_EQ(SignedIn("officer").Post(alert_path + "/promote", "{}").status, 403);
    const auto promoted = coordinator.Post(alert_path + "/promote", "{}");
    ASSERT_EQ(promoted.status, 200) << promoted.body;
    EXPECT_EQ(promoted.Json().at("state").as_string(), "promoted");
    EXPECT_FALSE(promoted.Json().at("incident_id").is_null());
    EXPECT_EQ(coordinator.Post(alert_path + "/promote", "{}").status, 409);
    EXPECT_EQ(coordinator.Post(alert_path + "/dismiss", "{}").status, 409);
    EXPECT_EQ(coordinator.Get("/api/v1/detection/alerts/999999").status, 404);

    // The brute-force rule switched off for the whole province, back on for commune A only: the
    // deeper setting wins.
    const std::string rule = "6f1c0c52-7d0a-4e55-9b1e-0a5a2e1c0001";
    ASSERT_EQ(put("/api/v1/detection/rules/" + rule,
                  {{"unit_id", province_.id.value()}, {"enabled", false}})
                  .status,
              200);
    auto rules =
        coordinator.Get("/api/v1/detection/rules?unit_id=" + std::to_string(commune_b_.id.value()));
    ASSERT_EQ(rules.status, 200);
    bool seen = false;
    for (const auto& r : rules.Json().at("rules").as_array()) {
        if (r.at("id").as_string() == rule) {
            seen = true;
            EXPECT_FALSE(r.at("enabled").as_bool());
            EXPECT_EQ(r.at("decided_by").as_string(), province_.name_vi);
        }
    }
    EXPECT_TRUE(seen);
    EXPECT_EQ(rules.Json().at("auto_open_level").as_string(), "high");
    burst.clear();
    for (int i = 21; i <= 25; ++i) burst.push_back(SshFailure(i, "192.0.2.45"));
    SendUdp(burst);
    WaitStored(10);
    EXPECT_EQ(Alerts(coordinator).size(), 1u) << "switched off: no new alert";
    ASSERT_EQ(put("/api/v1/detection/rules/" + rule,
                  {{"unit_id", commune_a_.id.value()}, {"enabled", true}})
                  .status,
              200);
    burst.clear();
    for (int i = 31; i <= 35; ++i) burst.push_back(SshFailure(i, "192.0.2.46"));
    SendUdp(burst);
    WaitStored(15);
    alerts = Alerts(coordinator);
    ASSERT_EQ(alerts.size(), 2u);
    EXPECT_EQ(alerts[0].at("group").as_string(), "source.ip=192.0.2.46");

    // Refusals.
    EXPECT_EQ(put("/api/v1/detection/auto-open",
                  {{"unit_id", commune_a_.id.value()}, {"level", "urgent"}})
                  .status,
              400);
    EXPECT_EQ(
        put("/api/v1/detection/rules/no-such-rule", {{"unit_id", commune_a_.id.value()}}).status,
        404);
    auto officer = SignedIn("officer");
    EXPECT_EQ(officer
                  .Send("PUT", "/api/v1/detection/rules/" + rule,
                        json::serialize(
                            json::object{{"unit_id", commune_a_.id.value()}, {"enabled", false}}),
                        {{"Content-Type", "application/json"}})
                  .status,
              403);
    // A log source for commune A with these fields besides its unit and name.
    const auto source_status = [&](HttpClient& client, const std::string& fields) {
        return client
            .Post("/api/v1/log-sources", R"({"unit_id":)" + std::to_string(commune_a_.id.value()) +
                                             R"(,"name":"x",)" + fields + "}")
            .status;
    };
    EXPECT_EQ(source_status(coordinator, R"("kind":"syslog","address":"127.0.0.1")"), 409)
        << "one active syslog source per address";
    EXPECT_EQ(source_status(coordinator, R"("kind":"syslog")"), 400)
        << "a syslog source needs its sender's address";
    EXPECT_EQ(source_status(coordinator, R"("kind":"kafka")"), 400);
    EXPECT_EQ(source_status(officer, R"("kind":"http")"), 403);
}

TEST_P(DetectionApiTest, RuleTestRunsPastedRulesOverPastedEvents) {
    StartDetection();
    auto responder = SignedIn("responder");
    const std::string rule = R"(title: Đăng nhập bằng tài khoản root
id: 11111111-2222-3333-4444-555555555555
level: medium
logsource: {product: linux, service: sshd}
detection:
  selection:
    user.name: root
    event.outcome: failure
  condition: selection
)";
    const std::string events = SshFailure(1, "203.0.113.1") + "\n" +
                               "<38>1 2026-03-01T10:00:09+07:00 web01 sshd 4100 - - Accepted "
                               "password for root from 203.0.113.1 port 50000 ssh2\n" +
                               SshFailure(3, "203.0.113.1") + "\n";
    const auto reply = responder.Post(
        "/api/v1/detection/test",
        json::serialize(json::object{{"rules", rule}, {"events", events}, {"format", "syslog"}}));
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.Json().at("events").as_int64(), 3);
    const auto& matches = reply.Json().at("matches").as_array();
    ASSERT_EQ(matches.size(), 2u);
    EXPECT_EQ(matches[0].at("event_index").as_int64(), 0);
    EXPECT_EQ(matches[1].at("event_index").as_int64(), 2);
    // A rule that cannot run is refused with its reason; bad events are named.
    const auto broken = responder.Post(
        "/api/v1/detection/test",
        json::serialize(json::object{{"rules", "title: x\ndetection:\n  condition: nothing\n"},
                                     {"events", "{}"}}));
    ASSERT_EQ(broken.status, 200) << broken.body;
    EXPECT_EQ(broken.Json().at("refused").as_array().size(), 1u);
    EXPECT_EQ(
        responder
            .Post("/api/v1/detection/test",
                  json::serialize(json::object{
                      {"rules", rule}, {"events", "not a syslog line"}, {"format", "syslog"}}))
            .status,
        400);
    EXPECT_EQ(responder
                  .Post("/api/v1/detection/test",
                        json::serialize(json::object{
                            {"rules", rule}, {"events", "{\"a\":"}, {"format", "json"}}))
                  .status,
              400);
}

TEST_P(DetectionApiTest, DetectionResumesFromTheStoreAfterARestart) {
    // Events stored before a crash, detection not yet run on them: the store is all there is.
    const auto events_db = (dir_.path() / "events.db").string();
    {
        auto coordinator = SignedIn("coordinator");
        StartDetection();
        CreateSource(coordinator, {{"unit_id", commune_a_.id.value()},
                                   {"name", "Máy chủ xã A"},
                                   {"kind", "syslog"},
                                   {"address", "127.0.0.1"}});
        system_->StopDetection();
        auto store = storage::SqliteRawEventStore::Open(events_db);
        ASSERT_TRUE(store.ok());
        std::vector<app::IngestedEvent> stored;
        for (int i = 1; i <= 5; ++i) {
            stored.push_back(
                {0, clock_.Now(), 0, commune_a_.id, "syslog", SshFailure(i, "203.0.113.77")});
        }
        ASSERT_TRUE((*store)->Append(stored, {}).ok());
        EXPECT_EQ((*store)->Cursor().value(), 0);
    }
    StartDetection();
    WaitIdle();
    auto coordinator = SignedIn("coordinator");
    const auto alerts = Alerts(coordinator);
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].at("group").as_string(), "source.ip=203.0.113.77");
    // Restarting again matches nothing twice.
    system_->StopDetection();
    StartDetection();
    WaitIdle();
    EXPECT_EQ(Alerts(coordinator)[0].at("count").as_int64(), 1);
    const auto status = coordinator.Get("/api/v1/detection/status");
    EXPECT_EQ(status.Json().at("raw_events").as_int64(), 5);
    EXPECT_EQ(status.Json().at("detection_cursor").as_int64(), 5);
}

TEST_P(DetectionApiTest, CorrelationWindowsOpenBeforeARestartGoOnAfterIt) {
    // Three SSH failures, a restart, two more: five within ten minutes is a brute force, as if
    // the server had not stopped (the windows are refilled from the raw store at start).
    const auto events_db = (dir_.path() / "events.db").string();
    auto coordinator = SignedIn("coordinator");
    const auto store_failures = [&](int from, int to) {
        system_->StopDetection();
        auto store = storage::SqliteRawEventStore::Open(events_db);
        ASSERT_TRUE(store.ok());
        std::vector<app::IngestedEvent> stored;
        for (int i = from; i <= to; ++i) {
            stored.push_back(
                {0, clock_.Now(), 0, commune_a_.id, "syslog", SshFailure(i, "203.0.113.88")});
        }
        ASSERT_TRUE((*store)->Append(stored, {}).ok());
    };
    StartDetection();
    store_failures(1, 3);
    StartDetection();
    WaitIdle();
    EXPECT_TRUE(Alerts(coordinator).empty());
    store_failures(4, 5);
    StartDetection();
    WaitIdle();
    auto alerts = Alerts(coordinator);
    ASSERT_EQ(alerts.size(), 1u) << json::serialize(alerts);
    EXPECT_EQ(alerts[0].at("group").as_string(), "source.ip=203.0.113.88");
    EXPECT_EQ(alerts[0].at("unit_id").as_int64(), commune_a_.id.value());
    // The events matched again at the next start raise nothing a second time.
    system_->StopDetection();
    StartDetection();
    WaitIdle();
    alerts = Alerts(coordinator);
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].at("count").as_int64(), 1);
}

// Sigma rules sent with a warning run on the logs of the recipients that consent, and only
// theirs, for as long as the warning stands; rules that cannot run are refused at issue.
TEST_P(DetectionApiTest, AWarningsSigmaRulesRunWhereRecipientsConsentUntilItIsWithdrawn) {
    StartDetection();
    auto coordinator = SignedIn("coordinator");
    auto officer_b = SignedIn("officer.b");
    const std::string rule_id = "3b7e5a1c-9d2f-4c6e-8a10-5f2b7c9d0e11";
    const std::string rules =
        "title: Truy cập web shell cmd.aspx (web shell access)\nid: " + rule_id +
        "\nlevel: medium\nlogsource:\n  category: webserver\n"
        "detection:\n  shell:\n    cs-uri-stem|endswith: '/cmd.aspx'\n"
        "  condition: shell\n";
    const auto warning = [&](const std::string& text) {
        return json::serialize(json::object{
            {"issuer_unit_id", province_.id.value()},
            {"title", "Chiến dịch cài web shell vào cổng thông tin"},
            {"severity", "high"},
            {"actions", "Rà soát thư mục tải lên; bật luật phát hiện kèm theo."},
            {"deadline", core::FormatRfc3339(clock_.Now() + std::chrono::hours(72))},
            {"tlp", "amber"},
            {"indicators", json::array{}},
            {"sigma_rules", text},
            {"target",
             json::object{{"unit_id", province_.id.value()}, {"kinds", json::array{"commune"}}}}});
    };
    // Rules that would not run are refused before anything is stored, naming the field.
    const std::string correlation =
        "title: Đếm truy cập (count)\nid: c-1\ncorrelation:\n  type: event_count\n  rules: [x]\n"
        "  group-by: [c-ip]\n  timespan: 1m\n  condition: {gte: 5}\n";
    for (const auto& bad : {correlation,
                            std::string("title: Không id\nlogsource: {category: webserver}\n"
                                        "detection: {a: {x: 1}, condition: a}\n"),
                            std::string("detection: [chưa đóng"), std::string("#\n")}) {
        const auto refused = coordinator.Post("/api/v1/warnings", warning(bad));
        EXPECT_EQ(refused.status, 400) << refused.body;
        EXPECT_NE(refused.body.find("sigma_rules"), std::string::npos) << refused.body;
    }
    EXPECT_TRUE(coordinator.Get("/api/v1/warnings").Json().at("items").as_array().empty());

    const auto issued = coordinator.Post("/api/v1/warnings", warning(rules));
    ASSERT_EQ(issued.status, 201) << issued.body;
    const auto id = issued.Json().at("id").as_int64();
    const std::string path = "/api/v1/warnings/" + std::to_string(id);
    EXPECT_EQ(issued.Json().at("sigma_rules").as_string(), rules);

    const auto source_a = CreateSource(coordinator, {{"unit_id", commune_a_.id.value()},
                                                     {"name", "Web xã A"},
                                                     {"kind", "http"},
                                                     {"format", "access"}});
    const auto source_b = CreateSource(coordinator, {{"unit_id", commune_b_.id.value()},
                                                     {"name", "Web xã B"},
                                                     {"kind", "http"},
                                                     {"format", "access"}});
    int second = 0;
    const auto send_shell = [&](std::int64_t source) {
        const auto line = fmt::format(
            "198.51.100.{} - - [01/Mar/2026:10:00:{:02} +0700] \"GET /upload/cmd.aspx HTTP/1.1\" "
            "200 512 \"-\" \"curl/8.0\"\n",
            source, second++ % 60);
        const auto reply =
            coordinator.Send("POST", "/api/v1/ingest?source=" + std::to_string(source), line,
                             {{"Content-Type", "text/plain"}});
        ASSERT_EQ(reply.status, 202) << reply.body;
    };
    const auto shell_alerts = [&](const domain::Unit& unit) {
        return Alerts(coordinator,
                      "?unit_id=" + std::to_string(unit.id.value()) + "&rule_id=" + rule_id);
    };

    // No unit has consented: the rules run nowhere.
    ASSERT_TRUE(system_->warning_rules().Refresh().ok());
    send_shell(source_a);
    WaitIdle();
    EXPECT_TRUE(shell_alerts(commune_a_).empty());
    EXPECT_TRUE(coordinator.Get(path).Json().at("rules").at("running").as_array().empty());

    // Consent is a setting of the unit: commune B's officer cannot give it for commune A.
    const std::string consent = "/api/v1/detection/warning-rules";
    const auto consent_a =
        json::serialize(json::object{{"unit_id", commune_a_.id.value()}, {"accept", true}});
    EXPECT_NE(officer_b.Send("PUT", consent, consent_a).status, 200);
    EXPECT_EQ(officer_b.Send("PUT", consent, R"({"unit_id":"x","accept":true})").status, 400);
    ASSERT_EQ(coordinator.Send("PUT", consent, consent_a).status, 200);
    ASSERT_TRUE(system_->warning_rules().Refresh().ok());
    EXPECT_FALSE(*system_->warning_rules().Refresh()) << "nothing changed: nothing redeployed";

    const auto view = coordinator.Get(path).Json();
    ASSERT_EQ(view.at("rules").at("running").as_array().size(), 1u) << json::serialize(view);
    EXPECT_EQ(view.at("rules").at("running").at(0).at("id").as_string(), rule_id);
    EXPECT_EQ(view.at("rules").at("consenting_unit_ids"), (json::array{commune_a_.id.value()}));
    const auto rules_a =
        coordinator.Get("/api/v1/detection/rules?unit_id=" + std::to_string(commune_a_.id.value()))
            .Json();
    EXPECT_TRUE(rules_a.at("warning_rules").as_bool());
    bool listed = false;
    for (const auto& rule : rules_a.at("rules").as_array()) {
        if (rule.at("id").as_string() == rule_id) {
            listed = true;
            EXPECT_EQ(rule.at("warnings"), (json::array{id}));
        }
    }
    EXPECT_TRUE(listed) << json::serialize(rules_a);

    // Commune A's logs meet the rule, commune B's (no consent) do not.
    send_shell(source_a);
    send_shell(source_b);
    WaitIdle();
    auto alerts = shell_alerts(commune_a_);
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].at("rule_title").as_string(),
              "Truy cập web shell cmd.aspx (web shell access)");
    EXPECT_EQ(alerts[0].at("subject").as_string(), fmt::format("198.51.100.{}", source_a));
    EXPECT_TRUE(shell_alerts(commune_b_).empty());

    // Withdrawn: the rules stop.
    ASSERT_EQ(coordinator.Post(path + "/withdraw", "").status, 200);
    ASSERT_TRUE(*system_->warning_rules().Refresh());
    EXPECT_TRUE(coordinator.Get(path).Json().at("rules").at("running").as_array().empty());
    send_shell(source_a);
    WaitIdle();
    alerts = shell_alerts(commune_a_);
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].at("count").as_int64(), 1) << "no match after the withdrawal";
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         DetectionApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
