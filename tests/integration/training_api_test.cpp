// Training and awareness over the API on both engines: a course with attendees from the people
// register (added one by one and imported from a table with Vietnamese headers — a table with
// bad lines is refused line by line and stores nothing), certificates; each unit's coverage of
// the year and its duties against its targets (trained share, audiences reached, the security
// share of the IT budget); campaigns; the figures in Mẫu 01 and in readiness come from the
// training records. Hostile and out-of-scope callers change nothing.
#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

class TrainingApiTest : public ApiTest {
protected:
    std::int64_t AddPerson(HttpClient& client,
                           const domain::Unit& unit,
                           const std::string& name,
                           const std::string& email,
                           bool specialist = false) {
        json::object body{{"full_name", name}, {"email", email}, {"position", "Công chức"}};
        if (specialist) {
            body["qualification"] = json::object{{"training_field", "attt"}};
        }
        const auto person = client.Post(UnitPath(unit) + "/people", json::serialize(body));
        EXPECT_EQ(person.status, 201) << person.body;
        return person.Json().at("id").as_int64();
    }

    static std::string CoursePath(std::int64_t id) {
        return "/api/v1/training/courses/" + std::to_string(id);
    }

    json::object CourseBody(const domain::Unit& unit, const std::string& kind) {
        return {{"unit_id", unit.id.value()},
                {"topic", "Nhận diện thư điện tử lừa đảo và xử lý sự cố đơn giản"},
                {"provider", "Sở Thông tin và Truyền thông"},
                {"from", "2026-09-14"},
                {"to", "2026-09-15"},
                {"hours", 16},
                {"kind", kind},
                {"cost", 20000000}};
    }

    json::object UnitRow(HttpClient& client, const domain::Unit& unit) {
        const auto coverage = client.Get("/api/v1/training/coverage?year=2026&unit_id=" +
                                         std::to_string(province_.id.value()));
        EXPECT_EQ(coverage.status, 200) << coverage.body;
        for (const auto& row : coverage.Json().at("units").as_array()) {
            if (row.at("unit_id").as_int64() == unit.id.value()) {
                return row.as_object();
            }
        }
        ADD_FAILURE() << "no row for " << unit.code;
        return {};
    }

    static std::string DutyStatus(const json::object& row, const std::string& code) {
        for (const auto& duty : row.at("duties").as_array()) {
            if (duty.at("code").as_string() == code) {
                return std::string(duty.at("status").as_string());
            }
        }
        return "absent";
    }

    HttpReply Import(HttpClient& client, std::int64_t course, const std::string& csv) {
        return client.Send("POST", CoursePath(course) + "/attendees/import", csv,
                           {{"Content-Type", "text/csv"}});
    }
};

TEST_P(TrainingApiTest, CourseAttendeesCoverageDutiesAndTheFiguresOfMau01) {
    auto coordinator = SignedIn("coordinator");
    auto officer = SignedIn("officer");
    const auto lan = AddPerson(officer, commune_a_, "Phạm Thị Lan", "lan@xa-a.gov.vn");
    const auto binh = AddPerson(officer, commune_a_, "Lê Văn Bình", "binh@xa-a.gov.vn", true);
    AddPerson(officer, commune_a_, "Nguyễn Văn Nam", "nam.a@xa-a.gov.vn");
    AddPerson(officer, commune_a_, "Đỗ Thu Hà", "ha@xa-a.gov.vn");
    auto officer_b = SignedIn("officer.b");
    AddPerson(officer_b, commune_b_, "Nguyễn Văn Nam", "nam.b@xa-b.gov.vn");
    AddPerson(officer_b, commune_b_, "Vũ Hồng Nhung", "nhung@xa-b.gov.vn");

    // The province's awareness course; bad fields are refused by name.
    auto bad = CourseBody(province_, "seminar");
    bad["to"] = "2026-09-10";
    bad["hours"] = 0;
    const auto refused = coordinator.Post("/api/v1/training/courses", json::serialize(bad));
    ASSERT_EQ(refused.status, 400) << refused.body;
    for (const char* field : {"\"kind\"", "\"to\"", "\"hours\""}) {
        EXPECT_NE(refused.body.find(field), std::string::npos) << field << refused.body;
    }
    const auto created = coordinator.Post("/api/v1/training/courses",
                                          json::serialize(CourseBody(province_, "awareness")));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto course = created.Json().at("id").as_int64();
    EXPECT_TRUE(created.Json().at("can_edit").as_bool());

    // Two attendees by hand; the same person twice is a conflict and changes nothing.
    const auto added = coordinator.Post(
        CoursePath(course) + "/attendees",
        json::serialize(
            json::object{{"attendees", json::array{json::object{{"person_id", lan}},
                                                   json::object{{"person_id", binh}}}}}));
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(added.Json().at("attendees").as_int64(), 2);
    const auto twice = coordinator.Post(
        CoursePath(course) + "/attendees",
        json::serialize(
            json::object{{"attendees", json::array{json::object{{"person_id", lan}}}}}));
    EXPECT_EQ(twice.status, 409) << twice.body;

    // An import with bad lines names each and stores nothing.
    const auto rejected = Import(coordinator, course,
                                 "Họ và tên,Đơn vị,Thư điện tử,Chứng chỉ,Hạn chứng chỉ\n"
                                 "Vũ Hồng Nhung,P-XA-B,,,\n"  // line 2: fine
                                 "Trần Văn Không Có,,,,\n"    // 3: not in the register
                                 "Nguyễn Văn Nam,,,,\n"       // 4: two people so named
                                 "Đỗ Thu Hà,P-XA-A,,Giấy chứng nhận,31/02/2027\n"  // 5: no such day
                                 "Phạm Thị Lan,,,,\n"   // 6: already attends
                                 "Vũ Hồng Nhung,,,,\n"  // 7: already on line 2
                                 "Ai Đó,P-XA-Z,,,\n");  // 8: unknown unit
    ASSERT_EQ(rejected.status, 400) << rejected.body;
    for (const char* expected :
         {"Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6", "Dòng 7", "Dòng 8", "Trần Văn Không Có",
          "có 2 người tên", "31/02/2027", "đã có ở dòng 2", "P-XA-Z"}) {
        EXPECT_NE(rejected.body.find(expected), std::string::npos) << expected << rejected.body;
    }
    EXPECT_EQ(rejected.body.find("Dòng 2:"), std::string::npos) << rejected.body;
    EXPECT_EQ(coordinator.Get(CoursePath(course)).Json().at("attendees").as_int64(), 2);

    // The corrected table: a name made unique by its unit, another by its e-mail.
    const auto fixed = Import(coordinator, course,
                              "full_name,unit,email,certificate,certificate_until\n"
                              "Vũ Hồng Nhung,P-XA-B,,,\n"
                              "Nguyễn Văn Nam,P-XA-A,,,\n"
                              ",,NAM.B@xa-b.gov.vn,,\n");
    ASSERT_EQ(fixed.status, 201) << fixed.body;
    EXPECT_EQ(fixed.Json().at("attendees").as_int64(), 5);

    // A specialist course of the commune with a certificate valid three years.
    auto specialist = CourseBody(commune_a_, "specialist");
    specialist["cost"] = nullptr;
    const auto own = officer.Post("/api/v1/training/courses", json::serialize(specialist));
    ASSERT_EQ(own.status, 201) << own.body;
    const auto own_id = own.Json().at("id").as_int64();
    const auto early = officer.Post(
        CoursePath(own_id) + "/attendees",
        json::serialize(json::object{
            {"attendees", json::array{json::object{{"person_id", binh},
                                                   {"certificate", "An toàn thông tin cơ bản"},
                                                   {"certificate_until", "2026-09-01"}}}}}));
    EXPECT_EQ(early.status, 400) << early.body;  // expires before the course ends
    ASSERT_EQ(officer
                  .Post(CoursePath(own_id) + "/attendees",
                        json::serialize(json::object{
                            {"attendees",
                             json::array{json::object{{"person_id", binh},
                                                      {"certificate", "An toàn thông tin cơ bản"},
                                                      {"certificate_until", "2029-09-15"}}}}}))
                  .status,
              201);

    // Coverage: of commune A's four officials, three trained; its one specialist certified.
    auto row = UnitRow(coordinator, commune_a_);
    EXPECT_EQ(row.at("coverage").at("officials").as_int64(), 4);
    EXPECT_EQ(row.at("coverage").at("trained").as_int64(), 3);
    EXPECT_EQ(row.at("coverage").at("trained_percent").as_int64(), 75);
    EXPECT_EQ(row.at("coverage").at("specialists").as_int64(), 1);
    EXPECT_EQ(row.at("coverage").at("specialists_certified").as_int64(), 1);
    EXPECT_EQ(DutyStatus(row, "training"), "due");  // the default target: everyone
    EXPECT_EQ(DutyStatus(row, "awareness.pupils"), "due");
    EXPECT_EQ(DutyStatus(row, "budget"), "not_declared");
    EXPECT_EQ(UnitRow(coordinator, commune_b_).at("coverage").at("trained").as_int64(), 2);

    // A campaign for the commune's citizens; a bad channel is refused; commune B's officer
    // cannot record one for commune A.
    json::object campaign{{"unit_id", commune_a_.id.value()},
                          {"title", "Cảnh giác lừa đảo qua mạng trên loa truyền thanh xã"},
                          {"audience", "citizens"},
                          {"channel", "radio"},
                          {"day", "2026-09-18"},
                          {"reach", 4200},
                          {"cost", 1500000}};
    auto wrong = campaign;
    wrong["channel"] = "billboard";
    EXPECT_EQ(officer.Post("/api/v1/training/campaigns", json::serialize(wrong)).status, 400);
    EXPECT_EQ(officer_b.Post("/api/v1/training/campaigns", json::serialize(campaign)).status, 404);
    const auto held = officer.Post("/api/v1/training/campaigns", json::serialize(campaign));
    ASSERT_EQ(held.status, 201) << held.body;

    // The commune's own targets: three quarters trained, officials and citizens, 12% of the
    // IT budget for security. A security budget above the IT budget is refused, unchanged.
    const std::string targets = UnitPath(commune_a_) + "/practice-targets/2026";
    const auto too_much =
        officer.Send("PUT", targets,
                     R"({"trained_percent":75,"audiences":["officials","citizens"],)"
                     R"("it_budget":100000000,"security_budget":200000000})");
    EXPECT_EQ(too_much.status, 400) << too_much.body;
    const auto set = officer.Send("PUT", targets,
                                  R"({"trained_percent":75,"audiences":["officials","citizens"],)"
                                  R"("it_budget":200000000,"security_budget":24000000})");
    ASSERT_EQ(set.status, 200) << set.body;
    row = UnitRow(coordinator, commune_a_);
    EXPECT_TRUE(row.at("targets").at("set").as_bool());
    EXPECT_EQ(DutyStatus(row, "training"), "met");
    EXPECT_EQ(DutyStatus(row, "awareness.citizens"), "met");
    EXPECT_EQ(DutyStatus(row, "awareness.officials"), "due");
    EXPECT_EQ(DutyStatus(row, "awareness.pupils"), "absent");
    EXPECT_EQ(DutyStatus(row, "budget"), "met");
    EXPECT_EQ(row.at("reach").as_int64(), 4200);
    EXPECT_EQ(row.at("spent").as_int64(), 1500000);  // the province paid for its course
    EXPECT_EQ(UnitRow(coordinator, province_).at("spent").as_int64(), 20000000);

    // Mẫu 01's staff annex and the readiness page read the training records.
    const auto text = PdfText(officer.Get(UnitPath(commune_a_) + "/member/mau01.pdf").body);
    EXPECT_NE(text.find("3/4 cán bộ (75%)"), std::string::npos) << text;
    EXPECT_NE(text.find("còn hiệu lực: 1/1 nhân lực"), std::string::npos) << text;
    const auto practice = coordinator.Get("/api/v1/readiness/practice?unit_id=" +
                                          std::to_string(province_.id.value()));
    ASSERT_EQ(practice.status, 200) << practice.body;
    EXPECT_EQ(practice.Json().at("training").at("trained").as_int64(), 5);
    EXPECT_EQ(practice.Json().at("campaigns").as_int64(), 1);
    EXPECT_EQ(practice.Json().at("reach").as_int64(), 4200);

    // Lists, changes and removals.
    const auto courses = coordinator.Get("/api/v1/training/courses?year=2026");
    ASSERT_EQ(courses.status, 200) << courses.body;
    EXPECT_EQ(courses.Json().at("items").as_array().size(), 2u);
    EXPECT_EQ(
        coordinator.Get("/api/v1/training/courses?year=2025").Json().at("items").as_array().size(),
        0u);
    auto renamed = CourseBody(province_, "awareness");
    renamed["topic"] = "Kỹ năng an toàn thông tin cho cán bộ cấp xã";
    renamed["to"] = "2026-09-16";
    const auto changed = coordinator.Send("PUT", CoursePath(course), json::serialize(renamed));
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(changed.Json().at("to").as_string(), "2026-09-16");
    const auto renewed = officer.Send(
        "PUT", CoursePath(own_id) + "/attendees/" + std::to_string(binh),
        R"({"certificate":"An toàn thông tin cơ bản","certificate_until":"2026-09-20"})");
    ASSERT_EQ(renewed.status, 200) << renewed.body;
    EXPECT_EQ(renewed.Json().at("attendee_list").at(0).at("certificate_until").as_string(),
              "2026-09-20");
    const auto removed =
        coordinator.Send("DELETE", CoursePath(course) + "/attendees/" + std::to_string(lan));
    ASSERT_EQ(removed.status, 200) << removed.body;
    EXPECT_EQ(removed.Json().at("attendees").as_int64(), 4);
    EXPECT_EQ(
        coordinator.Send("DELETE", CoursePath(course) + "/attendees/" + std::to_string(lan)).status,
        404);
    EXPECT_EQ(UnitRow(coordinator, commune_a_).at("coverage").at("trained").as_int64(), 2);
    const auto campaigns = coordinator.Get("/api/v1/training/campaigns?year=2026&unit_id=" +
                                           std::to_string(province_.id.value()));
    ASSERT_EQ(campaigns.status, 200) << campaigns.body;
    ASSERT_EQ(campaigns.Json().at("items").as_array().size(), 1u);
    campaign["reach"] = 5000;
    const auto recounted = officer.Send(
        "PUT", "/api/v1/training/campaigns/" + std::to_string(held.Json().at("id").as_int64()),
        json::serialize(campaign));
    ASSERT_EQ(recounted.status, 200) << recounted.body;
    EXPECT_EQ(UnitRow(coordinator, commune_a_).at("reach").as_int64(), 5000);
}

TEST_P(TrainingApiTest, HostileAndOutOfScopeCallersChangeNothing) {
    auto coordinator = SignedIn("coordinator");
    auto officer = SignedIn("officer");
    auto officer_b = SignedIn("officer.b");
    AddPerson(officer, commune_a_, "Phạm Thị Lan", "lan@xa-a.gov.vn");
    const auto nhung = AddPerson(officer_b, commune_b_, "Vũ Hồng Nhung", "nhung@xa-b.gov.vn");
    const auto own = officer.Post("/api/v1/training/courses",
                                  json::serialize(CourseBody(commune_a_, "awareness")));
    ASSERT_EQ(own.status, 201) << own.body;
    const auto course = own.Json().at("id").as_int64();
    auto auditor = SignedIn("auditor");
    const auto audit = AuditCount();

    // An auditor may change nothing: refused before the body is read.
    EXPECT_EQ(
        auditor
            .Post("/api/v1/training/courses", json::serialize(CourseBody(province_, "awareness")))
            .status,
        403);
    // Another commune's course is not found, to read or to change.
    EXPECT_EQ(officer_b.Get(CoursePath(course)).status, 404);
    EXPECT_EQ(Import(officer_b, course, "full_name\nPhạm Thị Lan\n").status, 404);
    // A person of another commune cannot attend the commune's own course.
    const auto outsider = officer.Post(
        CoursePath(course) + "/attendees",
        json::serialize(
            json::object{{"attendees", json::array{json::object{{"person_id", nhung}}}}}));
    EXPECT_EQ(outsider.status, 400) << outsider.body;
    EXPECT_NE(outsider.body.find("không thuộc"), std::string::npos) << outsider.body;
    // Unknown fields, binary bodies, an empty table, a header without a name column.
    EXPECT_EQ(officer
                  .Post(CoursePath(course) + "/attendees",
                        R"({"attendees":[{"person_id":1,"grade":"A"}]})")
                  .status,
              400);
    EXPECT_EQ(Import(officer, course, std::string("\x00\x01\x02PK\x03\x04", 8)).status, 400);
    EXPECT_EQ(Import(officer, course, "").status, 400);
    EXPECT_EQ(Import(officer, course, "salary\n1000\n").status, 400);
    // More lines than a course holds.
    std::string many = "full_name\n";
    for (int i = 0; i < 1001; ++i) {
        many += "Phạm Thị Lan\n";
    }
    const auto flood = Import(officer, course, many);
    EXPECT_EQ(flood.status, 400) << flood.body.substr(0, 300);
    // A year out of range, a unit outside the scope.
    EXPECT_EQ(officer
                  .Get("/api/v1/training/coverage?year=1999&unit_id=" +
                       std::to_string(commune_a_.id.value()))
                  .status,
              400);
    EXPECT_EQ(
        officer.Get("/api/v1/training/coverage?unit_id=" + std::to_string(commune_b_.id.value()))
            .status,
        404);
    EXPECT_EQ(officer.Get("/api/v1/training/coverage").status, 400);
    EXPECT_EQ(officer_b
                  .Send("PUT", UnitPath(commune_a_) + "/practice-targets/2026",
                        R"({"trained_percent":50,"audiences":[]})")
                  .status,
              404);
    EXPECT_EQ(officer
                  .Send("PUT", UnitPath(commune_a_) + "/practice-targets/2026",
                        R"({"trained_percent":50,"audiences":["officials","officials"]})")
                  .status,
              400);
    EXPECT_EQ(officer
                  .Send("PUT", UnitPath(commune_a_) + "/practice-targets/2026",
                        R"({"trained_percent":50,"audiences":["robots"]})")
                  .status,
              400);

    // Nothing of it was stored or audited.
    EXPECT_EQ(AuditCount(), audit);
    const auto view = coordinator.Get(CoursePath(course)).Json();
    EXPECT_EQ(view.at("attendees").as_int64(), 0);
    EXPECT_FALSE(UnitRow(coordinator, commune_a_).at("targets").at("set").as_bool());
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         TrainingApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
