#include "app/registry/readiness_service.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "app/unit_access.hpp"

namespace ungcuu::app {

void ReadinessFigures::Add(const ReadinessFigures& o) {
    units += o.units;
    systems += o.systems;
    systems_unapproved += o.systems_unapproved;
    dossiers_overdue += o.dossiers_overdue;
    units_layers_incomplete += o.units_layers_incomplete;
    layers_missing += o.layers_missing;
    overall_assessments_overdue += o.overall_assessments_overdue;
    system_assessments_overdue += o.system_assessments_overdue;
    scans_overdue += o.scans_overdue;
    drills_overdue += o.drills_overdue;
    due_soon += o.due_soon;
    licences_expired += o.licences_expired;
    licences_expiring += o.licences_expiring;
    risks_unreviewed += o.risks_unreviewed;
}

core::Result<ReadinessService::Loaded> ReadinessService::Load(
    const Actor& actor, std::optional<domain::UnitId> unit_id) {
    const core::TimePoint now = clock_.Now();
    const core::Date today = core::LocalDate(now);
    UNGCUU_ASSIGN_OR_RETURN(loaded, store_.Read([&](Repositories& repos) -> core::Result<Loaded> {
        domain::Unit root;
        if (unit_id) {
            UNGCUU_ASSIGN_OR_RETURN(
                unit, LoadUnitFor(repos, actor, *unit_id, domain::Permission::kUnitRead));
            root = std::move(unit);
        } else {
            // The caller's top visible unit: the shortest visible root path.
            const auto roots = actor.scope.VisibleRoots();
            if (roots.empty()) {
                return core::NotFound(
                    "Tài khoản chưa được phân quyền trên đơn vị nào; hãy đề nghị quản trị hệ "
                    "thống cấp vai trò.",
                    "Your account has no role on any unit; ask an administrator for one.");
            }
            const auto top = std::min_element(
                roots.begin(), roots.end(),
                [](const auto& a, const auto& b) { return a.path.size() < b.path.size(); });
            UnitFilter filter;
            filter.scope = {domain::ScopeRoot{top->path, true}};
            filter.limit = 1;
            UNGCUU_ASSIGN_OR_RETURN(units, repos.units.List(filter));
            if (units.empty()) {
                return core::NotFound("Không tìm thấy đơn vị.", "Unit not found.");
            }
            root = units.front();
        }
        const auto months = rules_.MonthsFor(domain::DueKind::kRiskReview, 1).value_or(12);
        auto inputs = repos.protection.Readiness(root.path, now, today,
                                                 today + std::chrono::days{options_.soon_days},
                                                 core::AddMonths(today, -months));
        if (!inputs.ok()) {
            return std::move(inputs).error();
        }
        return Loaded{std::move(root), std::move(inputs).value(), today};
    }));
    // A caller holding only local roles sees single units: drop what they cannot see.
    if (!actor.unrestricted) {
        auto& units = loaded.inputs.units;
        units.erase(std::remove_if(units.begin(), units.end(),
                                   [&](const auto& u) { return !actor.scope.Sees(u.path); }),
                    units.end());
    }
    return loaded;
}

std::vector<DueItem> ReadinessService::DueItems(const Loaded& loaded) const {
    const auto& in = loaded.inputs;
    std::map<std::pair<std::int64_t, domain::DueKind>, core::Date> last;
    for (const auto& done : in.last_done) {
        last[{done.owner_id, done.kind}] = done.on;
    }
    std::unordered_map<std::int64_t, const ReadinessInputs::UnitRow*> units;
    for (const auto& unit : in.units) {
        units[unit.id.value()] = &unit;
    }
    std::vector<DueItem> items;
    auto add = [&](domain::DueKind kind, std::int64_t owner, int months, DueItem item) {
        const auto found = last.find({owner, kind});
        item.kind = kind;
        if (found != last.end()) {
            item.last_done = found->second;
        }
        item.next_due = domain::NextDue(item.last_done, months);
        item.state = domain::StateOf(item.next_due, loaded.today, options_.soon_days);
        items.push_back(std::move(item));
    };
    std::unordered_map<std::int64_t, bool> owns_systems;
    for (const auto& system : in.systems) {
        const auto unit = units.find(system.unit_id.value());
        if (unit == units.end()) {
            continue;
        }
        owns_systems[system.unit_id.value()] = true;
        for (const auto kind : {domain::DueKind::kSystemAssessment, domain::DueKind::kScan,
                                domain::DueKind::kDrill}) {
            if (const auto months = rules_.MonthsFor(kind, system.level)) {
                DueItem item;
                item.unit_id = system.unit_id;
                item.system_id = system.id;
                item.code = system.code;
                item.name_vi = system.name_vi;
                item.level = system.level;
                add(kind, system.id.value(), *months, std::move(item));
            }
        }
    }
    if (const auto months = rules_.MonthsFor(domain::DueKind::kOverallAssessment, 0)) {
        for (const auto& [unit_id, owns] : owns_systems) {
            const auto* unit = units.at(unit_id);
            DueItem item;
            item.unit_id = unit->id;
            item.code = unit->code;
            item.name_vi = unit->name_vi;
            add(domain::DueKind::kOverallAssessment, unit_id, *months, std::move(item));
        }
    }
    return items;
}

namespace {

/// A due duty in its unit's figures: due soon, or overdue by kind.
void CountDue(ReadinessFigures& f, const DueItem& item) {
    if (item.state == domain::DueState::kDueSoon) {
        ++f.due_soon;
        return;
    }
    if (item.state != domain::DueState::kOverdue) {
        return;
    }
    switch (item.kind) {
        case domain::DueKind::kOverallAssessment:
            ++f.overall_assessments_overdue;
            break;
        case domain::DueKind::kSystemAssessment:
            ++f.system_assessments_overdue;
            break;
        case domain::DueKind::kScan:
            ++f.scans_overdue;
            break;
        case domain::DueKind::kDrill:
            ++f.drills_overdue;
            break;
        case domain::DueKind::kRiskReview:
            break;
    }
}

}  // namespace

core::Result<Readiness> ReadinessService::Compute(const Actor& actor,
                                                  std::optional<domain::UnitId> unit_id) {
    UNGCUU_ASSIGN_OR_RETURN(loaded, Load(actor, unit_id));
    const auto& in = loaded.inputs;
    const domain::Unit& root = loaded.root;
    // Figures per unit first, then summed into the child buckets and the total.
    std::unordered_map<std::int64_t, ReadinessFigures> per_unit;
    for (const auto& unit : in.units) {
        auto& f = per_unit[unit.id.value()];
        f.units = 1;
        const int missing =
            domain::kLayerCount - std::min(unit.layers_in_place, domain::kLayerCount);
        f.layers_missing = missing;
        f.units_layers_incomplete = missing > 0 ? 1 : 0;
    }
    auto figures_of = [&](domain::UnitId unit) -> ReadinessFigures* {
        const auto found = per_unit.find(unit.value());
        return found == per_unit.end() ? nullptr : &found->second;
    };
    for (const auto& system : in.systems) {
        if (auto* f = figures_of(system.unit_id)) {
            ++f->systems;
            f->systems_unapproved += system.approved ? 0 : 1;
        }
    }
    for (const auto& item : DueItems(loaded)) {
        auto* f = figures_of(item.unit_id);
        if (f == nullptr) {
            continue;
        }
        CountDue(*f, item);
    }
    for (const auto& [counts, field] :
         {std::pair{&in.dossiers_overdue, &ReadinessFigures::dossiers_overdue},
          std::pair{&in.licences_expired, &ReadinessFigures::licences_expired},
          std::pair{&in.licences_expiring, &ReadinessFigures::licences_expiring},
          std::pair{&in.risks_unreviewed, &ReadinessFigures::risks_unreviewed}}) {
        for (const auto& count : *counts) {
            if (auto* f = figures_of(count.unit_id)) {
                f->*field += count.count;
            }
        }
    }
    Readiness result;
    result.today = loaded.today;
    result.soon_days = options_.soon_days;
    result.total = {root.id, root.code, root.name_vi, {}};
    std::map<std::string, std::size_t, std::less<>> child_of_path;
    for (const auto& unit : in.units) {
        if (unit.parent_id && *unit.parent_id == root.id) {
            child_of_path[unit.path] = result.children.size();
            result.children.push_back({unit.id, unit.code, unit.name_vi, {}});
        }
    }
    for (const auto& unit : in.units) {
        const auto& f = per_unit[unit.id.value()];
        result.total.figures.Add(f);
        if (unit.path.size() <= root.path.size()) {
            continue;  // the root itself
        }
        // The child bucket is the path up to the first segment below the root.
        const auto end = unit.path.find('/', root.path.size());
        const auto child = child_of_path.find(std::string_view(unit.path).substr(0, end + 1));
        if (child != child_of_path.end()) {
            result.children[child->second].figures.Add(f);
        }
    }
    return result;
}

core::Result<std::vector<DueItem>> ReadinessService::Due(const Actor& actor,
                                                         std::optional<domain::UnitId> unit_id,
                                                         std::optional<domain::DueKind> kind) {
    UNGCUU_ASSIGN_OR_RETURN(loaded, Load(actor, unit_id));
    auto items = DueItems(loaded);
    // DueItems lists only units and systems the caller sees.
    items.erase(std::remove_if(items.begin(), items.end(),
                               [&](const DueItem& item) {
                                   return item.state == domain::DueState::kOk ||
                                          (kind && item.kind != *kind);
                               }),
                items.end());
    // Overdue first, never-done before late, earliest due first.
    std::sort(items.begin(), items.end(), [](const DueItem& a, const DueItem& b) {
        if (a.state != b.state) {
            return a.state == domain::DueState::kOverdue;
        }
        if (a.next_due.has_value() != b.next_due.has_value()) {
            return !a.next_due.has_value();
        }
        return a.next_due < b.next_due;
    });
    if (items.size() > 1000) {
        items.resize(1000);
    }
    return items;
}

core::Result<std::vector<LayerGap>> ReadinessService::LayerGaps(
    const Actor& actor, std::optional<domain::UnitId> unit_id) {
    UNGCUU_ASSIGN_OR_RETURN(loaded, Load(actor, unit_id));
    std::vector<LayerGap> gaps;
    for (const auto& unit : loaded.inputs.units) {
        if (unit.layers_in_place < domain::kLayerCount) {
            gaps.push_back({unit.id, unit.code, unit.name_vi, unit.layers_in_place});
        }
    }
    std::stable_sort(gaps.begin(), gaps.end(), [](const LayerGap& a, const LayerGap& b) {
        return a.layers_in_place < b.layers_in_place;
    });
    return gaps;
}

}  // namespace ungcuu::app
