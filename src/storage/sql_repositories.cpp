#include "storage/sql_repositories.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"
#include "storage/sql_detection.hpp"
#include "storage/sql_helpers.hpp"
#include "storage/sql_incidents.hpp"
#include "storage/sql_registry.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

// ---- units ----------------------------------------------------------------------------------

constexpr std::string_view kUnitColumns =
    "id, parent_id, path, code, kind, name_vi, name_en, address, phone, fax, email, website, "
    "report_address, active, created_at, updated_at";

domain::Unit UnitFromRow(const RowView& row) {
    domain::Unit unit;
    unit.id = domain::UnitId{row.Int(0)};
    if (!row.IsNull(1)) {
        unit.parent_id = domain::UnitId{row.Int(1)};
    }
    unit.path = row.Text(2);
    unit.code = row.Text(3);
    unit.kind = domain::ParseUnitKind(row.Text(4)).value_or(domain::UnitKind::kOther);
    unit.name_vi = row.Text(5);
    unit.name_en = row.Text(6);
    unit.contact = {row.String(7),  row.String(8),  row.String(9),
                    row.String(10), row.String(11), row.String(12)};
    unit.active = row.Bool(13);
    unit.created_at = Time(row, 14);
    unit.updated_at = Time(row, 15);
    return unit;
}

std::string UnitSearchKey(const domain::Unit& unit) {
    return core::FoldForSearch(unit.code + " " + unit.name_vi + " " + unit.name_en);
}

// The columns code … active, in table order, shared by INSERT and UPDATE.
void AppendUnitFields(std::vector<Value>& params, const domain::Unit& unit) {
    params.emplace_back(unit.code);
    params.emplace_back(std::string(domain::UnitKindCode(unit.kind)));
    params.emplace_back(unit.name_vi);
    params.emplace_back(unit.name_en);
    params.emplace_back(UnitSearchKey(unit));
    params.emplace_back(unit.contact.address);
    params.emplace_back(unit.contact.phone);
    params.emplace_back(unit.contact.fax);
    params.emplace_back(unit.contact.email);
    params.emplace_back(unit.contact.website);
    params.emplace_back(unit.contact.report_address);
    params.emplace_back(std::int64_t{unit.active ? 1 : 0});
}

class SqlUnitRepository final : public app::UnitRepository {
public:
    explicit SqlUnitRepository(Connection& db) : db_(db) {}

    Result<domain::Unit> Get(domain::UnitId id) override {
        const Value params[] = {id.value()};
        return One(fmt::format("SELECT {} FROM units WHERE id = ?", kUnitColumns), params);
    }

    Result<domain::Unit> GetByCode(std::string_view code) override {
        const Value params[] = {std::string(code)};
        return One(fmt::format("SELECT {} FROM units WHERE code = ?", kUnitColumns), params);
    }

    Result<std::vector<domain::Unit>> List(const app::UnitFilter& filter) override {
        std::string sql = fmt::format("SELECT {} FROM units WHERE id > ?", kUnitColumns);
        std::vector<Value> params{filter.after_id};
        AppendScopeFilter(sql, params, filter.scope, filter.unrestricted, "path");
        if (filter.parent_id) {
            sql += " AND parent_id = ?";
            params.emplace_back(filter.parent_id->value());
        }
        if (filter.roots_only) {
            sql += " AND parent_id IS NULL";
        }
        if (filter.kind) {
            sql += " AND kind = ?";
            params.emplace_back(std::string(domain::UnitKindCode(*filter.kind)));
        }
        if (filter.active) {
            sql += " AND active = ?";
            params.emplace_back(std::int64_t{*filter.active ? 1 : 0});
        }
        if (!filter.search.empty()) {
            sql += " AND search_key LIKE ? ESCAPE '\\'";
            params.emplace_back(LikeContains(filter.search));
        }
        sql += " ORDER BY id LIMIT ?";
        params.emplace_back(std::int64_t{filter.limit});
        std::vector<domain::Unit> units;
        units.reserve(static_cast<std::size_t>(std::max(filter.limit, 0)));
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            sql, params, [&units](const RowView& row) { units.push_back(UnitFromRow(row)); }));
        return units;
    }

    Result<domain::Unit> Insert(domain::Unit unit) override {
        const std::string parent_path = unit.path;  // callers pass the parent's path, or ""
        std::vector<Value> params{unit.parent_id ? Value{unit.parent_id->value()} : Value{nullptr}};
        AppendUnitFields(params, unit);
        params.emplace_back(Millis(unit.created_at));
        params.emplace_back(Millis(unit.updated_at));
        auto rows = db_.Query(
            "INSERT INTO units (parent_id, path, code, kind, name_vi, name_en, search_key, "
            "address, phone, fax, email, website, report_address, active, created_at, "
            "updated_at) VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        unit.id = domain::UnitId{InsertedId(rows)};
        if (unit.parent_id && parent_path.empty()) {
            auto parent = Get(*unit.parent_id);
            if (!parent.ok()) {
                return std::move(parent).error();
            }
            unit.path = domain::ChildPath(parent->path, unit.id);
        } else {
            unit.path = domain::ChildPath(parent_path, unit.id);
        }
        const Value path_params[] = {unit.path, unit.id.value()};
        auto updated = db_.Execute("UPDATE units SET path = ? WHERE id = ?", path_params);
        if (!updated.ok()) {
            return std::move(updated).error();
        }
        return unit;
    }

    Status Update(const domain::Unit& unit) override {
        std::vector<Value> params;
        AppendUnitFields(params, unit);
        params.emplace_back(Millis(unit.updated_at));
        params.emplace_back(unit.id.value());
        return ExpectOneRow(
            db_.Execute("UPDATE units SET code = ?, kind = ?, name_vi = ?, name_en = ?, "
                        "search_key = ?, address = ?, phone = ?, fax = ?, email = ?, "
                        "website = ?, report_address = ?, active = ?, updated_at = ? "
                        "WHERE id = ?",
                        params),
            "đơn vị");
    }

    Status Move(const domain::Unit& unit,
                const domain::Unit& new_parent,
                core::TimePoint at) override {
        const std::string new_path = domain::ChildPath(new_parent.path, unit.id);
        std::string upper = unit.path;
        upper.back() = '0';
        const Value params[] = {new_path, static_cast<std::int64_t>(unit.path.size() + 1),
                                Millis(at), unit.path, upper};
        auto moved = db_.Execute(
            "UPDATE units SET path = CAST(? AS TEXT) || substr(path, CAST(? AS INTEGER)), "
            "updated_at = ? WHERE path >= ? AND path < ?",
            params);
        if (!moved.ok()) {
            return std::move(moved).error();
        }
        const Value parent_params[] = {new_parent.id.value(), unit.id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE units SET parent_id = ? WHERE id = ?", parent_params), "đơn vị");
    }

    Result<std::int64_t> CountActiveChildren(domain::UnitId id) override {
        const Value params[] = {id.value()};
        auto rows =
            db_.Query("SELECT COUNT(*) FROM units WHERE parent_id = ? AND active = 1", params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        return (*rows)[0].Int(0);
    }

private:
    Result<domain::Unit> One(const std::string& sql, std::span<const Value> params) {
        return QueryOne(db_, sql, params, UnitFromRow,
                        core::NotFound("Không tìm thấy đơn vị.", "Unit not found."));
    }

    Connection& db_;
};

// ---- people and contacts ---------------------------------------------------------------------

constexpr std::string_view kPersonColumns =
    "id, unit_id, full_name, position, office_phone, mobile_phone, email, active";

domain::Person PersonFromRow(const RowView& row) {
    domain::Person person;
    person.id = domain::PersonId{row.Int(0)};
    person.unit_id = domain::UnitId{row.Int(1)};
    person.full_name = row.Text(2);
    person.position = row.Text(3);
    person.office_phone = row.Text(4);
    person.mobile_phone = row.Text(5);
    person.email = row.Text(6);
    person.active = row.Bool(7);
    return person;
}

class SqlPersonRepository final : public app::PersonRepository {
public:
    explicit SqlPersonRepository(Connection& db) : db_(db) {}

    Result<domain::Person> Get(domain::PersonId id) override {
        const Value params[] = {id.value()};
        return QueryOne(db_, fmt::format("SELECT {} FROM people WHERE id = ?", kPersonColumns),
                        params, PersonFromRow,
                        core::NotFound("Không tìm thấy người này.", "Person not found."));
    }

    Result<std::vector<domain::Person>> ListByUnit(domain::UnitId unit) override {
        const Value params[] = {unit.value()};
        auto rows = db_.Query(
            fmt::format("SELECT {} FROM people WHERE unit_id = ? ORDER BY id", kPersonColumns),
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        std::vector<domain::Person> people;
        for (const auto& row : *rows) {
            people.push_back(PersonFromRow(row));
        }
        return people;
    }

    Result<domain::Person> Insert(domain::Person person) override {
        const Value params[] = {person.unit_id.value(),
                                person.full_name,
                                person.position,
                                person.office_phone,
                                person.mobile_phone,
                                person.email,
                                std::int64_t{person.active ? 1 : 0}};
        auto rows = db_.Query(
            "INSERT INTO people (unit_id, full_name, position, office_phone, mobile_phone, "
            "email, active) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        person.id = domain::PersonId{InsertedId(rows)};
        return person;
    }

    Status Update(const domain::Person& person) override {
        const Value params[] = {person.full_name,    person.position,
                                person.office_phone, person.mobile_phone,
                                person.email,        std::int64_t{person.active ? 1 : 0},
                                person.id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE people SET full_name = ?, position = ?, office_phone = ?, "
                        "mobile_phone = ?, email = ?, active = ? WHERE id = ?",
                        params),
            "người này");
    }

private:
    Connection& db_;
};

class SqlContactRepository final : public app::ContactRepository {
public:
    explicit SqlContactRepository(Connection& db) : db_(db) {}

    Result<std::vector<domain::ContactPoint>> ListByUnit(domain::UnitId unit) override {
        const Value params[] = {unit.value()};
        auto rows = db_.Query(
            "SELECT unit_id, role, person_id, changed_at FROM contact_points WHERE unit_id = ? "
            "ORDER BY role",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        std::vector<domain::ContactPoint> contacts;
        for (const auto& row : *rows) {
            domain::ContactPoint contact;
            contact.unit_id = domain::UnitId{row.Int(0)};
            contact.role =
                domain::ParseContactRole(row.Text(1)).value_or(domain::ContactRole::kPrimary);
            contact.person_id = domain::PersonId{row.Int(2)};
            contact.changed_at = Time(row, 3);
            contacts.push_back(contact);
        }
        return contacts;
    }

    Status Set(const domain::ContactPoint& contact) override {
        UNGCUU_RETURN_IF_ERROR(Clear(contact.unit_id, contact.role));
        const Value params[] = {contact.unit_id.value(),
                                std::string(domain::ContactRoleCode(contact.role)),
                                contact.person_id.value(), Millis(contact.changed_at)};
        return Exec(db_,
                    "INSERT INTO contact_points (unit_id, role, person_id, changed_at) "
                    "VALUES (?, ?, ?, ?)",
                    params);
    }

    Status Clear(domain::UnitId unit, domain::ContactRole role) override {
        const Value params[] = {unit.value(), std::string(domain::ContactRoleCode(role))};
        return Exec(db_, "DELETE FROM contact_points WHERE unit_id = ? AND role = ?", params);
    }

private:
    Connection& db_;
};

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
        auto rows = db_.Query(sql, params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        std::vector<domain::User> users;
        for (const auto& row : *rows) {
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
        auto rows = db_.Query(
            "INSERT INTO users (login, full_name, email, search_key, unit_id, active, "
            "password_hash, totp_secret, totp_enabled, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
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
        auto changed = db_.Execute(
            "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", params);
        if (!changed.ok()) {
            return std::move(changed).error();
        }
        return *changed == 1;
    }

    Result<std::vector<domain::RoleAssignment>> Assignments(domain::UserId user) override {
        const Value params[] = {user.value()};
        auto rows = db_.Query(
            "SELECT a.id, a.user_id, a.unit_id, un.path, a.role, a.local FROM role_assignments a "
            "JOIN units un ON un.id = a.unit_id WHERE a.user_id = ? ORDER BY a.id",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        std::vector<domain::RoleAssignment> assignments;
        for (const auto& row : *rows) {
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
        auto rows = db_.Query(
            "INSERT INTO role_assignments (user_id, unit_id, role, local) VALUES (?, ?, ?, ?) "
            "RETURNING id",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
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
        auto rows = db_.Query(
            "SELECT token_digest, user_id, csrf_token, address, created_at, last_seen_at, "
            "expires_at FROM sessions WHERE token_digest = ?",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        if (rows->empty()) {
            return std::optional<app::SessionRecord>();
        }
        const RowView& row = rows->front();
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
        auto rows = db_.Query(
            "INSERT INTO api_tokens (user_id, name, token_digest, created_at, revoked) VALUES "
            "(?, ?, ?, ?, 0) RETURNING id",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        token.id = domain::TokenId{InsertedId(rows)};
        return token;
    }

    Result<std::optional<app::ApiToken>> FindByDigest(std::string_view digest) override {
        const Value params[] = {std::string(digest)};
        auto rows = db_.Query(
            "SELECT id, user_id, name, token_digest, created_at, last_used_at, revoked FROM "
            "api_tokens WHERE token_digest = ?",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        if (rows->empty()) {
            return std::optional<app::ApiToken>();
        }
        return std::optional<app::ApiToken>(TokenFromRow(rows->front()));
    }

    Result<std::vector<app::ApiToken>> ListForUser(domain::UserId user) override {
        const Value params[] = {user.value()};
        auto rows = db_.Query(
            "SELECT id, user_id, name, token_digest, created_at, last_used_at, revoked FROM "
            "api_tokens WHERE user_id = ? ORDER BY id",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        std::vector<app::ApiToken> tokens;
        for (const auto& row : *rows) {
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

class SqlAuditRepository final : public app::AuditRepository {
public:
    explicit SqlAuditRepository(Connection& db) : db_(db) {}

    Status Append(const domain::AuditEntry& e) override {
        const Value params[] = {Millis(e.at),
                                e.actor_id ? Value{e.actor_id->value()} : Value{nullptr},
                                e.actor_login,
                                e.address,
                                e.request_id,
                                e.action,
                                e.object_type,
                                e.object_id,
                                e.unit_id ? Value{e.unit_id->value()} : Value{nullptr},
                                e.unit_path,
                                e.before_json,
                                e.after_json};
        return Exec(
            db_,
            "INSERT INTO audit_log (at, actor_user_id, actor_login, address, request_id, action, "
            "object_type, object_id, unit_id, unit_path, before_json, after_json) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            params);
    }

    Result<std::vector<domain::AuditEntry>> List(const app::AuditFilter& filter) override {
        // Scope by the unit's current place in the tree, so moved units carry their history.
        std::string sql =
            "SELECT a.id, a.at, a.actor_user_id, a.actor_login, a.address, a.request_id, "
            "a.action, a.object_type, a.object_id, a.unit_id, a.unit_path, a.before_json, "
            "a.after_json FROM audit_log a LEFT JOIN units un ON un.id = a.unit_id WHERE 1 = 1";
        std::vector<Value> params;
        if (filter.before_id > 0) {
            sql += " AND a.id < ?";
            params.emplace_back(filter.before_id);
        }
        AppendScopeFilter(sql, params, filter.scope, filter.unrestricted, "un.path");
        if (filter.unit_id) {
            sql += " AND a.unit_id = ?";
            params.emplace_back(filter.unit_id->value());
        }
        if (!filter.object_type.empty()) {
            sql += " AND a.object_type = ?";
            params.emplace_back(filter.object_type);
        }
        sql += " ORDER BY a.id DESC LIMIT ?";
        params.emplace_back(std::int64_t{filter.limit});
        auto rows = db_.Query(sql, params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        std::vector<domain::AuditEntry> entries;
        for (const auto& row : *rows) {
            domain::AuditEntry e;
            e.id = domain::AuditId{row.Int(0)};
            e.at = Time(row, 1);
            if (!row.IsNull(2)) {
                e.actor_id = domain::UserId{row.Int(2)};
            }
            e.actor_login = row.Text(3);
            e.address = row.Text(4);
            e.request_id = row.Text(5);
            e.action = row.Text(6);
            e.object_type = row.Text(7);
            e.object_id = row.Int(8);
            if (!row.IsNull(9)) {
                e.unit_id = domain::UnitId{row.Int(9)};
            }
            e.unit_path = row.Text(10);
            e.before_json = row.Text(11);
            e.after_json = row.Text(12);
            entries.push_back(std::move(e));
        }
        return entries;
    }

private:
    Connection& db_;
};

class SqlThrottleRepository final : public app::ThrottleRepository {
public:
    explicit SqlThrottleRepository(Connection& db) : db_(db) {}

    Status RecordFailure(std::string_view key, core::TimePoint at) override {
        const Value params[] = {std::string(key), Millis(at)};
        return Exec(db_, "INSERT INTO login_failures (key, at) VALUES (?, ?)", params);
    }

    Result<app::FailureWindow> FailuresSince(std::string_view key, core::TimePoint since) override {
        const Value params[] = {std::string(key), Millis(since)};
        auto rows = db_.Query(
            "SELECT COUNT(*), COALESCE(MIN(at), -1), COALESCE(MAX(at), -1) FROM login_failures "
            "WHERE key = ? AND at >= ?",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        app::FailureWindow window;
        window.count = (*rows)[0].Int(0);
        if (window.count > 0) {
            window.first = core::FromUnixMillis((*rows)[0].Int(1));
            window.last = core::FromUnixMillis((*rows)[0].Int(2));
        }
        return window;
    }

    Status Clear(std::string_view key) override {
        const Value params[] = {std::string(key)};
        return Exec(db_, "DELETE FROM login_failures WHERE key = ?", params);
    }

    Status Prune(core::TimePoint before) override {
        const Value params[] = {Millis(before)};
        return Exec(db_, "DELETE FROM login_failures WHERE at < ?", params);
    }

private:
    Connection& db_;
};

}  // namespace

std::string ScopeCondition(std::vector<Value>& params,
                           const std::vector<domain::ScopeRoot>& roots,
                           bool unrestricted,
                           std::string_view column) {
    if (unrestricted) {
        return "1 = 1";
    }
    if (roots.empty()) {
        return "1 = 0";
    }
    std::string sql = "(";
    for (std::size_t i = 0; i < roots.size(); ++i) {
        if (i > 0) {
            sql += " OR ";
        }
        if (roots[i].exact) {
            sql += fmt::format("{} = ?", column);
            params.emplace_back(roots[i].path);
        } else {
            std::string upper = roots[i].path;
            upper.back() = '0';  // '/' + 1: the end of the subtree's key range
            sql += fmt::format("({0} >= ? AND {0} < ?)", column);
            params.emplace_back(roots[i].path);
            params.emplace_back(std::move(upper));
        }
    }
    sql += ")";
    return sql;
}

void AppendScopeFilter(std::string& sql,
                       std::vector<Value>& params,
                       const std::vector<domain::ScopeRoot>& roots,
                       bool unrestricted,
                       std::string_view column) {
    if (!unrestricted) {
        sql += " AND " + ScopeCondition(params, roots, unrestricted, column);
    }
}

struct SqlRepositories::Impl {
    explicit Impl(Connection& db)
        : units(db),
          people(db),
          contacts(db),
          users(db),
          sessions(db),
          tokens(db),
          audit(db),
          throttle(db),
          registry(db),
          incident_repos(db),
          detection_repos(db) {}

    SqlUnitRepository units;
    SqlPersonRepository people;
    SqlContactRepository contacts;
    SqlUserRepository users;
    SqlSessionRepository sessions;
    SqlTokenRepository tokens;
    SqlAuditRepository audit;
    SqlThrottleRepository throttle;
    SqlRegistryRepositories registry;
    SqlIncidentRepositories incident_repos;
    SqlDetectionRepositories detection_repos;
};

SqlRepositories::SqlRepositories(Connection& connection)
    : impl_(std::make_unique<Impl>(connection)) {}

SqlRepositories::~SqlRepositories() = default;

app::Repositories SqlRepositories::Bind() {
    return app::Repositories{impl_->units,
                             impl_->people,
                             impl_->contacts,
                             impl_->users,
                             impl_->sessions,
                             impl_->tokens,
                             impl_->audit,
                             impl_->throttle,
                             impl_->registry.systems(),
                             impl_->registry.dossiers(),
                             impl_->registry.calendar(),
                             impl_->registry.protection(),
                             impl_->incident_repos.incidents(),
                             impl_->incident_repos.outbox(),
                             impl_->incident_repos.plans(),
                             impl_->detection_repos.detection()};
}

}  // namespace ungcuu::storage
