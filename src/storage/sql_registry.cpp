#include "storage/sql_registry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/text.hpp"
#include "storage/sql_file_scans.hpp"
#include "storage/sql_helpers.hpp"
#include "storage/sql_repositories.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

Value OptId(std::optional<std::int64_t> id) { return id ? Value{*id} : Value{nullptr}; }

// ---- systems --------------------------------------------------------------------------------

constexpr std::string_view kSystemColumns =
    "s.id, s.code, s.name_vi, s.name_en, s.description, s.owner_unit_id, u.path, "
    "s.operator_unit_id, s.parent_id, s.vendor, s.system_class, s.info_classes, s.user_count, "
    "s.online_service_level, s.conditional_business, s.infrastructure_scope, s.works_grade, "
    "s.requires_24_7, s.national_egovernment, s.national_data_store, s.secret_impact, "
    "s.national_critical, s.services, s.security_measures, s.operating_systems, s.isp, "
    "s.security_provider, s.proposed_level, s.approved_level, s.approved_at, s.active, "
    "s.created_at, s.updated_at";

domain::InformationSystem SystemFromRow(const RowView& row) {
    domain::InformationSystem s;
    s.id = domain::SystemId{row.Int(0)};
    s.code = row.Text(1);
    s.name_vi = row.Text(2);
    s.name_en = row.Text(3);
    s.description = row.Text(4);
    s.owner_unit_id = domain::UnitId{row.Int(5)};
    s.owner_path = row.Text(6);
    if (!row.IsNull(7)) {
        s.operator_unit_id = domain::UnitId{row.Int(7)};
    }
    if (!row.IsNull(8)) {
        s.parent_id = domain::SystemId{row.Int(8)};
    }
    s.vendor = row.Text(9);
    auto& f = s.facts;
    f.system_class = domain::ParseSystemClass(row.Text(10)).value_or(domain::SystemClass::kOther);
    for (const auto& code : SplitCodes(row.Text(11))) {
        if (const auto info = domain::ParseInfoClass(code)) {
            f.info_classes.push_back(*info);
        }
    }
    f.user_count = row.Int(12);
    f.online_service_level = static_cast<int>(row.Int(13));
    f.conditional_business = row.Int(14) != 0;
    f.infrastructure_scope =
        domain::ParseInfrastructureScope(row.Text(15)).value_or(domain::InfrastructureScope::kNone);
    f.works_grade = domain::ParseWorksGrade(row.Text(16)).value_or(domain::WorksGrade::kNone);
    f.requires_24_7 = row.Int(17) != 0;
    f.national_egovernment = row.Int(18) != 0;
    f.national_data_store = row.Int(19) != 0;
    f.secret_impact = domain::ParseSecretImpact(row.Text(20)).value_or(domain::SecretImpact::kNone);
    s.national_critical = row.Int(21) != 0;
    s.services = SplitCodes(row.Text(22));
    s.security_measures = SplitCodes(row.Text(23));
    s.operating_systems = row.Text(24);
    s.isp = row.Text(25);
    s.security_provider = row.Text(26);
    s.proposed_level = static_cast<int>(row.Int(27));
    if (!row.IsNull(28)) {
        s.approved_level = static_cast<int>(row.Int(28));
    }
    s.approved_at = OptTime(row, 29);
    s.active = row.Int(30) != 0;
    s.created_at = Time(row, 31);
    s.updated_at = Time(row, 32);
    return s;
}

std::string SystemSearchKey(const domain::InformationSystem& s) {
    return core::FoldForSearch(s.code + " " + s.name_vi + " " + s.name_en + " " + s.vendor);
}

// Every written column except id and created_at, in the order of the UPDATE statement.
void AppendSystemFields(std::vector<Value>& params, const domain::InformationSystem& s) {
    const auto& f = s.facts;
    std::vector<std::string> info;
    for (const auto value : f.info_classes) {
        info.emplace_back(domain::InfoClassCode(value));
    }
    params.emplace_back(s.code);
    params.emplace_back(s.name_vi);
    params.emplace_back(s.name_en);
    params.emplace_back(SystemSearchKey(s));
    params.emplace_back(s.description);
    params.emplace_back(s.owner_unit_id.value());
    params.emplace_back(
        OptId(s.operator_unit_id ? std::optional(s.operator_unit_id->value()) : std::nullopt));
    params.emplace_back(OptId(s.parent_id ? std::optional(s.parent_id->value()) : std::nullopt));
    params.emplace_back(s.vendor);
    params.emplace_back(std::string(domain::SystemClassCode(f.system_class)));
    params.emplace_back(JoinCodes(info));
    params.emplace_back(f.user_count);
    params.emplace_back(std::int64_t{f.online_service_level});
    params.emplace_back(std::int64_t{f.conditional_business ? 1 : 0});
    params.emplace_back(std::string(domain::InfrastructureScopeCode(f.infrastructure_scope)));
    params.emplace_back(std::string(domain::WorksGradeCode(f.works_grade)));
    params.emplace_back(std::int64_t{f.requires_24_7 ? 1 : 0});
    params.emplace_back(std::int64_t{f.national_egovernment ? 1 : 0});
    params.emplace_back(std::int64_t{f.national_data_store ? 1 : 0});
    params.emplace_back(std::string(domain::SecretImpactCode(f.secret_impact)));
    params.emplace_back(std::int64_t{s.national_critical ? 1 : 0});
    params.emplace_back(JoinCodes(s.services));
    params.emplace_back(JoinCodes(s.security_measures));
    params.emplace_back(s.operating_systems);
    params.emplace_back(s.isp);
    params.emplace_back(s.security_provider);
    params.emplace_back(std::int64_t{s.proposed_level});
    params.emplace_back(s.approved_level ? Value{std::int64_t{*s.approved_level}} : Value{nullptr});
    params.emplace_back(OptMillis(s.approved_at));
    params.emplace_back(std::int64_t{s.active ? 1 : 0});
    params.emplace_back(Millis(s.updated_at));
}

constexpr std::string_view kSystemWritable =
    "code, name_vi, name_en, search_key, description, owner_unit_id, operator_unit_id, "
    "parent_id, vendor, system_class, info_classes, user_count, online_service_level, "
    "conditional_business, infrastructure_scope, works_grade, requires_24_7, "
    "national_egovernment, national_data_store, secret_impact, national_critical, services, "
    "security_measures, operating_systems, isp, security_provider, proposed_level, "
    "approved_level, approved_at, active, updated_at";

class SqlSystemRepository final : public app::SystemRepository {
public:
    explicit SqlSystemRepository(Connection& db) : db_(db) {}

    Result<domain::InformationSystem> Get(domain::SystemId id) override {
        const Value params[] = {id.value()};
        return One("s.id = ?", params);
    }

    Result<domain::InformationSystem> GetByCode(std::string_view code) override {
        const Value params[] = {std::string(code)};
        return One("s.code = ?", params);
    }

    Result<std::vector<domain::InformationSystem>> List(const app::SystemFilter& filter) override {
        std::string sql = fmt::format(
            "SELECT {} FROM systems s JOIN units u ON u.id = s.owner_unit_id WHERE s.id > ?",
            kSystemColumns);
        std::vector<Value> params{filter.after_id};
        AppendScopeFilter(sql, params, filter.scope, filter.unrestricted, "u.path");
        if (filter.owner_unit_id) {
            sql += " AND " + SubtreeCondition(params, "u.path", *filter.owner_unit_id);
        }
        if (filter.parent_id) {
            sql += " AND s.parent_id = ?";
            params.emplace_back(filter.parent_id->value());
        }
        if (filter.level) {
            sql += " AND COALESCE(s.approved_level, s.proposed_level) = ?";
            params.emplace_back(std::int64_t{*filter.level});
        }
        if (filter.approved) {
            sql += *filter.approved ? " AND s.approved_level IS NOT NULL"
                                    : " AND s.approved_level IS NULL";
        }
        if (filter.active) {
            sql += " AND s.active = ?";
            params.emplace_back(std::int64_t{*filter.active ? 1 : 0});
        }
        if (!filter.search.empty()) {
            // A search also finds a system by one of its IP addresses or domain names.
            sql +=
                " AND (s.search_key LIKE ? ESCAPE '\\' OR s.id IN (SELECT system_id FROM "
                "system_addresses WHERE value LIKE ? ESCAPE '\\'))";
            params.emplace_back(LikeContains(filter.search));
            params.emplace_back(LikeContains(filter.search));
        }
        sql += " ORDER BY s.id LIMIT ?";
        params.emplace_back(std::int64_t{filter.limit});
        std::vector<domain::InformationSystem> systems;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(sql, params, [&systems](const RowView& row) {
            systems.push_back(SystemFromRow(row));
        }));
        UNGCUU_RETURN_IF_ERROR(LoadAddresses(systems));
        return systems;
    }

    Result<domain::InformationSystem> Insert(domain::InformationSystem system) override {
        std::vector<Value> params;
        AppendSystemFields(params, system);
        params.emplace_back(Millis(system.created_at));
        auto rows = db_.Query(fmt::format("INSERT INTO systems ({}, created_at) VALUES ({}?) "
                                          "RETURNING id",
                                          kSystemWritable, Placeholders(params.size() - 1)),
                              params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        system.id = domain::SystemId{InsertedId(rows)};
        UNGCUU_RETURN_IF_ERROR(WriteAddresses(system));
        return system;
    }

    Status Update(const domain::InformationSystem& system) override {
        std::vector<Value> params;
        AppendSystemFields(params, system);
        params.emplace_back(system.id.value());
        std::string assignments;
        for (const auto& column : SplitCodes(kSystemWritable)) {
            assignments +=
                fmt::format("{}{} = ?", assignments.empty() ? "" : ", ", core::Trim(column));
        }
        UNGCUU_RETURN_IF_ERROR(ExpectOneRow(
            db_.Execute(fmt::format("UPDATE systems SET {} WHERE id = ?", assignments), params),
            "hệ thống"));
        const Value id[] = {system.id.value()};
        UNGCUU_RETURN_IF_ERROR(Exec(db_, "DELETE FROM system_addresses WHERE system_id = ?", id));
        return WriteAddresses(system);
    }

    Result<std::vector<domain::SystemId>> ParentChain(domain::SystemId id) override {
        std::vector<domain::SystemId> chain;
        std::optional<std::int64_t> current = id.value();
        // Bounded: a chain longer than the table would be a cycle, which writes refuse.
        while (current && chain.size() < 10'000) {
            chain.emplace_back(*current);
            const Value params[] = {*current};
            UNGCUU_ASSIGN_OR_RETURN(
                rows, db_.Query("SELECT parent_id FROM systems WHERE id = ?", params));
            current = rows.empty() || (rows)[0].IsNull(0) ? std::nullopt
                                                          : std::optional((rows)[0].Int(0));
        }
        return chain;
    }

    Result<std::vector<int>> SubSystemLevels(domain::SystemId id) override {
        const Value params[] = {id.value()};
        std::vector<int> levels;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT COALESCE(approved_level, proposed_level) FROM systems WHERE parent_id = ? "
            "AND active = 1",
            params,
            [&levels](const RowView& row) { levels.push_back(static_cast<int>(row.Int(0))); }));
        return levels;
    }

private:
    Result<domain::InformationSystem> One(std::string_view where, std::span<const Value> params) {
        auto found = QueryOne(
            db_,
            fmt::format("SELECT {} FROM systems s JOIN units u ON u.id = s.owner_unit_id WHERE {}",
                        kSystemColumns, where),
            params, SystemFromRow,
            core::NotFound("Không tìm thấy hệ thống thông tin.", "Information system not found."));
        if (!found.ok()) {
            return found;
        }
        std::vector<domain::InformationSystem> one{std::move(found).value()};
        UNGCUU_RETURN_IF_ERROR(LoadAddresses(one));
        return std::move(one.front());
    }

    Status LoadAddresses(std::vector<domain::InformationSystem>& systems) {
        if (systems.empty()) {
            return core::Ok();
        }
        std::map<std::int64_t, domain::InformationSystem*> by_id;
        std::string sql =
            "SELECT system_id, kind, value FROM system_addresses WHERE system_id IN (";
        std::vector<Value> params;
        for (auto& system : systems) {
            by_id[system.id.value()] = &system;
            sql += params.empty() ? "?" : ", ?";
            params.emplace_back(system.id.value());
        }
        sql += ") ORDER BY system_id, kind, value";
        return db_.QueryEach(sql, params, [&by_id](const RowView& row) {
            auto* system = by_id.at(row.Int(0));
            (row.Text(1) == "ip" ? system->public_ips : system->domains).emplace_back(row.Text(2));
        });
    }

    Status WriteAddresses(const domain::InformationSystem& system) {
        for (const auto& [kind, values] :
             {std::pair{"ip", &system.public_ips}, std::pair{"domain", &system.domains}}) {
            for (const auto& value : *values) {
                const Value params[] = {system.id.value(), std::string(kind), value};
                UNGCUU_RETURN_IF_ERROR(Exec(db_,
                                            "INSERT INTO system_addresses (system_id, kind, value) "
                                            "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                            params));
            }
        }
        return core::Ok();
    }

    Connection& db_;
};

// ---- dossiers -------------------------------------------------------------------------------

constexpr std::string_view kDossierColumns =
    "d.id, d.system_id, s.code, s.name_vi, d.owner_unit_id, o.path, d.reviewer_unit_id, r.path, "
    "d.proposed_level, d.justification, d.rule_set, d.state, d.stage_started_at, d.due_at, "
    "d.decision_number, d.decided_at, d.return_reason, d.created_at, d.updated_at";

constexpr std::string_view kDossierFrom =
    "dossiers d JOIN systems s ON s.id = d.system_id JOIN units o ON o.id = d.owner_unit_id "
    "JOIN units r ON r.id = d.reviewer_unit_id";

domain::LevelDossier DossierFromRow(const RowView& row) {
    domain::LevelDossier d;
    d.id = domain::DossierId{row.Int(0)};
    d.system_id = domain::SystemId{row.Int(1)};
    d.system_code = row.Text(2);
    d.system_name = row.Text(3);
    d.owner_unit_id = domain::UnitId{row.Int(4)};
    d.owner_path = row.Text(5);
    d.reviewer_unit_id = domain::UnitId{row.Int(6)};
    d.reviewer_path = row.Text(7);
    d.proposed_level = static_cast<int>(row.Int(8));
    d.justification = row.Text(9);
    d.rule_set = row.Text(10);
    d.state = domain::ParseDossierState(row.Text(11)).value_or(domain::DossierState::kDraft);
    d.stage_started_at = OptTime(row, 12);
    d.due_at = OptTime(row, 13);
    d.decision_number = row.Text(14);
    d.decided_at = OptTime(row, 15);
    d.return_reason = row.Text(16);
    d.created_at = Time(row, 17);
    d.updated_at = Time(row, 18);
    return d;
}

// The states a dossier is under review in, as SQL text.
constexpr std::string_view kReviewStates = "('submitted', 'appraisal', 'approval')";

class SqlDossierRepository final : public app::DossierRepository {
public:
    explicit SqlDossierRepository(Connection& db) : db_(db) {}

    Result<domain::LevelDossier> Get(domain::DossierId id) override {
        const Value params[] = {id.value()};
        return QueryOne(
            db_, fmt::format("SELECT {} FROM {} WHERE d.id = ?", kDossierColumns, kDossierFrom),
            params, DossierFromRow,
            core::NotFound("Không tìm thấy hồ sơ đề xuất cấp độ.", "Level dossier not found."));
    }

    Result<std::vector<domain::LevelDossier>> List(const app::DossierFilter& filter) override {
        std::string sql =
            fmt::format("SELECT {} FROM {} WHERE d.id > ?", kDossierColumns, kDossierFrom);
        std::vector<Value> params{filter.after_id};
        if (!filter.unrestricted) {
            const std::string owner =
                ScopeCondition(params, filter.scope, filter.unrestricted, "o.path");
            const std::string reviewer =
                ScopeCondition(params, filter.scope, filter.unrestricted, "r.path");
            sql += fmt::format(" AND ({} OR {})", owner, reviewer);
        }
        if (filter.system_id) {
            sql += " AND d.system_id = ?";
            params.emplace_back(filter.system_id->value());
        }
        if (filter.unit_id) {
            const std::string owner = SubtreeCondition(params, "o.path", *filter.unit_id);
            const std::string reviewer = SubtreeCondition(params, "r.path", *filter.unit_id);
            sql += fmt::format(" AND ({} OR {})", owner, reviewer);
        }
        if (filter.state) {
            sql += " AND d.state = ?";
            params.emplace_back(std::string(domain::DossierStateCode(*filter.state)));
        }
        if (filter.overdue_at) {
            sql += fmt::format(" AND d.state IN {} AND d.due_at < ?", kReviewStates);
            params.emplace_back(Millis(*filter.overdue_at));
        }
        sql += " ORDER BY d.id LIMIT ?";
        params.emplace_back(std::int64_t{filter.limit});
        std::vector<domain::LevelDossier> dossiers;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(sql, params, [&dossiers](const RowView& row) {
            dossiers.push_back(DossierFromRow(row));
        }));
        return dossiers;
    }

    Result<domain::LevelDossier> Insert(domain::LevelDossier dossier) override {
        std::vector<Value> params{dossier.system_id.value(), dossier.owner_unit_id.value(),
                                  dossier.reviewer_unit_id.value(), Millis(dossier.created_at)};
        AppendMutable(params, dossier);
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "INSERT INTO dossiers (system_id, owner_unit_id, reviewer_unit_id, created_at, "
                "proposed_level, justification, rule_set, state, stage_started_at, due_at, "
                "decision_number, decided_at, return_reason, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                params));
        dossier.id = domain::DossierId{InsertedId(rows)};
        return dossier;
    }

    Status Update(const domain::LevelDossier& dossier) override {
        std::vector<Value> params;
        AppendMutable(params, dossier);
        params.emplace_back(dossier.reviewer_unit_id.value());
        params.emplace_back(dossier.id.value());
        return ExpectOneRow(
            db_.Execute("UPDATE dossiers SET proposed_level = ?, justification = ?, rule_set = ?, "
                        "state = ?, stage_started_at = ?, due_at = ?, decision_number = ?, "
                        "decided_at = ?, return_reason = ?, updated_at = ?, reviewer_unit_id = ? "
                        "WHERE id = ?",
                        params),
            "hồ sơ");
    }

    Result<bool> HasOpen(domain::SystemId system) override {
        const Value params[] = {system.value()};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "SELECT COUNT(*) FROM dossiers WHERE system_id = ? AND state NOT IN ('approved', "
                "'returned')",
                params));
        return (rows)[0].Int(0) > 0;
    }

    Status AddEvent(const domain::DossierEvent& e) override {
        const Value params[] = {e.dossier_id.value(),
                                Millis(e.at),
                                std::string(domain::DossierActionCode(e.action)),
                                std::string(domain::DossierStateCode(e.from)),
                                std::string(domain::DossierStateCode(e.to)),
                                e.actor_login,
                                e.note};
        return Exec(db_,
                    "INSERT INTO dossier_events (dossier_id, at, action, from_state, to_state, "
                    "actor_login, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    params);
    }

    Result<std::vector<domain::DossierEvent>> Events(domain::DossierId id) override {
        const Value params[] = {id.value()};
        std::vector<domain::DossierEvent> events;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT id, at, action, from_state, to_state, actor_login, note FROM dossier_events "
            "WHERE dossier_id = ? ORDER BY id",
            params, [&](const RowView& row) {
                domain::DossierEvent e;
                e.id = row.Int(0);
                e.dossier_id = id;
                e.at = Time(row, 1);
                e.action = domain::ParseDossierAction(row.Text(2))
                               .value_or(domain::DossierAction::kSubmit);
                e.from =
                    domain::ParseDossierState(row.Text(3)).value_or(domain::DossierState::kDraft);
                e.to =
                    domain::ParseDossierState(row.Text(4)).value_or(domain::DossierState::kDraft);
                e.actor_login = row.Text(5);
                e.note = row.Text(6);
                events.push_back(std::move(e));
            }));
        return events;
    }

    Result<std::vector<domain::DossierDocument>> Documents(domain::DossierId id) override {
        const Value params[] = {id.value()};
        std::vector<domain::DossierDocument> documents;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT d.slot, d.file_name, d.content_type, d.size, d.sha256, d.uploaded_by, "
            "d.uploaded_at, " +
                std::string(kFileScanColumns) +
                " FROM dossier_documents d LEFT JOIN file_scans s ON s.sha256 = d.sha256 "
                "WHERE d.dossier_id = ? ORDER BY d.slot",
            params, [&](const RowView& row) {
                domain::DossierDocument d;
                d.dossier_id = id;
                d.slot = row.Text(0);
                d.file_name = row.Text(1);
                d.content_type = row.Text(2);
                d.size = row.Int(3);
                d.sha256 = row.Text(4);
                d.uploaded_by = row.Text(5);
                d.uploaded_at = Time(row, 6);
                d.scan = ReadFileScan(row, 7);
                documents.push_back(std::move(d));
            }));
        return documents;
    }

    Status PutDocument(const domain::DossierDocument& d) override {
        const Value remove[] = {d.dossier_id.value(), d.slot};
        UNGCUU_RETURN_IF_ERROR(
            Exec(db_, "DELETE FROM dossier_documents WHERE dossier_id = ? AND slot = ?", remove));
        const Value params[] = {d.dossier_id.value(),
                                d.slot,
                                d.file_name,
                                d.content_type,
                                d.size,
                                d.sha256,
                                d.uploaded_by,
                                Millis(d.uploaded_at)};
        return Exec(db_,
                    "INSERT INTO dossier_documents (dossier_id, slot, file_name, content_type, "
                    "size, sha256, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    params);
    }

    Status SetApprovedLevel(domain::SystemId system, int level, core::TimePoint at) override {
        const Value params[] = {std::int64_t{level}, Millis(at), Millis(at), system.value()};
        return ExpectOneRow(db_.Execute("UPDATE systems SET approved_level = ?, approved_at = ?, "
                                        "updated_at = ? WHERE id = ?",
                                        params),
                            "hệ thống");
    }

private:
    static void AppendMutable(std::vector<Value>& params, const domain::LevelDossier& d) {
        params.emplace_back(std::int64_t{d.proposed_level});
        params.emplace_back(d.justification);
        params.emplace_back(d.rule_set);
        params.emplace_back(std::string(domain::DossierStateCode(d.state)));
        params.emplace_back(OptMillis(d.stage_started_at));
        params.emplace_back(OptMillis(d.due_at));
        params.emplace_back(d.decision_number);
        params.emplace_back(OptMillis(d.decided_at));
        params.emplace_back(d.return_reason);
        params.emplace_back(Millis(d.updated_at));
    }

    Connection& db_;
};

// ---- calendar -------------------------------------------------------------------------------

class SqlCalendarRepository final : public app::CalendarRepository {
public:
    explicit SqlCalendarRepository(Connection& db) : db_(db) {}

    Result<std::vector<domain::CalendarDay>> All() override {
        std::vector<domain::CalendarDay> days;
        UNGCUU_RETURN_IF_ERROR(
            db_.QueryEach("SELECT day, name_vi, name_en, working FROM calendar_days ORDER BY day",
                          {}, [&days](const RowView& row) {
                              if (const auto date = core::ParseDate(row.Text(0))) {
                                  days.push_back({*date, std::string(row.Text(1)),
                                                  std::string(row.Text(2)), row.Int(3) != 0});
                              }
                          }));
        return days;
    }

    Status ReplaceYear(int year, const std::vector<domain::CalendarDay>& days) override {
        const Value range[] = {fmt::format("{:04}-01-01", year), fmt::format("{:04}-12-31", year)};
        UNGCUU_RETURN_IF_ERROR(
            Exec(db_, "DELETE FROM calendar_days WHERE day >= ? AND day <= ?", range));
        for (const auto& day : days) {
            const Value params[] = {core::FormatDate(day.date), day.name_vi, day.name_en,
                                    std::int64_t{day.working ? 1 : 0}};
            UNGCUU_RETURN_IF_ERROR(Exec(
                db_,
                "INSERT INTO calendar_days (day, name_vi, name_en, working) VALUES (?, ?, ?, ?)",
                params));
        }
        return core::Ok();
    }

private:
    Connection& db_;
};

}  // namespace

struct SqlRegistryRepositories::Impl {
    explicit Impl(Connection& db)
        : systems(db), dossiers(db), calendar(db), protection(MakeSqlProtectionRepository(db)) {}

    SqlSystemRepository systems;
    SqlDossierRepository dossiers;
    SqlCalendarRepository calendar;
    std::unique_ptr<app::ProtectionRepository> protection;
};

SqlRegistryRepositories::SqlRegistryRepositories(Connection& db)
    : impl_(std::make_unique<Impl>(db)) {}

SqlRegistryRepositories::~SqlRegistryRepositories() = default;

app::SystemRepository& SqlRegistryRepositories::systems() { return impl_->systems; }

app::DossierRepository& SqlRegistryRepositories::dossiers() { return impl_->dossiers; }

app::CalendarRepository& SqlRegistryRepositories::calendar() { return impl_->calendar; }

app::ProtectionRepository& SqlRegistryRepositories::protection() { return *impl_->protection; }

}  // namespace ungcuu::storage
