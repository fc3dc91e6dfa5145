// The registry part of the demo province (see demo_seed.hpp): systems, dossiers in several
// stages, protection layers, assessments, inventory and risks, dated relative to today.
#include <fmt/format.h>

#include <map>

#include "demo/seed.hpp"

namespace ungcuu::demo {

using namespace ungcuu::app;  // NOLINT(google-build-using-namespace): the seed speaks the services'
                              // language

namespace {

struct DemoSystem {
    const char* code;
    const char* owner;
    const char* operator_unit;  // nullptr: operated by the owner
    const char* name_vi;
    domain::SystemClass system_class;
    std::vector<domain::InfoClass> info;
    std::int64_t users;
    int online_level;
    bool always_on;
    const char* domain_name;
    const char* ip;
    std::vector<std::string> services;
    std::vector<std::string> measures;
};

std::string DemoPdf(std::string_view title) {
    return fmt::format(
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Title ({}) >>\nendobj\ntrailer\n<< /Root 1 0 R "
        ">>\n%%EOF\n",
        title);
}

/// What the seeding steps share: the services, the units by code and the systems created.
struct RegistrySeed {
    const DemoServices& services;
    Actor actor;
    std::map<std::string, domain::Unit, std::less<>> units;
    std::map<std::string, domain::SystemId, std::less<>> ids;
    core::Date today;
};

std::vector<DemoSystem> DemoSystems() {
    using domain::InfoClass;
    using domain::SystemClass;
    return {
        {"DLK-CONG-TTDT",
         "DLK-VP",
         "DLK-VNPT",
         "Cổng thông tin điện tử tỉnh Đắk Lắk",
         SystemClass::kCitizenService,
         {InfoClass::kPublic},
         0,
         0,
         true,
         "daklak.example.vn",
         "203.0.113.10",
         {"web", "database"},
         {"firewall", "waf", "antivirus", "backup"}},
        {"DLK-DVC",
         "DLK-VP",
         "DLK-VNPT",
         "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
         SystemClass::kCitizenService,
         {InfoClass::kPersonal, InfoClass::kPrivate},
         150000,
         4,
         true,
         "dichvucong.daklak.example.vn",
         "203.0.113.11",
         {"web", "database"},
         {"firewall", "waf", "ids_ips", "backup", "siem"}},
        {"DLK-QLVB",
         "DLK-VP",
         nullptr,
         "Hệ thống quản lý văn bản và điều hành",
         SystemClass::kInternal,
         {InfoClass::kPrivate},
         0,
         0,
         false,
         "qlvb.daklak.example.vn",
         "203.0.113.12",
         {"web", "database"},
         {"firewall", "antivirus", "backup"}},
        {"DLK-MAIL",
         "DLK-SKHCN",
         nullptr,
         "Hệ thống thư điện tử công vụ tỉnh",
         SystemClass::kInternal,
         {InfoClass::kPrivate},
         0,
         0,
         true,
         "mail.daklak.example.vn",
         "203.0.113.13",
         {"mail"},
         {"firewall", "antivirus"}},
        {"DLK-SYT-HIS",
         "DLK-SYT",
         nullptr,
         "Hệ thống quản lý thông tin y tế",
         SystemClass::kCitizenService,
         {InfoClass::kPersonal},
         8000,
         2,
         false,
         "his.syt.daklak.example.vn",
         "203.0.113.20",
         {"web", "database"},
         {"firewall"}},
    };
}

core::Status SeedSystem(RegistrySeed& seed, const DemoSystem& demo) {
    domain::InformationSystem s;
    s.code = demo.code;
    s.name_vi = demo.name_vi;
    s.owner_unit_id = seed.units.at(demo.owner).id;
    if (demo.operator_unit != nullptr) {
        s.operator_unit_id = seed.units.at(demo.operator_unit).id;
    }
    s.vendor = "VNPT Đắk Lắk";
    s.facts.system_class = demo.system_class;
    s.facts.info_classes = demo.info;
    s.facts.user_count = demo.users;
    s.facts.online_service_level = demo.online_level;
    s.facts.requires_24_7 = demo.always_on;
    s.domains = {demo.domain_name};
    s.public_ips = {demo.ip};
    s.services = demo.services;
    s.security_measures = demo.measures;
    s.operating_systems = "Ubuntu Server 22.04; Windows Server 2019";
    s.isp = "VNPT";
    s.security_provider = demo.operator_unit != nullptr ? "VNPT Đắk Lắk" : "";
    UNGCUU_ASSIGN_OR_RETURN(created, seed.services.systems.Create(seed.actor, std::move(s)));
    seed.ids[demo.code] = created.system.id;
    return core::Ok();
}

/// The province's systems and each commune's web page.
core::Status SeedSystems(RegistrySeed& seed) {
    using domain::InfoClass;
    using domain::SystemClass;
    for (const auto& demo : DemoSystems()) {
        UNGCUU_RETURN_IF_ERROR(SeedSystem(seed, demo));
    }
    // Each commune's web page.
    int host = 30;
    for (const char* commune :
         {"DLK-BMT", "DLK-TANAN", "DLK-HOAPHU", "DLK-EAKAO", "DLK-KRONGPAC"}) {
        const auto& unit = seed.units.at(commune);
        std::string slug = std::string(commune).substr(4);
        for (auto& c : slug) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        const std::string code = std::string(commune) + "-WEB";
        const std::string name = "Trang thông tin điện tử " + unit.name_vi;
        const std::string domain_name = slug + ".daklak.example.vn";
        const std::string ip = fmt::format("203.0.113.{}", host++);
        UNGCUU_RETURN_IF_ERROR(SeedSystem(seed, {code.c_str(),
                                                 commune,
                                                 "DLK-VNPT",
                                                 name.c_str(),
                                                 SystemClass::kCitizenService,
                                                 {InfoClass::kPublic},
                                                 0,
                                                 0,
                                                 false,
                                                 domain_name.c_str(),
                                                 ip.c_str(),
                                                 {"web"},
                                                 {"firewall"}}));
    }
    return core::Ok();
}

core::Status SeedDossier(const RegistrySeed& seed,
                         const char* system,
                         const std::vector<domain::DossierAction>& actions,
                         std::string_view justification) {
    const domain::UnitId reviewer = seed.units.at("DLK-SKHCN").id;
    auto dossier = seed.services.dossiers.Create(
        seed.actor, {seed.ids.at(system), reviewer, std::nullopt, std::string(justification)});
    if (!dossier.ok()) {
        return std::move(dossier).error();
    }
    for (const auto* slot : dossier->required) {
        auto uploaded = seed.services.dossiers.Upload(
            seed.actor, dossier->dossier.id, slot->code, slot->code + ".pdf",
            DemoPdf(fmt::format("{} - {}", system, slot->code)));
        if (!uploaded.ok()) {
            return std::move(uploaded).error();
        }
    }
    for (const auto action : actions) {
        const char* note =
            action == domain::DossierAction::kApprove
                ? "Quyết định số 125/QĐ-UBND ngày 15/3/2026"
                : (action == domain::DossierAction::kAppraise ? "Thống nhất đề xuất cấp độ" : "");
        UNGCUU_ASSIGN_OR_RETURN(
            acted, seed.services.dossiers.Act(seed.actor, dossier->dossier.id, action, note));
    }
    return core::Ok();
}

/// Dossiers in several stages; the specialised department reviews them.
core::Status SeedDossiers(const RegistrySeed& seed) {
    using domain::DossierAction;
    UNGCUU_RETURN_IF_ERROR(
        SeedDossier(seed, "DLK-DVC",
                    {DossierAction::kSubmit, DossierAction::kAccept, DossierAction::kAppraise,
                     DossierAction::kApprove},
                    "Dịch vụ công trực tuyến mức độ 4, trên 10.000 người dùng, có dữ "
                    "liệu cá nhân (NĐ 85/2016 Điều 9)."));
    UNGCUU_RETURN_IF_ERROR(SeedDossier(seed, "DLK-CONG-TTDT",
                                       {DossierAction::kSubmit, DossierAction::kAccept,
                                        DossierAction::kAppraise, DossierAction::kApprove},
                                       "Cổng thông tin cung cấp thông tin công cộng."));
    UNGCUU_RETURN_IF_ERROR(SeedDossier(seed, "DLK-QLVB",
                                       {DossierAction::kSubmit, DossierAction::kAccept},
                                       "Hệ thống nội bộ xử lý thông tin riêng."));
    UNGCUU_RETURN_IF_ERROR(
        SeedDossier(seed, "DLK-MAIL", {DossierAction::kSubmit}, "Thư điện tử công vụ."));
    UNGCUU_RETURN_IF_ERROR(SeedDossier(seed, "DLK-HOAPHU-WEB", {}, "Trang thông tin của xã."));
    return core::Ok();
}

struct DemoLayer {
    const char* unit;
    int layer;
    domain::LayerState state;
    const char* provider;
    const char* evidence;
};

constexpr DemoLayer kLayers[] = {
    {"DLK-SKHCN", 1, domain::LayerState::kInPlace, "Phòng CNTT - Sở KH&CN",
     "Quyết định 45/QĐ-SKHCN phân công đơn vị chuyên trách"},
    {"DLK-SKHCN", 2, domain::LayerState::kInPlace, "VNPT Đắk Lắk (SOC)", "Hợp đồng 12/2025/HĐ-SOC"},
    {"DLK-SKHCN", 3, domain::LayerState::kInPlace, "Công ty kiểm định độc lập",
     "Hợp đồng 07/2026/HĐ-KTĐG"},
    {"DLK-SKHCN", 4, domain::LayerState::kInPlace, "Trung tâm Giám sát quốc gia",
     "Biên bản kết nối ngày 10/6/2025"},
    {"DLK-VP", 1, domain::LayerState::kInPlace, "Bộ phận CNTT Văn phòng", "Quyết định 12/QĐ-VP"},
    {"DLK-VP", 2, domain::LayerState::kPartial, "VNPT Đắk Lắk", ""},
    {"DLK-HOAPHU", 1, domain::LayerState::kPartial, "Công chức Văn hóa - Xã hội", ""},
};

struct DemoAssessment {
    const char* system;  // nullptr: overall assessment of `unit`
    const char* unit;
    const char* performer;
    domain::DueKind kind;
    int days_ago;
    bool licensed;
};

constexpr DemoAssessment kAssessments[] = {
    {.system = "DLK-DVC",
     .unit = "DLK-VP",
     .performer = "Đội ứng cứu sự cố tỉnh",
     .kind = domain::DueKind::kScan,
     .days_ago = 120,
     .licensed = false},
    {.system = "DLK-DVC",
     .unit = "DLK-VP",
     .performer = "Công ty kiểm định độc lập (được cấp phép)",
     .kind = domain::DueKind::kSystemAssessment,
     .days_ago = 340,
     .licensed = true},
    {.system = "DLK-DVC",
     .unit = "DLK-VP",
     .performer = "Đội ứng cứu sự cố tỉnh",
     .kind = domain::DueKind::kDrill,
     .days_ago = 300,
     .licensed = false},
    {.system = "DLK-CONG-TTDT",
     .unit = "DLK-VP",
     .performer = "Đội ứng cứu sự cố tỉnh",
     .kind = domain::DueKind::kScan,
     .days_ago = 200,
     .licensed = false},
    {.system = "DLK-MAIL",
     .unit = "DLK-SKHCN",
     .performer = "Đội ứng cứu sự cố tỉnh",
     .kind = domain::DueKind::kScan,
     .days_ago = 60,
     .licensed = false},
    {.system = nullptr,
     .unit = "DLK-SKHCN",
     .performer = "Công ty kiểm định độc lập (được cấp phép)",
     .kind = domain::DueKind::kOverallAssessment,
     .days_ago = 400,
     .licensed = true},
    {.system = nullptr,
     .unit = "DLK-VP",
     .performer = "Công ty kiểm định độc lập (được cấp phép)",
     .kind = domain::DueKind::kOverallAssessment,
     .days_ago = 800,
     .licensed = true},
};

struct DemoItem {
    const char* unit;
    domain::InventoryKind kind;
    const char* name;
    const char* location;
    const char* serial;
    int expires_in_days;  // 0: no expiry
    bool sensitive;
};

constexpr DemoItem kItems[] = {
    {"DLK-VP", domain::InventoryKind::kServer, "Máy chủ Dell PowerEdge R750", "Phòng máy chủ",
     "SRV-VP-01", 420, false},
    {"DLK-VP", domain::InventoryKind::kNetworkDevice, "Tường lửa FortiGate 200F", "Phòng máy chủ",
     "FGT-200F-7731", 21, false},
    {"DLK-VP", domain::InventoryKind::kAntivirus, "Bản quyền phần mềm diệt virus (150 máy)",
     "Toàn cơ quan", "AV-VP-2026", 12, false},
    {"DLK-VP", domain::InventoryKind::kComputer, "Máy tính soạn thảo văn bản mật",
     "Phòng Hành chính", "PC-MAT-01", 0, true},
    {"DLK-SKHCN", domain::InventoryKind::kSoftware, "Microsoft Windows Server 2019",
     "Phòng máy chủ", "LIC-WS2019-04", 300, false},
    {"DLK-SKHCN", domain::InventoryKind::kAntivirus, "Bản quyền diệt virus máy chủ",
     "Phòng máy chủ", "AV-SRV-09", -5, false},
    {"DLK-SKHCN", domain::InventoryKind::kPrinter, "Máy in HP LaserJet M404", "Phòng CNTT",
     "HP-M404-3321", 0, false},
    {"DLK-HOAPHU", domain::InventoryKind::kComputer, "Máy tính bộ phận một cửa", "Bộ phận một cửa",
     "PC-HP-01", 0, false},
    {"DLK-HOAPHU", domain::InventoryKind::kAntivirus, "Bản quyền diệt virus (10 máy)", "UBND xã",
     "AV-HP-10", 25, false},
    {"DLK-HOAPHU", domain::InventoryKind::kCamera, "Camera giám sát phòng họp", "Phòng họp",
     "CAM-HP-02", 0, true},
    {"DLK-BMT", domain::InventoryKind::kScanner, "Máy quét tài liệu Fujitsu fi-7160",
     "Bộ phận một cửa", "FI7160-551", 0, false},
    {"DLK-BMT", domain::InventoryKind::kNetworkDevice, "Bộ định tuyến Cisco ISR 1100", "Phòng máy",
     "ISR-1100-88", 200, false},
};

struct DemoRisk {
    const char* system;
    const char* scenario;
    int likelihood;
    int impact;
    const char* consequences;
    int reviewed_days_ago;
};

constexpr DemoRisk kRisks[] = {
    {"DLK-CONG-TTDT", "A5", 4, 4,
     "Giao diện cổng bị thay đổi, đăng nội dung xấu độc; ảnh hưởng uy tín chính quyền.", 30},
    {"DLK-CONG-TTDT", "A1", 3, 3, "Cổng không truy cập được trong giờ cao điểm.", 400},
    {"DLK-DVC", "A4", 3, 5, "Lộ lọt hồ sơ thủ tục hành chính và dữ liệu cá nhân của người dân.",
     60},
    {"DLK-DVC", "B1", 2, 4, "Gián đoạn tiếp nhận hồ sơ trực tuyến.", 60},
};

/// Four-layer model: complete at the province's specialised department, partial elsewhere.
core::Status SeedLayers(const RegistrySeed& seed) {
    for (const auto& demo : kLayers) {
        domain::ProtectionLayer layer;
        layer.unit_id = seed.units.at(demo.unit).id;
        layer.layer = demo.layer;
        layer.state = demo.state;
        layer.provider = demo.provider;
        layer.evidence = demo.evidence;
        layer.since = seed.today - std::chrono::days{200};
        UNGCUU_ASSIGN_OR_RETURN(set, seed.services.protection.SetLayer(seed.actor, layer));
    }
    return core::Ok();
}

/// Assessments: the portal and the procedure system are scanned and assessed; others not yet.
core::Status SeedAssessments(const RegistrySeed& seed) {
    for (const auto& demo : kAssessments) {
        domain::Assessment a;
        a.kind = demo.kind;
        a.unit_id = seed.units.at(demo.unit).id;
        if (demo.system != nullptr) {
            a.system_id = seed.ids.at(demo.system);
        }
        a.performed_on = seed.today - std::chrono::days{demo.days_ago};
        a.performer = demo.performer;
        a.licensed = demo.licensed;
        a.findings = "Không phát hiện lỗ hổng nghiêm trọng; 3 lỗ hổng mức trung bình đã khắc phục.";
        UNGCUU_ASSIGN_OR_RETURN(recorded, seed.services.protection.RecordAssessment(seed.actor, a));
    }
    return core::Ok();
}

/// Inventory, some licences expiring within the month and one already expired.
core::Status SeedInventory(const RegistrySeed& seed) {
    for (const auto& demo : kItems) {
        domain::InventoryItem item;
        item.unit_id = seed.units.at(demo.unit).id;
        item.kind = demo.kind;
        item.name = demo.name;
        item.location = demo.location;
        item.serial = demo.serial;
        if (demo.expires_in_days != 0) {
            item.expires_on = seed.today + std::chrono::days{demo.expires_in_days};
        }
        item.sensitive_place = demo.sensitive;
        if (demo.sensitive) {
            item.stamped_on = seed.today - std::chrono::days{90};
        }
        UNGCUU_ASSIGN_OR_RETURN(created, seed.services.protection.CreateItem(seed.actor, item));
    }
    return core::Ok();
}

/// Risks of the two most exposed systems, one not reviewed for over a year.
core::Status SeedRisks(const RegistrySeed& seed) {
    for (const auto& demo : kRisks) {
        domain::Risk risk;
        risk.system_id = seed.ids.at(demo.system);
        risk.scenario = demo.scenario;
        risk.likelihood = demo.likelihood;
        risk.impact = demo.impact;
        risk.consequences = demo.consequences;
        risk.people = "Đội ứng cứu sự cố tỉnh (5 người), cán bộ CNTT Văn phòng";
        risk.tools = "Hệ thống giám sát SOC, sao lưu hằng ngày";
        risk.contractors = "VNPT Đắk Lắk";
        risk.reviewed_on = seed.today - std::chrono::days{demo.reviewed_days_ago};
        UNGCUU_ASSIGN_OR_RETURN(created, seed.services.protection.CreateRisk(seed.actor, risk));
    }
    return core::Ok();
}

}  // namespace

core::Status SeedDemoRegistry(const DemoServices& services) {
    const Actor actor = Actor::Cli();
    SystemQuery probe;
    probe.search = "DLK-DVC";
    probe.limit = 1;
    UNGCUU_ASSIGN_OR_RETURN(existing, services.systems.List(actor, probe));
    if (!existing.systems.empty()) {
        return core::Ok();  // already seeded
    }
    std::map<std::string, domain::Unit, std::less<>> units;
    for (const char* code : {"DLK", "DLK-VP", "DLK-SKHCN", "DLK-VNPT", "DLK-SYT", "DLK-BMT",
                             "DLK-TANAN", "DLK-HOAPHU", "DLK-EAKAO", "DLK-KRONGPAC"}) {
        UNGCUU_ASSIGN_OR_RETURN(unit, services.units.GetByCode(actor, code));
        units.emplace(code, std::move(unit));
    }
    RegistrySeed seed{services, actor, std::move(units), {}, core::LocalDate(services.clock.Now())};
    UNGCUU_RETURN_IF_ERROR(SeedSystems(seed));
    UNGCUU_RETURN_IF_ERROR(SeedDossiers(seed));
    UNGCUU_RETURN_IF_ERROR(SeedLayers(seed));
    UNGCUU_RETURN_IF_ERROR(SeedAssessments(seed));
    UNGCUU_RETURN_IF_ERROR(SeedInventory(seed));
    return SeedRisks(seed);
}

}  // namespace ungcuu::demo
