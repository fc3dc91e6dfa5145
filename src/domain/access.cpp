#include "domain/access.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "domain/unit.hpp"

namespace ungcuu::domain {

namespace {

constexpr std::array<std::pair<Role, std::string_view>, 6> kRoleCodes = {{
    {Role::kAdmin, "admin"},
    {Role::kCoordinator, "coordinator"},
    {Role::kResponder, "responder"},
    {Role::kOfficer, "officer"},
    {Role::kLeader, "leader"},
    {Role::kAuditor, "auditor"},
}};

// Removes roots contained in another root of the list (a subtree inside a subtree, or a single
// unit inside a subtree) so that query filters stay short.
std::vector<ScopeRoot> Normalise(std::vector<ScopeRoot> roots) {
    std::vector<ScopeRoot> kept;
    for (const auto& root : roots) {
        const bool covered = std::any_of(roots.begin(), roots.end(), [&](const ScopeRoot& other) {
            if (&other == &root) {
                return false;
            }
            if (other.exact) {
                return root.exact && other.path == root.path && &other < &root;
            }
            if (other.path == root.path) {
                return root.exact || &other < &root;
            }
            return IsWithin(root.path, other.path);
        });
        if (!covered) {
            kept.push_back(root);
        }
    }
    return kept;
}

}  // namespace

std::string_view RoleCode(Role role) {
    for (const auto& [value, code] : kRoleCodes) {
        if (value == role) {
            return code;
        }
    }
    return "officer";
}

std::optional<Role> ParseRole(std::string_view code) {
    for (const auto& [value, name] : kRoleCodes) {
        if (name == code) {
            return value;
        }
    }
    return std::nullopt;
}

bool RoleAllows(Role role, Permission permission) {
    switch (permission) {
        case Permission::kUnitRead:
            return true;
        case Permission::kUnitWrite:
            return role == Role::kAdmin || role == Role::kCoordinator;
        case Permission::kContactWrite:
            return role == Role::kAdmin || role == Role::kCoordinator || role == Role::kOfficer;
        case Permission::kUserRead:
            return role == Role::kAdmin || role == Role::kCoordinator || role == Role::kLeader ||
                   role == Role::kAuditor;
        case Permission::kUserWrite:
            return role == Role::kAdmin || role == Role::kCoordinator;
        case Permission::kAuditRead:
            return role == Role::kAdmin || role == Role::kAuditor || role == Role::kLeader;
        case Permission::kSystemWrite:
            return role == Role::kAdmin || role == Role::kCoordinator || role == Role::kOfficer;
        case Permission::kDossierReview:
            return role == Role::kAdmin || role == Role::kCoordinator;
        case Permission::kDossierApprove:
            return role == Role::kAdmin || role == Role::kCoordinator || role == Role::kLeader;
        case Permission::kCalendarWrite:
            return role == Role::kAdmin;
        case Permission::kIncidentReport:
            return role == Role::kAdmin || role == Role::kCoordinator || role == Role::kResponder ||
                   role == Role::kOfficer;
        case Permission::kIncidentHandle:
            return role == Role::kAdmin || role == Role::kCoordinator || role == Role::kResponder;
        case Permission::kIncidentDecide:
            // Leaders decide; the administrator covers every role (it may grant this one).
            return role == Role::kLeader || role == Role::kAdmin;
    }
    return false;
}

bool RoleCovers(Role role, Role other) {
    constexpr std::array kEvery = {
        Permission::kUnitRead,       Permission::kUnitWrite,      Permission::kContactWrite,
        Permission::kUserRead,       Permission::kUserWrite,      Permission::kAuditRead,
        Permission::kSystemWrite,    Permission::kDossierReview,  Permission::kDossierApprove,
        Permission::kCalendarWrite,  Permission::kIncidentReport, Permission::kIncidentHandle,
        Permission::kIncidentDecide,
    };
    static_assert(kEvery.size() == static_cast<std::size_t>(Permission::kIncidentDecide) + 1,
                  "every permission is listed");
    return std::all_of(kEvery.begin(), kEvery.end(), [&](Permission permission) {
        return !RoleAllows(other, permission) || RoleAllows(role, permission);
    });
}

Scope::Scope(std::vector<RoleAssignment> assignments) : assignments_(std::move(assignments)) {}

bool Scope::Covers(const RoleAssignment& assignment, std::string_view unit_path) {
    return assignment.local ? unit_path == assignment.unit_path
                            : IsWithin(unit_path, assignment.unit_path);
}

bool Scope::Sees(std::string_view unit_path) const {
    return std::any_of(assignments_.begin(), assignments_.end(),
                       [&](const RoleAssignment& a) { return Covers(a, unit_path); });
}

bool Scope::Allows(std::string_view unit_path, Permission permission) const {
    return std::any_of(assignments_.begin(), assignments_.end(), [&](const RoleAssignment& a) {
        return Covers(a, unit_path) && RoleAllows(a.role, permission);
    });
}

core::Status Scope::Authorize(std::string_view unit_path, Permission permission) const {
    if (!Sees(unit_path)) {
        return core::NotFound("Không tìm thấy đối tượng.", "Not found.");
    }
    if (!Allows(unit_path, permission)) {
        return core::PermissionDenied();
    }
    return core::Ok();
}

bool Scope::Reaches(const RoleAssignment& assignment, std::string_view unit_path, bool local) {
    if (assignment.local) {
        return local && unit_path == assignment.unit_path;
    }
    return IsWithin(unit_path, assignment.unit_path);
}

core::Status Scope::AuthorizeGrant(std::string_view unit_path, Role role, bool local) const {
    UNGCUU_RETURN_IF_ERROR(Authorize(unit_path, Permission::kUserWrite));
    const bool covered =
        std::any_of(assignments_.begin(), assignments_.end(), [&](const RoleAssignment& a) {
            return RoleAllows(a.role, Permission::kUserWrite) && RoleCovers(a.role, role) &&
                   Reaches(a, unit_path, local);
        });
    if (!covered) {
        return core::Error::Make(
            core::ErrorCode::kPermissionDenied,
            fmt::format("Bạn không được cấp hoặc thu hồi vai trò \"{}\" ở đơn vị này: vai trò đó "
                        "có quyền mà vai trò quản lý người dùng của bạn ở đây không có.",
                        RoleCode(role)),
            fmt::format("You may not grant or revoke the role \"{}\" here: it carries rights "
                        "your user-management role over this unit does not.",
                        RoleCode(role)));
    }
    return core::Ok();
}

core::Status Scope::AuthorizeAccountAction(std::string_view home_path,
                                           const std::vector<RoleAssignment>& target) const {
    UNGCUU_RETURN_IF_ERROR(Authorize(home_path, Permission::kUserWrite));
    for (const auto& held : target) {
        const bool covered =
            std::any_of(assignments_.begin(), assignments_.end(), [&](const RoleAssignment& a) {
                return RoleAllows(a.role, Permission::kUserWrite) &&
                       std::all_of(
                           target.begin(), target.end(),
                           [&](const RoleAssignment& t) { return RoleCovers(a.role, t.role); }) &&
                       Reaches(a, held.unit_path, held.local);
            });
        if (!covered) {
            return core::Error::Make(
                core::ErrorCode::kPermissionDenied,
                "Tài khoản này có vai trò rộng hơn hoặc mạnh hơn quyền quản lý người dùng của bạn; "
                "hãy nhờ quản trị cấp trên thực hiện.",
                "This account holds a role wider or stronger than your user-management rights; "
                "ask an administrator above it.");
        }
    }
    return core::Ok();
}

bool Scope::CoversATopUnit() const {
    return std::any_of(assignments_.begin(), assignments_.end(), [](const RoleAssignment& a) {
        return !a.local && std::count(a.unit_path.begin(), a.unit_path.end(), '/') == 2;
    });
}

std::vector<ScopeRoot> Scope::VisibleRoots() const {
    std::vector<ScopeRoot> roots;
    for (const auto& a : assignments_) {
        roots.push_back(ScopeRoot{a.unit_path, a.local});
    }
    return Normalise(std::move(roots));
}

std::vector<ScopeRoot> Scope::RootsAllowing(Permission permission) const {
    std::vector<ScopeRoot> roots;
    for (const auto& a : assignments_) {
        if (RoleAllows(a.role, permission)) {
            roots.push_back(ScopeRoot{a.unit_path, a.local});
        }
    }
    return Normalise(std::move(roots));
}

}  // namespace ungcuu::domain
