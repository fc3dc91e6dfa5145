// Users who sign in, and the audit trail of every change.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"

namespace ungcuu::domain {

struct User {
    UserId id;
    std::string login;
    std::string full_name;
    std::string email;
    UnitId unit_id;         // home unit; the user is listed within this unit's scope
    std::string unit_path;  // loaded with the user
    bool active = true;
    std::string password_hash;
    std::string totp_secret;  // raw bytes; empty when no second factor is set up
    bool totp_enabled = false;
    /// The 30-second step of the last second-factor code taken: a code is good once.
    std::int64_t totp_last_step = 0;
    core::TimePoint created_at;
};

/// Logins: 3–64 characters of a–z 0–9 . _ - @ (lower case, so sign-in is not case-sensitive).
core::Status ValidateUserFields(const User& user);
/// Passwords: 10–256 bytes of valid UTF-8, not equal to the login.
core::Status ValidatePassword(std::string_view password, std::string_view login);

struct AuditEntry {
    AuditId id;
    core::TimePoint at;
    std::optional<UserId> actor_id;
    std::string actor_login;  // "system" / "cli" when no user acted
    std::string address;      // client IP, or "cli"
    std::string request_id;
    std::string action;       // "unit.create", "user.grant_role", …
    std::string object_type;  // "unit", "user", "person", "contact", "session"
    std::int64_t object_id = 0;
    std::optional<UnitId> unit_id;  // the unit the change belongs to (scopes reading)
    std::string unit_path;
    std::string before_json;  // "{}" when nothing existed before
    std::string after_json;   // "{}" when nothing exists after
};

}  // namespace ungcuu::domain
