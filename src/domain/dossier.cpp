#include "domain/dossier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <tuple>

#include "core/text.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

struct StateInfo {
    DossierState state;
    std::string_view code;
    std::string_view name_vi;
};

constexpr std::array<StateInfo, 6> kStates = {{
    {DossierState::kDraft, "draft", "đang soạn"},
    {DossierState::kSubmitted, "submitted", "kiểm tra tính hợp lệ"},
    {DossierState::kAppraisal, "appraisal", "thẩm định"},
    {DossierState::kApproval, "approval", "chờ phê duyệt"},
    {DossierState::kApproved, "approved", "đã phê duyệt"},
    {DossierState::kReturned, "returned", "bị trả lại"},
}};

struct ActionInfo {
    DossierAction action;
    std::string_view code;
    std::string_view name_vi;
    std::string_view name_en;
};

constexpr std::array<ActionInfo, 6> kActions = {{
    {DossierAction::kSubmit, "submit", "nộp hồ sơ", "submit"},
    {DossierAction::kAccept, "accept", "xác nhận hồ sơ hợp lệ", "accept as valid"},
    {DossierAction::kAppraise, "appraise", "ghi nhận ý kiến thẩm định", "record the appraisal"},
    {DossierAction::kApprove, "approve", "phê duyệt", "approve"},
    {DossierAction::kReturn, "return", "trả lại", "return"},
    {DossierAction::kReopen, "reopen", "soạn lại", "reopen"},
}};

// The whole state machine: (from, action) → to.
constexpr std::array<std::tuple<DossierState, DossierAction, DossierState>, 8> kTransitions = {{
    {DossierState::kDraft, DossierAction::kSubmit, DossierState::kSubmitted},
    {DossierState::kSubmitted, DossierAction::kAccept, DossierState::kAppraisal},
    {DossierState::kSubmitted, DossierAction::kReturn, DossierState::kReturned},
    {DossierState::kAppraisal, DossierAction::kAppraise, DossierState::kApproval},
    {DossierState::kAppraisal, DossierAction::kReturn, DossierState::kReturned},
    {DossierState::kApproval, DossierAction::kApprove, DossierState::kApproved},
    {DossierState::kApproval, DossierAction::kReturn, DossierState::kReturned},
    {DossierState::kReturned, DossierAction::kReopen, DossierState::kDraft},
}};

const ActionInfo& Info(DossierAction action) {
    return *std::find_if(kActions.begin(), kActions.end(),
                         [action](const ActionInfo& info) { return info.action == action; });
}

}  // namespace

std::string_view DossierStateCode(DossierState value) {
    for (const auto& info : kStates) {
        if (info.state == value) {
            return info.code;
        }
    }
    return "";
}

std::optional<DossierState> ParseDossierState(std::string_view code) {
    for (const auto& info : kStates) {
        if (info.code == code) {
            return info.state;
        }
    }
    return std::nullopt;
}

std::string_view DossierStateNameVi(DossierState value) {
    for (const auto& info : kStates) {
        if (info.state == value) {
            return info.name_vi;
        }
    }
    return "";
}

std::string_view DossierActionCode(DossierAction value) { return Info(value).code; }

std::optional<DossierAction> ParseDossierAction(std::string_view code) {
    for (const auto& info : kActions) {
        if (info.code == code) {
            return info.action;
        }
    }
    return std::nullopt;
}

core::Result<DossierState> NextDossierState(DossierState from, DossierAction action) {
    for (const auto& [state, act, to] : kTransitions) {
        if (state == from && act == action) {
            return to;
        }
    }
    const auto& info = Info(action);
    return core::Conflict(fmt::format("Hồ sơ đang ở trạng thái \"{}\", không thể {}.",
                                      DossierStateNameVi(from), info.name_vi),
                          fmt::format("The dossier is {}; it cannot be {}ed now.",
                                      DossierStateCode(from), info.name_en));
}

DossierParty PartyFor(DossierAction action, int level, const RegistryRuleSet& rules) {
    switch (action) {
        case DossierAction::kSubmit:
        case DossierAction::kReopen:
            return DossierParty::kOwner;
        case DossierAction::kAccept:
        case DossierAction::kAppraise:
        case DossierAction::kReturn:
            return DossierParty::kReviewer;
        case DossierAction::kApprove: {
            const auto* authority = rules.AuthorityFor(level);
            return authority != nullptr && authority->approver == Authority::kOwner
                       ? DossierParty::kApprover
                       : DossierParty::kReviewer;
        }
    }
    return DossierParty::kReviewer;
}

std::optional<DossierStage> StageOf(DossierState state) {
    switch (state) {
        case DossierState::kSubmitted:
            return DossierStage::kValidityCheck;
        case DossierState::kAppraisal:
            return DossierStage::kAppraisal;
        case DossierState::kApproval:
            return DossierStage::kApproval;
        default:
            return std::nullopt;
    }
}

bool IsOverdue(const LevelDossier& dossier, core::TimePoint now) {
    return StageOf(dossier.state).has_value() && dossier.due_at.has_value() &&
           now > *dossier.due_at;
}

core::Status CheckDossierAction(const LevelDossier& dossier,
                                DossierAction action,
                                std::string_view note,
                                const std::vector<std::string>& present_slots,
                                const RegistryRuleSet& rules) {
    auto next = NextDossierState(dossier.state, action);
    if (!next.ok()) {
        return std::move(next).error();
    }
    FieldErrors errors;
    CheckText(errors, "note", note, Required::kNo, 4000);
    if (action == DossierAction::kReturn && core::Trim(note).empty()) {
        errors.Add("note", "hãy ghi rõ lý do trả lại hồ sơ", "give the reasons for returning");
    }
    if (action == DossierAction::kApprove && core::Trim(note).empty()) {
        errors.Add("note", "hãy ghi số, ngày quyết định phê duyệt",
                   "give the number and date of the approval decision");
    }
    if (action == DossierAction::kSubmit) {
        for (const auto* slot : rules.DocumentsFor(dossier.proposed_level)) {
            if (std::find(present_slots.begin(), present_slots.end(), slot->code) ==
                present_slots.end()) {
                errors.Add(fmt::format("documents.{}", slot->code),
                           fmt::format("chưa tải lên \"{}\"", slot->title_vi),
                           fmt::format("\"{}\" has not been uploaded", slot->title_en));
            }
        }
    }
    return errors.ToStatus();
}

}  // namespace ungcuu::domain
