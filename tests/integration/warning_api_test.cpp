// Warnings down the tree over the API on both engines: a warning targeted by system traits
// reaches exactly the units that run the affected software (previewed first), each recipient
// sees and answers only its own systems, the answers roll up for the issuer, the indicators meet
// an incident's observables both ways, reminders before the deadline and a notice to the unit
// above after it reach the app and a real SMTP server once each; a district passes a warning on
// to its communes under the same label or a stricter one, never a TLP:RED one; bad input and
// outsiders are refused and change nothing.
#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

class WarningApiTest : public MailApiTest {
protected:
    /// A warning of the province about the Zimbra mail servers of its units, due in three days.
    json::object ZimbraWarning() {
        return {
            {"issuer_unit_id", province_.id.value()},
            {"title", "Lỗ hổng nghiêm trọng trên máy chủ thư điện tử Zimbra"},
            {"severity", "critical"},
            {"description", "Lỗ hổng cho phép thực thi mã từ xa, đang bị khai thác."},
            {"actions", "Cập nhật bản vá 8.8.15 P45; rà soát nhật ký truy cập."},
            {"deadline", core::FormatRfc3339(clock_.Now() + std::chrono::hours(72))},
            {"references", json::array{"CVE-2026-27443", "https://wiki.zimbra.com/advisory"}},
            {"indicators",
             json::array{json::object{{"kind", "ip"}, {"value", "203.0.113.7"}},
                         json::object{{"kind", "domain"}, {"value", "Update-Zimbra.example"}}}},
            {"tlp", "amber"},
            {"target", json::object{{"unit_id", province_.id.value()},
                                    {"traits", json::object{{"software", "zimbra"},
                                                            {"services", json::array{"mail"}}}}}}};
    }

    void SetUp() override {
        MailApiTest::SetUp();
        auto admin = SignedIn("admin");
        const json::object zimbra{{"vendor", "Synacor Zimbra"}, {"services", json::array{"mail"}}};
        mail_a_ = AddSystem(admin, "XAA-MAIL", commune_a_, zimbra);
        mail_dept_ = AddSystem(admin, "SO-MAIL", department_, zimbra);
        AddSystem(admin, "XAB-WEB", commune_b_, {{"services", json::array{"web"}}});
    }

    /// The decoded messages about warnings (the incident's own notifications set aside).
    static std::vector<std::string> WarningMails(const std::string& decoded) {
        std::vector<std::string> out;
        std::size_t at = decoded.find("SUBJECT ");
        while (at != std::string::npos) {
            const auto next = decoded.find("\nSUBJECT ", at + 1);
            const auto message = decoded.substr(at, next == std::string::npos ? next : next - at);
            if (message.starts_with("SUBJECT [CẢNH BÁO]")) {
                out.push_back(message);
            }
            at = next == std::string::npos ? next : next + 1;
        }
        return out;
    }

    static std::int64_t ItemOf(const json::value& view, std::int64_t system) {
        for (const auto& item : view.at("items").as_array()) {
            if (!item.at("system_id").is_null() && item.at("system_id").as_int64() == system) {
                return item.at("id").as_int64();
            }
        }
        ADD_FAILURE() << "no item for system " << system;
        return 0;
    }

    std::int64_t mail_a_ = 0, mail_dept_ = 0;
};

TEST_P(WarningApiTest, TraitsReachTheUnitsThatRunItAnswersRollUpRemindersAndNoticesGoOnce) {
    auto coordinator = SignedIn("coordinator");
    auto officer = SignedIn("officer");
    auto officer_b = SignedIn("officer.b");

    // Preview: the two Zimbra servers, not the commune B portal.
    const auto preview =
        coordinator.Post("/api/v1/warnings/preview",
                         json::serialize(json::object{{"issuer_unit_id", province_.id.value()},
                                                      {"target", ZimbraWarning().at("target")}}));
    ASSERT_EQ(preview.status, 200) << preview.body;
    EXPECT_EQ(preview.Json().at("units").as_int64(), 2);
    ASSERT_EQ(preview.Json().at("items").as_array().size(), 2u);

    const auto issued = coordinator.Post("/api/v1/warnings", json::serialize(ZimbraWarning()));
    ASSERT_EQ(issued.status, 201) << issued.body;
    const auto view = issued.Json();
    const auto id = view.at("id").as_int64();
    const std::string path = "/api/v1/warnings/" + std::to_string(id);
    EXPECT_EQ(view.at("tlp_label").as_string(), "TLP:AMBER");
    EXPECT_EQ(view.at("rollup").at("expected").as_int64(), 2);
    EXPECT_EQ(view.at("rollup").at("unanswered").as_int64(), 2);
    // Indicators normalised: the domain lower-cased.
    EXPECT_EQ(view.at("indicators").at(0).at("value").as_string(), "update-zimbra.example");
    const auto item_a = ItemOf(view, mail_a_);
    const auto item_dept = ItemOf(view, mail_dept_);

    // Commune A sees the warning with its own system only; commune B (no Zimbra) not at all.
    const auto listed = officer.Get("/api/v1/warnings");
    ASSERT_EQ(listed.status, 200);
    ASSERT_EQ(listed.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(listed.Json().at("items").at(0).at("to_answer").as_int64(), 1);
    const auto seen = officer.Get(path);
    ASSERT_EQ(seen.status, 200);
    ASSERT_EQ(seen.Json().at("items").as_array().size(), 1u);
    EXPECT_TRUE(seen.Json().at("items").at(0).at("can_answer").as_bool());
    EXPECT_EQ(officer_b.Get(path).status, 404);
    EXPECT_TRUE(officer_b.Get("/api/v1/warnings").Json().at("items").as_array().empty());

    // Answers: "fixed" needs evidence; another unit's system is not the officer's to answer.
    const std::string answer_a = "/api/v1/warning-items/" + std::to_string(item_a) + "/answer";
    const auto bare = officer.Post(answer_a, R"({"answer":"fixed"})");
    EXPECT_EQ(bare.status, 400);
    EXPECT_NE(bare.body.find("evidence"), std::string::npos) << bare.body;
    EXPECT_EQ(officer.Post(answer_a, R"({"answer":"patched"})").status, 400);
    EXPECT_EQ(officer
                  .Post("/api/v1/warning-items/" + std::to_string(item_dept) + "/answer",
                        R"({"answer":"not_affected"})")
                  .status,
              404);
    const auto fixed = officer.Post(
        answer_a, R"({"answer":"fixed","evidence":"Đã cập nhật 8.8.15 P45 lúc 15:00"})");
    ASSERT_EQ(fixed.status, 200) << fixed.body;
    const auto rolled = coordinator.Get(path).Json();
    EXPECT_EQ(rolled.at("rollup").at("fixed").as_int64(), 1);
    EXPECT_EQ(rolled.at("rollup").at("unanswered").as_int64(), 1);
    ASSERT_EQ(rolled.at("by_unit").as_array().size(), 2u);

    // An incident of commune A carrying the attacker's address meets the warning both ways.
    const auto incident =
        coordinator.Post("/api/v1/incidents", json::serialize(Mau03(mail_a_))).Json();
    const auto incident_id = incident.at("id").as_int64();
    const std::string incident_path = "/api/v1/incidents/" + std::to_string(incident_id);
    ASSERT_EQ(coordinator
                  .Post(incident_path + "/observables",
                        R"({"kind":"url","value":"https://update-zimbra.example/a.jsp"})")
                  .status,
              200);
    const auto met = coordinator.Get(path).Json();
    ASSERT_EQ(met.at("incidents").as_array().size(), 1u);
    EXPECT_EQ(met.at("incidents").at(0).at("id").as_int64(), incident_id);
    const auto back = coordinator.Get(incident_path + "/warnings");
    ASSERT_EQ(back.status, 200) << back.body;
    ASSERT_EQ(back.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(back.Json().at("items").at(0).at("matched").at(0).at("value").as_string(),
              "update-zimbra.example");
    EXPECT_EQ(officer_b.Get(incident_path + "/warnings").status, 404);

    // A day before the deadline: a reminder to the department (commune A has fixed its server).
    SmtpSink sink(smtp_port_, dir_.path() / "maildir");
    ASSERT_TRUE(sink.Start()) << "python3-aiosmtpd must be installed (tools/install-deps.sh test)";
    clock_.Advance(std::chrono::hours(50));
    system_->RunJobs();
    system_->RunJobs();  // once each
    auto mail = WarningMails(DecodedMail(sink));
    ASSERT_EQ(mail.size(), 1u);
    EXPECT_NE(mail[0].find("TO ubnd.p-so@example.gov.vn"), std::string::npos) << mail[0];
    EXPECT_NE(mail[0].find("Nhắc trả lời"), std::string::npos) << mail[0];

    // After it: the province hears that its department is late, in the app and by e-mail.
    clock_.Advance(std::chrono::hours(23));
    system_->RunJobs();
    system_->RunJobs();
    mail = WarningMails(DecodedMail(sink));
    ASSERT_EQ(mail.size(), 2u);
    const auto& overdue = mail[0].find("Quá hạn trả lời") != std::string::npos ? mail[0] : mail[1];
    EXPECT_NE(overdue.find("Quá hạn trả lời"), std::string::npos) << overdue;
    EXPECT_NE(overdue.find("TO ubnd.p@example.gov.vn"), std::string::npos) << overdue;
    EXPECT_NE(overdue.find("Đơn vị P-SO"), std::string::npos) << overdue;
    sink.Stop();
    coordinator = SignedIn("coordinator");  // three days later: new sessions
    officer = SignedIn("officer");
    const auto notices = coordinator.Get("/api/v1/warnings").Json().at("notices").as_array();
    ASSERT_EQ(notices.size(), 2u);
    EXPECT_EQ(notices.at(0).at("kind").as_string(), "overdue");
    EXPECT_EQ(notices.at(0).at("about_unit_id").as_int64(), department_.id.value());
    EXPECT_EQ(notices.at(0).at("email_state").as_string(), "sent");
    EXPECT_TRUE(officer.Get("/api/v1/warnings").Json().at("notices").as_array().empty());
    const auto late = coordinator.Get(path).Json();
    EXPECT_EQ(late.at("rollup").at("overdue").as_int64(), 1);

    // Withdrawn: no answer is taken any more.
    ASSERT_EQ(coordinator.Post(path + "/withdraw", "").status, 200);
    EXPECT_EQ(officer.Post(answer_a, R"({"answer":"not_affected"})").status, 409);
    EXPECT_EQ(coordinator.Post(path + "/withdraw", "").status, 409);
}

TEST_P(WarningApiTest, ADistrictPassesAWarningOnWithinWhatItsLabelAllows) {
    auto coordinator = SignedIn("coordinator");
    const auto district = AddUnit("P-H1", province_.id, domain::UnitKind::kDistrict);
    const auto commune = AddUnit("P-H1-X1", district.id, domain::UnitKind::kCommune);
    const auto quiet = AddUnit("P-H1-X2", district.id, domain::UnitKind::kCommune);
    auto admin = SignedIn("admin");
    const auto server = AddSystem(admin, "H1X1-MAIL", commune,
                                  {{"vendor", "Zimbra"}, {"services", json::array{"mail"}}});
    AddSystem(admin, "H1X2-WEB", quiet, {{"services", json::array{"web"}}});

    // To the districts as units (no traits): the district answers for itself.
    auto body = ZimbraWarning();
    body["target"] =
        json::object{{"unit_id", province_.id.value()}, {"kinds", json::array{"district"}}};
    const auto issued = coordinator.Post("/api/v1/warnings", json::serialize(body));
    ASSERT_EQ(issued.status, 201) << issued.body;
    const auto id = issued.Json().at("id").as_int64();
    ASSERT_EQ(issued.Json().at("items").as_array().size(), 1u);
    EXPECT_TRUE(issued.Json().at("items").at(0).at("system_id").is_null());
    ASSERT_EQ(issued.Json().at("can_pass_on_from").as_array().size(), 1u);
    const std::string pass = "/api/v1/warnings/" + std::to_string(id) + "/pass-on";
    const auto target = json::object{
        {"unit_id", district.id.value()},
        {"traits", json::object{{"software", "zimbra"}, {"services", json::array{"mail"}}}}};

    // A lower label, a later deadline, a unit that did not receive it: refused.
    auto lowered = coordinator.Post(
        pass, json::serialize(json::object{
                  {"from_unit_id", district.id.value()}, {"tlp", "green"}, {"target", target}}));
    EXPECT_EQ(lowered.status, 400);
    EXPECT_NE(lowered.body.find("TLP:AMBER"), std::string::npos) << lowered.body;
    EXPECT_EQ(
        coordinator
            .Post(pass,
                  json::serialize(json::object{
                      {"from_unit_id", district.id.value()},
                      {"tlp", "amber"},
                      {"deadline", core::FormatRfc3339(clock_.Now() + std::chrono::hours(100))},
                      {"target", target}}))
            .status,
        400);
    EXPECT_EQ(coordinator
                  .Post(pass, json::serialize(json::object{{"from_unit_id", commune_a_.id.value()},
                                                           {"tlp", "amber"},
                                                           {"target", target}}))
                  .status,
              400);

    const auto passed = coordinator.Post(
        pass, json::serialize(json::object{
                  {"from_unit_id", district.id.value()}, {"tlp", "red"}, {"target", target}}));
    ASSERT_EQ(passed.status, 201) << passed.body;
    const auto child = passed.Json();
    EXPECT_EQ(child.at("parent_id").as_int64(), id);
    EXPECT_EQ(child.at("issuer_unit_id").as_int64(), district.id.value());
    EXPECT_EQ(child.at("tlp").as_string(), "red");
    ASSERT_EQ(child.at("items").as_array().size(), 1u);
    EXPECT_EQ(child.at("items").at(0).at("system_id").as_int64(), server);
    EXPECT_EQ(child.at("indicators").as_array().size(), 2u);
    // The original lists what passes it on; a RED warning is not passed on further.
    const auto original = coordinator.Get("/api/v1/warnings/" + std::to_string(id)).Json();
    ASSERT_EQ(original.at("passed_on").as_array().size(), 1u);
    EXPECT_TRUE(child.at("can_pass_on_from").as_array().empty());
    const auto again = coordinator.Post(
        "/api/v1/warnings/" + std::to_string(child.at("id").as_int64()) + "/pass-on",
        json::serialize(json::object{{"from_unit_id", commune.id.value()},
                                     {"tlp", "red"},
                                     {"target", json::object{{"unit_id", commune.id.value()}}}}));
    EXPECT_EQ(again.status, 409) << again.body;
}

TEST_P(WarningApiTest, BadInputAndOutsidersAreRefusedAndNothingIsStored) {
    auto coordinator = SignedIn("coordinator");
    auto officer = SignedIn("officer");
    const auto local = system_->users().Create(
        app::Actor::Cli(), {"responder.local", "Người trực", "", province_.id, kPassword});
    ASSERT_TRUE(local.ok());
    ASSERT_TRUE(
        system_->users()
            .Grant(app::Actor::Cli(), local->id, province_.id, domain::Role::kResponder, true)
            .ok());
    auto narrow = SignedIn("responder.local");
    const auto audit_before = AuditCount();
    const auto post = [&](HttpClient& client, const json::object& body) {
        return client.Post("/api/v1/warnings", json::serialize(body));
    };
    // An officer does not issue warnings.
    EXPECT_EQ(post(officer, ZimbraWarning()).status, 403);
    // Every problem named at once.
    auto bad = ZimbraWarning();
    bad["title"] = "";
    bad["tlp"] = "purple";
    bad["deadline"] = core::FormatRfc3339(clock_.Now() - std::chrono::hours(1));
    bad["indicators"] = json::array{json::object{{"kind", "ip"}, {"value", "not-an-address"}},
                                    json::object{{"kind", "ip"}, {"value", "203.0.113.7"}},
                                    json::object{{"kind", "ip"}, {"value", "203.0.113.7"}}};
    bad["references"] = json::array{"CVE-26-1", "javascript:alert(1)"};
    const auto refused = post(coordinator, bad);
    EXPECT_EQ(refused.status, 400);
    for (const char* field : {"tlp"}) {
        EXPECT_NE(refused.body.find(field), std::string::npos) << field << refused.body;
    }
    bad["tlp"] = "amber";
    const auto named = post(coordinator, bad);
    EXPECT_EQ(named.status, 400);
    for (const char* field : {"title", "deadline", "indicators", "references"}) {
        EXPECT_NE(named.body.find(field), std::string::npos) << field << named.body;
    }
    // Too many indicators: refused before they are read.
    auto flood = ZimbraWarning();
    json::array many;
    for (int i = 0; i < 600; ++i) {
        many.push_back(
            json::object{{"kind", "ip"}, {"value", "198.51.100." + std::to_string(i % 250)}});
    }
    flood["indicators"] = many;
    EXPECT_EQ(post(coordinator, flood).status, 400);
    // A target outside the issuer's subtree; traits no system has.
    auto outside = ZimbraWarning();
    outside["issuer_unit_id"] = commune_a_.id.value();
    EXPECT_EQ(post(coordinator, outside).status, 400);
    auto nobody = ZimbraWarning();
    nobody["target"].as_object()["traits"] = json::object{{"operating_system", "OpenVMS"}};
    const auto empty = post(coordinator, nobody);
    EXPECT_EQ(empty.status, 400);
    EXPECT_NE(empty.body.find("Không có đơn vị"), std::string::npos) << empty.body;
    // Not JSON; an unknown field.
    EXPECT_EQ(coordinator.Post("/api/v1/warnings", "{").status, 400);
    auto unknown = ZimbraWarning();
    unknown["urgent"] = true;
    EXPECT_EQ(post(coordinator, unknown).status, 400);

    // A responder whose role covers the province alone (not the units under it) reaches none.
    const auto unseen =
        narrow.Post("/api/v1/warnings/preview",
                    json::serialize(json::object{{"issuer_unit_id", province_.id.value()},
                                                 {"target", ZimbraWarning().at("target")}}));
    ASSERT_EQ(unseen.status, 200) << unseen.body;
    EXPECT_TRUE(unseen.Json().at("items").as_array().empty()) << unseen.body;
    EXPECT_EQ(post(narrow, ZimbraWarning()).status, 400);

    EXPECT_TRUE(coordinator.Get("/api/v1/warnings").Json().at("items").as_array().empty());
    EXPECT_EQ(AuditCount(), audit_before);
    EXPECT_EQ(coordinator.Get("/api/v1/warnings/999").status, 404);
    EXPECT_EQ(officer.Post("/api/v1/warning-items/999/answer", R"({"answer":"fixed"})").status,
              404);
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         WarningApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
