// SQL repository of the organisation context: sign-in sessions and API tokens.
#include "storage/sql_helpers.hpp"
#include "storage/sql_organisation.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

// ---- sessions, tokens, throttling ------------------------------------------------------------

class SqlSessionRepository final : public app::SessionRepository {
public:
    explicit SqlSessionRepository(Connection& db) : db_(db) {}

    Status Insert(const app::SessionRecord& s) override {
        const Value params[] = {s.token_digest,      s.user_id.value(),    s.csrf_token,
                                s.address,           Millis(s.created_at), Millis(s.last_seen_at),
                                Millis(s.expires_at)};
        return Exec(db_,
                    "INSERT INTO sessions (token_digest, user_id, csrf_token, address, created_at, "
                    "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    params);
    }

    Result<std::optional<app::SessionRecord>> Find(std::string_view digest) override {
        const Value params[] = {std::string(digest)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "SELECT token_digest, user_id, csrf_token, address, created_at, last_seen_at, "
                "expires_at FROM sessions WHERE token_digest = ?",
                params));
        if (rows.empty()) {
            return std::optional<app::SessionRecord>();
        }
        const RowView& row = rows.front();
        return std::optional<app::SessionRecord>(
            app::SessionRecord{row.String(0), domain::UserId{row.Int(1)}, row.String(2),
                               row.String(3), Time(row, 4), Time(row, 5), Time(row, 6)});
    }

    Status Touch(std::string_view digest, core::TimePoint at) override {
        const Value params[] = {Millis(at), std::string(digest)};
        return Exec(db_, "UPDATE sessions SET last_seen_at = ? WHERE token_digest = ?", params);
    }

    Status Delete(std::string_view digest) override {
        const Value params[] = {std::string(digest)};
        return Exec(db_, "DELETE FROM sessions WHERE token_digest = ?", params);
    }

    Status DeleteAllForUser(domain::UserId user) override {
        const Value params[] = {user.value()};
        return Exec(db_, "DELETE FROM sessions WHERE user_id = ?", params);
    }

    Status DeleteExpired(core::TimePoint now) override {
        const Value params[] = {Millis(now)};
        return Exec(db_, "DELETE FROM sessions WHERE expires_at < ?", params);
    }

private:
    Connection& db_;
};

app::ApiToken TokenFromRow(const RowView& row) {
    app::ApiToken token;
    token.id = domain::TokenId{row.Int(0)};
    token.user_id = domain::UserId{row.Int(1)};
    token.name = row.Text(2);
    token.token_digest = row.Text(3);
    token.created_at = Time(row, 4);
    if (!row.IsNull(5)) {
        token.last_used_at = Time(row, 5);
    }
    token.revoked = row.Bool(6);
    return token;
}

class SqlTokenRepository final : public app::TokenRepository {
public:
    explicit SqlTokenRepository(Connection& db) : db_(db) {}

    Result<app::ApiToken> Insert(app::ApiToken token) override {
        const Value params[] = {token.user_id.value(), token.name, token.token_digest,
                                Millis(token.created_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "INSERT INTO api_tokens (user_id, name, token_digest, created_at, revoked) VALUES "
                "(?, ?, ?, ?, 0) RETURNING id",
                params));
        token.id = domain::TokenId{InsertedId(rows)};
        return token;
    }

    Result<std::optional<app::ApiToken>> FindByDigest(std::string_view digest) override {
        const Value params[] = {std::string(digest)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "SELECT id, user_id, name, token_digest, created_at, last_used_at, revoked FROM "
                "api_tokens WHERE token_digest = ?",
                params));
        if (rows.empty()) {
            return std::optional<app::ApiToken>();
        }
        return std::optional<app::ApiToken>(TokenFromRow(rows.front()));
    }

    Result<std::vector<app::ApiToken>> ListForUser(domain::UserId user) override {
        const Value params[] = {user.value()};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "SELECT id, user_id, name, token_digest, created_at, last_used_at, revoked FROM "
                "api_tokens WHERE user_id = ? ORDER BY id",
                params));
        std::vector<app::ApiToken> tokens;
        tokens.reserve(rows.size());
        for (const auto& row : rows) {
            tokens.push_back(TokenFromRow(row));
        }
        return tokens;
    }

    Status Revoke(domain::TokenId id, domain::UserId user) override {
        const Value params[] = {id.value(), user.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE api_tokens SET revoked = 1 WHERE id = ? AND user_id = ?", params),
            "mã truy cập");
    }

    Result<std::int64_t> RevokeAllForUser(domain::UserId user) override {
        const Value params[] = {user.value()};
        return db_.Execute("UPDATE api_tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0",
                           params);
    }

private:
    Connection& db_;
};

}  // namespace

std::unique_ptr<app::SessionRepository> MakeSqlSessionRepository(Connection& db) {
    return std::make_unique<SqlSessionRepository>(db);
}

std::unique_ptr<app::TokenRepository> MakeSqlTokenRepository(Connection& db) {
    return std::make_unique<SqlTokenRepository>(db);
}

}  // namespace ungcuu::storage
