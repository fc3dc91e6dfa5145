#include "app/organisation/auth_service.hpp"

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

// The login as accounts are looked up: trimmed and lower case. Throttling keys use the same.
std::string NormalLogin(std::string_view text) {
    std::string out(core::Trim(text));
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

std::string AccountKey(std::string_view login, std::string_view address) {
    return fmt::format("acct:{}|{}", login, address);
}

std::string AddressKey(std::string_view address) { return fmt::format("addr:{}", address); }

std::string SecondFactorKey(domain::UserId user) { return fmt::format("totp:{}", user.value()); }

core::Error NoCredentialChangesByToken() {
    return core::Error::Make(
        core::ErrorCode::kPermissionDenied,
        "Mã truy cập API không được dùng để đổi mật khẩu, xác thực hai lớp hay tạo mã truy cập "
        "mới; hãy đăng nhập bằng mật khẩu.",
        "An API token may not change the password or the second factor, nor create tokens; "
        "sign in with the password.");
}

core::Error WrongSecondFactor() {
    core::Error error =
        core::Error::Make(core::ErrorCode::kUnauthenticated,
                          "Mã xác thực hai lớp không đúng hoặc đã được dùng; hãy chờ mã mới.",
                          "Wrong or already used two-factor code; wait for the next one.");
    error.details.push_back({"totp", "sai mã hoặc mã đã dùng", "wrong or used code"});
    return error;
}

}  // namespace

Actor Principal::ToActor(std::string address, std::string request_id) const {
    Actor actor;
    actor.user_id = user.id;
    actor.login = user.login;
    actor.scope = domain::Scope(assignments);
    actor.via_api_token = via_api_token;
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

std::chrono::seconds AuthService::WaitFor(const FailureWindow& failures,
                                          std::int64_t free_failures,
                                          core::TimePoint now) const {
    if (failures.count < free_failures || !failures.last) {
        return std::chrono::seconds(0);
    }
    const std::chrono::seconds cap = options_.throttle_window;
    std::chrono::seconds delay = options_.first_delay;
    for (std::int64_t i = free_failures; i < failures.count && delay < cap; ++i) {
        delay *= 2;
    }
    delay = std::min(delay, cap);
    const auto allowed_at = *failures.last + delay;
    if (now >= allowed_at) {
        return std::chrono::seconds(0);
    }
    // Rounded up, so that a client waiting exactly this long is let in.
    return std::chrono::ceil<std::chrono::seconds>(allowed_at - now);
}

core::Status AuthService::CheckThrottle(
    const std::vector<std::pair<std::string, std::int64_t>>& keys, core::TimePoint now) {
    std::chrono::seconds wait{0};
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        for (const auto& [key, free_failures] : keys) {
            UNGCUU_ASSIGN_OR_RETURN(
                failures, repos.throttle.FailuresSince(key, now - options_.throttle_window));
            wait = std::max(wait, WaitFor(failures, free_failures, now));
        }
        return core::Ok();
    }));
    if (wait.count() == 0) {
        return core::Ok();
    }
    core::Error error = core::Error::Make(
        core::ErrorCode::kTooManyRequests,
        fmt::format("Nhập sai quá nhiều lần. Hãy thử lại sau {} giây; nếu quên mật khẩu, hãy nhờ "
                    "quản trị đặt lại.",
                    wait.count()),
        fmt::format("Too many failed attempts. Try again in {} seconds; if the password is "
                    "forgotten, ask an administrator to reset it.",
                    wait.count()));
    error.retry_after_seconds = wait.count();
    return error;
}

core::Status AuthService::RecordFailure(const std::vector<std::string>& keys, core::TimePoint now) {
    return store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_RETURN_IF_ERROR(repos.throttle.Prune(now - options_.throttle_window));
        for (const auto& key : keys) {
            UNGCUU_RETURN_IF_ERROR(repos.throttle.RecordFailure(key, now));
        }
        return core::Ok();
    });
}

core::Result<SignedIn> AuthService::SignIn(const SignInRequest& request) {
    const auto now = clock_.Now();
    const std::string login = NormalLogin(request.login);
    if (login.empty() || request.password.empty()) {
        return core::InvalidArgument("Hãy nhập tên đăng nhập và mật khẩu.",
                                     "Enter a login and a password.");
    }
    const std::string account_key = AccountKey(login, request.address);
    const std::string address_key = AddressKey(request.address);
    // Throttling first, so a throttled guesser learns nothing about the password.
    UNGCUU_RETURN_IF_ERROR(CheckThrottle({{account_key, options_.free_failures_per_account_address},
                                          {address_key, options_.free_failures_per_address}},
                                         now));
    UNGCUU_ASSIGN_OR_RETURN(
        user, store_.Read([&](Repositories& repos) -> core::Result<std::optional<domain::User>> {
            auto found = repos.users.GetByLogin(login);
            if (!found.ok()) {
                return std::optional<domain::User>();
            }
            return std::optional(std::move(found).value());
        }));
    const bool password_ok = user ? crypto_.VerifyPassword(user->password_hash, request.password)
                                  : (crypto_.VerifyPassword(dummy_hash_, request.password), false);
    if (!user || !password_ok || !user->active) {
        UNGCUU_RETURN_IF_ERROR(RecordFailure({account_key, address_key}, now));
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
        UNGCUU_RETURN_IF_ERROR(UseSecondFactor(*user, request.totp, request.address, now));
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
        UNGCUU_RETURN_IF_ERROR(repos.throttle.Clear(account_key));
        UNGCUU_RETURN_IF_ERROR(repos.throttle.Clear(SecondFactorKey(user->id)));
        UNGCUU_RETURN_IF_ERROR(repos.sessions.DeleteExpired(now));
        UNGCUU_RETURN_IF_ERROR(repos.sessions.Insert(record));
        UNGCUU_ASSIGN_OR_RETURN(principal, LoadPrincipal(repos, user->id));
        signed_in.principal = std::move(principal);
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
    UNGCUU_ASSIGN_OR_RETURN(assignments, repos.users.Assignments(user_id));
    Principal principal;
    principal.user = std::move(user).value();
    principal.assignments = std::move(assignments);
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
        UNGCUU_ASSIGN_OR_RETURN(session, repos.sessions.Find(digest));
        if (!session || now >= (session)->expires_at ||
            now - (session)->last_seen_at >= options_.idle_timeout) {
            return SessionExpired();
        }
        UNGCUU_ASSIGN_OR_RETURN(loaded, LoadPrincipal(repos, (session)->user_id));
        principal = std::move(loaded);
        principal->csrf_token = (session)->csrf_token;
        session_record = *session;
        // Refresh the idle timer at most once a minute, to keep reads free of writes.
        touch = now - (session)->last_seen_at >= std::chrono::minutes(1);
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
    return store_.Read([&](Repositories& repos) -> core::Result<Principal> {
        UNGCUU_ASSIGN_OR_RETURN(found, repos.tokens.FindByDigest(digest));
        if (!found || (found)->revoked) {
            return core::Error::Make(core::ErrorCode::kUnauthenticated,
                                     "Mã truy cập API không hợp lệ hoặc đã bị thu hồi.",
                                     "The API token is invalid or revoked.");
        }
        UNGCUU_ASSIGN_OR_RETURN(loaded, LoadPrincipal(repos, (found)->user_id));
        auto principal = std::move(loaded);
        principal.via_api_token = true;
        return principal;
    });
}

core::Status AuthService::SignOut(std::string_view session_token, const Actor& actor) {
    const auto now = clock_.Now();
    const std::string digest = crypto_.TokenDigest(session_token);
    Forget(digest);
    return store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_RETURN_IF_ERROR(repos.sessions.Delete(digest));
        UNGCUU_ASSIGN_OR_RETURN(user, LoadSelf(repos, actor));
        auto unit = repos.units.Get(user.unit_id);
        return WriteAudit(repos, actor, now,
                          {"session.sign_out", "user", user.id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", "{}"});
    });
}

core::Status AuthService::SignOutEverywhere(const Actor& actor) {
    const auto now = clock_.Now();
    auto status = store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(user, LoadSelf(repos, actor));
        UNGCUU_RETURN_IF_ERROR(repos.sessions.DeleteAllForUser(user.id));
        auto unit = repos.units.Get(user.unit_id);
        return WriteAudit(repos, actor, now,
                          {"session.sign_out_everywhere", "user", user.id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", "{}"});
    });
    epoch_.Bump();
    return status;
}

core::Result<domain::User> AuthService::ReadSelf(const Actor& actor) {
    return store_.Read(
        [&](Repositories& repos) -> core::Result<domain::User> { return LoadSelf(repos, actor); });
}

core::Result<domain::User> AuthService::LoadSelf(Repositories& repos, const Actor& actor) {
    if (!actor.user_id) {
        return core::Error::Make(core::ErrorCode::kUnauthenticated, "Bạn chưa đăng nhập.",
                                 "You are not signed in.");
    }
    return repos.users.Get(*actor.user_id);
}

core::Status AuthService::ProveSelf(const Actor& actor,
                                    const domain::User& user,
                                    std::string_view password,
                                    std::optional<std::string_view> code,
                                    core::TimePoint now) {
    if (actor.via_api_token) {
        return NoCredentialChangesByToken();
    }
    const std::string account_key = AccountKey(user.login, actor.address);
    const std::string address_key = AddressKey(actor.address);
    UNGCUU_RETURN_IF_ERROR(CheckThrottle({{account_key, options_.free_failures_per_account_address},
                                          {address_key, options_.free_failures_per_address}},
                                         now));
    if (!crypto_.VerifyPassword(user.password_hash, password)) {
        UNGCUU_RETURN_IF_ERROR(RecordFailure({account_key, address_key}, now));
        core::Error error = core::InvalidArgument("Mật khẩu hiện tại không đúng.",
                                                  "The current password is wrong.");
        error.details.push_back({"current_password", "không đúng", "wrong"});
        return error;
    }
    if (!code) {
        return core::Ok();
    }
    return UseSecondFactor(user, *code, actor.address, now);
}

core::Status AuthService::UseSecondFactor(const domain::User& user,
                                          std::string_view code,
                                          std::string_view address,
                                          core::TimePoint now) {
    const std::string factor_key = SecondFactorKey(user.id);
    UNGCUU_RETURN_IF_ERROR(
        CheckThrottle({{factor_key, options_.free_failures_per_second_factor}}, now));
    const auto step = TotpStep(user.totp_secret, code, now);
    bool fresh = false;
    if (step) {
        UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
            UNGCUU_ASSIGN_OR_RETURN(taken, repos.users.TakeTotpStep(user.id, *step));
            fresh = taken;
            return core::Ok();
        }));
    }
    if (!fresh) {
        UNGCUU_RETURN_IF_ERROR(RecordFailure({factor_key, AddressKey(address)}, now));
        return WrongSecondFactor();
    }
    return core::Ok();
}

core::Status AuthService::ChangePassword(const Actor& actor,
                                         std::string_view current,
                                         std::string_view replacement,
                                         std::string_view totp_code,
                                         bool keep_tokens) {
    const auto now = clock_.Now();
    UNGCUU_ASSIGN_OR_RETURN(self, ReadSelf(actor));
    std::optional<domain::User> user = std::move(self);
    UNGCUU_RETURN_IF_ERROR(domain::ValidatePassword(replacement, user->login));
    UNGCUU_RETURN_IF_ERROR(ProveSelf(
        actor, *user, current, user->totp_enabled ? std::optional(totp_code) : std::nullopt, now));
    UNGCUU_ASSIGN_OR_RETURN(hash, crypto_.HashPassword(replacement));
    auto status = store_.Write([&](Repositories& repos) -> core::Status {
        // Re-read inside the write, so that the step just used up is not written back.
        UNGCUU_ASSIGN_OR_RETURN(fresh, LoadSelf(repos, actor));
        fresh.password_hash = hash;
        UNGCUU_RETURN_IF_ERROR(repos.users.Update(fresh));
        // Other sessions end; the caller signs in again with the new password.
        UNGCUU_RETURN_IF_ERROR(repos.sessions.DeleteAllForUser(fresh.id));
        std::int64_t revoked = 0;
        if (!keep_tokens) {
            UNGCUU_ASSIGN_OR_RETURN(count, repos.tokens.RevokeAllForUser(fresh.id));
            revoked = count;
        }
        auto unit = repos.units.Get(fresh.unit_id);
        return WriteAudit(
            repos, actor, now,
            {"user.change_password", "user", fresh.id.value(), unit.ok() ? &*unit : nullptr, "{}",
             core::FieldSnapshot().Add("tokens_revoked", revoked).ToJson()});
    });
    epoch_.Bump();
    return status;
}

std::optional<std::int64_t> AuthService::TotpStep(std::string_view secret,
                                                  std::string_view code,
                                                  core::TimePoint now) {
    if (code.size() != 6 || secret.empty()) {
        return std::nullopt;
    }
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const std::int64_t counter = seconds / 30;
    for (const std::int64_t step : {counter - 1, counter, counter + 1}) {
        if (crypto_.TotpCode(secret, static_cast<std::uint64_t>(step)) == code) {
            return step;
        }
    }
    return std::nullopt;
}

core::Result<TotpSetup> AuthService::BeginTotp(const Actor& actor, std::string_view password) {
    const auto now = clock_.Now();
    UNGCUU_ASSIGN_OR_RETURN(self, ReadSelf(actor));
    std::optional<domain::User> user = std::move(self);
    if (user->totp_enabled) {
        return core::Conflict("Xác thực hai lớp đã được bật.",
                              "Two-factor authentication is already on.");
    }
    UNGCUU_RETURN_IF_ERROR(ProveSelf(actor, *user, password, std::nullopt, now));
    const std::string secret = random_.Bytes(20);
    TotpSetup setup;
    setup.secret_base32 = core::Base32Encode(secret);
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(fresh, LoadSelf(repos, actor));
        if (fresh.totp_enabled) {
            return core::Conflict("Xác thực hai lớp đã được bật.",
                                  "Two-factor authentication is already on.");
        }
        fresh.totp_secret = secret;
        setup.otpauth_uri = fmt::format("otpauth://totp/ungcuu:{}?secret={}&issuer=ungcuu",
                                        fresh.login, setup.secret_base32);
        return repos.users.Update(fresh);
    }));
    return setup;
}

core::Status AuthService::ConfirmTotp(const Actor& actor, std::string_view code) {
    if (actor.via_api_token) {
        return NoCredentialChangesByToken();
    }
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(user, LoadSelf(repos, actor));
        if (user.totp_enabled) {
            return core::Conflict("Xác thực hai lớp đã được bật.",
                                  "Two-factor authentication is already on.");
        }
        if (user.totp_secret.empty()) {
            return core::Conflict("Hãy bắt đầu cài đặt xác thực hai lớp trước.",
                                  "Start the two-factor set-up first.");
        }
        const auto step = TotpStep(user.totp_secret, code, now);
        if (!step) {
            return core::InvalidArgument(
                "Mã xác thực không đúng; hãy kiểm tra giờ trên điện "
                "thoại và thử lại.",
                "Wrong code; check the phone's clock and try again.");
        }
        user.totp_enabled = true;
        // The code that confirmed the set-up does not also sign in.
        user.totp_last_step = std::max(user.totp_last_step, *step);
        UNGCUU_RETURN_IF_ERROR(repos.users.Update(user));
        auto unit = repos.units.Get(user.unit_id);
        return WriteAudit(repos, actor, now,
                          {"user.totp_enable", "user", user.id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", "{}"});
    });
}

core::Status AuthService::DisableTotp(const Actor& actor,
                                      std::string_view password,
                                      std::string_view code) {
    const auto now = clock_.Now();
    UNGCUU_ASSIGN_OR_RETURN(self, ReadSelf(actor));
    std::optional<domain::User> user = std::move(self);
    if (!user->totp_enabled) {
        return core::Conflict("Xác thực hai lớp chưa được bật.",
                              "Two-factor authentication is not on.");
    }
    UNGCUU_RETURN_IF_ERROR(ProveSelf(actor, *user, password, code, now));
    auto status = store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(fresh, LoadSelf(repos, actor));
        fresh.totp_enabled = false;
        fresh.totp_secret.clear();
        UNGCUU_RETURN_IF_ERROR(repos.users.Update(fresh));
        auto unit = repos.units.Get(fresh.unit_id);
        return WriteAudit(repos, actor, now,
                          {"user.totp_disable", "user", fresh.id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", "{}"});
    });
    epoch_.Bump();
    return status;
}

core::Result<NewApiToken> AuthService::CreateApiToken(const Actor& actor, std::string_view name) {
    if (actor.via_api_token) {
        return NoCredentialChangesByToken();
    }
    const std::string trimmed(core::Trim(name));
    if (trimmed.empty() || trimmed.size() > 100 || !core::IsValidUtf8(trimmed)) {
        return core::InvalidArgument("Tên mã truy cập phải có từ 1 đến 100 ký tự.",
                                     "The token name must be 1 to 100 characters.");
    }
    const auto now = clock_.Now();
    NewApiToken created;
    created.secret = "ucu_" + core::Base64UrlEncode(random_.Bytes(32));
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(user, LoadSelf(repos, actor));
        ApiToken token;
        token.user_id = user.id;
        token.name = trimmed;
        token.token_digest = crypto_.TokenDigest(created.secret);
        token.created_at = now;
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.tokens.Insert(token));
        created.token = std::move(inserted);
        auto unit = repos.units.Get(user.unit_id);
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
        UNGCUU_ASSIGN_OR_RETURN(user, LoadSelf(repos, actor));
        UNGCUU_ASSIGN_OR_RETURN(listed, repos.tokens.ListForUser(user.id));
        tokens = std::move(listed);
        return core::Ok();
    }));
    return tokens;
}

core::Status AuthService::RevokeApiToken(const Actor& actor, domain::TokenId id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(user, LoadSelf(repos, actor));
        UNGCUU_RETURN_IF_ERROR(repos.tokens.Revoke(id, user.id));
        auto unit = repos.units.Get(user.unit_id);
        return WriteAudit(
            repos, actor, now,
            {"token.revoke", "token", id.value(), unit.ok() ? &*unit : nullptr, "{}", "{}"});
    });
}

}  // namespace ungcuu::app
