#include "rules/registry_rules_loader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "jsonio/object_reader.hpp"
#include "rules/rule_file.hpp"

namespace ungcuu::rules {

namespace {

template <typename Parse>
auto Code(jsonio::ObjectReader& reader,
          std::string_view field,
          const std::string& path,
          Parse parse,
          domain::FieldErrors& errors) -> decltype(parse(std::string_view())) {
    const std::string text = reader.String(field);
    auto value = parse(text);
    if (!value && !text.empty()) {
        errors.Add(path + std::string(field), fmt::format("mã \"{}\" không hợp lệ", text),
                   fmt::format("unknown code \"{}\"", text));
    }
    return value;
}

std::vector<int> Levels(jsonio::ObjectReader& reader) {
    std::vector<int> levels;
    for (const auto level : reader.OptIntArray("levels").value_or(std::vector<std::int64_t>{})) {
        levels.push_back(static_cast<int>(level));
    }
    return levels;
}

std::optional<domain::DayCount> ParseDayCount(std::string_view code) {
    if (code == "calendar") {
        return domain::DayCount::kCalendar;
    }
    if (code == "working") {
        return domain::DayCount::kWorking;
    }
    return std::nullopt;
}

}  // namespace

core::Result<domain::RegistryRuleSet> ParseRegistryRules(std::string_view json_text) {
    UNGCUU_ASSIGN_OR_RETURN(parsed, jsonio::ObjectReader::Parse(json_text));
    jsonio::ObjectReader& root = parsed;
    domain::FieldErrors errors;
    domain::RegistryRuleSet rules;
    auto header = ReadHeader(root, "rule_set");
    rules.id = std::move(header.id);
    rules.version = std::move(header.version);
    std::size_t index = 0;
    for (auto& item : root.ObjectArray("authorities")) {
        const std::string path = fmt::format("authorities[{}].", index++);
        domain::LevelAuthority entry;
        entry.levels = Levels(item);
        entry.appraiser = Code(item, "appraiser", path, domain::ParseAuthority, errors)
                              .value_or(domain::Authority::kSecurityUnit);
        entry.approver = Code(item, "approver", path, domain::ParseAuthority, errors)
                             .value_or(domain::Authority::kSecurityUnit);
        entry.article = item.String("article");
        errors.AddAll(item.Finish());
        rules.authorities.push_back(std::move(entry));
    }
    index = 0;
    for (auto& item : root.ObjectArray("stages")) {
        const std::string path = fmt::format("stages[{}].", index++);
        domain::StageLimit limit;
        limit.stage = Code(item, "stage", path, domain::ParseDossierStage, errors)
                          .value_or(domain::DossierStage::kValidityCheck);
        limit.levels = Levels(item);
        limit.days = static_cast<int>(item.Int("days"));
        limit.count =
            Code(item, "count", path, ParseDayCount, errors).value_or(domain::DayCount::kCalendar);
        limit.article = item.String("article");
        errors.AddAll(item.Finish());
        rules.stages.push_back(std::move(limit));
    }
    for (auto& item : root.ObjectArray("documents")) {
        domain::DocumentSlot slot;
        slot.code = item.String("code");
        slot.from_level = static_cast<int>(item.Int("from_level"));
        slot.title_vi = item.String("title_vi");
        slot.title_en = item.String("title_en");
        slot.article = item.String("article");
        errors.AddAll(item.Finish());
        rules.documents.push_back(std::move(slot));
    }
    index = 0;
    for (auto& item : root.ObjectArray("due")) {
        const std::string path = fmt::format("due[{}].", index++);
        domain::DueRule rule;
        rule.kind = Code(item, "kind", path, domain::ParseDueKind, errors)
                        .value_or(domain::DueKind::kOverallAssessment);
        rule.levels = Levels(item);
        rule.months = static_cast<int>(item.Int("months"));
        rule.article = item.String("article");
        errors.AddAll(item.Finish());
        rules.due.push_back(std::move(rule));
    }
    errors.AddAll(root.Finish());
    if (errors.empty()) {
        errors.AddAll(domain::ValidateRegistryRules(rules));
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    return rules;
}

core::Result<std::vector<domain::CalendarDay>> ParseCalendar(std::string_view json_text) {
    UNGCUU_ASSIGN_OR_RETURN(parsed, jsonio::ObjectReader::Parse(json_text));
    jsonio::ObjectReader& root = parsed;
    domain::FieldErrors errors;
    (void)ReadHeader(root, "calendar");
    std::vector<domain::CalendarDay> days;
    std::size_t index = 0;
    for (auto& item : root.ObjectArray("days")) {
        const std::string path = fmt::format("days[{}].", index++);
        domain::CalendarDay day;
        const std::string date = item.String("date");
        const auto parsed_date = core::ParseDate(date);
        if (!parsed_date) {
            errors.Add(path + "date",
                       fmt::format("\"{}\" không phải ngày hợp lệ (YYYY-MM-DD)", date),
                       fmt::format("\"{}\" is not a valid date (YYYY-MM-DD)", date));
        } else {
            day.date = *parsed_date;
        }
        day.name_vi = item.String("name_vi");
        day.name_en = item.OptString("name_en").value_or("");
        day.working = item.OptBool("working").value_or(false);
        errors.AddAll(item.Finish());
        days.push_back(std::move(day));
    }
    errors.AddAll(root.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    return days;
}

core::Result<domain::Taxonomy> ParseTaxonomy(std::string_view json_text) {
    UNGCUU_ASSIGN_OR_RETURN(parsed, jsonio::ObjectReader::Parse(json_text));
    jsonio::ObjectReader& root = parsed;
    domain::FieldErrors errors;
    domain::Taxonomy taxonomy;
    auto header = ReadHeader(root, "taxonomy");
    taxonomy.id = std::move(header.id);
    taxonomy.version = std::move(header.version);
    for (auto& item : root.ObjectArray("groups")) {
        taxonomy.groups.push_back(
            {item.String("code"), item.String("name_vi"), item.String("name_en")});
        errors.AddAll(item.Finish());
    }
    std::size_t index = 0;
    for (auto& item : root.ObjectArray("scenarios")) {
        const std::string path = fmt::format("scenarios[{}].", index++);
        domain::Scenario scenario;
        scenario.code = item.String("code");
        scenario.group = item.String("group");
        scenario.name_vi = item.String("name_vi");
        scenario.name_en = item.String("name_en");
        scenario.rsit = item.OptStringArray("rsit").value_or(std::vector<std::string>{});
        scenario.veris = item.OptStringArray("veris").value_or(std::vector<std::string>{});
        errors.AddAll(item.Finish());
        const bool group_known =
            std::any_of(taxonomy.groups.begin(), taxonomy.groups.end(),
                        [&](const auto& group) { return group.code == scenario.group; });
        if (!group_known) {
            errors.Add(path + "group", fmt::format("nhóm \"{}\" không có", scenario.group),
                       fmt::format("unknown group \"{}\"", scenario.group));
        }
        if (taxonomy.Find(scenario.code) != nullptr) {
            errors.Add(path + "code", fmt::format("mã \"{}\" bị trùng", scenario.code),
                       fmt::format("duplicate code \"{}\"", scenario.code));
        }
        taxonomy.scenarios.push_back(std::move(scenario));
    }
    errors.AddAll(root.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    return taxonomy;
}

}  // namespace ungcuu::rules
