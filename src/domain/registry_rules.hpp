// The rules of the systems registry, as data: who appraises and who approves a level dossier
// (NĐ 85/2016 Điều 12, 14), how long each stage of a dossier may take (NĐ 85/2016, TT 03/2017),
// which documents a dossier holds (NĐ 85/2016 Điều 15), and how often assessments, scans, drills
// and risk reviews fall due (NĐ 85/2016 Điều 20, Chỉ thị 18/CT-TTg). Loaded from a versioned
// rule file (rules/<rule set>/registry.json), each entry citing its article; this header only
// holds and queries them. Plain values, thread-safe to read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/calendar.hpp"

namespace ungcuu::domain {

/// Who acts at a stage, relative to the system.
enum class Authority {
    kSecurityUnit,  // đơn vị chuyên trách về ATTT của chủ quản (the dossier's reviewing unit)
    kOwner,          // chủ quản hệ thống thông tin
    kMinistry,       // Bộ TT&TT (Cục An toàn thông tin); recorded by the reviewing unit
    kPrimeMinister,  // Thủ tướng Chính phủ (list of level-5 systems)
};

std::string_view AuthorityCode(Authority value);
std::optional<Authority> ParseAuthority(std::string_view code);

/// Stages of a level dossier that run against a time limit.
enum class DossierStage {
    kValidityCheck,  // kiểm tra tính hợp lệ của hồ sơ
    kAppraisal,      // thẩm định
    kApproval,       // phê duyệt
};

std::string_view DossierStageCode(DossierStage value);
std::optional<DossierStage> ParseDossierStage(std::string_view code);

struct LevelAuthority {
    std::vector<int> levels;
    Authority appraiser = Authority::kSecurityUnit;
    Authority approver = Authority::kSecurityUnit;
    std::string article;
};

struct StageLimit {
    DossierStage stage = DossierStage::kValidityCheck;
    std::vector<int> levels;  // empty: every level
    int days = 0;
    DayCount count = DayCount::kCalendar;
    std::string article;
};

struct DocumentSlot {
    std::string code;  // e.g. "overview"
    int from_level = 1;
    std::string title_vi;
    std::string title_en;
    std::string article;
};

/// What falls due periodically.
enum class DueKind {
    kOverallAssessment,  // kiểm tra, đánh giá ATTT tổng thể (per owner unit)
    kSystemAssessment,   // kiểm tra, đánh giá hệ thống (per system, by level)
    kScan,               // rà quét lỗ hổng, săn lùng mối nguy hại
    kDrill,              // diễn tập thực chiến
    kRiskReview,         // đánh giá lại rủi ro
};

std::string_view DueKindCode(DueKind value);
std::optional<DueKind> ParseDueKind(std::string_view code);

struct DueRule {
    DueKind kind = DueKind::kOverallAssessment;
    std::vector<int> levels;  // empty: every system (or every unit for kOverallAssessment)
    int months = 12;
    std::string article;
};

struct RegistryRuleSet {
    std::string id;
    std::string version;
    std::vector<LevelAuthority> authorities;
    std::vector<StageLimit> stages;
    std::vector<DocumentSlot> documents;
    std::vector<DueRule> due;

    /// Appraiser and approver of a level (nullptr when the file has no entry for it).
    const LevelAuthority* AuthorityFor(int level) const;
    const StageLimit* LimitFor(DossierStage stage, int level) const;
    /// The slots a dossier of `level` must fill.
    std::vector<const DocumentSlot*> DocumentsFor(int level) const;
    const DocumentSlot* Document(std::string_view code) const;
    /// The period of `kind` for a system of `level` (0: any); nullopt when nothing is due.
    std::optional<int> MonthsFor(DueKind kind, int level) const;
};

/// Every level 1–5 has an authority and a limit for each stage; codes unique; articles present.
core::Status ValidateRegistryRules(const RegistryRuleSet& rules);

}  // namespace ungcuu::domain
