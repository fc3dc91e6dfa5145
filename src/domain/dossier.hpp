// Level dossiers (hồ sơ đề xuất cấp độ, NĐ 85/2016 Điều 12–15, TT 03/2017): the way a system's
// security level becomes approved. A dossier walks draft → submitted (validity check) →
// appraisal → approval → approved, or is returned with reasons at any review stage and may then
// be reopened as a draft. Each review stage runs against the time limit of the rule set. A
// system keeps every dossier it ever had (re-determination, Điều 18, starts a new one); its
// approved level is that of its latest approved dossier. Pure rules, no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/file_scan.hpp"
#include "domain/ids.hpp"
#include "domain/registry_rules.hpp"
#include "domain/system.hpp"

namespace ungcuu::domain {

using DossierId = core::Id<struct DossierTag>;

enum class DossierState {
    kDraft,      // đang soạn
    kSubmitted,  // đã nộp, đang kiểm tra tính hợp lệ
    kAppraisal,  // đang thẩm định
    kApproval,   // đang chờ phê duyệt
    kApproved,   // đã phê duyệt
    kReturned,   // trả lại (kèm lý do)
};

enum class DossierAction {
    kSubmit,    // nộp hồ sơ
    kAccept,    // hồ sơ hợp lệ, chuyển thẩm định
    kAppraise,  // có ý kiến thẩm định, chuyển phê duyệt
    kApprove,   // phê duyệt
    kReturn,    // trả lại
    kReopen,    // soạn lại hồ sơ bị trả lại
};

/// Which party of the dossier performs an action.
enum class DossierParty {
    kOwner,     // the system's owner/operating side (prepares and submits)
    kReviewer,  // the unit that checks validity and appraises (or records the appraisal)
    kApprover,  // who approves: the reviewer or the owner, per the rule set
};

std::string_view DossierStateCode(DossierState value);
std::optional<DossierState> ParseDossierState(std::string_view code);
std::string_view DossierStateNameVi(DossierState value);
std::string_view DossierActionCode(DossierAction value);
std::optional<DossierAction> ParseDossierAction(std::string_view code);

struct LevelDossier {
    DossierId id;
    SystemId system_id;
    std::string system_code;    // loaded with the dossier
    std::string system_name;    // loaded
    UnitId owner_unit_id;       // the system's owner unit when the dossier was opened
    std::string owner_path;     // loaded: current path of the owner unit
    UnitId reviewer_unit_id;    // đơn vị chuyên trách ATTT that checks and appraises
    std::string reviewer_path;  // loaded
    int proposed_level = 1;
    std::string justification;  // thuyết minh đề xuất cấp độ (summary; the document is a slot)
    std::string rule_set;
    DossierState state = DossierState::kDraft;
    std::optional<core::TimePoint> stage_started_at;
    std::optional<core::TimePoint> due_at;  // end of the current stage's time limit
    std::string decision_number;            // số quyết định phê duyệt
    std::optional<core::TimePoint> decided_at;
    std::string return_reason;
    core::TimePoint created_at;
    core::TimePoint updated_at;
};

struct DossierEvent {
    std::int64_t id = 0;
    DossierId dossier_id;
    core::TimePoint at;
    DossierAction action = DossierAction::kSubmit;
    DossierState from = DossierState::kDraft;
    DossierState to = DossierState::kDraft;
    std::string actor_login;
    std::string note;
};

struct DossierDocument {
    DossierId dossier_id;
    std::string slot;
    std::string file_name;
    std::string content_type;
    std::int64_t size = 0;
    std::string sha256;  // hex; the file's name in the upload store
    std::string uploaded_by;
    core::TimePoint uploaded_at;
    std::optional<FileScan> scan{};  // nullopt: stored before scanning existed, or not scanned
};

/// The state an action leads to from `from`; kConflict naming both when not allowed.
core::Result<DossierState> NextDossierState(DossierState from, DossierAction action);

/// Who performs `action` on a dossier of `level`: the approver follows the rule set.
DossierParty PartyFor(DossierAction action, int level, const RegistryRuleSet& rules);

/// The stage a state runs against a time limit, if any.
std::optional<DossierStage> StageOf(DossierState state);

/// True when the dossier is in a review stage past its time limit.
bool IsOverdue(const LevelDossier& dossier, core::TimePoint now);

/// Everything an action needs besides the state: a reason to return, a decision number to
/// approve, every required document to submit (`present_slots` are the filled ones).
core::Status CheckDossierAction(const LevelDossier& dossier,
                                DossierAction action,
                                std::string_view note,
                                const std::vector<std::string>& present_slots,
                                const RegistryRuleSet& rules);

}  // namespace ungcuu::domain
