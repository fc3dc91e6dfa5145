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
    auto held = repos.users.Assignments(id);
    if (!held.ok()) {
        return std::move(held).error();
    }
    UNGCUU_RETURN_IF_ERROR(actor.scope.AuthorizeAccountAction(user->unit_path, *held));
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
        auto users = repos.users.List(filter);
        if (!users.ok()) {
            return std::move(users).error();
        }
        page.users = std::move(users).value();
        return core::Ok();
    }));
    if (static_cast<int>(page.users.size()) > limit) {
        page.users.pop_back();
        page.next_cursor = page.users.back().id.value();
    }
    return page;
}

core::Result<domain::User> UserService::Get(const Actor& actor, domain::UserId id) {
    std::optional<domain::User> result;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        auto user = LoadVisible(repos, actor, id);
        if (!user.ok()) {
            return std::move(user).error();
        }
        result = std::move(user).value();
        return core::Ok();
    }));
    return *result;
}

core::Result<domain::User> UserService::Create(const Actor& actor, const NewUser& input) {
    domain::User user;
    user.login = input.login;
    user.full_name = input.full_name;
    user.email = input.email;
    user.unit_id = input.unit_id;
    UNGCUU_RETURN_IF_ERROR(domain::ValidateUserFields(user));
    UNGCUU_RETURN_IF_ERROR(domain::ValidatePassword(input.password, input.login));
    auto hash = crypto_.HashPassword(input.password);
    if (!hash.ok()) {
        return std::move(hash).error();
    }
    user.password_hash = std::move(hash).value();
    const auto now = clock_.Now();
    user.created_at = now;
    std::optional<domain::User> created;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
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
        auto inserted = repos.users.Insert(user);
        if (!inserted.ok()) {
            return std::move(inserted).error();
        }
        created = std::move(inserted).value();
        return WriteAudit(repos, actor, now,
                          {"user.create", "user", created->id.value(), &*unit, "{}",
                           UserSnapshot(*created).ToJson()});
    }));
    return *created;
}

core::Result<domain::User> UserService::Update(const Actor& actor,
                                               domain::UserId id,
                                               const UserPatch& patch) {
    const auto now = clock_.Now();
    std::optional<domain::User> updated;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        auto loaded = LoadForAccountAction(repos, actor, id);
        if (!loaded.ok()) {
            return std::move(loaded).error();
        }
        const domain::User before = *loaded;
        domain::User user = std::move(loaded).value();
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
        updated = user;
        return WriteAudit(
            repos, actor, now,
            {user.active == before.active ? "user.update"
                                          : (user.active ? "user.activate" : "user.deactivate"),
             "user", id.value(), unit.ok() ? &*unit : nullptr, UserSnapshot(before).ToJson(),
             UserSnapshot(user).ToJson()});
    }));
    epoch_.Bump();
    return *updated;
}

core::Result<std::vector<domain::RoleAssignment>> UserService::Assignments(const Actor& actor,
                                                                           domain::UserId id) {
    std::vector<domain::RoleAssignment> result;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        auto user = LoadVisible(repos, actor, id);
        if (!user.ok()) {
            return std::move(user).error();
        }
        auto assignments = repos.users.Assignments(id);
        if (!assignments.ok()) {
            return std::move(assignments).error();
        }
        result = std::move(assignments).value();
        return core::Ok();
    }));
    return result;
}

core::Result<domain::RoleAssignment> UserService::Grant(const Actor& actor,
                                                        domain::UserId user_id,
                                                        domain::UnitId unit_id,
                                                        domain::Role role,
                                                        bool local) {
    const auto now = clock_.Now();
    std::optional<domain::RoleAssignment> granted;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        auto user = LoadVisible(repos, actor, user_id);
        if (!user.ok()) {
            return std::move(user).error();
        }
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
        granted = std::move(added).value();
        return WriteAudit(
            repos, actor, now,
            {"user.grant_role", "user", user_id.value(), &*unit, "{}", AssignmentJson(*granted)});
    }));
    epoch_.Bump();
    return *granted;
}

core::Status UserService::Revoke(const Actor& actor,
                                 domain::UserId user_id,
                                 domain::AssignmentId assignment_id) {
    const auto now = clock_.Now();
    auto status = store_.Write([&](Repositories& repos) -> core::Status {
        // Taking a role away acts on the account: the caller must reach all of it.
        auto user = LoadForAccountAction(repos, actor, user_id);
        if (!user.ok()) {
            return std::move(user).error();
        }
        auto assignments = repos.users.Assignments(user_id);
        if (!assignments.ok()) {
            return std::move(assignments).error();
        }
        const auto found =
            std::find_if(assignments->begin(), assignments->end(),
                         [&](const domain::RoleAssignment& a) { return a.id == assignment_id; });
        if (found == assignments->end()) {
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
        auto user = LoadForAccountAction(repos, actor, id);
        if (!user.ok()) {
            return std::move(user).error();
        }
        UNGCUU_RETURN_IF_ERROR(change(repos, *user));
        auto unit = repos.units.Get(user->unit_id);
        return WriteAudit(repos, actor, now,
                          {std::string(action), "user", user->id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", "{}"});
    });
    epoch_.Bump();
    return status;
}

core::Status UserService::ResetPassword(const Actor& actor,
                                        std::string_view login,
                                        std::string_view password) {
    std::optional<domain::UserId> id;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        auto user = repos.users.GetByLogin(login);
        if (!user.ok()) {
            return UserNotFound();
        }
        id = user->id;
        return core::Ok();
    }));
    if (actor.user_id && *actor.user_id == *id && !actor.unrestricted) {
        core::Error error = core::InvalidArgument(
            "Để đổi mật khẩu của chính mình, hãy dùng trang Tài khoản (cần mật khẩu hiện tại).",
            "To change your own password, use the Account page (the current password is "
            "needed).");
        error.details.push_back({"password", "dùng trang Tài khoản", "use the Account page"});
        return error;
    }
    UNGCUU_RETURN_IF_ERROR(domain::ValidatePassword(password, login));
    auto hash = crypto_.HashPassword(password);
    if (!hash.ok()) {
        return std::move(hash).error();
    }
    return ChangeAccount(actor, *id, "user.reset_password",
                         [&](Repositories& repos, domain::User& user) -> core::Status {
                             user.password_hash = *hash;
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
