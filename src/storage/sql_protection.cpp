// The SQL repository of protection layers, assessments, inventory, risks and the readiness
// figures. Dates are stored as "YYYY-MM-DD" text, which orders like the dates themselves.
#include <fmt/format.h>

#include "core/text.hpp"
#include "storage/sql_helpers.hpp"
#include "storage/sql_registry.hpp"
#include "storage/sql_repositories.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

constexpr std::string_view kItemColumns =
    "i.id, i.unit_id, u.path, i.kind, i.name, i.location, i.serial, i.expires_on, i.stamped_on, "
    "i.sensitive_place, i.state, i.created_at, i.updated_at";

domain::InventoryItem ItemFromRow(const RowView& row) {
    domain::InventoryItem item;
    item.id = domain::InventoryId{row.Int(0)};
    item.unit_id = domain::UnitId{row.Int(1)};
    item.unit_path = row.Text(2);
    item.kind = domain::ParseInventoryKind(row.Text(3)).value_or(domain::InventoryKind::kOther);
    item.name = row.Text(4);
    item.location = row.Text(5);
    item.serial = row.Text(6);
    item.expires_on = OptDateAt(row, 7);
    item.stamped_on = OptDateAt(row, 8);
    item.sensitive_place = row.Int(9) != 0;
    item.state = domain::ParseInventoryState(row.Text(10)).value_or(domain::InventoryState::kInUse);
    item.created_at = Time(row, 11);
    item.updated_at = Time(row, 12);
    return item;
}

constexpr std::string_view kRiskColumns =
    "r.id, r.system_id, s.code, s.owner_unit_id, r.scenario, r.likelihood, r.impact, "
    "r.consequences, r.people, r.tools, r.contractors, r.reviewed_on, r.created_at, r.updated_at";

domain::Risk RiskFromRow(const RowView& row) {
    domain::Risk risk;
    risk.id = domain::RiskId{row.Int(0)};
    risk.system_id = domain::SystemId{row.Int(1)};
    risk.system_code = row.Text(2);
    risk.unit_id = domain::UnitId{row.Int(3)};
    risk.scenario = row.Text(4);
    risk.likelihood = static_cast<int>(row.Int(5));
    risk.impact = static_cast<int>(row.Int(6));
    risk.consequences = row.Text(7);
    risk.people = row.Text(8);
    risk.tools = row.Text(9);
    risk.contractors = row.Text(10);
    risk.reviewed_on = core::ParseDate(row.Text(11)).value_or(core::Date{});
    risk.created_at = Time(row, 12);
    risk.updated_at = Time(row, 13);
    return risk;
}

class SqlProtectionRepository final : public app::ProtectionRepository {
public:
    explicit SqlProtectionRepository(Connection& db) : db_(db) {}

    Result<std::vector<domain::ProtectionLayer>> Layers(domain::UnitId unit) override {
        const Value params[] = {unit.value()};
        std::vector<domain::ProtectionLayer> layers;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT layer, state, provider, evidence, since, updated_at FROM protection_layers "
            "WHERE unit_id = ? ORDER BY layer",
            params, [&](const RowView& row) {
                domain::ProtectionLayer layer;
                layer.unit_id = unit;
                layer.layer = static_cast<int>(row.Int(0));
                layer.state =
                    domain::ParseLayerState(row.Text(1)).value_or(domain::LayerState::kMissing);
                layer.provider = row.Text(2);
                layer.evidence = row.Text(3);
                layer.since = OptDateAt(row, 4);
                layer.updated_at = Time(row, 5);
                layers.push_back(std::move(layer));
            }));
        return layers;
    }

    Status PutLayer(const domain::ProtectionLayer& layer) override {
        const Value remove[] = {layer.unit_id.value(), std::int64_t{layer.layer}};
        UNGCUU_RETURN_IF_ERROR(
            Exec(db_, "DELETE FROM protection_layers WHERE unit_id = ? AND layer = ?", remove));
        const Value params[] = {layer.unit_id.value(),
                                std::int64_t{layer.layer},
                                std::string(domain::LayerStateCode(layer.state)),
                                layer.provider,
                                layer.evidence,
                                OptDateValue(layer.since),
                                Millis(layer.updated_at)};
        return Exec(db_,
                    "INSERT INTO protection_layers (unit_id, layer, state, provider, evidence, "
                    "since, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    params);
    }

    Result<domain::Assessment> InsertAssessment(domain::Assessment a) override {
        const Value params[] = {std::string(domain::DueKindCode(a.kind)),
                                a.unit_id.value(),
                                a.system_id ? Value{a.system_id->value()} : Value{nullptr},
                                core::FormatDate(a.performed_on),
                                a.performer,
                                std::int64_t{a.licensed ? 1 : 0},
                                a.findings,
                                a.recorded_by,
                                Millis(a.created_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "INSERT INTO assessments (kind, unit_id, system_id, performed_on, performer, "
                "licensed, findings, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                params));
        a.id = domain::AssessmentId{InsertedId(rows)};
        return a;
    }

    Result<std::vector<domain::Assessment>> Assessments(
        const app::AssessmentFilter& filter) override {
        std::string sql =
            "SELECT a.id, a.kind, a.unit_id, a.system_id, a.performed_on, a.performer, "
            "a.licensed, a.findings, a.recorded_by, a.created_at FROM assessments a JOIN units u "
            "ON u.id = a.unit_id WHERE 1 = 1";
        std::vector<Value> params;
        if (filter.before_id > 0) {
            sql += " AND a.id < ?";
            params.emplace_back(filter.before_id);
        }
        AppendScopeFilter(sql, params, filter.scope, filter.unrestricted, "u.path");
        if (filter.unit_id) {
            sql += " AND " + SubtreeCondition(params, "u.path", *filter.unit_id);
        }
        if (filter.system_id) {
            sql += " AND a.system_id = ?";
            params.emplace_back(filter.system_id->value());
        }
        if (filter.kind) {
            sql += " AND a.kind = ?";
            params.emplace_back(std::string(domain::DueKindCode(*filter.kind)));
        }
        sql += " ORDER BY a.id DESC LIMIT ?";
        params.emplace_back(std::int64_t{filter.limit});
        std::vector<domain::Assessment> items;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(sql, params, [&](const RowView& row) {
            domain::Assessment a;
            a.id = domain::AssessmentId{row.Int(0)};
            a.kind = domain::ParseDueKind(row.Text(1)).value_or(domain::DueKind::kScan);
            a.unit_id = domain::UnitId{row.Int(2)};
            if (!row.IsNull(3)) {
                a.system_id = domain::SystemId{row.Int(3)};
            }
            a.performed_on = core::ParseDate(row.Text(4)).value_or(core::Date{});
            a.performer = row.Text(5);
            a.licensed = row.Int(6) != 0;
            a.findings = row.Text(7);
            a.recorded_by = row.Text(8);
            a.created_at = Time(row, 9);
            items.push_back(std::move(a));
        }));
        return items;
    }

    Result<domain::InventoryItem> GetItem(domain::InventoryId id) override {
        const Value params[] = {id.value()};
        return QueryOne(
            db_,
            fmt::format("SELECT {} FROM inventory_items i JOIN units u ON u.id = "
                        "i.unit_id WHERE i.id = ?",
                        kItemColumns),
            params, ItemFromRow,
            core::NotFound("Không tìm thấy thiết bị, phần mềm.", "Inventory item not found."));
    }

    Result<std::vector<domain::InventoryItem>> Items(const app::InventoryFilter& filter) override {
        std::string sql = fmt::format(
            "SELECT {} FROM inventory_items i JOIN units u ON u.id = i.unit_id WHERE i.id > ?",
            kItemColumns);
        std::vector<Value> params{filter.after_id};
        AppendScopeFilter(sql, params, filter.scope, filter.unrestricted, "u.path");
        if (filter.unit_id) {
            sql += " AND " + SubtreeCondition(params, "u.path", *filter.unit_id);
        }
        if (filter.kind) {
            sql += " AND i.kind = ?";
            params.emplace_back(std::string(domain::InventoryKindCode(*filter.kind)));
        }
        if (filter.state) {
            sql += " AND i.state = ?";
            params.emplace_back(std::string(domain::InventoryStateCode(*filter.state)));
        }
        if (filter.expires_before) {
            sql += " AND i.expires_on IS NOT NULL AND i.expires_on <= ?";
            params.emplace_back(core::FormatDate(*filter.expires_before));
        }
        if (!filter.search.empty()) {
            sql += " AND i.search_key LIKE ? ESCAPE '\\'";
            params.emplace_back(LikeContains(filter.search));
        }
        sql += " ORDER BY i.id LIMIT ?";
        params.emplace_back(std::int64_t{filter.limit});
        std::vector<domain::InventoryItem> items;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            sql, params, [&](const RowView& row) { items.push_back(ItemFromRow(row)); }));
        return items;
    }

    Result<domain::InventoryItem> InsertItem(domain::InventoryItem item) override {
        std::vector<Value> params;
        AppendItemFields(params, item);
        params.emplace_back(Millis(item.created_at));
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "INSERT INTO inventory_items (unit_id, kind, name, search_key, location, serial, "
                "expires_on, stamped_on, sensitive_place, state, updated_at, created_at) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                params));
        item.id = domain::InventoryId{InsertedId(rows)};
        return item;
    }

    Status UpdateItem(const domain::InventoryItem& item) override {
        std::vector<Value> params;
        AppendItemFields(params, item);
        params.emplace_back(item.id.value());
        return ExpectOneRow(
            db_.Execute("UPDATE inventory_items SET unit_id = ?, kind = ?, name = ?, "
                        "search_key = ?, location = ?, serial = ?, expires_on = ?, "
                        "stamped_on = ?, sensitive_place = ?, state = ?, updated_at = ? "
                        "WHERE id = ?",
                        params),
            "thiết bị");
    }

    Result<domain::Risk> GetRisk(domain::RiskId id) override {
        const Value params[] = {id.value()};
        return QueryOne(db_,
                        fmt::format("SELECT {} FROM risks r JOIN systems s ON s.id = r.system_id "
                                    "WHERE r.id = ?",
                                    kRiskColumns),
                        params, RiskFromRow,
                        core::NotFound("Không tìm thấy rủi ro.", "Risk not found."));
    }

    Result<std::vector<domain::Risk>> Risks(const app::RiskFilter& filter) override {
        std::string sql = fmt::format(
            "SELECT {} FROM risks r JOIN systems s ON s.id = r.system_id JOIN units u ON u.id = "
            "s.owner_unit_id WHERE r.id > ?",
            kRiskColumns);
        std::vector<Value> params{filter.after_id};
        AppendScopeFilter(sql, params, filter.scope, filter.unrestricted, "u.path");
        if (filter.unit_id) {
            sql += " AND " + SubtreeCondition(params, "u.path", *filter.unit_id);
        }
        if (filter.system_id) {
            sql += " AND r.system_id = ?";
            params.emplace_back(filter.system_id->value());
        }
        if (filter.reviewed_before) {
            sql += " AND r.reviewed_on < ?";
            params.emplace_back(core::FormatDate(*filter.reviewed_before));
        }
        sql += " ORDER BY r.id LIMIT ?";
        params.emplace_back(std::int64_t{filter.limit});
        std::vector<domain::Risk> risks;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            sql, params, [&](const RowView& row) { risks.push_back(RiskFromRow(row)); }));
        return risks;
    }

    Result<domain::Risk> InsertRisk(domain::Risk risk) override {
        const Value check[] = {risk.system_id.value(), risk.scenario};
        auto existing =
            db_.Query("SELECT id FROM risks WHERE system_id = ? AND scenario = ?", check);
        if (!existing.ok()) {
            return std::move(existing).error();
        }
        if (!existing->empty()) {
            return core::Error::Make(
                core::ErrorCode::kAlreadyExists,
                "Hệ thống đã có đánh giá rủi ro cho tình huống này; hãy cập nhật bản đã có.",
                "The system already has a risk for this scenario; update it instead.");
        }
        std::vector<Value> params;
        AppendRiskFields(params, risk);
        params.emplace_back(risk.system_id.value());
        params.emplace_back(Millis(risk.created_at));
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "INSERT INTO risks (scenario, likelihood, impact, consequences, people, tools, "
                "contractors, reviewed_on, updated_at, system_id, created_at) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                params));
        risk.id = domain::RiskId{InsertedId(rows)};
        return risk;
    }

    Status UpdateRisk(const domain::Risk& risk) override {
        std::vector<Value> params;
        AppendRiskFields(params, risk);
        params.emplace_back(risk.id.value());
        return ExpectOneRow(
            db_.Execute("UPDATE risks SET scenario = ?, likelihood = ?, impact = ?, "
                        "consequences = ?, people = ?, tools = ?, contractors = ?, "
                        "reviewed_on = ?, updated_at = ? WHERE id = ?",
                        params),
            "rủi ro");
    }

    Result<app::ReadinessInputs> Readiness(std::string_view root_path,
                                           core::TimePoint now,
                                           core::Date today,
                                           core::Date soon,
                                           core::Date review_cutoff) override {
        app::ReadinessInputs in;
        std::string upper(root_path);
        upper.back() = '0';
        const Value range[] = {std::string(root_path), upper};
        constexpr std::string_view kInTree = "u.path >= ? AND u.path < ?";
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT u.id, u.parent_id, u.path, u.code, u.name_vi, (SELECT COUNT(*) "
                        "FROM protection_layers l WHERE l.unit_id = u.id AND l.state = "
                        "'in_place') FROM units u WHERE {} AND u.active = 1 ORDER BY u.path",
                        kInTree),
            range, [&](const RowView& row) {
                app::ReadinessInputs::UnitRow unit;
                unit.id = domain::UnitId{row.Int(0)};
                if (!row.IsNull(1)) {
                    unit.parent_id = domain::UnitId{row.Int(1)};
                }
                unit.path = row.Text(2);
                unit.code = row.Text(3);
                unit.name_vi = row.Text(4);
                unit.layers_in_place = static_cast<int>(row.Int(5));
                in.units.push_back(std::move(unit));
            }));
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT s.id, s.owner_unit_id, COALESCE(s.approved_level, "
                        "s.proposed_level), s.approved_level IS NOT NULL, s.code, s.name_vi FROM "
                        "systems s JOIN units u ON u.id = s.owner_unit_id WHERE {} AND "
                        "s.active = 1",
                        kInTree),
            range, [&](const RowView& row) {
                in.systems.push_back({domain::SystemId{row.Int(0)}, domain::UnitId{row.Int(1)},
                                      static_cast<int>(row.Int(2)), row.Int(3) != 0,
                                      std::string(row.Text(4)), std::string(row.Text(5))});
            }));
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT COALESCE(a.system_id, a.unit_id), a.kind, MAX(a.performed_on) "
                        "FROM assessments a JOIN units u ON u.id = a.unit_id WHERE {} GROUP BY "
                        "COALESCE(a.system_id, a.unit_id), a.kind",
                        kInTree),
            range, [&](const RowView& row) {
                const auto kind = domain::ParseDueKind(row.Text(1));
                const auto on = core::ParseDate(row.Text(2));
                if (kind && on) {
                    in.last_done.push_back({row.Int(0), *kind, *on});
                }
            }));
        auto per_unit = [&](std::string_view sql, std::vector<Value> params,
                            std::vector<app::ReadinessInputs::PerUnitCount>& out) {
            return db_.QueryEach(sql, params, [&out](const RowView& row) {
                out.push_back({domain::UnitId{row.Int(0)}, row.Int(1)});
            });
        };
        UNGCUU_RETURN_IF_ERROR(per_unit(
            fmt::format("SELECT d.owner_unit_id, COUNT(*) FROM dossiers d JOIN units u ON u.id = "
                        "d.owner_unit_id WHERE {} AND d.state IN ('submitted', 'appraisal', "
                        "'approval') AND d.due_at < ? GROUP BY d.owner_unit_id",
                        kInTree),
            {range[0], range[1], Millis(now)}, in.dossiers_overdue));
        const std::string today_text = core::FormatDate(today);
        UNGCUU_RETURN_IF_ERROR(per_unit(
            fmt::format("SELECT i.unit_id, COUNT(*) FROM inventory_items i JOIN units u ON u.id = "
                        "i.unit_id WHERE {} AND i.state = 'in_use' AND i.expires_on < ? GROUP BY "
                        "i.unit_id",
                        kInTree),
            {range[0], range[1], today_text}, in.licences_expired));
        UNGCUU_RETURN_IF_ERROR(per_unit(
            fmt::format("SELECT i.unit_id, COUNT(*) FROM inventory_items i JOIN units u ON u.id = "
                        "i.unit_id WHERE {} AND i.state = 'in_use' AND i.expires_on >= ? AND "
                        "i.expires_on <= ? GROUP BY i.unit_id",
                        kInTree),
            {range[0], range[1], today_text, core::FormatDate(soon)}, in.licences_expiring));
        UNGCUU_RETURN_IF_ERROR(per_unit(
            fmt::format("SELECT s.owner_unit_id, COUNT(*) FROM risks r JOIN systems s ON s.id = "
                        "r.system_id JOIN units u ON u.id = s.owner_unit_id WHERE {} AND "
                        "s.active = 1 AND r.reviewed_on < ? GROUP BY s.owner_unit_id",
                        kInTree),
            {range[0], range[1], core::FormatDate(review_cutoff)}, in.risks_unreviewed));
        return in;
    }

private:
    static void AppendItemFields(std::vector<Value>& params, const domain::InventoryItem& item) {
        params.emplace_back(item.unit_id.value());
        params.emplace_back(std::string(domain::InventoryKindCode(item.kind)));
        params.emplace_back(item.name);
        params.emplace_back(
            core::FoldForSearch(item.name + " " + item.serial + " " + item.location));
        params.emplace_back(item.location);
        params.emplace_back(item.serial);
        params.emplace_back(OptDateValue(item.expires_on));
        params.emplace_back(OptDateValue(item.stamped_on));
        params.emplace_back(std::int64_t{item.sensitive_place ? 1 : 0});
        params.emplace_back(std::string(domain::InventoryStateCode(item.state)));
        params.emplace_back(Millis(item.updated_at));
    }

    static void AppendRiskFields(std::vector<Value>& params, const domain::Risk& risk) {
        params.emplace_back(risk.scenario);
        params.emplace_back(std::int64_t{risk.likelihood});
        params.emplace_back(std::int64_t{risk.impact});
        params.emplace_back(risk.consequences);
        params.emplace_back(risk.people);
        params.emplace_back(risk.tools);
        params.emplace_back(risk.contractors);
        params.emplace_back(core::FormatDate(risk.reviewed_on));
        params.emplace_back(Millis(risk.updated_at));
    }

    Connection& db_;
};

}  // namespace

std::unique_ptr<app::ProtectionRepository> MakeSqlProtectionRepository(Connection& db) {
    return std::make_unique<SqlProtectionRepository>(db);
}

}  // namespace ungcuu::storage
