#include "domain/levels.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "domain/code_table.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

template <typename T>
bool Contains(const std::vector<T>& values, const T& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

bool Processes(const SystemFacts& facts, InfoClass info) {
    return Contains(facts.info_classes, info);
}

bool Holds(const LevelCondition& when, const SystemFacts& facts) {
    if (!when.classes.empty() && !Contains(when.classes, facts.system_class)) {
        return false;
    }
    if (!when.info_any.empty() &&
        std::none_of(when.info_any.begin(), when.info_any.end(),
                     [&](InfoClass info) { return Processes(facts, info); })) {
        return false;
    }
    if (std::any_of(when.info_none.begin(), when.info_none.end(),
                    [&](InfoClass info) { return Processes(facts, info); })) {
        return false;
    }
    if (!when.info_only.empty() &&
        std::any_of(facts.info_classes.begin(), facts.info_classes.end(),
                    [&](InfoClass info) { return !Contains(when.info_only, info); })) {
        return false;
    }
    if (when.users_at_least && facts.user_count < *when.users_at_least) {
        return false;
    }
    if (when.users_below && facts.user_count >= *when.users_below) {
        return false;
    }
    if (when.online_level_at_least && facts.online_service_level < *when.online_level_at_least) {
        return false;
    }
    if (when.online_level_at_most && facts.online_service_level > *when.online_level_at_most) {
        return false;
    }
    if (when.conditional_business && facts.conditional_business != *when.conditional_business) {
        return false;
    }
    if (!when.scopes.empty() && !Contains(when.scopes, facts.infrastructure_scope)) {
        return false;
    }
    if (!when.grades.empty() && !Contains(when.grades, facts.works_grade)) {
        return false;
    }
    if (when.requires_24_7 && facts.requires_24_7 != *when.requires_24_7) {
        return false;
    }
    if (when.national_egovernment && facts.national_egovernment != *when.national_egovernment) {
        return false;
    }
    if (when.national_data_store && facts.national_data_store != *when.national_data_store) {
        return false;
    }
    if (!when.secret_impacts.empty() && !Contains(when.secret_impacts, facts.secret_impact)) {
        return false;
    }
    return true;
}

// One table per enumeration, read both ways: codes are what rule files, the API and the
// database use.
constexpr std::array<std::pair<SystemClass, std::string_view>, 5> kSystemClassCodes = {{
    {SystemClass::kInternal, "internal"},
    {SystemClass::kCitizenService, "citizen_service"},
    {SystemClass::kInfrastructure, "infrastructure"},
    {SystemClass::kIndustrialControl, "industrial_control"},
    {SystemClass::kOther, "other"},
}};
constexpr std::array<std::pair<InfoClass, std::string_view>, 4> kInfoClassCodes = {{
    {InfoClass::kPublic, "public"},
    {InfoClass::kPrivate, "private"},
    {InfoClass::kPersonal, "personal"},
    {InfoClass::kStateSecret, "state_secret"},
}};
constexpr std::array<std::pair<InfrastructureScope, std::string_view>, 5> kScopeCodes = {{
    {InfrastructureScope::kNone, "none"},
    {InfrastructureScope::kSingleOrganisation, "single_organisation"},
    {InfrastructureScope::kSectorOrProvince, "sector_or_province"},
    {InfrastructureScope::kNationwide, "nationwide"},
    {InfrastructureScope::kInternational, "international"},
}};
constexpr std::array<std::pair<WorksGrade, std::string_view>, 4> kGradeCodes = {{
    {WorksGrade::kNone, "none"},
    {WorksGrade::kGrade2To4, "grade_2_to_4"},
    {WorksGrade::kGrade1, "grade_1"},
    {WorksGrade::kSpecial, "special"},
}};
constexpr std::array<std::pair<SecretImpact, std::string_view>, 4> kImpactCodes = {{
    {SecretImpact::kNone, "none"},
    {SecretImpact::kHarm, "harm"},
    {SecretImpact::kSerious, "serious"},
    {SecretImpact::kVerySerious, "very_serious"},
}};

}  // namespace

std::optional<SystemClass> ParseSystemClass(std::string_view code) {
    return ParseCode(kSystemClassCodes, code);
}

std::optional<InfoClass> ParseInfoClass(std::string_view code) {
    return ParseCode(kInfoClassCodes, code);
}

std::optional<InfrastructureScope> ParseInfrastructureScope(std::string_view code) {
    return ParseCode(kScopeCodes, code);
}

std::optional<WorksGrade> ParseWorksGrade(std::string_view code) {
    return ParseCode(kGradeCodes, code);
}

std::optional<SecretImpact> ParseSecretImpact(std::string_view code) {
    return ParseCode(kImpactCodes, code);
}

std::string_view SystemClassCode(SystemClass value) { return CodeOf(kSystemClassCodes, value); }

std::string_view InfoClassCode(InfoClass value) { return CodeOf(kInfoClassCodes, value); }

std::string_view InfrastructureScopeCode(InfrastructureScope value) {
    return CodeOf(kScopeCodes, value);
}

std::string_view WorksGradeCode(WorksGrade value) { return CodeOf(kGradeCodes, value); }

std::string_view SecretImpactCode(SecretImpact value) { return CodeOf(kImpactCodes, value); }

core::Status ValidateLevelRules(const LevelRuleSet& rules) {
    FieldErrors errors;
    if (rules.id.empty()) {
        errors.Add("id", "bộ quy tắc thiếu mã", "the rule set has no id");
    }
    std::set<std::string, std::less<>> seen;
    for (const auto& criterion : rules.criteria) {
        const std::string where = criterion.id.empty() ? "criteria" : criterion.id;
        if (criterion.id.empty()) {
            errors.Add(where, "tiêu chí thiếu mã", "a criterion has no id");
        } else if (!seen.insert(criterion.id).second) {
            errors.Add(where, "mã tiêu chí bị lặp", "the criterion id is used twice");
        }
        if (criterion.level < 1 || criterion.level > 5) {
            errors.Add(where,
                       fmt::format("cấp độ {} không tồn tại (chỉ có cấp 1–5)", criterion.level),
                       fmt::format("level {} does not exist (levels are 1–5)", criterion.level));
        }
        if (criterion.article.empty()) {
            errors.Add(where, "tiêu chí phải dẫn điều khoản", "a criterion must cite its article");
        }
        if (criterion.text_vi.empty()) {
            errors.Add(where, "tiêu chí thiếu mô tả tiếng Việt",
                       "a criterion needs a Vietnamese text");
        }
    }
    return errors.ToStatus();
}

LevelProposal ProposeLevel(const LevelRuleSet& rules, const SystemFacts& facts) {
    LevelProposal proposal;
    for (const auto& criterion : rules.criteria) {
        if (!Holds(criterion.when, facts) || criterion.level < proposal.level) {
            continue;
        }
        if (criterion.level > proposal.level) {
            proposal.level = criterion.level;
            proposal.matched.clear();
        }
        proposal.matched.push_back(&criterion);
    }
    return proposal;
}

int CombinedLevel(int own_level, const std::vector<int>& sub_system_levels) {
    int level = own_level;
    for (const int sub : sub_system_levels) {
        level = std::max(level, sub);
    }
    return level;
}

}  // namespace ungcuu::domain
