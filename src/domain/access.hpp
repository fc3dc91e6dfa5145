// Roles, permissions and the caller's scope: the security boundary of the whole product.
//
// A role assignment gives a user one role on one unit. It covers that unit's whole subtree,
// unless it is marked local, when it covers that unit only. A caller *sees* a unit when any of
// their assignments covers it; they may *act* on it when an assignment covering it carries a
// role that allows the permission. Objects outside what the caller sees are reported as not
// found (never revealing that they exist); actions a visible object's roles do not allow are
// reported as permission denied. Scope is an immutable value and safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/ids.hpp"

namespace ungcuu::domain {

enum class Role {
    kAdmin,        // quản trị hệ thống
    kCoordinator,  // đơn vị chuyên trách (e.g. Sở TTTT, Phòng VH-TT of a district)
    kResponder,    // thành viên đội ứng cứu
    kOfficer,      // cán bộ đơn vị: reports and follows its own unit's matters
    kLeader,       // lãnh đạo: reads everything in scope
    kAuditor,      // kiểm toán: reads the audit log
};

std::string_view RoleCode(Role role);
std::optional<Role> ParseRole(std::string_view code);

enum class Permission {
    kUnitRead,
    kUnitWrite,     // create, edit, move, deactivate units
    kContactWrite,  // people, contact points (đầu mối), leader in charge
    kUserRead,
    kUserWrite,  // create users, grant and revoke roles
    kAuditRead,
    kSystemWrite,     // information systems, dossier drafts, protection records, inventory, risks
    kDossierReview,   // check validity and appraise level dossiers (đơn vị chuyên trách ATTT)
    kDossierApprove,  // approve level dossiers on behalf of the owner (chủ quản)
    kCalendarWrite,   // the working-day calendar (holidays)
    kIncidentReport,  // file incidents and follow them (every role that works for a unit)
    kIncidentHandle,  // acknowledge, verify, classify, run the procedure, issue reports
    kIncidentDecide,  // a leader's decisions on an incident (keep a serious one on the normal
                      // track)
};

bool RoleAllows(Role role, Permission permission);

/// True when `role` allows every permission `other` allows: whoever holds `role` gains nothing by
/// becoming a holder of `other` (admin covers every role; a coordinator covers a responder and an
/// officer but not a leader or an auditor, who read the audit log).
bool RoleCovers(Role role, Role other);

struct RoleAssignment {
    AssignmentId id;
    UserId user_id;
    UnitId unit_id;
    std::string unit_path;  // path of unit_id, loaded with the assignment
    Role role = Role::kOfficer;
    bool local = false;  // covers only unit_id, not its subtree
};

/// A subtree (or, when `exact`, a single unit) that a query must be limited to.
struct ScopeRoot {
    std::string path;
    bool exact = false;
};

class Scope {
public:
    Scope() = default;
    explicit Scope(std::vector<RoleAssignment> assignments);

    /// True when any assignment covers the unit at `unit_path`.
    bool Sees(std::string_view unit_path) const;
    /// True when an assignment covering `unit_path` allows `permission`.
    bool Allows(std::string_view unit_path, Permission permission) const;
    /// kNotFound when the unit is not visible, kPermissionDenied when visible but not allowed.
    core::Status Authorize(std::string_view unit_path, Permission permission) const;
    /// May the caller grant (or revoke) `role` on the unit at `unit_path` (only that unit when
    /// `local`)? Needs kUserWrite there, and — no privilege escalation — the granted role
    /// needs a role covering it (RoleCovers) on an assignment reaching as far as the new one.
    core::Status AuthorizeGrant(std::string_view unit_path, Role role, bool local) const;
    /// May the caller act on another person's account (password, e-mail, lock, second factor,
    /// sessions, roles) — the person's home unit at `home_path`, their assignments `target`?
    /// Needs kUserWrite over the home unit and, for every assignment the person holds, an
    /// assignment of the caller reaching at least as far whose role carries kUserWrite and
    /// covers the person's strongest role: nobody acts on an account wider or stronger than
    /// their own. kNotFound when the home unit is not visible, kPermissionDenied otherwise.
    core::Status AuthorizeAccountAction(std::string_view home_path,
                                        const std::vector<RoleAssignment>& target) const;

    /// True when a role (not local) covers a top unit of the tree — a province, an installation's
    /// root: such a caller may see figures of the whole installation (intake counters).
    bool CoversATopUnit() const;

    /// The visible roots (subtrees or single units), de-duplicated, for filtering queries.
    std::vector<ScopeRoot> VisibleRoots() const;
    /// The roots where `permission` holds.
    std::vector<ScopeRoot> RootsAllowing(Permission permission) const;

    const std::vector<RoleAssignment>& assignments() const { return assignments_; }

private:
    static bool Covers(const RoleAssignment& assignment, std::string_view unit_path);
    /// True when `assignment` covers every unit `other` covers.
    static bool Reaches(const RoleAssignment& assignment, std::string_view unit_path, bool local);
    std::vector<RoleAssignment> assignments_;
};

}  // namespace ungcuu::domain
