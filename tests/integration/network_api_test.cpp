// The unit as a member of the response network, over the API on both engines (TT 20/2017):
// a change of đầu mối starts the 24-hour notice to the coordinating units (Điều 6.1.b), sent in
// the app and by e-mail to a real SMTP server and acknowledged by the recipient; Mẫu 01 and
// Mẫu 02 generated from the profile, contacts, systems and staff with the yearly refresh as a
// duty (Điều 5.3); a Mẫu 06 coordination order fanned out to three units, one of them late
// (Điều 8).
#include <fstream>
#include <sstream>

#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

class NetworkApiTest : public MailApiTest {
protected:
    std::int64_t AddPerson(HttpClient& client, const domain::Unit& unit, const std::string& body) {
        const auto person = client.Post(UnitPath(unit) + "/people", body);
        EXPECT_EQ(person.status, 201) << person.body;
        return person.Json().at("id").as_int64();
    }
};

// TT 20/2017 Điều 6 khoản 1 điểm b: the đầu mối's change reaches the coordinator within 24 hours.
TEST_P(NetworkApiTest, AContactChangeStartsTheTwentyFourHourNoticeToTheCoordinator) {
    HttpClient officer = SignedIn("officer");
    HttpClient coordinator = SignedIn("coordinator");
    const std::string member = UnitPath(commune_a_) + "/member";
    auto clock = officer.Get(member).Json().at("contact_clock");
    EXPECT_EQ(clock.at("state").as_string(), "ok");
    EXPECT_TRUE(clock.at("pending").as_array().empty());

    const auto person = AddPerson(
        officer, commune_a_,
        R"({"full_name":"Phạm Thị Lan","position":"Công chức","mobile_phone":"0935 777 888"})");
    const auto changed_at = clock_.Now();
    ASSERT_EQ(officer
                  .Send("PUT", UnitPath(commune_a_) + "/contacts/primary",
                        json::serialize(json::object{{"person_id", person}}))
                  .status,
              200);
    clock = officer.Get(member).Json().at("contact_clock");
    EXPECT_EQ(clock.at("state").as_string(), "due");
    EXPECT_EQ(clock.at("due_at").as_string(),
              core::FormatRfc3339(changed_at + std::chrono::hours(24)));
    ASSERT_EQ(clock.at("pending").as_array().size(), 1u);
    EXPECT_EQ(clock.at("pending").at(0).at("person_name").as_string(), "Phạm Thị Lan");
    EXPECT_NE(std::string(clock.at("article").as_string()).find("Điều 6"), std::string::npos);

    // Nobody holds the coordinating functions yet: said, nothing recorded.
    const auto nobody = officer.Post(UnitPath(commune_a_) + "/contact-notices", "");
    EXPECT_EQ(nobody.status, 409) << nobody.body;
    EXPECT_TRUE(officer.Get(member).Json().at("notices").as_array().empty());
    ASSERT_EQ(
        SignedIn("admin")
            .Send("PUT", UnitPath(department_) + "/routing", R"({"functions":["specialised"]})")
            .status,
        200);
    // Another commune's officer cannot send it, nor see the unit.
    EXPECT_EQ(SignedIn("officer.b").Post(UnitPath(commune_a_) + "/contact-notices", "").status,
              404);

    // A day and an hour later the clock is overdue; the notice goes out, marked late.
    clock_.Advance(std::chrono::hours(25));
    officer = SignedIn("officer");  // the session ran out meanwhile
    coordinator = SignedIn("coordinator");
    EXPECT_EQ(officer.Get(member).Json().at("contact_clock").at("state").as_string(), "overdue");
    const auto sent = officer.Post(UnitPath(commune_a_) + "/contact-notices", "");
    ASSERT_EQ(sent.status, 201) << sent.body;
    const auto& items = sent.Json().at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].at("recipient_unit_id").as_int64(), department_.id.value());
    EXPECT_TRUE(items[0].at("late").as_bool());
    EXPECT_EQ(items[0].at("email_state").as_string(), "queued");
    EXPECT_NE(std::string(items[0].at("body").as_string()).find("0935 777 888"), std::string::npos)
        << "the current contacts travel with it";
    const auto notice_id = items[0].at("id").as_int64();
    clock = officer.Get(member).Json().at("contact_clock");
    EXPECT_EQ(clock.at("state").as_string(), "ok");
    EXPECT_TRUE(clock.at("pending").as_array().empty());
    EXPECT_EQ(officer.Post(UnitPath(commune_a_) + "/contact-notices", "").status, 409)
        << "nothing left to notify";

    // The coordinator's e-mail: a real SMTP server receives it.
    SmtpSink sink(smtp_port_, dir_.path() / "maildir");
    ASSERT_TRUE(sink.Start()) << "python3-aiosmtpd must be installed (tools/install-deps.sh test)";
    system_->RunJobs();
    const auto mail = DecodedMail(sink);
    EXPECT_NE(mail.find("TO ubnd.p-so@example.gov.vn"), std::string::npos) << mail;
    EXPECT_NE(mail.find("Thông báo thay đổi đầu mối ứng cứu sự cố"), std::string::npos) << mail;
    EXPECT_NE(mail.find("Phạm Thị Lan"), std::string::npos) << mail;
    sink.Stop();

    // The recipient acknowledges it in the app; a unit it was not sent to cannot.
    const auto inbox = coordinator.Get("/api/v1/contact-notices?unacknowledged=true");
    ASSERT_EQ(inbox.status, 200);
    ASSERT_EQ(inbox.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(inbox.Json().at("items").at(0).at("email_state").as_string(), "sent");
    EXPECT_TRUE(officer.Get("/api/v1/contact-notices").Json().at("items").as_array().empty());
    const std::string ack = "/api/v1/contact-notices/" + std::to_string(notice_id) + "/acknowledge";
    EXPECT_EQ(officer.Post(ack, "").status, 404);
    const auto acked = coordinator.Post(ack, "");
    ASSERT_EQ(acked.status, 200) << acked.body;
    EXPECT_FALSE(acked.Json().at("acknowledged_at").is_null());
    EXPECT_TRUE(coordinator.Get("/api/v1/contact-notices?unacknowledged=true")
                    .Json()
                    .at("items")
                    .as_array()
                    .empty());

    // Clearing a role is a change too.
    EXPECT_EQ(officer.Send("DELETE", UnitPath(commune_a_) + "/contacts/primary").status, 204);
    clock = officer.Get(member).Json().at("contact_clock");
    EXPECT_EQ(clock.at("state").as_string(), "due");
    EXPECT_EQ(clock.at("pending").at(0).at("person_name").as_string(), "");
}

// TT 20/2017 Điều 5 khoản 3 and Phụ lục I: Mẫu 01 (and Mẫu 02) from what ungcuu holds, with the
// staff annex; the profile is refreshed yearly.
TEST_P(NetworkApiTest, MemberFormsAreGeneratedFromTheRegistryAndTheYearlyRefreshIsADuty) {
    HttpClient officer = SignedIn("officer");
    const std::string member = UnitPath(commune_a_) + "/member";
    // Never filed: due now.
    auto duty = officer.Get(member).Json().at("profile_duty");
    EXPECT_EQ(duty.at("state").as_string(), "overdue");
    EXPECT_TRUE(duty.at("due_on").is_null());

    // Staff with the annex's qualifications; bad codes and dates are refused by field.
    const auto bad = officer.Post(
        UnitPath(commune_a_) + "/people",
        R"({"full_name":"Lê Văn Bình","email":"binh@example.vn","qualification":{"degree":"phd","graduated":"13/2015"}})");
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_NE(bad.body.find("degree"), std::string::npos);
    EXPECT_NE(bad.body.find("graduated"), std::string::npos);
    const auto staff = AddPerson(
        officer, commune_a_,
        R"({"full_name":"Lê Văn Bình","email":"binh@example.vn","qualification":{"training_field":"attt","degree":"university","certificates":"CEH","certificate_scope":"international","expert_group":"defence","school":"Học viện Kỹ thuật Mật mã","major":"An toàn thông tin","graduated":"06/2015"}})");
    ASSERT_EQ(officer
                  .Send("PUT", UnitPath(commune_a_) + "/contacts/primary",
                        json::serialize(json::object{{"person_id", staff}}))
                  .status,
              200);
    const auto person = officer.Get(UnitPath(commune_a_) + "/people").Json().at("items").at(0);
    EXPECT_EQ(person.at("qualification").at("school").as_string(), "Học viện Kỹ thuật Mật mã");

    // The profile: a filing date in the future is refused; one 14 months ago is overdue, one
    // last month is not.
    EXPECT_EQ(officer.Send("PUT", member, R"({"submitted_on":"2099-01-01"})").status, 400);
    EXPECT_EQ(officer.Send("PUT", member, R"({"membership":"sometimes"})").status, 400);
    EXPECT_EQ(officer.Send("PUT", member, R"({"surprise":1})").status, 400);
    const auto late = officer.Send(
        "PUT", member,
        R"({"capability":"Đội 3 người, trực 24/7","activity":"Quản lý cổng thông tin xã","pgp_key":"0xABCD 1234","submitted_on":"2025-07-21"})");
    ASSERT_EQ(late.status, 200) << late.body;
    EXPECT_EQ(late.Json().at("profile_duty").at("due_on").as_string(), "2026-07-21");
    EXPECT_EQ(late.Json().at("profile_duty").at("state").as_string(), "overdue");
    const auto fresh = officer.Send(
        "PUT", member,
        R"({"capability":"Đội 3 người, trực 24/7","activity":"Quản lý cổng thông tin xã","pgp_key":"0xABCD 1234","submitted_on":"2026-08-21"})");
    EXPECT_EQ(fresh.Json().at("profile_duty").at("state").as_string(), "ok");
    EXPECT_EQ(SignedIn("officer.b").Send("PUT", member, R"({"capability":"x"})").status, 404);

    // Mẫu 01 and Mẫu 02 as PDF and DOCX carry what the registry holds.
    const auto mau01 = officer.Get(member + "/mau01.pdf");
    ASSERT_EQ(mau01.status, 200) << mau01.body;
    EXPECT_EQ(mau01.body.rfind("%PDF", 0), 0u);
    const auto text01 = PdfText(mau01.body);
    for (const char* expected : {"BẢN KHAI HỒ SƠ THÀNH VIÊN MẠNG LƯỚI ỨNG CỨU SỰ CỐ", "Mẫu 01",
                                 "Đơn vị P-XA-A", "Lê Văn Bình", "Đội 3 người, trực 24/7",
                                 "Học viện Kỹ thuật Mật mã", "Cơ quan chủ quản: Đơn vị P"}) {
        EXPECT_NE(text01.find(expected), std::string::npos) << expected << "\n" << text01;
    }
    EXPECT_NE(text01.find("Tổng số nhân lực kỹ thuật: 1"), std::string::npos) << text01;
    const auto text02 = PdfText(officer.Get(member + "/mau02.pdf").body);
    EXPECT_NE(text02.find("ĐƠN ĐĂNG KÝ THAM GIA MẠNG LƯỚI"), std::string::npos) << text02;
    EXPECT_NE(text02.find("0xABCD 1234"), std::string::npos) << text02;
    EXPECT_NE(text02.find("Quản lý cổng thông tin xã"), std::string::npos) << text02;
    const auto docx = officer.Get(member + "/mau01.docx");
    ASSERT_EQ(docx.status, 200);
    EXPECT_EQ(docx.body.rfind("PK", 0), 0u);
    EXPECT_EQ(officer.Get(member + "/mau07.pdf").status, 404);
    EXPECT_EQ(officer.Get(member + "/mau01.exe").status, 404);
    EXPECT_EQ(SignedIn("officer.b").Get(member + "/mau01.pdf").status, 404);
}

// TT 20/2017 Điều 8 (Mẫu 06, fields modelled): an order received by the province becomes a task
// of each addressed unit with the deadline; each answers with evidence; the province sees the
// roll-up, the late one included.
TEST_P(NetworkApiTest, ACoordinationOrderFansOutToThreeUnitsAndOneIsOverdue) {
    HttpClient coordinator = SignedIn("coordinator");
    HttpClient officer = SignedIn("officer");
    HttpClient officer_b = SignedIn("officer.b");
    const auto other_tree = AddUnit("Q", std::nullopt, domain::UnitKind::kProvince);
    const auto deadline = core::FormatRfc3339(clock_.Now() + std::chrono::hours(48));
    const auto order_body = [&](const json::array& addressees) {
        return json::serialize(
            json::object{{"receiving_unit_id", province_.id.value()},
                         {"kind", "order"},
                         {"issuer", "Cơ quan điều phối quốc gia"},
                         {"number", "125/LĐP-NCSC"},
                         {"issued_on", "2026-09-20"},
                         {"subject", "Vá lỗ hổng CVE-2026-1234 trên máy chủ thư"},
                         {"actions", "Kiểm tra, cập nhật bản vá và báo cáo kết quả."},
                         {"deadline", deadline},
                         {"addressees", addressees}});
    };
    const json::array three{department_.id.value(), commune_a_.id.value(), commune_b_.id.value()};
    // Who may record it, and what it must hold.
    EXPECT_EQ(officer.Post("/api/v1/coordination-orders", order_body(three)).status, 404);
    EXPECT_EQ(coordinator.Post("/api/v1/coordination-orders", order_body({})).status, 400);
    const auto outside =
        coordinator.Post("/api/v1/coordination-orders", order_body({other_tree.id.value()}));
    EXPECT_EQ(outside.status, 400) << outside.body;
    EXPECT_EQ(coordinator.Post("/api/v1/coordination-orders", R"({"receiving_unit_id":1})").status,
              400);
    const auto created = coordinator.Post("/api/v1/coordination-orders", order_body(three));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto order = created.Json();
    const auto id = order.at("id").as_int64();
    ASSERT_EQ(order.at("tasks").as_array().size(), 3u);
    EXPECT_EQ(order.at("roll_up").at("open").as_int64(), 3);
    const auto task_of = [&](const json::value& view, const domain::Unit& unit) {
        for (const auto& task : view.at("tasks").as_array()) {
            if (task.at("unit_id").as_int64() == unit.id.value()) {
                return task.at("id").as_int64();
            }
        }
        ADD_FAILURE() << "no task for " << unit.code;
        return std::int64_t{0};
    };
    const auto task_a = task_of(order, commune_a_);
    const auto task_b = task_of(order, commune_b_);
    const auto answer = [](std::int64_t task) {
        return "/api/v1/order-tasks/" + std::to_string(task) + "/answer";
    };

    // Each commune sees its own task only and answers it with evidence.
    const auto seen = officer.Get("/api/v1/coordination-orders/" + std::to_string(id)).Json();
    EXPECT_FALSE(seen.at("follows_up").as_bool());
    ASSERT_EQ(seen.at("tasks").as_array().size(), 1u);
    EXPECT_EQ(officer.Post(answer(task_b), R"({"state":"done","answer":"x"})").status, 404);
    EXPECT_EQ(officer.Post(answer(task_a), R"({"state":"done","answer":""})").status, 400);
    EXPECT_EQ(officer.Post(answer(task_a), R"({"state":"open","answer":"x"})").status, 400);
    const auto done =
        officer.Post(answer(task_a), R"({"state":"done","answer":"Đã cập nhật bản vá 2.4.1"})");
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(officer.Post(answer(task_a), R"({"state":"done","answer":"lần nữa"})").status, 409);
    ASSERT_EQ(officer_b
                  .Post(answer(task_b),
                        R"({"state":"not_applicable","answer":"Xã không dùng máy chủ thư này"})")
                  .status,
              200);

    // Past the deadline the department's task is overdue in the province's roll-up.
    clock_.Advance(std::chrono::hours(49));
    coordinator = SignedIn("coordinator");  // the session ran out meanwhile
    const auto followed = coordinator.Get("/api/v1/coordination-orders/" + std::to_string(id));
    ASSERT_EQ(followed.status, 200);
    const auto roll_up = followed.Json().at("roll_up");
    EXPECT_EQ(roll_up.at("total").as_int64(), 3);
    EXPECT_EQ(roll_up.at("done").as_int64(), 1);
    EXPECT_EQ(roll_up.at("not_applicable").as_int64(), 1);
    EXPECT_EQ(roll_up.at("open").as_int64(), 1);
    EXPECT_EQ(roll_up.at("overdue").as_int64(), 1);
    for (const auto& task : followed.Json().at("tasks").as_array()) {
        EXPECT_EQ(task.at("overdue").as_bool(),
                  task.at("unit_id").as_int64() == department_.id.value());
    }
    const auto list = coordinator.Get("/api/v1/coordination-orders").Json().at("items");
    ASSERT_EQ(list.as_array().size(), 1u);
    EXPECT_EQ(list.at(0).at("number").as_string(), "125/LĐP-NCSC");
    // A unit neither receiving nor addressed does not find it.
    const auto q_officer = AddUser("officer.q", other_tree, domain::Role::kOfficer, other_tree);
    (void)q_officer;
    HttpClient stranger = SignedIn("officer.q");
    EXPECT_EQ(stranger.Get("/api/v1/coordination-orders/" + std::to_string(id)).status, 404);
    EXPECT_TRUE(stranger.Get("/api/v1/coordination-orders").Json().at("items").as_array().empty());
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         NetworkApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
