#include "domain/warning.hpp"

#include <gtest/gtest.h>

namespace ungcuu::domain {
namespace {

using std::chrono::hours;

const core::TimePoint kIssued = core::StartOfLocalDay(*core::ParseDate("2026-12-07")) + hours(9);

Warning MailServerWarning() {
    Warning w;
    w.title = "Lỗ hổng nghiêm trọng trên máy chủ thư Zimbra";
    w.severity = WarningSeverity::kCritical;
    w.actions = "Cập nhật bản vá, kiểm tra nhật ký truy cập, báo cáo kết quả.";
    w.issued_at = kIssued;
    w.deadline = kIssued + hours(72);
    w.references = {"CVE-2026-12345", "https://wiki.zimbra.com/wiki/Security_Center"};
    w.indicators = {{ObservableKind::kIp, " 203.0.113.7 "},
                    {ObservableKind::kDomain, "Update-Zimbra.Example.COM"},
                    {ObservableKind::kHash, std::string(64, 'A')}};
    w.target.traits.vendor = "zimbra";
    w.target.traits.services = {"mail"};
    return w;
}

TEST(WarningRules, AValidWarningHasItsIndicatorsNormalised) {
    auto w = MailServerWarning();
    ASSERT_TRUE(ValidateWarning(w).ok());
    EXPECT_EQ(w.indicators[0].value, "203.0.113.7");
    EXPECT_EQ(w.indicators[1].value, "update-zimbra.example.com");
    EXPECT_EQ(w.indicators[2].value, std::string(64, 'a'));
}

TEST(WarningRules, EveryProblemIsNamed) {
    auto w = MailServerWarning();
    w.title.clear();
    w.deadline = w.issued_at;
    w.references.emplace_back("xem trên mạng");
    w.references.emplace_back("cve-2026-12345");  // twice, written another way
    w.indicators.push_back({ObservableKind::kIp, "999.1.1.1"});
    w.indicators.push_back({ObservableKind::kDomain, "update-zimbra.example.com"});  // twice
    w.indicators.push_back({ObservableKind::kUser, "admin"});
    w.target.traits.min_level = 7;
    const auto status = ValidateWarning(w);
    ASSERT_FALSE(status.ok());
    std::multiset<std::string> fields;
    for (const auto& d : status.error().details) {
        fields.insert(d.where);
    }
    EXPECT_EQ(fields.count("title"), 1u);
    EXPECT_EQ(fields.count("deadline"), 1u);
    EXPECT_EQ(fields.count("references"), 2u);
    EXPECT_EQ(fields.count("indicators"), 3u);
    EXPECT_EQ(fields.count("target.min_level"), 1u);
}

TEST(WarningRules, CveIdsAndLimits) {
    for (const char* good : {"CVE-2026-1234", "CVE-2021-44228", "cve-2024-123456"}) {
        auto w = MailServerWarning();
        w.references = {good};
        EXPECT_TRUE(ValidateWarning(w).ok()) << good;
    }
    for (const char* bad : {"CVE-2026-123", "CVE-26-1234", "CVE-2026_1234", "CVE-2026-12a4"}) {
        auto w = MailServerWarning();
        w.references = {bad};
        EXPECT_FALSE(ValidateWarning(w).ok()) << bad;
    }
    auto w = MailServerWarning();
    w.indicators.assign(kMaxWarningIndicators + 1, {ObservableKind::kIp, "198.51.100.1"});
    EXPECT_FALSE(ValidateWarning(w).ok());
}

TEST(WarningRules, SigmaRulesAreBoundedAndRunUntilWithdrawnOrALifeAfterTheDeadline) {
    auto w = MailServerWarning();
    w.sigma_rules = "title: a\r\nid: b\r\n";
    ASSERT_TRUE(ValidateWarning(w).ok());
    EXPECT_EQ(w.sigma_rules, "title: a\nid: b\n") << "line ends made \\n";
    EXPECT_TRUE(RulesInForce(w, w.issued_at));
    EXPECT_TRUE(RulesInForce(w, w.deadline + kWarningRulesLife - hours(1)));
    EXPECT_FALSE(RulesInForce(w, w.deadline + kWarningRulesLife));
    auto withdrawn = w;
    withdrawn.withdrawn_at = w.issued_at + hours(1);
    EXPECT_FALSE(RulesInForce(withdrawn, w.issued_at + hours(2)));
    auto none = w;
    none.sigma_rules.clear();
    EXPECT_FALSE(RulesInForce(none, w.issued_at));

    w.sigma_rules.assign(kMaxWarningRulesBytes + 1, 'x');
    auto status = ValidateWarning(w);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().details.at(0).where, "sigma_rules");
    w.sigma_rules = std::string("title: a") + std::string(1, '\0');
    status = ValidateWarning(w);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().details.at(0).where, "sigma_rules");
}

TEST(WarningTlp, LabelsAndHowFarTheyTravel) {
    EXPECT_EQ(TlpLabel(Tlp::kAmber), "TLP:AMBER");
    EXPECT_EQ(ParseTlp("clear"), Tlp::kClear);
    EXPECT_FALSE(ParseTlp("white"));  // TLP 1.0's WHITE is CLEAR in 2.0
    EXPECT_TRUE(MayPassDown(Tlp::kGreen));
    EXPECT_TRUE(MayPassDown(Tlp::kAmber));
    EXPECT_FALSE(MayPassDown(Tlp::kRed));
}

InformationSystem System(std::int64_t id, const char* owner_path, std::int64_t owner) {
    InformationSystem s;
    s.id = SystemId{id};
    s.owner_path = owner_path;
    s.owner_unit_id = UnitId{owner};
    return s;
}

TEST(WarningTargeting, SystemTraitsReachExactlyTheUnitsThatRunThem) {
    // Province /1/, commune A /1/2/, commune B /1/3/, a department /1/4/; another tree /9/.
    std::vector<InformationSystem> systems;
    auto mail_a = System(1, "/1/2/", 2);
    mail_a.vendor = "Zimbra Collaboration";
    mail_a.services = {"mail", "web"};
    mail_a.operating_systems = "CentOS 7";
    systems.push_back(mail_a);
    auto portal_b = System(2, "/1/3/", 3);
    portal_b.vendor = "VNPT";
    portal_b.services = {"web"};
    systems.push_back(portal_b);
    auto mail_dept = System(3, "/1/4/", 4);
    mail_dept.vendor = "ZIMBRA";
    mail_dept.services = {"mail"};
    mail_dept.approved_level = 3;
    systems.push_back(mail_dept);
    auto mail_other_tree = System(4, "/9/", 9);
    mail_other_tree.vendor = "Zimbra";
    mail_other_tree.services = {"mail"};
    systems.push_back(mail_other_tree);
    auto retired = System(5, "/1/3/", 3);
    retired.vendor = "Zimbra";
    retired.services = {"mail"};
    retired.active = false;
    systems.push_back(retired);

    const auto kinds = [](UnitId unit) -> std::optional<UnitKind> {
        return unit.value() == 4 ? UnitKind::kDepartment : UnitKind::kCommune;
    };
    const auto ids = [](const std::vector<const InformationSystem*>& found) {
        std::vector<std::int64_t> out;
        out.reserve(found.size());
        for (const auto* s : found) {
            out.push_back(s->id.value());
        }
        return out;
    };
    WarningTarget target;
    target.traits.vendor = "zimbra";
    target.traits.services = {"mail"};
    EXPECT_EQ(ids(AffectedSystems(target, "/1/", systems, kinds)),
              (std::vector<std::int64_t>{1, 3}));
    // Communes only; then level 3 and above; then an operating system nobody runs.
    target.kinds = {UnitKind::kCommune};
    EXPECT_EQ(ids(AffectedSystems(target, "/1/", systems, kinds)), std::vector<std::int64_t>{1});
    target.kinds.clear();
    target.traits.min_level = 3;
    EXPECT_EQ(ids(AffectedSystems(target, "/1/", systems, kinds)), std::vector<std::int64_t>{3});
    target.traits.min_level.reset();
    target.traits.operating_system = "windows";
    EXPECT_TRUE(AffectedSystems(target, "/1/", systems, kinds).empty());
    // Software named anywhere the registry writes it: the description, or the operating system.
    WarningTarget software;
    software.traits.software = "cẩm nang";
    systems[1].description = "Cổng thông tin dùng phần mềm Cẩm Nang 2.1";
    EXPECT_EQ(ids(AffectedSystems(software, "/1/", systems, kinds)), std::vector<std::int64_t>{2});
    software.traits.software = "centos";
    EXPECT_EQ(ids(AffectedSystems(software, "/1/", systems, kinds)), std::vector<std::int64_t>{1});
    // No traits: every active system of the subtree.
    EXPECT_EQ(ids(AffectedSystems(WarningTarget{}, "/1/", systems, kinds)),
              (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(WarningAnswers, RollUpCountsTheLatestAnswerAndWhatIsLate) {
    const UnitId a{2}, b{3};
    const SystemId mail{1}, portal{2};
    const std::vector<std::pair<UnitId, std::optional<SystemId>>> expected = {
        {a, mail}, {a, portal}, {b, std::nullopt}, {a, mail}};  // one listed twice
    const auto at = [](int h) { return kIssued + hours(h); };
    const std::vector<SystemAnswer> answers = {
        {a, mail, WarningAnswer::kAffected, "Phiên bản 8.8.15 bị ảnh hưởng", at(2)},
        {a, mail, WarningAnswer::kFixed, "Đã cập nhật 8.8.15 P45", at(30)},  // later: counts
        {a, portal, WarningAnswer::kNotAffected, "", at(5)},
    };
    auto r = RollUp(expected, answers, at(72), at(40));
    EXPECT_EQ(r.expected, 3);
    EXPECT_EQ(r.fixed, 1);
    EXPECT_EQ(r.not_affected, 1);
    EXPECT_EQ(r.unanswered, 1);
    EXPECT_EQ(r.overdue, 0);
    EXPECT_FALSE(r.Complete());
    // After the deadline the silent unit is overdue; an affected system still open is too.
    r = RollUp(expected, {answers[0], answers[2]}, at(72), at(80));
    EXPECT_EQ(r.affected, 1);
    EXPECT_EQ(r.overdue, 2);
}

TEST(WarningAnswers, FixedAndAffectedNeedEvidence) {
    SystemAnswer answer{UnitId{2}, SystemId{1}, WarningAnswer::kFixed, "", kIssued};
    EXPECT_FALSE(ValidateAnswer(answer).ok());
    answer.evidence = "Đã cập nhật bản vá ngày 08/12/2026";
    EXPECT_TRUE(ValidateAnswer(answer).ok());
    answer.answer = WarningAnswer::kNotAffected;
    answer.evidence.clear();
    EXPECT_TRUE(ValidateAnswer(answer).ok());
    EXPECT_EQ(ParseWarningAnswer("not_affected"), WarningAnswer::kNotAffected);
    EXPECT_FALSE(ParseWarningAnswer("maybe"));
}

TEST(WarningIndicators, MatchIncidentsObservablesIncludingAUrlsHost) {
    const std::vector<Indicator> indicators = {
        {ObservableKind::kIp, "203.0.113.7"},
        {ObservableKind::kDomain, "update-zimbra.example.com"},
        {ObservableKind::kEmail, "khong-co@example.com"}};
    const std::vector<Observable> observables = {
        {IncidentId{10}, ObservableKind::kIp, "203.0.113.7", {}},
        {IncidentId{11}, ObservableKind::kUrl, "https://update-zimbra.example.com:8443/x.php", {}},
        {IncidentId{10}, ObservableKind::kIp, "203.0.113.7", {}},  // the same incident twice
        {IncidentId{12}, ObservableKind::kDomain, "zimbra.example.com", {}},  // not the same
    };
    const auto hits = MatchIndicators(indicators, observables);
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].indicator.value, "203.0.113.7");
    EXPECT_EQ(hits[0].incidents, std::vector<IncidentId>{IncidentId{10}});
    EXPECT_EQ(hits[1].incidents, std::vector<IncidentId>{IncidentId{11}});
}

TEST(WarningTlp, PassingDownKeepsTheLabelOrAStricterOneAndNeverRed) {
    Warning received;
    received.tlp = Tlp::kAmber;
    EXPECT_TRUE(CheckPassDown(received, Tlp::kAmber).ok());
    EXPECT_TRUE(CheckPassDown(received, Tlp::kRed).ok());
    const auto lowered = CheckPassDown(received, Tlp::kGreen);
    ASSERT_FALSE(lowered.ok());
    EXPECT_EQ(lowered.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(lowered.error().message_vi.find("TLP:AMBER"), std::string::npos);
    received.tlp = Tlp::kRed;
    const auto red = CheckPassDown(received, Tlp::kRed);
    ASSERT_FALSE(red.ok());
    EXPECT_EQ(red.error().code, core::ErrorCode::kConflict);
    received.tlp = Tlp::kClear;
    EXPECT_TRUE(CheckPassDown(received, Tlp::kGreen).ok());
}

}  // namespace
}  // namespace ungcuu::domain
