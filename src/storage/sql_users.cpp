// SQL repository of the organisation context: user accounts and their role assignments.
#include <fmt/format.h>

#include "core/text.hpp"
#include "storage/sql_helpers.hpp"
#include "storage/sql_organisation.hpp"
#include "storage/sql_repositories.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

// ---- users -----------------------------------------------------------------------------------

constexpr std::string_view kUserColumns =
    "u.id, u.login, u.full_name, u.email, u.unit_id, un.path, u.active, u.password_hash, "
    "u.totp_secret, u.totp_enabled, u.created_at, u.totp_last_step";

domain::User UserFromRow(const RowView& row) {
    domain::User user;
    user.id = domain::UserId{row.Int(0)};
    user.login = row.Text(1);
    user.full_name = row.Text(2);
    user.email = row.Text(3);
    user.unit_id = domain::UnitId{row.Int(4)};
    user.unit_path = row.Text(5);
    user.active = row.Bool(6);
    user.password_hash = row.Text(7);
    // The secret is stored hex-encoded so that both engines keep it as plain text.
    const std::string hex = row.String(8);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        user.totp_secret.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    user.totp_enabled = row.Bool(9);
    user.created_at = Time(row, 10);
    user.totp_last_step = row.Int(11);
    return user;
}

std::string UserSearchKey(const domain::User& user) {
    return core::FoldForSearch(user.login + " " + user.full_name + " " + user.email);
}

class SqlUserRepository final : public app::UserRepository {
public:
    explicit SqlUserRepository(Connection& db) : db_(db) {}

    Result<domain::User> Get(domain::UserId id) override {
        const Value params[] = {id.value()};
        return One(fmt::format("SELECT {} FROM users u JOIN units un ON un.id = u.unit_id "
                               "WHERE u.id = ?",
                               kUserColumns),
                   params);
    }

    Result<domain::User> GetByLogin(std::string_view login) override {
        const Value params[] = {std::string(login)};
        return One(fmt::format("SELECT {} FROM users u JOIN units un ON un.id = u.unit_id "
                               "WHERE u.login = ?",
                               kUserColumns),
                   params);
    }

    Result<std::vector<domain::User>> List(const app::UserFilter& filter) override {
        std::string sql =
            fmt::format("SELECT {} FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id > ?",
                        kUserColumns);
        std::vector<Value> params{filter.after_id};
        AppendScopeFilter(sql, params, filter.scope, filter.unrestricted, "un.path");
        if (filter.unit_id) {
            sql += " AND u.unit_id = ?";
            params.emplace_back(filter.unit_id->value());
        }
        if (!filter.search.empty()) {
            sql += " AND u.search_key LIKE ? ESCAPE '\\'";
            params.emplace_back(LikeContains(filter.search));
        }
        sql += " ORDER BY u.id LIMIT ?";
        params.emplace_back(std::int64_t{filter.limit});
        UNGCUU_ASSIGN_OR_RETURN(rows, db_.Query(sql, params));
        std::vector<domain::User> users;
        users.reserve(rows.size());
        for (const auto& row : rows) {
            users.push_back(UserFromRow(row));
        }
        return users;
    }

    Result<domain::User> Insert(domain::User user) override {
        const Value params[] = {user.login,
                                user.full_name,
                                user.email,
                                UserSearchKey(user),
                                user.unit_id.value(),
                                std::int64_t{user.active ? 1 : 0},
                                user.password_hash,
                                core::HexEncode(user.totp_secret),
                                std::int64_t{user.totp_enabled ? 1 : 0},
                                Millis(user.created_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query("INSERT INTO users (login, full_name, email, search_key, unit_id, active, "
                      "password_hash, totp_secret, totp_enabled, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      params));
        return Get(domain::UserId{InsertedId(rows)});
    }

    Status Update(const domain::User& user) override {
        const Value params[] = {user.full_name,
                                user.email,
                                UserSearchKey(user),
                                std::int64_t{user.active ? 1 : 0},
                                user.password_hash,
                                core::HexEncode(user.totp_secret),
                                std::int64_t{user.totp_enabled ? 1 : 0},
                                user.totp_last_step,
                                user.id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE users SET full_name = ?, email = ?, search_key = ?, active = ?, "
                        "password_hash = ?, totp_secret = ?, totp_enabled = ?, "
                        "totp_last_step = ? WHERE id = ?",
                        params),
            "người dùng");
    }

    Result<bool> TakeTotpStep(domain::UserId user, std::int64_t step) override {
        const Value params[] = {step, user.value(), step};
        UNGCUU_ASSIGN_OR_RETURN(
            changed,
            db_.Execute("UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?",
                        params));
        return changed == 1;
    }

    Result<std::vector<domain::RoleAssignment>> Assignments(domain::UserId user) override {
        const Value params[] = {user.value()};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("SELECT a.id, a.user_id, a.unit_id, un.path, a.role, a.local FROM "
                            "role_assignments a "
                            "JOIN units un ON un.id = a.unit_id WHERE a.user_id = ? ORDER BY a.id",
                            params));
        std::vector<domain::RoleAssignment> assignments;
        for (const auto& row : rows) {
            domain::RoleAssignment a;
            a.id = domain::AssignmentId{row.Int(0)};
            a.user_id = domain::UserId{row.Int(1)};
            a.unit_id = domain::UnitId{row.Int(2)};
            a.unit_path = row.Text(3);
            a.role = domain::ParseRole(row.Text(4)).value_or(domain::Role::kOfficer);
            a.local = row.Bool(5);
            assignments.push_back(std::move(a));
        }
        return assignments;
    }

    Result<domain::RoleAssignment> AddAssignment(domain::RoleAssignment a) override {
        const Value params[] = {a.user_id.value(), a.unit_id.value(),
                                std::string(domain::RoleCode(a.role)),
                                std::int64_t{a.local ? 1 : 0}};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "INSERT INTO role_assignments (user_id, unit_id, role, local) VALUES (?, ?, ?, ?) "
                "RETURNING id",
                params));
        a.id = domain::AssignmentId{InsertedId(rows)};
        return a;
    }

    Status RemoveAssignment(domain::AssignmentId id) override {
        const Value params[] = {id.value()};
        return ExpectOneRow(db_.Execute("DELETE FROM role_assignments WHERE id = ?", params),
                            "vai trò");
    }

private:
    Result<domain::User> One(const std::string& sql, std::span<const Value> params) {
        return QueryOne(db_, sql, params, UserFromRow,
                        core::NotFound("Không tìm thấy người dùng.", "User not found."));
    }

    Connection& db_;
};

}  // namespace

std::unique_ptr<app::UserRepository> MakeSqlUserRepository(Connection& db) {
    return std::make_unique<SqlUserRepository>(db);
}

}  // namespace ungcuu::storage
