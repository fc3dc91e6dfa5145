// Loading a unit on behalf of an actor: the one place where "outside the caller's scope" becomes
// 404 and "visible but not allowed" becomes 403, for every service that works on a unit.
#pragma once

#include "app/actor.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

/// The unit `id` when `actor` holds `permission` on it; kNotFound when it does not exist or is
/// outside the actor's scope, kPermissionDenied when visible but not allowed.
inline core::Result<domain::Unit> LoadUnitFor(Repositories& repos,
                                              const Actor& actor,
                                              domain::UnitId id,
                                              domain::Permission permission) {
    auto unit = repos.units.Get(id);
    if (!unit.ok()) {
        return std::move(unit).error();
    }
    UNGCUU_RETURN_IF_ERROR(actor.Authorize(unit->path, permission));
    return unit;
}

}  // namespace ungcuu::app
