// The systems registry over the API on both engines: registering systems within scope, the
// sub-system rules, table imports (CSV and XLSX), level dossiers through every stage with their
// time limits, documents, and the working-day calendar.
#include <xlsxwriter.h>

#include <fstream>
#include <sstream>

#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

class RegistryApiTest : public ApiTest {
protected:
    static std::string SystemBody(const std::string& code,
                                  const domain::Unit& owner,
                                  const std::string& extra = "") {
        return R"({"code":")" + code + R"(","name_vi":"Hệ thống )" + code +
               R"(","owner_unit_id":)" + std::to_string(owner.id.value()) +
               R"(,"system_class":"citizen_service","info_classes":["personal"],"user_count":12000,)"
               R"("public_ips":["203.0.113.10"],"domains":["https://dichvucong.example.vn/"],)"
               R"("services":["web","database"],"security_measures":["firewall","waf"])" +
               extra + "}";
    }

    std::int64_t CreateSystem(HttpClient& client,
                              const std::string& code,
                              const domain::Unit& owner,
                              const std::string& extra = "") {
        const auto reply = client.Post("/api/v1/systems", SystemBody(code, owner, extra));
        EXPECT_EQ(reply.status, 201) << reply.body;
        return reply.Json().at("id").as_int64();
    }

    HttpReply Act(HttpClient& client,
                  std::int64_t dossier,
                  const std::string& action,
                  const std::string& note = "") {
        return client.Post("/api/v1/dossiers/" + std::to_string(dossier) + "/actions",
                           json::serialize(json::object{{"action", action}, {"note", note}}));
    }

    HttpReply Upload(HttpClient& client,
                     std::int64_t dossier,
                     const std::string& slot,
                     const std::string& bytes,
                     const std::string& name = "tai-lieu.pdf") {
        return client.Send(
            "PUT",
            "/api/v1/dossiers/" + std::to_string(dossier) + "/documents/" + slot + "?name=" + name,
            bytes, {{"Content-Type", "application/octet-stream"}});
    }

    static std::string Pdf(const std::string& text) {
        return "%PDF-1.4\n1 0 obj\n<< /Title (" + text + ") >>\nendobj\ntrailer\n%%EOF\n";
    }
};

TEST_P(RegistryApiTest, SystemsAreRegisteredWithTheirLevelAndStayInScope) {
    HttpClient officer = SignedIn("officer");
    const auto created = officer.Post("/api/v1/systems", SystemBody("XA-A-DVC", commune_a_));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto& system = created.Json().as_object();
    // NĐ 85/2016 Điều 9: an online service with personal data of 10,000 users or more → level 3.
    EXPECT_EQ(system.at("proposed_level").as_int64(), 3);
    EXPECT_TRUE(system.at("approved_level").is_null());
    EXPECT_EQ(system.at("deciding_criteria").as_array().size(), 1u);
    EXPECT_EQ(system.at("domains").as_array().at(0).as_string(), "https://dichvucong.example.vn/");
    const std::string path = "/api/v1/systems/" + std::to_string(system.at("id").as_int64());

    // The other commune neither sees it nor can register systems for commune A.
    HttpClient other = SignedIn("officer.b");
    EXPECT_EQ(other.Get(path).status, 404);
    EXPECT_EQ(other.Get("/api/v1/systems").Json().at("items").as_array().size(), 0u);
    const auto foreign = other.Post("/api/v1/systems", SystemBody("XA-B-LAN", commune_a_));
    EXPECT_EQ(foreign.status, 400) << foreign.body;
    EXPECT_EQ(foreign.Json().at("errors").at(0).at("field").as_string(), "owner_unit_id");
    // A leader reads but does not register.
    HttpClient leader = SignedIn("leader");
    EXPECT_EQ(leader.Get(path).status, 200);
    EXPECT_EQ(leader.Post("/api/v1/systems", SystemBody("P-X", province_)).status, 403);

    // The province sees it, finds it by IP address, filters by level.
    HttpClient coordinator = SignedIn("coordinator");
    EXPECT_EQ(coordinator.Get("/api/v1/systems?q=203.0.113").Json().at("items").as_array().size(),
              1u);
    EXPECT_EQ(coordinator.Get("/api/v1/systems?level=3").Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(coordinator.Get("/api/v1/systems?level=2").Json().at("items").as_array().size(), 0u);
    EXPECT_EQ(coordinator.Get("/api/v1/systems?approved=true").Json().at("items").as_array().size(),
              0u);

    // The operator may be a unit of the same tree the officer does not see (a provider), never
    // one of another tree.
    const auto operators =
        officer.Get("/api/v1/units/" + std::to_string(commune_a_.id.value()) + "/operators");
    ASSERT_EQ(operators.status, 200);
    EXPECT_EQ(operators.Json().at("items").as_array().size(), 4u);
    const domain::Unit other_tree = AddUnit("Q", std::nullopt, domain::UnitKind::kProvince);
    const auto elsewhere =
        officer.Post("/api/v1/systems",
                     SystemBody("XA-A-X", commune_a_,
                                R"(,"operator_unit_id":)" + std::to_string(other_tree.id.value())));
    EXPECT_EQ(elsewhere.status, 400);
    EXPECT_EQ(elsewhere.Json().at("errors").at(0).at("field").as_string(), "operator_unit_id");
    const auto provided = officer.Post(
        "/api/v1/systems",
        SystemBody("XA-A-Y", commune_a_,
                   R"(,"operator_unit_id":)" + std::to_string(department_.id.value())));
    EXPECT_EQ(provided.status, 201) << provided.body;
    // Editing replaces the record and recomputes the level; the audit log has both changes.
    const auto edited =
        officer.Send("PUT", path,
                     SystemBody("XA-A-DVC", commune_a_)
                         .replace(SystemBody("XA-A-DVC", commune_a_).find("12000"), 5, "500"));
    ASSERT_EQ(edited.status, 200) << edited.body;
    EXPECT_EQ(edited.Json().at("proposed_level").as_int64(), 2);
    auto audit = system_->audit().List(app::Actor::Cli(), {.object_type = "system", .limit = 10});
    ASSERT_EQ(audit->entries.size(), 3u);
    EXPECT_EQ(audit->entries[0].action, "system.update");
    EXPECT_NE(audit->entries[0].before_json.find("12000"), std::string::npos);
}

TEST_P(RegistryApiTest, BadSystemsAreRefusedFieldByFieldAndNothingIsStored) {
    HttpClient officer = SignedIn("officer");
    const auto before = AuditCount();
    const auto bad = officer.Post(
        "/api/v1/systems",
        R"({"code":"bad code","name_vi":"","owner_unit_id":)" +
            std::to_string(commune_a_.id.value()) +
            R"(,"system_class":"spaceship","user_count":-5,"public_ips":["300.1.1.1"],)"
            R"("domains":["not a domain"],"services":["telnet"]})");
    ASSERT_EQ(bad.status, 400) << bad.body;
    std::set<std::string> fields;
    for (const auto& error : bad.Json().at("errors").as_array()) {
        fields.insert(std::string(error.at("field").as_string()));
    }
    EXPECT_TRUE(fields.contains("system_class")) << bad.body;
    // The first problems found (the level facts) are reported before the record's; a corrected
    // class reveals the rest together.
    const auto rest =
        officer.Post("/api/v1/systems",
                     R"({"code":"bad code","name_vi":"","owner_unit_id":)" +
                         std::to_string(commune_a_.id.value()) +
                         R"(,"system_class":"internal","user_count":-5,"public_ips":["300.1.1.1"],)"
                         R"("domains":["not a domain"],"services":["telnet"]})");
    ASSERT_EQ(rest.status, 400);
    fields.clear();
    for (const auto& error : rest.Json().at("errors").as_array()) {
        fields.insert(std::string(error.at("field").as_string()));
    }
    for (const char* field :
         {"code", "name_vi", "user_count", "public_ips", "domains", "services"}) {
        EXPECT_TRUE(fields.contains(field)) << field << " in " << rest.body;
    }
    EXPECT_EQ(AuditCount(), before);
    EXPECT_EQ(officer.Get("/api/v1/systems").Json().at("items").as_array().size(), 0u);
}

TEST_P(RegistryApiTest, SubSystemsRaiseTheLevelAndCyclesAreRefused) {
    HttpClient coordinator = SignedIn("coordinator");
    const auto parent = CreateSystem(coordinator, "P-LGSP", province_,
                                     R"(,"user_count":0,"info_classes":["public"])");
    const auto child = CreateSystem(coordinator, "P-LGSP-DVC", province_,
                                    R"(,"parent_id":)" + std::to_string(parent));
    const auto parent_view = coordinator.Get("/api/v1/systems/" + std::to_string(parent));
    EXPECT_EQ(parent_view.Json().at("proposed_level").as_int64(), 2);
    // NĐ 85/2016 Điều 5: a system takes the highest level of its parts.
    EXPECT_EQ(parent_view.Json().at("combined_level").as_int64(), 3);
    const auto cycle = coordinator.Send(
        "PUT", "/api/v1/systems/" + std::to_string(parent),
        SystemBody("P-LGSP", province_, R"(,"parent_id":)" + std::to_string(child)));
    EXPECT_EQ(cycle.status, 409) << cycle.body;
    const auto self = coordinator.Send(
        "PUT", "/api/v1/systems/" + std::to_string(parent),
        SystemBody("P-LGSP", province_, R"(,"parent_id":)" + std::to_string(parent)));
    EXPECT_EQ(self.status, 409);
    EXPECT_TRUE(coordinator.Get("/api/v1/systems/" + std::to_string(parent))
                    .Json()
                    .at("parent_id")
                    .is_null());
}

TEST_P(RegistryApiTest, CsvImportIsAllOrNothingWithLineNumbers) {
    HttpClient coordinator = SignedIn("coordinator");
    const auto send = [&](const std::string& text) {
        return coordinator.Send("POST", "/api/v1/systems/import", text,
                                {{"Content-Type", "text/csv"}});
    };
    const auto bad = send(
        "code,owner_code,name_vi,system_class,user_count,public_ips,parent_code\n"
        "P-WEB,P,Cổng thông tin,citizen_service,100,203.0.113.5,\n"
        "P-MAIL,P-KHONG-CO,Thư điện tử,internal,abc,10.0.0.300,\n"
        "P-WEB,P,Trùng mã,internal,0,,\n"
        "P-DB,P,CSDL,internal,0,,P-DB\n");
    ASSERT_EQ(bad.status, 400) << bad.body;
    const std::string message = bad.body;
    for (const char* expected : {"Dòng 3", "P-KHONG-CO", "abc", "10.0.0.300", "Dòng 4", "Dòng 5"}) {
        EXPECT_NE(message.find(expected), std::string::npos) << expected << " in " << message;
    }
    EXPECT_EQ(message.find("Dòng 2:"), std::string::npos);
    EXPECT_EQ(coordinator.Get("/api/v1/systems").Json().at("items").as_array().size(), 0u);

    const auto good = send(
        "code,owner_code,name_vi,system_class,user_count,info_classes,services,parent_code,"
        "requires_24_7\n"
        "P-DVC-CON,P-XA-A,Dịch vụ công xã,citizen_service,20000,personal,web,P-DVC,có\n"
        "P-DVC,P,Dịch vụ công tỉnh,citizen_service,50000,personal;private,web;database,,x\n");
    ASSERT_EQ(good.status, 200) << good.body;
    EXPECT_EQ(good.Json().at("created").as_int64(), 2);
    const auto child = coordinator.Get("/api/v1/systems?q=P-DVC-CON").Json().at("items").at(0);
    EXPECT_FALSE(child.at("parent_id").is_null());
    EXPECT_EQ(child.at("proposed_level").as_int64(), 3);
    // Two rows naming each other as parent form a cycle: both named, nothing stored.
    const auto cycle = send(
        "code,owner_code,name_vi,system_class,parent_code\n"
        "P-VONG-A,P,Vòng A,internal,P-VONG-B\n"
        "P-VONG-B,P,Vòng B,internal,P-VONG-A\n");
    ASSERT_EQ(cycle.status, 400) << cycle.body;
    for (const char* expected : {"Dòng 2", "Dòng 3", "vòng lặp"}) {
        EXPECT_NE(cycle.body.find(expected), std::string::npos) << expected << " in " << cycle.body;
    }
    EXPECT_EQ(coordinator.Get("/api/v1/systems?q=P-VONG").Json().at("items").as_array().size(), 0u);
    // A commune officer cannot import systems owned by the province.
    HttpClient officer = SignedIn("officer");
    const auto denied = officer.Send("POST", "/api/v1/systems/import",
                                     "code,owner_code,name_vi,system_class\nX,P,X,internal\n",
                                     {{"Content-Type", "text/csv"}});
    EXPECT_EQ(denied.status, 400);
    EXPECT_NE(denied.body.find("owner_code"), std::string::npos);
}

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

TEST_P(RegistryApiTest, XlsxImportReadsTheFirstSheet) {
    const auto path = (dir_.path() / "systems.xlsx").string();
    lxw_workbook* workbook = workbook_new(path.c_str());
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, nullptr);
    const char* header[] = {"code", "owner_code", "name_vi", "system_class", "user_count"};
    for (lxw_col_t c = 0; c < 5; ++c) {
        worksheet_write_string(sheet, 0, c, header[c], nullptr);
    }
    worksheet_write_string(sheet, 1, 0, "P-QLVB", nullptr);
    worksheet_write_string(sheet, 1, 1, "P-SO", nullptr);
    worksheet_write_string(sheet, 1, 2, "Quản lý văn bản và điều hành", nullptr);
    worksheet_write_string(sheet, 1, 3, "internal", nullptr);
    worksheet_write_number(sheet, 1, 4, 800, nullptr);
    worksheet_write_string(sheet, 2, 0, "P-HOP", nullptr);
    worksheet_write_string(sheet, 2, 1, "P-SO", nullptr);
    worksheet_write_string(sheet, 2, 2, "Họp trực tuyến", nullptr);
    worksheet_write_string(sheet, 2, 3, "video", nullptr);  // a bad cell
    ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);
    HttpClient coordinator = SignedIn("coordinator");
    const auto bytes = ReadFile(path);
    const auto bad = coordinator.Send("POST", "/api/v1/systems/import", bytes,
                                      {{"Content-Type", "application/octet-stream"}});
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_NE(bad.body.find("Dòng 3"), std::string::npos) << bad.body;
    EXPECT_NE(bad.body.find("video"), std::string::npos);
    EXPECT_EQ(coordinator.Get("/api/v1/systems").Json().at("items").as_array().size(), 0u);
}

TEST_P(RegistryApiTest, DossierWalksEveryStageWithItsTimeLimits) {
    HttpClient officer = SignedIn("officer");
    const auto system = CreateSystem(officer, "XA-A-DVC", commune_a_);
    const auto opened = officer.Post(
        "/api/v1/dossiers",
        json::serialize(json::object{{"system_id", system},
                                     {"reviewer_unit_id", department_.id.value()},
                                     {"justification", "Dịch vụ công có 12.000 người dùng"}}));
    ASSERT_EQ(opened.status, 201) << opened.body;
    const auto id = opened.Json().at("id").as_int64();
    EXPECT_EQ(opened.Json().at("state").as_string(), "draft");
    EXPECT_EQ(opened.Json().at("proposed_level").as_int64(), 3);
    EXPECT_EQ(opened.Json().at("approver").as_string(), "owner");
    EXPECT_EQ(opened.Json().at("documents").as_array().size(), 4u);
    // A second open dossier for the same system is refused.
    EXPECT_EQ(officer
                  .Post("/api/v1/dossiers",
                        json::serialize(json::object{{"system_id", system},
                                                     {"reviewer_unit_id", department_.id.value()}}))
                  .status,
              409);

    // Submitting without the documents names each missing one.
    const auto early = Act(officer, id, "submit");
    ASSERT_EQ(early.status, 400) << early.body;
    EXPECT_EQ(early.Json().at("errors").as_array().size(), 4u);
    // Documents: executables and web pages are refused whatever their name; PDFs are kept.
    const auto exe = Upload(officer, id, "overview",
                            std::string("\x7f"
                                        "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                                        16) +
                                std::string(200, '\0'),
                            "tong-quan.pdf");
    EXPECT_EQ(exe.status, 400) << exe.body;
    EXPECT_EQ(Upload(officer, id, "overview", "<html><script>alert(1)</script></html>").status,
              400);
    EXPECT_EQ(Upload(officer, id, "no-such-slot", Pdf("x")).status, 404);
    // Over the 20 MiB limit: refused before the body is read, nothing stored.
    const auto huge =
        Upload(officer, id, "overview", Pdf("x") + std::string(20 * 1024 * 1024, ' '));
    EXPECT_EQ(huge.status, 413) << huge.body;
    EXPECT_EQ(huge.Code(), "payload_too_large");
    EXPECT_EQ(Upload(officer, id, "overview", "").status, 400);  // empty file
    EXPECT_TRUE(officer.Get("/api/v1/dossiers/" + std::to_string(id))
                    .Json()
                    .at("documents")
                    .at(0)
                    .at("file")
                    .is_null());
    EXPECT_EQ(Upload(officer, id, "overview", Pdf("x"), "..%2Fetc%2Fpasswd").status, 400);
    for (const char* slot : {"overview", "design", "justification", "security_plan"}) {
        const auto stored = Upload(officer, id, slot, Pdf(slot), std::string(slot) + ".pdf");
        ASSERT_EQ(stored.status, 200) << stored.body;
    }
    // Documents are scanned for malware like evidence: a PDF carrying a Windows program is kept
    // (it is the unit's own paper) but shown infected with the rule that found it.
    const auto scan_of = [](const HttpReply& reply, std::size_t slot) {
        return reply.Json().at("documents").at(slot).at("file").at("scan").as_object();
    };
    const std::string planted =
        Pdf("design") +
        "4 0 obj\n<< /EmbeddedFile >>\nstream\nMZ\x90 This program cannot be "
        "run in DOS mode.\r\r\nendstream\nendobj\n";
    const auto infected = Upload(officer, id, "design", planted, "thiet-ke.pdf");
    ASSERT_EQ(infected.status, 200) << infected.body;
    std::size_t design = 0;
    for (const auto& d : infected.Json().at("documents").as_array()) {
        if (d.at("slot").as_string() == "design") {
            break;
        }
        ++design;
    }
    EXPECT_EQ(scan_of(infected, design).at("verdict").as_string(), "infected");
    EXPECT_EQ(scan_of(infected, design).at("findings").at(0).at("rule").as_string(),
              "dropper_program_hidden_in_file");
    const auto replaced = Upload(officer, id, "design", Pdf("design"), "design.pdf");
    ASSERT_EQ(replaced.status, 200) << replaced.body;
    EXPECT_EQ(scan_of(replaced, design).at("verdict").as_string(), "clean");
    const auto download =
        officer.Get("/api/v1/dossiers/" + std::to_string(id) + "/documents/design");
    ASSERT_EQ(download.status, 200);
    EXPECT_EQ(download.body, Pdf("design"));
    EXPECT_EQ(download.headers.at("content-type"), "application/pdf");
    EXPECT_EQ(download.headers.at("content-disposition").rfind("attachment;", 0), 0u);

    // Out of order: nothing but submit is possible from a draft.
    HttpClient coordinator = SignedIn("coordinator");
    EXPECT_EQ(Act(coordinator, id, "approve", "QĐ 1").status, 409);
    EXPECT_EQ(Act(coordinator, id, "accept").status, 409);
    // Submitted on Monday 21/9/2026 (20:33 in Vietnam): validity check within 5 working days
    // (TT 03/2017 Điều 7) ends on Monday 28/9 at 23:59:59 Vietnam time.
    const auto submitted = Act(officer, id, "submit");
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    EXPECT_EQ(submitted.Json().at("state").as_string(), "submitted");
    EXPECT_EQ(submitted.Json().at("due_at").as_string(), "2026-09-28T16:59:59.999Z");
    // Seven days to go: no reminder yet.
    EXPECT_EQ(SignedIn("coordinator").Get("/api/v1/reminders").Json().at("items").as_array().size(),
              0u);
    // Documents are frozen once submitted.
    EXPECT_EQ(Upload(officer, id, "overview", Pdf("late")).status, 409);
    // Only the reviewing unit checks validity; the other commune does not even see the dossier.
    EXPECT_EQ(submitted.Json().at("allowed_actions").as_array().size(), 0u);  // the officer's view
    EXPECT_EQ(Act(officer, id, "accept").status, 403);
    HttpClient other = SignedIn("officer.b");
    EXPECT_EQ(other.Get("/api/v1/dossiers/" + std::to_string(id)).status, 404);
    EXPECT_EQ(other.Get("/api/v1/dossiers").Json().at("items").as_array().size(), 0u);

    clock_.Advance(std::chrono::hours(24 * 2));
    coordinator = SignedIn("coordinator");  // sessions expire while the days pass
    officer = SignedIn("officer");
    const auto seen = coordinator.Get("/api/v1/dossiers/" + std::to_string(id)).Json();
    EXPECT_EQ(json::serialize(seen.at("allowed_actions")), R"(["accept","return"])");
    const auto accepted = Act(coordinator, id, "accept");
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(accepted.Json().at("state").as_string(), "appraisal");
    // Appraisal of level 3: 15 days from Wednesday 23/9 → Thursday 8/10 (NĐ 85/2016 Điều 12).
    EXPECT_EQ(accepted.Json().at("due_at").as_string(), "2026-10-08T16:59:59.999Z");
    // Past the limit, the dossier is overdue for everyone who follows it.
    clock_.Advance(std::chrono::hours(24 * 16));
    coordinator = SignedIn("coordinator");
    officer = SignedIn("officer");
    const auto overdue = coordinator.Get("/api/v1/dossiers?overdue=true");
    ASSERT_EQ(overdue.Json().at("items").as_array().size(), 1u);
    EXPECT_TRUE(overdue.Json().at("items").at(0).at("overdue").as_bool());
    EXPECT_EQ(officer.Get("/api/v1/dossiers?overdue=true").Json().at("items").as_array().size(),
              1u);

    ASSERT_EQ(Act(coordinator, id, "appraise", "Đồng ý cấp độ 3").status, 200);
    // Level 3 is approved by the owner (NĐ 85/2016 Điều 14): the commune's leadership, which
    // the department's coordinator role on the province also covers; an approval needs its
    // decision number.
    EXPECT_EQ(Act(coordinator, id, "approve").status, 400);
    EXPECT_EQ(Act(officer, id, "approve", "QĐ 12/QĐ-UBND").status, 403);
    const auto approved = Act(coordinator, id, "approve", "QĐ 12/QĐ-UBND ngày 20/10/2026");
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(approved.Json().at("state").as_string(), "approved");
    EXPECT_TRUE(approved.Json().at("due_at").is_null());
    EXPECT_EQ(approved.Json().at("events").as_array().size(), 4u);
    const auto system_view = officer.Get("/api/v1/systems/" + std::to_string(system));
    EXPECT_EQ(system_view.Json().at("approved_level").as_int64(), 3);
    // Re-determination opens a new dossier; the approved one stays in the history.
    EXPECT_EQ(officer
                  .Post("/api/v1/dossiers",
                        json::serialize(json::object{{"system_id", system},
                                                     {"reviewer_unit_id", department_.id.value()},
                                                     {"proposed_level", 4}}))
                  .status,
              201);
    EXPECT_EQ(officer.Get("/api/v1/dossiers?system_id=" + std::to_string(system))
                  .Json()
                  .at("items")
                  .as_array()
                  .size(),
              2u);
}

TEST_P(RegistryApiTest, DossierReturnedWithReasonsIsReopened) {
    HttpClient officer = SignedIn("officer");
    const auto system = CreateSystem(officer, "XA-A-WEB", commune_a_,
                                     R"(,"user_count":0,"info_classes":["public"])");
    const auto low =
        officer.Post("/api/v1/dossiers",
                     json::serialize(json::object{{"system_id", system},
                                                  {"reviewer_unit_id", department_.id.value()},
                                                  {"proposed_level", 1}}));
    EXPECT_EQ(low.status, 400) << low.body;  // below what the criteria give (level 2)
    EXPECT_EQ(officer
                  .Post("/api/v1/dossiers",
                        json::serialize(json::object{{"system_id", system},
                                                     {"reviewer_unit_id", department_.id.value()},
                                                     {"proposed_level", 6}}))
                  .status,
              400);
    const auto opened =
        officer.Post("/api/v1/dossiers",
                     json::serialize(json::object{{"system_id", system},
                                                  {"reviewer_unit_id", department_.id.value()}}));
    ASSERT_EQ(opened.status, 201);
    const auto id = opened.Json().at("id").as_int64();
    for (const char* slot : {"overview", "design", "justification", "security_plan"}) {
        ASSERT_EQ(Upload(officer, id, slot, Pdf(slot)).status, 200);
    }
    ASSERT_EQ(Act(officer, id, "submit").status, 200);
    HttpClient coordinator = SignedIn("coordinator");
    EXPECT_EQ(Act(coordinator, id, "return", "   ").status, 400);
    const auto returned = Act(coordinator, id, "return", "Thiếu sơ đồ mạng");
    ASSERT_EQ(returned.status, 200);
    EXPECT_EQ(returned.Json().at("return_reason").as_string(), "Thiếu sơ đồ mạng");
    EXPECT_EQ(Act(officer, id, "submit").status, 409);
    ASSERT_EQ(Upload(officer, id, "design", Pdf("design v2")).status, 200);
    ASSERT_EQ(Act(officer, id, "reopen").status, 200);
    const auto again = Act(officer, id, "submit");
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(again.Json().at("return_reason").as_string(), "");
    // Level 2 is approved by the reviewing unit itself (NĐ 85/2016 Điều 14).
    EXPECT_EQ(again.Json().at("approver").as_string(), "security_unit");
    ASSERT_EQ(Act(coordinator, id, "accept").status, 200);
    ASSERT_EQ(Act(coordinator, id, "appraise", "Đạt").status, 200);
    EXPECT_EQ(Act(coordinator, id, "approve", "QĐ 5/QĐ-SKHCN").status, 200);
    EXPECT_EQ(Act(coordinator, id, "frobnicate").status, 400);
}

TEST_P(RegistryApiTest, WorkingCalendarIsDataAdministratorsEdit) {
    HttpClient coordinator = SignedIn("coordinator");
    const auto year = coordinator.Get("/api/v1/calendar/2026");
    ASSERT_EQ(year.status, 200);
    bool has_tet = false;
    for (const auto& day : year.Json().at("days").as_array()) {
        has_tet = has_tet || day.at("date").as_string() == "2026-02-17";
    }
    EXPECT_TRUE(has_tet);
    const std::string body = R"({"days":[{"date":"2027-01-01","name_vi":"Tết Dương lịch"},)"
                             R"({"date":"2027-02-06","name_vi":"Làm bù","working":true}]})";
    EXPECT_EQ(coordinator.Send("PUT", "/api/v1/calendar/2027", body).status, 403);
    HttpClient admin = SignedIn("admin");
    const auto bad = admin.Send(
        "PUT", "/api/v1/calendar/2027",
        R"({"days":[{"date":"2027-02-03","name_vi":"Thứ Tư","working":true},)"
        R"({"date":"2026-12-31","name_vi":"Năm khác"},{"date":"2027-02-30","name_vi":"x"}]})");
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(bad.Json().at("errors").as_array().size(), 1u);  // the impossible date first
    const auto wrong =
        admin.Send("PUT", "/api/v1/calendar/2027",
                   R"({"days":[{"date":"2027-02-03","name_vi":"Thứ Tư","working":true},)"
                   R"({"date":"2026-12-31","name_vi":"Năm khác"}]})");
    ASSERT_EQ(wrong.status, 400);
    EXPECT_EQ(wrong.Json().at("errors").as_array().size(), 2u);
    ASSERT_EQ(admin.Send("PUT", "/api/v1/calendar/2027", body).status, 200) << body;
    EXPECT_EQ(admin.Get("/api/v1/calendar/2027").Json().at("days").as_array().size(), 2u);
    EXPECT_EQ(admin.Get("/api/v1/calendar/2026").Json().at("days").as_array().size(),
              year.Json().at("days").as_array().size());
}

TEST_P(RegistryApiTest, EditedCalendarYearsSurviveARestart) {
    HttpClient admin = SignedIn("admin");
    ASSERT_EQ(admin
                  .Send("PUT", "/api/v1/calendar/2026",
                        R"({"days":[{"date":"2026-01-01","name_vi":"Tết Dương lịch"}]})")
                  .status,
              200);
    // Starting again seeds only the shipped years the database lacks.
    bin::WiringOptions wiring{url_, auth::HashCost::kMinimal, &clock_};
    wiring.upload_dir = (dir_.path() / "uploads").string();
    auto again = bin::System::Open(wiring);
    ASSERT_TRUE(again.ok()) << again.error().message_en;
    EXPECT_EQ((*again)->calendar().Year(2026)->size(), 1u);
    EXPECT_GT((*again)->calendar().Year(2025)->size(), 5u);
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         RegistryApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
