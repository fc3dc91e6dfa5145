#include <gtest/gtest.h>

#include "domain/access.hpp"
#include "domain/people.hpp"
#include "domain/unit.hpp"
#include "domain/user.hpp"

namespace ungcuu::domain {
namespace {

Unit MakeUnit(std::int64_t id, std::string path, bool active = true) {
    Unit unit;
    unit.id = UnitId{id};
    unit.path = std::move(path);
    unit.code = "U" + std::to_string(id);
    unit.name_vi = "Đơn vị " + std::to_string(id);
    unit.active = active;
    return unit;
}

RoleAssignment Assign(Role role, std::string path, bool local = false) {
    RoleAssignment assignment;
    assignment.role = role;
    assignment.unit_path = std::move(path);
    assignment.local = local;
    return assignment;
}

TEST(UnitTree, PathsAndSubtrees) {
    EXPECT_EQ(ChildPath("", UnitId{1}), "/1/");
    EXPECT_EQ(ChildPath("/1/", UnitId{12}), "/1/12/");
    EXPECT_TRUE(IsWithin("/1/12/", "/1/"));
    EXPECT_TRUE(IsWithin("/1/", "/1/"));
    // "/1/" must not be taken as a prefix of "/12/".
    EXPECT_FALSE(IsWithin("/12/", "/1/"));
    EXPECT_FALSE(IsWithin("/1/", ""));
}

// Which of a compiler's filers holds a unit: "/1/2/" is not "/1/20/"'s root, a unit above
// them all is held by none.
TEST(UnitTree, SubtreeHoldingFindsTheOneRootOfAPath) {
    const std::vector<std::string> roots = {"/1/2/", "/1/20/", "/1/3/"};
    EXPECT_EQ(SubtreeHolding(roots, "/1/2/"), 0u);
    EXPECT_EQ(SubtreeHolding(roots, "/1/2/7/"), 0u);
    EXPECT_EQ(SubtreeHolding(roots, "/1/20/5/"), 1u);
    EXPECT_EQ(SubtreeHolding(roots, "/1/3/"), 2u);
    EXPECT_EQ(SubtreeHolding(roots, "/1/"), std::nullopt);
    EXPECT_EQ(SubtreeHolding(roots, "/1/4/"), std::nullopt);
    EXPECT_EQ(SubtreeHolding({}, "/1/"), std::nullopt);
}

TEST(UnitTree, MoveUnderOwnDescendantIsRefused) {
    const Unit district = MakeUnit(2, "/1/2/");
    const Unit commune = MakeUnit(3, "/1/2/3/");
    const auto status = CheckMove(district, commune);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, core::ErrorCode::kConflict);
    EXPECT_FALSE(CheckMove(district, district).ok());
}

TEST(UnitTree, MoveBetweenTiersIsAllowed) {
    // Two-tier reform: a commune moves from a district straight under the province.
    const Unit commune = MakeUnit(3, "/1/2/3/");
    const Unit province = MakeUnit(1, "/1/");
    EXPECT_TRUE(CheckMove(commune, province).ok());
    EXPECT_FALSE(CheckMove(commune, MakeUnit(9, "/1/9/", false)).ok());
}

TEST(UnitTree, DeactivateNeedsNoActiveChildren) {
    EXPECT_FALSE(CheckDeactivate(MakeUnit(2, "/1/2/"), 1).ok());
    EXPECT_TRUE(CheckDeactivate(MakeUnit(2, "/1/2/"), 0).ok());
}

TEST(UnitValidation, ListsEveryBadField) {
    Unit unit = MakeUnit(1, "/1/");
    unit.code = "bad code!";
    unit.name_vi = "  ";
    unit.contact.email = "not-an-email";
    unit.contact.phone = "call me";
    const auto status = ValidateUnit(unit);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().details.size(), 4u);
    EXPECT_EQ(status.error().details[0].where, "code");
}

TEST(Roles, ParseAndPermissions) {
    EXPECT_EQ(ParseRole("coordinator"), Role::kCoordinator);
    EXPECT_FALSE(ParseRole("root").has_value());
    EXPECT_EQ(RoleCode(Role::kAuditor), "auditor");
    EXPECT_TRUE(RoleAllows(Role::kCoordinator, Permission::kUnitWrite));
    EXPECT_FALSE(RoleAllows(Role::kOfficer, Permission::kUnitWrite));
    EXPECT_TRUE(RoleAllows(Role::kOfficer, Permission::kContactWrite));
    EXPECT_FALSE(RoleAllows(Role::kResponder, Permission::kAuditRead));
    EXPECT_TRUE(RoleAllows(Role::kAuditor, Permission::kAuditRead));
    EXPECT_FALSE(RoleAllows(Role::kLeader, Permission::kUserWrite));
}

TEST(Scope, SubtreeCoverageAndLocalAssignments) {
    const Scope scope({Assign(Role::kCoordinator, "/1/2/"), Assign(Role::kLeader, "/1/5/", true)});
    EXPECT_TRUE(scope.Sees("/1/2/"));
    EXPECT_TRUE(scope.Sees("/1/2/7/"));
    EXPECT_TRUE(scope.Sees("/1/5/"));
    EXPECT_FALSE(scope.Sees("/1/5/8/"));  // local: not the subtree
    EXPECT_FALSE(scope.Sees("/1/"));
    EXPECT_TRUE(scope.Allows("/1/2/7/", Permission::kUnitWrite));
    EXPECT_FALSE(scope.Allows("/1/5/", Permission::kUnitWrite));
}

TEST(Scope, OutOfScopeIsNotFoundAndForbiddenInScopeIsDenied) {
    const Scope officer({Assign(Role::kOfficer, "/1/3/")});
    EXPECT_EQ(officer.Authorize("/1/4/", Permission::kUnitRead).error().code,
              core::ErrorCode::kNotFound);
    EXPECT_EQ(officer.Authorize("/1/3/", Permission::kUnitWrite).error().code,
              core::ErrorCode::kPermissionDenied);
    EXPECT_TRUE(officer.Authorize("/1/3/", Permission::kContactWrite).ok());
}

TEST(Scope, GrantingNeedsARoleCoveringTheGrantedOneAsFarAsItReaches) {
    const Scope coordinator({Assign(Role::kCoordinator, "/1/")});
    EXPECT_TRUE(coordinator.AuthorizeGrant("/1/3/", Role::kOfficer, false).ok());
    EXPECT_TRUE(coordinator.AuthorizeGrant("/1/3/", Role::kCoordinator, false).ok());
    // Admin, and the audit log's readers, carry rights a coordinator lacks.
    for (const Role stronger : {Role::kAdmin, Role::kLeader, Role::kAuditor}) {
        EXPECT_EQ(coordinator.AuthorizeGrant("/1/3/", stronger, false).error().code,
                  core::ErrorCode::kPermissionDenied)
            << RoleCode(stronger);
    }
    const Scope admin({Assign(Role::kAdmin, "/1/")});
    EXPECT_TRUE(admin.AuthorizeGrant("/1/3/", Role::kAdmin, false).ok());
    // A local role reaches one unit: it may grant local roles there, not subtree ones.
    const Scope local_admin({Assign(Role::kAdmin, "/1/3/", true)});
    EXPECT_TRUE(local_admin.AuthorizeGrant("/1/3/", Role::kOfficer, true).ok());
    EXPECT_EQ(local_admin.AuthorizeGrant("/1/3/", Role::kOfficer, false).error().code,
              core::ErrorCode::kPermissionDenied);
}

TEST(Scope, RoleCoversWhenItAllowsEverythingTheOtherAllows) {
    for (const Role role : {Role::kAdmin, Role::kCoordinator, Role::kResponder, Role::kOfficer,
                            Role::kLeader, Role::kAuditor}) {
        EXPECT_TRUE(RoleCovers(role, role));
        EXPECT_TRUE(RoleCovers(Role::kAdmin, role));
    }
    EXPECT_TRUE(RoleCovers(Role::kCoordinator, Role::kResponder));
    EXPECT_TRUE(RoleCovers(Role::kCoordinator, Role::kOfficer));
    EXPECT_FALSE(RoleCovers(Role::kCoordinator, Role::kAdmin));
    EXPECT_FALSE(RoleCovers(Role::kCoordinator, Role::kLeader));  // reads the audit log
    EXPECT_FALSE(RoleCovers(Role::kCoordinator, Role::kAuditor));
    EXPECT_FALSE(RoleCovers(Role::kOfficer, Role::kResponder));  // handles incidents
}

TEST(Scope, AnAccountActionNeedsToReachEveryRoleTheAccountHolds) {
    // The attack: a commune's coordinator sees an admin whose home unit is that commune.
    const Scope commune_coordinator({Assign(Role::kCoordinator, "/1/3/")});
    const std::vector<RoleAssignment> province_admin = {Assign(Role::kAdmin, "/1/")};
    EXPECT_EQ(commune_coordinator.AuthorizeAccountAction("/1/3/", province_admin).error().code,
              core::ErrorCode::kPermissionDenied);
    // A province coordinator reaches the subtree but is weaker than the admin role.
    const Scope province_coordinator({Assign(Role::kCoordinator, "/1/")});
    EXPECT_EQ(province_coordinator.AuthorizeAccountAction("/1/3/", province_admin).error().code,
              core::ErrorCode::kPermissionDenied);
    // A commune officer with a second, wider role elsewhere is out of the commune's reach.
    const std::vector<RoleAssignment> officer_and_more = {Assign(Role::kOfficer, "/1/3/"),
                                                          Assign(Role::kResponder, "/1/")};
    EXPECT_EQ(commune_coordinator.AuthorizeAccountAction("/1/3/", officer_and_more).error().code,
              core::ErrorCode::kPermissionDenied);
    EXPECT_TRUE(province_coordinator.AuthorizeAccountAction("/1/3/", officer_and_more).ok());
    // Every role the account holds is measured against one role of the caller's.
    const std::vector<RoleAssignment> plain_officer = {Assign(Role::kOfficer, "/1/3/")};
    EXPECT_TRUE(commune_coordinator.AuthorizeAccountAction("/1/3/", plain_officer).ok());
    EXPECT_TRUE(commune_coordinator.AuthorizeAccountAction("/1/3/", {}).ok());
    // Out of sight is not found; in sight without user management is denied.
    EXPECT_EQ(commune_coordinator.AuthorizeAccountAction("/1/4/", {}).error().code,
              core::ErrorCode::kNotFound);
    const Scope leader({Assign(Role::kLeader, "/1/")});
    EXPECT_EQ(leader.AuthorizeAccountAction("/1/3/", plain_officer).error().code,
              core::ErrorCode::kPermissionDenied);
    const Scope admin({Assign(Role::kAdmin, "/1/")});
    EXPECT_TRUE(admin.AuthorizeAccountAction("/1/3/", province_admin).ok());
}

TEST(Scope, RootsAreDeduplicated) {
    const Scope scope({Assign(Role::kOfficer, "/1/3/"), Assign(Role::kCoordinator, "/1/"),
                       Assign(Role::kLeader, "/7/", true), Assign(Role::kAuditor, "/7/", true)});
    const auto roots = scope.VisibleRoots();
    ASSERT_EQ(roots.size(), 2u);
    EXPECT_EQ(roots[0].path, "/1/");
    EXPECT_EQ(roots[1].path, "/7/");
    EXPECT_TRUE(roots[1].exact);
    const auto audit_roots = scope.RootsAllowing(Permission::kAuditRead);
    ASSERT_EQ(audit_roots.size(), 1u);
    EXPECT_EQ(audit_roots[0].path, "/7/");
}

TEST(People, ContactNeedsAWayToReachThePerson) {
    Person person;
    person.full_name = "Nguyễn Văn An";
    EXPECT_FALSE(ValidatePerson(person).ok());
    person.mobile_phone = "0912 345 678";
    EXPECT_TRUE(ValidatePerson(person).ok());
    EXPECT_EQ(ParseContactRole("backup"), ContactRole::kBackup);
}

TEST(Users, LoginAndPasswordRules) {
    User user;
    user.login = "Admin";
    user.full_name = "Quản trị";
    user.unit_id = UnitId{1};
    EXPECT_FALSE(ValidateUserFields(user).ok());
    user.login = "admin";
    EXPECT_TRUE(ValidateUserFields(user).ok());
    EXPECT_FALSE(ValidatePassword("short", "admin").ok());
    EXPECT_FALSE(ValidatePassword("adminadmin", "adminadmin").ok());
    EXPECT_TRUE(ValidatePassword("Mật khẩu đủ dài", "admin").ok());
}

}  // namespace
}  // namespace ungcuu::domain
