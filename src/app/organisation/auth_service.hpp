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

/// Sign-in throttling. Failures are counted within `throttle_window` per account *from one
/// address* (so that someone elsewhere cannot lock the owner out), per address (one address
/// guessing many accounts) and per account's second factor. Past the free failures of a key,
/// each further attempt waits `first_delay` doubled per failure, at most the window.
struct AuthOptions {
    std::chrono::minutes idle_timeout{120};
    std::chrono::hours absolute_timeout{12};
    std::chrono::minutes throttle_window{15};
    std::int64_t free_failures_per_account_address = 5;
    std::int64_t free_failures_per_address = 20;
    std::int64_t free_failures_per_second_factor = 5;
    std::chrono::seconds first_delay{30};
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
    /// The caller's own password: needs the current one and, when the second factor is on, a
    /// fresh code. Every session ends (the caller signs in again) and every API token is
    /// revoked unless `keep_tokens`. Not through an API token.
    core::Status ChangePassword(const Actor& actor,
                                std::string_view current,
                                std::string_view replacement,
                                std::string_view totp_code,
                                bool keep_tokens);

    /// Starts (or restarts) setting up the second factor; needs the current password.
    core::Result<TotpSetup> BeginTotp(const Actor& actor, std::string_view password);
    core::Status ConfirmTotp(const Actor& actor, std::string_view code);
    /// Turns the second factor off; needs the password and a fresh code.
    core::Status DisableTotp(const Actor& actor, std::string_view password, std::string_view code);

    core::Result<NewApiToken> CreateApiToken(const Actor& actor, std::string_view name);
    core::Result<std::vector<ApiToken>> ListApiTokens(const Actor& actor);
    core::Status RevokeApiToken(const Actor& actor, domain::TokenId id);

    /// The 30-second step whose code `code` is, for `secret` at `now` (one step of clock drift
    /// allowed either way); nullopt when it is none of them.
    std::optional<std::int64_t> TotpStep(std::string_view secret,
                                         std::string_view code,
                                         core::TimePoint now);

    /// How long a key with these failures must still wait at `now` (zero: not at all).
    std::chrono::seconds WaitFor(const FailureWindow& failures,
                                 std::int64_t free_failures,
                                 core::TimePoint now) const;

private:
    core::Result<Principal> LoadPrincipal(Repositories& repos, domain::UserId user_id);
    core::Status RecordFailure(const std::vector<std::string>& keys, core::TimePoint now);
    /// kTooManyRequests (with the wait) when any of `keys` must still wait.
    core::Status CheckThrottle(const std::vector<std::pair<std::string, std::int64_t>>& keys,
                               core::TimePoint now);
    /// Checks the caller's own password (and, when `code` is needed, a second-factor code that
    /// is then used up), throttled like signing in from the caller's address.
    core::Status ProveSelf(const Actor& actor,
                           const domain::User& user,
                           std::string_view password,
                           std::optional<std::string_view> code,
                           core::TimePoint now);
    /// Takes a second-factor code of `user`: throttled per account, good once (the step is
    /// recorded), a failure counted against the account's factor and `address`.
    core::Status UseSecondFactor(const domain::User& user,
                                 std::string_view code,
                                 std::string_view address,
                                 core::TimePoint now);
    core::Result<domain::User> LoadSelf(Repositories& repos, const Actor& actor);
    /// The caller's own account, in a read transaction of its own.
    core::Result<domain::User> ReadSelf(const Actor& actor);
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
