// Drills over the API on both engines: a tabletop drill of the province with three communes runs
// its injects as exercise incidents (coded DT, marked, reaching only the drill's units — the
// department that holds the specialised function outside the drill receives nothing), drives
// them to closure, records two findings as tasks of the drill's follow-up plan, gives the
// after-action report as DOCX and PDF, and leaves the statistics exactly as they were; a
// live-fire drill records the yearly drill of its system; bad input and outsiders are refused.
#include <fstream>
#include <sstream>

#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

class DrillApiTest : public ApiTest {
protected:
    json::value Step(HttpClient& client, std::int64_t id, const std::string& to) {
        const auto reply = client.Post("/api/v1/incidents/" + std::to_string(id) + "/transitions",
                                       json::serialize(json::object{{"to", to}, {"note", "ok"}}));
        EXPECT_EQ(reply.status, 200) << to << ": " << reply.body;
        return reply.Json();
    }

    /// Through the procedure to closure, as a response team would in the drill.
    void Close(HttpClient& client, std::int64_t id) {
        const std::string path = "/api/v1/incidents/" + std::to_string(id);
        Step(client, id, "acknowledged");
        Step(client, id, "verifying");
        const auto classified =
            client.Post(path + "/classification",
                        R"({"scenarios":["A5"],"impacts":["outage"],"capacity":"within"})");
        ASSERT_EQ(classified.status, 200) << classified.body;
        for (const char* to : {"initial_response", "choosing_response", "containing", "eradicating",
                               "recovering", "checking", "reviewing"}) {
            Step(client, id, to);
        }
        const auto outcome = client.Post(path + "/outcome", R"({"handling_mode":"self"})");
        ASSERT_EQ(outcome.status, 200) << outcome.body;
        Step(client, id, "closed");
    }

    std::string Statistics(HttpClient& client) {
        const auto reply =
            client.Get("/api/v1/statistics?unit=" + std::to_string(province_.id.value()) +
                       "&from=2026-01-01&to=2026-12-31");
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.body;
    }
};

TEST_P(DrillApiTest, TabletopDrillRunsExerciseIncidentsToClosureAndChangesNoStatistic) {
    auto coordinator = SignedIn("coordinator");
    // The department is the specialised unit and takes part; the national coordinator does not.
    const auto national = AddUnit("VN-NC", std::nullopt, domain::UnitKind::kNational);
    ASSERT_EQ(
        coordinator
            .Send("PUT", UnitPath(department_) + "/routing", R"({"functions":["specialised"]})")
            .status,
        200);
    ASSERT_TRUE(system_->outbox()
                    .SetRouting(app::Actor::Cli(),
                                {national.id, {domain::RoutingFunction::kNationalCoordinator}, ""})
                    .ok());
    // A real incident before the drill: the figures the drill must leave alone.
    const auto system = AddSystem(coordinator, "XAA-WEB", commune_a_);
    ASSERT_EQ(coordinator.Post("/api/v1/incidents", json::serialize(Mau03(system))).status, 201);
    const auto before = Statistics(coordinator);

    const auto planned = coordinator.Post(
        "/api/v1/drills",
        json::serialize(json::object{
            {"unit_id", province_.id.value()},
            {"title", "Diễn tập ứng phó tấn công thay đổi giao diện trang thông tin xã"},
            {"kind", "tabletop"},
            {"day", "2026-09-21"},
            {"duration_hours", 4},
            {"scenarios", json::array{"A5"}},
            {"unit_ids",
             json::array{commune_a_.id.value(), commune_b_.id.value(), department_.id.value()}},
            {"people", "Đội ứng cứu tỉnh; Sở; cán bộ phụ trách CNTT hai xã"},
            {"budget", 20000000}}));
    ASSERT_EQ(planned.status, 201) << planned.body;
    const auto drill = planned.Json().at("id").as_int64();
    const std::string path = "/api/v1/drills/" + std::to_string(drill);
    for (const domain::Unit* unit :
         std::vector<const domain::Unit*>{&commune_a_, &commune_b_, &department_}) {
        const auto added = coordinator.Post(
            path + "/injects",
            json::serialize(json::object{{"minute", 10},
                                         {"title", "Trang chủ của " + unit->name_vi + " bị thay"},
                                         {"unit_id", unit->id.value()},
                                         {"scenario", "A5"}}));
        ASSERT_EQ(added.status, 201) << added.body;
    }
    // An inject at a unit outside the drill; a run before the start.
    EXPECT_EQ(coordinator
                  .Post(path + "/injects",
                        json::serialize(json::object{{"title", "Ngoài diễn tập"},
                                                     {"unit_id", national.id.value()}}))
                  .status,
              400);
    const auto injects = coordinator.Get(path).Json().at("injects").as_array();
    ASSERT_EQ(injects.size(), 3u);
    const auto run = [&](std::size_t i) {
        return path + "/injects/" + std::to_string(injects[i].at("id").as_int64()) + "/run";
    };
    EXPECT_EQ(coordinator.Post(run(0), "").status, 409);
    ASSERT_EQ(coordinator.Post(path + "/start", "").status, 200);

    std::vector<std::int64_t> exercises;
    for (std::size_t i = 0; i < 3; ++i) {
        const auto ran = coordinator.Post(run(i), "");
        ASSERT_EQ(ran.status, 200) << ran.body;
        const auto& inject = ran.Json().at("injects").at(i);
        EXPECT_TRUE(std::string(inject.at("incident_code").as_string()).starts_with("DT-"))
            << ran.body;
        exercises.push_back(inject.at("incident_id").as_int64());
    }
    EXPECT_EQ(coordinator.Post(run(0), "").status, 409) << "an inject runs once";

    // The commune's officer meets the exercise incident, marked as the drill's.
    auto officer = SignedIn("officer");
    const auto seen = officer.Get("/api/v1/incidents/" + std::to_string(exercises[0]));
    ASSERT_EQ(seen.status, 200) << seen.body;
    EXPECT_EQ(seen.Json().at("drill_id").as_int64(), drill);
    // Nobody files an exercise incident, or turns one into a real one, through the body.
    auto intake = Mau03(system);
    intake["drill_id"] = drill;
    EXPECT_EQ(officer.Post("/api/v1/incidents", json::serialize(intake)).status, 400);

    // Its notification reaches the specialised department, in the drill, and not the national
    // coordinator, outside it.
    const std::string first = "/api/v1/incidents/" + std::to_string(exercises[0]);
    const auto draft = coordinator.Post(first + "/reports",
                                        R"({"type":"notification","summary":"Trang bị thay"})");
    ASSERT_EQ(draft.status, 201) << draft.body;
    const auto report = draft.Json().at("id").as_int64();
    const auto issued =
        coordinator.Post(first + "/reports/" + std::to_string(report) + "/issue", "");
    ASSERT_EQ(issued.status, 200) << issued.body;
    const auto details = coordinator.Get(first);
    const auto& deliveries = details.Json().at("deliveries").as_array();
    bool department_told = false;
    for (const auto& d : deliveries) {
        department_told = department_told || d.at("unit_name").as_string() == department_.name_vi;
        EXPECT_NE(d.at("unit_name").as_string(), national.name_vi) << details.body;
        EXPECT_TRUE(std::string(d.at("subject").as_string()).starts_with("[DIỄN TẬP]"))
            << details.body;
    }
    EXPECT_TRUE(department_told) << details.body;

    // Finishing waits for every exercise incident to be closed, naming them.
    const auto early = coordinator.Post(path + "/finish", "");
    EXPECT_EQ(early.status, 409) << early.body;
    EXPECT_NE(early.body.find("DT-"), std::string::npos) << early.body;
    for (const auto id : exercises) {
        Close(coordinator, id);
    }

    // Two findings, each a task of the drill's follow-up plan for the unit that owns the fix.
    EXPECT_EQ(coordinator
                  .Post(path + "/findings",
                        json::serialize(json::object{{"text", "Hạn quá sớm"},
                                                     {"owner_unit_id", commune_a_.id.value()},
                                                     {"due", "2026-01-01"}}))
                  .status,
              400)
        << "a fix is not due before the drill";
    const json::object findings[] = {
        {{"text", "Xã A chưa có bản sao lưu trang chủ để khôi phục nhanh"},
         {"lesson", "Sao lưu hằng tuần và thử khôi phục"},
         {"owner_unit_id", commune_a_.id.value()},
         {"owner", "Công chức phụ trách CNTT"},
         {"due", "2026-10-31"}},
        {{"text", "Xã B báo cáo chậm 40 phút so với yêu cầu"},
         {"owner_unit_id", commune_b_.id.value()},
         {"due", "2026-11-15"}}};
    json::object view;
    for (const auto& finding : findings) {
        const auto added = coordinator.Post(path + "/findings", json::serialize(finding));
        ASSERT_EQ(added.status, 201) << added.body;
        view = added.Json().as_object();
    }
    ASSERT_EQ(view.at("findings").as_array().size(), 2u);
    const auto plan = view.at("follow_up_plan_id").as_int64();
    const auto follow_up = coordinator.Get("/api/v1/work-plans/" + std::to_string(plan));
    ASSERT_EQ(follow_up.status, 200) << follow_up.body;
    EXPECT_EQ(follow_up.Json().at("tasks").as_array().size(), 2u);
    const auto own = officer.Get("/api/v1/plan-assignments?mine=true&filter=open");
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_NE(own.body.find("Sao lưu hằng tuần"), std::string::npos) << own.body;

    const auto finished = coordinator.Post(path + "/finish", R"({"lessons":"Quy trình rõ ràng."})");
    ASSERT_EQ(finished.status, 200) << finished.body;
    EXPECT_EQ(finished.Json().at("state").as_string(), "done");

    // The after-action report: the exercise incidents and the findings, in both formats.
    const auto docx = coordinator.Get(path + "/report/docx");
    ASSERT_EQ(docx.status, 200);
    EXPECT_EQ(docx.body.substr(0, 2), "PK");
    const auto pdf = coordinator.Get(path + "/report/pdf");
    ASSERT_EQ(pdf.status, 200);
    const auto text = PdfText(pdf.body);
    EXPECT_NE(text.find("BÁO CÁO KẾT QUẢ DIỄN TẬP"), std::string::npos) << text;
    EXPECT_NE(text.find("DT-"), std::string::npos) << text;
    EXPECT_NE(text.find("Xã B báo cáo chậm 40 phút"), std::string::npos) << text;

    // Three exercise incidents opened, worked and closed; not one of them in the figures.
    EXPECT_EQ(Statistics(coordinator), before);
    // The province's practice: one drill done, its two fixes open; commune A's part, one.
    const auto practice = coordinator.Get("/api/v1/readiness/practice?unit_id=" +
                                          std::to_string(province_.id.value()));
    ASSERT_EQ(practice.status, 200) << practice.body;
    EXPECT_EQ(practice.Json().at("drills_done").as_int64(), 1);
    EXPECT_EQ(practice.Json().at("live_fire_done").as_int64(), 0);
    EXPECT_EQ(practice.Json().at("findings_open").as_int64(), 2);
    EXPECT_TRUE(practice.Json().at("team_id").is_null()) << "no team in this province";
    EXPECT_EQ(
        officer.Get("/api/v1/readiness/practice?unit_id=" + std::to_string(province_.id.value()))
            .status,
        404);
}

TEST_P(DrillApiTest, LiveFireDrillRecordsTheSystemsYearlyDrillAndOutsidersAreRefused) {
    auto coordinator = SignedIn("coordinator");
    const auto system = AddSystem(coordinator, "XAB-DVC", commune_b_);
    const auto body = [&](const std::string& kind, std::int64_t unit, std::int64_t sys) {
        return json::serialize(json::object{{"unit_id", unit},
                                            {"title", "Diễn tập thực chiến dịch vụ công"},
                                            {"kind", kind},
                                            {"day", "2026-09-21"},
                                            {"unit_ids", json::array{commune_b_.id.value()}},
                                            {"system_ids", json::array{sys}}});
    };
    EXPECT_EQ(
        coordinator.Post("/api/v1/drills", body("war_game", province_.id.value(), system)).status,
        400);
    EXPECT_EQ(
        coordinator.Post("/api/v1/drills", body("live_fire", province_.id.value(), 987654)).status,
        400);
    // A commune's officer neither plans the province's drill nor sees it.
    auto officer = SignedIn("officer");
    EXPECT_EQ(
        officer.Post("/api/v1/drills", body("live_fire", province_.id.value(), system)).status,
        403);
    const auto planned =
        coordinator.Post("/api/v1/drills", body("live_fire", province_.id.value(), system));
    ASSERT_EQ(planned.status, 201) << planned.body;
    const std::string path = "/api/v1/drills/" + std::to_string(planned.Json().at("id").as_int64());
    EXPECT_EQ(officer.Get(path).status, 404);
    EXPECT_TRUE(officer.Get("/api/v1/drills").Json().at("items").as_array().empty());
    // Commune B takes part: its officer sees the drill.
    const auto part = SignedIn("officer.b").Get(path);
    EXPECT_EQ(part.status, 200) << part.body;

    ASSERT_EQ(coordinator.Post(path + "/start", "").status, 200);
    ASSERT_EQ(coordinator.Post(path + "/finish", "").status, 200);
    const auto drills =
        coordinator.Get("/api/v1/assessments?kind=drill&system_id=" + std::to_string(system));
    ASSERT_EQ(drills.status, 200) << drills.body;
    ASSERT_EQ(drills.Json().at("items").as_array().size(), 1u) << drills.body;
    EXPECT_EQ(drills.Json().at("items").at(0).at("performed_on").as_string(), "2026-09-21");
    const auto practice = coordinator.Get("/api/v1/readiness/practice?unit_id=" +
                                          std::to_string(province_.id.value()));
    EXPECT_EQ(practice.Json().at("live_fire_done").as_int64(), 1) << practice.body;
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         DrillApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
