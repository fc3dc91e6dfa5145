// Protection records and the readiness dashboard over the API on both engines: the four layers,
// assessments, inventory (with import), the risk register, and the dashboard figures rolled up
// the tree and limited to the caller's scope.
#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

class ReadinessApiTest : public ApiTest {
protected:
    std::int64_t AddSystem(HttpClient& client,
                           const std::string& code,
                           const domain::Unit& owner,
                           int users) {
        const auto reply =
            client.Post("/api/v1/systems",
                        json::serialize(json::object{{"code", code},
                                                     {"name_vi", "Hệ thống " + code},
                                                     {"owner_unit_id", owner.id.value()},
                                                     {"system_class", "citizen_service"},
                                                     {"info_classes", json::array{"personal"}},
                                                     {"user_count", users}}));
        EXPECT_EQ(reply.status, 201) << reply.body;
        return reply.Json().at("id").as_int64();
    }

    json::object Figures(HttpClient& client, const domain::Unit& unit) {
        const auto reply =
            client.Get("/api/v1/readiness?unit_id=" + std::to_string(unit.id.value()));
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.Json().at("total").at("figures").as_object();
    }

    static std::string Today(core::TimePoint now) { return core::FormatDate(core::LocalDate(now)); }
};

TEST_P(ReadinessApiTest, LayersNeedEvidenceAndStayInScope) {
    HttpClient officer = SignedIn("officer");
    const std::string path = "/api/v1/units/" + std::to_string(commune_a_.id.value()) + "/layers";
    EXPECT_EQ(officer.Get(path).Json().at("items").as_array().size(), 4u);
    EXPECT_EQ(officer.Send("PUT", path + "/1", R"({"state":"in_place"})").status, 400);
    EXPECT_EQ(officer.Send("PUT", path + "/5", R"({"state":"missing"})").status, 400);
    EXPECT_EQ(officer.Send("PUT", path + "/2", R"({"state":"sometimes"})").status, 400);
    const auto future =
        officer.Send("PUT", path + "/2", R"({"state":"partial","since":"2099-01-01"})");
    ASSERT_EQ(future.status, 400);
    EXPECT_EQ(future.Json().at("errors").at(0).at("field").as_string(), "since");
    const auto set = officer.Send(
        "PUT", path + "/2",
        R"({"state":"in_place","provider":"VNPT","evidence":"Hợp đồng 15/2026/HĐ-SOC","since":"2026-03-01"})");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(set.Json().at("items").at(1).at("state").as_string(), "in_place");
    EXPECT_EQ(SignedIn("officer.b").Get(path).status, 404);
    EXPECT_EQ(SignedIn("leader").Send("PUT", path + "/3", R"({"state":"partial"})").status, 403);
    // The list behind "units without all four layers": every unit of the province, commune A
    // (one layer in place) last.
    const auto gaps_reply = SignedIn("coordinator").Get("/api/v1/readiness/layers");
    ASSERT_EQ(gaps_reply.status, 200) << gaps_reply.body;
    const auto gaps = gaps_reply.Json().at("items").as_array();
    ASSERT_EQ(gaps.size(), 4u);
    EXPECT_EQ(gaps.back().at("code").as_string(), "P-XA-A");
    EXPECT_EQ(gaps.back().at("layers_in_place").as_int64(), 1);
}

TEST_P(ReadinessApiTest, DashboardFiguresFollowTheRecordsAndRollUp) {
    HttpClient coordinator = SignedIn("coordinator");
    HttpClient officer = SignedIn("officer");
    const auto level3 = AddSystem(officer, "XA-A-DVC", commune_a_, 20000);  // level 3
    AddSystem(coordinator, "P-CONG", province_, 500);                       // level 2
    auto before = Figures(coordinator, province_);
    EXPECT_EQ(before.at("units").as_int64(), 4);
    EXPECT_EQ(before.at("systems").as_int64(), 2);
    EXPECT_EQ(before.at("systems_unapproved").as_int64(), 2);
    EXPECT_EQ(before.at("units_layers_incomplete").as_int64(), 4);
    EXPECT_EQ(before.at("layers_missing").as_int64(), 16);
    // Nothing recorded yet: each system's scan (CT 18: every 6 months) is overdue; the level-3
    // system also needs its yearly assessment and live-fire drill; each owner unit its overall
    // assessment (NĐ 85/2016 Điều 20).
    EXPECT_EQ(before.at("scans_overdue").as_int64(), 2);
    EXPECT_EQ(before.at("system_assessments_overdue").as_int64(), 1);
    EXPECT_EQ(before.at("drills_overdue").as_int64(), 1);
    EXPECT_EQ(before.at("overall_assessments_overdue").as_int64(), 2);

    const std::string today = Today(clock_.Now());
    const auto scan = officer.Post("/api/v1/assessments",
                                   json::serialize(json::object{{"kind", "scan"},
                                                                {"system_id", level3},
                                                                {"performed_on", today},
                                                                {"performer", "Đội UCSC tỉnh"}}));
    ASSERT_EQ(scan.status, 201) << scan.body;
    EXPECT_EQ(officer
                  .Post("/api/v1/assessments",
                        json::serialize(json::object{{"kind", "scan"},
                                                     {"system_id", level3},
                                                     {"performed_on", "2099-01-01"},
                                                     {"performer", "x"}}))
                  .status,
              400);
    EXPECT_EQ(officer
                  .Post("/api/v1/assessments",
                        json::serialize(json::object{{"kind", "drill"},
                                                     {"performed_on", today},
                                                     {"performer", "x"},
                                                     {"unit_id", commune_a_.id.value()}}))
                  .status,
              400);  // a drill concerns a system
    const auto inventory = officer.Post(
        "/api/v1/inventory",
        json::serialize(json::object{{"unit_id", commune_a_.id.value()},
                                     {"kind", "antivirus"},
                                     {"name", "Bản quyền diệt virus 25 máy"},
                                     {"expires_on", core::FormatDate(core::LocalDate(clock_.Now()) +
                                                                     std::chrono::days{10})}}));
    ASSERT_EQ(inventory.status, 201) << inventory.body;
    const auto after = Figures(coordinator, province_);
    EXPECT_EQ(after.at("scans_overdue").as_int64(), 1);
    EXPECT_EQ(after.at("licences_expiring").as_int64(), 1);

    // One row per child; the commune's row carries its own figures.
    const auto dashboard =
        coordinator.Get("/api/v1/readiness?unit_id=" + std::to_string(province_.id.value()));
    const auto& children = dashboard.Json().at("children").as_array();
    ASSERT_EQ(children.size(), 3u);
    bool commune_row = false;
    for (const auto& child : children) {
        if (child.at("code").as_string() == "P-XA-A") {
            commune_row = true;
            EXPECT_EQ(child.at("figures").at("systems").as_int64(), 1);
            EXPECT_EQ(child.at("figures").at("licences_expiring").as_int64(), 1);
        }
    }
    EXPECT_TRUE(commune_row);
    // The lists behind the figures.
    const auto due = coordinator.Get("/api/v1/readiness/due?kind=scan");
    ASSERT_EQ(due.Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(due.Json().at("items").at(0).at("code").as_string(), "P-CONG");
    EXPECT_EQ(coordinator.Get("/api/v1/inventory?expiring_within=30")
                  .Json()
                  .at("items")
                  .as_array()
                  .size(),
              1u);
    EXPECT_EQ(
        coordinator.Get("/api/v1/systems?approved=false").Json().at("items").as_array().size(), 2u);

    // The other commune sees nothing of commune A; asking for the province is "not found".
    HttpClient other = SignedIn("officer.b");
    const auto own = other.Get("/api/v1/readiness");
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(own.Json().at("total").at("code").as_string(), "P-XA-B");
    EXPECT_EQ(own.Json().at("total").at("figures").at("systems").as_int64(), 0);
    EXPECT_EQ(other.Get("/api/v1/readiness?unit_id=" + std::to_string(province_.id.value())).status,
              404);
    EXPECT_EQ(other.Get("/api/v1/inventory").Json().at("items").as_array().size(), 0u);
}

TEST_P(ReadinessApiTest, InventoryImportIsAllOrNothing) {
    HttpClient officer = SignedIn("officer");
    const auto send = [&](const std::string& text) {
        return officer.Send("POST", "/api/v1/inventory/import", text,
                            {{"Content-Type", "text/csv"}});
    };
    const auto bad = send(
        "unit_code,kind,name,expires_on,state\n"
        "P-XA-A,computer,Máy tính văn phòng,,in_use\n"
        "P-XA-A,toaster,Máy nướng bánh,,\n"
        "P-XA-B,printer,Máy in,2027-13-01,\n"
        "P-XA-A,software,,2027-01-01,lost\n");
    ASSERT_EQ(bad.status, 400) << bad.body;
    for (const char* expected :
         {"Dòng 3", "toaster", "Dòng 4", "P-XA-B", "2027-13-01", "Dòng 5", "lost"}) {
        EXPECT_NE(bad.body.find(expected), std::string::npos) << expected << " in " << bad.body;
    }
    EXPECT_EQ(officer.Get("/api/v1/inventory").Json().at("items").as_array().size(), 0u);
    // An inspection stamp dated in the future is refused.
    const auto stamped = officer.Post(
        "/api/v1/inventory", json::serialize(json::object{{"unit_id", commune_a_.id.value()},
                                                          {"kind", "camera"},
                                                          {"name", "Camera phòng họp"},
                                                          {"stamped_on", "2099-05-01"}}));
    ASSERT_EQ(stamped.status, 400);
    EXPECT_EQ(stamped.Json().at("errors").at(0).at("field").as_string(), "stamped_on");
    const auto good = send(
        "unit_code,kind,name,serial,expires_on,stamped_on,sensitive_place\n"
        "P-XA-A,computer,Máy tính bộ phận một cửa,PC-01,,2026-01-15,có\n"
        "P-XA-A,antivirus,Diệt virus,KEY-9,2026-01-01,,\n");
    ASSERT_EQ(good.status, 200) << good.body;
    EXPECT_EQ(good.Json().at("created").as_int64(), 2);
    // An expired licence counts among "expiring within N days".
    EXPECT_EQ(
        officer.Get("/api/v1/inventory?expiring_within=0").Json().at("items").as_array().size(),
        1u);
    EXPECT_EQ(officer.Get("/api/v1/inventory?expiring_within=-1").status, 400);
}

TEST_P(ReadinessApiTest, RisksUseTheTaxonomyAndFallDueYearly) {
    HttpClient officer = SignedIn("officer");
    const auto system = AddSystem(officer, "XA-A-WEB", commune_a_, 100);
    const auto taxonomy = officer.Get("/api/v1/taxonomy");
    EXPECT_EQ(taxonomy.Json().at("scenarios").as_array().size(), 21u);
    const std::string today = Today(clock_.Now());
    const auto risk = [&](const std::string& scenario, int likelihood) {
        return officer.Post("/api/v1/risks",
                            json::serialize(json::object{{"system_id", system},
                                                         {"scenario", scenario},
                                                         {"likelihood", likelihood},
                                                         {"impact", 4},
                                                         {"consequences", "Trang web bị thay đổi"},
                                                         {"reviewed_on", today}}));
    };
    EXPECT_EQ(risk("Z9", 3).status, 400);
    EXPECT_EQ(risk("A5", 6).status, 400);
    const auto created = risk("A5", 3);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.Json().at("score").as_int64(), 12);
    EXPECT_EQ(risk("A5", 2).status, 409);
    // A review lowers the likelihood: the score follows.
    const auto reviewed =
        officer.Send("PUT", "/api/v1/risks/" + std::to_string(created.Json().at("id").as_int64()),
                     json::serialize(json::object{{"scenario", "A5"},
                                                  {"likelihood", 2},
                                                  {"impact", 4},
                                                  {"consequences", "Trang web bị thay đổi"},
                                                  {"reviewed_on", today}}));
    ASSERT_EQ(reviewed.status, 200) << reviewed.body;
    EXPECT_EQ(reviewed.Json().at("score").as_int64(), 8);
    EXPECT_EQ(officer.Get("/api/v1/risks?review_overdue=true").Json().at("items").as_array().size(),
              0u);
    clock_.Advance(std::chrono::hours(24 * 370));
    HttpClient later = SignedIn("officer");
    EXPECT_EQ(later.Get("/api/v1/risks?review_overdue=true").Json().at("items").as_array().size(),
              1u);
    EXPECT_EQ(Figures(later, commune_a_).at("risks_unreviewed").as_int64(), 1);
    EXPECT_EQ(SignedIn("officer.b").Get("/api/v1/risks").Json().at("items").as_array().size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         ReadinessApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
