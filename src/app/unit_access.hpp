// Loading a unit on behalf of an actor: the one place where "outside the caller's scope" becomes
// 404 and "visible but not allowed" becomes 403, for every service that works on a unit.
#pragma once

#include <string>

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

/// Every active unit of the tree `path` belongs to, whatever the caller sees: the units a system
/// may be operated or its dossier reviewed by (an outside provider, the provincial department).
inline core::Result<std::vector<domain::Unit>> ActiveUnitsOfTree(Repositories& repos,
                                                                 std::string_view path) {
    UnitFilter filter;
    filter.scope = {domain::ScopeRoot{std::string(domain::TreeRootOf(path)), false}};
    filter.active = true;
    filter.limit = 5000;
    return repos.units.List(filter);
}

/// The place name for a document's date line of a unit: that of the nearest commune, district
/// or province at or above it ("" when there is none).
inline std::string PlaceOf(Repositories& repos, const domain::Unit& unit) {
    const auto ids = domain::PathIds(unit.path);
    for (std::size_t i = ids.size(); i-- > 0;) {  // from the unit up
        auto at = repos.units.Get(ids[i]);
        if (at.ok() &&
            (at->kind == domain::UnitKind::kCommune || at->kind == domain::UnitKind::kDistrict ||
             at->kind == domain::UnitKind::kProvince)) {
            return domain::PlaceName(at->name_vi);
        }
    }
    return "";
}

/// The unit this installation serves: the province among the active roots of the tree (a
/// national contact may be kept as another root), else the first root; kConflict when the tree
/// is empty.
inline core::Result<domain::Unit> TopUnit(Repositories& repos) {
    UnitFilter filter;
    filter.unrestricted = true;
    filter.roots_only = true;
    filter.active = true;
    filter.limit = 100;
    auto roots = repos.units.List(filter);
    if (!roots.ok()) {
        return std::move(roots).error();
    }
    const domain::Unit* top = nullptr;
    for (const auto& root : *roots) {
        if (top == nullptr || (root.kind == domain::UnitKind::kProvince &&
                               top->kind != domain::UnitKind::kProvince)) {
            top = &root;
        }
    }
    if (top == nullptr) {
        return core::Conflict("Chưa có đơn vị nào trong cây đơn vị.", "The unit tree is empty.");
    }
    return *top;
}

}  // namespace ungcuu::app
