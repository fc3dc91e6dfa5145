// Periodic reports up the tree over the API on both engines: a district runs the commune plan's
// chain (file 003 §IV: units before 02/10, the commune to the district before 10/10) for a year —
// under one commune two units report (one late, returned once and sent again), one never does;
// the commune's compilation lists them and rolls up exactly the accepted figures, the district's
// adds up its two communes with nothing counted twice; and the province's Mẫu 05 (TT 20/2017)
// matches a count by hand of incidents of several types and handling modes.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "files/table_reader.hpp"
#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

class PeriodicApiTest : public ApiTest {
protected:
    // An incident of `unit` detected an hour ago, classified and with its outcome recorded
    // (mode "" leaves it unrecorded).
    void AddIncident(HttpClient& admin,
                     const domain::Unit& unit,
                     const std::string& scenario,
                     const std::string& mode,
                     std::int64_t damage = 0,
                     const std::string& helper = "") {
        const auto system = AddSystem(admin, "HT-" + std::to_string(++systems_), unit);
        auto body = Mau03(system);
        body["title"] = "Sự cố " + scenario;
        const auto created = admin.Post("/api/v1/incidents", json::serialize(body));
        ASSERT_EQ(created.status, 201) << created.body;
        last_incident_ = created.Json().at("id").as_int64();
        const std::string path = "/api/v1/incidents/" + std::to_string(last_incident_);
        const auto classified = admin.Post(
            path + "/classification",
            json::serialize(json::object{{"scenarios", json::array{json::string(scenario)}}}));
        ASSERT_EQ(classified.status, 200) << classified.body;
        if (mode.empty()) {
            return;
        }
        json::object outcome{{"handling_mode", mode}, {"damage_vnd", damage}};
        if (mode == "domestic_help") {
            outcome["helpers"] = json::array{json::string(helper)};
        }
        if (mode == "foreign_help") {
            outcome["foreign_helpers"] = json::array{json::string(helper)};
        }
        const auto recorded = admin.Post(path + "/outcome", json::serialize(outcome));
        ASSERT_EQ(recorded.status, 200) << recorded.body;
        EXPECT_EQ(recorded.Json().at("outcome").at("handling_mode").as_string(), mode);
    }

    std::int64_t last_incident_ = 0;

    static std::string ReportPath(const std::string& regime,
                                  const std::string& period,
                                  const domain::Unit& unit) {
        return "/api/v1/periodic-reports/" + regime + "/" + period + "/" +
               std::to_string(unit.id.value());
    }

    static std::int64_t Figure(const json::value& figures, const std::string& key) {
        return figures.at(key).as_int64();
    }

    int systems_ = 0;
};

TEST_P(PeriodicApiTest, TheCommunePlansChainRollsUpExactlyTheAcceptedReports) {
    // The tree: a district with two communes; under commune X1 three units.
    const auto district = AddUnit("D", province_.id, domain::UnitKind::kDistrict);
    const auto x1 = AddUnit("D-X1", district.id, domain::UnitKind::kCommune);
    const auto x2 = AddUnit("D-X2", district.id, domain::UnitKind::kCommune);
    const auto school = AddUnit("D-X1-TH", x1.id, domain::UnitKind::kOther);
    const auto clinic = AddUnit("D-X1-TYT", x1.id, domain::UnitKind::kOther);
    const auto police = AddUnit("D-X1-CA", x1.id, domain::UnitKind::kOther);
    AddUser("school.officer", school, domain::Role::kOfficer, school);
    AddUser("x1.lead", x1, domain::Role::kCoordinator, x1);
    HttpClient admin = SignedIn("admin");

    // Incidents of 2026 (the clock is at 21/9/2026).
    AddIncident(admin, school, "A5", "self", 1'000'000);
    AddIncident(admin, school, "A1", "domestic_help", 0, "Công ty An ninh mạng ABC");
    AddIncident(admin, clinic, "A3", "self");
    AddIncident(admin, police, "A4", "foreign_help", 0, "JPCERT/CC");  // never reported
    AddIncident(admin, x1, "A2", "coordinator_help", 500'000);
    AddIncident(admin, x2, "A5", "self");
    AddIncident(admin, x2, "A5", "self");

    // The district runs the commune plan's chain; nobody outside its subtree owes it.
    const auto adopted =
        admin.Post(UnitPath(district) + "/report-regimes", R"({"regime":"plan-commune-year"})");
    ASSERT_EQ(adopted.status, 201) << adopted.body;
    EXPECT_EQ(
        admin.Post(UnitPath(district) + "/report-regimes", R"({"regime":"plan-commune-year"})")
            .status,
        409);
    EXPECT_EQ(admin.Post(UnitPath(district) + "/report-regimes", R"({"regime":"no-such"})").status,
              404);
    EXPECT_EQ(admin.Get(ReportPath("plan-commune-year", "2026", commune_a_)).status, 404);
    EXPECT_EQ(admin.Get(ReportPath("plan-commune-year", "2026-H1", x1)).status, 400);

    // The school sees its report prefilled and due before 02/10, and submits it on time.
    HttpClient school_officer = SignedIn("school.officer");
    const std::string school_path = ReportPath("plan-commune-year", "2026", school);
    auto view = school_officer.Get(school_path).Json();
    EXPECT_EQ(view.at("report").at("state").as_string(), "draft");
    EXPECT_EQ(view.at("report").at("due_at").as_string(), "2026-10-01T17:00:00.000Z");
    EXPECT_EQ(view.at("recipient").at("id").as_int64(), x1.id.value());
    EXPECT_EQ(Figure(view.at("report").at("own"), "mau05.total.count"), 2);
    EXPECT_EQ(Figure(view.at("report").at("own"), "mau05.A5.damage"), 1'000'000);
    EXPECT_EQ(view.at("report").at("helpers").as_string(), "Công ty An ninh mạng ABC");
    EXPECT_TRUE(view.at("can_edit").as_bool());
    EXPECT_FALSE(view.at("can_review").as_bool());
    // Another unit's officer sees nothing of it; the school cannot review its own report.
    EXPECT_EQ(SignedIn("officer").Get(school_path).status, 404);
    const auto long_text = school_officer.Send(
        "PUT", school_path, json::serialize(json::object{{"narrative", std::string(20001, 'x')}}));
    EXPECT_EQ(long_text.status, 400) << long_text.body;
    const auto saved = school_officer.Send(
        "PUT", school_path, R"({"narrative":"Đã rà soát 4 máy tính.","proposals":""})");
    ASSERT_EQ(saved.status, 200) << saved.body;
    const auto submitted = school_officer.Post(
        school_path + "/submit",
        R"({"narrative":"Đã rà soát 4 máy tính, cài phần mềm diệt mã độc.","proposals":"Cấp kinh phí."})");
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    EXPECT_EQ(submitted.Json().at("report").at("state").as_string(), "submitted");
    EXPECT_FALSE(submitted.Json().at("late").as_bool());
    EXPECT_EQ(school_officer.Post(school_path + "/submit", "{}").status, 409);
    EXPECT_EQ(school_officer.Post(school_path + "/review", R"({"decision":"accept"})").status, 404)
        << "the compiler is not the school's to act for";

    // After 02/10 the clinic submits, late; X1 returns it once, then accepts it.
    clock_.Advance(std::chrono::hours(24 * 12));  // 3/10/2026
    admin = SignedIn("admin");
    HttpClient x1_lead = SignedIn("x1.lead");
    const std::string clinic_path = ReportPath("plan-commune-year", "2026", clinic);
    ASSERT_EQ(admin.Post(clinic_path + "/submit", R"({"narrative":"Báo cáo."})").status, 200);
    const std::string x1_path = ReportPath("plan-commune-year", "2026", x1);
    auto compilation = x1_lead.Get(x1_path).Json();
    const auto& children = compilation.at("children").as_array();
    ASSERT_EQ(children.size(), 3U);
    std::map<std::string, std::string> status;
    std::map<std::string, bool> late;
    for (const auto& child : children) {
        const std::string name(child.at("unit").at("name").as_string());
        status[name] = child.at("status").as_string();
        late[name] = child.at("late").as_bool();
    }
    EXPECT_EQ(status["Đơn vị D-X1-TH"], "submitted");
    EXPECT_FALSE(late["Đơn vị D-X1-TH"]);
    EXPECT_EQ(status["Đơn vị D-X1-TYT"], "submitted");
    EXPECT_TRUE(late["Đơn vị D-X1-TYT"]);
    EXPECT_EQ(status["Đơn vị D-X1-CA"], "not_started");
    EXPECT_TRUE(late["Đơn vị D-X1-CA"]);
    // Nothing accepted yet: only X1's own incident counts; the police's is its own report's.
    EXPECT_EQ(Figure(compilation.at("report").at("own"), "mau05.total.count"), 1);
    EXPECT_EQ(Figure(compilation.at("report").at("total"), "mau05.total.count"), 1);

    EXPECT_EQ(x1_lead.Post(clinic_path + "/review", R"({"decision":"return"})").status, 400)
        << "a return needs its reason";
    const auto returned = x1_lead.Post(clinic_path + "/review",
                                       R"({"decision":"return","reason":"Thiếu phần kiến nghị."})");
    ASSERT_EQ(returned.status, 200) << returned.body;
    EXPECT_EQ(returned.Json().at("report").at("state").as_string(), "returned");
    EXPECT_EQ(returned.Json().at("report").at("return_reason").as_string(),
              "Thiếu phần kiến nghị.");
    ASSERT_EQ(admin
                  .Post(clinic_path + "/submit",
                        R"({"narrative":"Báo cáo.","proposals":"Tập huấn cho nhân viên."})")
                  .status,
              200);
    ASSERT_EQ(x1_lead.Post(clinic_path + "/review", R"({"decision":"accept"})").status, 200);
    ASSERT_EQ(x1_lead.Post(school_path + "/review", R"({"decision":"accept"})").status, 200);
    EXPECT_EQ(x1_lead.Post(school_path + "/review", R"({"decision":"accept"})").status, 409);

    // X1's roll-up: its own A2, the school's A5 and A1, the clinic's A3 — not the police's A4.
    compilation = x1_lead.Get(x1_path).Json();
    const auto& total = compilation.at("report").at("total");
    EXPECT_EQ(Figure(total, "mau05.total.count"), 4);
    EXPECT_EQ(Figure(total, "mau05.A4.count"), 0);
    EXPECT_EQ(Figure(total, "mau05.total.self"), 2);
    EXPECT_EQ(Figure(total, "mau05.total.domestic_help"), 1);
    EXPECT_EQ(Figure(total, "mau05.total.coordinator_help"), 1);
    EXPECT_EQ(Figure(total, "mau05.total.damage"), 1'500'000);
    // The readiness of X1's whole subtree (one system registered per incident above), a state
    // taken as it is, never summed with the children's.
    EXPECT_EQ(Figure(total, "readiness.systems"), 5);
    EXPECT_EQ(Figure(total, "readiness.systems_unapproved"), 5);
    EXPECT_FALSE(compilation.at("accepted_children").as_object().contains("readiness.systems"));
    const auto x1_sent = x1_lead.Post(x1_path + "/submit", R"({"narrative":"Tổng hợp của xã."})");
    ASSERT_EQ(x1_sent.status, 200) << x1_sent.body;
    EXPECT_EQ(x1_sent.Json().at("recipient").at("id").as_int64(), district.id.value());
    ASSERT_EQ(admin.Post(ReportPath("plan-commune-year", "2026", x2) + "/submit", "{}").status,
              200);

    // The district: X1's 4 and X2's 2, once each, after it accepts them.
    const std::string district_path = ReportPath("plan-commune-year", "2026", district);
    auto district_view = admin.Get(district_path).Json();
    EXPECT_EQ(district_view.at("children").as_array().size(), 2U);
    EXPECT_TRUE(district_view.at("recipient").is_null()) << "the district files outside the tree";
    EXPECT_EQ(Figure(district_view.at("report").at("total"), "mau05.total.count"), 0);
    for (const auto* commune : {&x1, &x2}) {
        ASSERT_EQ(admin
                      .Post(ReportPath("plan-commune-year", "2026", *commune) + "/review",
                            R"({"decision":"accept"})")
                      .status,
                  200);
    }
    district_view = admin.Get(district_path).Json();
    EXPECT_EQ(Figure(district_view.at("report").at("total"), "mau05.total.count"), 6);
    EXPECT_EQ(Figure(district_view.at("report").at("total"), "mau05.A5.count"), 3);
    EXPECT_EQ(Figure(district_view.at("report").at("own"), "mau05.total.count"), 0);

    // The list of what the school owes shows it filed and accepted.
    const auto owed = SignedIn("school.officer").Get("/api/v1/periodic-reports?year=2026");
    ASSERT_EQ(owed.status, 200) << owed.body;
    ASSERT_EQ(owed.Json().at("items").as_array().size(), 1U);
    EXPECT_EQ(owed.Json().at("items").at(0).at("status").as_string(), "accepted");
    EXPECT_EQ(SignedIn("school.officer").Get("/api/v1/periodic-reports?year=abc").status, 400);
}

TEST_P(PeriodicApiTest, TheProvincesMau05MatchesACountByHand) {
    HttpClient admin = SignedIn("admin");
    AddIncident(admin, commune_a_, "A5", "self", 2'000'000);
    AddIncident(admin, commune_a_, "A5", "coordinator_help", 3'000'000);
    AddIncident(admin, commune_b_, "A3", "domestic_help", 0, "Trung tâm Giám sát");
    AddIncident(admin, commune_b_, "A3", "foreign_help", 0, "JPCERT/CC");
    AddIncident(admin, department_, "A1", "");      // handling not recorded yet
    AddIncident(admin, department_, "B1", "self");  // a power fault: not an attack
    ASSERT_EQ(admin.Post(UnitPath(province_) + "/report-regimes", R"({"regime":"tt20-mau05-year"})")
                  .status,
              201);
    const auto reply = admin.Get(ReportPath("tt20-mau05-year", "2026", province_));
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto view = reply.Json();
    EXPECT_EQ(view.at("report").at("due_at").as_string(), "2026-12-14T17:00:00.000Z");
    EXPECT_TRUE(view.at("recipient").is_null());
    EXPECT_EQ(view.at("tier").at("outside_recipient_vi").as_string(),
              "Cơ quan điều phối quốc gia (VNCERT/CC)");
    const auto& own = view.at("report").at("own");
    // By hand: A5 ×2 (self, coordinator), A3 ×2 (domestic, foreign), A1 ×1 (no mode).
    EXPECT_EQ(Figure(own, "mau05.A5.count"), 2);
    EXPECT_EQ(Figure(own, "mau05.A5.self"), 1);
    EXPECT_EQ(Figure(own, "mau05.A5.coordinator_help"), 1);
    EXPECT_EQ(Figure(own, "mau05.A5.damage"), 5'000'000);
    EXPECT_EQ(Figure(own, "mau05.A3.count"), 2);
    EXPECT_EQ(Figure(own, "mau05.A3.domestic_help"), 1);
    EXPECT_EQ(Figure(own, "mau05.A3.foreign_help"), 1);
    EXPECT_EQ(Figure(own, "mau05.A1.count"), 1);
    EXPECT_EQ(Figure(own, "mau05.no_mode"), 1);
    EXPECT_EQ(Figure(own, "mau05.not_attack"), 1);
    EXPECT_EQ(Figure(own, "mau05.total.count"), 5);
    EXPECT_EQ(view.at("report").at("helpers").as_string(), "Trung tâm Giám sát");
    EXPECT_EQ(view.at("report").at("foreign_helpers").as_string(), "JPCERT/CC");

    // A wrong outcome is refused with the field named, and nothing changes.
    const auto bad =
        admin.Post("/api/v1/incidents/1/outcome", R"({"handling_mode":"magic","damage_vnd":-5})");
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_NE(bad.body.find("handling_mode"), std::string::npos);
    const auto no_helper =
        admin.Post("/api/v1/incidents/1/outcome", R"({"handling_mode":"domestic_help"})");
    EXPECT_EQ(no_helper.status, 400) << no_helper.body;
    EXPECT_EQ(Figure(admin.Get(ReportPath("tt20-mau05-year", "2026", province_))
                         .Json()
                         .at("report")
                         .at("own"),
                     "mau05.total.count"),
              5);
    // Filing outside the tree is final: nobody here reviews it.
    const auto filed = admin.Post(ReportPath("tt20-mau05-year", "2026", province_) + "/submit",
                                  R"({"proposals":"Đề nghị tập huấn."})");
    ASSERT_EQ(filed.status, 200) << filed.body;
    EXPECT_EQ(filed.Json().at("report").at("state").as_string(), "accepted");
    // The readiness at submission is fixed with the report: six systems, none approved.
    EXPECT_EQ(Figure(filed.Json().at("report").at("total"), "readiness.systems"), 6);
    EXPECT_EQ(Figure(filed.Json().at("report").at("own"), "readiness.systems_unapproved"), 6);
    EXPECT_EQ(admin
                  .Post(ReportPath("tt20-mau05-year", "2026", province_) + "/review",
                        R"({"decision":"accept"})")
                  .status,
              409);
}

// The report leaves the system as staff use it: DOCX and PDF in the administrative layout with
// Mẫu 05's table, and XLSX whose cells are the same figures as numbers.
TEST_P(PeriodicApiTest, TheReportDownloadsCarryMau05sFiguresInEveryFormat) {
    HttpClient admin = SignedIn("admin");
    AddIncident(admin, commune_a_, "A5", "self", 1'250'000);
    AddIncident(admin, commune_b_, "A5", "domestic_help", 0, "Trung tâm Giám sát");
    ASSERT_EQ(admin.Post(UnitPath(province_) + "/report-regimes", R"({"regime":"tt20-mau05-year"})")
                  .status,
              201);
    const std::string path = ReportPath("tt20-mau05-year", "2026", province_) + "/document";
    const std::string dir = dir_.path().string();
    const auto text_of = [&](const std::string& file) {
        std::ifstream in(dir + "/" + file);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    };

    const auto docx = admin.Get(path + "?format=docx");
    ASSERT_EQ(docx.status, 200) << docx.body;
    EXPECT_EQ(docx.headers.at("content-type"),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    std::ofstream(dir + "/r.docx", std::ios::binary) << docx.body;
    ASSERT_EQ(
        std::system(("cd " + dir + " && unzip -p r.docx word/document.xml > doc.xml").c_str()), 0);
    const auto xml = text_of("doc.xml");
    EXPECT_NE(xml.find("Tấn công thay đổi giao diện"), std::string::npos);
    EXPECT_NE(xml.find("1.250.000"), std::string::npos);
    EXPECT_NE(xml.find("Trung tâm Giám sát"), std::string::npos);
    EXPECT_NE(xml.find("Cơ quan điều phối quốc gia"), std::string::npos);  // the recipient
    EXPECT_NE(xml.find("Hệ thống chưa được phê duyệt cấp độ: 2"), std::string::npos);  // readiness

    const auto pdf = admin.Get(path + "?format=pdf");
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.headers.at("content-type"), "application/pdf");
    std::ofstream(dir + "/r.pdf", std::ios::binary) << pdf.body;
    ASSERT_EQ(std::system(("pdftotext -enc UTF-8 " + dir + "/r.pdf " + dir + "/r.txt").c_str()), 0);
    const auto printed = text_of("r.txt");
    EXPECT_NE(printed.find("1.250.000"), std::string::npos) << printed;
    EXPECT_NE(printed.find("Tổng số"), std::string::npos) << printed;

    const auto xlsx = admin.Get(path + "?format=xlsx");
    ASSERT_EQ(xlsx.status, 200) << xlsx.body;
    EXPECT_EQ(xlsx.headers.at("content-type"),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    files::FileTableReader reader;
    const auto rows = reader.Read(xlsx.body);
    ASSERT_TRUE(rows.ok()) << rows.error().message_en;
    const auto row_of = [&](std::string_view first) -> std::vector<std::string> {
        for (const auto& row : *rows) {
            if (!row.cells.empty() && row.cells[0].starts_with(first)) {
                return row.cells;
            }
        }
        return {};
    };
    // Count, self, other organisations, foreign, coordinator, damage.
    EXPECT_EQ(row_of("5. Tấn công thay đổi giao diện"),
              (std::vector<std::string>{"5. Tấn công thay đổi giao diện", "2", "1", "1", "0", "0",
                                        "1250000"}));
    EXPECT_EQ(row_of("Tổng số").at(1), "2");

    // A format that does not exist is refused by name; a unit that does not file is not found.
    const auto bad = admin.Get(path + "?format=odt");
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(admin.Get(ReportPath("tt20-mau05-year", "2026", commune_a_) + "/document").status,
              404);
    // An officer of a commune cannot read the province's report.
    EXPECT_EQ(SignedIn("officer").Get(path + "?format=xlsx").status, 404);
}

// The statistics page's figures: by month, attack type and unit below, serious ones, the time to
// acknowledge; a commune officer sees only its commune; a bad span is refused by field.
TEST_P(PeriodicApiTest, StatisticsCountTheSubtreeByMonthTypeAndUnit) {
    HttpClient admin = SignedIn("admin");
    AddIncident(admin, commune_a_, "A5", "self");
    const auto acknowledged =
        admin.Post("/api/v1/incidents/" + std::to_string(last_incident_) + "/transitions",
                   R"({"to":"acknowledged","note":""})");
    ASSERT_EQ(acknowledged.status, 200) << acknowledged.body;
    AddIncident(admin, commune_a_, "A3", "");
    AddIncident(admin, commune_b_, "A5", "domestic_help", 0, "Trung tâm Giám sát");
    AddIncident(admin, department_, "B1", "self");

    const auto reply = admin.Get("/api/v1/statistics?unit=" + std::to_string(province_.id.value()) +
                                 "&from=2026-01-01&to=2026-12-31");
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto st = reply.Json().as_object();
    EXPECT_EQ(st.at("total").as_int64(), 4);
    EXPECT_EQ(st.at("open").as_int64(), 4);
    const auto& months = st.at("by_month").as_array();
    ASSERT_EQ(months.size(), 12u);
    EXPECT_EQ(months[8].at("key").as_string(), "2026-09");  // the test clock's month
    EXPECT_EQ(months[8].at("count").as_int64(), 4);
    EXPECT_EQ(months[0].at("count").as_int64(), 0);
    std::map<std::string, std::int64_t> types;
    for (const auto& c : st.at("by_scenario").as_array()) {
        types[std::string(c.at("key").as_string())] = c.at("count").as_int64();
    }
    EXPECT_EQ(types, (std::map<std::string, std::int64_t>{{"A3", 1}, {"A5", 2}, {"B1", 1}}));
    std::map<std::string, std::int64_t> units;
    for (const auto& u : st.at("by_unit").as_array()) {
        units[std::string(u.at("unit").at("name").as_string())] = u.at("count").as_int64();
    }
    EXPECT_EQ(units.at(commune_a_.name_vi), 2);
    EXPECT_EQ(units.at(commune_b_.name_vi), 1);
    EXPECT_EQ(units.at(department_.name_vi), 1);
    EXPECT_EQ(units.at(province_.name_vi), 0);  // the province's own
    EXPECT_EQ(st.at("acknowledge").at("measured").as_int64(), 1);
    EXPECT_EQ(st.at("acknowledge").at("within").as_int64(), 1);

    // A commune officer: its own commune by default, the province not at all.
    HttpClient officer = SignedIn("officer");
    const auto own = officer.Get("/api/v1/statistics?from=2026-01-01&to=2026-12-31");
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(own.Json().at("unit").at("id").as_int64(), commune_a_.id.value());
    EXPECT_EQ(own.Json().at("total").as_int64(), 2);
    EXPECT_EQ(officer.Get("/api/v1/statistics?unit=" + std::to_string(province_.id.value())).status,
              404);
    // Bad spans are refused by field.
    const auto bad = admin.Get("/api/v1/statistics?from=2026-13-01&unit=abc");
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_NE(bad.body.find("\"from\""), std::string::npos) << bad.body;
    EXPECT_NE(bad.body.find("\"unit\""), std::string::npos) << bad.body;
    EXPECT_EQ(admin.Get("/api/v1/statistics?from=2026-12-31&to=2026-01-01").status, 400);

    // The incidents behind a figure: the list takes the days detected, Vietnam's days (these
    // were detected at 13:13 UTC, 20:13 on 21/09 in Vietnam).
    const auto listed = [&](const std::string& query) {
        const auto page = admin.Get("/api/v1/incidents?limit=50&" + query);
        EXPECT_EQ(page.status, 200) << page.body;
        return page.Json().at("items").as_array().size();
    };
    EXPECT_EQ(listed("from=2026-09-21&to=2026-09-21"), 4u);
    EXPECT_EQ(listed("from=2026-09-21&to=2026-09-21&scenario=A5"), 2u);
    EXPECT_EQ(listed("from=2026-09-22"), 0u);
    EXPECT_EQ(listed("to=2026-09-20"), 0u);
    const auto bad_day = admin.Get("/api/v1/incidents?from=21/09/2026");
    EXPECT_EQ(bad_day.status, 400) << bad_day.body;
    EXPECT_EQ(admin.Get("/api/v1/statistics?from=2000-01-01&to=2026-01-01").status, 400);
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         PeriodicApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
