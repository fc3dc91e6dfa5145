#include "app/registry/system_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "app/audit_writer.hpp"
#include "app/import_table.hpp"
#include "app/unit_access.hpp"
#include "core/text.hpp"

namespace ungcuu::app {

namespace {

std::string Join(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        text += text.empty() ? "" : ",";
        text += item;
    }
    return text;
}

// A unit referenced by a system's field, reported as a field error when missing or hidden.
core::Result<domain::Unit> ReferencedUnit(Repositories& repos,
                                          const Actor& actor,
                                          domain::UnitId id,
                                          std::string_view field,
                                          domain::Permission permission) {
    auto unit = LoadUnitFor(repos, actor, id, permission);
    if (!unit.ok() && unit.error().code == core::ErrorCode::kNotFound) {
        core::Error error = core::InvalidArgument("Không tìm thấy đơn vị đã chọn.",
                                                  "The chosen unit was not found.");
        error.details.push_back({std::string(field), "không tìm thấy đơn vị", "unit not found"});
        return error;
    }
    return unit;
}

core::Error DuplicateCode(std::string_view code) {
    return core::Error::Make(
        core::ErrorCode::kAlreadyExists,
        fmt::format("Mã hệ thống \"{}\" đã được dùng cho một hệ thống khác.", code),
        fmt::format("The system code \"{}\" is already used by another system.", code));
}

}  // namespace

core::FieldSnapshot SystemSnapshot(const domain::InformationSystem& s) {
    std::vector<std::string> info;
    for (const auto value : s.facts.info_classes) {
        info.emplace_back(domain::InfoClassCode(value));
    }
    core::FieldSnapshot snapshot;
    snapshot.Add("code", std::string_view(s.code))
        .Add("name_vi", std::string_view(s.name_vi))
        .Add("owner_unit_id", s.owner_unit_id.value())
        .Add("operator_unit_id", s.operator_unit_id ? s.operator_unit_id->value() : 0)
        .Add("parent_id", s.parent_id ? s.parent_id->value() : 0)
        .Add("system_class", domain::SystemClassCode(s.facts.system_class))
        .Add("info_classes", std::string_view(Join(info)))
        .Add("user_count", s.facts.user_count)
        .Add("online_service_level", std::int64_t{s.facts.online_service_level})
        .Add("requires_24_7", s.facts.requires_24_7)
        .Add("national_critical", s.national_critical)
        .Add("public_ips", std::string_view(Join(s.public_ips)))
        .Add("domains", std::string_view(Join(s.domains)))
        .Add("services", std::string_view(Join(s.services)))
        .Add("security_measures", std::string_view(Join(s.security_measures)))
        .Add("isp", std::string_view(s.isp))
        .Add("security_provider", std::string_view(s.security_provider))
        .Add("proposed_level", std::int64_t{s.proposed_level})
        .Add("active", s.active);
    return snapshot;
}

core::Result<SystemPage> SystemService::List(const Actor& actor, const SystemQuery& query) {
    SystemFilter filter;
    filter.unrestricted = actor.unrestricted;
    filter.scope = actor.scope.VisibleRoots();
    filter.owner_unit_id = query.owner_unit_id;
    filter.parent_id = query.parent_id;
    filter.level = query.level;
    filter.approved = query.approved;
    filter.active = query.active;
    filter.search = core::FoldForSearch(core::Trim(query.search));
    filter.after_id = query.after_id;
    const int limit = std::clamp(query.limit, 1, 500);
    filter.limit = limit + 1;
    SystemPage page;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(systems, repos.systems.List(filter));
        page.systems = std::move(systems);
        return core::Ok();
    }));
    if (static_cast<int>(page.systems.size()) > limit) {
        page.systems.pop_back();
        page.next_cursor = page.systems.back().id.value();
    }
    return page;
}

core::Result<SystemDetails> SystemService::Details(Repositories& repos,
                                                   domain::InformationSystem system) {
    UNGCUU_ASSIGN_OR_RETURN(sub_levels, repos.systems.SubSystemLevels(system.id));
    SystemDetails details;
    details.combined_level =
        domain::CombinedLevel(system.approved_level.value_or(system.proposed_level), sub_levels);
    auto proposal = levels_.Propose(system.facts);
    if (proposal.ok()) {
        details.deciding_criteria = proposal->matched;
    }
    details.system = std::move(system);
    return details;
}

core::Result<SystemDetails> SystemService::Get(const Actor& actor, domain::SystemId id) {
    return store_.Read([&](Repositories& repos) -> core::Result<SystemDetails> {
        UNGCUU_ASSIGN_OR_RETURN(system, repos.systems.Get(id));
        UNGCUU_RETURN_IF_ERROR(actor.Authorize(system.owner_path, domain::Permission::kUnitRead));
        return Details(repos, std::move(system));
    });
}

core::Status SystemService::Prepare(Repositories& repos,
                                    const Actor& actor,
                                    domain::InformationSystem& system,
                                    const domain::InformationSystem* existing) {
    UNGCUU_ASSIGN_OR_RETURN(owner,
                            ReferencedUnit(repos, actor, system.owner_unit_id, "owner_unit_id",
                                           domain::Permission::kSystemWrite));
    if (!owner.active && (existing == nullptr || existing->owner_unit_id != owner.id)) {
        return core::Conflict("Đơn vị chủ quản đã ngừng hoạt động.", "The owner unit is inactive.");
    }
    system.owner_path = owner.path;
    if (system.operator_unit_id) {
        // The operator may be an outside provider the caller does not see, but it must belong to
        // the owner's tree and be active (or already be the operator).
        auto operator_unit = repos.units.Get(*system.operator_unit_id);
        const bool unchanged =
            existing != nullptr && existing->operator_unit_id == system.operator_unit_id;
        if (!operator_unit.ok() ||
            domain::TreeRootOf(operator_unit->path) != domain::TreeRootOf(owner.path) ||
            (!operator_unit->active && !unchanged)) {
            core::Error error = core::InvalidArgument(
                "Đơn vị vận hành phải là một đơn vị đang hoạt động trong cùng cây đơn vị với chủ "
                "quản.",
                "The operating unit must be an active unit of the owner's tree.");
            error.details.push_back({"operator_unit_id", "không hợp lệ", "not a valid unit"});
            return error;
        }
    }
    if (system.parent_id) {
        auto parent = repos.systems.Get(*system.parent_id);
        if (!parent.ok() ||
            !actor.Authorize(parent->owner_path, domain::Permission::kUnitRead).ok()) {
            core::Error error = core::InvalidArgument("Không tìm thấy hệ thống cấp trên đã chọn.",
                                                      "The chosen parent system was not found.");
            error.details.push_back({"parent_id", "không tìm thấy", "not found"});
            return error;
        }
        if (existing != nullptr) {
            UNGCUU_ASSIGN_OR_RETURN(chain, repos.systems.ParentChain(*system.parent_id));
            UNGCUU_RETURN_IF_ERROR(domain::CheckSubSystemParent(existing->id, chain));
        }
    }
    UNGCUU_ASSIGN_OR_RETURN(proposal, levels_.Propose(system.facts));
    system.proposed_level = proposal.level;
    return core::Ok();
}

core::Result<std::vector<domain::Unit>> SystemService::Operators(const Actor& actor,
                                                                 domain::UnitId owner_unit_id) {
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<domain::Unit>> {
        UNGCUU_ASSIGN_OR_RETURN(
            owner, LoadUnitFor(repos, actor, owner_unit_id, domain::Permission::kUnitRead));
        return ActiveUnitsOfTree(repos, owner.path);
    });
}

core::Result<SystemDetails> SystemService::Create(const Actor& actor,
                                                  domain::InformationSystem system) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateSystem(system));
    const core::TimePoint now = clock_.Now();
    system.created_at = now;
    system.updated_at = now;
    system.active = true;
    system.approved_level.reset();
    system.approved_at.reset();
    return store_.Write([&](Repositories& repos) -> core::Result<SystemDetails> {
        UNGCUU_RETURN_IF_ERROR(Prepare(repos, actor, system, nullptr));
        if (repos.systems.GetByCode(system.code).ok()) {
            return DuplicateCode(system.code);
        }
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.systems.Insert(system));
        UNGCUU_ASSIGN_OR_RETURN(owner, repos.units.Get(inserted.owner_unit_id));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"system.create", "system", inserted.id.value(), &owner,
                                           "{}", SystemSnapshot(inserted).ToJson()}));
        return Details(repos, std::move(inserted));
    });
}

core::Result<SystemDetails> SystemService::Update(const Actor& actor,
                                                  domain::SystemId id,
                                                  domain::InformationSystem system) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateSystem(system));
    const core::TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<SystemDetails> {
        UNGCUU_ASSIGN_OR_RETURN(existing, repos.systems.Get(id));
        UNGCUU_RETURN_IF_ERROR(
            actor.Authorize(existing.owner_path, domain::Permission::kSystemWrite));
        system.id = id;
        system.created_at = existing.created_at;
        system.updated_at = now;
        system.approved_level = existing.approved_level;
        system.approved_at = existing.approved_at;
        UNGCUU_RETURN_IF_ERROR(Prepare(repos, actor, system, &existing));
        if (system.code != existing.code && repos.systems.GetByCode(system.code).ok()) {
            return DuplicateCode(system.code);
        }
        UNGCUU_RETURN_IF_ERROR(repos.systems.Update(system));
        UNGCUU_ASSIGN_OR_RETURN(owner, repos.units.Get(system.owner_unit_id));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"system.update", "system", id.value(), &owner,
                        SystemSnapshot(existing).ToJson(), SystemSnapshot(system).ToJson()}));
        return Details(repos, system);
    });
}

namespace {

// Columns of a system import; the first four are required. Lists are separated by ";".
constexpr std::array<std::string_view, 22> kSystemColumns = {"code",
                                                             "owner_code",
                                                             "name_vi",
                                                             "system_class",
                                                             "name_en",
                                                             "description",
                                                             "operator_code",
                                                             "parent_code",
                                                             "vendor",
                                                             "info_classes",
                                                             "user_count",
                                                             "online_service_level",
                                                             "requires_24_7",
                                                             "national_critical",
                                                             "public_ips",
                                                             "domains",
                                                             "services",
                                                             "security_measures",
                                                             "operating_systems",
                                                             "isp",
                                                             "security_provider",
                                                             "conditional_business"};

std::vector<std::string> SplitList(std::string_view text) {
    std::vector<std::string> items;
    while (!text.empty()) {
        const auto separator = text.find(';');
        const auto item = core::Trim(text.substr(0, separator));
        if (!item.empty()) {
            items.emplace_back(item);
        }
        if (separator == std::string_view::npos) {
            break;
        }
        text.remove_prefix(separator + 1);
    }
    return items;
}

// "1"/"có"/"x"/"true" and ""/"0"/"không"/"false"; anything else is a problem.
std::optional<bool> ParseFlag(std::string_view text) {
    const std::string folded = core::FoldForSearch(text);
    if (folded.empty() || folded == "0" || folded == "khong" || folded == "false" ||
        folded == "no") {
        return false;
    }
    if (folded == "1" || folded == "co" || folded == "x" || folded == "true" || folded == "yes") {
        return true;
    }
    return std::nullopt;
}

/// A row of a system import, read and checked, with its references still as codes.
struct PendingSystem {
    std::size_t line;
    domain::InformationSystem system;
    std::string owner_code;
    std::string operator_code;
    std::string parent_code;
};

/// The facts of the level proposal (class, information, numbers, flags) from a row.
void ReadSystemFacts(ImportTable& table, const core::CsvRow& row, domain::InformationSystem& s) {
    const std::string system_class = table.Cell(row, "system_class");
    if (const auto parsed = domain::ParseSystemClass(system_class)) {
        s.facts.system_class = *parsed;
    } else {
        table.Problem(row.line,
                      fmt::format("loại hệ thống \"{}\" không hợp lệ (internal, "
                                  "citizen_service, infrastructure, industrial_control, other)",
                                  system_class),
                      fmt::format("unknown system class \"{}\"", system_class));
    }
    for (const auto& code : SplitList(table.Cell(row, "info_classes"))) {
        if (const auto info = domain::ParseInfoClass(code)) {
            s.facts.info_classes.push_back(*info);
        } else {
            table.Problem(row.line, fmt::format("loại thông tin \"{}\" không hợp lệ", code),
                          fmt::format("unknown information class \"{}\"", code));
        }
    }
    std::int64_t online_level = 0;
    for (const auto& [column, target] : {std::pair{"user_count", &s.facts.user_count},
                                         std::pair{"online_service_level", &online_level}}) {
        const std::string text = table.Cell(row, column);
        const auto value = text.empty() ? std::optional<std::int64_t>{0} : core::ParseInt64(text);
        if (!value) {
            table.Problem(row.line, fmt::format("{}: \"{}\" không phải số nguyên", column, text),
                          fmt::format("{}: \"{}\" is not a whole number", column, text));
        } else {
            *target = *value;
        }
    }
    s.facts.online_service_level = static_cast<int>(std::clamp<std::int64_t>(online_level, -1, 99));
    for (const auto& [column, target] :
         {std::pair{"requires_24_7", &s.facts.requires_24_7},
          std::pair{"national_critical", &s.national_critical},
          std::pair{"conditional_business", &s.facts.conditional_business}}) {
        const std::string text = table.Cell(row, column);
        if (const auto flag = ParseFlag(text)) {
            *target = *flag;
        } else {
            table.Problem(row.line, fmt::format("{}: \"{}\" phải là có/không", column, text),
                          fmt::format("{}: \"{}\" must be yes/no", column, text));
        }
    }
}

PendingSystem ReadSystemRow(ImportTable& table, const core::CsvRow& row) {
    PendingSystem item{row.line,
                       {},
                       table.Cell(row, "owner_code"),
                       table.Cell(row, "operator_code"),
                       table.Cell(row, "parent_code")};
    auto& s = item.system;
    s.code = table.Cell(row, "code");
    s.name_vi = table.Cell(row, "name_vi");
    s.name_en = table.Cell(row, "name_en");
    s.description = table.Cell(row, "description");
    s.vendor = table.Cell(row, "vendor");
    s.operating_systems = table.Cell(row, "operating_systems");
    s.isp = table.Cell(row, "isp");
    s.security_provider = table.Cell(row, "security_provider");
    s.public_ips = SplitList(table.Cell(row, "public_ips"));
    s.domains = SplitList(table.Cell(row, "domains"));
    s.services = SplitList(table.Cell(row, "services"));
    s.security_measures = SplitList(table.Cell(row, "security_measures"));
    ReadSystemFacts(table, row, s);
    s.owner_unit_id = domain::UnitId{1};  // resolved later; validation needs a value
    table.Problems(row.line, domain::ValidateSystem(s));
    table.CheckUniqueCode(row.line, s.code);
    return item;
}

/// The owner: a unit the caller sees and may register systems for.
std::optional<domain::Unit> ImportOwner(Repositories& repos,
                                        const Actor& actor,
                                        ImportTable& table,
                                        const PendingSystem& item) {
    auto unit = repos.units.GetByCode(item.owner_code);
    if (!unit.ok() || (!actor.unrestricted && !actor.scope.Sees(unit->path))) {
        table.Problem(item.line,
                      fmt::format("owner_code: không tìm thấy đơn vị \"{}\"", item.owner_code),
                      fmt::format("owner_code: unit \"{}\" not found", item.owner_code));
        return std::nullopt;
    }
    if (!actor.Authorize(unit->path, domain::Permission::kSystemWrite).ok()) {
        table.Problem(item.line,
                      fmt::format("owner_code: không có quyền đăng ký hệ thống cho đơn vị "
                                  "\"{}\"",
                                  item.owner_code),
                      fmt::format("owner_code: not allowed to register systems for "
                                  "unit \"{}\"",
                                  item.owner_code));
        return std::nullopt;
    }
    return std::move(unit).value();
}

/// The operator: an active unit of the owner's tree.
void ImportOperator(Repositories& repos,
                    ImportTable& table,
                    const std::string* owner_path,
                    PendingSystem& item) {
    auto op = repos.units.GetByCode(item.operator_code);
    if (!op.ok() || !op->active || owner_path == nullptr ||
        domain::TreeRootOf(op->path) != domain::TreeRootOf(*owner_path)) {
        table.Problem(item.line,
                      fmt::format("operator_code: \"{}\" không phải đơn vị đang hoạt "
                                  "động trong cùng cây đơn vị với chủ quản",
                                  item.operator_code),
                      fmt::format("operator_code: \"{}\" is not an active unit of the "
                                  "owner's tree",
                                  item.operator_code));
    } else {
        item.system.operator_unit_id = op->id;
    }
}

/// A parent already stored (one named in the file is linked when it is stored).
void ImportParent(Repositories& repos,
                  const Actor& actor,
                  ImportTable& table,
                  PendingSystem& item) {
    if (!item.parent_code.empty() && !table.HasCode(item.parent_code)) {
        auto parent = repos.systems.GetByCode(item.parent_code);
        if (!parent.ok() ||
            !actor.Authorize(parent->owner_path, domain::Permission::kUnitRead).ok()) {
            table.Problem(
                item.line,
                fmt::format("parent_code: không tìm thấy hệ thống \"{}\"", item.parent_code),
                fmt::format("parent_code: system \"{}\" not found", item.parent_code));
        } else {
            item.system.parent_id = parent->id;
        }
    }
    if (item.parent_code == item.system.code && !item.parent_code.empty()) {
        table.Problem(item.line, "hệ thống không thể là thành phần của chính nó",
                      "a system cannot be a sub-system of itself");
    }
}

/// Codes of the file become the stored units' and systems' ids.
void ResolveImportCodes(Repositories& repos,
                        const Actor& actor,
                        ImportTable& table,
                        std::vector<PendingSystem>& pending) {
    std::map<std::int64_t, std::string> owner_paths;
    for (auto& item : pending) {
        if (repos.systems.GetByCode(item.system.code).ok()) {
            table.Problem(item.line,
                          fmt::format("mã \"{}\" đã có trong hệ thống", item.system.code),
                          fmt::format("code \"{}\" already exists", item.system.code));
        }
        if (auto owner = ImportOwner(repos, actor, table, item)) {
            item.system.owner_unit_id = owner->id;
            owner_paths[owner->id.value()] = owner->path;
        }
        if (!item.operator_code.empty()) {
            const auto path = owner_paths.find(item.system.owner_unit_id.value());
            ImportOperator(repos, table, path != owner_paths.end() ? &path->second : nullptr, item);
        }
        ImportParent(repos, actor, table, item);
    }
}

}  // namespace

core::Result<ImportReport> SystemService::Import(const Actor& actor,
                                                 std::vector<core::CsvRow> rows) {
    UNGCUU_ASSIGN_OR_RETURN(opened, ImportTable::Open(std::move(rows), kSystemColumns, 4));
    ImportTable& table = opened;
    std::vector<PendingSystem> pending;
    for (const auto& row : table.rows()) {
        if (table.CheckWidth(row)) {
            pending.push_back(ReadSystemRow(table, row));
        }
    }
    const core::TimePoint now = clock_.Now();
    ImportReport report;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        ResolveImportCodes(repos, actor, table, pending);
        // Parents named in the file are inserted first; a chain that never resolves is a cycle.
        std::vector<ImportTable::TreeRow> tree;
        tree.reserve(pending.size());
        for (const auto& item : pending) {
            tree.push_back({item.line, item.system.code, item.parent_code});
        }
        std::map<std::string, domain::SystemId, std::less<>> inserted;
        UNGCUU_RETURN_IF_ERROR(table.StoreParentsFirst(
            tree,
            [&](std::size_t i) -> core::Result<bool> {
                auto& item = pending[i];
                if (const auto parent = inserted.find(item.parent_code); parent != inserted.end()) {
                    item.system.parent_id = parent->second;
                }
                auto proposal = levels_.Propose(item.system.facts);
                if (!proposal.ok()) {
                    table.Problems(item.line, std::move(proposal).error());
                    return false;
                }
                item.system.proposed_level = proposal->level;
                item.system.created_at = now;
                item.system.updated_at = now;
                UNGCUU_ASSIGN_OR_RETURN(created, repos.systems.Insert(item.system));
                UNGCUU_ASSIGN_OR_RETURN(owner, repos.units.Get(created.owner_unit_id));
                UNGCUU_RETURN_IF_ERROR(
                    WriteAudit(repos, actor, now,
                               {"system.import", "system", created.id.value(), &owner, "{}",
                                SystemSnapshot(created).ToJson()}));
                inserted.emplace(created.code, created.id);
                ++report.created;
                return true;
            },
            "hệ thống", "parent system"));
        return table.ToStatus("hệ thống", "system");
    }));
    return report;
}

}  // namespace ungcuu::app
