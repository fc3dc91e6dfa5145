// The demo's watched site: this server's own public reporting page, so that a fresh demo shows a
// site that is up, with its history filling in, on the public status page too. Idempotent: a
// restart on another port moves the same site.
#include "demo/seed.hpp"

namespace ungcuu::demo {

namespace {
constexpr std::string_view kDemoSiteName = "Trang phản ánh sự cố (máy chủ này)";
}  // namespace

core::Status SeedMonitor(app::MonitorService& monitors, const std::string& url) {
    const auto actor = app::Actor::Cli();
    app::MonitorFilter filter;
    filter.limit = 500;
    UNGCUU_ASSIGN_OR_RETURN(list, monitors.List(actor, filter));
    domain::MonitorTarget site;
    site.url = url;
    site.name = std::string(kDemoSiteName);
    site.interval_seconds = 60;
    site.public_status = true;
    for (const auto& row : list.rows) {
        const auto& target = row.site.target;
        if (target.name == kDemoSiteName) {
            if (target.url == url) {
                return core::Ok();
            }
            site.system_id = target.system_id;
            auto moved = monitors.Update(actor, target.id, site);
            return moved.ok() ? core::Ok() : core::Status(std::move(moved).error());
        }
    }
    UNGCUU_ASSIGN_OR_RETURN(top, monitors.TopUnit());
    site.unit_id = top;
    auto created = monitors.Create(actor, std::move(site));
    return created.ok() ? core::Ok() : core::Status(std::move(created).error());
}

core::Status SeedCases(app::HarmfulContentService& cases,
                       app::MonitorService& monitors,
                       const core::Clock& clock) {
    const auto actor = app::Actor::Cli();
    UNGCUU_ASSIGN_OR_RETURN(existing, cases.List(actor, app::CaseFilter{}));
    if (existing.total > 0) {
        return core::Ok();
    }
    UNGCUU_ASSIGN_OR_RETURN(top, monitors.TopUnit());
    const auto now = clock.Now();
    domain::HarmfulCase c;
    c.unit_id = top;
    c.location = "https://www.facebook.com/ubnd.tinh.hotro.nguoidan";
    c.platform = domain::ContentPlatform::kFacebook;
    c.category = domain::ContentCategory::kImpersonation;
    c.title = "Trang Facebook mạo danh UBND tỉnh thu phí hỗ trợ thủ tục";
    c.description =
        "Trang lấy tên và biểu trưng của UBND tỉnh, nhắn tin cho người dân đề nghị chuyển khoản "
        "phí \"hỗ trợ hồ sơ nhanh\". Người dân phản ánh qua đường dây nóng.";
    c.first_seen = now - std::chrono::hours(50);
    UNGCUU_ASSIGN_OR_RETURN(made, cases.Create(actor, c));
    auto handed = made.c;
    handed.state = domain::CaseState::kHandedOver;
    handed.handed_to =
        "Công an tỉnh (Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao)";
    handed.handed_at = now - std::chrono::hours(30);
    handed.handover_ref = "412/UBND-KGVX";
    UNGCUU_RETURN_IF_ERROR(cases.Update(actor, made.c.id, handed));
    domain::Takedown request;
    request.recipient = "Meta (Facebook)";
    request.channel = "Biểu mẫu báo cáo mạo danh của nền tảng";
    request.sent_at = now - std::chrono::hours(28);
    request.status = domain::TakedownStatus::kAcknowledged;
    request.answered_at = now - std::chrono::hours(20);
    UNGCUU_RETURN_IF_ERROR(cases.AddTakedown(actor, made.c.id, request));
    return core::Ok();
}

}  // namespace ungcuu::demo
