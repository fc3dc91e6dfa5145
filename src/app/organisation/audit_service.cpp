#include "app/organisation/audit_service.hpp"

#include <algorithm>

namespace ungcuu::app {

core::Result<AuditPage> AuditService::List(const Actor& actor, const AuditQuery& query) {
    AuditFilter filter;
    filter.unrestricted = actor.unrestricted;
    filter.scope = actor.scope.RootsAllowing(domain::Permission::kAuditRead);
    if (!actor.unrestricted && filter.scope.empty()) {
        return core::PermissionDenied();
    }
    const int limit = std::clamp(query.limit, 1, 500);
    filter.unit_id = query.unit_id;
    filter.object_type = query.object_type;
    filter.before_id = query.before_id;
    filter.limit = limit + 1;
    AuditPage page;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(entries, repos.audit.List(filter));
        page.entries = std::move(entries);
        return core::Ok();
    }));
    if (static_cast<int>(page.entries.size()) > limit) {
        page.entries.pop_back();
        page.next_cursor = page.entries.back().id.value();
    }
    return page;
}

}  // namespace ungcuu::app
