#include "rules/level_rules_loader.hpp"

#include <fmt/format.h>

#include "domain/validation.hpp"
#include "jsonio/object_reader.hpp"
#include "rules/rule_file.hpp"

namespace ungcuu::rules {

namespace {

// Reads an array of codes into enum values with `parse`, reporting unknown codes.
template <typename Enum, typename Parse>
std::vector<Enum> Codes(jsonio::ObjectReader& reader,
                        std::string_view field,
                        const std::string& path,
                        Parse parse,
                        domain::FieldErrors& errors) {
    std::vector<Enum> values;
    for (const auto& code : reader.OptStringArray(field).value_or(std::vector<std::string>{})) {
        if (const auto value = parse(code)) {
            values.push_back(*value);
        } else {
            errors.Add(path + std::string(field), fmt::format("mã \"{}\" không hợp lệ", code),
                       fmt::format("unknown code \"{}\"", code));
        }
    }
    return values;
}

std::optional<int> OptSmallInt(jsonio::ObjectReader& reader, std::string_view field) {
    const auto value = reader.OptInt(field);
    if (!value) {
        return std::nullopt;
    }
    return static_cast<int>(*value);
}

}  // namespace

core::Result<domain::LevelRuleSet> ParseLevelRules(std::string_view json_text) {
    UNGCUU_ASSIGN_OR_RETURN(parsed, jsonio::ObjectReader::Parse(json_text));
    jsonio::ObjectReader& root = parsed;
    domain::FieldErrors errors;
    domain::LevelRuleSet rules;
    auto header = ReadHeader(root, "rule_set");
    rules.id = std::move(header.id);
    rules.version = std::move(header.version);
    std::size_t index = 0;
    for (auto& item : root.ObjectArray("levels")) {
        const std::string path = fmt::format("levels[{}].", index++);
        domain::LevelCriterion criterion;
        criterion.id = item.String("id");
        criterion.level = static_cast<int>(item.Int("level"));
        criterion.article = item.String("article");
        criterion.text_vi = item.String("text_vi");
        criterion.text_en = item.OptString("text_en").value_or("");
        if (auto when = item.OptObject("when")) {
            const std::string where = path + "when.";
            auto& c = criterion.when;
            c.classes = Codes<domain::SystemClass>(*when, "classes", where,
                                                   domain::ParseSystemClass, errors);
            c.info_any =
                Codes<domain::InfoClass>(*when, "info_any", where, domain::ParseInfoClass, errors);
            c.info_none =
                Codes<domain::InfoClass>(*when, "info_none", where, domain::ParseInfoClass, errors);
            c.info_only =
                Codes<domain::InfoClass>(*when, "info_only", where, domain::ParseInfoClass, errors);
            c.users_at_least = when->OptInt("users_at_least");
            c.users_below = when->OptInt("users_below");
            c.online_level_at_least = OptSmallInt(*when, "online_level_at_least");
            c.online_level_at_most = OptSmallInt(*when, "online_level_at_most");
            c.conditional_business = when->OptBool("conditional_business");
            c.scopes = Codes<domain::InfrastructureScope>(*when, "scopes", where,
                                                          domain::ParseInfrastructureScope, errors);
            c.grades =
                Codes<domain::WorksGrade>(*when, "grades", where, domain::ParseWorksGrade, errors);
            c.requires_24_7 = when->OptBool("requires_24_7");
            c.national_egovernment = when->OptBool("national_egovernment");
            c.national_data_store = when->OptBool("national_data_store");
            c.secret_impacts = Codes<domain::SecretImpact>(*when, "secret_impacts", where,
                                                           domain::ParseSecretImpact, errors);
            errors.AddAll(when->Finish());
        } else {
            errors.Add(path + "when", "bắt buộc nhập", "is required");
        }
        errors.AddAll(item.Finish());
        rules.criteria.push_back(std::move(criterion));
    }
    errors.AddAll(root.Finish());
    if (errors.empty()) {
        errors.AddAll(domain::ValidateLevelRules(rules));
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    return rules;
}

}  // namespace ungcuu::rules
