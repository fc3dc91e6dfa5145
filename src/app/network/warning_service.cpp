#include "app/network/warning_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/audit_writer.hpp"
#include "app/claims.hpp"
#include "app/unit_access.hpp"
#include "core/date.hpp"
#include "domain/validation.hpp"

namespace ungcuu::app {

namespace {

core::FieldSnapshot WarningSnapshot(const domain::Warning& w) {
    return core::FieldSnapshot()
        .Add("title", std::string_view(w.title))
        .Add("severity", domain::WarningSeverityCode(w.severity))
        .Add("tlp", domain::TlpCode(w.tlp))
        .Add("deadline", std::string_view(core::FormatRfc3339(w.deadline)));
}

/// Whether the item still needs work: not answered, or affected and not yet fixed.
bool Open(const domain::WarningItem& item) {
    return !item.answer || *item.answer == domain::WarningAnswer::kAffected;
}

domain::AnswerRollup RollUpItems(const std::vector<const domain::WarningItem*>& items,
                                 const domain::Warning& warning,
                                 core::TimePoint now) {
    std::vector<std::pair<domain::UnitId, std::optional<domain::SystemId>>> expected;
    std::vector<domain::SystemAnswer> answers;
    for (const auto* item : items) {
        expected.emplace_back(item->unit, item->system);
        if (item->answer) {
            answers.push_back({item->unit, item->system, *item->answer, item->evidence,
                               item->answered_at.value_or(now)});
        }
    }
    return domain::RollUp(expected, answers, warning.deadline, now);
}

std::string VietnamTime(core::TimePoint at) { return core::FormatLocalDateTime(at); }

}  // namespace

core::Result<WarningReach> WarningService::Reach(Repositories& repos,
                                                 const Actor& actor,
                                                 const domain::Unit& issuer,
                                                 const domain::WarningTarget& target) {
    UNGCUU_ASSIGN_OR_RETURN(root, repos.units.Get(target.root));
    if (!domain::IsWithin(root.path, issuer.path) ||
        !(actor.unrestricted || actor.scope.Sees(root.path))) {
        return core::InvalidArgument("Cảnh báo chỉ gửi tới đơn vị mình hoặc các đơn vị trực thuộc.",
                                     "A warning goes to the issuing unit's own subtree only.");
    }
    UnitFilter filter;
    filter.scope = {domain::ScopeRoot{root.path, false}};
    filter.active = true;
    filter.limit = kMaxUnits + 1;
    UNGCUU_ASSIGN_OR_RETURN(listed, repos.units.List(filter));
    // Only units the caller sees: a role held on the issuing unit alone reaches no unit below.
    std::vector<domain::Unit> units;
    for (auto& unit : listed) {
        if (actor.unrestricted || actor.scope.Sees(unit.path)) {
            units.push_back(std::move(unit));
        }
    }
    if (listed.size() > static_cast<std::size_t>(kMaxUnits)) {
        return core::InvalidArgument(
            fmt::format("Phạm vi cảnh báo quá {} đơn vị; hãy chọn nhánh nhỏ hơn.", kMaxUnits),
            fmt::format("The target holds more than {} units; choose a smaller branch.",
                        kMaxUnits));
    }
    std::map<std::int64_t, const domain::Unit*> by_id;
    for (const auto& unit : units) {
        by_id.emplace(unit.id.value(), &unit);
    }
    const auto kind_wanted = [&](domain::UnitKind kind) {
        return target.kinds.empty() ||
               std::find(target.kinds.begin(), target.kinds.end(), kind) != target.kinds.end();
    };
    WarningReach reach;
    std::set<std::int64_t> reached;
    if (target.traits.Empty()) {
        // The units themselves answer, the issuer aside.
        for (const auto& unit : units) {
            if (unit.id != issuer.id && kind_wanted(unit.kind)) {
                domain::WarningItem item;
                item.unit = unit.id;
                item.unit_name = unit.name_vi;
                item.unit_path = unit.path;
                reach.items.push_back(std::move(item));
                reached.insert(unit.id.value());
            }
        }
    } else {
        SystemFilter systems_filter;
        systems_filter.scope = {domain::ScopeRoot{root.path, false}};
        systems_filter.active = true;
        systems_filter.limit = kMaxSystems + 1;
        UNGCUU_ASSIGN_OR_RETURN(systems, repos.systems.List(systems_filter));
        if (systems.size() > static_cast<std::size_t>(kMaxSystems)) {
            return core::InvalidArgument(
                fmt::format("Phạm vi cảnh báo quá {} hệ thống; hãy chọn nhánh nhỏ hơn.",
                            kMaxSystems),
                fmt::format("The target holds more than {} systems; choose a smaller branch.",
                            kMaxSystems));
        }
        const auto kind_of = [&](domain::UnitId id) -> std::optional<domain::UnitKind> {
            const auto found = by_id.find(id.value());
            return found == by_id.end() ? std::nullopt : std::optional{found->second->kind};
        };
        for (const auto* system : domain::AffectedSystems(target, root.path, systems, kind_of)) {
            const auto owner = by_id.find(system->owner_unit_id.value());
            if (owner == by_id.end()) {
                continue;  // an inactive owner, or one the caller does not see
            }
            domain::WarningItem item;
            item.unit = system->owner_unit_id;
            item.unit_name = owner->second->name_vi;
            item.unit_path = owner->second->path;
            item.system = system->id;
            item.system_name = fmt::format("{} — {}", system->code, system->name_vi);
            reach.items.push_back(std::move(item));
            reached.insert(system->owner_unit_id.value());
        }
        std::stable_sort(reach.items.begin(), reach.items.end(),
                         [](const auto& a, const auto& b) { return a.unit_path < b.unit_path; });
    }
    reach.units = static_cast<int>(reached.size());
    return reach;
}

core::Result<WarningReach> WarningService::Preview(const Actor& actor,
                                                   domain::UnitId issuer_id,
                                                   const domain::WarningTarget& target) {
    return store_.Read([&](Repositories& repos) -> core::Result<WarningReach> {
        UNGCUU_ASSIGN_OR_RETURN(
            issuer, LoadUnitFor(repos, actor, issuer_id, domain::Permission::kIncidentHandle));
        return Reach(repos, actor, issuer, target);
    });
}

core::Result<WarningView> WarningService::Save(Repositories& repos,
                                               const Actor& actor,
                                               const domain::Unit& issuer,
                                               domain::Warning warning) {
    UNGCUU_ASSIGN_OR_RETURN(reach, Reach(repos, actor, issuer, warning.target));
    if (reach.items.empty()) {
        return core::InvalidArgument(
            "Không có đơn vị hay hệ thống nào khớp phạm vi và đặc điểm đã chọn.",
            "No unit or system matches the chosen target and traits.");
    }
    UNGCUU_ASSIGN_OR_RETURN(created, repos.warnings.Insert(std::move(warning)));
    UNGCUU_RETURN_IF_ERROR(repos.warnings.InsertItems(created.id, reach.items));
    const auto snapshot =
        WarningSnapshot(created).Add("items", static_cast<std::int64_t>(reach.items.size()));
    UNGCUU_RETURN_IF_ERROR(
        WriteAudit(repos, actor, created.issued_at,
                   {created.parent ? "warning.pass_on" : "warning.issue", "warning",
                    created.id.value(), &issuer, "{}", snapshot.ToJson()}));
    UNGCUU_ASSIGN_OR_RETURN(items, repos.warnings.Items(created.id));
    return Load(repos, actor, std::move(created), items);
}

core::Result<WarningView> WarningService::Issue(const Actor& actor, domain::Warning warning) {
    warning.id = {};
    warning.parent.reset();
    warning.issued_at = clock_.Now();
    warning.issued_by = actor.login;
    warning.withdrawn_at.reset();
    UNGCUU_RETURN_IF_ERROR(domain::ValidateWarning(warning));
    if (!warning.sigma_rules.empty()) {
        const auto checked =
            check_rules_
                ? check_rules_(warning.sigma_rules)
                : core::Status(core::InvalidArgument(
                      "Máy chủ này không chạy phát hiện nên không kiểm tra được luật Sigma; hãy "
                      "bỏ trống ô luật Sigma để gửi cảnh báo.",
                      "This server runs no detection, so it cannot check Sigma rules; "
                      "leave the Sigma rules empty to send the warning."));
        if (!checked.ok()) {
            domain::FieldErrors errors;
            errors.Add("sigma_rules", checked.error().message_vi, checked.error().message_en);
            return errors.ToStatus().error();
        }
    }
    return store_.Write([&](Repositories& repos) -> core::Result<WarningView> {
        UNGCUU_ASSIGN_OR_RETURN(
            issuer, LoadUnitFor(repos, actor, warning.issuer, domain::Permission::kIncidentHandle));
        return Save(repos, actor, issuer, std::move(warning));
    });
}

core::Result<WarningView> WarningService::PassOn(const Actor& actor,
                                                 domain::WarningId received_id,
                                                 domain::UnitId from,
                                                 domain::WarningTarget target,
                                                 domain::Tlp tlp,
                                                 std::optional<core::TimePoint> deadline) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<WarningView> {
        UNGCUU_ASSIGN_OR_RETURN(seen, Visible(repos, actor, received_id));
        auto& [received, items] = seen;
        if (received.withdrawn_at) {
            return core::Conflict("Cảnh báo đã được thu hồi.", "The warning has been withdrawn.");
        }
        const bool recipient = std::any_of(items.begin(), items.end(),
                                           [&](const auto& item) { return item.unit == from; });
        if (!recipient) {
            return core::InvalidArgument("Đơn vị chuyển tiếp phải là đơn vị nhận cảnh báo.",
                                         "The unit passing a warning on must have received it.");
        }
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, from, domain::Permission::kIncidentHandle));
        UNGCUU_RETURN_IF_ERROR(domain::CheckPassDown(received, tlp));
        domain::Warning passed = received;
        passed.id = {};
        passed.parent = received.id;
        passed.issuer = unit.id;
        passed.tlp = tlp;
        passed.target = std::move(target);
        passed.deadline = deadline.value_or(received.deadline);
        if (passed.deadline > received.deadline) {
            return core::InvalidArgument(
                fmt::format("Hạn trả lời khi chuyển tiếp không được muộn hơn hạn của cảnh báo gốc "
                            "({}).",
                            VietnamTime(received.deadline)),
                "A warning passed on is due no later than the one received.");
        }
        passed.issued_at = now;
        passed.issued_by = actor.login;
        passed.withdrawn_at.reset();
        UNGCUU_RETURN_IF_ERROR(domain::ValidateWarning(passed));
        return Save(repos, actor, unit, std::move(passed));
    });
}

core::Result<WarningView> WarningService::Withdraw(const Actor& actor, domain::WarningId id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<WarningView> {
        UNGCUU_ASSIGN_OR_RETURN(seen, Visible(repos, actor, id));
        auto& [warning, items] = seen;
        UNGCUU_ASSIGN_OR_RETURN(
            issuer, LoadUnitFor(repos, actor, warning.issuer, domain::Permission::kIncidentHandle));
        if (warning.withdrawn_at) {
            return core::Conflict("Cảnh báo đã được thu hồi.", "The warning has been withdrawn.");
        }
        UNGCUU_RETURN_IF_ERROR(repos.warnings.Withdraw(id, now));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"warning.withdraw", "warning", id.value(), &issuer,
                                           WarningSnapshot(warning).ToJson(), "{}"}));
        warning.withdrawn_at = now;
        return Load(repos, actor, std::move(warning), items);
    });
}

core::Result<std::pair<domain::Warning, std::vector<domain::WarningItem>>> WarningService::Visible(
    Repositories& repos, const Actor& actor, domain::WarningId id) {
    UNGCUU_ASSIGN_OR_RETURN(warning, repos.warnings.Get(id));
    UNGCUU_ASSIGN_OR_RETURN(items, repos.warnings.Items(id));
    const bool seen = actor.unrestricted || actor.scope.Sees(warning.issuer_path) ||
                      std::any_of(items.begin(), items.end(), [&](const auto& item) {
                          return actor.scope.Sees(item.unit_path);
                      });
    if (!seen) {
        return core::NotFound("Không tìm thấy cảnh báo.", "Warning not found.");
    }
    return std::pair{std::move(warning), std::move(items)};
}

core::Result<WarningView> WarningService::Load(Repositories& repos,
                                               const Actor& actor,
                                               domain::Warning warning,
                                               const std::vector<domain::WarningItem>& items) {
    const auto now = clock_.Now();
    const bool issuer_side = actor.unrestricted || actor.scope.Sees(warning.issuer_path);
    WarningView view;
    std::vector<const domain::WarningItem*> seen;
    for (const auto& item : items) {
        if (issuer_side || actor.scope.Sees(item.unit_path)) {
            seen.push_back(&item);
        }
    }
    view.rollup = RollUpItems(seen, warning, now);
    // By the unit directly under the target's root each item lies in.
    UNGCUU_ASSIGN_OR_RETURN(root, repos.units.Get(warning.target.root));
    std::map<std::int64_t, std::vector<const domain::WarningItem*>> groups;
    std::vector<std::int64_t> order;
    const auto depth = domain::PathIds(root.path).size();
    for (const auto* item : seen) {
        const auto ids = domain::PathIds(item->unit_path);
        const auto top = ids.size() > depth ? ids[depth] : root.id;
        auto [at, fresh] = groups.try_emplace(top.value());
        if (fresh) {
            order.push_back(top.value());
        }
        at->second.push_back(item);
    }
    for (const auto id : order) {
        const auto unit = repos.units.Get(domain::UnitId{id});
        view.by_unit.push_back({domain::UnitId{id}, unit.ok() ? unit->name_vi : "",
                                RollUpItems(groups[id], warning, now)});
    }
    for (const auto* item : seen) {
        WarningItemView v;
        v.item = *item;
        v.late = now > warning.deadline && Open(*item);
        v.can_answer = !warning.withdrawn_at &&
                       actor.Authorize(item->unit_path, domain::Permission::kSystemWrite).ok();
        if (v.can_answer && !actor.unrestricted) {
            // Answering is for the unit's own people and those above it.
            v.can_answer = actor.scope.Sees(item->unit_path);
        }
        view.items.push_back(std::move(v));
    }
    // Incidents the caller sees that carry the warning's indicators.
    UNGCUU_ASSIGN_OR_RETURN(
        observables, repos.warnings.MatchingObservables(warning.id, actor.scope.VisibleRoots(),
                                                        actor.unrestricted, 500));
    std::map<std::int64_t, IndicatorIncident> by_incident;
    for (const auto& hit : domain::MatchIndicators(warning.indicators, observables)) {
        for (const auto id : hit.incidents) {
            auto& entry = by_incident[id.value()];
            entry.id = id;
            entry.indicators.push_back(hit.indicator);
        }
    }
    for (auto& [id, entry] : by_incident) {
        const auto incident = repos.incidents.Get(entry.id);
        if (!incident.ok()) {
            continue;
        }
        entry.code = incident->code;
        entry.title = incident->title;
        const auto unit = repos.units.Get(incident->unit_id);
        entry.unit_name = unit.ok() ? unit->name_vi : "";
        view.incidents.push_back(std::move(entry));
    }
    std::reverse(view.incidents.begin(), view.incidents.end());  // newest first
    UNGCUU_ASSIGN_OR_RETURN(children, repos.warnings.Children(warning.id));
    for (auto& child : children) {
        if (actor.unrestricted || actor.scope.Sees(child.issuer_path)) {
            view.passed_on.push_back(std::move(child));
        }
    }
    if (warning.parent) {
        auto parent = repos.warnings.Get(*warning.parent);
        if (parent.ok() && (actor.unrestricted || actor.scope.Sees(parent->issuer_path))) {
            view.parent = std::move(*parent);
        }
    }
    const bool open = !warning.withdrawn_at;
    view.can_withdraw =
        open && actor.Authorize(warning.issuer_path, domain::Permission::kIncidentHandle).ok();
    if (open && domain::MayPassDown(warning.tlp)) {
        std::set<std::int64_t> from;
        for (const auto* item : seen) {
            if (from.insert(item->unit.value()).second &&
                actor.Authorize(item->unit_path, domain::Permission::kIncidentHandle).ok()) {
                view.can_pass_on_from.push_back(item->unit);
            }
        }
    }
    view.warning = std::move(warning);
    return view;
}

core::Result<WarningList> WarningService::List(const Actor& actor) {
    const auto now = clock_.Now();
    return store_.Read([&](Repositories& repos) -> core::Result<WarningList> {
        WarningList list;
        UNGCUU_ASSIGN_OR_RETURN(warnings, repos.warnings.List(actor.scope.VisibleRoots(),
                                                              actor.unrestricted, kListLimit));
        for (auto& warning : warnings) {
            UNGCUU_ASSIGN_OR_RETURN(items, repos.warnings.Items(warning.id));
            WarningSummary summary;
            summary.issued = actor.unrestricted || actor.scope.Sees(warning.issuer_path);
            std::vector<const domain::WarningItem*> seen;
            for (const auto& item : items) {
                if (summary.issued || actor.scope.Sees(item.unit_path)) {
                    seen.push_back(&item);
                }
                // What is left for the recipients' side; the issuer's side reads the roll-up.
                if (!summary.issued && !item.answer && !warning.withdrawn_at &&
                    actor.scope.Sees(item.unit_path) &&
                    actor.Authorize(item.unit_path, domain::Permission::kSystemWrite).ok()) {
                    ++summary.to_answer;
                }
            }
            summary.rollup = RollUpItems(seen, warning, now);
            summary.warning = std::move(warning);
            list.warnings.push_back(std::move(summary));
        }
        UNGCUU_ASSIGN_OR_RETURN(
            notices, repos.warnings.Notices(actor.scope.VisibleRoots(), actor.unrestricted, 100));
        list.notices = std::move(notices);
        return list;
    });
}

core::Result<WarningView> WarningService::Get(const Actor& actor, domain::WarningId id) {
    return store_.Read([&](Repositories& repos) -> core::Result<WarningView> {
        UNGCUU_ASSIGN_OR_RETURN(seen, Visible(repos, actor, id));
        return Load(repos, actor, std::move(seen.first), seen.second);
    });
}

core::Result<WarningView> WarningService::Answer(const Actor& actor,
                                                 domain::WarningItemId item_id,
                                                 domain::WarningAnswer answer,
                                                 std::string evidence) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<WarningView> {
        UNGCUU_ASSIGN_OR_RETURN(item, repos.warnings.GetItem(item_id));
        if (!actor.unrestricted && !actor.scope.Sees(item.unit_path)) {
            return core::NotFound("Không tìm thấy mục cần trả lời.", "Item not found.");
        }
        UNGCUU_RETURN_IF_ERROR(actor.Authorize(item.unit_path, domain::Permission::kSystemWrite));
        UNGCUU_ASSIGN_OR_RETURN(warning, repos.warnings.Get(item.warning_id));
        if (warning.withdrawn_at) {
            return core::Conflict("Cảnh báo đã được thu hồi, không nhận trả lời.",
                                  "The warning has been withdrawn; it takes no answers.");
        }
        const domain::SystemAnswer checked{item.unit, item.system, answer, evidence, now};
        UNGCUU_RETURN_IF_ERROR(domain::ValidateAnswer(checked));
        const auto before = core::FieldSnapshot().Add(
            "answer", item.answer ? domain::WarningAnswerCode(*item.answer) : "");
        item.answer = answer;
        item.evidence = std::move(evidence);
        item.answered_at = now;
        item.answered_by = actor.login;
        UNGCUU_RETURN_IF_ERROR(repos.warnings.SaveAnswer(item));
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(item.unit));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"warning.answer", "warning", warning.id.value(), &unit, before.ToJson(),
                        core::FieldSnapshot()
                            .Add("answer", domain::WarningAnswerCode(answer))
                            .Add("system", std::string_view(item.system_name))
                            .ToJson()}));
        UNGCUU_ASSIGN_OR_RETURN(items, repos.warnings.Items(warning.id));
        return Load(repos, actor, std::move(warning), items);
    });
}

core::Result<domain::Warning> WarningService::Receive(Repositories& repos,
                                                      const Actor& actor,
                                                      domain::Warning warning,
                                                      domain::UnitId unit_id) {
    UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(unit_id));
    warning.id = {};
    warning.parent.reset();
    warning.issuer = unit.id;
    warning.target = {unit.id, {unit.kind}, {}};
    warning.withdrawn_at.reset();
    UNGCUU_RETURN_IF_ERROR(domain::ValidateWarning(warning));
    UNGCUU_ASSIGN_OR_RETURN(created, repos.warnings.Insert(std::move(warning)));
    domain::WarningItem item;
    item.warning_id = created.id;
    item.unit = unit.id;
    UNGCUU_RETURN_IF_ERROR(repos.warnings.InsertItems(created.id, {item}));
    UNGCUU_RETURN_IF_ERROR(WriteAudit(
        repos, actor, clock_.Now(),
        {"warning.receive", "warning", created.id.value(), &unit, "{}",
         WarningSnapshot(created).Add("from", std::string_view(created.origin_name)).ToJson()}));
    return created;
}

core::Result<std::vector<domain::WarningId>> WarningService::ReceiveAll(
    const Actor& actor, domain::UnitId unit, std::vector<domain::Warning> warnings) {
    return store_.Write([&](Repositories& repos) -> core::Result<std::vector<domain::WarningId>> {
        UNGCUU_ASSIGN_OR_RETURN(
            checked, LoadUnitFor(repos, actor, unit, domain::Permission::kIncidentHandle));
        (void)checked;
        std::vector<domain::WarningId> ids;
        for (const auto& warning : warnings) {
            UNGCUU_ASSIGN_OR_RETURN(created, Receive(repos, actor, warning, unit));
            ids.push_back(created.id);
        }
        return ids;
    });
}

core::Status WarningService::WithdrawRemote(Repositories& repos,
                                            const Actor& actor,
                                            domain::WarningId id) {
    const auto now = clock_.Now();
    // The passed-on copies, level by level; each level is bounded by the units under this one.
    std::vector<domain::WarningId> pending{id};
    while (!pending.empty()) {
        const auto next = pending.back();
        pending.pop_back();
        UNGCUU_ASSIGN_OR_RETURN(warning, repos.warnings.Get(next));
        UNGCUU_ASSIGN_OR_RETURN(children, repos.warnings.Children(next));
        for (const auto& child : children) {
            pending.push_back(child.id);
        }
        if (warning.withdrawn_at) {
            continue;
        }
        UNGCUU_RETURN_IF_ERROR(repos.warnings.Withdraw(next, now));
        UNGCUU_ASSIGN_OR_RETURN(issuer, repos.units.Get(warning.issuer));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"warning.withdraw", "warning", next.value(), &issuer,
                                           WarningSnapshot(warning).ToJson(), "{}"}));
    }
    return core::Ok();
}

core::Status WarningService::TakeRemoteAnswer(Repositories& repos,
                                              const Actor& actor,
                                              domain::WarningId warning_id,
                                              domain::UnitId unit_id,
                                              const domain::SystemAnswer& answer,
                                              const std::string& by) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateAnswer(answer));
    UNGCUU_ASSIGN_OR_RETURN(warning, repos.warnings.Get(warning_id));
    if (warning.withdrawn_at) {
        return core::Conflict("Cảnh báo đã được thu hồi, không nhận trả lời.",
                              "The warning has been withdrawn; it takes no answers.");
    }
    UNGCUU_ASSIGN_OR_RETURN(items, repos.warnings.Items(warning_id));
    bool taken = false;
    for (auto& item : items) {
        if (item.unit != unit_id) {
            continue;
        }
        item.answer = answer.answer;
        item.evidence = answer.evidence;
        item.answered_at = answer.answered_at;
        item.answered_by = by;
        UNGCUU_RETURN_IF_ERROR(repos.warnings.SaveAnswer(item));
        taken = true;
    }
    if (!taken) {
        return core::NotFound("Cảnh báo không gửi tới đơn vị này.",
                              "The warning was not sent to this unit.");
    }
    UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(unit_id));
    return WriteAudit(repos, actor, clock_.Now(),
                      {"warning.answer", "warning", warning_id.value(), &unit, "{}",
                       core::FieldSnapshot()
                           .Add("answer", domain::WarningAnswerCode(answer.answer))
                           .Add("by", std::string_view(by))
                           .ToJson()});
}

core::Result<std::vector<IncidentWarning>> WarningService::ForIncident(
    const Actor& actor, domain::IncidentId incident_id) {
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<IncidentWarning>> {
        UNGCUU_ASSIGN_OR_RETURN(incident, repos.incidents.Get(incident_id));
        if (!actor.unrestricted && !actor.scope.Sees(incident.unit_path)) {
            return core::NotFound("Không tìm thấy sự cố.", "Incident not found.");
        }
        UNGCUU_ASSIGN_OR_RETURN(observables, repos.incidents.Observables(incident_id));
        UNGCUU_ASSIGN_OR_RETURN(ids, repos.warnings.MatchingWarnings(incident_id, 50));
        std::vector<IncidentWarning> out;
        for (const auto id : ids) {
            auto seen = Visible(repos, actor, id);
            if (!seen.ok()) {
                continue;
            }
            IncidentWarning match;
            for (const auto& hit : domain::MatchIndicators(seen->first.indicators, observables)) {
                match.indicators.push_back(hit.indicator);
            }
            if (!match.indicators.empty()) {
                match.warning = std::move(seen->first);
                match.warning.indicators.clear();
                out.push_back(std::move(match));
            }
        }
        return out;
    });
}

core::Result<int> WarningService::RunReminders() {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<int> {
        int queued = 0;
        const auto notify = [&](const domain::Warning& warning, const domain::Unit& to,
                                const domain::Unit& about, domain::WarningNoticeKind kind,
                                int open_items) -> core::Status {
            domain::WarningNotice notice;
            notice.warning_id = warning.id;
            notice.unit = to.id;
            notice.about = about.id;
            notice.kind = kind;
            notice.created_at = now;
            notice.body = kind == domain::WarningNoticeKind::kReminder
                              ? fmt::format(
                                    "Nhắc trả lời cảnh báo \"{}\" của {}: còn {} mục chưa trả lời "
                                    "hoặc chưa khắc phục; hạn trả lời {}.",
                                    warning.title, warning.issuer_name, open_items,
                                    VietnamTime(warning.deadline))
                              : fmt::format(
                                    "{} chưa hoàn thành trả lời cảnh báo \"{}\" của {} ({} mục) dù "
                                    "đã quá hạn {}.",
                                    about.name_vi, warning.title, warning.issuer_name, open_items,
                                    VietnamTime(warning.deadline));
            notice.email = domain::MailAddressOf(to);
            notice.mail.Queue(notice.email, now);
            UNGCUU_ASSIGN_OR_RETURN(fresh, repos.warnings.InsertNotice(notice));
            queued += fresh ? 1 : 0;
            return core::Ok();
        };
        const auto open_by_unit =
            [&](const domain::Warning& warning) -> core::Result<std::map<std::int64_t, int>> {
            UNGCUU_ASSIGN_OR_RETURN(items, repos.warnings.Items(warning.id));
            std::map<std::int64_t, int> open;
            for (const auto& item : items) {
                if (Open(item)) {
                    ++open[item.unit.value()];
                }
            }
            return open;
        };
        UNGCUU_ASSIGN_OR_RETURN(soon,
                                repos.warnings.DeadlinesBetween(now, now + kRemindBefore, 200));
        for (const auto& warning : soon) {
            UNGCUU_ASSIGN_OR_RETURN(open, open_by_unit(warning));
            for (const auto& [unit_id, count] : open) {
                UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(domain::UnitId{unit_id}));
                UNGCUU_RETURN_IF_ERROR(
                    notify(warning, unit, unit, domain::WarningNoticeKind::kReminder, count));
            }
        }
        UNGCUU_ASSIGN_OR_RETURN(late, repos.warnings.DeadlinesBetween(now - kLateWindow, now, 200));
        for (const auto& warning : late) {
            UNGCUU_ASSIGN_OR_RETURN(open, open_by_unit(warning));
            for (const auto& [unit_id, count] : open) {
                UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(domain::UnitId{unit_id}));
                // The unit above the late one hears of it (the issuer, when there is none).
                const auto above = unit.parent_id ? repos.units.Get(*unit.parent_id)
                                                  : repos.units.Get(warning.issuer);
                if (!above.ok()) {
                    continue;
                }
                UNGCUU_RETURN_IF_ERROR(
                    notify(warning, *above, unit, domain::WarningNoticeKind::kOverdue, count));
            }
        }
        return queued;
    });
}

core::Result<domain::MailTally> WarningService::DispatchMail() {
    constexpr int kMaxAttempts = 20;
    domain::MailTally tally;
    const auto claim = [](Repositories& repos, core::TimePoint now, core::TimePoint until) {
        return repos.warnings.ClaimMailDue(now, until);
    };
    const auto attempt = [&](domain::WarningNotice& notice) -> core::Status {
        domain::Delivery mail;
        mail.id = domain::DeliveryId{notice.id.value()};
        mail.kind = "warning_notice";
        mail.channel = domain::Channel::kEmail;
        mail.address = notice.email;
        mail.subject =
            fmt::format("[CẢNH BÁO] {} — {}",
                        notice.kind == domain::WarningNoticeKind::kReminder ? "Nhắc trả lời"
                                                                            : "Quá hạn trả lời",
                        notice.warning_title);
        mail.body = notice.body;
        mail.created_at = notice.created_at;
        tally.Add(domain::RecordMailAttempt(notice.mail, notifier_.Send(mail, {}), clock_.Now(),
                                            kMaxAttempts));
        return store_.Write([&](Repositories& repos) -> core::Status {
            return repos.warnings.UpdateNoticeMail(notice);
        });
    };
    UNGCUU_RETURN_IF_ERROR(
        AttemptClaimed(store_, clock_, domain::kMailBatch, domain::kMailLease, claim, attempt));
    return tally;
}

}  // namespace ungcuu::app
