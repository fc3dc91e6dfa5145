// SQL repository of the organisation context: the unit tree.
#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"
#include "storage/sql_helpers.hpp"
#include "storage/sql_organisation.hpp"
#include "storage/sql_repositories.hpp"

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
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "INSERT INTO units (parent_id, path, code, kind, name_vi, name_en, search_key, "
                "address, phone, fax, email, website, report_address, active, created_at, "
                "updated_at) VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                params));
        unit.id = domain::UnitId{InsertedId(rows)};
        if (unit.parent_id && parent_path.empty()) {
            UNGCUU_ASSIGN_OR_RETURN(parent, Get(*unit.parent_id));
            unit.path = domain::ChildPath(parent.path, unit.id);
        } else {
            unit.path = domain::ChildPath(parent_path, unit.id);
        }
        const Value path_params[] = {unit.path, unit.id.value()};
        UNGCUU_RETURN_IF_ERROR(db_.Execute("UPDATE units SET path = ? WHERE id = ?", path_params));
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
        UNGCUU_RETURN_IF_ERROR(db_.Execute(
            "UPDATE units SET path = CAST(? AS TEXT) || substr(path, CAST(? AS INTEGER)), "
            "updated_at = ? WHERE path >= ? AND path < ?",
            params));
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

}  // namespace

std::unique_ptr<app::UnitRepository> MakeSqlUnitRepository(Connection& db) {
    return std::make_unique<SqlUnitRepository>(db);
}

}  // namespace ungcuu::storage
