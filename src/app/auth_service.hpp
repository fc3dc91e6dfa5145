// Signing in and out, sessions, API tokens, TOTP second factor, password change and sign-in
// throttling. Session and API tokens are random, handed to the client once, and stored only as
// digests. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/access_epoch.hpp"
#include "app/actor.hpp"
#include "app/ports.hpp"
#include "core/random.hpp"

namespace ungcuu::app {

struct AuthOptions {
    std::chrono::minutes idle_timeout{120};
    std::chrono::hours absolute_timeout{12};
    std::chrono::minutes throttle_window{15};
    std::int64_t max_failures_per_login = 5;
    std::int64_t max_failures_per_address = 20;
    /// How long a session's principal (user and roles) is reused without reading the database.
    /// Changes made through this process drop the cache at once (AccessEpoch); changes made by
    /// another server of the same cluster are seen after at most this long.
    std::chrono::milliseconds principal_cache_ttl{2000};
};

struct SignInRequest {
    std::string login;
    std::string password;
    std::string totp;
    std::string address;
    std::string request_id;
};

/// The authenticated caller of a request.
struct Principal {
    domain::User user;
    std::vector<domain::RoleAssignment> assignments;
    std::string csrf_token;  // empty for API tokens, which need no CSRF token
    bool via_api_token = false;
    Actor ToActor(std::string address, std::string request_id) const;
};

struct SignedIn {
    std::string session_token;         // goes into the cookie; never stored
    Principal principal;               // the user, their roles and the session's CSRF token
    std::chrono::seconds lifetime{0};  // until the session's absolute expiry
};

struct TotpSetup {
    std::string secret_base32;
    std::string otpauth_uri;
};

struct NewApiToken {
    ApiToken token;
    std::string secret;  // shown once
};

class AuthService {
public:
    AuthService(Store& store,
                const core::Clock& clock,
                CredentialCrypto& crypto,
                core::Random& random,
                AccessEpoch& epoch,
                AuthOptions options = {});

    core::Result<SignedIn> SignIn(const SignInRequest& request);
    /// kUnauthenticated when the session is unknown, expired or its user inactive.
    core::Result<Principal> Authenticate(std::string_view session_token);
    core::Result<Principal> AuthenticateApiToken(std::string_view token);
    core::Status SignOut(std::string_view session_token, const Actor& actor);
    core::Status SignOutEverywhere(const Actor& actor);
    core::Status ChangePassword(const Actor& actor,
                                std::string_view current,
                                std::string_view replacement);

    core::Result<TotpSetup> BeginTotp(const Actor& actor);
    core::Status ConfirmTotp(const Actor& actor, std::string_view code);
    core::Status DisableTotp(const Actor& actor, std::string_view password);

    core::Result<NewApiToken> CreateApiToken(const Actor& actor, std::string_view name);
    core::Result<std::vector<ApiToken>> ListApiTokens(const Actor& actor);
    core::Status RevokeApiToken(const Actor& actor, domain::TokenId id);

    /// Checks a 6-digit code against `secret` at `now`, allowing one step of clock drift.
    bool CheckTotp(std::string_view secret, std::string_view code, core::TimePoint now);

private:
    core::Result<Principal> LoadPrincipal(Repositories& repos, domain::UserId user_id);
    core::Status RecordFailure(const SignInRequest& request, const core::TimePoint now);
    core::Result<domain::User> LoadSelf(Repositories& repos, const Actor& actor);
    std::optional<Principal> CachedPrincipal(const std::string& digest, core::TimePoint now);
    void Remember(const std::string& digest,
                  const SessionRecord& session,
                  const Principal& principal,
                  core::TimePoint now,
                  std::uint64_t epoch);
    void Forget(const std::string& digest);

    struct CachedSession {
        SessionRecord session;
        Principal principal;
        core::TimePoint loaded_at;
        std::uint64_t epoch = 0;
    };

    Store& store_;
    const core::Clock& clock_;
    CredentialCrypto& crypto_;
    core::Random& random_;
    AccessEpoch& epoch_;
    AuthOptions options_;
    std::mutex cache_mutex_;
    std::unordered_map<std::string, CachedSession> cache_;  // guarded by cache_mutex_
    std::string dummy_hash_;  // verified against when the login is unknown, to even out timing
};

}  // namespace ungcuu::app
