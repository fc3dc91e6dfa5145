#include "demo/seed.hpp"

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace ungcuu::demo {

using namespace ungcuu::app;  // NOLINT(google-build-using-namespace): the seed speaks the services'
                              // language

namespace {

struct DemoUnit {
    const char* code;
    const char* parent;
    domain::UnitKind kind;
    const char* name_vi;
    const char* name_en;
    const char* email;
    const char* phone;
};

constexpr const char* kDemoPassword = "ungcuu-demo-2026";

using UnitsByCode = std::map<std::string, domain::Unit>;

using domain::UnitKind;

constexpr DemoUnit kUnits[] = {
    {"NCSC", nullptr, UnitKind::kNational, "Cơ quan điều phối quốc gia về ứng cứu sự cố",
     "National incident response coordinator", "ir@ncsc.example.vn", "024 3640 4424"},
    {"DLK", nullptr, UnitKind::kProvince, "Ủy ban nhân dân tỉnh Đắk Lắk",
     "Dak Lak Provincial People's Committee", "ubnd@daklak.example.vn", "0262 3852 000"},
    {"DLK-SKHCN", "DLK", UnitKind::kDepartment, "Sở Khoa học và Công nghệ",
     "Department of Science and Technology", "skhcn@daklak.example.vn", "0262 3812 345"},
    {"DLK-DUCSC", "DLK", UnitKind::kResponseTeam, "Đội ứng cứu sự cố an toàn thông tin mạng tỉnh",
     "Provincial incident response team", "ucsc@daklak.example.vn", "0262 3812 115"},
    {"DLK-SOC", "DLK", UnitKind::kSoc, "Trung tâm Giám sát, điều hành đô thị thông minh",
     "Smart city operations centre", "soc@daklak.example.vn", "0262 3812 116"},
    {"DLK-SYT", "DLK", UnitKind::kDepartment, "Sở Y tế", "Department of Health",
     "syt@daklak.example.vn", "0262 3852 659"},
    {"DLK-SGDDT", "DLK", UnitKind::kDepartment, "Sở Giáo dục và Đào tạo",
     "Department of Education and Training", "sgddt@daklak.example.vn", "0262 3856 321"},
    {"DLK-VP", "DLK", UnitKind::kDepartment, "Văn phòng Ủy ban nhân dân tỉnh",
     "Office of the Provincial People's Committee", "vp@daklak.example.vn", "0262 3852 111"},
    {"DLK-BMT", "DLK", UnitKind::kCommune, "Phường Buôn Ma Thuột", "Buon Ma Thuot Ward",
     "bmt@daklak.example.vn", "0262 3950 101"},
    {"DLK-TANAN", "DLK", UnitKind::kCommune, "Phường Tân An", "Tan An Ward",
     "tanan@daklak.example.vn", "0262 3950 102"},
    {"DLK-HOAPHU", "DLK", UnitKind::kCommune, "Xã Hòa Phú", "Hoa Phu Commune",
     "hoaphu@daklak.example.vn", "0262 3950 103"},
    {"DLK-EAKAO", "DLK", UnitKind::kCommune, "Xã Ea Kao", "Ea Kao Commune",
     "eakao@daklak.example.vn", "0262 3950 104"},
    {"DLK-KRONGPAC", "DLK", UnitKind::kCommune, "Xã Krông Pắc", "Krong Pac Commune",
     "krongpac@daklak.example.vn", "0262 3950 105"},
    {"DLK-VNPT", "DLK", UnitKind::kEnterprise, "VNPT Đắk Lắk (nhà cung cấp dịch vụ)",
     "VNPT Dak Lak (service provider)", "attt@vnpt-daklak.example.vn", "0262 3800 126"},
};

/// The demo province's tree; units already there are kept as they are.
core::Result<UnitsByCode> SeedUnits(UnitService& units, const Actor& actor) {
    UnitsByCode by_code;
    for (const auto& demo : kUnits) {
        auto existing = units.GetByCode(actor, demo.code);
        if (existing.ok()) {
            by_code[demo.code] = *existing;
            continue;
        }
        domain::Unit unit;
        unit.code = demo.code;
        unit.kind = demo.kind;
        unit.name_vi = demo.name_vi;
        unit.name_en = demo.name_en;
        unit.contact.email = demo.email;
        unit.contact.report_address = demo.email;
        unit.contact.phone = demo.phone;
        unit.contact.address = "Đắk Lắk";
        if (demo.parent != nullptr) {
            unit.parent_id = by_code.at(demo.parent).id;
        }
        UNGCUU_ASSIGN_OR_RETURN(created, units.Create(actor, unit));
        by_code[demo.code] = created;
    }
    return by_code;
}

struct DemoPerson {
    const char* unit;
    const char* name;
    const char* position;
    const char* office;
    const char* mobile;
    const char* email;
    domain::ContactRole role;
};

constexpr DemoPerson kPeople[] = {
    {"DLK-SKHCN", "Nguyễn Văn Hùng", "Phó Giám đốc Sở", "0262 3812 300", "0913 456 789",
     "hungnv@daklak.example.vn", domain::ContactRole::kLeader},
    {"DLK-SKHCN", "Trần Thị Mai", "Trưởng phòng Công nghệ thông tin", "0262 3812 301",
     "0905 111 222", "maitt@daklak.example.vn", domain::ContactRole::kPrimary},
    {"DLK-SKHCN", "Lê Quốc Bảo", "Chuyên viên an toàn thông tin", "0262 3812 302", "0988 333 444",
     "baolq@daklak.example.vn", domain::ContactRole::kBackup},
    {"DLK-HOAPHU", "Y Niê Kdăm", "Phó Chủ tịch UBND xã", "0262 3950 110", "0914 555 666",
     "yniek@daklak.example.vn", domain::ContactRole::kLeader},
    {"DLK-HOAPHU", "Phạm Thị Lan", "Công chức Văn hóa - Xã hội", "0262 3950 111", "0935 777 888",
     "lanpt@daklak.example.vn", domain::ContactRole::kPrimary},
};

/// Each unit's contact points (leader, primary, backup) as people of the register.
core::Status SeedPeople(PeopleService& people, const Actor& actor, const UnitsByCode& by_code) {
    for (const auto& demo : kPeople) {
        domain::Person person;
        person.unit_id = by_code.at(demo.unit).id;
        person.full_name = demo.name;
        person.position = demo.position;
        person.office_phone = demo.office;
        person.mobile_phone = demo.mobile;
        person.email = demo.email;
        if (demo.role != domain::ContactRole::kLeader &&
            std::string_view(demo.unit) == "DLK-SKHCN") {
            // The department's technical staff, for the Mẫu 01 annex.
            person.qualification = {.training_field = "attt",
                                    .degree = "university",
                                    .certificates = "CEH",
                                    .certificate_scope = "international",
                                    .expert_group = "defence",
                                    .school = "Học viện Kỹ thuật Mật mã",
                                    .major = "An toàn thông tin",
                                    .graduated = "06/2014"};
        }
        UNGCUU_ASSIGN_OR_RETURN(created, people.Create(actor, person));
        UNGCUU_ASSIGN_OR_RETURN(named,
                                people.SetContact(actor, person.unit_id, demo.role, created.id));
    }
    return core::Ok();
}

struct DemoUser {
    const char* login;
    const char* full_name;
    const char* home;
    const char* scope;
    domain::Role role;
    const char* email = "";  // a member of the response team is found by it on the roster
};

constexpr DemoUser kUsers[] = {
    {"quantri", "Quản trị hệ thống", "DLK-SKHCN", "DLK", domain::Role::kAdmin},
    {"dieuphoi", "Trần Thị Mai", "DLK-SKHCN", "DLK", domain::Role::kCoordinator},
    {"ungcuu", "Đỗ Minh Tuấn", "DLK-DUCSC", "DLK", domain::Role::kResponder,
     "tuandm@daklak.example.vn"},
    {"canbo.hoaphu", "Phạm Thị Lan", "DLK-HOAPHU", "DLK-HOAPHU", domain::Role::kOfficer},
    {"lanhdao", "Nguyễn Văn Hùng", "DLK-SKHCN", "DLK", domain::Role::kLeader},
    {"kiemtoan", "Hoàng Thu Hà", "DLK-VP", "DLK", domain::Role::kAuditor},
};

/// The demo accounts, one per role; created only on the first run.
core::Result<std::vector<DemoAccount>> SeedUsers(UserService& users,
                                                 const Actor& actor,
                                                 const UnitsByCode& by_code,
                                                 bool seeded) {
    std::vector<DemoAccount> accounts;
    for (const auto& demo : kUsers) {
        const domain::Unit& scope_unit = by_code.at(demo.scope);
        accounts.push_back({demo.login, kDemoPassword, std::string(domain::RoleCode(demo.role)),
                            scope_unit.name_vi});
        if (seeded) {
            continue;
        }
        NewUser input;
        input.login = demo.login;
        input.full_name = demo.full_name;
        input.email = demo.email;
        input.unit_id = by_code.at(demo.home).id;
        input.password = kDemoPassword;
        UNGCUU_ASSIGN_OR_RETURN(created, users.Create(actor, input));
        UNGCUU_ASSIGN_OR_RETURN(granted,
                                users.Grant(actor, created.id, scope_unit.id, demo.role, false));
    }
    return accounts;
}

/// Log sources of one commune: its server's syslog (sent from this machine in the demo) and
/// its web server's access log over HTTP.
core::Status SeedLogSources(const DemoServices& services,
                            const Actor& actor,
                            const UnitsByCode& by_code) {
    UNGCUU_ASSIGN_OR_RETURN(sources, services.detection.Sources(actor));
    if (!sources.empty()) {
        return core::Ok();
    }
    if (sources.empty()) {
        const auto& hoaphu = by_code.at("DLK-HOAPHU");
        const LogSource demo_sources[] = {
            {0,
             hoaphu.id,
             {},
             {},
             "Máy chủ trang thông tin xã Hòa Phú (syslog)",
             "syslog",
             "syslog",
             "127.0.0.1",
             "",
             true,
             true,
             {}},
            {0,
             hoaphu.id,
             {},
             {},
             "Nhật ký truy cập web xã Hòa Phú",
             "http",
             "access",
             "",
             "",
             true,
             true,
             {}},
        };
        for (const auto& source : demo_sources) {
            UNGCUU_ASSIGN_OR_RETURN(created, services.detection.CreateSource(actor, source));
        }
    }
    return core::Ok();
}

/// A demo task: its numbering, content, executing units (codes) or kinds, coordinating units,
/// time frame ("Q2" and "MM-DD" are in the demo's year), budget.
struct DemoTask {
    const char* item;
    const char* content;
    std::vector<const char*> units;
    std::vector<domain::UnitKind> kinds;
    const char* coordinating;
    const char* frame;
    const char* budget_source;
    std::int64_t estimate;
    const char* output;
};

/// Where a demo unit stands on a task (by the task's numbering).
struct DemoProgress {
    const char* unit;
    const char* item;
    domain::AssignmentStatus status;
    int progress;
    const char* evidence;
};

core::Status SeedPlan(const DemoServices& services,
                      const Actor& actor,
                      const UnitsByCode& by_code,
                      domain::WorkPlan plan,
                      const std::vector<DemoTask>& tasks,
                      const std::vector<DemoProgress>& progress,
                      int year) {
    std::vector<domain::PlanTask> made;
    for (const auto& demo : tasks) {
        domain::PlanTask task;
        task.item = demo.item;
        task.content = demo.content;
        for (const char* unit : demo.units) {
            task.executor_units.push_back(by_code.at(unit).id);
        }
        task.executor_kinds = demo.kinds;
        task.coordinating = demo.coordinating;
        std::string frame = demo.frame;
        if (frame.starts_with("Q") || (frame.size() == 5 && frame[2] == '-')) {
            frame = fmt::format("{}-{}", year, frame);  // in the demo's year
        }
        task.frame = domain::ParseTimeFrame(frame).value_or(domain::TimeFrame{});
        task.budget_source = demo.budget_source;
        if (demo.estimate > 0) {
            task.budget_estimate = demo.estimate;
        }
        task.expected_output = demo.output;
        made.push_back(std::move(task));
    }
    UNGCUU_ASSIGN_OR_RETURN(view, services.work_plans.Create(actor, std::move(plan), made));
    for (const auto& step : progress) {
        for (const auto& task : view.tasks) {
            if (task.task.item != step.item) {
                continue;
            }
            for (const auto& a : task.assignments) {
                if (a.row.assignment.unit_id.value() != by_code.at(step.unit).id.value()) {
                    continue;
                }
                app::ProgressUpdate update{step.status, step.progress, step.evidence,
                                           a.row.assignment.version};
                UNGCUU_ASSIGN_OR_RETURN(
                    updated, services.work_plans.Update(actor, a.row.assignment.id, update));
            }
        }
    }
    return core::Ok();
}

/// A provincial plan modelled on the province's incident response plan (seed 001) and a commune's
/// plan modelled on a commune's plan for the cyber-security strategy (seed 003), in the demo's
/// own words, with some progress recorded.
core::Status SeedWorkPlans(const DemoServices& services,
                           const Actor& actor,
                           const UnitsByCode& by_code) {
    using domain::AssignmentStatus;
    using domain::UnitKind;
    const int year =
        static_cast<int>(std::chrono::year_month_day{core::LocalDate(services.clock.Now())}.year());
    const auto day = [year](unsigned m, unsigned d) {
        return core::Date{std::chrono::year{year} / std::chrono::month{m} / std::chrono::day{d}};
    };

    domain::WorkPlan province;
    province.unit_id = by_code.at("DLK").id;
    province.number = "86/KH-UBND";
    province.issued_on = day(2, 20);
    province.title = fmt::format(
        "Kế hoạch ứng phó sự cố, bảo đảm an toàn thông tin mạng trên địa bàn tỉnh năm {}", year);
    province.period_from = day(1, 1);
    province.period_to = day(12, 31);
    province.legal_bases =
        "Quyết định số 05/2017/QĐ-TTg của Thủ tướng Chính phủ về hệ thống phương án ứng cứu khẩn "
        "cấp bảo đảm an toàn thông tin mạng quốc gia;\nThông tư số 20/2017/TT-BTTTT quy định về "
        "điều phối, ứng cứu sự cố an toàn thông tin mạng trên toàn quốc.";
    province.objectives =
        "Chủ động phòng ngừa và xử lý kịp thời sự cố đối với các hệ thống thông tin của tỉnh; mỗi "
        "cơ quan, địa phương biết việc phải làm, người phải làm và thời hạn hoàn thành.";
    const std::vector<DemoTask> province_tasks = {
        {"II.2",
         "Rà soát, đánh giá hiện trạng và nguy cơ mất an toàn thông tin của các hệ thống thông tin "
         "thuộc phạm vi quản lý; lập danh mục rủi ro cần xử lý.",
         {},
         {UnitKind::kDepartment, UnitKind::kCommune},
         "Sở Khoa học và Công nghệ; Đội ứng cứu sự cố tỉnh",
         "Q2",
         "Chi thường xuyên của đơn vị",
         0,
         "Báo cáo đánh giá nguy cơ"},
        {"II.3",
         "Xây dựng phương án ứng cứu theo từng kịch bản sự cố cho mỗi hệ thống cấp độ 3 trở lên.",
         {},
         {UnitKind::kDepartment},
         "Sở Khoa học và Công nghệ",
         "Q3",
         "Chi thường xuyên của đơn vị",
         0,
         "Phương án ứng cứu được phê duyệt"},
        {"II.5.a",
         "Tổ chức diễn tập thực chiến phương án ứng cứu sự cố mã độc mã hóa dữ liệu trên hệ thống "
         "dịch vụ công của tỉnh.",
         {"DLK-SKHCN", "DLK-DUCSC"},
         {},
         "Các sở, ban, ngành; VNPT Đắk Lắk",
         "yearly",
         "Ngân sách tỉnh",
         150'000'000,
         "Báo cáo kết quả diễn tập"},
        {"II.5.b",
         "Giám sát an toàn thông tin tập trung, phát hiện sớm tấn công vào các hệ thống của tỉnh.",
         {"DLK-SOC"},
         {},
         "Đội ứng cứu sự cố tỉnh",
         "continuous",
         "Ngân sách tỉnh",
         0,
         "Báo cáo giám sát hằng tháng"},
        {"II.5.c",
         "Gia hạn bản quyền công cụ phân tích mã độc và thiết bị lưu trữ chứng cứ phục vụ ứng cứu.",
         {"DLK-SKHCN"},
         {},
         "Sở Tài chính",
         "11-30",
         "Ngân sách tỉnh",
         450'000'000,
         "Hợp đồng, biên bản nghiệm thu"},
    };
    const std::vector<DemoProgress> province_progress = {
        {"DLK-BMT", "II.2", AssignmentStatus::kDone, 100,
         "Báo cáo số 45/BC-UBND về đánh giá nguy cơ 03 hệ thống của phường."},
        {"DLK-SYT", "II.2", AssignmentStatus::kDone, 100,
         "Báo cáo số 112/BC-SYT; danh mục 9 rủi ro kèm biện pháp xử lý."},
        {"DLK-HOAPHU", "II.2", AssignmentStatus::kInProgress, 60, ""},
        {"DLK-SYT", "II.3", AssignmentStatus::kInProgress, 40, ""},
        {"DLK-SKHCN", "II.5.a", AssignmentStatus::kDone, 100,
         "Diễn tập ngày 24/10; biên bản và báo cáo số 301/BC-SKHCN."},
        {"DLK-DUCSC", "II.5.a", AssignmentStatus::kInProgress, 80, ""},
        {"DLK-SKHCN", "II.5.c", AssignmentStatus::kInProgress, 70, ""},
    };
    UNGCUU_RETURN_IF_ERROR(SeedPlan(services, actor, by_code, std::move(province), province_tasks,
                                    province_progress, year));

    domain::WorkPlan commune;
    commune.unit_id = by_code.at("DLK-HOAPHU").id;
    commune.number = "25/KH-UBND";
    commune.issued_on = day(3, 5);
    commune.title = fmt::format(
        "Kế hoạch thực hiện Chiến lược An toàn, An ninh mạng quốc gia trên địa bàn xã năm {}",
        year);
    commune.period_from = day(1, 1);
    commune.period_to = day(12, 31);
    commune.legal_bases =
        "Kế hoạch của UBND tỉnh về an toàn, an ninh mạng; chỉ đạo của Chủ tịch "
        "UBND xã.";
    commune.objectives =
        "Cán bộ, học sinh và người dân trên địa bàn biết tự bảo vệ trên mạng; "
        "các máy tính của xã được cập nhật và giám sát.";
    const std::vector<DemoTask> commune_tasks = {
        {"II.1",
         "Tuyên truyền kỹ năng an toàn trên mạng cho cán bộ, học sinh và người dân (loa truyền "
         "thanh, trang thông tin của xã, sinh hoạt thôn buôn).",
         {"DLK-HOAPHU"},
         {},
         "Công an xã; Trường THCS Hòa Phú; Đoàn Thanh niên xã",
         "yearly",
         "Ngân sách xã",
         10'000'000,
         "Số buổi, số người được tuyên truyền"},
        {"II.2",
         "Cài đặt, cập nhật phần mềm phòng chống mã độc và bản vá cho các máy tính bộ phận một "
         "cửa.",
         {"DLK-HOAPHU"},
         {},
         "Công chức Văn hóa - Thông tin; VNPT Đắk Lắk",
         "Q3",
         "Ngân sách xã",
         15'000'000,
         "Danh sách máy đã cập nhật"},
        {"II.3",
         "Phối hợp với Công an xã theo dõi, xử lý tin giả và thông tin xấu độc liên quan đến địa "
         "phương.",
         {"DLK-HOAPHU"},
         {},
         "Công an xã",
         "continuous",
         "",
         0,
         ""},
        {"IV.2",
         "Tổng hợp kết quả thực hiện kế hoạch của các bộ phận, báo cáo UBND tỉnh (qua Sở Khoa học "
         "và Công nghệ).",
         {"DLK-HOAPHU"},
         {},
         "Công an xã; Công chức Văn hóa - Thông tin",
         "10-10",
         "",
         0,
         "Báo cáo kết quả thực hiện"},
    };
    const std::vector<DemoProgress> commune_progress = {
        {"DLK-HOAPHU", "II.2", AssignmentStatus::kInProgress, 50, ""},
        {"DLK-HOAPHU", "IV.2", AssignmentStatus::kDone, 100,
         "Báo cáo số 31/BC-UBND gửi Sở Khoa học và Công nghệ."},
    };
    return SeedPlan(services, actor, by_code, std::move(commune), commune_tasks, commune_progress,
                    year);
}

}  // namespace

core::Status SeedDemoRegistry(const DemoServices& services);
core::Status SeedDemoIncidents(const DemoServices& services);

/// The network duties already met: the department's profile filed this year and the contacts
/// the demo names notified to the coordinator; one coordination order being carried out.
core::Status SeedNetwork(const DemoServices& services,
                         const Actor& actor,
                         const UnitsByCode& by_code) {
    const auto today = core::LocalDate(services.clock.Now());
    domain::MemberProfile profile;
    profile.unit_id = by_code.at("DLK-SKHCN").id;
    profile.capability =
        "Đơn vị chuyên trách ứng cứu sự cố của tỉnh: đội ứng cứu 7 người, trực 24/7, giám sát an "
        "toàn thông tin cho các hệ thống cấp độ 3 của tỉnh.";
    profile.activity = "Quản lý nhà nước về an toàn thông tin mạng trên địa bàn tỉnh.";
    profile.submitted_on = today - std::chrono::days(60);
    UNGCUU_ASSIGN_OR_RETURN(saved, services.network.SaveProfile(actor, profile));
    for (const char* unit : {"DLK-SKHCN", "DLK-HOAPHU"}) {
        UNGCUU_ASSIGN_OR_RETURN(sent,
                                services.network.SendContactNotice(actor, by_code.at(unit).id));
    }
    app::NewOrder order;
    order.order.receiving_unit_id = by_code.at("DLK").id;
    order.order.issuer = "Cơ quan điều phối quốc gia về ứng cứu sự cố";
    order.order.number = "215/ĐP-ƯCSC";
    order.order.issued_on = today;
    order.order.subject =
        "Rà soát, vá lỗ hổng nghiêm trọng trên máy chủ web dùng Apache HTTP Server";
    order.order.actions =
        "Rà soát các máy chủ web đang dùng Apache HTTP Server; cập nhật bản vá mới nhất; báo cáo "
        "kết quả kèm danh sách máy chủ đã cập nhật.";
    order.order.deadline = core::EndOfLocalDay(today + std::chrono::days(5));
    for (const char* unit : {"DLK-SKHCN", "DLK-HOAPHU", "DLK-EAKAO"}) {
        order.addressees.push_back(by_code.at(unit).id);
    }
    UNGCUU_ASSIGN_OR_RETURN(recorded, services.network.RecordOrder(actor, std::move(order)));
    return core::Ok();
}

/// The province runs Mẫu 05 (six-monthly and yearly) and its plan's yearly report for the whole
/// tree; for this year's plan report two wards and the health department have reported — one
/// accepted, two waiting for the province — and the other units have not.
core::Status SeedPeriodic(const DemoServices& services,
                          const Actor& actor,
                          const UnitsByCode& by_code) {
    const auto province = by_code.at("DLK").id;
    for (const char* regime : {"tt20-mau05-half", "tt20-mau05-year", "plan-province-year"}) {
        UNGCUU_ASSIGN_OR_RETURN(adopted, services.periodic.Adopt(actor, regime, province));
    }
    const std::chrono::year_month_day today{core::LocalDate(services.clock.Now())};
    const auto year = std::to_string(static_cast<int>(today.year()));

    struct Filed {
        const char* unit;
        const char* narrative;
        bool accept;
    };

    constexpr Filed kFiled[] = {
        {"DLK-BMT",
         "Hoàn thành rà soát 14 máy trạm bộ phận một cửa; cập nhật bản vá hệ điều hành hằng "
         "tháng; 02 cán bộ tham gia lớp tập huấn an toàn thông tin của tỉnh.",
         true},
        {"DLK-TANAN",
         "Đã phổ biến kế hoạch đến các bộ phận; sao lưu dữ liệu trang thông tin điện tử hằng "
         "tuần; chưa bố trí được kinh phí thuê dịch vụ giám sát.",
         false},
        {"DLK-SYT",
         "Triển khai phần mềm phòng chống mã độc tập trung cho 120 máy trạm của các đơn vị "
         "trực thuộc; tổ chức 01 buổi diễn tập phòng chống mã độc mã hóa dữ liệu.",
         false},
    };
    for (const auto& filed : kFiled) {
        app::ReportText text;
        text.narrative = filed.narrative;
        text.proposals = "Đề nghị Sở hỗ trợ đào tạo thêm về xử lý sự cố mã độc.";
        const auto unit = by_code.at(filed.unit).id;
        UNGCUU_ASSIGN_OR_RETURN(
            sent, services.periodic.Submit(actor, "plan-province-year", year, unit, text));
        if (filed.accept) {
            UNGCUU_ASSIGN_OR_RETURN(accepted, services.periodic.Review(actor, "plan-province-year",
                                                                       year, unit, true, ""));
        }
    }
    return core::Ok();
}

/// The provincial response team: the department's head of IT as its leader, the team's
/// responders and the department's security officer taking weekly turns on call from this
/// week's Monday, and the telecom operator's engineer as a contractor on call for them.
core::Status SeedTeam(const DemoServices& services,
                      const Actor& actor,
                      const UnitsByCode& by_code) {
    struct TeamPerson {
        const char* unit;
        const char* name;
        const char* position;
        const char* mobile;
        const char* email;
        const char* skills;
        const char* organisation;
        domain::TeamRole role;
        bool on_call;
    };

    const TeamPerson kTeamPeople[] = {
        {"DLK-SKHCN", "Trần Thị Mai", "", "", "", "Điều phối ứng cứu; quản lý an toàn thông tin",
         "", domain::TeamRole::kLeader, false},
        {"DLK-DUCSC", "Đỗ Minh Tuấn", "Kỹ sư ứng cứu sự cố", "0905 246 810",
         "tuandm@daklak.example.vn", "Phân tích nhật ký, điều tra số, xử lý mã độc", "",
         domain::TeamRole::kMember, true},
        {"DLK-SKHCN", "Lê Quốc Bảo", "", "", "", "Quản trị mạng, tường lửa, giám sát", "",
         domain::TeamRole::kMember, true},
        {"DLK-DUCSC", "Võ Thanh Sơn", "Kỹ sư hệ thống", "0914 135 790", "sonvt@daklak.example.vn",
         "Sao lưu, khôi phục, máy chủ Linux và Windows", "", domain::TeamRole::kMember, true},
        {"DLK-DUCSC", "Nguyễn Hải Nam", "Kỹ sư an ninh mạng", "0945 864 203",
         "namnh@vnpt.example.vn", "Chặn lọc tấn công từ chối dịch vụ trên đường truyền",
         "VNPT Đắk Lắk", domain::TeamRole::kContractor, false},
    };

    domain::Team team;
    team.unit_id = by_code.at("DLK").id;
    team.name = "Đội ứng cứu sự cố an toàn thông tin mạng tỉnh";
    team.duties =
        "Tiếp nhận, xác minh và điều phối ứng cứu sự cố trên địa bàn tỉnh; trực 24/7 theo lịch; "
        "hỗ trợ các sở, ngành, xã, phường khi sự cố vượt khả năng xử lý.";
    team.ack_minutes = 15;
    UNGCUU_ASSIGN_OR_RETURN(created, services.teams.Create(actor, team));
    std::vector<domain::TeamMemberId> rotation;
    for (const auto& demo : kTeamPeople) {
        const auto unit = by_code.at(demo.unit).id;
        UNGCUU_ASSIGN_OR_RETURN(people, services.people.List(actor, unit));
        auto found = std::find_if(people.begin(), people.end(), [&](const domain::Person& p) {
            return p.full_name == demo.name;
        });
        domain::PersonId person_id;
        if (found != people.end()) {
            person_id = found->id;
        } else {
            domain::Person person;
            person.unit_id = unit;
            person.full_name = demo.name;
            person.position = demo.position;
            person.mobile_phone = demo.mobile;
            person.email = demo.email;
            UNGCUU_ASSIGN_OR_RETURN(added, services.people.Create(actor, person));
            person_id = added.id;
        }
        domain::TeamMember member;
        member.team_id = created.team.id;
        member.person_id = person_id;
        member.role = demo.role;
        member.skills = demo.skills;
        member.organisation = demo.organisation;
        member.on_call = demo.on_call;
        member.certificates = demo.role == domain::TeamRole::kContractor ? "CCNP Security" : "";
        UNGCUU_ASSIGN_OR_RETURN(view, services.teams.AddMember(actor, member));
        if (demo.on_call) {
            for (const auto& m : view.members) {
                if (m.person_id == person_id) {
                    rotation.push_back(m.id);
                }
            }
        }
    }
    // From this week's Monday (the week before, early on a Monday, before the 08:00 handover):
    // the first member is on call now.
    const auto now = services.clock.Now();
    const auto today = core::LocalDate(now);
    const auto weekday = std::chrono::weekday{today}.iso_encoding();  // Monday 1 … Sunday 7
    auto monday = today - std::chrono::days(weekday - 1);
    if (now < core::StartOfLocalDay(monday) + std::chrono::hours(domain::kHandoverHour)) {
        monday -= std::chrono::days(7);
    }
    UNGCUU_ASSIGN_OR_RETURN(rostered,
                            services.teams.Rotate(actor, created.team.id, monday, 9, rotation));
    return core::Ok();
}

/// This year's training and awareness: the province's awareness course two months ago attended
/// by the officials of the department, the response team and Hòa Phú commune; the team's
/// specialist course with three-year certificates; two campaigns for citizens (the province's
/// portal, Hòa Phú's loudspeakers); the province's targets with its IT and security budgets.
core::Status SeedTraining(const DemoServices& services,
                          const Actor& actor,
                          const UnitsByCode& by_code) {
    const auto today = core::LocalDate(services.clock.Now());
    const int year = static_cast<int>(std::chrono::year_month_day{today}.year());
    // Within this year, however early in it the demo starts.
    const core::Date first_of_year{std::chrono::year{year} / std::chrono::January / 1};
    const auto day = std::max(first_of_year, today - std::chrono::days(60));
    const auto province = by_code.at("DLK").id;

    const auto attend = [&](domain::CourseId course, const char* unit,
                            const std::vector<std::string>& names, const char* certificate,
                            std::optional<core::Date> until) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(people, services.people.List(actor, by_code.at(unit).id));
        std::vector<domain::CourseAttendee> attendees;
        for (const auto& p : people) {
            const bool named =
                names.empty() || std::find(names.begin(), names.end(), p.full_name) != names.end();
            if (p.active && named) {
                domain::CourseAttendee a;
                a.person_id = p.id;
                a.certificate = certificate;
                a.certificate_until = until;
                attendees.push_back(std::move(a));
            }
        }
        if (attendees.empty()) {
            return core::Ok();
        }
        UNGCUU_ASSIGN_OR_RETURN(view, services.training.AddAttendees(actor, course, attendees));
        return core::Ok();
    };

    domain::Course awareness;
    awareness.unit_id = province;
    awareness.topic = "Nhận diện thư điện tử lừa đảo, mã độc và xử lý sự cố đơn giản";
    awareness.provider = "Sở Khoa học và Công nghệ";
    awareness.from = day;
    awareness.to = day;
    awareness.hours = 8;
    awareness.kind = domain::CourseKind::kAwareness;
    awareness.cost = 35'000'000;
    UNGCUU_ASSIGN_OR_RETURN(course, services.training.CreateCourse(actor, awareness));
    for (const char* unit : {"DLK-SKHCN", "DLK-DUCSC", "DLK-HOAPHU"}) {
        UNGCUU_RETURN_IF_ERROR(attend(course.course.id, unit, {}, "", std::nullopt));
    }

    domain::Course specialist;
    specialist.unit_id = province;
    specialist.topic = "Điều tra số và phân tích mã độc cho đội ứng cứu";
    specialist.provider = "Trung tâm Giám sát an toàn không gian mạng quốc gia";
    specialist.from = day + std::chrono::days(7);
    specialist.to = day + std::chrono::days(11);
    specialist.hours = 40;
    specialist.kind = domain::CourseKind::kSpecialist;
    specialist.cost = 120'000'000;
    UNGCUU_ASSIGN_OR_RETURN(deep, services.training.CreateCourse(actor, specialist));
    const auto until = core::AddMonths(specialist.to, 36);
    UNGCUU_RETURN_IF_ERROR(attend(deep.course.id, "DLK-DUCSC", {"Đỗ Minh Tuấn", "Võ Thanh Sơn"},
                                  "Chứng chỉ Điều tra số cơ bản", until));
    UNGCUU_RETURN_IF_ERROR(attend(deep.course.id, "DLK-SKHCN", {"Lê Quốc Bảo"},
                                  "Chứng chỉ Điều tra số cơ bản", until));

    domain::Campaign portal;
    portal.unit_id = province;
    portal.title = "Chuyên mục \"Cảnh giác lừa đảo trực tuyến\" trên Cổng thông tin điện tử tỉnh";
    portal.audience = domain::Audience::kCitizens;
    portal.channel = "website";
    portal.day = day + std::chrono::days(3);
    portal.reach = 18'500;
    portal.cost = 5'000'000;
    UNGCUU_ASSIGN_OR_RETURN(held, services.training.CreateCampaign(actor, portal));
    domain::Campaign radio;
    radio.unit_id = by_code.at("DLK-HOAPHU").id;
    radio.title = "Phát thanh nhận diện cuộc gọi, tin nhắn giả mạo cơ quan nhà nước";
    radio.audience = domain::Audience::kCitizens;
    radio.channel = "radio";
    radio.day = day + std::chrono::days(10);
    radio.reach = 4'200;
    UNGCUU_ASSIGN_OR_RETURN(aired, services.training.CreateCampaign(actor, radio));

    auto targets = domain::DefaultTargets(province, domain::UnitKind::kProvince, year);
    targets.trained_percent = 80;
    targets.it_budget = 12'000'000'000;
    targets.security_budget = 1'500'000'000;
    UNGCUU_ASSIGN_OR_RETURN(set, services.training.SetTargets(actor, targets));
    return core::Ok();
}

/// A warning of the province to the communes' web pages, answered by two of them.
core::Status SeedWarning(const DemoServices& services,
                         const Actor& actor,
                         const UnitsByCode& by_code) {
    domain::Warning w;
    w.issuer = by_code.at("DLK").id;
    w.title = "Lỗ hổng trong mô-đun quản trị của trang thông tin điện tử cấp xã";
    w.severity = domain::WarningSeverity::kHigh;
    w.description =
        "Mô-đun quản trị nội dung dùng chung cho trang thông tin các xã cho phép tải tệp lên mà "
        "không kiểm tra định dạng; đã ghi nhận việc khai thác để chèn liên kết cờ bạc.";
    w.actions =
        "Cập nhật mô-đun lên phiên bản 3.4.2; đổi mật khẩu quản trị; rà soát thư mục tải lên và "
        "báo cáo kết quả cho từng trang.";
    w.deadline = services.clock.Now() + std::chrono::hours(48);
    w.references = {"CVE-2026-31245", "https://vncert.example.vn/canh-bao/2026-118"};
    w.indicators = {{domain::ObservableKind::kIp, "198.51.100.23"},
                    {domain::ObservableKind::kDomain, "cdn-update.example.net"}};
    w.tlp = domain::Tlp::kAmber;
    w.target.root = w.issuer;
    w.target.kinds = {domain::UnitKind::kCommune};
    w.target.traits.services = {"web"};
    // What the exploitation looks like in a commune's web log, for the communes that run it.
    w.sigma_rules =
        "title: Tải tệp kịch bản lên thư mục của mô-đun quản trị (script uploaded through the "
        "admin module)\n"
        "id: 7a2d9c4e-3f1b-4e8a-b6d0-2c5e8f1a9b3d\n"
        "level: high\n"
        "logsource:\n  category: webserver\n"
        "detection:\n"
        "  upload:\n    cs-method: POST\n    cs-uri-stem|contains: '/quan-tri/upload'\n"
        "  script:\n    cs-uri-stem|endswith: ['.php', '.phtml', '.aspx']\n"
        "  condition: upload and script\n";
    UNGCUU_ASSIGN_OR_RETURN(view, services.warnings.Issue(actor, std::move(w)));
    // Ea Kao, still affected, runs the rules sent with warnings on its logs.
    UNGCUU_RETURN_IF_ERROR(
        services.detection.SetWarningRules(actor, by_code.at("DLK-EAKAO").id, true));
    const auto answer = [&](const char* unit, domain::WarningAnswer given,
                            const char* evidence) -> core::Status {
        for (const auto& item : view.items) {
            if (item.item.unit == by_code.at(unit).id) {
                UNGCUU_ASSIGN_OR_RETURN(
                    answered, services.warnings.Answer(actor, item.item.id, given, evidence));
            }
        }
        return core::Ok();
    };
    UNGCUU_RETURN_IF_ERROR(answer("DLK-HOAPHU", domain::WarningAnswer::kFixed,
                                  "Đã cập nhật 3.4.2 và đổi mật khẩu quản trị."));
    return answer("DLK-EAKAO", domain::WarningAnswer::kAffected,
                  "Phiên bản 3.3.9 bị ảnh hưởng; đã đặt lịch cập nhật với nhà cung cấp.");
}

core::Result<std::vector<DemoAccount>> SeedDemo(const DemoServices& services) {
    const Actor actor = Actor::Cli();
    const bool seeded = services.units.GetByCode(actor, "DLK").ok();
    UNGCUU_ASSIGN_OR_RETURN(by_code, SeedUnits(services.units, actor));
    if (!seeded) {
        UNGCUU_RETURN_IF_ERROR(SeedPeople(services.people, actor, by_code));
    }
    UNGCUU_ASSIGN_OR_RETURN(accounts, SeedUsers(services.users, actor, by_code, seeded));
    UNGCUU_RETURN_IF_ERROR(SeedDemoRegistry(services));
    UNGCUU_RETURN_IF_ERROR(SeedDemoIncidents(services));
    UNGCUU_RETURN_IF_ERROR(SeedLogSources(services, actor, by_code));
    if (!seeded) {
        UNGCUU_RETURN_IF_ERROR(SeedNetwork(services, actor, by_code));
        UNGCUU_RETURN_IF_ERROR(SeedWorkPlans(services, actor, by_code));
        UNGCUU_RETURN_IF_ERROR(SeedTeam(services, actor, by_code));
        UNGCUU_RETURN_IF_ERROR(SeedTraining(services, actor, by_code));
        UNGCUU_RETURN_IF_ERROR(SeedPeriodic(services, actor, by_code));
        UNGCUU_RETURN_IF_ERROR(SeedWarning(services, actor, by_code));
    }
    return accounts;
}

}  // namespace ungcuu::demo
