// STIX 2.1: warnings and incidents exported as a bundle come back the same when imported, the
// same data gives the same ids, the bundle validates against the official schemas (when they are
// beside the checkout), OASIS's example bundles are read, and hostile bundles are refused.
#include "federation/stix.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ungcuu::federation {
namespace {

using domain::ObservableKind;

const std::filesystem::path kStix =
    std::filesystem::path(UNGCUU_SOURCE_DIR) / ".." / "shared" / "data" / "stix2";

domain::Warning Zimbra() {
    domain::Warning w;
    w.id = domain::WarningId{7};
    w.title = "Lỗ hổng nghiêm trọng trên máy chủ thư Zimbra";
    w.description = "Mã độc cài qua lỗ hổng thực thi mã từ xa.";
    w.actions = "Cập nhật bản vá 8.8.15 P45.";
    w.severity = domain::WarningSeverity::kCritical;
    w.tlp = domain::Tlp::kAmber;
    w.issued_at = core::FromUnixMillis(1'790'000'000'000);
    w.deadline = core::FromUnixMillis(1'790'259'200'000);
    w.references = {"CVE-2026-27443", "https://wiki.zimbra.com/advisory"};
    w.indicators = {{ObservableKind::kIp, "203.0.113.7"},
                    {ObservableKind::kDomain, "update-zimbra.example"},
                    {ObservableKind::kUrl, "https://update-zimbra.example/p45.jsp"},
                    {ObservableKind::kEmail, "hotro@update-zimbra.example"},
                    {ObservableKind::kHash,
                     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}};
    w.sigma_rules =
        "title: Web shell Zimbra\nid: z-1\nlogsource: {category: webserver}\n"
        "detection: {shell: {cs-uri-stem|contains: '/zimbra/public/jsp/'}, condition: shell}\n";
    return w;
}

StixIncident Defacement() {
    StixIncident item;
    item.incident.code = "SC-2026-000042";
    item.incident.title = "Cổng thông tin xã bị thay đổi giao diện";
    item.incident.description = "Trang chủ hiển thị nội dung cờ bạc.";
    item.incident.received_at = core::FromUnixMillis(1'790'000'100'000);
    item.incident.detected_at = core::FromUnixMillis(1'790'000'000'000);
    item.observables = {{{}, ObservableKind::kIp, "198.51.100.23", {}},
                        {{}, ObservableKind::kDomain, "xahoaphu.gov.vn", {}},
                        {{}, ObservableKind::kUser, "admin", {}},
                        {{}, ObservableKind::kHost, "web01", {}}};
    return item;
}

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

TEST(Stix, WarningsAndIncidentsComeBackTheSame) {
    domain::Warning green = Zimbra();
    green.id = domain::WarningId{8};
    green.title = "Chiến dịch lừa đảo qua thư";
    green.tlp = domain::Tlp::kGreen;
    green.indicators.clear();
    green.references.clear();
    green.sigma_rules.clear();
    const StixProducer producer{"n-0123456789abcdef", "Sở TT&TT tỉnh Đắk Lắk"};
    const auto bundle = ExportStix(producer, {Zimbra(), green}, {Defacement()});
    // The same data, the same bundle: consumers update rather than duplicate.
    EXPECT_EQ(ExportStix(producer, {Zimbra(), green}, {Defacement()}), bundle);

    auto imported = ImportStix(bundle);
    ASSERT_TRUE(imported.ok()) << imported.error().message_en;
    EXPECT_EQ(imported->producer, "Sở TT&TT tỉnh Đắk Lắk");
    ASSERT_EQ(imported->warnings.size(), 2U);
    const auto& back = imported->warnings[0].title == Zimbra().title ? imported->warnings[0]
                                                                     : imported->warnings[1];
    const auto original = Zimbra();
    EXPECT_EQ(back.description, original.description);
    EXPECT_EQ(back.actions, original.actions);
    EXPECT_EQ(back.severity, original.severity);
    EXPECT_EQ(back.tlp, domain::Tlp::kAmber);
    EXPECT_EQ(back.issued_at, original.issued_at);
    EXPECT_EQ(back.deadline, original.deadline);
    EXPECT_EQ(back.references, original.references);
    EXPECT_EQ(back.sigma_rules, original.sigma_rules) << "as an indicator of pattern type sigma";
    auto sorted = [](const std::vector<domain::Indicator>& list) {
        std::vector<std::string> out;
        out.reserve(list.size());
        for (const auto& i : list) {
            out.push_back(std::string(domain::ObservableKindCode(i.kind)) + " " + i.value);
        }
        std::sort(out.begin(), out.end());
        return out;
    };
    EXPECT_EQ(sorted(back.indicators), sorted(original.indicators));
    const auto& other =
        &back == &imported->warnings[0] ? imported->warnings[1] : imported->warnings[0];
    EXPECT_EQ(other.tlp, domain::Tlp::kGreen);
    EXPECT_TRUE(other.indicators.empty());
    EXPECT_TRUE(imported->indicators.empty());

    ASSERT_EQ(imported->incidents.size(), 1U);
    const auto& incident = imported->incidents[0];
    EXPECT_EQ(incident.incident.title, Defacement().incident.title);
    EXPECT_EQ(incident.incident.detected_at, Defacement().incident.detected_at);
    std::vector<std::string> observables;
    for (const auto& o : incident.observables) {
        observables.push_back(std::string(domain::ObservableKindCode(o.kind)) + " " + o.value);
    }
    std::sort(observables.begin(), observables.end());
    // A host name is not a STIX domain name: it is left out, the rest comes back.
    EXPECT_EQ(observables, (std::vector<std::string>{"domain xahoaphu.gov.vn", "ip 198.51.100.23",
                                                     "user admin"}));
}

TEST(Stix, IdsAreVersionFiveUuidsOfTheirName) {
    // RFC 4122's example: the DNS namespace and "www.example.com".
    EXPECT_EQ(StixId("x", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com"),
              "x--2ed6657d-e927-568b-95e1-2665a8aea6a2");
    EXPECT_NE(StixId("report", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "a"),
              StixId("report", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "b"));
}

TEST(Stix, PatternsOfOneComparisonOnly) {
    EXPECT_EQ(IndicatorOfPattern("[ipv4-addr:value = '10.0.0.1']")->value, "10.0.0.1");
    EXPECT_EQ(IndicatorOfPattern("[domain-name:value = 'Evil.Example']")->value, "evil.example");
    EXPECT_EQ(
        IndicatorOfPattern("[file:hashes.'SHA-256' = "
                           "'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855']")
            ->kind,
        ObservableKind::kHash);
    EXPECT_FALSE(
        IndicatorOfPattern("[ipv4-addr:value = '10.0.0.1' OR ipv4-addr:value = '10.0.0.2']"));
    EXPECT_FALSE(IndicatorOfPattern("[process:name = 'x']"));
    EXPECT_FALSE(IndicatorOfPattern("[ipv4-addr:value = 'not an address']"));
    EXPECT_FALSE(IndicatorOfPattern("ipv4-addr:value = '10.0.0.1'"));
    // A quote inside a value travels escaped and comes back.
    const domain::Indicator odd{ObservableKind::kUrl, "https://a.example/it's"};
    EXPECT_EQ(IndicatorOfPattern(PatternOf(odd))->value, odd.value);
}

TEST(Stix, HostileBundlesAreRefusedWithTheReason) {
    EXPECT_FALSE(ImportStix("not json").ok());
    EXPECT_FALSE(ImportStix(R"({"type":"report"})").ok());
    EXPECT_FALSE(ImportStix(R"({"type":"bundle"})").ok());
    EXPECT_FALSE(ImportStix(std::string(kMaxStixBytes + 1, ' ')).ok());
    std::string deep = R"({"type":"bundle","objects":[)";
    deep += std::string(100, '[') + std::string(100, ']') + "]}";
    EXPECT_FALSE(ImportStix(deep).ok());
    std::string many = R"({"type":"bundle","objects":[)";
    for (std::size_t i = 0; i <= kMaxStixObjects; ++i) {
        many += i == 0 ? "{}" : ",{}";
    }
    many += "]}";
    const auto refused = ImportStix(many);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message_en.find("20000"), std::string::npos);
    // Objects of other types are counted, not taken.
    const auto other = ImportStix(
        R"({"type":"bundle","id":"bundle--1","objects":[{"type":"malware","id":"malware--1"}]})");
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(other->skipped, 1);
}

TEST(Stix, OasisExamplesAreReadAndTheExportValidatesAgainstTheSchemas) {
    if (!std::filesystem::exists(kStix / "schemas")) {
        GTEST_SKIP() << "../shared/data/stix2 is not beside the checkout (a fresh clone): the "
                        "schema validation and the OASIS examples are skipped";
    }
    auto c2 = ImportStix(ReadFile(kStix / "examples" / "indicator-for-c2-ip-address.json"));
    ASSERT_TRUE(c2.ok()) << c2.error().message_en;
    ASSERT_EQ(c2->indicators.size(), 1U);
    EXPECT_EQ(c2->indicators[0].value, "10.0.0.0");
    auto apt1 = ImportStix(ReadFile(kStix / "examples" / "threat-reports" / "apt1.json"));
    ASSERT_TRUE(apt1.ok()) << apt1.error().message_en;
    EXPECT_FALSE(apt1->warnings.empty());

    const StixProducer producer{"n-0123456789abcdef", "Sở TT&TT tỉnh Đắk Lắk"};
    const auto dir =
        std::filesystem::temp_directory_path() / ("ungcuu-stix-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "bundle.json") << ExportStix(producer, {Zimbra()}, {Defacement()});
    const auto command =
        "/usr/bin/python3 " +
        (std::filesystem::path(UNGCUU_SOURCE_DIR) / "tools" / "validate_stix.py").string() + " " +
        (kStix / "schemas").string() + " " + (dir / "bundle.json").string();
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    // The validator is not lenient: an indicator without its pattern type fails.
    auto broken = ExportStix(producer, {Zimbra()}, {});
    const auto at = broken.find(R"("pattern_type":"stix")");
    ASSERT_NE(at, std::string::npos);
    broken.replace(at, std::string(R"("pattern_type":"stix")").size(), R"("pattern_type":7)");
    std::ofstream(dir / "bundle.json", std::ios::trunc) << broken;
    EXPECT_NE(std::system((command + " > /dev/null").c_str()), 0);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ungcuu::federation
