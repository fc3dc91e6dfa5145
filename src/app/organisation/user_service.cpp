#include "app/organisation/user_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/audit_writer.hpp"
#include "core/text.hpp"

namespace ungcuu::app {

namespace {

core::Error UserNotFound() {
    return core::NotFound("Không tìm thấy người dùng.", "User not found.");
}

std::string AssignmentJson(const domain::RoleAssignment& a) {
    return core::FieldSnapshot()
        .Add("user_id", a.user_id.value())
        .Add("unit_id", a.unit_id.value())
        .Add("role", domain::RoleCode(a.role))
        .Add("local", a.local)
        .ToJson();
}

}  // namespace

core::Result<domain::User> UserService::LoadVisible(Repositories& repos,
                                                    const Actor& actor,
                                                    domain::UserId id) {
    auto user = repos.users.Get(id);
    if (!user.ok()) {
        return UserNotFound();
    }
    const bool self = actor.user_id && *actor.user_id == id;
    if (!self && !actor.unrestricted &&
        !actor.scope.Allows(user->unit_path, domain::Permission::kUserRead)) {
        return UserNotFound();
    }
    return user;
}

core::Result<domain::User> UserService::LoadForAccountAction(Repositories& repos,
                                                             const Actor& actor,
                                                             domain::UserId id) {
    auto user = LoadVisible(repos, actor, id);
    if (!user.ok() || actor.unrestricted) {
        return user;
    }
    UNGCUU_ASSIGN_OR_RETURN(held, repos.users.Assignments(id));
    UNGCUU_RETURN_IF_ERROR(actor.scope.AuthorizeAccountAction(user->unit_path, held));
    return user;
}

core::Result<UserPage> UserService::List(const Actor& actor, const UserQuery& query) {
    UserFilter filter;
    filter.unrestricted = actor.unrestricted;
    filter.scope = actor.scope.RootsAllowing(domain::Permission::kUserRead);
    if (!actor.unrestricted && filter.scope.empty()) {
        return core::PermissionDenied();
    }
    const int limit = std::clamp(query.limit, 1, 500);
    filter.unit_id = query.unit_id;
    filter.search = core::FoldForSearch(core::Trim(query.search));
    filter.after_id = query.after_id;
    filter.limit = limit + 1;
    UserPage page;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(users, repos.users.List(filter));
        page.users = std::move(users);
        return core::Ok();
    }));
    if (static_cast<int>(page.users.size()) > limit) {
        page.users.pop_back();
        page.next_cursor = page.users.back().id.value();
    }
    return page;
}

core::Result<domain::User> UserService::Get(const Actor& actor, domain::UserId id) {
    return store_.Read([&](Repositories& repos) -> core::Result<domain::User> {
        return LoadVisible(repos, actor, id);
    });
}

core::Result<domain::User> UserService::Create(const Actor& actor, const NewUser& input) {
    domain::User user;
    user.login = input.login;
    user.full_name = input.full_name;
    user.email = input.email;
    user.unit_id = input.unit_id;
    UNGCUU_RETURN_IF_ERROR(domain::ValidateUserFields(user));
    UNGCUU_RETURN_IF_ERROR(domain::ValidatePassword(input.password, input.login));
    UNGCUU_ASSIGN_OR_RETURN(hash, crypto_.HashPassword(input.password));
    user.password_hash = std::move(hash);
    const auto now = clock_.Now();
    user.created_at = now;
    return store_.Write([&](Repositories& repos) -> core::Result<domain::User> {
        auto unit = repos.units.Get(user.unit_id);
        if (!unit.ok() || (!actor.unrestricted && !actor.scope.Sees(unit->path))) {
            return core::NotFound("Không tìm thấy đơn vị đã chọn cho người dùng.",
                                  "The chosen unit was not found.");
        }
        UNGCUU_RETURN_IF_ERROR(actor.Authorize(unit->path, domain::Permission::kUserWrite));
        if (!unit->active) {
            return core::Conflict("Đơn vị đã ngừng hoạt động.", "The unit is inactive.");
        }
        if (repos.users.GetByLogin(user.login).ok()) {
            return core::Error::Make(core::ErrorCode::kAlreadyExists,
                                     fmt::format("Tên đăng nhập \"{}\" đã được dùng.", user.login),
                                     fmt::format("The login \"{}\" is already taken.", user.login));
        }
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.users.Insert(user));
        auto created = std::move(inserted);
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"user.create", "user", created.id.value(), &*unit, "{}",
                                           UserSnapshot(created).ToJson()}));
        return created;
    });
}

core::Result<domain::User> UserService::Update(const Actor& actor,
                                               domain::UserId id,
                                               const UserPatch& patch) {
    const auto now = clock_.Now();
    UNGCUU_ASSIGN_OR_RETURN(
        updated, store_.Write([&](Repositories& repos) -> core::Result<domain::User> {
            UNGCUU_ASSIGN_OR_RETURN(loaded, LoadForAccountAction(repos, actor, id));
            const domain::User before = loaded;
            domain::User user = std::move(loaded);
            if (patch.full_name) {
                user.full_name = *patch.full_name;
            }
            if (patch.email) {
                user.email = *patch.email;
            }
            if (patch.active) {
                if (!*patch.active && actor.user_id && *actor.user_id == id) {
                    return core::Conflict("Bạn không thể tự khóa tài khoản của mình.",
                                          "You cannot deactivate your own account.");
                }
                user.active = *patch.active;
            }
            UNGCUU_RETURN_IF_ERROR(domain::ValidateUserFields(user));
            UNGCUU_RETURN_IF_ERROR(repos.users.Update(user));
            if (!user.active) {
                UNGCUU_RETURN_IF_ERROR(repos.sessions.DeleteAllForUser(id));
            }
            auto unit = repos.units.Get(user.unit_id);
            UNGCUU_RETURN_IF_ERROR(WriteAudit(
                repos, actor, now,
                {user.active == before.active ? "user.update"
                                              : (user.active ? "user.activate" : "user.deactivate"),
                 "user", id.value(), unit.ok() ? &*unit : nullptr, UserSnapshot(before).ToJson(),
                 UserSnapshot(user).ToJson()}));
            return user;
        }));
    epoch_.Bump();
    return updated;
}

core::Result<std::vector<domain::RoleAssignment>> UserService::Assignments(const Actor& actor,
                                                                           domain::UserId id) {
    return store_.Read(
        [&](Repositories& repos) -> core::Result<std::vector<domain::RoleAssignment>> {
            UNGCUU_ASSIGN_OR_RETURN(user, LoadVisible(repos, actor, id));
            return repos.users.Assignments(id);
        });
}

core::Result<domain::RoleAssignment> UserService::Grant(const Actor& actor,
                                                        domain::UserId user_id,
                                                        domain::UnitId unit_id,
                                                        domain::Role role,
                                                        bool local) {
    const auto now = clock_.Now();
    UNGCUU_ASSIGN_OR_RETURN(
        granted, store_.Write([&](Repositories& repos) -> core::Result<domain::RoleAssignment> {
            UNGCUU_ASSIGN_OR_RETURN(user, LoadVisible(repos, actor, user_id));
            auto unit = repos.units.Get(unit_id);
            if (!unit.ok() || (!actor.unrestricted && !actor.scope.Sees(unit->path))) {
                return core::NotFound("Không tìm thấy đơn vị được chọn để cấp quyền.",
                                      "The unit to grant the role on was not found.");
            }
            if (!actor.unrestricted) {
                UNGCUU_RETURN_IF_ERROR(actor.scope.AuthorizeGrant(unit->path, role, local));
            }
            domain::RoleAssignment assignment;
            assignment.user_id = user_id;
            assignment.unit_id = unit_id;
            assignment.unit_path = unit->path;
            assignment.role = role;
            assignment.local = local;
            auto added = repos.users.AddAssignment(assignment);
            if (!added.ok()) {
                if (added.error().code == core::ErrorCode::kAlreadyExists) {
                    return core::Error::Make(core::ErrorCode::kAlreadyExists,
                                             "Người dùng đã có vai trò này trên đơn vị này.",
                                             "The user already holds this role on this unit.");
                }
                return std::move(added).error();
            }
            auto granted = std::move(added).value();
            UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                              {"user.grant_role", "user", user_id.value(), &*unit,
                                               "{}", AssignmentJson(granted)}));
            return granted;
        }));
    epoch_.Bump();
    return granted;
}

core::Status UserService::Revoke(const Actor& actor,
                                 domain::UserId user_id,
                                 domain::AssignmentId assignment_id) {
    const auto now = clock_.Now();
    auto status = store_.Write([&](Repositories& repos) -> core::Status {
        // Taking a role away acts on the account: the caller must reach all of it.
        UNGCUU_ASSIGN_OR_RETURN(user, LoadForAccountAction(repos, actor, user_id));
        UNGCUU_ASSIGN_OR_RETURN(assignments, repos.users.Assignments(user_id));
        const auto found =
            std::find_if(assignments.begin(), assignments.end(),
                         [&](const domain::RoleAssignment& a) { return a.id == assignment_id; });
        if (found == assignments.end()) {
            return core::NotFound("Không tìm thấy vai trò này của người dùng.",
                                  "No such role assignment for this user.");
        }
        if (!actor.unrestricted) {
            UNGCUU_RETURN_IF_ERROR(
                actor.scope.AuthorizeGrant(found->unit_path, found->role, found->local));
        }
        UNGCUU_RETURN_IF_ERROR(repos.users.RemoveAssignment(assignment_id));
        auto unit = repos.units.Get(found->unit_id);
        return WriteAudit(repos, actor, now,
                          {"user.revoke_role", "user", user_id.value(),
                           unit.ok() ? &*unit : nullptr, AssignmentJson(*found), "{}"});
    });
    epoch_.Bump();
    return status;
}

core::Status UserService::ChangeAccount(
    const Actor& actor,
    domain::UserId id,
    std::string_view action,
    const std::function<core::Status(Repositories&, domain::User&)>& change) {
    const auto now = clock_.Now();
    auto status = store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(user, LoadForAccountAction(repos, actor, id));
        UNGCUU_RETURN_IF_ERROR(change(repos, user));
        auto unit = repos.units.Get(user.unit_id);
        return WriteAudit(repos, actor, now,
                          {std::string(action), "user", user.id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", "{}"});
    });
    epoch_.Bump();
    return status;
}

core::Status UserService::ResetPassword(const Actor& actor,
                                        std::string_view login,
                                        std::string_view password) {
    UNGCUU_ASSIGN_OR_RETURN(id,
                            store_.Read([&](Repositories& repos) -> core::Result<domain::UserId> {
                                auto user = repos.users.GetByLogin(login);
                                if (!user.ok()) {
                                    return UserNotFound();
                                }
                                return user->id;
                            }));
    if (actor.user_id && *actor.user_id == id && !actor.unrestricted) {
        core::Error error = core::InvalidArgument(
            "Để đổi mật khẩu của chính mình, hãy dùng trang Tài khoản (cần mật khẩu hiện tại).",
            "To change your own password, use the Account page (the current password is "
            "needed).");
        error.details.push_back({"password", "dùng trang Tài khoản", "use the Account page"});
        return error;
    }
    UNGCUU_RETURN_IF_ERROR(domain::ValidatePassword(password, login));
    UNGCUU_ASSIGN_OR_RETURN(hash, crypto_.HashPassword(password));
    return ChangeAccount(actor, id, "user.reset_password",
                         [&](Repositories& repos, domain::User& user) -> core::Status {
                             user.password_hash = hash;
                             UNGCUU_RETURN_IF_ERROR(repos.users.Update(user));
                             UNGCUU_RETURN_IF_ERROR(repos.sessions.DeleteAllForUser(user.id));
                             UNGCUU_RETURN_IF_ERROR(repos.tokens.RevokeAllForUser(user.id));
                             return core::Ok();
                         });
}

core::Status UserService::ResetTotp(const Actor& actor, domain::UserId id) {
    return ChangeAccount(actor, id, "user.reset_totp",
                         [](Repositories& repos, domain::User& user) -> core::Status {
                             if (!user.totp_enabled && user.totp_secret.empty()) {
                                 return core::Conflict("Người dùng này chưa bật xác thực hai lớp.",
                                                       "This user has no second factor set up.");
                             }
                             user.totp_enabled = false;
                             user.totp_secret.clear();
                             return repos.users.Update(user);
                         });
}

core::Status UserService::EndSessions(const Actor& actor, domain::UserId id) {
    return ChangeAccount(actor, id, "user.end_sessions",
                         [](Repositories& repos, domain::User& user) -> core::Status {
                             UNGCUU_RETURN_IF_ERROR(repos.sessions.DeleteAllForUser(user.id));
                             UNGCUU_RETURN_IF_ERROR(repos.tokens.RevokeAllForUser(user.id));
                             return core::Ok();
                         });
}

}  // namespace ungcuu::app
