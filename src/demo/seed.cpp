#include "demo/seed.hpp"

#include <chrono>
#include <map>
#include <string>

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
};

constexpr DemoUser kUsers[] = {
    {"quantri", "Quản trị hệ thống", "DLK-SKHCN", "DLK", domain::Role::kAdmin},
    {"dieuphoi", "Trần Thị Mai", "DLK-SKHCN", "DLK", domain::Role::kCoordinator},
    {"ungcuu", "Đỗ Minh Tuấn", "DLK-DUCSC", "DLK", domain::Role::kResponder},
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
        UNGCUU_RETURN_IF_ERROR(SeedPeriodic(services, actor, by_code));
    }
    return accounts;
}

}  // namespace ungcuu::demo
