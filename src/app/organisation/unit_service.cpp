#include "app/organisation/unit_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "app/audit_writer.hpp"
#include "app/import_table.hpp"
#include "app/unit_access.hpp"
#include "core/text.hpp"

namespace ungcuu::app {

namespace {

int ClampLimit(int limit) { return std::clamp(limit, 1, 500); }

core::Error DuplicateCode(std::string_view code) {
    return core::Error::Make(
        core::ErrorCode::kAlreadyExists,
        fmt::format("Mã đơn vị \"{}\" đã được dùng cho một đơn vị khác.", code),
        fmt::format("The unit code \"{}\" is already used by another unit.", code));
}

// A parent outside the caller's scope is reported like a missing one (404), naming the parent.
core::Error ParentError(core::Error error) {
    if (error.code == core::ErrorCode::kNotFound) {
        error.message_vi = "Không tìm thấy đơn vị cấp trên đã chọn.";
        error.message_en = "The chosen parent unit was not found.";
        error.details.push_back({"parent_id", "không tìm thấy", "not found"});
    }
    return error;
}

}  // namespace

core::Result<UnitPage> UnitService::List(const Actor& actor, const UnitQuery& query) {
    UnitFilter filter;
    filter.unrestricted = actor.unrestricted;
    filter.scope = actor.scope.VisibleRoots();
    filter.parent_id = query.parent_id;
    filter.roots_only = query.roots_only;
    filter.kind = query.kind;
    filter.active = query.active;
    filter.search = core::FoldForSearch(core::Trim(query.search));
    filter.after_id = query.after_id;
    filter.limit = ClampLimit(query.limit) + 1;  // one extra row tells whether a page follows
    UnitPage page;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(units, repos.units.List(filter));
        page.units = std::move(units);
        return core::Ok();
    }));
    if (static_cast<int>(page.units.size()) > ClampLimit(query.limit)) {
        page.units.pop_back();
        page.next_cursor = page.units.back().id.value();
    }
    return page;
}

void UnitService::Changed() {
    version_.Bump();
    std::lock_guard lock(cache_mutex_);
    cache_.clear();
}

core::Result<std::string> UnitService::ListRendered(
    const Actor& actor,
    const UnitQuery& query,
    const std::function<std::string(const UnitPage&)>& render) {
    if (options_.list_cache_ttl.count() <= 0) {
        UNGCUU_ASSIGN_OR_RETURN(page, List(actor, query));
        return render(page);
    }
    // The key holds everything the page depends on: the caller's visible scope and the query.
    std::string key = actor.unrestricted ? "*" : "";
    for (const auto& root : actor.scope.VisibleRoots()) {
        key += (root.exact ? "=" : "<") + root.path;
    }
    key += fmt::format("|{}|{}|{}|{}|{}|{}|{}", query.parent_id ? query.parent_id->value() : 0,
                       query.roots_only, query.kind ? static_cast<int>(*query.kind) : -1,
                       query.active ? (*query.active ? 1 : 0) : -1, query.after_id, query.limit,
                       query.search);
    const auto now = clock_.Now();
    const std::uint64_t version = version_.Current();
    {
        std::lock_guard lock(cache_mutex_);
        const auto found = cache_.find(key);
        if (found != cache_.end() && found->second.version == version &&
            now >= found->second.rendered_at &&
            now - found->second.rendered_at < options_.list_cache_ttl) {
            return found->second.text;
        }
    }
    UNGCUU_ASSIGN_OR_RETURN(page, List(actor, query));
    std::string text = render(page);
    std::lock_guard lock(cache_mutex_);
    if (cache_.size() >= 1000) {
        cache_.clear();
    }
    cache_[key] = CachedPage{text, now, version};
    return text;
}

core::Result<domain::Unit> UnitService::Get(const Actor& actor, domain::UnitId id) {
    return store_.Read([&](Repositories& repos) -> core::Result<domain::Unit> {
        return LoadUnitFor(repos, actor, id, domain::Permission::kUnitRead);
    });
}

core::Result<domain::Unit> UnitService::GetByCode(const Actor& actor, std::string_view code) {
    return store_.Read([&](Repositories& repos) -> core::Result<domain::Unit> {
        auto unit = repos.units.GetByCode(code);
        if (!unit.ok()) {
            return core::NotFound(fmt::format("Không tìm thấy đơn vị có mã \"{}\".", code),
                                  fmt::format("No unit has the code \"{}\".", code));
        }
        UNGCUU_RETURN_IF_ERROR(actor.Authorize(unit->path, domain::Permission::kUnitRead));
        return std::move(unit).value();
    });
}

core::Result<domain::Unit> UnitService::Create(const Actor& actor, domain::Unit unit) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateUnit(unit));
    const core::TimePoint now = clock_.Now();
    unit.created_at = now;
    unit.updated_at = now;
    unit.active = true;
    UNGCUU_ASSIGN_OR_RETURN(
        created, store_.Write([&](Repositories& repos) -> core::Result<domain::Unit> {
            if (unit.parent_id) {
                auto parent =
                    LoadUnitFor(repos, actor, *unit.parent_id, domain::Permission::kUnitWrite);
                if (!parent.ok()) {
                    return ParentError(std::move(parent).error());
                }
                if (!parent->active) {
                    return core::Conflict("Đơn vị cấp trên đã ngừng hoạt động.",
                                          "The parent unit is inactive.");
                }
            } else if (!actor.unrestricted) {
                return core::InvalidArgument("Hãy chọn đơn vị cấp trên.",
                                             "A parent unit is required.");
            }
            if (repos.units.GetByCode(unit.code).ok()) {
                return DuplicateCode(unit.code);
            }
            UNGCUU_ASSIGN_OR_RETURN(inserted, repos.units.Insert(unit));
            auto created = std::move(inserted);
            UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                              {"unit.create", "unit", created.id.value(), &created,
                                               "{}", UnitSnapshot(created).ToJson()}));
            return created;
        }));
    Changed();
    return created;
}

core::Result<domain::Unit> UnitService::Update(const Actor& actor,
                                               domain::UnitId id,
                                               const UnitPatch& patch) {
    const core::TimePoint now = clock_.Now();
    UNGCUU_ASSIGN_OR_RETURN(updated, store_.Write([&](Repositories& repos)
                                                      -> core::Result<domain::Unit> {
        UNGCUU_ASSIGN_OR_RETURN(loaded,
                                LoadUnitFor(repos, actor, id, domain::Permission::kUnitWrite));
        const domain::Unit before = loaded;
        domain::Unit unit = std::move(loaded);
        auto assign = [](std::string& field, const std::optional<std::string>& value) {
            if (value) {
                field = *value;
            }
        };
        assign(unit.code, patch.code);
        assign(unit.name_vi, patch.name_vi);
        assign(unit.name_en, patch.name_en);
        assign(unit.contact.address, patch.address);
        assign(unit.contact.phone, patch.phone);
        assign(unit.contact.fax, patch.fax);
        assign(unit.contact.email, patch.email);
        assign(unit.contact.website, patch.website);
        assign(unit.contact.report_address, patch.report_address);
        if (patch.kind) {
            unit.kind = *patch.kind;
        }
        UNGCUU_RETURN_IF_ERROR(domain::ValidateUnit(unit));
        if (unit.code != before.code && repos.units.GetByCode(unit.code).ok()) {
            return DuplicateCode(unit.code);
        }
        std::string_view action = "unit.update";
        if (patch.active && *patch.active != before.active) {
            if (!*patch.active) {
                UNGCUU_ASSIGN_OR_RETURN(children, repos.units.CountActiveChildren(id));
                UNGCUU_RETURN_IF_ERROR(domain::CheckDeactivate(unit, children));
                action = "unit.deactivate";
            } else {
                if (unit.parent_id) {
                    auto parent = repos.units.Get(*unit.parent_id);
                    if (parent.ok() && !parent->active) {
                        return core::Conflict(
                            "Đơn vị cấp trên đang ngừng hoạt động; hãy kích hoạt đơn vị cấp trên "
                            "trước.",
                            "The parent unit is inactive; reactivate it first.");
                    }
                }
                action = "unit.activate";
            }
            unit.active = *patch.active;
        }
        unit.updated_at = now;
        UNGCUU_RETURN_IF_ERROR(repos.units.Update(unit));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {action, "unit", id.value(), &unit, UnitSnapshot(before).ToJson(),
                        UnitSnapshot(unit).ToJson()}));
        return unit;
    }));
    Changed();
    return updated;
}

core::Result<domain::Unit> UnitService::Move(const Actor& actor,
                                             domain::UnitId id,
                                             domain::UnitId new_parent_id) {
    const core::TimePoint now = clock_.Now();
    UNGCUU_ASSIGN_OR_RETURN(
        moved, store_.Write([&](Repositories& repos) -> core::Result<domain::Unit> {
            UNGCUU_ASSIGN_OR_RETURN(unit,
                                    LoadUnitFor(repos, actor, id, domain::Permission::kUnitWrite));
            auto parent = LoadUnitFor(repos, actor, new_parent_id, domain::Permission::kUnitWrite);
            if (!parent.ok()) {
                return ParentError(std::move(parent).error());
            }
            UNGCUU_RETURN_IF_ERROR(domain::CheckMove(unit, *parent));
            UNGCUU_RETURN_IF_ERROR(repos.units.Move(unit, *parent, now));
            UNGCUU_ASSIGN_OR_RETURN(reloaded, repos.units.Get(id));
            auto moved = std::move(reloaded);
            UNGCUU_RETURN_IF_ERROR(
                WriteAudit(repos, actor, now,
                           {"unit.move", "unit", id.value(), &moved, UnitSnapshot(unit).ToJson(),
                            UnitSnapshot(moved).ToJson()}));
            return moved;
        }));
    epoch_.Bump();
    Changed();
    return moved;
}

namespace {

/// A row of a unit import, read and checked, with its parent still as a code.
struct PendingUnit {
    std::size_t line;
    domain::Unit unit;
    std::string parent_code;
};

PendingUnit ReadUnitRow(ImportTable& table, const core::CsvRow& row) {
    PendingUnit item{row.line, {}, table.Cell(row, "parent_code")};
    domain::Unit& unit = item.unit;
    unit.code = table.Cell(row, "code");
    unit.name_vi = table.Cell(row, "name_vi");
    unit.name_en = table.Cell(row, "name_en");
    unit.contact = {table.Cell(row, "address"), table.Cell(row, "phone"),
                    table.Cell(row, "fax"),     table.Cell(row, "email"),
                    table.Cell(row, "website"), table.Cell(row, "report_address")};
    const std::string kind = table.Cell(row, "kind");
    if (const auto parsed_kind = domain::ParseUnitKind(kind)) {
        unit.kind = *parsed_kind;
    } else {
        table.Problem(row.line, fmt::format("loại đơn vị \"{}\" không hợp lệ", kind),
                      fmt::format("unknown kind \"{}\"", kind));
    }
    table.Problems(row.line, domain::ValidateUnit(unit));
    table.CheckUniqueCode(row.line, unit.code);
    if (item.parent_code == unit.code && !unit.code.empty()) {
        table.Problem(row.line, "đơn vị không thể là cấp trên của chính nó",
                      "a unit cannot be its own parent");
    }
    return item;
}

using UnitsByCode = std::map<std::string, domain::Unit, std::less<>>;

/// Checks against the database: codes taken, parents existing and writable. The parents
/// already stored, by code.
UnitsByCode CheckUnitImport(Repositories& repos,
                            const Actor& actor,
                            ImportTable& table,
                            const std::vector<PendingUnit>& pending) {
    UnitsByCode existing_parents;
    for (const auto& item : pending) {
        if (repos.units.GetByCode(item.unit.code).ok()) {
            table.Problem(item.line, fmt::format("mã \"{}\" đã có trong hệ thống", item.unit.code),
                          fmt::format("code \"{}\" already exists", item.unit.code));
        }
        if (item.parent_code.empty()) {
            if (!actor.unrestricted) {
                table.Problem(item.line, "thiếu mã đơn vị cấp trên (parent_code)",
                              "parent_code is required");
            }
            continue;
        }
        if (table.HasCode(item.parent_code) || existing_parents.contains(item.parent_code)) {
            continue;
        }
        auto parent = repos.units.GetByCode(item.parent_code);
        if (!parent.ok() || (!actor.unrestricted && !actor.scope.Sees(parent->path))) {
            table.Problem(item.line,
                          fmt::format("không tìm thấy đơn vị cấp trên \"{}\"", item.parent_code),
                          fmt::format("parent \"{}\" not found", item.parent_code));
            continue;
        }
        if (!actor.Authorize(parent->path, domain::Permission::kUnitWrite).ok()) {
            table.Problem(item.line,
                          fmt::format("không có quyền thêm đơn vị vào \"{}\"", item.parent_code),
                          fmt::format("not allowed to add units under \"{}\"", item.parent_code));
            continue;
        }
        existing_parents.emplace(item.parent_code, std::move(parent).value());
    }
    return existing_parents;
}

}  // namespace

core::Result<ImportReport> UnitService::ImportCsv(const Actor& actor, std::string_view csv_text) {
    UNGCUU_ASSIGN_OR_RETURN(parsed, core::ParseCsv(csv_text));
    static constexpr std::array<std::string_view, 11> kColumns = {
        "code",  "parent_code", "kind",  "name_vi", "name_en",       "address",
        "phone", "fax",         "email", "website", "report_address"};
    UNGCUU_ASSIGN_OR_RETURN(opened, ImportTable::Open(std::move(parsed), kColumns, 5));
    ImportTable& table = opened;
    std::vector<PendingUnit> pending;
    for (const auto& row : table.rows()) {
        if (table.CheckWidth(row)) {
            pending.push_back(ReadUnitRow(table, row));
        }
    }
    const core::TimePoint now = clock_.Now();
    ImportReport report;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        const auto existing_parents = CheckUnitImport(repos, actor, table, pending);
        // Parents before children; rows whose parents never resolve form a cycle.
        std::vector<ImportTable::TreeRow> tree;
        tree.reserve(pending.size());
        for (const auto& item : pending) {
            tree.push_back({item.line, item.unit.code, item.parent_code});
        }
        UnitsByCode inserted;
        UNGCUU_RETURN_IF_ERROR(table.StoreParentsFirst(
            tree,
            [&](std::size_t i) -> core::Result<bool> {
                domain::Unit unit = pending[i].unit;
                const std::string& parent_code = pending[i].parent_code;
                if (!parent_code.empty()) {
                    const auto in_file = inserted.find(parent_code);
                    const domain::Unit& parent = in_file != inserted.end()
                                                     ? in_file->second
                                                     : existing_parents.at(parent_code);
                    unit.parent_id = parent.id;
                    unit.path = parent.path;
                }
                unit.created_at = now;
                unit.updated_at = now;
                UNGCUU_ASSIGN_OR_RETURN(created, repos.units.Insert(unit));
                UNGCUU_RETURN_IF_ERROR(
                    WriteAudit(repos, actor, now,
                               {"unit.import", "unit", created.id.value(), &created, "{}",
                                UnitSnapshot(created).ToJson()}));
                inserted.emplace(created.code, std::move(created));
                ++report.created;
                return true;
            },
            "đơn vị", "parent"));
        return table.ToStatus("đơn vị", "unit");
    }));
    Changed();
    return report;
}

}  // namespace ungcuu::app
