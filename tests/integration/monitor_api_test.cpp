// The website monitor end to end: a real ungcuu on both engines watching a loopback fleet of
// HTTPS sites (one server answering for every host name with certificates of a test CA) whose
// names Debian's dnsmasq resolves; the fleet's pages are defaced, spammed, taken down, sent
// elsewhere, given other certificates and DNS records, and the API shows what the monitor found,
// with the incidents it opened and their evidence.

#include <thread>

#include "api_fixture.hpp"
#include "support/archives.hpp"
#include "support/web_fleet.hpp"

namespace ungcuu::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPortal =
    "<html><head><title>Cổng thông tin điện tử xã A</title></head><body><h1>Ủy ban nhân dân xã "
    "A</h1><p>Ủy ban nhân dân xã A thông báo lịch tiếp công dân tháng mười hai tại trụ sở ủy ban "
    "vào sáng thứ năm hằng tuần. Người dân mang theo giấy tờ tùy thân và hồ sơ liên quan.</p>"
    "<a href=\"/tin-tuc\">Tin tức</a></body></html>";

class MonitorApiTest : public ApiTest {
protected:
    static constexpr const char* kHosts[] = {
        "congxa-a.p.gov.vn", "congxa-b.p.gov.vn", "dichvu.p.gov.vn",   "tintuc.p.gov.vn",
        "hoso.p.gov.vn",     "vanban.p.gov.vn",   "lichtiep.p.gov.vn", "thutuc.p.gov.vn"};

    void Configure(bin::WiringOptions& wiring) override { wiring.monitor_policy.recheck = 200ms; }

    void SetUp() override {
        ApiTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        if (!DnsServer::Available()) {
            GTEST_SKIP() << "dnsmasq is not installed (apt-get install dnsmasq-base): the website "
                            "monitor's fleet tests did not run";
        }
        // The fleet's certificates are checked by the real time; so is the monitor's clock here.
        clock_.Advance(std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now() - clock_.Now()));
        fleet_ =
            std::make_unique<WebFleet>(dir_.path() / "fleet", std::chrono::system_clock::now());
        ASSERT_TRUE(fleet_->Start());
        dns_ = std::make_unique<DnsServer>(dir_.path() / "dns");
        for (const char* host : kHosts) {
            records_[host] = "127.0.0.1";
        }
        ASSERT_TRUE(dns_->Start(records_, {{"congxa-a.p.gov.vn", "10 mail.p.gov.vn"}}));
        bin::MonitorWiring wiring;
        wiring.options.dns.server = dns_->address();
        wiring.options.ca_file = fleet_->ca_file();
        wiring.options.bot_every = 1;
        wiring.options.allow_machine_addresses = allow_machine_;
        wiring.options.batch = 20ms;
        wiring.options.reload = 1s;
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

    std::string Url(const std::string& host) const {
        return fmt::format("https://{}:{}/", host, fleet_->https_port());
    }

    std::int64_t Watch(HttpClient& client, const std::string& host, const domain::Unit& unit) {
        const auto reply = client.Post(
            "/api/v1/monitors",
            json::serialize(json::object{
                {"unit_id", unit.id.value()}, {"url", Url(host)}, {"name", "Trang " + host}}));
        EXPECT_EQ(reply.status, 201) << reply.body;
        return reply.status == 201 ? reply.Json().at("id").as_int64() : 0;
    }

    json::object Site(HttpClient& client, std::int64_t id) {
        const auto reply = client.Get(fmt::format("/api/v1/monitors/{}", id));
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.Json().as_object();
    }

    /// Checks the site now and waits for the check to be recorded (the clock moves a second so
    /// that the check's time tells it apart).
    json::object CheckNow(HttpClient& client, std::int64_t id) {
        clock_.Advance(1s);
        const auto expected = core::FormatRfc3339(clock_.Now());
        system_->website_monitor()->CheckSoon(domain::MonitorTargetId{id});
        return WaitSite(client, id, [&](const json::object& site) {
            return site.at("last_check").is_string() &&
                   site.at("last_check").as_string() == expected;
        });
    }

    json::object WaitSite(HttpClient& client,
                          std::int64_t id,
                          const std::function<bool(const json::object&)>& done) {
        json::object site;
        for (int i = 0; i < 600; ++i) {
            site = Site(client, id);
            if (done(site)) {
                return site;
            }
            std::this_thread::sleep_for(50ms);
        }
        ADD_FAILURE() << "the site never got there: " << json::serialize(site);
        return site;
    }

    static std::vector<std::string> Kinds(const json::object& site) {
        std::vector<std::string> kinds;
        for (const auto& event : site.at("events").as_array()) {
            kinds.emplace_back(event.at("kind").as_string());
        }
        return kinds;
    }

    static const json::object* Event(const json::object& site, std::string_view kind) {
        for (const auto& event : site.at("events").as_array()) {
            if (event.at("kind").as_string() == kind) {
                return &event.as_object();
            }
        }
        return nullptr;
    }

    static bool Has(const std::vector<std::string>& kinds, std::string_view kind) {
        return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
    }

    /// The incident once its page says `text` (notes are added right after a check is recorded).
    std::string WaitIncidentSays(HttpClient& client, std::int64_t id, const std::string& text) {
        std::string body;
        for (int i = 0; i < 600; ++i) {
            body = client.Get(fmt::format("/api/v1/incidents/{}", id)).body;
            if (body.find(text) != std::string::npos) {
                return body;
            }
            std::this_thread::sleep_for(50ms);
        }
        ADD_FAILURE() << "the incident never said \"" << text << "\": " << body;
        return body;
    }

    json::array MonitorIncidents(HttpClient& client) {
        const auto reply = client.Get("/api/v1/incidents?source=monitor&limit=100");
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.Json().at("items").as_array();
    }

    bool allow_machine_ = true;  // the fleet is on loopback
    std::unique_ptr<WebFleet> fleet_;
    std::unique_ptr<DnsServer> dns_;
    std::map<std::string, std::string> records_;
};

TEST_P(MonitorApiTest, SitesAreProposedFromTheRegistryAndBadInputIsRefusedWithNothingStored) {
    auto coordinator = SignedIn("coordinator");
    const auto system = AddSystem(coordinator, "XA-A-CONG", commune_a_,
                                  {{"domains", json::array{"congxa-a.p.gov.vn"}}});
    const auto proposals =
        coordinator.Get(fmt::format("/api/v1/monitors/proposals?unit_id={}", province_.id.value()));
    ASSERT_EQ(proposals.status, 200) << proposals.body;
    const auto& items = proposals.Json().at("items").as_array();
    ASSERT_EQ(items.size(), 1u) << proposals.body;
    EXPECT_EQ(items[0].at("url").as_string(), "https://congxa-a.p.gov.vn/");
    EXPECT_EQ(items[0].at("system_id").as_int64(), system);
    EXPECT_EQ(items[0].at("unit_id").as_int64(), commune_a_.id.value());

    const auto refused = [&](HttpClient& client, const json::object& body, int status,
                             std::string_view field) {
        const auto reply = client.Post("/api/v1/monitors", json::serialize(body));
        EXPECT_EQ(reply.status, status) << reply.body;
        if (!field.empty()) {
            EXPECT_NE(reply.body.find(field), std::string::npos) << reply.body;
        }
    };
    const auto unit = commune_a_.id.value();
    refused(coordinator, {{"unit_id", unit}, {"url", "javascript:alert(1)"}}, 400, "url");
    refused(coordinator, {{"unit_id", unit}, {"url", "https://a.gov.vn/\r\nX-Injected: 1"}}, 400,
            "url");
    refused(coordinator, {{"unit_id", unit}, {"url", "https://" + std::string(3000, 'a') + ".vn/"}},
            400, "url");
    refused(coordinator, {{"unit_id", unit}, {"url", "https://a.gov.vn/"}, {"interval_seconds", 5}},
            400, "interval_seconds");
    refused(coordinator, {{"unit_id", unit}, {"url", "https://a.gov.vn/"}, {"colour", "red"}}, 400,
            "colour");
    // A system of another commune cannot be named; another commune's officer cannot add one.
    const auto other = AddSystem(coordinator, "XA-B-CONG", commune_b_);
    refused(coordinator, {{"unit_id", unit}, {"url", "https://a.gov.vn/"}, {"system_id", other}},
            400, "system_id");
    auto officer_b = SignedIn("officer.b");
    const auto foreign = officer_b.Post(
        "/api/v1/monitors",
        json::serialize(json::object{{"unit_id", unit}, {"url", "https://a.gov.vn/"}}));
    EXPECT_TRUE(foreign.status == 403 || foreign.status == 404) << foreign.body;
    const auto listed = coordinator.Get("/api/v1/monitors");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.Json().at("counts").at("total").as_int64(), 0) << listed.body;
    EXPECT_EQ(coordinator.Get("/api/v1/monitors?state=sideways").status, 400);
    EXPECT_EQ(coordinator.Get("/api/v1/monitors?offset=-1").status, 400);

    // The same URL twice for one unit is refused; the proposal is gone once it is watched.
    const auto first = Watch(coordinator, "congxa-a.p.gov.vn", commune_a_);
    EXPECT_NE(first, 0);
    const auto again = coordinator.Post(
        "/api/v1/monitors",
        json::serialize(json::object{{"unit_id", unit}, {"url", Url("congxa-a.p.gov.vn")}}));
    EXPECT_EQ(again.status, 409) << again.body;
    EXPECT_TRUE(coordinator.Get(fmt::format("/api/v1/monitors/proposals?unit_id={}", unit))
                    .Json()
                    .at("items")
                    .as_array()
                    .empty());
    // Another commune's officer does not see it, not even as a count.
    const auto seen_by_b = officer_b.Get("/api/v1/monitors");
    EXPECT_EQ(seen_by_b.Json().at("counts").at("total").as_int64(), 0) << seen_by_b.body;
    EXPECT_EQ(officer_b.Get(fmt::format("/api/v1/monitors/{}", first)).status, 404);
}

TEST_P(MonitorApiTest, ADefacementAndInjectedSpamOpenOneIncidentEachWithVerifiedEvidence) {
    auto coordinator = SignedIn("coordinator");
    const std::string host = "congxa-a.p.gov.vn";
    fleet_->Set(host, {.body = kPortal});
    const auto id = Watch(coordinator, host, commune_a_);
    auto site = CheckNow(coordinator, id);
    EXPECT_TRUE(site.at("baseline_at").is_string()) << json::serialize(site);
    EXPECT_EQ(site.at("state").as_string(), "up");
    EXPECT_TRUE(Has(Kinds(site), "baseline"));
    const auto& dns = site.at("dns").as_array();
    EXPECT_NE(std::find(dns.begin(), dns.end(), json::value("A 127.0.0.1")), dns.end());
    EXPECT_NE(std::find(dns.begin(), dns.end(), json::value("MX 10 mail.p.gov.vn")), dns.end());
    EXPECT_TRUE(site.at("cert_not_after").is_string());

    // A small legitimate edit under the threshold: nothing.
    std::string edited = kPortal;
    edited.replace(edited.find("sáng thứ năm"), std::string("sáng thứ năm").size(), "sáng thứ sáu");
    fleet_->Set(host, {.body = edited});
    site = CheckNow(coordinator, id);
    EXPECT_FALSE(Has(Kinds(site), "content")) << json::serialize(site);
    EXPECT_TRUE(MonitorIncidents(coordinator).empty());

    // Defaced.
    const std::string defaced =
        "<html><head><title>Hacked by Anonymous</title></head><body><h1>HACKED BY ANONYMOUS"
        "</h1><p>Your security is zero.</p></body></html>";
    fleet_->Set(host, {.body = defaced});
    CheckNow(coordinator, id);
    // The incident is opened, and its evidence captured, right after the check is recorded.
    site = WaitSite(coordinator, id,
                    [](const json::object& s) { return s.at("content_incident_id").is_int64(); });
    const auto* event = Event(site, "content");
    ASSERT_NE(event, nullptr) << json::serialize(site);
    ASSERT_TRUE(event->at("incident_id").is_int64()) << json::serialize(*event);
    const auto incident_id = event->at("incident_id").as_int64();
    EXPECT_EQ(site.at("content_incident_id").as_int64(), incident_id);
    CheckNow(coordinator, id);  // still defaced: no second incident
    ASSERT_EQ(MonitorIncidents(coordinator).size(), 1u);

    const auto incident = coordinator.Get(fmt::format("/api/v1/incidents/{}", incident_id));
    ASSERT_EQ(incident.status, 200) << incident.body;
    const auto& details = incident.Json().as_object();
    EXPECT_EQ(details.at("source").as_string(), "monitor");
    EXPECT_EQ(details.at("unit_id").as_int64(), commune_a_.id.value());
    EXPECT_EQ(details.at("scenarios").as_array(), json::array{"A5"});
    // The evidence: the page as served (its digest is that of the fleet's bytes), the headers,
    // the list of files with their digests, and a picture when Chromium is installed.
    std::map<std::string, std::string> files;
    for (const auto& attachment : details.at("attachments").as_array()) {
        const auto download = coordinator.Get(fmt::format(
            "/api/v1/incidents/{}/attachments/{}", incident_id, attachment.at("id").as_int64()));
        ASSERT_EQ(download.status, 200);
        const std::string name(attachment.at("name").as_string());
        EXPECT_EQ(attachment.at("sha256").as_string(), Sha256Hex(download.body)) << name;
        files[name.substr(0, name.find('-'))] = download.body;
    }
    ASSERT_TRUE(files.contains("trang")) << incident.body;
    EXPECT_EQ(Sha256Hex(files["trang"]), Sha256Hex(defaced));
    ASSERT_TRUE(files.contains("phan")) << incident.body;
    EXPECT_NE(files["phan"].find("Server: fleet"), std::string::npos);
    ASSERT_TRUE(files.contains("bang")) << incident.body;
    const auto& manifest = files["bang"];
    EXPECT_NE(manifest.find(Sha256Hex(defaced)), std::string::npos) << manifest;
    EXPECT_NE(manifest.find(Url(host)), std::string::npos) << manifest;
    if (access("/usr/bin/chromium", X_OK) == 0) {
        ASSERT_TRUE(files.contains("anh")) << manifest;
        EXPECT_EQ(files["anh"].substr(1, 3), "PNG");
        EXPECT_NE(manifest.find(Sha256Hex(files["anh"])), std::string::npos) << manifest;
    }

    // Restored: recorded on the site and noted on the incident.
    fleet_->Set(host, {.body = kPortal});
    site = CheckNow(coordinator, id);
    EXPECT_TRUE(Has(Kinds(site), "restored"));
    WaitIncidentSays(coordinator, incident_id, "trở lại như bản chuẩn");

    // Betting spam hidden from readers on another site: its own incident, naming the words.
    const std::string spam_host = "congxa-b.p.gov.vn";
    fleet_->Set(spam_host, {.body = kPortal});
    const auto spam_id = Watch(coordinator, spam_host, commune_b_);
    CheckNow(coordinator, spam_id);
    std::string spammed = kPortal;
    spammed.insert(spammed.find("</body>"),
                   "<div style=\"display:none\"><a href=\"https://nhacai-uytin.example/\">nhà cái "
                   "uy tín</a> nổ hũ đổi thưởng, tài xỉu online</div>");
    fleet_->Set(spam_host, {.body = spammed});
    CheckNow(coordinator, spam_id);
    site = WaitSite(coordinator, spam_id,
                    [](const json::object& s) { return s.at("content_incident_id").is_int64(); });
    const auto* spam = Event(site, "content");
    ASSERT_NE(spam, nullptr) << json::serialize(site);
    EXPECT_NE(json::serialize(spam->at("evidence")).find("nổ hũ"), std::string::npos)
        << json::serialize(*spam);
    ASSERT_TRUE(spam->at("incident_id").is_int64());
    const auto spam_incident =
        coordinator.Get(fmt::format("/api/v1/incidents/{}", spam->at("incident_id").as_int64()));
    EXPECT_EQ(spam_incident.Json().at("unit_id").as_int64(), commune_b_.id.value());
    EXPECT_EQ(MonitorIncidents(coordinator).size(), 2u);
}

TEST_P(MonitorApiTest, AnOutageIsConfirmedByASecondCheckAndItsRecoveryNoted) {
    auto coordinator = SignedIn("coordinator");
    const std::string host = "dichvu.p.gov.vn";
    fleet_->Set(host, {.body = kPortal});
    const auto id = Watch(coordinator, host, commune_a_);
    CheckNow(coordinator, id);
    fleet_->Set(host, {.status = 503, .body = "Service Unavailable"});
    clock_.Advance(1s);
    system_->website_monitor()->CheckSoon(domain::MonitorTargetId{id});
    // The first failure is checked again at once (the recheck), which confirms it.
    auto site = WaitSite(coordinator, id, [](const json::object& s) {
        return s.at("state").as_string() == "down" && s.at("outage_incident_id").is_int64();
    });
    const auto* down = Event(site, "down");
    ASSERT_NE(down, nullptr) << json::serialize(site);
    EXPECT_NE(down->at("summary_vi").as_string().find("503"), std::string::npos);
    ASSERT_TRUE(down->at("incident_id").is_int64()) << json::serialize(*down);
    const auto incident_id = down->at("incident_id").as_int64();
    const auto incident = coordinator.Get(fmt::format("/api/v1/incidents/{}", incident_id));
    EXPECT_EQ(incident.Json().at("scenarios").as_array(), json::array{"B3"});

    fleet_->Set(host, {.body = kPortal});
    site = CheckNow(coordinator, id);
    EXPECT_EQ(site.at("state").as_string(), "up");
    EXPECT_TRUE(Has(Kinds(site), "up"));
    WaitIncidentSays(coordinator, incident_id, "hoạt động trở lại");
    // The list shows uptime from the hours counted.
    const auto list = coordinator.Get("/api/v1/monitors");
    ASSERT_EQ(list.status, 200);
    const auto& row = list.Json().at("items").as_array()[0];
    EXPECT_TRUE(row.at("uptime_day").is_double()) << list.body;
    EXPECT_LT(row.at("uptime_day").as_double(), 100.0);
}

TEST_P(MonitorApiTest, CertificatesDnsChangesCloakingAndForeignRedirectsAreFound) {
    auto coordinator = SignedIn("coordinator");
    // A certificate ten days from expiry.
    fleet_->Set("tintuc.p.gov.vn", {.body = kPortal, .cert = FleetCert::kExpiring});
    const auto expiring = Watch(coordinator, "tintuc.p.gov.vn", commune_a_);
    auto site = CheckNow(coordinator, expiring);
    const auto* cert = Event(site, "cert_expiring");
    ASSERT_NE(cert, nullptr) << json::serialize(site);
    EXPECT_NE(cert->at("summary_vi").as_string().find("hết hạn sau 10 ngày"), std::string::npos)
        << cert->at("summary_vi").as_string();
    EXPECT_EQ(site.at("state").as_string(), "up");

    // A certificate made out to another name: the page is still read, the problem recorded.
    fleet_->Set("thutuc.p.gov.vn", {.body = kPortal, .cert = FleetCert::kWrongHost});
    const auto wrong = Watch(coordinator, "thutuc.p.gov.vn", commune_a_);
    site = CheckNow(coordinator, wrong);
    EXPECT_TRUE(Has(Kinds(site), "cert_problem")) << json::serialize(site);
    EXPECT_EQ(site.at("state").as_string(), "up");

    // The DNS record changed.
    fleet_->Set("hoso.p.gov.vn", {.body = kPortal});
    const auto moved = Watch(coordinator, "hoso.p.gov.vn", commune_a_);
    CheckNow(coordinator, moved);
    records_["hoso.p.gov.vn"] = "127.0.0.2";
    dns_->Update(records_);
    site = CheckNow(coordinator, moved);
    const auto* dns = Event(site, "dns_changed");
    ASSERT_NE(dns, nullptr) << json::serialize(site);
    EXPECT_EQ(dns->at("evidence"), (json::array{"- A 127.0.0.1", "+ A 127.0.0.2"}));

    // Search engines get betting spam that readers do not see.
    fleet_->Set("vanban.p.gov.vn", {.body = kPortal});
    const auto cloaked = Watch(coordinator, "vanban.p.gov.vn", commune_a_);
    CheckNow(coordinator, cloaked);
    fleet_->Set("vanban.p.gov.vn",
                {.body = kPortal,
                 .bot_body = "<html><head><title>Nhà cái uy tín</title></head><body>nhà cái cá "
                             "cược bóng đá, nổ hũ, tài xỉu, bắn cá đổi thưởng</body></html>"});
    CheckNow(coordinator, cloaked);
    site = WaitSite(coordinator, cloaked,
                    [](const json::object& s) { return s.at("content_incident_id").is_int64(); });
    const auto* cloaking = Event(site, "cloaking");
    ASSERT_NE(cloaking, nullptr) << json::serialize(site);
    EXPECT_TRUE(cloaking->at("incident_id").is_int64());

    // Readers sent to a foreign site.
    fleet_->Set("lichtiep.p.gov.vn", {.body = kPortal});
    const auto redirected = Watch(coordinator, "lichtiep.p.gov.vn", commune_a_);
    CheckNow(coordinator, redirected);
    fleet_->Set("lichtiep.p.gov.vn",
                {.status = 302, .location = "https://nhacai-uytin.example/khuyen-mai"});
    site = CheckNow(coordinator, redirected);
    const auto* foreign = Event(site, "foreign_redirect");
    ASSERT_NE(foreign, nullptr) << json::serialize(site);
    EXPECT_EQ(foreign->at("evidence"), json::array{"https://nhacai-uytin.example/khuyen-mai"});
}

TEST_P(MonitorApiTest, ALegitimateRedesignIsApprovedAsTheBaselineAndSitesCanBePublished) {
    auto coordinator = SignedIn("coordinator");
    const std::string host = "congxa-a.p.gov.vn";
    fleet_->Set(host, {.body = kPortal});
    const auto id = Watch(coordinator, host, commune_a_);
    CheckNow(coordinator, id);
    const std::string redesign =
        "<html><head><title>Cổng thông tin điện tử xã A</title></head><body><p>Giao diện mới: "
        "dịch vụ công trực tuyến, hỏi đáp, thủ tục hành chính, văn bản chỉ đạo điều hành, lịch "
        "công tác tuần của lãnh đạo xã.</p></body></html>";
    fleet_->Set(host, {.body = redesign});
    auto site = CheckNow(coordinator, id);
    ASSERT_TRUE(Has(Kinds(site), "content")) << json::serialize(site);
    // Another commune's officer may not approve it (nor see it); the coordinator does.
    auto officer_b = SignedIn("officer.b");
    EXPECT_EQ(officer_b.Post(fmt::format("/api/v1/monitors/{}/baseline", id), "").status, 404);
    auto auditor = SignedIn("auditor");
    EXPECT_EQ(auditor.Post(fmt::format("/api/v1/monitors/{}/baseline", id), "").status, 403);
    const auto approved = coordinator.Post(fmt::format("/api/v1/monitors/{}/baseline", id), "");
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_TRUE(approved.Json().at("findings").as_array().empty()) << approved.body;
    site = CheckNow(coordinator, id);
    EXPECT_TRUE(site.at("findings").as_array().empty()) << json::serialize(site);
    EXPECT_EQ(Kinds(site).front(), "baseline");

    // Published on the public status page, which needs no account and shows nothing else.
    HttpClient anonymous(port_);
    EXPECT_TRUE(anonymous.Get("/api/v1/public/status").Json().at("items").as_array().empty());
    auto settings = json::object{{"url", Url(host)},
                                 {"name", "Cổng xã A"},
                                 {"interval_seconds", 120},
                                 {"public_status", true}};
    const auto changed =
        coordinator.Send("PUT", fmt::format("/api/v1/monitors/{}", id), json::serialize(settings));
    ASSERT_EQ(changed.status, 200) << changed.body;
    const auto published = anonymous.Get("/api/v1/public/status");
    ASSERT_EQ(published.status, 200);
    const auto& items = published.Json().at("items").as_array();
    ASSERT_EQ(items.size(), 1u) << published.body;
    EXPECT_EQ(items[0].at("name").as_string(), "Cổng xã A");
    EXPECT_EQ(items[0].at("state").as_string(), "up");
    EXPECT_EQ(published.body.find("congxa-a"), std::string::npos) << published.body;

    const auto removed = coordinator.Send("DELETE", fmt::format("/api/v1/monitors/{}", id));
    EXPECT_EQ(removed.status, 204) << removed.body;
    EXPECT_EQ(coordinator.Get(fmt::format("/api/v1/monitors/{}", id)).status, 404);
}

/// A deployment that does not allow the monitor's own addresses (the default of `serve`).
class MonitorAddressTest : public MonitorApiTest {
protected:
    MonitorAddressTest() { allow_machine_ = false; }
};

TEST_P(MonitorAddressTest, SitesOnTheMonitorsOwnAddressesAreNotFetched) {
    auto coordinator = SignedIn("coordinator");
    fleet_->Set("congxa-a.p.gov.vn", {.body = kPortal});
    const auto before = fleet_->requests();
    // A name resolving to this machine, and the address itself.
    const auto named = Watch(coordinator, "congxa-a.p.gov.vn", commune_a_);
    const auto site = CheckNow(coordinator, named);
    EXPECT_NE(site.at("error").as_string().find("chính máy giám sát"), std::string::npos)
        << json::serialize(site);
    EXPECT_TRUE(site.at("baseline_at").is_null());
    const auto literal =
        coordinator.Post("/api/v1/monitors",
                         json::serialize(json::object{
                             {"unit_id", commune_a_.id.value()},
                             {"url", fmt::format("http://127.0.0.1:{}/", fleet_->http_port())}}));
    ASSERT_EQ(literal.status, 201) << literal.body;
    const auto direct = CheckNow(coordinator, literal.Json().at("id").as_int64());
    EXPECT_NE(direct.at("error").as_string().find("127.0.0.1"), std::string::npos)
        << json::serialize(direct);
    EXPECT_EQ(fleet_->requests(), before);  // nothing reached the machine's own servers
}

/// A monitor that waits for the test to confirm failures (no recheck of its own) and holds
/// outage incidents when half of 4 or more sites fail at once.
class MassOutageTest : public MonitorApiTest {
protected:
    void Configure(bin::WiringOptions& wiring) override {
        wiring.monitor_policy.recheck = std::chrono::hours(1);
        wiring.monitor_policy.mass_outage_min_sites = 4;
    }

    /// Checks the site now without moving the clock (all checks of this test fall within the
    /// monitor's window of "at once") and waits until its standing is `state`.
    json::object CheckUntil(HttpClient& client, std::int64_t id, std::string_view state) {
        system_->website_monitor()->CheckSoon(domain::MonitorTargetId{id});
        return WaitSite(client, id, [&](const json::object& site) {
            return site.at("state").as_string() == state;
        });
    }
};

TEST_P(MassOutageTest, WhenMostSitesFailAtOnceOutagesWaitAndOnlyThoseStillDownGetIncidents) {
    auto coordinator = SignedIn("coordinator");
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < 6; ++i) {
        const std::string host = kHosts[i];
        fleet_->Set(host, {.body = kPortal});
        // A day's interval: only the test's own checks happen.
        const auto reply = coordinator.Post(
            "/api/v1/monitors", json::serialize(json::object{{"unit_id", commune_a_.id.value()},
                                                             {"url", Url(host)},
                                                             {"name", "Trang " + host},
                                                             {"interval_seconds", 86400}}));
        ASSERT_EQ(reply.status, 201) << reply.body;
        ids.push_back(reply.Json().at("id").as_int64());
        WaitSite(coordinator, ids.back(),
                 [](const json::object& site) { return site.at("state").as_string() == "up"; });
    }
    // The monitor's own line fails: every site answers nothing useful at once. Each first
    // failure, then each confirmation — outages confirmed, yet no incident while it lasts.
    for (const char* host : kHosts) {
        fleet_->Set(host, {.status = 502, .body = "Bad Gateway"});
    }
    for (const auto id : ids) {
        CheckUntil(coordinator, id, "suspect");
    }
    for (const auto id : ids) {
        CheckUntil(coordinator, id, "down");
    }
    // One more round, recorded after every confirmation's incidents would have been opened.
    clock_.Advance(1ms);
    const auto round = core::FormatRfc3339(clock_.Now());
    for (const auto id : ids) {
        system_->website_monitor()->CheckSoon(domain::MonitorTargetId{id});
    }
    for (const auto id : ids) {
        const auto site = WaitSite(coordinator, id, [&](const json::object& s) {
            return s.at("last_check").as_string() == round;
        });
        EXPECT_EQ(site.at("state").as_string(), "down");
        EXPECT_TRUE(site.at("outage_incident_id").is_null()) << json::serialize(site);
    }
    EXPECT_TRUE(MonitorIncidents(coordinator).empty());

    // It passes: four sites answer again; once fewer than half fail, the two still down get
    // their outage incidents, the four that came back none.
    for (std::size_t i = 0; i < 4; ++i) {
        fleet_->Set(kHosts[i], {.body = kPortal});
        CheckUntil(coordinator, ids[i], "up");
    }
    for (std::size_t i = 4; i < 6; ++i) {
        const auto site = WaitSite(coordinator, ids[i], [](const json::object& s) {
            return s.at("outage_incident_id").is_int64();
        });
        EXPECT_EQ(site.at("state").as_string(), "down");
    }
    const auto incidents = MonitorIncidents(coordinator);
    ASSERT_EQ(incidents.size(), 2u) << json::serialize(incidents);
    for (const auto& incident : incidents) {
        const std::string title(incident.at("title").as_string());
        EXPECT_TRUE(title.find(kHosts[4]) != std::string::npos ||
                    title.find(kHosts[5]) != std::string::npos)
            << title;
    }
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_TRUE(Site(coordinator, ids[i]).at("outage_incident_id").is_null());
    }
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         MassOutageTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

INSTANTIATE_TEST_SUITE_P(Engines,
                         MonitorAddressTest,
                         ::testing::Values(storage::Dialect::kSqlite),
                         EngineName);

INSTANTIATE_TEST_SUITE_P(Engines,
                         MonitorApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
