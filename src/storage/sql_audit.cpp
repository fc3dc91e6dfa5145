// SQL repository of the organisation context: the audit log.
#include "storage/sql_helpers.hpp"
#include "storage/sql_organisation.hpp"
#include "storage/sql_repositories.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

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
        UNGCUU_ASSIGN_OR_RETURN(rows, db_.Query(sql, params));
        std::vector<domain::AuditEntry> entries;
        entries.reserve(rows.size());
        for (const auto& row : rows) {
            entries.push_back(EntryFrom(row));
        }
        return entries;
    }

    Result<std::vector<domain::AuditEntry>> After(std::int64_t after_id, int limit) override {
        const Value params[] = {after_id, std::int64_t{limit}};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("SELECT a.id, a.at, a.actor_user_id, a.actor_login, a.address, "
                            "a.request_id, a.action, a.object_type, a.object_id, a.unit_id, "
                            "COALESCE(un.path, a.unit_path), '', '' FROM audit_log a "
                            "LEFT JOIN units un ON un.id = a.unit_id WHERE a.id > ? "
                            "ORDER BY a.id LIMIT ?",
                            params));
        std::vector<domain::AuditEntry> entries;
        entries.reserve(rows.size());
        for (const auto& row : rows) {
            entries.push_back(EntryFrom(row));
        }
        return entries;
    }

    Result<std::int64_t> LatestId() override {
        UNGCUU_ASSIGN_OR_RETURN(rows, db_.Query("SELECT COALESCE(MAX(id), 0) FROM audit_log"));
        return rows.empty() ? std::int64_t{0} : rows[0].Int(0);
    }

private:
    // The columns: id, at, actor id, actor login, address, request id, action, object type,
    // object id, unit id, unit path, before, after.
    static domain::AuditEntry EntryFrom(const RowView& row) {
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
        return e;
    }

    Connection& db_;
};

}  // namespace

std::unique_ptr<app::AuditRepository> MakeSqlAuditRepository(Connection& db) {
    return std::make_unique<SqlAuditRepository>(db);
}

}  // namespace ungcuu::storage
