// Use cases for user accounts and their role assignments. Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/access_epoch.hpp"
#include "app/actor.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

struct NewUser {
    std::string login;
    std::string full_name;
    std::string email;
    domain::UnitId unit_id;
    std::string password;
};

struct UserPatch {
    std::optional<std::string> full_name;
    std::optional<std::string> email;
    std::optional<bool> active;
};

struct UserQuery {
    std::optional<domain::UnitId> unit_id;
    std::string search;
    std::int64_t after_id = 0;
    int limit = 50;
};

struct UserPage {
    std::vector<domain::User> users;
    std::int64_t next_cursor = 0;
};

class UserService {
public:
    UserService(Store& store,
                const core::Clock& clock,
                CredentialCrypto& crypto,
                AccessEpoch& epoch)
        : store_(store), clock_(clock), crypto_(crypto), epoch_(epoch) {}

    core::Result<UserPage> List(const Actor& actor, const UserQuery& query);
    core::Result<domain::User> Get(const Actor& actor, domain::UserId id);
    core::Result<domain::User> Create(const Actor& actor, const NewUser& input);
    core::Result<domain::User> Update(const Actor& actor,
                                      domain::UserId id,
                                      const UserPatch& patch);
    core::Result<std::vector<domain::RoleAssignment>> Assignments(const Actor& actor,
                                                                  domain::UserId id);
    core::Result<domain::RoleAssignment> Grant(const Actor& actor,
                                               domain::UserId user,
                                               domain::UnitId unit,
                                               domain::Role role,
                                               bool local);
    core::Status Revoke(const Actor& actor, domain::UserId user, domain::AssignmentId assignment);
    /// Sets a new password chosen by an administrator (or the CLI operator), signs the user
    /// out everywhere and revokes their API tokens. One's own password is changed through
    /// AuthService::ChangePassword (it needs the current one).
    core::Status ResetPassword(const Actor& actor,
                               std::string_view login,
                               std::string_view password);
    /// Turns another person's second factor off (a lost phone); they set it up again.
    core::Status ResetTotp(const Actor& actor, domain::UserId id);
    /// Ends every session of another person and revokes their API tokens (a stolen laptop).
    core::Status EndSessions(const Actor& actor, domain::UserId id);

private:
    /// The user, when the caller sees their home unit (kUserRead there, or the user themself).
    core::Result<domain::User> LoadVisible(Repositories& repos,
                                           const Actor& actor,
                                           domain::UserId id);
    /// The user, when the caller may act on their account (Scope::AuthorizeAccountAction).
    core::Result<domain::User> LoadForAccountAction(Repositories& repos,
                                                    const Actor& actor,
                                                    domain::UserId id);
    /// One change to another person's account in one transaction with its audit entry.
    core::Status ChangeAccount(
        const Actor& actor,
        domain::UserId id,
        std::string_view action,
        const std::function<core::Status(Repositories&, domain::User&)>& change);
    Store& store_;
    const core::Clock& clock_;
    CredentialCrypto& crypto_;
    AccessEpoch& epoch_;
};

}  // namespace ungcuu::app
