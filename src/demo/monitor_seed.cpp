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

}  // namespace ungcuu::demo
