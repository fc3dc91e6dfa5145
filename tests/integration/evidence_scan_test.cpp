// Malware scanning of evidence over the API, on both engines: a web shell planted in a zipped
// log bundle is found by the shipped YARA rules and shown on the attachment, the incident's
// timeline and its observables; a sample listed in a ClamAV database written here is found by
// ClamAV; an archive bomb is refused with its reason and nothing is stored.
#include <fstream>

#include "api_fixture.hpp"
#include "support/archives.hpp"

namespace ungcuu::testing {
namespace {

const std::map<std::string, std::string> kRaw = {{"Content-Type", "application/octet-stream"}};
constexpr std::string_view kSample = "ungcuu: a harmless sample listed by its hash only\n";

class EvidenceScanTest : public ApiTest {
protected:
    void Configure(bin::WiringOptions& wiring) override {
        const auto db = dir_.path() / "clamav";
        std::filesystem::create_directories(db);
        std::ofstream(db / "province.hdb")
            << Md5Hex(kSample) << ":" << kSample.size() << ":Ungcuu.Test.Sample\n";
        wiring.scan.clamav_db = db.string();
    }

    std::string NewIncident(HttpClient& client) {
        const auto system = AddSystem(client, "XAA-WEB", commune_a_);
        const auto created = client.Post("/api/v1/incidents", json::serialize(Mau03(system)));
        EXPECT_EQ(created.status, 201) << created.body;
        return "/api/v1/incidents/" + std::to_string(created.Json().at("id").as_int64());
    }
};

TEST_P(EvidenceScanTest, AWebShellInALogBundleIsFoundNamedAndNotedOnTheIncident) {
    HttpClient officer = SignedIn("officer");
    const std::string path = NewIncident(officer);
    const std::string shell = "<?php if(isset($_REQUEST['c'])){ system($_REQUEST['c']); } ?>\n";
    const auto bundle = ZipOf({{"access.log", "10.0.0.9 - - GET /upload/anh.php?c=id 200\n"},
                               {"www/upload/anh.php", shell}});
    const auto reply =
        officer.Send("POST", path + "/attachments?name=bang-chung.zip", bundle, kRaw);
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto reply_json = reply.Json();
    const auto& item = reply_json.at("attachments").at(0).as_object();
    const auto& scan = item.at("scan").as_object();
    EXPECT_EQ(scan.at("verdict").as_string(), "infected");
    ASSERT_EQ(scan.at("findings").as_array().size(), 1U) << json::serialize(scan);
    const auto& finding = scan.at("findings").at(0).as_object();
    EXPECT_EQ(finding.at("engine").as_string(), "yara");
    EXPECT_EQ(finding.at("rule").as_string(), "webshell_php_request_exec");
    EXPECT_EQ(finding.at("member").as_string(), "www/upload/anh.php");
    EXPECT_NE(std::string(finding.at("description").as_string()).find("Web shell PHP"),
              std::string::npos);
    EXPECT_NE(std::string(scan.at("engines").as_string()).find("ClamAV"), std::string::npos);

    // The timeline says so, and the file's digest is an observable of the incident.
    const auto details = officer.Get(path).Json();
    bool noted = false;
    for (const auto& e : details.at("timeline").as_array()) {
        if (e.at("kind").as_string() == "malware") {
            noted = true;
            EXPECT_NE(std::string(e.at("note").as_string()).find("anh.php"), std::string::npos);
            EXPECT_NE(std::string(e.at("note").as_string()).find("A3"), std::string::npos);
        }
    }
    EXPECT_TRUE(noted) << json::serialize(details.at("timeline"));
    bool observed = false;
    for (const auto& o : details.at("observables").as_array()) {
        observed = observed || (o.at("kind").as_string() == "hash" &&
                                o.at("value").as_string() == item.at("sha256").as_string());
    }
    EXPECT_TRUE(observed) << json::serialize(details.at("observables"));

    // An ordinary log is clean and adds nothing to the timeline but its attachment line.
    const auto log =
        officer.Send("POST", path + "/attachments?name=auth.log",
                     "Dec  7 07:15:02 web sshd[811]: Accepted password for admin\n", kRaw);
    ASSERT_EQ(log.status, 201);
    EXPECT_EQ(log.Json().at("attachments").at(1).at("scan").at("verdict").as_string(), "clean");
}

TEST_P(EvidenceScanTest, ASampleInTheClamavDatabaseIsFound) {
    HttpClient officer = SignedIn("officer");
    const std::string path = NewIncident(officer);
    const auto reply =
        officer.Send("POST", path + "/attachments?name=mau.txt", std::string(kSample), kRaw);
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto reply_json = reply.Json();
    const auto& scan = reply_json.at("attachments").at(0).at("scan").as_object();
    EXPECT_EQ(scan.at("verdict").as_string(), "infected");
    ASSERT_EQ(scan.at("findings").as_array().size(), 1U);
    EXPECT_EQ(scan.at("findings").at(0).at("engine").as_string(), "clamav");
    EXPECT_TRUE(std::string(scan.at("findings").at(0).at("rule").as_string())
                    .starts_with("Ungcuu.Test.Sample"));
}

TEST_P(EvidenceScanTest, AnArchiveBombIsRefusedWithItsReasonAndNothingIsStored) {
    HttpClient officer = SignedIn("officer");
    const std::string path = NewIncident(officer);
    const auto audit_before = AuditCount();
    const auto bomb = ZipOf({{"nhat-ky.log", std::string(40U << 20, 'A')}});
    ASSERT_LT(bomb.size(), 200U << 10);
    const auto reply = officer.Send("POST", path + "/attachments?name=nhat-ky.zip", bomb, kRaw);
    ASSERT_EQ(reply.status, 413) << reply.body;
    const std::string message(reply.Json().at("message_vi").as_string());
    EXPECT_NE(message.find("zip bomb"), std::string::npos) << message;
    EXPECT_NE(message.find("gấp quá"), std::string::npos) << message;
    EXPECT_EQ(AuditCount(), audit_before);
    EXPECT_TRUE(officer.Get(path).Json().at("attachments").as_array().empty());
    std::size_t files = 0;
    if (std::filesystem::exists(dir_.path() / "uploads")) {
        for (const auto& entry :
             std::filesystem::recursive_directory_iterator(dir_.path() / "uploads")) {
            files += entry.is_regular_file() ? 1 : 0;
        }
    }
    EXPECT_EQ(files, 0U) << "the bomb's bytes were not kept";
    // Someone without access to the incident is refused before anything is opened.
    HttpClient other = SignedIn("officer.b");
    EXPECT_EQ(other.Send("POST", path + "/attachments?name=nhat-ky.zip", bomb, kRaw).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         EvidenceScanTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
