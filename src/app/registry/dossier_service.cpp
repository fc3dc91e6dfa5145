#include "app/registry/dossier_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "app/audit_writer.hpp"
#include "app/unit_access.hpp"
#include "app/upload_check.hpp"
#include "core/text.hpp"
#include "domain/validation.hpp"

namespace ungcuu::app {

namespace {

core::Result<domain::Unit> UnitOf(Repositories& repos, domain::UnitId id) {
    return repos.units.Get(id);
}

}  // namespace

bool IsReviewerCandidate(const domain::Unit& unit, std::string_view owner_path) {
    using domain::UnitKind;
    const bool kind_fits = unit.kind == UnitKind::kDepartment || unit.kind == UnitKind::kProvince ||
                           unit.kind == UnitKind::kDistrict || unit.kind == UnitKind::kNational ||
                           unit.kind == UnitKind::kNationalBody;
    return kind_fits && domain::TreeRootOf(unit.path) == domain::TreeRootOf(owner_path);
}

core::Result<std::vector<domain::Unit>> DossierService::Reviewers(const Actor& actor,
                                                                  domain::SystemId system_id) {
    std::vector<domain::Unit> units;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(system, repos.systems.Get(system_id));
        UNGCUU_RETURN_IF_ERROR(actor.Authorize(system.owner_path, domain::Permission::kUnitRead));
        UNGCUU_ASSIGN_OR_RETURN(all, ActiveUnitsOfTree(repos, system.owner_path));
        for (auto& unit : all) {
            if (IsReviewerCandidate(unit, system.owner_path)) {
                units.push_back(std::move(unit));
            }
        }
        return core::Ok();
    }));
    return units;
}

core::FieldSnapshot DossierSnapshot(const domain::LevelDossier& d) {
    core::FieldSnapshot snapshot;
    snapshot.Add("system_id", d.system_id.value())
        .Add("reviewer_unit_id", d.reviewer_unit_id.value())
        .Add("proposed_level", std::int64_t{d.proposed_level})
        .Add("state", domain::DossierStateCode(d.state))
        .Add("due_at", d.due_at ? std::optional(core::FormatRfc3339(*d.due_at)) : std::nullopt)
        .Add("decision_number", std::string_view(d.decision_number))
        .Add("return_reason", std::string_view(d.return_reason));
    return snapshot;
}

core::Result<DossierPage> DossierService::List(const Actor& actor, const DossierQuery& query) {
    DossierFilter filter;
    filter.unrestricted = actor.unrestricted;
    filter.scope = actor.scope.VisibleRoots();
    filter.system_id = query.system_id;
    filter.unit_id = query.unit_id;
    filter.state = query.state;
    if (query.overdue_only) {
        filter.overdue_at = clock_.Now();
    }
    filter.after_id = query.after_id;
    const int limit = std::clamp(query.limit, 1, 500);
    filter.limit = limit + 1;
    DossierPage page;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(dossiers, repos.dossiers.List(filter));
        page.dossiers = std::move(dossiers);
        return core::Ok();
    }));
    if (static_cast<int>(page.dossiers.size()) > limit) {
        page.dossiers.pop_back();
        page.next_cursor = page.dossiers.back().id.value();
    }
    return page;
}

core::Result<std::vector<DossierReminder>> DossierService::Reminders(const Actor& actor,
                                                                     int soon_days) {
    const core::TimePoint now = clock_.Now();
    DossierFilter filter;
    filter.unrestricted = actor.unrestricted;
    filter.scope = actor.scope.VisibleRoots();
    filter.overdue_at = now + std::chrono::hours{24 * soon_days};
    filter.limit = 500;
    std::vector<domain::LevelDossier> dossiers;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(found, repos.dossiers.List(filter));
        dossiers = std::move(found);
        return core::Ok();
    }));
    std::vector<DossierReminder> reminders;
    for (auto& dossier : dossiers) {
        const bool approval = dossier.state == domain::DossierState::kApproval;
        const auto party = approval ? domain::PartyFor(domain::DossierAction::kApprove,
                                                       dossier.proposed_level, rules_)
                                    : domain::DossierParty::kReviewer;
        const bool by_owner = party == domain::DossierParty::kApprover;
        const std::string& path = by_owner ? dossier.owner_path : dossier.reviewer_path;
        if (!actor.unrestricted && !actor.scope.Sees(path)) {
            continue;  // the caller follows only the owner side, which has nothing to do now
        }
        DossierReminder reminder;
        reminder.responsible_unit_id = by_owner ? dossier.owner_unit_id : dossier.reviewer_unit_id;
        reminder.overdue = domain::IsOverdue(dossier, now);
        reminder.can_act = actor.unrestricted ||
                           actor.scope.Allows(path, by_owner ? domain::Permission::kDossierApprove
                                                             : domain::Permission::kDossierReview);
        reminder.dossier = std::move(dossier);
        reminders.push_back(std::move(reminder));
    }
    std::stable_sort(reminders.begin(), reminders.end(), [](const auto& a, const auto& b) {
        return a.overdue != b.overdue ? a.overdue : a.dossier.due_at < b.dossier.due_at;
    });
    return reminders;
}

core::Result<domain::LevelDossier> DossierService::LoadVisible(Repositories& repos,
                                                               const Actor& actor,
                                                               domain::DossierId id) {
    auto dossier = repos.dossiers.Get(id);
    if (!dossier.ok()) {
        return dossier;
    }
    if (!actor.unrestricted && !actor.scope.Sees(dossier->owner_path) &&
        !actor.scope.Sees(dossier->reviewer_path)) {
        return core::NotFound("Không tìm thấy hồ sơ đề xuất cấp độ.", "Level dossier not found.");
    }
    return dossier;
}

core::Result<DossierDetails> DossierService::Details(Repositories& repos,
                                                     const Actor& actor,
                                                     domain::LevelDossier dossier) {
    DossierDetails details;
    for (const auto action : {domain::DossierAction::kSubmit, domain::DossierAction::kAccept,
                              domain::DossierAction::kAppraise, domain::DossierAction::kApprove,
                              domain::DossierAction::kReturn, domain::DossierAction::kReopen}) {
        if (domain::NextDossierState(dossier.state, action).ok() &&
            AuthorizeAction(actor, dossier, action).ok()) {
            details.allowed.push_back(action);
        }
    }
    UNGCUU_ASSIGN_OR_RETURN(events, repos.dossiers.Events(dossier.id));
    UNGCUU_ASSIGN_OR_RETURN(documents, repos.dossiers.Documents(dossier.id));
    details.events = std::move(events);
    details.documents = std::move(documents);
    details.required = rules_.DocumentsFor(dossier.proposed_level);
    details.authority = rules_.AuthorityFor(dossier.proposed_level);
    if (const auto stage = domain::StageOf(dossier.state)) {
        details.limit = rules_.LimitFor(*stage, dossier.proposed_level);
    }
    details.overdue = domain::IsOverdue(dossier, clock_.Now());
    details.dossier = std::move(dossier);
    return details;
}

core::Status DossierService::AuthorizeAction(const Actor& actor,
                                             const domain::LevelDossier& dossier,
                                             domain::DossierAction action) const {
    switch (domain::PartyFor(action, dossier.proposed_level, rules_)) {
        case domain::DossierParty::kOwner:
            return actor.Authorize(dossier.owner_path, domain::Permission::kSystemWrite);
        case domain::DossierParty::kReviewer:
            if (!actor.unrestricted &&
                !actor.scope.Allows(dossier.reviewer_path, domain::Permission::kDossierReview)) {
                return core::Error::Make(
                    core::ErrorCode::kPermissionDenied,
                    "Chỉ đơn vị thẩm định của hồ sơ mới được thực hiện bước này.",
                    "Only the dossier's reviewing unit may take this step.");
            }
            return core::Ok();
        case domain::DossierParty::kApprover:
            if (!actor.unrestricted &&
                !actor.scope.Allows(dossier.owner_path, domain::Permission::kDossierApprove)) {
                return core::Error::Make(
                    core::ErrorCode::kPermissionDenied,
                    "Chỉ lãnh đạo hoặc đơn vị chuyên trách của chủ quản mới được phê duyệt hồ sơ "
                    "cấp độ này.",
                    "Only the owner's leadership or coordinator may approve this level.");
            }
            return core::Ok();
    }
    return core::PermissionDenied();
}

core::Result<DossierDetails> DossierService::Get(const Actor& actor, domain::DossierId id) {
    return store_.Read([&](Repositories& repos) -> core::Result<DossierDetails> {
        UNGCUU_ASSIGN_OR_RETURN(dossier, LoadVisible(repos, actor, id));
        return Details(repos, actor, std::move(dossier));
    });
}

core::Result<DossierDetails> DossierService::Create(const Actor& actor, const NewDossier& request) {
    domain::FieldErrors errors;
    domain::CheckText(errors, "justification", request.justification, domain::Required::kNo, 8000);
    if (request.proposed_level && (*request.proposed_level < 1 || *request.proposed_level > 5)) {
        errors.Add("proposed_level", "cấp độ chỉ từ 1 đến 5", "the level must be 1 to 5");
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    const core::TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<DossierDetails> {
        UNGCUU_ASSIGN_OR_RETURN(system, repos.systems.Get(request.system_id));
        UNGCUU_RETURN_IF_ERROR(
            actor.Authorize(system.owner_path, domain::Permission::kSystemWrite));
        auto reviewer = repos.units.Get(request.reviewer_unit_id);
        if (!reviewer.ok() || !reviewer->active ||
            !IsReviewerCandidate(*reviewer, system.owner_path)) {
            core::Error error = core::InvalidArgument(
                "Đơn vị thẩm định phải là một đơn vị đang hoạt động trong cùng cây đơn vị với chủ "
                "quản (sở, ban, ngành hoặc UBND).",
                "The reviewing unit must be an active unit (department or people's committee) "
                "of the owner's tree.");
            error.details.push_back({"reviewer_unit_id", "không hợp lệ", "not a valid reviewer"});
            return error;
        }
        UNGCUU_ASSIGN_OR_RETURN(open, repos.dossiers.HasOpen(system.id));
        if (open) {
            return core::Conflict(
                "Hệ thống này đang có một hồ sơ đề xuất cấp độ chưa kết thúc; hãy hoàn tất hoặc "
                "xử lý hồ sơ đó trước.",
                "This system already has a level dossier in progress.");
        }
        UNGCUU_ASSIGN_OR_RETURN(sub_levels, repos.systems.SubSystemLevels(system.id));
        // NĐ 85/2016 Điều 5: the level is at least the highest of the system's parts and what
        // its own facts give; a dossier may propose higher, never lower.
        const int minimum = domain::CombinedLevel(system.proposed_level, sub_levels);
        domain::LevelDossier dossier;
        dossier.proposed_level = request.proposed_level.value_or(minimum);
        if (dossier.proposed_level < minimum) {
            core::Error error = core::InvalidArgument(
                fmt::format("Cấp độ đề xuất {} thấp hơn cấp độ {} mà các tiêu chí (và các hệ "
                            "thống thành phần) xác định.",
                            dossier.proposed_level, minimum),
                fmt::format("The proposed level {} is below level {} given by the criteria "
                            "(and the sub-systems).",
                            dossier.proposed_level, minimum));
            error.details.push_back({"proposed_level",
                                     fmt::format("tối thiểu là cấp độ {}", minimum),
                                     fmt::format("at least level {}", minimum)});
            return error;
        }
        dossier.system_id = system.id;
        dossier.owner_unit_id = system.owner_unit_id;
        dossier.reviewer_unit_id = reviewer->id;
        dossier.justification = request.justification;
        dossier.rule_set = rules_.id;
        dossier.state = domain::DossierState::kDraft;
        dossier.created_at = now;
        dossier.updated_at = now;
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.dossiers.Insert(dossier));
        UNGCUU_ASSIGN_OR_RETURN(owner, UnitOf(repos, system.owner_unit_id));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"dossier.create", "dossier", inserted.id.value(), &owner,
                                           "{}", DossierSnapshot(inserted).ToJson()}));
        UNGCUU_ASSIGN_OR_RETURN(loaded, repos.dossiers.Get(inserted.id));
        return Details(repos, actor, std::move(loaded));
    });
}

core::Result<DossierDetails> DossierService::Act(const Actor& actor,
                                                 domain::DossierId id,
                                                 domain::DossierAction action,
                                                 std::string_view note) {
    UNGCUU_ASSIGN_OR_RETURN(calendar, calendar_.Calendar());
    const core::TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<DossierDetails> {
        UNGCUU_ASSIGN_OR_RETURN(loaded, LoadVisible(repos, actor, id));
        domain::LevelDossier dossier = std::move(loaded);
        const domain::LevelDossier before = dossier;
        UNGCUU_RETURN_IF_ERROR(AuthorizeAction(actor, dossier, action));
        UNGCUU_ASSIGN_OR_RETURN(documents, repos.dossiers.Documents(id));
        std::vector<std::string> present;
        present.reserve(documents.size());
        for (const auto& document : documents) {
            present.push_back(document.slot);
        }
        UNGCUU_RETURN_IF_ERROR(domain::CheckDossierAction(dossier, action, note, present, rules_));
        UNGCUU_ASSIGN_OR_RETURN(next, domain::NextDossierState(dossier.state, action));
        const std::string trimmed(core::Trim(note));
        dossier.state = next;
        dossier.updated_at = now;
        dossier.stage_started_at.reset();
        dossier.due_at.reset();
        if (const auto stage = domain::StageOf(dossier.state)) {
            const auto* limit = rules_.LimitFor(*stage, dossier.proposed_level);
            dossier.stage_started_at = now;
            dossier.due_at = domain::Deadline(now, limit->days, limit->count, *calendar);
        }
        if (action == domain::DossierAction::kReturn) {
            dossier.return_reason = trimmed;
        }
        if (action == domain::DossierAction::kReopen || action == domain::DossierAction::kSubmit) {
            dossier.return_reason.clear();
        }
        if (action == domain::DossierAction::kApprove) {
            dossier.decision_number = trimmed;
            dossier.decided_at = now;
            UNGCUU_RETURN_IF_ERROR(
                repos.dossiers.SetApprovedLevel(dossier.system_id, dossier.proposed_level, now));
        }
        UNGCUU_RETURN_IF_ERROR(repos.dossiers.Update(dossier));
        UNGCUU_RETURN_IF_ERROR(repos.dossiers.AddEvent(
            {0, id, now, action, before.state, dossier.state, actor.login, trimmed}));
        UNGCUU_ASSIGN_OR_RETURN(owner, UnitOf(repos, dossier.owner_unit_id));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(
            repos, actor, now,
            {fmt::format("dossier.{}", domain::DossierActionCode(action)), "dossier", id.value(),
             &owner, DossierSnapshot(before).ToJson(), DossierSnapshot(dossier).ToJson()}));
        return Details(repos, actor, std::move(dossier));
    });
}

core::Result<DossierDetails> DossierService::Upload(const Actor& actor,
                                                    domain::DossierId id,
                                                    std::string_view slot,
                                                    std::string_view file_name,
                                                    std::string_view bytes) {
    const auto* slot_rule = rules_.Document(slot);
    if (slot_rule == nullptr) {
        return core::NotFound(fmt::format("Hồ sơ không có mục tài liệu \"{}\".", slot),
                              fmt::format("Dossiers have no document slot \"{}\".", slot));
    }
    std::string type;
    auto checked = CheckUpload(file_name, bytes,
                               {kDocumentUpload.types, kDocumentUpload.what_vi,
                                kDocumentUpload.what_en, limits_.max_bytes},
                               detector_, type);
    if (!checked.ok()) {
        return std::move(checked).error();
    }
    const std::string name = std::move(checked).value();
    // Check access before storing anything, then store the bytes outside the transaction: a
    // file without a row is harmless (content-addressed), a row without its file is not.
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(dossier, LoadVisible(repos, actor, id));
        return actor.Authorize(dossier.owner_path, domain::Permission::kSystemWrite);
    }));
    UNGCUU_ASSIGN_OR_RETURN(scan, ScanUpload(scanner_, bytes, clock_.Now()));
    UNGCUU_ASSIGN_OR_RETURN(digest, uploads_.Put(bytes));
    const core::TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<DossierDetails> {
        UNGCUU_ASSIGN_OR_RETURN(dossier, LoadVisible(repos, actor, id));
        UNGCUU_RETURN_IF_ERROR(
            actor.Authorize(dossier.owner_path, domain::Permission::kSystemWrite));
        if (dossier.state != domain::DossierState::kDraft &&
            dossier.state != domain::DossierState::kReturned) {
            return core::Conflict(
                "Chỉ thay tài liệu khi hồ sơ đang soạn hoặc bị trả lại.",
                "Documents can be changed only while the dossier is a draft or returned.");
        }
        domain::DossierDocument document{
            id,     std::string(slot), name, type, static_cast<std::int64_t>(bytes.size()),
            digest, actor.login,       now};
        UNGCUU_RETURN_IF_ERROR(repos.dossiers.PutDocument(document));
        UNGCUU_ASSIGN_OR_RETURN(owner, UnitOf(repos, dossier.owner_unit_id));
        core::FieldSnapshot after;
        after.Add("slot", slot);
        AddUploadFields(after, name, type, bytes.size(), digest);
        UNGCUU_RETURN_IF_ERROR(RecordScan(repos, scan, digest, after));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"dossier.upload", "dossier", id.value(), &owner, "{}", after.ToJson()}));
        return Details(repos, actor, std::move(dossier));
    });
}

core::Result<DocumentFile> DossierService::Download(const Actor& actor,
                                                    domain::DossierId id,
                                                    std::string_view slot) {
    UNGCUU_ASSIGN_OR_RETURN(
        found, store_.Read([&](Repositories& repos) -> core::Result<domain::DossierDocument> {
            UNGCUU_ASSIGN_OR_RETURN(dossier, LoadVisible(repos, actor, id));
            UNGCUU_ASSIGN_OR_RETURN(documents, repos.dossiers.Documents(id));
            // The latest upload to the slot.
            for (auto document = documents.rbegin(); document != documents.rend(); ++document) {
                if (document->slot == slot) {
                    return std::move(*document);
                }
            }
            return core::NotFound("Chưa có tài liệu ở mục này.", "No document in this slot.");
        }));
    UNGCUU_ASSIGN_OR_RETURN(bytes, uploads_.Read(found.sha256));
    return DocumentFile{std::move(found), std::move(bytes)};
}

}  // namespace ungcuu::app
