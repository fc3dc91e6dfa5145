// Incidents over the API on both engines: intake with the mandatory fields of Mẫu 03, scope,
// the procedure's steps and refusals, classification with the computed severity, reports routed
// over the unit tree and delivered by e-mail to a real SMTP server (Debian's aiosmtpd) that is
// down at first, DOCX and PDF documents, alert deduplication and the public page with its limit.
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

const std::map<std::string, std::string> kRaw = {{"Content-Type", "application/octet-stream"}};

class IncidentApiTest : public MailApiTest {
protected:
    std::int64_t AddSystem(HttpClient& client, const std::string& code, const domain::Unit& owner) {
        return ApiTest::AddSystem(
            client, code, owner,
            {{"name_vi", "Trang thông tin " + code}, {"domains", json::array{"xaa.example.vn"}}});
    }

    json::value Step(HttpClient& client, std::int64_t id, const std::string& to, int status = 200) {
        const auto reply = client.Post("/api/v1/incidents/" + std::to_string(id) + "/transitions",
                                       json::serialize(json::object{{"to", to}, {"note", "ok"}}));
        EXPECT_EQ(reply.status, status) << to << ": " << reply.body;
        return reply.Json();
    }
};

TEST_P(IncidentApiTest, FilingNamesOnlySystemsInScopeAndAnswersAsIfOthersDidNotExist) {
    auto coordinator = SignedIn("coordinator");
    const auto other_commune = AddSystem(coordinator, "XAB-WEB", commune_b_);
    const auto own = AddSystem(coordinator, "XAA-WEB", commune_a_);
    auto officer = SignedIn("officer");
    const auto audit_before = AuditCount();
    const auto other = officer.Post("/api/v1/incidents", json::serialize(Mau03(other_commune)));
    const auto absent = officer.Post("/api/v1/incidents", json::serialize(Mau03(987654)));
    EXPECT_EQ(other.status, 400) << other.body;
    EXPECT_EQ(absent.status, 400) << absent.body;
    // Nothing about the other commune's system comes back: the answers differ only by the id.
    std::string other_text(other.Json().at("message_en").as_string());
    std::string absent_text(absent.Json().at("message_en").as_string());
    other_text.replace(other_text.find(std::to_string(other_commune)),
                       std::to_string(other_commune).size(), "ID");
    absent_text.replace(absent_text.find("987654"), 6, "ID");
    EXPECT_EQ(other_text, absent_text);
    EXPECT_EQ(other.body.find("XAB-WEB"), std::string::npos);
    EXPECT_EQ(json::serialize(other.Json().at("errors")),
              json::serialize(absent.Json().at("errors")));
    EXPECT_EQ(AuditCount(), audit_before) << "nothing stored";
    // Naming one's own system is fine; the coordinator above both may name either.
    EXPECT_EQ(officer.Post("/api/v1/incidents", json::serialize(Mau03(own))).status, 201);
    EXPECT_EQ(coordinator.Post("/api/v1/incidents", json::serialize(Mau03(other_commune))).status,
              201);
}

TEST_P(IncidentApiTest, IntakeNeedsTheMandatoryFieldsOfForm03AndStaysInScope) {
    HttpClient officer = SignedIn("officer");
    const auto system = AddSystem(officer, "XAA-WEB", commune_a_);
    const auto audit_before = AuditCount();
    const auto empty =
        officer.Post("/api/v1/incidents", R"({"system_ids":[)" + std::to_string(system) + "]}");
    ASSERT_EQ(empty.status, 400) << empty.body;
    std::set<std::string> fields;
    for (const auto& e : empty.Json().at("errors").as_array()) {
        fields.insert(std::string(e.at("field").as_string()));
    }
    // TT 20/2017 Phụ lục I Mẫu 03: every starred field, "Đã gửi thông báo sự cố cho" included.
    for (const char* field :
         {"title", "reporter_name", "reporter_phone", "contact_email", "description", "detected_at",
          "handled", "detection_methods", "notified_parties"}) {
        EXPECT_TRUE(fields.contains(field)) << field;
    }
    EXPECT_EQ(AuditCount(), audit_before) << "nothing stored";
    auto bad_time = Mau03(system);
    bad_time["detected_at"] = "hôm qua";
    EXPECT_EQ(officer.Post("/api/v1/incidents", json::serialize(bad_time)).status, 400);
    auto stray = Mau03(system);
    stray["reporter"].as_object()["fax_number"] = "123";
    const auto stray_reply = officer.Post("/api/v1/incidents", json::serialize(stray));
    ASSERT_EQ(stray_reply.status, 400) << "unknown nested fields are reported";
    EXPECT_EQ(stray_reply.Json().at("errors").at(0).at("field").as_string(), "reporter.fax_number");
    auto future = Mau03(system);
    future["detected_at"] = core::FormatRfc3339(clock_.Now() + std::chrono::hours(3));
    EXPECT_EQ(officer.Post("/api/v1/incidents", json::serialize(future)).status, 400);

    const auto created = officer.Post("/api/v1/incidents", json::serialize(Mau03(system)));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto body = created.Json().as_object();
    for (const char* key : {"id", "code", "state", "severity", "deadlines"}) {
        EXPECT_TRUE(body.contains(key)) << key;
    }
    EXPECT_EQ(body.at("state").as_string(), "received");
    EXPECT_EQ(body.at("severity").as_string(), "normal");
    EXPECT_EQ(body.at("rule_set").as_string(), "vn-2017");
    // TT 20 Điều 9: notification within 5 days of detection; Điều 10: acknowledge at once.
    EXPECT_TRUE(body.at("deadlines").as_object().contains("notification"));
    EXPECT_TRUE(body.at("deadlines").as_object().contains("acknowledge"));
    const auto id = body.at("id").as_int64();
    const std::string path = "/api/v1/incidents/" + std::to_string(id);
    EXPECT_EQ(SignedIn("officer.b").Get(path).status, 404);
    EXPECT_EQ(SignedIn("officer.b").Get("/api/v1/incidents").Json().at("items").as_array().size(),
              0u);
    EXPECT_EQ(SignedIn("coordinator")
                  .Get("/api/v1/incidents?state=received")
                  .Json()
                  .at("items")
                  .as_array()
                  .size(),
              1u);
    // The officer files and follows; handling needs the coordinator or a responder.
    Step(officer, id, "acknowledged", 403);
    HttpClient coordinator = SignedIn("coordinator");
    const auto skipped = Step(coordinator, id, "containing", 409);
    EXPECT_NE(std::string(skipped.at("detail").as_string()).find("acknowledged"),
              std::string::npos);
    EXPECT_EQ(coordinator.Post(path + "/transitions", R"({"to":"sideways"})").status, 400);
}

TEST_P(IncidentApiTest, ProcedureReportsRoutingMailAndDocuments) {
    HttpClient officer = SignedIn("officer");
    HttpClient coordinator = SignedIn("coordinator");
    HttpClient admin = SignedIn("admin");
    // Before any designation the commune's routing page says which functions its reports would
    // reach nobody in, with the reports concerned.
    const auto unserved = [&]() {
        const auto routing = officer.Get(UnitPath(commune_a_) + "/routing");
        EXPECT_EQ(routing.status, 200) << routing.body;
        std::set<std::string> functions;
        for (const auto& f : routing.Json().at("unserved").as_array()) {
            functions.insert(std::string(f.at("function").as_string()));
            EXPECT_FALSE(f.at("reports").as_array().empty());
        }
        return functions;
    };
    EXPECT_TRUE(unserved().contains("specialised"));
    EXPECT_TRUE(unserved().contains("national_coordinator"));
    EXPECT_FALSE(unserved().contains("owner")) << "the owner is always known";
    // The department is the specialised unit of the province; the province its steering body.
    const auto designated = admin.Send("PUT", UnitPath(department_) + "/routing",
                                       R"({"functions":["specialised","response_team"]})");
    ASSERT_EQ(designated.status, 200);
    EXPECT_TRUE(designated.Json().at("unserved").is_array());
    EXPECT_FALSE(unserved().contains("specialised"));
    EXPECT_TRUE(unserved().contains("national_coordinator"));
    ASSERT_EQ(admin
                  .Send("PUT", UnitPath(province_) + "/routing",
                        R"({"functions":["steering","warlord"]})")
                  .status,
              400);
    EXPECT_EQ(
        SignedIn("officer")
            .Send("PUT", UnitPath(commune_a_) + "/routing", R"({"functions":["specialised"]})")
            .status,
        403);
    const auto system = AddSystem(officer, "XAA-WEB", commune_a_);
    auto intake = Mau03(system);
    intake["capacity"] = "exceeded";
    const auto created = officer.Post("/api/v1/incidents", json::serialize(intake));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = created.Json().at("id").as_int64();
    const std::string code(created.Json().at("code").as_string());
    const std::string path = "/api/v1/incidents/" + std::to_string(id);
    // Beyond capacity: Mẫu 03 at once (TT 20 Điều 9 khoản 2 điểm b).
    EXPECT_TRUE(created.Json().at("deadlines").as_object().contains("initial_report"));

    Step(coordinator, id, "acknowledged");
    Step(coordinator, id, "verifying");
    const auto unclassified = Step(coordinator, id, "initial_response", 409);
    EXPECT_NE(std::string(unclassified.at("detail").as_string()).find("Phân loại"),
              std::string::npos);
    EXPECT_EQ(coordinator.Post(path + "/classification", R"({"scenarios":["Z9"]})").status, 400);
    const auto classified =
        coordinator.Post(path + "/classification",
                         R"({"scenarios":["A5"],"impacts":["outage"],"capacity":"exceeded"})");
    ASSERT_EQ(classified.status, 200) << classified.body;
    // Level 1 system: not serious under QĐ 05 Điều 9, and the evidence says why.
    EXPECT_EQ(classified.Json().at("severity").as_string(), "normal");
    EXPECT_FALSE(classified.Json().at("severity_evidence").at(0).at("met").as_bool());
    Step(coordinator, id, "escalation_proposed", 409);
    Step(coordinator, id, "initial_response");
    const auto task = coordinator.Post(path + "/tasks", R"({"title":"Cô lập máy chủ web"})");
    ASSERT_EQ(task.status, 201) << task.body;
    const auto task_id = task.Json().at("tasks").at(0).at("id").as_int64();
    const auto done = coordinator.Send("PATCH", path + "/tasks/" + std::to_string(task_id),
                                       R"({"done":true,"result":"Đã ngắt kết nối"})");
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_FALSE(done.Json().at("tasks").at(0).at("done_at").is_null());
    EXPECT_EQ(
        coordinator.Post(path + "/observables", R"({"kind":"ip","value":"999.1.1.1"})").status,
        400);
    EXPECT_EQ(
        coordinator.Post(path + "/observables", R"({"kind":"ip","value":"203.0.113.7"})").status,
        200);

    // Mẫu 04 cannot come before Mẫu 03; Mẫu 03 needs its summary.
    const auto final_draft = coordinator.Post(
        path + "/reports",
        R"({"type":"final","summary":"Đã khôi phục","result":"Khôi phục từ bản sao lưu"})");
    ASSERT_EQ(final_draft.status, 201) << final_draft.body;
    const auto final_id = final_draft.Json().at("id").as_int64();
    EXPECT_EQ(coordinator.Post(path + "/reports/" + std::to_string(final_id) + "/issue", "").status,
              409);
    const auto initial_draft = coordinator.Post(path + "/reports", R"({"type":"initial"})");
    ASSERT_EQ(initial_draft.status, 201);
    const auto initial_id = initial_draft.Json().at("id").as_int64();
    const auto missing =
        coordinator.Post(path + "/reports/" + std::to_string(initial_id) + "/issue", "");
    ASSERT_EQ(missing.status, 400) << missing.body;
    ASSERT_EQ(
        coordinator
            .Send(
                "PUT", path + "/reports/" + std::to_string(initial_id),
                R"({"summary":"Giao diện trang chủ bị thay đổi","signer_name":"Trần Văn An","signer_title":"CHỦ TỊCH"})")
            .status,
        200);
    const auto issued =
        coordinator.Post(path + "/reports/" + std::to_string(initial_id) + "/issue", "");
    ASSERT_EQ(issued.status, 200) << issued.body;
    const auto& reports = issued.Json().at("reports").as_array();
    std::string number;
    for (const auto& r : reports) {
        if (r.at("id").as_int64() == initial_id) {
            number = std::string(r.at("number").as_string());
        }
    }
    EXPECT_EQ(number, "1/BC-P-XA-A");
    // No unit of this tree is the national coordinator: the report went to the others and the
    // timeline says who it could not reach and where to designate one, instead of nothing.
    std::string issued_note;
    for (const auto& e : issued.Json().at("timeline").as_array()) {
        if (e.at("kind").as_string() == "report_issued") {
            issued_note = std::string(e.at("note").as_string());
        }
    }
    EXPECT_NE(issued_note.find("Chưa gửi được tới: cơ quan điều phối quốc gia"), std::string::npos)
        << issued_note;
    // Routed to the specialised unit (the department), in the app and by e-mail, queued.
    int mails = 0;
    for (const auto& d : issued.Json().at("deliveries").as_array()) {
        EXPECT_EQ(d.at("unit_id").as_int64(), department_.id.value());
        if (d.at("channel").as_string() == "email") {
            ++mails;
            EXPECT_EQ(d.at("state").as_string(), "queued");
            EXPECT_EQ(d.at("address").as_string(), "ubnd.p-so@example.gov.vn");
            EXPECT_EQ(std::string(d.at("subject").as_string()).rfind("[TBSC]", 0), 0u);
        }
    }
    EXPECT_EQ(mails, 1);

    // No mail server reachable: the delivery stays queued with the error and a retry time.
    system_->RunJobs();
    auto deliveries = coordinator.Get(path).Json().at("deliveries").as_array();
    const auto& mail = *std::find_if(deliveries.begin(), deliveries.end(), [](const auto& d) {
        return d.at("channel").as_string() == "email";
    });
    EXPECT_EQ(mail.at("state").as_string(), "queued");
    EXPECT_EQ(mail.at("attempts").as_int64(), 1);
    EXPECT_FALSE(mail.at("last_error").as_string().empty());
    const auto mail_id = mail.at("id").as_int64();

    // The mail server comes up; at the retry time the message goes out, nothing lost.
    SmtpSink sink(smtp_port_, dir_.path() / "maildir");
    ASSERT_TRUE(sink.Start()) << "python3-aiosmtpd must be installed (tools/install-deps.sh test)";
    system_->RunJobs();
    EXPECT_TRUE(sink.Messages().empty()) << "not before its retry time";
    clock_.Advance(std::chrono::minutes(2));
    system_->RunJobs();
    deliveries = coordinator.Get(path).Json().at("deliveries").as_array();
    for (const auto& d : deliveries) {
        if (d.at("id").as_int64() == mail_id) {
            EXPECT_EQ(d.at("state").as_string(), "sent") << d;
            EXPECT_FALSE(d.at("sent_at").is_null());
        }
    }
    const auto received = DecodedMail(sink);
    EXPECT_NE(received.find("SUBJECT [TBSC] Báo cáo ban đầu sự cố mạng (Mẫu 03)"),
              std::string::npos)
        << received;
    EXPECT_NE(received.find("TO ubnd.p-so@example.gov.vn"), std::string::npos) << received;
    // Dated in Vietnamese time when it left (RFC 5322 §3.6.1), identified at the sender's
    // domain (§3.6.4), from a named sender.
    const auto local = core::FormatRfc3339(clock_.Now() + std::chrono::hours(7)).substr(0, 19);
    EXPECT_NE(received.find("DATE " + local + "+07:00\n"), std::string::npos) << received;
    EXPECT_NE(received.find("MSGID <ungcuu." + std::to_string(mail_id) + "."), std::string::npos)
        << received;
    EXPECT_NE(received.find("@example.gov.vn>\n"), std::string::npos) << received;
    EXPECT_NE(received.find("FROM Hệ thống ứng cứu sự cố <ungcuu@example.gov.vn>"),
              std::string::npos)
        << received;
    EXPECT_NE(received.find("Giao diện trang chủ bị thay đổi"), std::string::npos) << received;
    // The numbered report goes with it as a PDF (the department works in ungcuu, so no DOCX),
    // and the body dates it as a Vietnamese document does.
    EXPECT_NE(received.find("ATTACH " + code + "-initial.pdf application/pdf %PDF"),
              std::string::npos)
        << received;
    EXPECT_EQ(received.find(".docx"), std::string::npos) << received;
    EXPECT_NE(received.find(core::FormatVietnameseDate(clock_.Now())), std::string::npos)
        << received;
    sink.Stop();

    // The department acknowledges in the app.
    const auto inbox = coordinator.Get("/api/v1/inbox?unacknowledged=true");
    ASSERT_EQ(inbox.status, 200);
    const auto app_delivery = inbox.Json().at("items").at(0).at("id").as_int64();
    EXPECT_EQ(SignedIn("officer.b")
                  .Post("/api/v1/deliveries/" + std::to_string(app_delivery) + "/acknowledge", "")
                  .status,
              404);
    const auto acked =
        coordinator.Post("/api/v1/deliveries/" + std::to_string(app_delivery) + "/acknowledge", "");
    ASSERT_EQ(acked.status, 200) << acked.body;
    EXPECT_FALSE(acked.Json().at("acknowledged_at").is_null());

    // Through the procedure to the review; closing needs Mẫu 04 (capacity was exceeded).
    for (const char* to : {"choosing_response", "containing", "eradicating", "recovering",
                           "checking", "reviewing"}) {
        Step(coordinator, id, to);
    }
    const auto not_yet = Step(coordinator, id, "closed", 409);
    EXPECT_NE(std::string(not_yet.at("detail").as_string()).find("Mẫu 04"), std::string::npos);
    const auto final_issued =
        coordinator.Post(path + "/reports/" + std::to_string(final_id) + "/issue", "");
    ASSERT_EQ(final_issued.status, 200) << final_issued.body;
    Step(coordinator, id, "closed");

    // Documents: DOCX is a WordprocessingML package with the fields; PDF text has them too.
    const auto docx = coordinator.Get(path + "/reports/" + std::to_string(final_id) + ".docx");
    ASSERT_EQ(docx.status, 200);
    const auto pdf = coordinator.Get(path + "/reports/" + std::to_string(final_id) + ".pdf");
    ASSERT_EQ(pdf.status, 200);
    EXPECT_EQ(pdf.body.rfind("%PDF", 0), 0u);
    const std::string dir = dir_.path().string();
    std::ofstream(dir + "/r.docx", std::ios::binary) << docx.body;
    std::ofstream(dir + "/r.pdf", std::ios::binary) << pdf.body;
    ASSERT_EQ(std::system(("cd " + dir +
                           " && unzip -p r.docx word/document.xml > doc.xml && "
                           "python3 -c \"import xml.dom.minidom,sys; "
                           "d=xml.dom.minidom.parse('doc.xml'); "
                           "open('doc.txt','w').write(''.join(t.firstChild.data for t in "
                           "d.getElementsByTagName('w:t') if t.firstChild))\" && "
                           "pdftotext -enc UTF-8 r.pdf pdf.txt")
                              .c_str()),
              0);
    const auto read = [&](const std::string& name) {
        std::ifstream file(dir + "/" + name);
        std::ostringstream text;
        text << file.rdbuf();
        return text.str();
    };
    for (const auto& text : {read("doc.txt"), read("pdf.txt")}) {
        EXPECT_NE(text.find("BÁO CÁO KẾT THÚC ỨNG PHÓ SỰ CỐ"), std::string::npos) << text;
        EXPECT_NE(text.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string::npos);
        EXPECT_NE(text.find("Số 1/BC-P-XA-A"), std::string::npos) << "cites Mẫu 03";
        EXPECT_NE(text.find("Khôi phục từ bản sao lưu"), std::string::npos);
        EXPECT_NE(text.find("Trang thông tin XAA-WEB"), std::string::npos);
        // What the registry holds that the form asks for (TT 20/2017 Điều 9 khoản 3 điểm a):
        // the system's domain, its operator and chủ quản; Mẫu 04 lists its attachments.
        EXPECT_NE(text.find("xaa.example.vn"), std::string::npos) << text;
        EXPECT_NE(text.find("Cơ quan chủ quản"), std::string::npos);
        EXPECT_NE(text.find("Các tài liệu đính kèm"), std::string::npos);
        EXPECT_NE(text.find("Nơi nhận:"), std::string::npos);
    }
    // Outside the scope a report is not found.
    EXPECT_EQ(
        SignedIn("officer.b").Get(path + "/reports/" + std::to_string(final_id) + ".pdf").status,
        404);
}

TEST_P(IncidentApiTest, ResponsePlansAreVersionedApprovedAndDriveTheFirstSteps) {
    HttpClient officer = SignedIn("officer");
    HttpClient leader = SignedIn("leader");
    HttpClient coordinator = SignedIn("coordinator");
    const auto system = AddSystem(officer, "XAA-WEB", commune_a_);
    HttpClient officer_b = SignedIn("officer.b");
    const auto other = AddSystem(officer_b, "XAB-WEB", commune_b_);
    const auto plan = [&](std::int64_t on_system, const std::string& title) {
        return json::object{
            {"unit_id", commune_a_.id.value()},
            {"system_id", on_system},
            {"scenario", "A5"},
            {"title", title},
            {"steps",
             json::array{json::object{{"title", "Chụp giao diện, lưu nhật ký"}, {"due_hours", 2}},
                         json::object{{"title", "Tạm dừng trang"}, {"lead", "Nhà cung cấp"}}}},
            {"criteria",
             json::array{json::object{{"text", "Nội dung chống phá"}, {"serious", true}}}},
            {"people", "Cán bộ CNTT xã"},
            {"budget_vnd", 5000000}};
    };
    // Bad input: every problem named, nothing stored.
    auto bad = plan(system, "");
    bad["scenario"] = "Z9";
    bad["steps"].as_array().push_back(json::object{{"title", ""}, {"due_hours", -1}});
    const auto refused = officer.Post("/api/v1/plans", json::serialize(bad));
    ASSERT_EQ(refused.status, 400) << refused.body;
    std::set<std::string> fields;
    for (const auto& e : refused.Json().at("errors").as_array()) {
        fields.insert(std::string(e.at("field").as_string()));
    }
    for (const char* field : {"title", "scenario", "steps[2].title", "steps[2].due_hours"}) {
        EXPECT_TRUE(fields.contains(field)) << field << " in " << refused.body;
    }
    EXPECT_EQ(officer.Post("/api/v1/plans", json::serialize(plan(other, "Khác"))).status, 400)
        << "a system of another unit";
    EXPECT_EQ(officer.Post("/api/v1/plans", R"({"unit_id":1,"title":"x"})").status, 400);
    EXPECT_EQ(officer.Get("/api/v1/plans").Json().at("items").as_array().size(), 0u);

    // Version 1, approved by the leader (the officer drafts but does not approve).
    const auto v1 = officer.Post("/api/v1/plans", json::serialize(plan(system, "Phương án v1")));
    ASSERT_EQ(v1.status, 201) << v1.body;
    EXPECT_EQ(v1.Json().at("version").as_int64(), 1);
    EXPECT_EQ(v1.Json().at("state").as_string(), "draft");
    EXPECT_EQ(v1.Json().at("steps").at(0).at("step").as_string(), "1b");
    const auto v1_id = std::to_string(v1.Json().at("id").as_int64());
    EXPECT_EQ(officer.Post("/api/v1/plans/" + v1_id + "/approve", "").status, 403);
    EXPECT_EQ(officer_b.Get("/api/v1/plans/" + v1_id).status, 404);
    const auto approved = leader.Post("/api/v1/plans/" + v1_id + "/approve", "");
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(approved.Json().at("approved_by").as_string(), "leader");
    EXPECT_EQ(leader.Post("/api/v1/plans/" + v1_id + "/approve", "").status, 409);
    // Version 2 replaces it once approved.
    const auto v2 = officer.Post("/api/v1/plans", json::serialize(plan(system, "Phương án v2")));
    ASSERT_EQ(v2.status, 201);
    EXPECT_EQ(v2.Json().at("version").as_int64(), 2);
    const auto v2_id = std::to_string(v2.Json().at("id").as_int64());
    ASSERT_EQ(leader.Post("/api/v1/plans/" + v2_id + "/approve", "").status, 200);
    EXPECT_EQ(officer.Get("/api/v1/plans/" + v1_id).Json().at("state").as_string(), "retired");

    // An incident on the system takes the approved plan: its criteria weigh in the severity
    // and its steps become the first tasks.
    const auto created = officer.Post("/api/v1/incidents", json::serialize(Mau03(system)));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = created.Json().at("id").as_int64();
    const std::string path = "/api/v1/incidents/" + std::to_string(id);
    Step(coordinator, id, "acknowledged");
    Step(coordinator, id, "verifying");
    EXPECT_EQ(coordinator
                  .Post(path + "/classification", R"({"scenarios":["A5"],"plan_criteria_met":[3]})")
                  .status,
              400);
    const auto classified = coordinator.Post(path + "/classification",
                                             R"({"scenarios":["A5"],"plan_criteria_met":[0]})");
    ASSERT_EQ(classified.status, 200) << classified.body;
    EXPECT_EQ(classified.Json().at("plan").at("title").as_string(), "Phương án v2");
    // The plan's "serious" criterion raises the priority and proposes that a leader consider
    // the emergency procedure; the legal severity stays QĐ 05/2017 Điều 9's (a level-1 page).
    EXPECT_EQ(classified.Json().at("severity").as_string(), "normal") << "Điều 9 alone";
    EXPECT_EQ(classified.Json().at("priority").as_string(), "high");
    EXPECT_TRUE(classified.Json().at("plan_proposes_emergency").as_bool());
    for (const auto& e : classified.Json().at("severity_evidence").as_array()) {
        EXPECT_NE(e.at("criterion").as_string(), "plan") << "the legal evidence is Điều 9's";
    }
    ASSERT_EQ(classified.Json().at("plan_evidence").as_array().size(), 1u);
    EXPECT_TRUE(classified.Json().at("plan_evidence").at(0).at("met").as_bool())
        << "the ticked plan criterion is shown as met";
    Step(coordinator, id, "escalation_proposed", 409);  // nothing serious to escalate
    const auto started = Step(coordinator, id, "initial_response");
    const auto& tasks = started.at("tasks").as_array();
    ASSERT_EQ(tasks.size(), 2u);
    EXPECT_TRUE(tasks.at(0).at("from_plan").as_bool());
    EXPECT_FALSE(tasks.at(0).at("due_at").is_null());
}

// QĐ 05/2017 Điều 9, Điều 14 khoản 1; TT 20/2017 Điều 10 khoản 1 điểm c: a computed-serious
// incident is proposed for escalation, or a named leader records why it stays on the normal
// track; until then the normal procedure does not go past its priority initial steps.
TEST_P(IncidentApiTest, ASeriousIncidentIsEscalatedOrKeptNormalByALeadersRecordedDecision) {
    HttpClient coordinator = SignedIn("coordinator");
    const auto system = coordinator.Post(
        "/api/v1/systems", json::serialize(json::object{{"code", "XAA-DVC"},
                                                        {"name_vi", "Cổng dịch vụ công"},
                                                        {"owner_unit_id", commune_a_.id.value()},
                                                        {"system_class", "citizen_service"},
                                                        {"info_classes", json::array{"public"}},
                                                        {"user_count", 100},
                                                        {"national_critical", true}}));
    ASSERT_EQ(system.status, 201) << system.body;
    const auto created = coordinator.Post(
        "/api/v1/incidents", json::serialize(Mau03(system.Json().at("id").as_int64())));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = created.Json().at("id").as_int64();
    const std::string path = "/api/v1/incidents/" + std::to_string(id);
    Step(coordinator, id, "acknowledged");
    Step(coordinator, id, "verifying");
    const auto classified =
        coordinator.Post(path + "/classification",
                         R"({"scenarios":["A1"],"impacts":["outage"],"capacity":"exceeded"})");
    ASSERT_EQ(classified.status, 200) << classified.body;
    EXPECT_EQ(classified.Json().at("severity").as_string(), "serious");
    EXPECT_TRUE(classified.Json().at("decision_pending").as_bool());
    EXPECT_FALSE(classified.Json().at("can_decide").as_bool()) << "the coordinator is no leader";
    // The priority initial steps go on; the rest of the normal procedure waits.
    Step(coordinator, id, "initial_response");
    const auto refused = Step(coordinator, id, "choosing_response", 409);
    EXPECT_NE(std::string(refused.at("detail").as_string()).find("Điều 10 khoản 1 điểm c"),
              std::string::npos)
        << refused;
    // Only a leader decides, with a reason; others are refused before the body is read.
    const std::string decide = path + "/track-decision";
    EXPECT_EQ(coordinator.Post(decide, R"({"reason":"Tự xử lý được"})").status, 403);
    EXPECT_EQ(SignedIn("officer").Post(decide, R"({"reason":"Tự xử lý được"})").status, 403);
    HttpClient leader = SignedIn("leader");
    EXPECT_EQ(leader.Post(decide, R"({"reason":"   "})").status, 400);
    EXPECT_EQ(leader.Post(decide, R"({"reason":"x","by":"someone else"})").status, 400);
    const auto decided = leader.Post(
        decide, R"({"reason":"Đã cô lập; đội ứng cứu tỉnh đủ năng lực khắc phục trong ngày"})");
    ASSERT_EQ(decided.status, 200) << decided.body;
    EXPECT_TRUE(decided.Json().at("can_decide").as_bool());
    EXPECT_FALSE(decided.Json().at("decision_pending").as_bool());
    const auto& decision = decided.Json().at("track_decision");
    EXPECT_EQ(decision.at("login").as_string(), "leader");
    EXPECT_EQ(decision.at("name").as_string(), "Người leader");
    EXPECT_EQ(decision.at("reason").as_string(),
              "Đã cô lập; đội ứng cứu tỉnh đủ năng lực khắc phục trong ngày");
    EXPECT_EQ(leader.Post(decide, R"({"reason":"lần nữa"})").status, 409) << "decided once";
    Step(coordinator, id, "choosing_response");
    // The decision is in the audit log with the leader and the reason.
    const auto audit = SignedIn("auditor").Get("/api/v1/audit?object_type=incident");
    bool audited = false;
    for (const auto& entry : audit.Json().at("items").as_array()) {
        if (entry.at("action").as_string() == "incident.track_decision") {
            audited = entry.at("after").at("reason").as_string() ==
                      "Đã cô lập; đội ứng cứu tỉnh đủ năng lực khắc phục trong ngày";
        }
    }
    EXPECT_TRUE(audited) << audit.body;
}

// The 2026 set: the immediate report starts with the handler's finding of signs of harm to
// national security or public order (NĐ 331/2026 Điều 31.2.d), the 72-hour personal-data notice
// with personal data involved (Luật 91/2025 Điều 23) — on a normal incident, through the API.
TEST_P(IncidentApiTest, The2026ClocksStartFromWhatTheHandlerFinds) {
    HttpClient coordinator = SignedIn("coordinator");
    const auto system = AddSystem(coordinator, "XAA-WEB", commune_a_);
    auto intake = Mau03(system);
    intake["rule_set"] = "vn-2026";
    const auto created = coordinator.Post("/api/v1/incidents", json::serialize(intake));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = created.Json().at("id").as_int64();
    const std::string path = "/api/v1/incidents/" + std::to_string(id);
    Step(coordinator, id, "acknowledged");
    Step(coordinator, id, "verifying");
    const auto clock_codes = [](const json::value& details) {
        std::set<std::string> codes;
        for (const auto& c : details.at("clocks").as_array()) {
            codes.insert(std::string(c.at("code").as_string()));
        }
        return codes;
    };
    auto classified = coordinator.Post(path + "/classification", R"({"scenarios":["A5"]})");
    ASSERT_EQ(classified.status, 200) << classified.body;
    EXPECT_FALSE(clock_codes(classified.Json()).contains("immediate_report"));
    classified =
        coordinator.Post(path + "/classification",
                         R"({"scenarios":["A5"],"security_signs":true,"personal_data":true})");
    ASSERT_EQ(classified.status, 200) << classified.body;
    EXPECT_EQ(classified.Json().at("severity").as_string(), "normal");
    EXPECT_FALSE(classified.Json().at("security_signs_at").is_null());
    const auto codes = clock_codes(classified.Json());
    EXPECT_TRUE(codes.contains("immediate_report")) << classified.body;
    EXPECT_TRUE(codes.contains("personal_data_72h")) << classified.body;
    EXPECT_EQ(
        coordinator.Post(path + "/classification", R"({"scenarios":["A5"],"personal_data":"có"})")
            .status,
        400);
    // Withdrawn when un-ticked.
    classified = coordinator.Post(path + "/classification",
                                  R"({"scenarios":["A5"],"security_signs":false})");
    ASSERT_EQ(classified.status, 200) << classified.body;
    EXPECT_FALSE(clock_codes(classified.Json()).contains("immediate_report"));
    EXPECT_TRUE(clock_codes(classified.Json()).contains("personal_data_72h")) << "left as it was";
}

// Every sort and filter pages through the same rows as one big page would, on both engines
// (the list query picks its index by the size of the caller's scope; the pages must not care).
TEST_P(IncidentApiTest, ListPagesFollowTheirCursorsForEverySortAndFilter) {
    HttpClient officer = SignedIn("officer");
    HttpClient coordinator = SignedIn("coordinator");
    const auto system = AddSystem(officer, "XAA-WEB", commune_a_);
    std::vector<std::int64_t> ids;
    for (int k = 0; k < 7; ++k) {
        auto intake = Mau03(system);
        intake["title"] = "Sự cố số " + std::to_string(k);
        intake["detected_at"] =
            core::FormatRfc3339(clock_.Now() - std::chrono::hours(10 - (k % 4)));  // ties too
        const auto created = officer.Post("/api/v1/incidents", json::serialize(intake));
        ASSERT_EQ(created.status, 201) << created.body;
        ids.push_back(created.Json().at("id").as_int64());
        clock_.Advance(std::chrono::minutes(1));
    }
    for (const auto id : {ids[1], ids[4]}) {
        Step(coordinator, id, "acknowledged");
        Step(coordinator, id, "verifying");
        ASSERT_EQ(coordinator
                      .Post("/api/v1/incidents/" + std::to_string(id) + "/classification",
                            R"({"scenarios":["A5"]})")
                      .status,
                  200);
    }
    clock_.Advance(std::chrono::hours(2));  // the acknowledgement clocks of the others pass
    coordinator = SignedIn("coordinator");  // (the sessions idled out meanwhile)
    officer = SignedIn("officer");
    const auto ids_of = [&](HttpClient& client, const std::string& query, int limit) {
        std::vector<std::int64_t> out;
        std::string cursor;
        for (int guard = 0; guard < 20; ++guard) {
            const auto page = client.Get("/api/v1/incidents?" + query +
                                         "&limit=" + std::to_string(limit) + cursor);
            EXPECT_EQ(page.status, 200) << page.body;
            for (const auto& item : page.Json().at("items").as_array()) {
                out.push_back(item.at("id").as_int64());
            }
            const auto& next = page.Json().at("next_cursor");
            if (next.is_null()) {
                break;
            }
            cursor = "&cursor=" + std::string(next.as_string());
        }
        return out;
    };
    for (const std::string query :
         {"sort=-detected_at", "sort=detected_at", "sort=-updated_at", "sort=due_at",
          "state=triage", "state=received&sort=due_at", "scenario=A5", "overdue=true&sort=due_at",
          "q=s%E1%BB%B1%20c%E1%BB%91", "severity=normal&sort=-updated_at"}) {
        for (HttpClient* client : {&coordinator, &officer}) {
            const auto whole = ids_of(*client, query, 200);
            EXPECT_FALSE(whole.empty()) << query;
            EXPECT_EQ(ids_of(*client, query, 2), whole) << query;
            EXPECT_EQ(std::set<std::int64_t>(whole.begin(), whole.end()).size(), whole.size())
                << query << ": no row twice";
        }
    }
    EXPECT_EQ(ids_of(coordinator, "scenario=A5", 1), (std::vector<std::int64_t>{ids[1], ids[4]}))
        << "newest detection first";
    EXPECT_EQ(ids_of(coordinator, "state=triage", 50).size(), 7u);
    EXPECT_EQ(ids_of(coordinator, "overdue=true", 50).size(), 5u) << "unacknowledged ones";
}

TEST_P(IncidentApiTest, EvidenceAndSignedCopiesAreCheckedStoredAndServedInScope) {
    HttpClient officer = SignedIn("officer");
    HttpClient coordinator = SignedIn("coordinator");
    HttpClient officer_b = SignedIn("officer.b");
    const auto system = AddSystem(officer, "XAA-WEB", commune_a_);
    const auto created = officer.Post("/api/v1/incidents", json::serialize(Mau03(system)));
    ASSERT_EQ(created.status, 201);
    const std::string path =
        "/api/v1/incidents/" + std::to_string(created.Json().at("id").as_int64());
    const std::string log =
        "Nov 21 07:15:02 web sshd[811]: Accepted password for admin from 198.51.100.7\n";
    const auto audit_before = AuditCount();
    // Refused: no name, a path as name, empty, an executable named like a log, outside scope.
    EXPECT_EQ(officer.Send("POST", path + "/attachments", log, kRaw).status, 400);
    EXPECT_EQ(officer.Send("POST", path + "/attachments?name=..%2Fetc%2Fpasswd", log, kRaw).status,
              400);
    EXPECT_EQ(officer.Send("POST", path + "/attachments?name=a.log", "", kRaw).status, 400);
    const std::string elf(
        "\x7f"
        "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0",
        20);
    const auto exe = officer.Send("POST", path + "/attachments?name=sshd.log", elf, kRaw);
    ASSERT_EQ(exe.status, 400) << exe.body;
    EXPECT_NE(exe.Json().at("message_vi").as_string().find("không được chấp nhận"),
              std::string::npos);
    EXPECT_EQ(officer_b.Send("POST", path + "/attachments?name=a.log", log, kRaw).status, 404);
    EXPECT_EQ(AuditCount(), audit_before) << "nothing stored";
    // The commune's own officer attaches the log; everyone in scope can read it back.
    const auto attached = officer.Send("POST", path + "/attachments?name=auth.log", log, kRaw);
    ASSERT_EQ(attached.status, 201) << attached.body;
    const auto& item = attached.Json().at("attachments").at(0);
    EXPECT_EQ(item.at("name").as_string(), "auth.log");
    EXPECT_EQ(item.at("content_type").as_string(), "text/plain");
    const std::string file = path + "/attachments/" + std::to_string(item.at("id").as_int64());
    EXPECT_EQ(coordinator.Get(file).body, log);
    EXPECT_EQ(officer_b.Get(file).status, 404);

    // Signed copy: only for an issued report, by a handler, a PDF or a scan.
    const auto draft = coordinator.Post(
        path + "/reports", R"({"type":"notification","summary":"Trang bị thay đổi giao diện"})");
    ASSERT_EQ(draft.status, 201) << draft.body;
    const std::string report =
        path + "/reports/" + std::to_string(draft.Json().at("id").as_int64());
    const std::string pdf = "%PDF-1.4\n1 0 obj\n<< /Title (ban ky) >>\nendobj\ntrailer\n%%EOF\n";
    EXPECT_EQ(coordinator.Send("PUT", report + "/signed?name=ky.pdf", pdf, kRaw).status, 409);
    ASSERT_EQ(coordinator.Post(report + "/issue", "").status, 200);
    EXPECT_EQ(officer.Send("PUT", report + "/signed?name=ky.pdf", pdf, kRaw).status, 403);
    EXPECT_EQ(coordinator.Send("PUT", report + "/signed?name=ky.txt", log, kRaw).status, 400);
    EXPECT_EQ(coordinator.Get(report + "/signed").status, 404);
    const auto signed_copy = coordinator.Send("PUT", report + "/signed?name=TB-ky.pdf", pdf, kRaw);
    ASSERT_EQ(signed_copy.status, 200) << signed_copy.body;
    EXPECT_EQ(signed_copy.Json().at("reports").at(0).at("signed_name").as_string(), "TB-ky.pdf");
    const auto download = officer.Get(report + "/signed");
    ASSERT_EQ(download.status, 200);
    EXPECT_EQ(download.body, pdf);
    // A signed copy is scanned like evidence: one carrying a Windows program is noted on the
    // timeline (A3 to consider) and its digest becomes an observable.
    const std::string planted = pdf + "stream\nMZ\x90 This program cannot be run in DOS mode.\n";
    const auto carrying =
        coordinator.Send("PUT", report + "/signed?name=TB-ky-lai.pdf", planted, kRaw);
    ASSERT_EQ(carrying.status, 200) << carrying.body;
    std::string noted;
    for (const auto& e : carrying.Json().at("timeline").as_array()) {
        if (e.at("kind").as_string() == "malware") {
            noted = e.at("note").as_string();
        }
    }
    EXPECT_NE(noted.find("TB-ky-lai.pdf"), std::string::npos) << carrying.body;
    EXPECT_NE(noted.find("A3"), std::string::npos) << noted;
    bool observed = false;
    for (const auto& o : carrying.Json().at("observables").as_array()) {
        observed = observed || o.at("kind").as_string() == "hash";
    }
    EXPECT_TRUE(observed);
}

// Three tiers (province → district → commune) under a national coordinator: the commune's
// report goes to the nearest specialised unit — the district's office, not the province's
// department — and to the national coordinator at the root.
TEST_P(IncidentApiTest, ReportsFindTheNearestHolderInAThreeTierTree) {
    const auto national = AddUnit("VN-NCSC", std::nullopt, domain::UnitKind::kNational);
    const auto district = AddUnit("P-HUYEN", province_.id, domain::UnitKind::kDistrict);
    const auto commune = AddUnit("P-HUYEN-XA", district.id, domain::UnitKind::kCommune);
    const app::Actor cli = app::Actor::Cli();
    using F = domain::RoutingFunction;
    ASSERT_TRUE(
        system_->outbox().SetRouting(cli, {national.id, {F::kNationalCoordinator}, ""}).ok());
    ASSERT_TRUE(system_->outbox()
                    .SetRouting(cli, {province_.id, {F::kSpecialised, F::kSteering}, ""})
                    .ok());
    ASSERT_TRUE(system_->outbox().SetRouting(cli, {district.id, {F::kSpecialised}, ""}).ok());
    HttpClient coordinator = SignedIn("coordinator");
    const auto system = AddSystem(coordinator, "XA3-WEB", commune);
    const auto created = coordinator.Post("/api/v1/incidents", json::serialize(Mau03(system)));
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string path =
        "/api/v1/incidents/" + std::to_string(created.Json().at("id").as_int64());
    const auto draft =
        coordinator.Post(path + "/reports", R"({"type":"initial","summary":"Trang bị thay đổi"})");
    ASSERT_EQ(draft.status, 201) << draft.body;
    const auto issued = coordinator.Post(
        path + "/reports/" + std::to_string(draft.Json().at("id").as_int64()) + "/issue", "");
    ASSERT_EQ(issued.status, 200) << issued.body;
    std::map<std::int64_t, std::string> reached;  // unit → function, in-app deliveries
    for (const auto& d : issued.Json().at("deliveries").as_array()) {
        if (d.at("channel").as_string() == "app" && d.at("kind").as_string() == "report") {
            reached[d.at("unit_id").as_int64()] = std::string(d.at("function").as_string());
        }
    }
    EXPECT_EQ(reached[district.id.value()], "specialised");
    EXPECT_EQ(reached[national.id.value()], "national_coordinator");
    EXPECT_FALSE(reached.contains(province_.id.value())) << "the nearer district holds it";
    EXPECT_FALSE(reached.contains(department_.id.value()));
}

// Clocks run on the injected clock: a reminder to the handling unit before the acknowledgement
// is due, a notice to the unit above once it has passed, each once.
TEST_P(IncidentApiTest, ClocksRemindBeforeAndTellTheParentAfter) {
    HttpClient officer = SignedIn("officer");
    const auto system = AddSystem(officer, "XAA-WEB", commune_a_);
    const auto created = officer.Post("/api/v1/incidents", json::serialize(Mau03(system)));
    ASSERT_EQ(created.status, 201);
    const auto id = created.Json().at("id").as_int64();
    const auto notices = [&] {
        std::map<std::string, std::vector<std::int64_t>> out;  // kind → units (in-app)
        const auto details = SignedIn("coordinator").Get("/api/v1/incidents/" + std::to_string(id));
        for (const auto& d : details.Json().at("deliveries").as_array()) {
            if (d.at("channel").as_string() == "app") {
                out[std::string(d.at("kind").as_string())].push_back(d.at("unit_id").as_int64());
            }
        }
        return out;
    };
    system_->RunJobs();  // TT 20 Điều 10: acknowledge at once — due within the hour
    auto sent = notices();
    ASSERT_EQ(sent["reminder"].size(), 1u);
    EXPECT_EQ(sent["reminder"][0], commune_a_.id.value());
    EXPECT_TRUE(sent["overdue"].empty());
    system_->RunJobs();
    EXPECT_EQ(notices()["reminder"].size(), 1u) << "once per clock";
    clock_.Advance(std::chrono::hours(2));
    system_->RunJobs();
    system_->RunJobs();
    sent = notices();
    ASSERT_EQ(sent["overdue"].size(), 1u) << "the parent is told once";
    EXPECT_EQ(sent["overdue"][0], province_.id.value());
    // The province sees it in its overdue list.
    const auto overdue = SignedIn("coordinator").Get("/api/v1/incidents?overdue=true");
    ASSERT_EQ(overdue.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(overdue.Json().at("items").at(0).at("id").as_int64(), id);
}

TEST_P(IncidentApiTest, AlertsWithTheSameKeyRaiseACounterAndMachinesFileWithATokenOnly) {
    HttpClient officer = SignedIn("officer");
    const auto system = AddSystem(officer, "XAA-WEB", commune_a_);
    const auto alert =
        json::serialize(json::object{{"title", "Đăng nhập SSH thất bại liên tục"},
                                     {"description", "20 lần trong 1 phút từ 203.0.113.9"},
                                     {"system_ids", json::array{system}},
                                     {"source", "detection"},
                                     {"source_ref", "ssh-bruteforce"}});
    const auto first = officer.Post("/api/v1/incidents", alert);
    ASSERT_EQ(first.status, 201) << first.body;
    const auto second = officer.Post("/api/v1/incidents", alert);
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(second.Json().at("id"), first.Json().at("id"));
    EXPECT_EQ(second.Json().at("repeat_count").as_int64(), 1);
    EXPECT_FALSE(second.Json().at("created").as_bool());

    // A machine files through the API with a token (no session, no CSRF token): source "api".
    const auto token = officer.Post("/api/v1/me/tokens", R"({"name":"máy giám sát"})");
    ASSERT_EQ(token.status, 201) << token.body;
    HttpClient machine(port_);
    const std::map<std::string, std::string> bearer{
        {"Authorization", "Bearer " + std::string(token.Json().at("token").as_string())},
        {"Content-Type", "application/json"}};
    const auto filed = machine.Send(
        "POST", "/api/v1/incidents",
        json::serialize(json::object{{"title", "Trang web không phản hồi"},
                                     {"description", "Kiểm tra HTTP thất bại 3 lần liên tiếp"},
                                     {"system_ids", json::array{system}}}),
        bearer);
    ASSERT_EQ(filed.status, 201) << filed.body;
    EXPECT_EQ(filed.Json().at("source").as_string(), "api");
    EXPECT_EQ(
        machine.Send("POST", "/api/v1/incidents", "{}", {{"Content-Type", "application/json"}})
            .status,
        401)
        << "no token, no session";
}

TEST_P(IncidentApiTest, PublicReportsGetATrackingCodeAndAFloodIsRefused) {
    HttpClient anonymous(port_);
    const auto report =
        json::serialize(json::object{{"name", "Lê Thị Hoa"},
                                     {"email", "hoa@example.com"},
                                     {"affected", "xaa.example.vn"},
                                     {"description", "Trang web của xã hiện nội dung cờ bạc."}});
    const auto accepted = anonymous.Post("/api/v1/public/reports", report);
    ASSERT_EQ(accepted.status, 202) << accepted.body;
    const std::string code(accepted.Json().at("tracking_code").as_string());
    EXPECT_EQ(code.size(), 10u);
    const auto status = anonymous.Get("/api/v1/public/reports/" + code);
    ASSERT_EQ(status.status, 200);
    EXPECT_EQ(status.Json().at("state").as_string(), "received");
    EXPECT_EQ(anonymous.Get("/api/v1/public/reports/NOTACODE00").status, 404);
    EXPECT_EQ(anonymous.Post("/api/v1/public/reports", R"({"name":"x"})").status, 400);
    // The name is optional (the page says so); a way to reply is not.
    const auto anonymous_report = anonymous.Post(
        "/api/v1/public/reports",
        json::serialize(json::object{{"phone", "0905 123 456"},
                                     {"affected", "xab.example.vn"},
                                     {"description", "Trang web của xã không truy cập được."}}));
    EXPECT_EQ(anonymous_report.status, 202) << anonymous_report.body;
    const auto no_contact = anonymous.Post(
        "/api/v1/public/reports",
        json::serialize(json::object{{"name", "Lê Thị Hoa"},
                                     {"affected", "xab.example.vn"},
                                     {"description", "Trang web của xã không truy cập được."}}));
    ASSERT_EQ(no_contact.status, 400) << no_contact.body;
    EXPECT_EQ(no_contact.Json().at("errors").as_array().at(0).at("field").as_string(), "email");
    // It reaches the triage queue of the province.
    const auto triage =
        SignedIn("coordinator").Get("/api/v1/incidents?state=received&source=public");
    ASSERT_EQ(triage.Json().at("items").as_array().size(), 2u);
    // A long "what is affected" whose 200th byte falls inside a Vietnamese letter: the title
    // cut from it stays valid UTF-8 and the report is taken.
    std::string affected(199, 'a');
    affected += "ệ đường dẫn";
    HttpClient other(port_);
    other.source_address = "127.0.0.9";
    const auto long_text =
        other.Post("/api/v1/public/reports",
                   json::serialize(json::object{{"name", "Lê Thị Hoa"},
                                                {"email", "hoa@example.com"},
                                                {"affected", affected},
                                                {"description", "Trang web bị thay đổi."}}));
    EXPECT_EQ(long_text.status, 202) << long_text.body;
    int last = 0;
    HttpReply flooded;
    for (int i = 0; i < 6; ++i) {
        flooded = anonymous.Post("/api/v1/public/reports", report);
        last = flooded.status;
    }
    EXPECT_EQ(last, 429);
    EXPECT_FALSE(flooded.headers["retry-after"].empty()) << "says when to come back";
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         IncidentApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
