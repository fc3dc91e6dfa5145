// Plans as tracked work over the API on both engines: a province's plan whose tasks name a
// department, "each commune" and a yearly duty fans out to exactly the matching units; each
// executing unit sees and updates only its own share (evidence required, stale versions refused);
// overdue and unstarted tasks show to the province; a yearly task starts over in the new year;
// the periodic report carries the plan-task figures; tables of tasks import all or nothing, with
// Vietnamese headers, in CSV and XLSX; hostile bodies and callers change nothing.
#include <xlsxwriter.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

class WorkPlanApiTest : public ApiTest {
protected:
    json::object Plan(const std::string& title, json::array tasks) {
        return {{"unit_id", province_.id.value()},
                {"number", "125/KH-UBND"},
                {"issued_on", "2026-03-02"},
                {"title", title},
                {"period_from", "2026-01-01"},
                {"period_to", "2030-12-31"},
                {"legal_bases", "Quyết định 05/2017/QĐ-TTg; Thông tư 20/2017/TT-BTTTT"},
                {"objectives", "Sẵn sàng ứng phó sự cố trên địa bàn tỉnh"},
                {"tasks", std::move(tasks)}};
    }

    static json::object Task(const std::string& content,
                             const std::string& frame,
                             json::array kinds,
                             json::array units = {}) {
        return {{"content", content},
                {"time_frame", frame},
                {"executor_kinds", std::move(kinds)},
                {"executor_unit_ids", std::move(units)},
                {"coordinating", "Sở Thông tin và Truyền thông"},
                {"budget_source", "Ngân sách tỉnh"},
                {"budget_estimate", 20'000'000},
                {"expected_output", "Báo cáo kết quả"}};
    }

    static std::int64_t PlanCount(HttpClient& client) {
        return static_cast<std::int64_t>(
            client.Get("/api/v1/work-plans").Json().at("items").as_array().size());
    }

    /// The caller's assignment of the task whose content starts with `content`.
    static json::object Mine(HttpClient& client, const std::string& content) {
        const auto list = client.Get("/api/v1/plan-assignments?mine=true&limit=500").Json();
        for (const auto& item : list.at("items").as_array()) {
            if (std::string(item.at("task_content").as_string()).starts_with(content)) {
                return item.as_object();
            }
        }
        ADD_FAILURE() << "no assignment " << content << " in " << json::serialize(list);
        return {};
    }

    static HttpReply Put(HttpClient& client, std::int64_t id, const json::object& body) {
        return client.Send("PUT", "/api/v1/plan-assignments/" + std::to_string(id),
                           json::serialize(body));
    }
};

TEST_P(WorkPlanApiTest, TasksFanOutAndWhatIsLateShowsUpTheTree) {
    HttpClient coordinator = SignedIn("coordinator");
    // The clock is at 21/9/2026.
    const auto created = coordinator.Post(
        "/api/v1/work-plans",
        json::serialize(
            Plan("Kế hoạch ứng phó sự cố năm 2026",
                 {Task("Mua sắm công cụ ứng cứu", "2026-09-30", {},
                       {json::value(department_.id.value())}),
                  Task("Rà soát nguy cơ các hệ thống của xã", "02/09/2026", {"commune"}),
                  Task("Diễn tập phương án ứng cứu", "Hằng năm", {"commune", "department"})})));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto plan = created.Json();
    const auto plan_path = "/api/v1/work-plans/" + std::to_string(plan.at("id").as_int64());
    EXPECT_EQ(plan.at("tasks").at(1).at("frame").at("code").as_string(), "2026-09-02");
    EXPECT_EQ(plan.at("tasks").at(2).at("frame").at("code").as_string(), "yearly");
    EXPECT_EQ(plan.at("budget_total").as_int64(), 60'000'000);
    // One department, two communes, then both communes and the department.
    EXPECT_EQ(plan.at("tasks").at(0).at("roll_up").at("total").as_int64(), 1);
    EXPECT_EQ(plan.at("tasks").at(1).at("roll_up").at("total").as_int64(), 2);
    EXPECT_EQ(plan.at("tasks").at(2).at("roll_up").at("total").as_int64(), 3);
    EXPECT_EQ(plan.at("roll_up").at("total").as_int64(), 6);
    EXPECT_EQ(plan.at("roll_up").at("overdue").as_int64(), 2);  // both communes, due 2/9
    EXPECT_EQ(plan.at("roll_up").at("not_started").as_int64(), 6);
    EXPECT_TRUE(plan.at("can_edit").as_bool());

    // A commune officer sees its own two assignments and no other commune's.
    HttpClient officer = SignedIn("officer");
    const auto seen = officer.Get(plan_path).Json();
    EXPECT_EQ(seen.at("roll_up").at("total").as_int64(), 2);
    EXPECT_FALSE(seen.at("can_edit").as_bool());
    EXPECT_EQ(
        officer.Get("/api/v1/plan-assignments?mine=true").Json().at("items").as_array().size(), 2u);

    auto review = Mine(officer, "Rà soát");
    EXPECT_TRUE(review.at("overdue").as_bool());
    EXPECT_TRUE(review.at("can_update").as_bool());
    const auto id = review.at("id").as_int64();
    // Done needs its evidence; progress stays within 0–100; a bad status is named.
    const auto no_evidence = Put(officer, id, {{"status", "done"}, {"version", 0}});
    ASSERT_EQ(no_evidence.status, 400) << no_evidence.body;
    EXPECT_NE(no_evidence.body.find("evidence"), std::string::npos);
    EXPECT_EQ(
        Put(officer, id, {{"status", "in_progress"}, {"progress", 250}, {"version", 0}}).status,
        400);
    EXPECT_EQ(Put(officer, id, {{"status", "finished"}, {"version", 0}}).status, 400);
    const auto done = Put(
        officer, id,
        {{"status", "done"}, {"evidence", "Báo cáo số 15/BC-UBND ngày 20/9/2026"}, {"version", 0}});
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(done.Json().at("progress").as_int64(), 100);
    EXPECT_FALSE(done.Json().at("overdue").as_bool());
    // A second writer with the version it read is refused, and nothing changes.
    const auto stale =
        Put(officer, id, {{"status", "in_progress"}, {"progress", 10}, {"version", 0}});
    EXPECT_EQ(stale.status, 409) << stale.body;
    EXPECT_EQ(Mine(officer, "Rà soát").at("status").as_string(), "done");

    // Another commune's officer cannot see it, let alone update it.
    HttpClient officer_b = SignedIn("officer.b");
    EXPECT_EQ(
        Put(officer_b, id, {{"status", "in_progress"}, {"progress", 10}, {"version", 1}}).status,
        404);
    // An officer does not issue plans.
    EXPECT_EQ(officer.Post("/api/v1/work-plans", json::serialize(Plan("X", {}))).status, 403);

    // The province sees what is overdue and what has not started, unit by unit.
    const auto overdue = coordinator.Get("/api/v1/plan-assignments?filter=overdue").Json();
    ASSERT_EQ(overdue.at("items").as_array().size(), 1u);
    EXPECT_EQ(overdue.at("items").at(0).at("unit_id").as_int64(), commune_b_.id.value());
    const auto unstarted = coordinator.Get("/api/v1/plan-assignments?filter=not_started").Json();
    EXPECT_EQ(unstarted.at("roll_up").at("total").as_int64(), 5);
    const auto under_a =
        coordinator.Get("/api/v1/plan-assignments?unit_id=" + std::to_string(commune_a_.id.value()))
            .Json();
    EXPECT_EQ(under_a.at("roll_up").at("total").as_int64(), 2);
    EXPECT_EQ(under_a.at("roll_up").at("done").as_int64(), 1);
    EXPECT_EQ(coordinator.Get("/api/v1/plan-assignments?filter=late").status, 400);
    // "Mine" is the work of the units where the caller holds a role, not of every unit below:
    // the province itself holds none of these tasks.
    EXPECT_EQ(
        coordinator.Get("/api/v1/plan-assignments?mine=true").Json().at("items").as_array().size(),
        0u);

    // The province's yearly report carries the plan tasks as they stand.
    HttpClient admin = SignedIn("admin");
    ASSERT_EQ(
        admin.Post(UnitPath(province_) + "/report-regimes", R"({"regime":"plan-province-year"})")
            .status,
        201);
    const auto read = admin.Get("/api/v1/periodic-reports/plan-province-year/2026/" +
                                std::to_string(province_.id.value()));
    ASSERT_EQ(read.status, 200) << read.body;
    const auto report = read.Json();
    const auto& own = report.at("report").at("own");
    EXPECT_EQ(own.at("readiness.plan_tasks").as_int64(), 6);
    EXPECT_EQ(own.at("readiness.plan_tasks_done").as_int64(), 1);
    EXPECT_EQ(own.at("readiness.plan_tasks_overdue").as_int64(), 1);
    // The commune's report as a document lists the commune's own tasks with their evidence.
    const auto docx = admin.Get("/api/v1/periodic-reports/plan-province-year/2026/" +
                                std::to_string(commune_a_.id.value()) + "/document?format=docx");
    ASSERT_EQ(docx.status, 200) << docx.body;
    const std::string dir = dir_.path().string();
    std::ofstream(dir + "/r.docx", std::ios::binary) << docx.body;
    ASSERT_EQ(
        std::system(("cd " + dir + " && unzip -p r.docx word/document.xml > doc.xml").c_str()), 0);
    std::ifstream in(dir + "/doc.xml");
    const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const char* expected :
         {"Nhiệm vụ kế hoạch được giao: 2", "Nhiệm vụ đơn vị trực tiếp chủ trì",
          "Rà soát nguy cơ các hệ thống của xã", "Báo cáo số 15/BC-UBND ngày 20/9/2026",
          "Hoàn thành", "Diễn tập phương án ứng cứu", "31/12/2026"}) {
        EXPECT_NE(xml.find(expected), std::string::npos) << expected;
    }
    // The department's task is not the commune's.
    EXPECT_EQ(xml.find("Mua sắm công cụ"), std::string::npos);

    // Sent, the commune's report fixes its readiness: the first point of its readiness over time.
    const std::string commune_report =
        "/api/v1/periodic-reports/plan-province-year/2026/" + std::to_string(commune_a_.id.value());
    ASSERT_EQ(officer.Post(commune_report + "/submit", R"({"narrative":"Đã rà soát."})").status,
              200);
    const std::string stats_path =
        "/api/v1/statistics?unit=" + std::to_string(commune_a_.id.value()) + "&from=2026-01-01";
    const auto stats = coordinator.Get(stats_path + "&to=2026-12-31").Json();
    ASSERT_EQ(stats.at("readiness").as_array().size(), 1u) << json::serialize(stats);
    const auto& point = stats.at("readiness").at(0);
    EXPECT_EQ(point.at("regime").as_string(), "plan-province-year");
    EXPECT_EQ(point.at("figures").at("plan_tasks").as_int64(), 2);
    EXPECT_EQ(point.at("figures").at("plan_tasks_done").as_int64(), 1);
    // A span that ends before it was sent shows no point.
    EXPECT_EQ(
        coordinator.Get(stats_path + "&to=2026-06-30").Json().at("readiness").as_array().size(),
        0u);

    // The yearly drill done in 2026 starts over in 2027; the September purchase is overdue.
    auto drill = Mine(officer, "Diễn tập");
    ASSERT_EQ(Put(officer, drill.at("id").as_int64(),
                  {{"status", "done"}, {"evidence", "Diễn tập ngày 15/11/2026"}, {"version", 0}})
                  .status,
              200);
    EXPECT_EQ(Mine(officer, "Diễn tập").at("status").as_string(), "done");
    clock_.Advance(std::chrono::hours(24 * 110));  // 9/1/2027: sign in again
    officer = SignedIn("officer");
    coordinator = SignedIn("coordinator");
    drill = Mine(officer, "Diễn tập");
    EXPECT_EQ(drill.at("status").as_string(), "not_started");
    EXPECT_EQ(drill.at("recorded_status").as_string(), "done");
    EXPECT_EQ(drill.at("due_on").as_string(), "2027-12-31");
    const auto later = coordinator.Get(plan_path).Json();
    EXPECT_EQ(later.at("roll_up").at("overdue").as_int64(), 2);  // the purchase, commune B
    EXPECT_EQ(later.at("roll_up").at("done").as_int64(), 1);     // commune A's review
}

TEST_P(WorkPlanApiTest, CorrectionsKeepWhatUnitsRecorded) {
    HttpClient coordinator = SignedIn("coordinator");
    const auto created = coordinator.Post(
        "/api/v1/work-plans", json::serialize(Plan("Kế hoạch có lỗi đánh máy",
                                                   {Task("Rà soat", "2026-10-02", {"commune"}),
                                                    Task("Tap huan", "yearly", {"commune"})})));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto plan = created.Json();
    const auto plan_path = "/api/v1/work-plans/" + std::to_string(plan.at("id").as_int64());
    const auto task_path = [&](int i) {
        return plan_path + "/tasks/" + std::to_string(plan.at("tasks").at(i).at("id").as_int64());
    };

    // The head is corrected; its issuing unit is not part of a correction.
    json::object head{{"number", "125/KH-UBND"},
                      {"title", "Kế hoạch ứng phó sự cố năm 2026"},
                      {"period_from", "2026-01-01"},
                      {"period_to", "2026-12-31"}};
    const auto fixed = coordinator.Send("PUT", plan_path, json::serialize(head));
    ASSERT_EQ(fixed.status, 200) << fixed.body;
    EXPECT_EQ(fixed.Json().at("title").as_string(), "Kế hoạch ứng phó sự cố năm 2026");
    head["period_to"] = "2025-12-31";
    EXPECT_EQ(coordinator.Send("PUT", plan_path, json::serialize(head)).status, 400);
    head["period_to"] = "2026-12-31";
    head["unit_id"] = commune_a_.id.value();
    EXPECT_EQ(coordinator.Send("PUT", plan_path, json::serialize(head)).status, 400);

    // A task's text and time frame are corrected; its units keep their shares.
    HttpClient officer = SignedIn("officer");
    const auto first = Mine(officer, "Rà soat");
    ASSERT_EQ(Put(officer, first.at("id").as_int64(),
                  {{"status", "in_progress"}, {"progress", 30}, {"version", 0}})
                  .status,
              200);
    json::object text{{"content", "Rà soát nguy cơ"}, {"time_frame", "Quý IV/2026"}};
    const auto corrected = coordinator.Send("PUT", task_path(0), json::serialize(text));
    ASSERT_EQ(corrected.status, 200) << corrected.body;
    EXPECT_EQ(corrected.Json().at("tasks").at(0).at("frame").at("code").as_string(), "2026-Q4");
    EXPECT_EQ(corrected.Json().at("tasks").at(0).at("roll_up").at("in_progress").as_int64(), 1);
    EXPECT_EQ(Mine(officer, "Rà soát nguy cơ").at("progress").as_int64(), 30);
    text["executor_kinds"] = json::array{"department"};
    EXPECT_EQ(coordinator.Send("PUT", task_path(0), json::serialize(text)).status, 400);
    EXPECT_EQ(officer
                  .Send("PUT", task_path(0),
                        json::serialize(json::object{{"content", "X"}, {"time_frame", "yearly"}}))
                  .status,
              403);
    EXPECT_EQ(
        coordinator
            .Send("PUT", plan_path + "/tasks/999999", R"({"content":"X","time_frame":"yearly"})")
            .status,
        404);

    // A task a unit has recorded on is not deleted; one nobody touched is, with its shares.
    const auto kept = coordinator.Send("DELETE", task_path(0));
    EXPECT_EQ(kept.status, 409) << kept.body;
    EXPECT_NE(kept.body.find("Đơn vị P-XA-A"), std::string::npos) << kept.body;
    const auto deleted = coordinator.Send("DELETE", task_path(1));
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_EQ(deleted.Json().at("tasks").as_array().size(), 1u);
    EXPECT_EQ(deleted.Json().at("roll_up").at("total").as_int64(), 2);
    EXPECT_EQ(
        officer.Get("/api/v1/plan-assignments?mine=true").Json().at("items").as_array().size(), 1u);
    EXPECT_EQ(coordinator.Send("DELETE", task_path(1)).status, 404);
}

TEST_P(WorkPlanApiTest, HostilePlansChangeNothing) {
    HttpClient coordinator = SignedIn("coordinator");
    const auto other = AddUnit("Q", std::nullopt, domain::UnitKind::kProvince);
    const auto before_audit = AuditCount();
    // A unit of another tree as executor, a province as a kind, a bad frame, the period upside
    // down: every problem named, nothing stored.
    auto bad = Plan("Kế hoạch lỗi",
                    {Task("Việc A", "2026-10-02", {}, {json::value(other.id.value())}),
                     Task("Việc B", "sớm", {"commune"}), Task("Việc C", "yearly", {"province"})});
    bad["period_to"] = "2025-01-01";
    const auto refused = coordinator.Post("/api/v1/work-plans", json::serialize(bad));
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_NE(refused.body.find("time_frame"), std::string::npos) << refused.body;
    const auto half_bad = coordinator.Post(
        "/api/v1/work-plans",
        json::serialize(Plan("Kế hoạch lỗi",
                             {Task("Việc A", "2026-10-02", {"commune"}),
                              Task("Việc B", "2026-10-02", {}, {json::value(other.id.value())})})));
    ASSERT_EQ(half_bad.status, 400) << half_bad.body;
    EXPECT_NE(half_bad.body.find("Nhiệm vụ 2"), std::string::npos) << half_bad.body;
    EXPECT_EQ(PlanCount(coordinator), 0);
    EXPECT_EQ(AuditCount(), before_audit);

    // More tasks than a plan holds are refused before any is read.
    json::array many;
    for (int i = 0; i < 201; ++i) {
        many.push_back(Task("Việc " + std::to_string(i), "yearly", {"commune"}));
    }
    EXPECT_EQ(
        coordinator.Post("/api/v1/work-plans", json::serialize(Plan("Quá nhiều", many))).status,
        400);
    // A plan for a unit outside the caller's tree is not found; malformed bodies are named.
    auto foreign = Plan("Kế hoạch tỉnh khác", {});
    foreign["unit_id"] = other.id.value();
    EXPECT_EQ(coordinator.Post("/api/v1/work-plans", json::serialize(foreign)).status, 404);
    EXPECT_EQ(coordinator.Post("/api/v1/work-plans", "[]").status, 400);
    EXPECT_EQ(coordinator.Post("/api/v1/work-plans", R"({"unit_id":"P"})").status, 400);
    EXPECT_EQ(PlanCount(coordinator), 0);
    EXPECT_EQ(coordinator.Get("/api/v1/work-plans/999").status, 404);
    EXPECT_EQ(
        coordinator.Get("/api/v1/plan-assignments?unit_id=" + std::to_string(other.id.value()))
            .status,
        404);
}

TEST_P(WorkPlanApiTest, TablesOfTasksImportAllOrNothing) {
    HttpClient coordinator = SignedIn("coordinator");
    const auto created =
        coordinator.Post("/api/v1/work-plans", json::serialize(Plan("Kế hoạch nhập từ bảng", {})));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto plan_path =
        "/api/v1/work-plans/" + std::to_string(created.Json().at("id").as_int64());
    const auto send = [&](HttpClient& client, const std::string& bytes) {
        return client.Send("POST", plan_path + "/tasks/import", bytes,
                           {{"Content-Type", "text/csv"}});
    };
    // Headers as the plan's table writes them; three bad rows, each named.
    const std::string header =
        "STT,Nội dung,Đơn vị chủ trì,Đơn vị phối hợp,Thời gian thực hiện,Nguồn kinh phí,Dự "
        "toán,Sản phẩm\n";
    const auto bad =
        send(coordinator, header +
                              "1,Rà soát nguy cơ,UBND các xã,,Quý IV/2026,Ngân sách tỉnh,,Báo cáo\n"
                              "2,Mua sắm,Sở Không Có,,2026-10-02,,,\n"
                              "3,Tập huấn,P-SO,,khi nào rảnh,,,\n"
                              "4,Diễn tập,P-SO,,Hằng năm,,mười triệu,\n");
    ASSERT_EQ(bad.status, 400) << bad.body;
    for (const char* expected :
         {"Dòng 3", "Sở Không Có", "Dòng 4", "khi nào rảnh", "Dòng 5", "mười triệu"}) {
        EXPECT_NE(bad.body.find(expected), std::string::npos) << expected << " in " << bad.body;
    }
    EXPECT_EQ(coordinator.Get(plan_path).Json().at("tasks").as_array().size(), 0u);

    const auto good =
        send(coordinator,
             header +
                 "II.2,Rà soát nguy cơ,P-SO; UBND các xã,Đội ứng cứu,Quý IV/2026,Ngân sách tỉnh,"
                 "\"15.000.000\",Báo cáo\n"
                 "II.5.a,Diễn tập,Đơn vị P-XA-A,,Thường xuyên hằng năm,,,Biên bản diễn tập\n");
    ASSERT_EQ(good.status, 200) << good.body;
    EXPECT_EQ(good.Json().at("created").as_int64(), 2);
    EXPECT_EQ(good.Json().at("assignments").as_int64(), 4);  // P-SO and 2 communes; P-XA-A by name
    const auto plan = coordinator.Get(plan_path).Json();
    ASSERT_EQ(plan.at("tasks").as_array().size(), 2u);
    EXPECT_EQ(plan.at("tasks").at(0).at("item").as_string(), "II.2");
    EXPECT_EQ(plan.at("tasks").at(0).at("frame").at("code").as_string(), "2026-Q4");
    EXPECT_EQ(plan.at("tasks").at(0).at("budget_estimate").as_int64(), 15'000'000);
    EXPECT_EQ(plan.at("tasks").at(1).at("frame").at("code").as_string(), "yearly");

    // The same table as an XLSX workbook, with the column codes as headers.
    const auto path = (dir_.path() / "tasks.xlsx").string();
    lxw_workbook* workbook = workbook_new(path.c_str());
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, nullptr);
    const char* cells[2][4] = {{"content", "executors", "time_frame", "budget_estimate"},
                               {"Tuyên truyền", "commune", "2026-12-15", nullptr}};
    for (lxw_col_t c = 0; c < 4; ++c) {
        worksheet_write_string(sheet, 0, c, cells[0][c], nullptr);
    }
    for (lxw_col_t c = 0; c < 3; ++c) {
        worksheet_write_string(sheet, 1, c, cells[1][c], nullptr);
    }
    worksheet_write_number(sheet, 1, 3, 5000000, nullptr);
    ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);
    std::ifstream file(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    const auto xlsx = coordinator.Send("POST", plan_path + "/tasks/import", bytes.str(),
                                       {{"Content-Type", "application/octet-stream"}});
    ASSERT_EQ(xlsx.status, 200) << xlsx.body;
    EXPECT_EQ(xlsx.Json().at("assignments").as_int64(), 2);
    EXPECT_EQ(coordinator.Get(plan_path).Json().at("tasks").at(2).at("budget_estimate").as_int64(),
              5'000'000);

    // A task added by hand goes to the one unit it names.
    const auto added = coordinator.Post(
        plan_path + "/tasks", json::serialize(Task("Cập nhật phương án", "2026-Q4", {},
                                                   {json::value(commune_b_.id.value())})));
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(added.Json().at("tasks").at(3).at("roll_up").at("total").as_int64(), 1);
    EXPECT_EQ(added.Json().at("tasks").at(3).at("executor_names").at(0).as_string(),
              "Đơn vị P-XA-B");

    // An officer may not import; an empty file and an unknown column are named.
    HttpClient officer = SignedIn("officer");
    EXPECT_EQ(send(officer, header + "1,X,commune,,yearly,,,\n").status, 403);
    EXPECT_EQ(send(coordinator, "").status, 400);
    const auto unknown =
        send(coordinator, "content,executors,time_frame,ghi chú\nX,commune,yearly,\n");
    EXPECT_EQ(unknown.status, 400);
    EXPECT_NE(unknown.body.find("ghi chú"), std::string::npos) << unknown.body;
    EXPECT_EQ(coordinator.Get(plan_path).Json().at("tasks").as_array().size(), 4u);

    // A commune created since gets the tasks given to every commune, once.
    AddUnit("P-XA-C", province_.id, domain::UnitKind::kCommune);
    const auto assigned = coordinator.Post(plan_path + "/assign-new", "");
    ASSERT_EQ(assigned.status, 200) << assigned.body;
    EXPECT_EQ(assigned.Json().at("added").as_int64(), 2);  // row II.2 and the XLSX row
    EXPECT_EQ(coordinator.Post(plan_path + "/assign-new", "").Json().at("added").as_int64(), 0);
    EXPECT_EQ(officer.Post(plan_path + "/assign-new", "").status, 403);
}

// A plan's own reporting chain as rule data of the deployment (`serve --regimes FILE`): the
// province's plan asks its departments and communes for a report 10 days after each quarter.
constexpr std::string_view kOwnRegimes = R"({
 "regimes_id": "dlk-plans",
 "version": "2026-12-06",
 "regimes": [{
  "code": "plan-dlk-quarter",
  "rule_set": "plan",
  "title_vi": "Báo cáo quý kết quả thực hiện kế hoạch của tỉnh",
  "title_en": "Quarterly report on the province plan",
  "form": "results",
  "period": "quarter",
  "article": "Kế hoạch 86/KH-UBND mục IV",
  "tiers": [
   {"kinds": ["department", "commune"],
    "due": {"days_after": 10, "article": "Kế hoạch 86/KH-UBND mục IV: 10 ngày sau khi hết quý"}},
   {"kinds": ["province"],
    "due": {"days_after": 20, "article": "Kế hoạch 86/KH-UBND mục IV: 20 ngày sau khi hết quý"},
    "outside_recipient_vi": "Bộ quản lý", "outside_recipient_en": "The ministry"}
  ]
 }]
})";

std::string WriteFile(const std::filesystem::path& path, std::string_view text) {
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
}

class OwnRegimeApiTest : public WorkPlanApiTest {
protected:
    void Configure(bin::WiringOptions& wiring) override {
        wiring.regime_files = {WriteFile(dir_.path() / "regimes.json", kOwnRegimes)};
    }
};

TEST_P(OwnRegimeApiTest, APlansOwnChainRunsLikeTheShippedOnes) {
    HttpClient admin = SignedIn("admin");
    const auto regimes = admin.Get("/api/v1/report-regimes");
    ASSERT_EQ(regimes.status, 200);
    EXPECT_NE(regimes.body.find("plan-dlk-quarter"), std::string::npos);
    EXPECT_NE(regimes.body.find("plan-commune-year"), std::string::npos);  // the shipped ones stay
    ASSERT_EQ(
        admin.Post(UnitPath(province_) + "/report-regimes", R"({"regime":"plan-dlk-quarter"})")
            .status,
        201);
    // The commune's third-quarter report is due at the end of 10/10, the province's of 20/10.
    const auto commune = admin.Get("/api/v1/periodic-reports/plan-dlk-quarter/2026-Q3/" +
                                   std::to_string(commune_a_.id.value()));
    ASSERT_EQ(commune.status, 200) << commune.body;
    EXPECT_EQ(commune.Json().at("report").at("due_at").as_string(), "2026-10-10T16:59:59.999Z");
    const auto province = admin.Get("/api/v1/periodic-reports/plan-dlk-quarter/2026-Q3/" +
                                    std::to_string(province_.id.value()));
    ASSERT_EQ(province.status, 200) << province.body;
    EXPECT_EQ(province.Json().at("report").at("due_at").as_string(), "2026-10-20T16:59:59.999Z");
    EXPECT_EQ(admin
                  .Get("/api/v1/periodic-reports/plan-dlk-quarter/2026/" +
                       std::to_string(province_.id.value()))
                  .status,
              400);
}

TEST_P(OwnRegimeApiTest, AFileThatRedefinesOrIsBrokenStopsTheStart) {
    const auto open = [this](std::string_view text) {
        bin::WiringOptions wiring{"sqlite:" + (dir_.path() / "other.db").string(),
                                  auth::HashCost::kMinimal, &clock_};
        wiring.regime_files = {WriteFile(dir_.path() / "bad.json", text)};
        return bin::System::Open(wiring);
    };
    std::string redefined(kOwnRegimes);
    redefined.replace(redefined.find("plan-dlk-quarter"), 16, "plan-commune-year");
    auto twice = open(redefined);
    ASSERT_FALSE(twice.ok());
    EXPECT_NE(twice.error().message_en.find("plan-commune-year"), std::string::npos);
    auto broken = open(R"({"regimes_id": "x", "version": "1", "regimes": [{"code": 5}]})");
    ASSERT_FALSE(broken.ok());
    EXPECT_NE(broken.error().message_en.find("bad.json"), std::string::npos);
    auto truncated = open(kOwnRegimes.substr(0, 200));
    EXPECT_FALSE(truncated.ok());
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         OwnRegimeApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

INSTANTIATE_TEST_SUITE_P(Engines,
                         WorkPlanApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
