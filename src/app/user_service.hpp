// Use cases for user accounts and their role assignments. Thread-safe.
#pragma once

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
    /// Sets a new password chosen by an administrator (or the CLI operator) and signs the user
    /// out everywhere.
    core::Status ResetPassword(const Actor& actor,
                               std::string_view login,
                               std::string_view password);

private:
    core::Result<domain::User> LoadVisible(Repositories& repos,
                                           const Actor& actor,
                                           domain::UserId id,
                                           domain::Permission permission);
    Store& store_;
    const core::Clock& clock_;
    CredentialCrypto& crypto_;
    AccessEpoch& epoch_;
};

}  // namespace ungcuu::app
