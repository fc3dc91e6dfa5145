// MISP event JSON: a warning goes out as an event and comes back the same (MISP has no
// "critical": it comes back "high"), the three shapes MISP writes are read, hostile input is
// refused with the reason.
#include "federation/misp.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace ungcuu::federation {
namespace {

using domain::ObservableKind;

domain::Warning Phishing() {
    domain::Warning w;
    w.id = domain::WarningId{12};
    w.title = "Chiến dịch lừa đảo giả danh Cổng dịch vụ công";
    w.description = "Thư giả mạo dẫn tới trang đăng nhập giả.";
    w.actions = "Chặn tên miền; nhắc cán bộ không đăng nhập qua liên kết lạ.";
    w.severity = domain::WarningSeverity::kMedium;
    w.tlp = domain::Tlp::kGreen;
    w.issued_at = core::FromUnixMillis(1'790'000'000'000);
    w.references = {"CVE-2026-11111", "https://vncert.vn/canh-bao/123"};
    w.indicators = {{ObservableKind::kDomain, "dichvucong-gov.example"},
                    {ObservableKind::kIp, "203.0.113.99"},
                    {ObservableKind::kEmail, "hotro@dichvucong-gov.example"},
                    {ObservableKind::kHash, "d41d8cd98f00b204e9800998ecf8427e"}};
    w.sigma_rules =
        "title: Trang đăng nhập giả\nid: p-1\nlogsource: {category: proxy}\n"
        "detection: {a: {c-uri|contains: dichvucong-gov}, condition: a}\n";
    return w;
}

TEST(Misp, AWarningGoesOutAsAnEventAndComesBackTheSame) {
    const StixProducer producer{"n-0123456789abcdef", "Sở TT&TT tỉnh Đắk Lắk"};
    const auto text = ExportMisp(producer, Phishing());
    EXPECT_EQ(ExportMisp(producer, Phishing()), text);  // the same uuids every time
    const auto event = boost::json::parse(text).at("Event");
    EXPECT_EQ(event.at("Tag").at(0).at("name").as_string(), "tlp:green");
    EXPECT_EQ(event.at("threat_level_id").as_string(), "2");
    auto back = ImportMisp(text);
    ASSERT_TRUE(back.ok()) << back.error().message_en;
    EXPECT_EQ(back->producer, "Sở TT&TT tỉnh Đắk Lắk");
    ASSERT_EQ(back->warnings.size(), 1U);
    const auto& w = back->warnings[0];
    const auto original = Phishing();
    EXPECT_EQ(w.title, original.title);
    EXPECT_EQ(w.description, original.description);
    EXPECT_EQ(w.actions, original.actions);
    EXPECT_EQ(w.sigma_rules, original.sigma_rules) << "as a sigma attribute";
    EXPECT_EQ(w.severity, original.severity);
    EXPECT_EQ(w.tlp, original.tlp);
    EXPECT_EQ(w.issued_at, original.issued_at);
    EXPECT_EQ(w.references, original.references);
    ASSERT_EQ(w.indicators.size(), original.indicators.size());
    for (std::size_t i = 0; i < w.indicators.size(); ++i) {
        EXPECT_EQ(w.indicators[i].kind, original.indicators[i].kind);
        EXPECT_EQ(w.indicators[i].value, original.indicators[i].value);
    }
    auto critical = Phishing();
    critical.severity = domain::WarningSeverity::kCritical;
    EXPECT_EQ(ImportMisp(ExportMisp(producer, critical))->warnings[0].severity,
              domain::WarningSeverity::kHigh);
}

TEST(Misp, ReadsTheShapesMispWritesAndCountsWhatItCannotTake) {
    const std::string event =
        R"({"Event":{"info":"Mã độc mã hóa dữ liệu","threat_level_id":"1","Tag":[{"name":"tlp:white"}],)"
        R"("Attribute":[{"type":"ip-src","value":"198.51.100.7"},{"type":"regkey","value":"HKLM\\x"},)"
        R"({"type":"domain","value":"not a domain"}]}})";
    std::string list = "[";
    list.append(event).append(",").append(event).append("]");
    std::string response = R"({"response":[)";
    response.append(event).append("]}");
    for (const auto& text : {event, list, response}) {
        auto read = ImportMisp(text);
        ASSERT_TRUE(read.ok()) << text;
        ASSERT_FALSE(read->warnings.empty());
        EXPECT_EQ(read->warnings[0].tlp, domain::Tlp::kClear);
        EXPECT_EQ(read->warnings[0].severity, domain::WarningSeverity::kHigh);
        ASSERT_EQ(read->warnings[0].indicators.size(), 1U);
        EXPECT_EQ(read->warnings[0].indicators[0].value, "198.51.100.7");
        EXPECT_EQ(read->skipped, 2 * static_cast<int>(read->warnings.size()));
    }
}

TEST(Misp, HostileInputIsRefusedWithTheReason) {
    EXPECT_FALSE(ImportMisp("{").ok());
    EXPECT_FALSE(ImportMisp(R"({"event":{}})").ok());
    EXPECT_FALSE(ImportMisp(std::string(kMaxStixBytes + 1, ' ')).ok());
    std::string many = "[";
    for (std::size_t i = 0; i <= kMaxMispEvents; ++i) {
        many += i == 0 ? R"({"Event":{"info":"x"}})" : R"(,{"Event":{"info":"x"}})";
    }
    many += "]";
    const auto refused = ImportMisp(many);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message_en.find("1000"), std::string::npos);
    EXPECT_FALSE(ImportMisp(std::string(20, '[') + std::string(20, ']')).ok());
}

}  // namespace
}  // namespace ungcuu::federation
