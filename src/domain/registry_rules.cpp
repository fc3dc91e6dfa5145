#include "domain/registry_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "domain/code_table.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

constexpr std::array<std::pair<Authority, std::string_view>, 4> kAuthorities = {{
    {Authority::kSecurityUnit, "security_unit"},
    {Authority::kOwner, "owner"},
    {Authority::kMinistry, "ministry"},
    {Authority::kPrimeMinister, "prime_minister"},
}};

constexpr std::array<std::pair<DossierStage, std::string_view>, 3> kStages = {{
    {DossierStage::kValidityCheck, "validity_check"},
    {DossierStage::kAppraisal, "appraisal"},
    {DossierStage::kApproval, "approval"},
}};

constexpr std::array<std::pair<DueKind, std::string_view>, 5> kDueKinds = {{
    {DueKind::kOverallAssessment, "overall_assessment"},
    {DueKind::kSystemAssessment, "system_assessment"},
    {DueKind::kScan, "scan"},
    {DueKind::kDrill, "drill"},
    {DueKind::kRiskReview, "risk_review"},
}};

bool Covers(const std::vector<int>& levels, int level) {
    return levels.empty() || std::find(levels.begin(), levels.end(), level) != levels.end();
}

}  // namespace

std::string_view AuthorityCode(Authority value) { return CodeOf(kAuthorities, value); }

std::optional<Authority> ParseAuthority(std::string_view code) {
    return ParseCode(kAuthorities, code);
}

std::string_view DossierStageCode(DossierStage value) { return CodeOf(kStages, value); }

std::optional<DossierStage> ParseDossierStage(std::string_view code) {
    return ParseCode(kStages, code);
}

std::string_view DueKindCode(DueKind value) { return CodeOf(kDueKinds, value); }

std::optional<DueKind> ParseDueKind(std::string_view code) { return ParseCode(kDueKinds, code); }

const LevelAuthority* RegistryRuleSet::AuthorityFor(int level) const {
    for (const auto& entry : authorities) {
        if (std::find(entry.levels.begin(), entry.levels.end(), level) != entry.levels.end()) {
            return &entry;
        }
    }
    return nullptr;
}

const StageLimit* RegistryRuleSet::LimitFor(DossierStage stage, int level) const {
    for (const auto& limit : stages) {
        if (limit.stage == stage && Covers(limit.levels, level)) {
            return &limit;
        }
    }
    return nullptr;
}

std::vector<const DocumentSlot*> RegistryRuleSet::DocumentsFor(int level) const {
    std::vector<const DocumentSlot*> slots;
    for (const auto& slot : documents) {
        if (level >= slot.from_level) {
            slots.push_back(&slot);
        }
    }
    return slots;
}

const DocumentSlot* RegistryRuleSet::Document(std::string_view code) const {
    for (const auto& slot : documents) {
        if (slot.code == code) {
            return &slot;
        }
    }
    return nullptr;
}

std::optional<int> RegistryRuleSet::MonthsFor(DueKind kind, int level) const {
    std::optional<int> months;
    for (const auto& rule : due) {
        if (rule.kind == kind && (level == 0 ? rule.levels.empty() : Covers(rule.levels, level))) {
            months = months ? std::min(*months, rule.months) : rule.months;
        }
    }
    return months;
}

core::Status ValidateRegistryRules(const RegistryRuleSet& rules) {
    FieldErrors errors;
    if (rules.id.empty() || rules.version.empty()) {
        errors.Add("rule_set", "thiếu mã hoặc phiên bản bộ quy tắc",
                   "the rule set id or version is missing");
    }
    for (int level = 1; level <= 5; ++level) {
        if (rules.AuthorityFor(level) == nullptr) {
            errors.Add("authorities",
                       fmt::format("thiếu cơ quan thẩm định, phê duyệt cấp độ {}", level),
                       fmt::format("no appraiser/approver for level {}", level));
        }
        for (const auto& [stage, code] : kStages) {
            if (rules.LimitFor(stage, level) == nullptr) {
                errors.Add("stages",
                           fmt::format("thiếu thời hạn bước {} cho cấp độ {}", code, level),
                           fmt::format("no time limit of stage {} for level {}", code, level));
            }
        }
    }
    auto check_levels = [&errors](std::string_view where, const std::vector<int>& levels) {
        for (const int level : levels) {
            if (level < 1 || level > 5) {
                errors.Add(where, fmt::format("cấp độ {} không tồn tại", level),
                           fmt::format("level {} does not exist", level));
            }
        }
    };
    auto check_article = [&errors](std::string_view where, const std::string& article) {
        if (article.empty()) {
            errors.Add(where, "thiếu căn cứ (điều khoản)", "the article is missing");
        }
    };
    for (const auto& entry : rules.authorities) {
        check_levels("authorities", entry.levels);
        check_article("authorities", entry.article);
    }
    for (const auto& limit : rules.stages) {
        check_levels("stages", limit.levels);
        check_article("stages", limit.article);
        if (limit.days <= 0) {
            errors.Add("stages", "thời hạn phải lớn hơn 0 ngày", "a time limit must be positive");
        }
    }
    std::set<std::string> codes;
    for (const auto& slot : rules.documents) {
        if (!codes.insert(slot.code).second) {
            errors.Add("documents", fmt::format("mã tài liệu \"{}\" bị trùng", slot.code),
                       fmt::format("duplicate document code \"{}\"", slot.code));
        }
        check_levels("documents", {slot.from_level});
        check_article("documents", slot.article);
    }
    for (const auto& rule : rules.due) {
        check_levels("due", rule.levels);
        check_article("due", rule.article);
        if (rule.months <= 0) {
            errors.Add("due", "chu kỳ phải lớn hơn 0 tháng", "a period must be positive");
        }
    }
    return errors.ToStatus();
}

}  // namespace ungcuu::domain
