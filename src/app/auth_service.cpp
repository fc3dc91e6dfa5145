#include "app/auth_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/audit_writer.hpp"
#include "core/text.hpp"

namespace ungcuu::app {

namespace {

core::Error BadCredentials() {
    return core::Error::Make(core::ErrorCode::kUnauthenticated,
                             "Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong login or password.");
}

core::Error SessionExpired() {
    return core::Error::Make(core::ErrorCode::kUnauthenticated,
                             "Phiên đăng nhập đã hết hạn hoặc không hợp lệ; hãy đăng nhập lại.",
                             "The session has expired or is invalid; sign in again.");
}

std::string LowerAscii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

}  // namespace

Actor Principal::ToActor(std::string address, std::string request_id) const {
    Actor actor;
    actor.user_id = user.id;
    actor.login = user.login;
    actor.scope = domain::Scope(assignments);
    actor.address = std::move(address);
    actor.request_id = std::move(request_id);
    return actor;
}

AuthService::AuthService(Store& store,
                         const core::Clock& clock,
                         CredentialCrypto& crypto,
                         core::Random& random,
                         AccessEpoch& epoch,
                         AuthOptions options)
    : store_(store),
      clock_(clock),
      crypto_(crypto),
      random_(random),
      epoch_(epoch),
      options_(options) {
    auto hash = crypto_.HashPassword(core::HexEncode(random_.Bytes(16)));
    dummy_hash_ = hash.ok() ? *hash : std::string();
}

core::Status AuthService::RecordFailure(const SignInRequest& request, const core::TimePoint now) {
    return store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_RETURN_IF_ERROR(repos.throttle.Prune(now - options_.throttle_window));
        UNGCUU_RETURN_IF_ERROR(
            repos.throttle.RecordFailure("login:" + LowerAscii(request.login), now));
        return repos.throttle.RecordFailure("addr:" + request.address, now);
    });
}

core::Result<SignedIn> AuthService::SignIn(const SignInRequest& request) {
    const auto now = clock_.Now();
    const std::string login = LowerAscii(core::Trim(request.login));
    if (login.empty() || request.password.empty()) {
        return core::InvalidArgument("Hãy nhập tên đăng nhập và mật khẩu.",
                                     "Enter a login and a password.");
    }
    // Throttling first, so a locked-out attacker learns nothing about the password.
    std::int64_t login_failures = 0;
    std::int64_t address_failures = 0;
    std::optional<domain::User> user;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        const auto since = now - options_.throttle_window;
        auto by_login = repos.throttle.CountSince("login:" + login, since);
        auto by_address = repos.throttle.CountSince("addr:" + request.address, since);
        if (!by_login.ok()) {
            return std::move(by_login).error();
        }
        if (!by_address.ok()) {
            return std::move(by_address).error();
        }
        login_failures = *by_login;
        address_failures = *by_address;
        auto found = repos.users.GetByLogin(login);
        if (found.ok()) {
            user = std::move(found).value();
        }
        return core::Ok();
    }));
    if (login_failures >= options_.max_failures_per_login ||
        address_failures >= options_.max_failures_per_address) {
        const auto minutes = options_.throttle_window.count();
        return core::Error::Make(
            core::ErrorCode::kTooManyRequests,
            fmt::format("Đăng nhập sai quá nhiều lần. Hãy thử lại sau {} phút hoặc liên hệ quản "
                        "trị để đặt lại mật khẩu.",
                        minutes),
            fmt::format("Too many failed sign-ins. Try again in {} minutes or ask an "
                        "administrator to reset the password.",
                        minutes));
    }
    const bool password_ok = user ? crypto_.VerifyPassword(user->password_hash, request.password)
                                  : (crypto_.VerifyPassword(dummy_hash_, request.password), false);
    if (!user || !password_ok || !user->active) {
        UNGCUU_RETURN_IF_ERROR(RecordFailure(request, now));
        return BadCredentials();
    }
    if (user->totp_enabled) {
        if (request.totp.empty()) {
            core::Error error = core::Error::Make(
                core::ErrorCode::kUnauthenticated,
                "Tài khoản dùng xác thực hai lớp: hãy nhập mã 6 số từ ứng dụng xác thực.",
                "This account uses two-factor authentication: enter the 6-digit code.");
            error.details.push_back({"totp", "cần mã", "required"});
            return error;
        }
        if (!CheckTotp(user->totp_secret, request.totp, now)) {
            UNGCUU_RETURN_IF_ERROR(RecordFailure(request, now));
            core::Error error =
                core::Error::Make(core::ErrorCode::kUnauthenticated,
                                  "Mã xác thực hai lớp không đúng.", "Wrong two-factor code.");
            error.details.push_back({"totp", "sai mã", "wrong code"});
            return error;
        }
    }
    SignedIn signed_in;
    signed_in.session_token = core::Base64UrlEncode(random_.Bytes(32));
    signed_in.lifetime = options_.absolute_timeout;
    SessionRecord record{crypto_.TokenDigest(signed_in.session_token),
                         user->id,
                         core::Base64UrlEncode(random_.Bytes(24)),
                         request.address,
                         now,
                         now,
                         now + options_.absolute_timeout};
    Actor actor;
    actor.user_id = user->id;
    actor.login = user->login;
    actor.address = request.address;
    actor.request_id = request.request_id;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_RETURN_IF_ERROR(repos.throttle.Clear("login:" + login));
        UNGCUU_RETURN_IF_ERROR(repos.sessions.DeleteExpired(now));
        UNGCUU_RETURN_IF_ERROR(repos.sessions.Insert(record));
        auto principal = LoadPrincipal(repos, user->id);
        if (!principal.ok()) {
            return std::move(principal).error();
        }
        signed_in.principal = std::move(principal).value();
        signed_in.principal.csrf_token = record.csrf_token;
        auto unit = repos.units.Get(user->unit_id);
        return WriteAudit(repos, actor, now,
                          {"session.sign_in", "user", user->id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", "{}"});
    }));
    return signed_in;
}

core::Result<Principal> AuthService::LoadPrincipal(Repositories& repos, domain::UserId user_id) {
    auto user = repos.users.Get(user_id);
    if (!user.ok() || !user->active) {
        return SessionExpired();
    }
    auto assignments = repos.users.Assignments(user_id);
    if (!assignments.ok()) {
        return std::move(assignments).error();
    }
    Principal principal;
    principal.user = std::move(user).value();
    principal.assignments = std::move(assignments).value();
    return principal;
}

std::optional<Principal> AuthService::CachedPrincipal(const std::string& digest,
                                                      core::TimePoint now) {
    std::lock_guard lock(cache_mutex_);
    const auto found = cache_.find(digest);
    if (found == cache_.end()) {
        return std::nullopt;
    }
    const CachedSession& cached = found->second;
    const bool fresh = cached.epoch == epoch_.Current() && now >= cached.loaded_at &&
                       now - cached.loaded_at < options_.principal_cache_ttl;
    // Expiry and the idle timer are checked on every request; near the idle refresh the
    // database path runs, so that the refresh is written.
    const bool valid = now < cached.session.expires_at &&
                       now - cached.session.last_seen_at < std::chrono::minutes(1);
    if (!fresh || !valid) {
        cache_.erase(found);
        return std::nullopt;
    }
    return cached.principal;
}

void AuthService::Remember(const std::string& digest,
                           const SessionRecord& session,
                           const Principal& principal,
                           core::TimePoint now,
                           std::uint64_t epoch) {
    std::lock_guard lock(cache_mutex_);
    if (cache_.size() >= 10'000) {
        cache_.clear();  // bounded memory; entries are cheap to reload
    }
    cache_[digest] = CachedSession{session, principal, now, epoch};
}

void AuthService::Forget(const std::string& digest) {
    std::lock_guard lock(cache_mutex_);
    cache_.erase(digest);
}

core::Result<Principal> AuthService::Authenticate(std::string_view session_token) {
    if (session_token.empty()) {
        return core::Error::Make(core::ErrorCode::kUnauthenticated, "Bạn chưa đăng nhập.",
                                 "You are not signed in.");
    }
    const auto now = clock_.Now();
    const std::string digest = crypto_.TokenDigest(session_token);
    if (auto cached = CachedPrincipal(digest, now)) {
        return std::move(*cached);
    }
    // Read the epoch before the database, so a change committed meanwhile invalidates this entry.
    const std::uint64_t epoch = epoch_.Current();
    std::optional<Principal> principal;
    std::optional<SessionRecord> session_record;
    bool touch = false;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        auto session = repos.sessions.Find(digest);
        if (!session.ok()) {
            return std::move(session).error();
        }
        if (!*session || now >= (*session)->expires_at ||
            now - (*session)->last_seen_at >= options_.idle_timeout) {
            return SessionExpired();
        }
        auto loaded = LoadPrincipal(repos, (*session)->user_id);
        if (!loaded.ok()) {
            return std::move(loaded).error();
        }
        principal = std::move(loaded).value();
        principal->csrf_token = (*session)->csrf_token;
        session_record = **session;
        // Refresh the idle timer at most once a minute, to keep reads free of writes.
        touch = now - (*session)->last_seen_at >= std::chrono::minutes(1);
        return core::Ok();
    }));
    if (touch) {
        UNGCUU_RETURN_IF_ERROR(
            store_.Write([&](Repositories& repos) { return repos.sessions.Touch(digest, now); }));
        session_record->last_seen_at = now;
    }
    Remember(digest, *session_record, *principal, now, epoch);
    return *principal;
}

core::Result<Principal> AuthService::AuthenticateApiToken(std::string_view token) {
    const std::string digest = crypto_.TokenDigest(token);
    std::optional<Principal> principal;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        auto found = repos.tokens.FindByDigest(digest);
        if (!found.ok()) {
            return std::move(found).error();
        }
        if (!*found || (*found)->revoked) {
            return core::Error::Make(core::ErrorCode::kUnauthenticated,
                                     "Mã truy cập API không hợp lệ hoặc đã bị thu hồi.",
                                     "The API token is invalid or revoked.");
        }
        auto loaded = LoadPrincipal(repos, (*found)->user_id);
        if (!loaded.ok()) {
            return std::move(loaded).error();
        }
        principal = std::move(loaded).value();
        principal->via_api_token = true;
        return core::Ok();
    }));
    return *principal;
}

core::Status AuthService::SignOut(std::string_view session_token, const Actor& actor) {
    const auto now = clock_.Now();
    const std::string digest = crypto_.TokenDigest(session_token);
    Forget(digest);
    return store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_RETURN_IF_ERROR(repos.sessions.Delete(digest));
        auto user = LoadSelf(repos, actor);
        if (!user.ok()) {
            return std::move(user).error();
        }
        auto unit = repos.units.Get(user->unit_id);
        return WriteAudit(repos, actor, now,
                          {"session.sign_out", "user", user->id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", "{}"});
    });
}

core::Status AuthService::SignOutEverywhere(const Actor& actor) {
    const auto now = clock_.Now();
    auto status = store_.Write([&](Repositories& repos) -> core::Status {
        auto user = LoadSelf(repos, actor);
        if (!user.ok()) {
            return std::move(user).error();
        }
        UNGCUU_RETURN_IF_ERROR(repos.sessions.DeleteAllForUser(user->id));
        auto unit = repos.units.Get(user->unit_id);
        return WriteAudit(repos, actor, now,
                          {"session.sign_out_everywhere", "user", user->id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", "{}"});
    });
    epoch_.Bump();
    return status;
}

core::Result<domain::User> AuthService::LoadSelf(Repositories& repos, const Actor& actor) {
    if (!actor.user_id) {
        return core::Error::Make(core::ErrorCode::kUnauthenticated, "Bạn chưa đăng nhập.",
                                 "You are not signed in.");
    }
    return repos.users.Get(*actor.user_id);
}

core::Status AuthService::ChangePassword(const Actor& actor,
                                         std::string_view current,
                                         std::string_view replacement) {
    const auto now = clock_.Now();
    std::optional<domain::User> user;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        auto self = LoadSelf(repos, actor);
        if (!self.ok()) {
            return std::move(self).error();
        }
        user = std::move(self).value();
        return core::Ok();
    }));
    if (!crypto_.VerifyPassword(user->password_hash, current)) {
        return core::InvalidArgument("Mật khẩu hiện tại không đúng.",
                                     "The current password is wrong.");
    }
    UNGCUU_RETURN_IF_ERROR(domain::ValidatePassword(replacement, user->login));
    auto hash = crypto_.HashPassword(replacement);
    if (!hash.ok()) {
        return std::move(hash).error();
    }
    user->password_hash = *hash;
    auto status = store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_RETURN_IF_ERROR(repos.users.Update(*user));
        // Other sessions end; the caller signs in again with the new password.
        UNGCUU_RETURN_IF_ERROR(repos.sessions.DeleteAllForUser(user->id));
        auto unit = repos.units.Get(user->unit_id);
        return WriteAudit(repos, actor, now,
                          {"user.change_password", "user", user->id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", "{}"});
    });
    epoch_.Bump();
    return status;
}

bool AuthService::CheckTotp(std::string_view secret, std::string_view code, core::TimePoint now) {
    if (code.size() != 6 || secret.empty()) {
        return false;
    }
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const auto counter = static_cast<std::uint64_t>(seconds / 30);
    for (const std::uint64_t step : {counter - 1, counter, counter + 1}) {
        if (crypto_.TotpCode(secret, step) == code) {
            return true;
        }
    }
    return false;
}

core::Result<TotpSetup> AuthService::BeginTotp(const Actor& actor) {
    const std::string secret = random_.Bytes(20);
    TotpSetup setup;
    setup.secret_base32 = core::Base32Encode(secret);
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        auto user = LoadSelf(repos, actor);
        if (!user.ok()) {
            return std::move(user).error();
        }
        if (user->totp_enabled) {
            return core::Conflict("Xác thực hai lớp đã được bật.",
                                  "Two-factor authentication is already on.");
        }
        user->totp_secret = secret;
        setup.otpauth_uri = fmt::format("otpauth://totp/ungcuu:{}?secret={}&issuer=ungcuu",
                                        user->login, setup.secret_base32);
        return repos.users.Update(*user);
    }));
    return setup;
}

core::Status AuthService::ConfirmTotp(const Actor& actor, std::string_view code) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Status {
        auto user = LoadSelf(repos, actor);
        if (!user.ok()) {
            return std::move(user).error();
        }
        if (user->totp_secret.empty()) {
            return core::Conflict("Hãy bắt đầu cài đặt xác thực hai lớp trước.",
                                  "Start the two-factor set-up first.");
        }
        if (!CheckTotp(user->totp_secret, code, now)) {
            return core::InvalidArgument(
                "Mã xác thực không đúng; hãy kiểm tra giờ trên điện "
                "thoại và thử lại.",
                "Wrong code; check the phone's clock and try again.");
        }
        user->totp_enabled = true;
        UNGCUU_RETURN_IF_ERROR(repos.users.Update(*user));
        auto unit = repos.units.Get(user->unit_id);
        return WriteAudit(repos, actor, now,
                          {"user.totp_enable", "user", user->id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", "{}"});
    });
}

core::Status AuthService::DisableTotp(const Actor& actor, std::string_view password) {
    const auto now = clock_.Now();
    auto status = store_.Write([&](Repositories& repos) -> core::Status {
        auto user = LoadSelf(repos, actor);
        if (!user.ok()) {
            return std::move(user).error();
        }
        if (!crypto_.VerifyPassword(user->password_hash, password)) {
            return core::InvalidArgument("Mật khẩu không đúng.", "Wrong password.");
        }
        user->totp_enabled = false;
        user->totp_secret.clear();
        UNGCUU_RETURN_IF_ERROR(repos.users.Update(*user));
        auto unit = repos.units.Get(user->unit_id);
        return WriteAudit(repos, actor, now,
                          {"user.totp_disable", "user", user->id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", "{}"});
    });
    epoch_.Bump();
    return status;
}

core::Result<NewApiToken> AuthService::CreateApiToken(const Actor& actor, std::string_view name) {
    const std::string trimmed(core::Trim(name));
    if (trimmed.empty() || trimmed.size() > 100 || !core::IsValidUtf8(trimmed)) {
        return core::InvalidArgument("Tên mã truy cập phải có từ 1 đến 100 ký tự.",
                                     "The token name must be 1 to 100 characters.");
    }
    const auto now = clock_.Now();
    NewApiToken created;
    created.secret = "ucu_" + core::Base64UrlEncode(random_.Bytes(32));
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        auto user = LoadSelf(repos, actor);
        if (!user.ok()) {
            return std::move(user).error();
        }
        ApiToken token;
        token.user_id = user->id;
        token.name = trimmed;
        token.token_digest = crypto_.TokenDigest(created.secret);
        token.created_at = now;
        auto inserted = repos.tokens.Insert(token);
        if (!inserted.ok()) {
            return std::move(inserted).error();
        }
        created.token = std::move(inserted).value();
        auto unit = repos.units.Get(user->unit_id);
        return WriteAudit(
            repos, actor, now,
            {"token.create", "token", created.token.id.value(), unit.ok() ? &*unit : nullptr, "{}",
             core::FieldSnapshot().Add("name", std::string_view(trimmed)).ToJson()});
    }));
    return created;
}

core::Result<std::vector<ApiToken>> AuthService::ListApiTokens(const Actor& actor) {
    std::vector<ApiToken> tokens;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        auto user = LoadSelf(repos, actor);
        if (!user.ok()) {
            return std::move(user).error();
        }
        auto listed = repos.tokens.ListForUser(user->id);
        if (!listed.ok()) {
            return std::move(listed).error();
        }
        tokens = std::move(listed).value();
        return core::Ok();
    }));
    return tokens;
}

core::Status AuthService::RevokeApiToken(const Actor& actor, domain::TokenId id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Status {
        auto user = LoadSelf(repos, actor);
        if (!user.ok()) {
            return std::move(user).error();
        }
        UNGCUU_RETURN_IF_ERROR(repos.tokens.Revoke(id, user->id));
        auto unit = repos.units.Get(user->unit_id);
        return WriteAudit(
            repos, actor, now,
            {"token.revoke", "token", id.value(), unit.ok() ? &*unit : nullptr, "{}", "{}"});
    });
}

}  // namespace ungcuu::app
