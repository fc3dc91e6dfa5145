// Who performs a use case: a signed-in user (with their scope), or the operator at the CLI,
// who acts on the whole database. Carried into every service call and into the audit log.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "domain/access.hpp"
#include "domain/ids.hpp"

namespace ungcuu::app {

struct Actor {
    std::optional<domain::UserId> user_id;
    std::string login;
    domain::Scope scope;
    bool unrestricted = false;  // CLI operator and system jobs
    /// Signed in with an API token rather than a session: such a caller may not change the
    /// account's credentials (password, second factor) or create tokens.
    bool via_api_token = false;
    std::string address;
    std::string request_id;

    static Actor Cli() {
        Actor actor;
        actor.login = "cli";
        actor.address = "cli";
        actor.unrestricted = true;
        return actor;
    }

    core::Status Authorize(std::string_view unit_path, domain::Permission permission) const {
        return unrestricted ? core::Ok() : scope.Authorize(unit_path, permission);
    }
};

}  // namespace ungcuu::app
