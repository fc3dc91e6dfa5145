// The incident part of the demo province (see demo_seed.hpp): who holds which function in the
// response network, approved defacement plans for the communes' web pages, and a few incidents
// at different steps — one being contained, one just filed by a commune, one from a citizen.
#include <fmt/format.h>

#include "demo/seed.hpp"

namespace ungcuu::demo {

using namespace ungcuu::app;  // NOLINT(google-build-using-namespace): the seed speaks the services'
                              // language

namespace {

core::Result<domain::SystemId> SystemByCode(SystemService& systems,
                                            const Actor& actor,
                                            std::string_view code) {
    SystemQuery query;
    query.search = std::string(code);
    query.limit = 5;
    UNGCUU_ASSIGN_OR_RETURN(page, systems.List(actor, query));
    for (const auto& system : page.systems) {
        if (system.code == code) {
            return system.id;
        }
    }
    return core::NotFound(fmt::format("Không có hệ thống {}.", code),
                          fmt::format("No system {}.", code));
}

domain::Party Officer(std::string name, std::string address, std::string phone, std::string email) {
    domain::Party p;
    p.name = std::move(name);
    p.address = std::move(address);
    p.phone = std::move(phone);
    p.email = std::move(email);
    return p;
}

/// The response network of the province (QĐ 05/2017 Điều 5; the plans' section on forces).
core::Status SeedRouting(const DemoServices& services, const Actor& actor) {
    using F = domain::RoutingFunction;
    const std::pair<const char*, std::vector<F>> kRouting[] = {
        {"NCSC", {F::kNationalCoordinator, F::kStandingBody}},
        {"DLK", {F::kSteering}},
        {"DLK-SKHCN", {F::kSpecialised}},
        {"DLK-DUCSC", {F::kResponseTeam}},
    };
    for (const auto& [code, functions] : kRouting) {
        UNGCUU_ASSIGN_OR_RETURN(u, services.units.GetByCode(actor, code));
        UnitRouting routing;
        routing.unit_id = u.id;
        routing.functions = functions;
        UNGCUU_ASSIGN_OR_RETURN(set, services.outbox.SetRouting(actor, routing));
    }
    return core::Ok();
}

/// A defacement plan (kịch bản A5) for a commune's web page, approved.
core::Status SeedDefacementPlan(const DemoServices& services,
                                const Actor& actor,
                                const char* commune) {
    UNGCUU_ASSIGN_OR_RETURN(u, services.units.GetByCode(actor, commune));
    UNGCUU_ASSIGN_OR_RETURN(system,
                            SystemByCode(services.systems, actor, std::string(commune) + "-WEB"));
    domain::ResponsePlan plan;
    plan.unit_id = u.id;
    plan.system_id = system;
    plan.scenario = "A5";
    plan.title = "Phương án ứng cứu sự cố thay đổi giao diện trang thông tin điện tử " + u.name_vi;
    plan.steps = {
        {"Chụp lại giao diện bị thay đổi, lưu nhật ký máy chủ web làm chứng cứ",
         "Công chức phụ trách CNTT của xã", "1b", 2},
        {"Tạm dừng trang, thay bằng trang thông báo bảo trì", "VNPT Đắk Lắk (nhà cung cấp)", "1b",
         2},
        {"Báo Sở Khoa học và Công nghệ (đơn vị chuyên trách) qua hệ thống và điện thoại",
         "Công chức phụ trách CNTT của xã", "1b", 4},
        {"Khôi phục mã nguồn và dữ liệu từ bản sao lưu gần nhất đã kiểm tra sạch",
         "VNPT Đắk Lắk (nhà cung cấp)", "3b", 24},
    };
    plan.criteria = {
        {"Giao diện hiển thị nội dung chống phá, xuyên tạc chủ trương, chính sách", true, false},
        {"Phát hiện tài khoản quản trị lạ hoặc mã độc (webshell) trên máy chủ", false, false},
    };
    plan.people = "Phạm Thị Lan (đầu mối, 0935 777 888); Lê Quốc Bảo, Sở KH&CN (0988 333 444)";
    plan.tools = "Bản sao lưu hằng ngày; công cụ quét webshell của Đội ứng cứu tỉnh";
    plan.contractors = "VNPT Đắk Lắk — hợp đồng vận hành số 12/2026/HĐ";
    plan.budget_vnd = 15'000'000;
    plan.continuity =
        "Trang được tạm dừng tối đa 24 giờ; thông báo của xã đăng tạm trên Cổng thông tin "
        "điện tử tỉnh.";
    UNGCUU_ASSIGN_OR_RETURN(saved, services.plans.Save(actor, plan));
    UNGCUU_ASSIGN_OR_RETURN(approved, services.plans.Approve(actor, saved.id));
    return core::Ok();
}

/// A DDoS on the administrative-procedure system, being contained.
core::Status SeedContainedDdos(const DemoServices& services,
                               const Actor& actor,
                               core::TimePoint now) {
    UNGCUU_ASSIGN_OR_RETURN(system, SystemByCode(services.systems, actor, "DLK-DVC"));
    NewIncident request;
    auto& f = request.fields;
    f.title = "Hệ thống giải quyết thủ tục hành chính bị tấn công từ chối dịch vụ";
    f.description =
        "Từ 07:40 lưu lượng truy cập tăng gấp 40 lần từ nhiều địa chỉ nước ngoài; người dân "
        "không nộp được hồ sơ trực tuyến.";
    f.reporter =
        Officer("Văn phòng UBND tỉnh Đắk Lắk", "Đắk Lắk", "0262 3852 111", "vp@daklak.example.vn");
    f.contact = Officer("Trần Thị Mai", "Sở Khoa học và Công nghệ", "0905 111 222",
                        "maitt@daklak.example.vn");
    f.system_ids = {system};
    f.detected_at = now - std::chrono::hours(26);
    f.handled = false;
    f.detection_methods = {"ids"};
    f.notified_parties = {"isp"};
    UNGCUU_ASSIGN_OR_RETURN(created, services.incidents.Create(actor, std::move(request)));
    const auto id = created.details.incident.id;
    using S = domain::IncidentState;
    for (const auto to : {S::kAcknowledged, S::kVerifying}) {
        UNGCUU_ASSIGN_OR_RETURN(moved,
                                services.incidents.Transition(actor, id, to, "", std::nullopt));
    }
    Classification c;
    c.scenarios = {"A1"};
    c.impacts = {"outage"};
    c.capacity = domain::Capacity::kWithin;
    UNGCUU_ASSIGN_OR_RETURN(classified, services.incidents.Classify(actor, id, c));
    for (const auto to : {S::kInitialResponse, S::kChoosingResponse, S::kContaining}) {
        UNGCUU_ASSIGN_OR_RETURN(
            moved,
            services.incidents.Transition(
                actor, id, to, to == S::kContaining ? "Chuyển hướng qua dịch vụ chống DDoS" : "",
                std::nullopt));
    }
    UNGCUU_ASSIGN_OR_RETURN(observed, services.incidents.AddObservable(
                                          actor, id, domain::ObservableKind::kIp, "198.51.100.23"));
    // Handled with the network provider's help; what the outage has cost so far (Mẫu 05).
    UNGCUU_ASSIGN_OR_RETURN(
        outcome, services.incidents.RecordOutcome(actor, id, domain::HandlingMode::kDomesticHelp,
                                                  {"VNPT Đắk Lắk"}, {}, 15'000'000));
    return core::Ok();
}

/// Ea Kao's web page filed by the commune an hour ago, not yet acknowledged.
core::Status SeedCommuneOutage(const DemoServices& services,
                               const Actor& actor,
                               core::TimePoint now) {
    UNGCUU_ASSIGN_OR_RETURN(system, SystemByCode(services.systems, actor, "DLK-EAKAO-WEB"));
    NewIncident request;
    auto& f = request.fields;
    f.title = "Trang thông tin điện tử xã Ea Kao không truy cập được";
    f.description = "Trang báo lỗi 502 từ 6 giờ sáng, chưa rõ nguyên nhân.";
    f.reporter =
        Officer("UBND xã Ea Kao", "Xã Ea Kao, Đắk Lắk", "0262 3950 104", "eakao@daklak.example.vn");
    f.contact = f.reporter;
    f.system_ids = {system};
    f.detected_at = now - std::chrono::hours(1);
    f.handled = false;
    f.detection_methods = {"other"};
    f.detection_note = "Người dân gọi điện báo";
    f.notified_parties = {"coordinator"};
    UNGCUU_ASSIGN_OR_RETURN(created, services.incidents.Create(actor, std::move(request)));
    return core::Ok();
}

/// A citizen reports a fake portal (triage).
core::Status SeedCitizenReport(const DemoServices& services) {
    PublicReport report;
    report.name = "Nguyễn Thị Hoa";
    report.email = "hoa.nguyen@example.com";
    report.affected = "daklak-gov.example.com";
    report.description =
        "Nhận tin nhắn dẫn tới trang giả mạo Cổng dịch vụ công của tỉnh, yêu cầu nhập số "
        "căn cước và mật khẩu.";
    report.address = "demo";
    UNGCUU_ASSIGN_OR_RETURN(filed, services.incidents.CreatePublic(report));
    return core::Ok();
}

}  // namespace

core::Status SeedDemoIncidents(const DemoServices& services) {
    const Actor actor = Actor::Cli();
    IncidentQuery probe;
    probe.limit = 1;
    UNGCUU_ASSIGN_OR_RETURN(existing, services.incidents.List(actor, probe));
    if (!existing.rows.empty()) {
        return core::Ok();  // already seeded
    }
    UNGCUU_RETURN_IF_ERROR(SeedRouting(services, actor));
    for (const char* commune :
         {"DLK-BMT", "DLK-TANAN", "DLK-HOAPHU", "DLK-EAKAO", "DLK-KRONGPAC"}) {
        UNGCUU_RETURN_IF_ERROR(SeedDefacementPlan(services, actor, commune));
    }
    const auto now = services.clock.Now();
    UNGCUU_RETURN_IF_ERROR(SeedContainedDdos(services, actor, now));
    UNGCUU_RETURN_IF_ERROR(SeedCommuneOutage(services, actor, now));
    return SeedCitizenReport(services);
}

}  // namespace ungcuu::demo
