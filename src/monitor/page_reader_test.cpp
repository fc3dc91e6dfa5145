// Reading pages as their readers see them, and the findings of a changed page against its
// approved baseline with the shipped markers (rules/monitor/page-markers.json): a small edit is
// no finding; a defacement, injected betting spam (visible or hidden), a replaced title, new
// script and frame hosts are, each with its evidence.
#include "monitor/page_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "monitor/resolver.hpp"
#include "rules/page_markers_loader.hpp"

namespace ungcuu::monitor {
namespace {

using domain::PageFindingKind;

domain::PageMarkers Shipped() {
    std::ifstream file(std::string(UNGCUU_RULES_DIR) + "/monitor/page-markers.json");
    std::ostringstream text;
    text << file.rdbuf();
    auto markers = rules::ParsePageMarkers(text.str());
    EXPECT_TRUE(markers.ok()) << (markers.ok() ? "" : markers.error().message_en);
    return std::move(markers).value();
}

// A commune's portal as approved.
const std::string kPortal = R"(<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Cổng thông tin điện tử xã Hòa Phú</title>
<script src="/static/app.js"></script>
<script>var x = "<p>không phải nội dung</p>";</script>
<style>.menu { color: red }</style>
</head><body>
<!-- bình luận không hiển thị -->
<div class="menu"><a href="/gioi-thieu">Giới thiệu</a> | <a href="https://dichvucong.gov.vn/">Dịch vụ công</a></div>
<h1>Tin tức &amp; sự kiện</h1>
<p>UBND xã Hòa Phú tổ chức hội nghị triển khai nhiệm vụ năm 2027 với sự tham dự của các thôn,
buôn trên địa bàn.</p>
<p>Thông báo lịch tiếp công dân tháng 12 của Chủ tịch UBND xã.</p>
<p>Hướng dẫn nộp hồ sơ trực tuyến qua Cổng dịch vụ công quốc gia.</p>
<p>Kế hoạch tiêm chủng mở rộng cho trẻ em dưới 5 tuổi tại trạm y tế xã.</p>
</body></html>)";

std::string Replace(std::string page, const std::string& from, const std::string& to) {
    page.replace(page.find(from), from.size(), to);
    return page;
}

std::vector<PageFindingKind> Kinds(const std::vector<domain::PageFinding>& findings) {
    std::vector<PageFindingKind> kinds;
    kinds.reserve(findings.size());
    for (const auto& f : findings) {
        kinds.push_back(f.kind);
    }
    return kinds;
}

TEST(ReadPage, VisibleTextTitleLinksAndScriptsAsReadersSeeThem) {
    const auto page = ReadPage(kPortal);
    EXPECT_EQ(page.title, "Cổng thông tin điện tử xã Hòa Phú");
    EXPECT_NE(page.text.find("Tin tức & sự kiện"), std::string::npos) << "entities decoded";
    EXPECT_NE(page.text.find("các thôn, buôn trên"), std::string::npos) << "whitespace folded";
    EXPECT_EQ(page.text.find("không phải nội dung"), std::string::npos) << "scripts left out";
    EXPECT_EQ(page.text.find("color"), std::string::npos) << "styles left out";
    EXPECT_EQ(page.text.find("bình luận"), std::string::npos) << "comments left out";
    EXPECT_EQ(page.text.find("Cổng thông tin điện tử"), std::string::npos) << "the title apart";
    EXPECT_EQ(page.links, (std::vector<std::string>{"/gioi-thieu", "https://dichvucong.gov.vn/"}));
    EXPECT_EQ(page.scripts, (std::vector<std::string>{"/static/app.js"}));
    EXPECT_TRUE(page.hidden_text.empty());
    EXPECT_TRUE(page.hidden_links.empty());
}

TEST(ReadPage, HiddenElementsAreReadApartAndInlineMarkupDoesNotSplitWords) {
    const auto page = ReadPage(
        R"(<p>nh<b>à</b> c&#225;i</p><div style="display: none"><a href="https://nhacai.example/">Nhà cái uy tín</a>
<span>nổ hũ</span></div><div style="position:absolute;left:-9999px">tài xỉu</div>
<p style="height:0.5em">vẫn hiện</p><p hidden>ẩn</p><p>sau</p>)");
    EXPECT_EQ(page.text, "nhà cái vẫn hiện sau");
    EXPECT_EQ(page.hidden_text, "Nhà cái uy tín nổ hũ tài xỉu ẩn");
    EXPECT_EQ(page.hidden_links, (std::vector<std::string>{"https://nhacai.example/"}));
}

TEST(ReadPage, BrokenAndHostileMarkupStillReadsWithinBounds) {
    EXPECT_EQ(ReadPage("").text, "");
    EXPECT_EQ(ReadPage("a < b và c > d").text, "a < b và c > d");
    EXPECT_EQ(ReadPage("<p>không đóng <b>thẻ <script>chưa đóng").text, "không đóng thẻ");
    EXPECT_EQ(ReadPage("<a href='x' title=\"y").links, (std::vector<std::string>{"x"}));
    // Deep nesting and many links: bounded, no crash.
    std::string deep;
    for (int i = 0; i < 10000; ++i) {
        deep += "<div><a href=\"https://a.example/" + std::to_string(i) + "\">x</a>";
    }
    const auto page = ReadPage(deep);
    EXPECT_EQ(page.links.size(), 1000u);
    EXPECT_EQ(ReadPage("&#0; &#xD800; &#x110000; &bogus; &#65;").text, "&bogus; A");
}

TEST(ComparePage, ASmallEditIsNoFindingAndDefacementSpamAndNewHostsAre) {
    const auto markers = Shipped();
    const auto baseline = ReadPage(kPortal);
    domain::PageCompareOptions options;
    options.own_host = "hoaphu.daklak.gov.vn";

    // A new notice replacing one: a normal update.
    const auto edited =
        ReadPage(Replace(kPortal, "Thông báo lịch tiếp công dân tháng 12 của Chủ tịch UBND xã.",
                         "Thông báo lịch tiếp công dân tháng 1 của Chủ tịch UBND xã."));
    EXPECT_TRUE(domain::ComparePage(baseline, edited, markers, options).empty());

    // Defaced: the title and the body replaced by the attacker's.
    const auto defaced = ReadPage(
        "<html><head><title>HACKED BY xGhost</title></head><body><h1>Hacked by xGhost</h1>"
        "<p>Your security is low. Greetz to all.</p></body></html>");
    const auto found = domain::ComparePage(baseline, defaced, markers, options);
    EXPECT_EQ(Kinds(found), (std::vector<PageFindingKind>{PageFindingKind::kDefacementMarker,
                                                          PageFindingKind::kTitleReplaced,
                                                          PageFindingKind::kTextChanged}));
    EXPECT_EQ(found[0].evidence, (std::vector<std::string>{"hacked by", "greetz",
                                                           "your security is", "security is low"}));
    EXPECT_TRUE(domain::IsDefacement(found[0].kind));
    EXPECT_NE(found[2].summary_vi.find("thay đổi"), std::string::npos);

    // Spam hidden in the footer with a link out, and a script from a new host: the readers see
    // the same page, the monitor does not.
    const auto spammed = ReadPage(Replace(
        kPortal, "</body>",
        "<div style=\"display:none\"><a href=\"https://nha-cai-uy-tin.example/\">Nhà cái uy tín"
        "</a> - NỔ HŨ đổi thưởng - tai xiu online</div><script "
        "src=\"https://cdn.spam.example/x.js\"></script><iframe src=\"//ads.example/f\"></iframe>"
        "</body>"));
    const auto spam = domain::ComparePage(baseline, spammed, markers, options);
    EXPECT_EQ(Kinds(spam), (std::vector<PageFindingKind>{
                               PageFindingKind::kSpam, PageFindingKind::kHiddenLinks,
                               PageFindingKind::kNewScript, PageFindingKind::kNewFrame}));
    EXPECT_EQ(spam[0].evidence, (std::vector<std::string>{"nhà cái", "nổ hũ", "tai xiu"}));
    EXPECT_EQ(spam[1].evidence, (std::vector<std::string>{"nha-cai-uy-tin.example"}));
    EXPECT_EQ(spam[2].evidence, (std::vector<std::string>{"cdn.spam.example"}));
    EXPECT_EQ(spam[3].evidence, (std::vector<std::string>{"ads.example"}));

    // One betting word in a news item is not spam; a term the approved page had is not new.
    const auto news = ReadPage(
        Replace(kPortal, "</body>", "<p>Công an xã triệt phá đường dây cá độ bóng đá.</p></body>"));
    EXPECT_TRUE(domain::ComparePage(baseline, news, markers, options).empty());
    EXPECT_TRUE(domain::ComparePage(spammed, spammed, markers, options).empty());
    // The site's own subdomain is not a new host.
    const auto own =
        ReadPage(Replace(kPortal, "</body>",
                         "<script src=\"https://cdn.hoaphu.daklak.gov.vn/a.js\"></script></body>"));
    EXPECT_TRUE(domain::ComparePage(baseline, own, markers, options).empty());
}

TEST(ComparePage, HostsAndTextChange) {
    EXPECT_EQ(domain::HostOf("https://User@Portal.Example.VN:8443/a?b#c"), "portal.example.vn");
    EXPECT_EQ(domain::HostOf("//cdn.example/x.js"), "cdn.example");
    EXPECT_EQ(domain::HostOf("/static/app.js"), "");
    EXPECT_EQ(domain::HostOf("javascript:alert(1)"), "");
    EXPECT_EQ(domain::HostOf("ftp://files.example/"), "");
    EXPECT_DOUBLE_EQ(domain::TextChange("a b c d", "a b c d"), 0.0);
    EXPECT_DOUBLE_EQ(domain::TextChange("a b c d", "e f g h"), 1.0);
    EXPECT_DOUBLE_EQ(domain::TextChange("a b c d", "a b c e"), 0.25);
    EXPECT_DOUBLE_EQ(domain::TextChange("", ""), 0.0);
}

TEST(PageMarkers, TheShippedListLoadsAndBadListsAreRefusedWithTheirPlace) {
    const auto markers = Shipped();
    EXPECT_GE(markers.spam_terms.size(), 20u);
    EXPECT_EQ(markers.min_spam_terms, 2);
    const auto refused = rules::ParsePageMarkers(
        R"({"markers_id":"x","version":"1","spam_terms":["Nhà Cái","cá cược","cá cược",""],)"
        R"("min_spam_terms":0,"extra":1})");
    ASSERT_FALSE(refused.ok());
    std::vector<std::string> where;
    for (const auto& d : refused.error().details) {
        where.push_back(d.where);
    }
    EXPECT_EQ(where, (std::vector<std::string>{"min_spam_terms", "spam_terms[0]", "spam_terms[2]",
                                               "spam_terms[3]", "extra"}));
}

}  // namespace
}  // namespace ungcuu::monitor

namespace ungcuu::monitor {
namespace {

TEST(MonitorAddresses, TheMachinesOwnAndLinkLocalAddressesAreRefusedOthersAllowed) {
    for (const char* address : {"127.0.0.1", "127.1.2.3", "0.0.0.0", "169.254.169.254", "::1", "::",
                                "fe80::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "[::1]"}) {
        EXPECT_TRUE(IsMachineAddress(address)) << address;
    }
    for (const char* address : {"203.0.113.10", "10.0.0.5", "192.168.1.1", "2001:db8::1",
                                "::ffff:203.0.113.10", "not an address"}) {
        EXPECT_FALSE(IsMachineAddress(address)) << address;
    }
}

}  // namespace
}  // namespace ungcuu::monitor
