// Security levels of information systems (cấp độ 1–5, Luật ATTTM Điều 21, NĐ 85/2016 Điều 7–11)
// and the level-determination helper. The criteria are data (a LevelRuleSet loaded from a
// versioned rule file, each criterion citing its article); this file only evaluates them.
// All types are plain values; evaluation is pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ungcuu::domain {

/// Loại hệ thống thông tin (NĐ 85 Điều 6).
enum class SystemClass {
    kInternal,           // phục vụ hoạt động nội bộ
    kCitizenService,     // phục vụ người dân, doanh nghiệp
    kInfrastructure,     // cơ sở hạ tầng thông tin
    kIndustrialControl,  // điều khiển công nghiệp
    kOther,
};

/// Loại thông tin được xử lý (NĐ 85 Điều 6).
enum class InfoClass { kPublic, kPrivate, kPersonal, kStateSecret };

/// Who shared infrastructure serves.
enum class InfrastructureScope {
    kNone,
    kSingleOrganisation,
    kSectorOrProvince,
    kNationwide,
    kInternational
};

/// Grade of the construction works an industrial control system runs (cấp công trình).
enum class WorksGrade { kNone, kGrade2To4, kGrade1, kSpecial };

/// How badly compromising a state-secret / defence system harms defence and national security.
enum class SecretImpact { kNone, kHarm, kSerious, kVerySerious };

std::optional<SystemClass> ParseSystemClass(std::string_view code);
std::optional<InfoClass> ParseInfoClass(std::string_view code);
std::optional<InfrastructureScope> ParseInfrastructureScope(std::string_view code);
std::optional<WorksGrade> ParseWorksGrade(std::string_view code);
std::optional<SecretImpact> ParseSecretImpact(std::string_view code);
std::string_view SystemClassCode(SystemClass value);
std::string_view InfoClassCode(InfoClass value);
std::string_view InfrastructureScopeCode(InfrastructureScope value);
std::string_view WorksGradeCode(WorksGrade value);
std::string_view SecretImpactCode(SecretImpact value);

/// What the criteria look at: the answers of the level-determination questionnaire.
struct SystemFacts {
    SystemClass system_class = SystemClass::kInternal;
    std::vector<InfoClass> info_classes;
    std::int64_t user_count = 0;        // users of an online service with private/personal data
    int online_service_level = 0;       // mức độ dịch vụ công trực tuyến, 0 when none
    bool conditional_business = false;  // online service for conditional business lines
    InfrastructureScope infrastructure_scope = InfrastructureScope::kNone;
    WorksGrade works_grade = WorksGrade::kNone;
    bool requires_24_7 = false;         // must run 24/7 with no unplanned downtime
    bool national_egovernment = false;  // national e-government system
    bool national_data_store = false;   // central store of especially important national data
    SecretImpact secret_impact = SecretImpact::kNone;
};

/// One criterion of one level. Every listed condition must hold; an absent one is not checked.
struct LevelCondition {
    std::vector<SystemClass> classes;  // system class is one of these
    std::vector<InfoClass> info_any;   // processes at least one of these
    std::vector<InfoClass> info_none;  // processes none of these
    std::vector<InfoClass> info_only;  // processes nothing outside these
    std::optional<std::int64_t> users_at_least;
    std::optional<std::int64_t> users_below;
    std::optional<int> online_level_at_least;
    std::optional<int> online_level_at_most;
    std::optional<bool> conditional_business;
    std::vector<InfrastructureScope> scopes;
    std::vector<WorksGrade> grades;
    std::optional<bool> requires_24_7;
    std::optional<bool> national_egovernment;
    std::optional<bool> national_data_store;
    std::vector<SecretImpact> secret_impacts;
};

struct LevelCriterion {
    std::string id;       // stable key, e.g. "L3-users-10000"
    int level = 1;        // 1–5
    std::string article;  // the article it encodes, e.g. "NĐ 85/2016 Điều 9 khoản 2 điểm b"
    std::string text_vi;
    std::string text_en;
    LevelCondition when;
};

struct LevelRuleSet {
    std::string id;       // e.g. "vn-2017"
    std::string version;  // version of the rule file
    std::vector<LevelCriterion> criteria;
};

/// Checks levels 1–5, non-empty ids and articles, and that ids are unique.
core::Status ValidateLevelRules(const LevelRuleSet& rules);

struct LevelProposal {
    int level = 1;
    /// The criteria of the proposed level that the facts meet (the first one decided it).
    std::vector<const LevelCriterion*> matched;
};

/// The highest level whose criteria the facts meet (level 1 when none matches; the law has a
/// level for every system). Each matching criterion of that level is returned as evidence.
LevelProposal ProposeLevel(const LevelRuleSet& rules, const SystemFacts& facts);

/// A system made of sub-systems takes the highest level of its parts (NĐ 85/2016 Điều 5).
int CombinedLevel(int own_level, const std::vector<int>& sub_system_levels);

}  // namespace ungcuu::domain
