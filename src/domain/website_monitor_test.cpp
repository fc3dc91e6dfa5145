#include "domain/website_monitor.hpp"

#include <gtest/gtest.h>

namespace ungcuu::domain {
namespace {

using namespace std::chrono_literals;

PageMarkers Markers() {
    PageMarkers markers;
    markers.spam_terms = {"nhà cái", "cá cược", "nổ hũ", "tài xỉu", "casino"};
    markers.defacement_markers = {"hacked by"};
    return markers;
}

PageFacts Portal() {
    PageFacts page;
    page.title = "Cổng thông tin điện tử xã Hòa Phú";
    page.text =
        "Ủy ban nhân dân xã Hòa Phú thông báo lịch tiếp công dân tháng mười hai năm hai nghìn "
        "không trăm hai mươi sáu tại trụ sở ủy ban nhân dân xã vào sáng thứ năm hằng tuần";
    page.links = {"https://hoaphu.gov.vn/tin-tuc", "https://daklak.gov.vn/"};
    return page;
}

MonitorTarget Target() {
    MonitorTarget target;
    target.id = MonitorTargetId{7};
    target.unit_id = UnitId{3};
    target.url = "https://hoaphu.gov.vn/";
    target.name = "Cổng xã Hòa Phú";
    target.baseline_at = core::FromUnixMillis(1'700'000'000'000);
    target.baseline = Portal();
    return target;
}

core::TimePoint At(int seconds) {
    return core::FromUnixMillis(1'800'000'000'000) + std::chrono::seconds(seconds);
}

SiteCheck Ok(int seconds, PageFacts page = Portal()) {
    SiteCheck check;
    check.target = MonitorTargetId{7};
    check.at = At(seconds);
    check.http_status = 200;
    check.latency_ms = 40;
    check.final_url = "https://hoaphu.gov.vn/";
    check.page = std::move(page);
    return check;
}

SiteCheck Failed(int seconds, SiteFailure failure = SiteFailure::kConnect) {
    SiteCheck check;
    check.target = MonitorTargetId{7};
    check.at = At(seconds);
    check.failure = failure;
    check.error = "Connection refused";
    return check;
}

std::vector<MonitorEventKind> Kinds(const Judgement& judgement) {
    std::vector<MonitorEventKind> kinds;
    for (const auto& event : judgement.events) {
        kinds.push_back(event.kind);
    }
    return kinds;
}

struct Watch {
    MonitorTarget target = Target();
    MonitorStatus status;
    MonitorPolicy policy;

    Judgement Next(const SiteCheck& check) {
        auto judgement = JudgeCheck(target, status, check, Markers(), policy);
        status = judgement.status;
        return judgement;
    }
};

TEST(WebsiteMonitor, AnOutageIsConfirmedByASecondFailedCheckAndItsRecoveryRecorded) {
    Watch run;
    EXPECT_TRUE(run.Next(Ok(0)).events.empty());
    EXPECT_EQ(run.status.state, SiteState::kUp);

    const auto first = run.Next(Failed(60));
    EXPECT_EQ(run.status.state, SiteState::kSuspect);
    EXPECT_TRUE(first.recheck_soon);
    EXPECT_TRUE(first.events.empty());
    EXPECT_TRUE(first.incidents.empty());

    const auto second = run.Next(Failed(70));
    EXPECT_EQ(run.status.state, SiteState::kDown);
    EXPECT_EQ(run.status.since, At(60));  // from the first failure
    ASSERT_EQ(Kinds(second), std::vector{MonitorEventKind::kDown});
    ASSERT_EQ(second.incidents.size(), 1u);
    EXPECT_EQ(second.incidents[0].kind, SiteIncidentKind::kOutage);
    EXPECT_EQ(second.incidents[0].scenario, "B2");

    EXPECT_TRUE(run.Next(Failed(130)).events.empty());  // still down: nothing new

    const auto back = run.Next(Ok(190));
    EXPECT_EQ(run.status.state, SiteState::kUp);
    ASSERT_EQ(Kinds(back), std::vector{MonitorEventKind::kUp});
    ASSERT_EQ(back.notes.size(), 1u);
    EXPECT_NE(back.notes[0].text.find("2 phút"), std::string::npos) << back.notes[0].text;
}

TEST(WebsiteMonitor, OneFailedCheckFollowedByASuccessIsNoOutage) {
    Watch run;
    run.Next(Ok(0));
    run.Next(Failed(60, SiteFailure::kTimeout));
    const auto judgement = run.Next(Ok(70));
    EXPECT_EQ(run.status.state, SiteState::kUp);
    EXPECT_TRUE(judgement.events.empty());
    EXPECT_TRUE(judgement.incidents.empty());
}

TEST(WebsiteMonitor, AServerErrorIsAnApplicationOutageB3) {
    Watch run;
    auto error = Failed(0, SiteFailure::kHttpError);
    error.http_status = 503;
    run.Next(error);
    error.at = At(10);
    const auto judgement = run.Next(error);
    ASSERT_EQ(judgement.incidents.size(), 1u);
    EXPECT_EQ(judgement.incidents[0].scenario, "B3");
    EXPECT_NE(judgement.events[0].summary_vi.find("503"), std::string::npos);
}

TEST(WebsiteMonitor, FlappingIsFoldedIntoOneEventWhileTheIncidentCountsRepeats) {
    Watch run;
    int t = 0;
    std::vector<MonitorEventKind> kinds;
    int incidents = 0;
    for (int round = 0; round < 5; ++round) {
        for (const auto& check : {Failed(t), Failed(t + 10), Ok(t + 20)}) {
            const auto judgement = run.Next(check);
            for (const auto kind : Kinds(judgement)) {
                kinds.push_back(kind);
            }
            incidents += static_cast<int>(judgement.incidents.size());
        }
        t += 300;
    }
    // Two downs, then one flapping event; the later downs are folded (ups are still recorded).
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), MonitorEventKind::kDown), 2);
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), MonitorEventKind::kFlapping), 1);
    EXPECT_EQ(incidents, 5);  // each a repeat of the open one, through the intake's key
}

TEST(WebsiteMonitor, ADefacementOpensOneContentIncidentWithEvidenceUntilRestored) {
    Watch run;
    auto defaced = Portal();
    defaced.title = "Hacked by Anonymous";
    defaced.text = "hacked by anonymous greetings to all";
    const auto judgement = run.Next(Ok(0, defaced));
    ASSERT_EQ(Kinds(judgement), std::vector{MonitorEventKind::kContent});
    ASSERT_EQ(judgement.incidents.size(), 1u);
    EXPECT_EQ(judgement.incidents[0].scenario, "A5");
    EXPECT_TRUE(judgement.incidents[0].capture_evidence);
    EXPECT_NE(judgement.incidents[0].title_vi.find("thay đổi giao diện"), std::string::npos);
    EXPECT_FALSE(judgement.events[0].evidence.empty());

    EXPECT_TRUE(run.Next(Ok(60, defaced)).incidents.empty());  // still defaced: nothing new

    const auto restored = run.Next(Ok(120));
    ASSERT_EQ(Kinds(restored), std::vector{MonitorEventKind::kRestored});
    ASSERT_EQ(restored.notes.size(), 1u);
    EXPECT_EQ(restored.notes[0].kind, SiteIncidentKind::kContent);
}

TEST(WebsiteMonitor, HiddenGamblingSpamIsFoundAndASmallEditIsNot) {
    Watch run;
    auto edited = Portal();
    edited.text += " cập nhật";
    EXPECT_TRUE(run.Next(Ok(0, edited)).events.empty());

    auto spammed = Portal();
    spammed.hidden_text = "nhà cái uy tín nổ hũ đổi thưởng";
    spammed.hidden_links = {"https://nhacai.example/"};
    const auto judgement = run.Next(Ok(60, spammed));
    ASSERT_EQ(judgement.incidents.size(), 1u);
    const auto& lines = judgement.events[0].evidence;
    const bool names_terms = std::any_of(lines.begin(), lines.end(), [](const auto& line) {
        return line.find("nổ hũ") != std::string::npos;
    });
    EXPECT_TRUE(names_terms);
}

TEST(WebsiteMonitor, TheFirstPageReadBecomesTheBaseline) {
    Watch run;
    run.target.baseline_at.reset();
    run.target.baseline = {};
    const auto judgement = run.Next(Ok(0));
    EXPECT_TRUE(judgement.take_baseline);
    EXPECT_EQ(Kinds(judgement), std::vector{MonitorEventKind::kBaseline});
    EXPECT_TRUE(judgement.incidents.empty());
}

TEST(WebsiteMonitor, CloakingIsSpamServedOnlyToSearchEngines) {
    Watch run;
    auto check = Ok(0);
    check.bot_page = Portal();
    EXPECT_TRUE(run.Next(check).events.empty());

    check = Ok(60);
    check.bot_page = Portal();
    check.bot_page->title = "Nhà cái uy tín";
    check.bot_page->text += " nhà cái cá cược tài xỉu casino";
    const auto judgement = run.Next(check);
    ASSERT_EQ(Kinds(judgement), std::vector{MonitorEventKind::kCloaking});
    ASSERT_EQ(judgement.incidents.size(), 1u);
    EXPECT_EQ(judgement.incidents[0].scenario, "A5");
}

TEST(WebsiteMonitor, ARedirectToAForeignSiteIsAFindingAndToItsOwnSubdomainIsNot) {
    Watch run;
    auto check = Ok(0);
    check.final_url = "https://www.hoaphu.gov.vn/trang-chu";
    EXPECT_TRUE(run.Next(check).events.empty());
    check = Ok(60);
    check.final_url = "https://nhacai-uytin.example/";
    const auto judgement = run.Next(check);
    ASSERT_EQ(Kinds(judgement), std::vector{MonitorEventKind::kForeignRedirect});
    EXPECT_EQ(judgement.incidents.size(), 1u);
    EXPECT_TRUE(SameSite("www.hoaphu.gov.vn", "hoaphu.gov.vn"));
    EXPECT_TRUE(SameSite("dichvucong.daklak.gov.vn", "portal.daklak.gov.vn"));
    EXPECT_FALSE(SameSite("hoaphu.gov.vn.evil.example", "hoaphu.gov.vn"));
    EXPECT_FALSE(SameSite("other.gov.vn", "hoaphu.gov.vn"));
}

TEST(WebsiteMonitor, ACertificateCloseToExpiryIsWarnedOnceAndAnIssuerChangeRecorded) {
    Watch run;
    auto check = Ok(0);
    check.cert = CertFacts{At(0) + 60 * 24h, "CN=Old CA", "CN=hoaphu.gov.vn", "aa"};
    EXPECT_TRUE(run.Next(check).events.empty());

    check = Ok(60);
    check.cert = CertFacts{At(0) + 10 * 24h, "CN=New CA", "CN=hoaphu.gov.vn", "bb"};
    const auto judgement = run.Next(check);
    ASSERT_EQ(Kinds(judgement),
              (std::vector{MonitorEventKind::kCertChanged, MonitorEventKind::kCertExpiring}));
    EXPECT_NE(judgement.events[1].summary_vi.find("sau 9 ngày"), std::string::npos)
        << judgement.events[1].summary_vi;
    EXPECT_TRUE(judgement.incidents.empty());
    check.at = At(120);
    EXPECT_TRUE(run.Next(check).events.empty());
    EXPECT_EQ(run.status.cert_not_after, At(0) + 10 * 24h);

    check = Ok(180);
    check.cert_problem = "hostname";
    check.error = "SSL: no alternative certificate subject name matches target host name";
    EXPECT_EQ(Kinds(run.Next(check)), std::vector{MonitorEventKind::kCertProblem});
}

TEST(WebsiteMonitor, ADnsChangeIsRecordedWithWhatWentAndWhatCame) {
    Watch run;
    auto check = Ok(0);
    check.dns_checked = true;
    check.dns = {"A 203.0.113.10", "NS ns1.vnpt.vn"};
    EXPECT_TRUE(run.Next(check).events.empty());
    check = Ok(60);
    check.dns_checked = true;
    check.dns = {"A 198.51.100.7", "NS ns1.vnpt.vn"};
    const auto judgement = run.Next(check);
    ASSERT_EQ(Kinds(judgement), std::vector{MonitorEventKind::kDnsChanged});
    EXPECT_EQ(judgement.events[0].evidence,
              (std::vector<std::string>{"- A 203.0.113.10", "+ A 198.51.100.7"}));
}

TEST(WebsiteMonitor, TargetsAreCheckedAndRegistryDomainsProposed) {
    auto target = Target();
    EXPECT_TRUE(CheckTarget(target).ok());
    target.url = "ftp://hoaphu.gov.vn/";
    target.interval_seconds = 5;
    const auto status = CheckTarget(target);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().details.size(), 2u);
    target.url = "https://hoaphu.gov.vn/\"><script>";
    target.interval_seconds = 60;
    EXPECT_FALSE(CheckTarget(target).ok());

    InformationSystem system;
    system.domains = {"hoaphu.gov.vn", "https://dvc.hoaphu.gov.vn/tra-cuu", "hoaphu.gov.vn",
                      "not a domain"};
    EXPECT_EQ(
        UrlsOfSystem(system),
        (std::vector<std::string>{"https://hoaphu.gov.vn/", "https://dvc.hoaphu.gov.vn/tra-cuu"}));
}

TEST(WebsiteMonitor, MostSitesFailingAtOnceLooksLikeTheMonitorsOwnNetwork) {
    const MonitorPolicy policy;
    EXPECT_TRUE(LooksLikeMonitorOutage(100, 95, policy));
    EXPECT_TRUE(LooksLikeMonitorOutage(10, 5, policy));
    EXPECT_FALSE(LooksLikeMonitorOutage(100, 3, policy)) << "a few sites down are the sites'";
    EXPECT_FALSE(LooksLikeMonitorOutage(9, 9, policy)) << "too few sites to tell";
    EXPECT_FALSE(LooksLikeMonitorOutage(0, 0, policy));
}

}  // namespace
}  // namespace ungcuu::domain
