#include "app/registry/protection_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "app/audit_writer.hpp"
#include "app/import_table.hpp"
#include "app/unit_access.hpp"

namespace ungcuu::app {

namespace {

core::FieldSnapshot LayerSnapshot(const domain::ProtectionLayer& layer) {
    core::FieldSnapshot s;
    s.Add("layer", std::int64_t{layer.layer})
        .Add("state", domain::LayerStateCode(layer.state))
        .Add("provider", std::string_view(layer.provider))
        .Add("evidence", std::string_view(layer.evidence))
        .Add("since", layer.since ? std::optional(core::FormatDate(*layer.since)) : std::nullopt);
    return s;
}

core::FieldSnapshot ItemSnapshot(const domain::InventoryItem& item) {
    core::FieldSnapshot s;
    s.Add("unit_id", item.unit_id.value())
        .Add("kind", domain::InventoryKindCode(item.kind))
        .Add("name", std::string_view(item.name))
        .Add("location", std::string_view(item.location))
        .Add("serial", std::string_view(item.serial))
        .Add("expires_on",
             item.expires_on ? std::optional(core::FormatDate(*item.expires_on)) : std::nullopt)
        .Add("stamped_on",
             item.stamped_on ? std::optional(core::FormatDate(*item.stamped_on)) : std::nullopt)
        .Add("sensitive_place", item.sensitive_place)
        .Add("state", domain::InventoryStateCode(item.state));
    return s;
}

core::FieldSnapshot RiskSnapshot(const domain::Risk& risk) {
    core::FieldSnapshot s;
    s.Add("system_id", risk.system_id.value())
        .Add("scenario", std::string_view(risk.scenario))
        .Add("likelihood", std::int64_t{risk.likelihood})
        .Add("impact", std::int64_t{risk.impact})
        .Add("consequences", std::string_view(risk.consequences))
        .Add("reviewed_on", std::string_view(core::FormatDate(risk.reviewed_on)));
    return s;
}

// A system named in a request: a missing or hidden one is a field error of `system_id`.
core::Result<domain::InformationSystem> ChosenSystem(Repositories& repos,
                                                     const Actor& actor,
                                                     domain::SystemId id) {
    auto system = repos.systems.Get(id);
    if (!system.ok() || !actor.Authorize(system->owner_path, domain::Permission::kUnitRead).ok()) {
        core::Error error = core::InvalidArgument("Không tìm thấy hệ thống đã chọn.",
                                                  "The chosen system was not found.");
        error.details.push_back({"system_id", "không tìm thấy", "not found"});
        return error;
    }
    return system;
}

template <typename T>
std::int64_t TrimPage(std::vector<T>& rows, int limit, std::int64_t (*id_of)(const T&)) {
    if (static_cast<int>(rows.size()) > limit) {
        rows.pop_back();
        return id_of(rows.back());
    }
    return 0;
}

}  // namespace

core::Result<domain::Unit> ProtectionService::WritableUnit(Repositories& repos,
                                                           const Actor& actor,
                                                           domain::UnitId id,
                                                           std::string_view field) {
    auto unit = LoadUnitFor(repos, actor, id, domain::Permission::kSystemWrite);
    if (!unit.ok() && unit.error().code == core::ErrorCode::kNotFound) {
        core::Error error = core::InvalidArgument("Không tìm thấy đơn vị đã chọn.",
                                                  "The chosen unit was not found.");
        error.details.push_back({std::string(field), "không tìm thấy", "not found"});
        return error;
    }
    return unit;
}

core::Result<std::vector<domain::ProtectionLayer>> ProtectionService::Layers(const Actor& actor,
                                                                             domain::UnitId unit) {
    std::vector<domain::ProtectionLayer> layers;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(loaded,
                                LoadUnitFor(repos, actor, unit, domain::Permission::kUnitRead));
        UNGCUU_ASSIGN_OR_RETURN(stored, repos.protection.Layers(unit));
        for (int n = 1; n <= domain::kLayerCount; ++n) {
            const auto found = std::find_if(stored.begin(), stored.end(),
                                            [n](const auto& layer) { return layer.layer == n; });
            if (found != stored.end()) {
                layers.push_back(*found);
            } else {
                domain::ProtectionLayer missing;
                missing.unit_id = unit;
                missing.layer = n;
                layers.push_back(missing);
            }
        }
        return core::Ok();
    }));
    return layers;
}

core::Result<std::vector<domain::ProtectionLayer>> ProtectionService::SetLayer(
    const Actor& actor, domain::ProtectionLayer layer) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateLayer(layer, core::LocalDate(clock_.Now())));
    const core::TimePoint now = clock_.Now();
    layer.updated_at = now;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, layer.unit_id, domain::Permission::kSystemWrite));
        UNGCUU_ASSIGN_OR_RETURN(before, repos.protection.Layers(layer.unit_id));
        std::string before_json = "{}";
        for (const auto& old : before) {
            if (old.layer == layer.layer) {
                before_json = LayerSnapshot(old).ToJson();
            }
        }
        UNGCUU_RETURN_IF_ERROR(repos.protection.PutLayer(layer));
        return WriteAudit(repos, actor, now,
                          {"layer.update", "unit", unit.id.value(), &unit, before_json,
                           LayerSnapshot(layer).ToJson()});
    }));
    return Layers(actor, layer.unit_id);
}

core::Result<domain::Assessment> ProtectionService::RecordAssessment(const Actor& actor,
                                                                     domain::Assessment a) {
    const core::TimePoint now = clock_.Now();
    UNGCUU_RETURN_IF_ERROR(domain::ValidateAssessment(a, core::LocalDate(now)));
    a.created_at = now;
    a.recorded_by = actor.login;
    return store_.Write([&](Repositories& repos) -> core::Result<domain::Assessment> {
        if (a.system_id) {
            UNGCUU_ASSIGN_OR_RETURN(system, ChosenSystem(repos, actor, *a.system_id));
            a.unit_id = system.owner_unit_id;
        }
        UNGCUU_ASSIGN_OR_RETURN(unit, WritableUnit(repos, actor, a.unit_id, "unit_id"));
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.protection.InsertAssessment(a));
        core::FieldSnapshot after;
        after.Add("kind", domain::DueKindCode(a.kind))
            .Add("system_id", a.system_id ? a.system_id->value() : 0)
            .Add("performed_on", std::string_view(core::FormatDate(a.performed_on)))
            .Add("performer", std::string_view(a.performer))
            .Add("licensed", a.licensed);
        UNGCUU_RETURN_IF_ERROR(WriteAudit(
            repos, actor, now,
            {"assessment.create", "assessment", inserted.id.value(), &unit, "{}", after.ToJson()}));
        return inserted;
    });
}

core::Result<std::vector<domain::Assessment>> ProtectionService::Assessments(
    const Actor& actor, AssessmentFilter filter) {
    filter.unrestricted = actor.unrestricted;
    filter.scope = actor.scope.VisibleRoots();
    filter.limit = std::clamp(filter.limit, 1, 500);
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<domain::Assessment>> {
        return repos.protection.Assessments(filter);
    });
}

core::Result<InventoryPage> ProtectionService::Inventory(const Actor& actor,
                                                         const InventoryQuery& query) {
    InventoryFilter filter;
    filter.unrestricted = actor.unrestricted;
    filter.scope = actor.scope.VisibleRoots();
    filter.unit_id = query.unit_id;
    filter.kind = query.kind;
    filter.state = query.state;
    if (query.expiring_within_days) {
        filter.expires_before =
            core::LocalDate(clock_.Now()) + std::chrono::days{*query.expiring_within_days};
    }
    filter.search = core::FoldForSearch(core::Trim(query.search));
    filter.after_id = query.after_id;
    const int limit = std::clamp(query.limit, 1, 500);
    filter.limit = limit + 1;
    InventoryPage page;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(items, repos.protection.Items(filter));
        page.items = std::move(items);
        return core::Ok();
    }));
    page.next_cursor = TrimPage<domain::InventoryItem>(
        page.items, limit, [](const domain::InventoryItem& i) { return i.id.value(); });
    return page;
}

core::Result<domain::InventoryItem> ProtectionService::CreateItem(const Actor& actor,
                                                                  domain::InventoryItem item) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateInventoryItem(item, core::LocalDate(clock_.Now())));
    const core::TimePoint now = clock_.Now();
    item.created_at = now;
    item.updated_at = now;
    return store_.Write([&](Repositories& repos) -> core::Result<domain::InventoryItem> {
        UNGCUU_ASSIGN_OR_RETURN(unit, WritableUnit(repos, actor, item.unit_id, "unit_id"));
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.protection.InsertItem(item));
        inserted.unit_path = unit.path;
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"inventory.create", "inventory", inserted.id.value(),
                                           &unit, "{}", ItemSnapshot(inserted).ToJson()}));
        return inserted;
    });
}

core::Result<domain::InventoryItem> ProtectionService::UpdateItem(const Actor& actor,
                                                                  domain::InventoryId id,
                                                                  domain::InventoryItem item) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateInventoryItem(item, core::LocalDate(clock_.Now())));
    const core::TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<domain::InventoryItem> {
        UNGCUU_ASSIGN_OR_RETURN(existing, repos.protection.GetItem(id));
        UNGCUU_RETURN_IF_ERROR(
            actor.Authorize(existing.unit_path, domain::Permission::kSystemWrite));
        UNGCUU_ASSIGN_OR_RETURN(unit, WritableUnit(repos, actor, item.unit_id, "unit_id"));
        item.id = id;
        item.created_at = existing.created_at;
        item.updated_at = now;
        item.unit_path = unit.path;
        UNGCUU_RETURN_IF_ERROR(repos.protection.UpdateItem(item));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"inventory.update", "inventory", id.value(), &unit,
                        ItemSnapshot(existing).ToJson(), ItemSnapshot(item).ToJson()}));
        return item;
    });
}

namespace {

/// A row of an inventory import, read and checked, with its unit still as a code.
struct PendingItem {
    std::size_t line;
    std::string unit_code;
    domain::InventoryItem item;
};

PendingItem ReadInventoryRow(ImportTable& table, const core::CsvRow& row, core::Date today) {
    PendingItem p{row.line, table.Cell(row, "unit_code"), {}};
    auto& item = p.item;
    item.name = table.Cell(row, "name");
    item.location = table.Cell(row, "location");
    item.serial = table.Cell(row, "serial");
    const std::string kind = table.Cell(row, "kind");
    if (const auto parsed = domain::ParseInventoryKind(kind)) {
        item.kind = *parsed;
    } else {
        table.Problem(row.line, fmt::format("loại \"{}\" không hợp lệ", kind),
                      fmt::format("unknown kind \"{}\"", kind));
    }
    const std::string state = table.Cell(row, "state");
    if (!state.empty()) {
        if (const auto parsed = domain::ParseInventoryState(state)) {
            item.state = *parsed;
        } else {
            table.Problem(row.line, fmt::format("trạng thái \"{}\" không hợp lệ", state),
                          fmt::format("unknown state \"{}\"", state));
        }
    }
    for (const auto& [column, target] :
         {std::pair{"expires_on", &item.expires_on}, std::pair{"stamped_on", &item.stamped_on}}) {
        const std::string text = table.Cell(row, column);
        if (text.empty()) {
            continue;
        }
        if (const auto date = core::ParseDate(text)) {
            *target = *date;
        } else {
            table.Problem(row.line,
                          fmt::format("{}: \"{}\" không phải ngày (YYYY-MM-DD)", column, text),
                          fmt::format("{}: \"{}\" is not a date (YYYY-MM-DD)", column, text));
        }
    }
    const std::string sensitive = core::FoldForSearch(table.Cell(row, "sensitive_place"));
    item.sensitive_place =
        sensitive == "1" || sensitive == "co" || sensitive == "x" || sensitive == "true";
    item.unit_id = domain::UnitId{1};  // resolved later
    table.Problems(row.line, domain::ValidateInventoryItem(item, today));
    return p;
}

}  // namespace

core::Result<ImportReport> ProtectionService::ImportInventory(const Actor& actor,
                                                              std::vector<core::CsvRow> rows) {
    static constexpr std::array<std::string_view, 9> kColumns = {
        "unit_code",       "kind", "name", "location", "serial", "expires_on", "stamped_on",
        "sensitive_place", "state"};
    UNGCUU_ASSIGN_OR_RETURN(opened, ImportTable::Open(std::move(rows), kColumns, 3));
    ImportTable& table = opened;

    std::vector<PendingItem> pending;
    for (const auto& row : table.rows()) {
        if (table.CheckWidth(row)) {
            pending.push_back(ReadInventoryRow(table, row, core::LocalDate(clock_.Now())));
        }
    }
    const core::TimePoint now = clock_.Now();
    ImportReport report;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        std::map<std::string, std::optional<domain::Unit>, std::less<>> units;
        for (auto& p : pending) {
            auto found = units.find(p.unit_code);
            if (found == units.end()) {
                auto unit = repos.units.GetByCode(p.unit_code);
                std::optional<domain::Unit> allowed;
                if (unit.ok() &&
                    actor.Authorize(unit->path, domain::Permission::kSystemWrite).ok()) {
                    allowed = std::move(unit).value();
                }
                found = units.emplace(p.unit_code, std::move(allowed)).first;
            }
            if (!found->second) {
                table.Problem(
                    p.line,
                    fmt::format("unit_code: không tìm thấy hoặc không có quyền với đơn "
                                "vị \"{}\"",
                                p.unit_code),
                    fmt::format("unit_code: unit \"{}\" not found or not allowed", p.unit_code));
                continue;
            }
            p.item.unit_id = found->second->id;
        }
        UNGCUU_RETURN_IF_ERROR(table.ToStatus("thiết bị, phần mềm", "item"));
        for (auto& p : pending) {
            p.item.created_at = now;
            p.item.updated_at = now;
            UNGCUU_ASSIGN_OR_RETURN(inserted, repos.protection.InsertItem(p.item));
            UNGCUU_RETURN_IF_ERROR(
                WriteAudit(repos, actor, now,
                           {"inventory.import", "inventory", inserted.id.value(),
                            &*units.at(p.unit_code), "{}", ItemSnapshot(inserted).ToJson()}));
            ++report.created;
        }
        return core::Ok();
    }));
    return report;
}

core::Date ProtectionService::RiskReviewDue(core::Date reviewed_on) const {
    return core::AddMonths(reviewed_on,
                           rules_.MonthsFor(domain::DueKind::kRiskReview, 1).value_or(12));
}

core::Result<RiskPage> ProtectionService::Risks(const Actor& actor, const RiskQuery& query) {
    RiskFilter filter;
    filter.unrestricted = actor.unrestricted;
    filter.scope = actor.scope.VisibleRoots();
    filter.unit_id = query.unit_id;
    filter.system_id = query.system_id;
    if (query.review_overdue) {
        filter.reviewed_before =
            core::AddMonths(core::LocalDate(clock_.Now()),
                            -rules_.MonthsFor(domain::DueKind::kRiskReview, 1).value_or(12));
    }
    filter.after_id = query.after_id;
    const int limit = std::clamp(query.limit, 1, 500);
    filter.limit = limit + 1;
    RiskPage page;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(risks, repos.protection.Risks(filter));
        page.risks = std::move(risks);
        return core::Ok();
    }));
    page.next_cursor = TrimPage<domain::Risk>(page.risks, limit,
                                              [](const domain::Risk& r) { return r.id.value(); });
    return page;
}

core::Result<domain::Risk> ProtectionService::CreateRisk(const Actor& actor, domain::Risk risk) {
    const core::TimePoint now = clock_.Now();
    UNGCUU_RETURN_IF_ERROR(domain::ValidateRisk(risk, taxonomy_, core::LocalDate(now)));
    risk.created_at = now;
    risk.updated_at = now;
    return store_.Write([&](Repositories& repos) -> core::Result<domain::Risk> {
        UNGCUU_ASSIGN_OR_RETURN(system, ChosenSystem(repos, actor, risk.system_id));
        UNGCUU_RETURN_IF_ERROR(
            actor.Authorize(system.owner_path, domain::Permission::kSystemWrite));
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.protection.InsertRisk(risk));
        inserted.system_code = system.code;
        inserted.unit_id = system.owner_unit_id;
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(system.owner_unit_id));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"risk.create", "risk", inserted.id.value(), &unit, "{}",
                                           RiskSnapshot(inserted).ToJson()}));
        return inserted;
    });
}

core::Result<domain::Risk> ProtectionService::UpdateRisk(const Actor& actor,
                                                         domain::RiskId id,
                                                         domain::Risk risk) {
    const core::TimePoint now = clock_.Now();
    UNGCUU_RETURN_IF_ERROR(domain::ValidateRisk(risk, taxonomy_, core::LocalDate(now)));
    return store_.Write([&](Repositories& repos) -> core::Result<domain::Risk> {
        UNGCUU_ASSIGN_OR_RETURN(existing, repos.protection.GetRisk(id));
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(existing.unit_id));
        UNGCUU_RETURN_IF_ERROR(actor.Authorize(unit.path, domain::Permission::kSystemWrite));
        risk.id = id;
        risk.system_id = existing.system_id;
        risk.system_code = existing.system_code;
        risk.unit_id = existing.unit_id;
        risk.created_at = existing.created_at;
        risk.updated_at = now;
        if (risk.scenario != existing.scenario) {
            RiskFilter same_system;
            same_system.unrestricted = true;
            same_system.system_id = risk.system_id;
            same_system.limit = 500;
            UNGCUU_ASSIGN_OR_RETURN(others, repos.protection.Risks(same_system));
            for (const auto& other : others) {
                if (other.scenario == risk.scenario) {
                    return core::Error::Make(core::ErrorCode::kAlreadyExists,
                                             "Hệ thống đã có đánh giá rủi ro cho tình huống này.",
                                             "The system already has a risk for this scenario.");
                }
            }
        }
        UNGCUU_RETURN_IF_ERROR(repos.protection.UpdateRisk(risk));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"risk.update", "risk", id.value(), &unit, RiskSnapshot(existing).ToJson(),
                        RiskSnapshot(risk).ToJson()}));
        return risk;
    });
}

}  // namespace ungcuu::app
