#include "rules/incident_rules_loader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "jsonio/object_reader.hpp"
#include "rules/rule_file.hpp"

namespace ungcuu::rules {

namespace {

std::vector<std::string> Strings(jsonio::ObjectReader& reader, std::string_view field) {
    return reader.OptStringArray(field).value_or(std::vector<std::string>{});
}

void ReadSeverity(jsonio::ObjectReader& root,
                  domain::IncidentRuleSet& rules,
                  domain::FieldErrors& errors) {
    auto severity = root.OptObject("severity");
    if (!severity) {
        errors.Add("severity", "bắt buộc", "required");
        return;
    }
    for (const auto level : severity->OptIntArray("levels").value_or(std::vector<std::int64_t>{})) {
        rules.severity.levels.push_back(static_cast<int>(level));
    }
    rules.severity.national_critical = severity->OptBool("national_critical").value_or(true);
    rules.severity.capacity_exceeded_required =
        severity->OptBool("capacity_exceeded_required").value_or(true);
    rules.severity.article = severity->String("article");
    rules.severity.escalation_article = severity->OptString("escalation_required").value_or("");
    for (auto& item : severity->ObjectArray("impacts")) {
        rules.severity.impacts.push_back({item.String("code"), item.String("title_vi"),
                                          item.String("title_en"), item.String("article")});
        errors.AddAll(item.Finish());
    }
    errors.AddAll(severity->Finish());
}

domain::ReportTypeRule ReadReportType(jsonio::ObjectReader& item, domain::FieldErrors& errors) {
    domain::ReportTypeRule report;
    report.type = item.String("type");
    report.form = item.String("form");
    report.title_vi = item.String("title_vi");
    report.title_en = item.String("title_en");
    report.recipients = Strings(item, "recipients");
    report.required = Strings(item, "required");
    report.serious_only = item.OptBool("serious_only").value_or(false);
    report.article = item.String("article");
    errors.AddAll(item.Finish());
    return report;
}

domain::ClockRule ReadClock(jsonio::ObjectReader& item,
                            const std::string& path,
                            domain::FieldErrors& errors) {
    domain::ClockRule clock;
    clock.code = item.String("code");
    clock.title_vi = item.String("title_vi");
    clock.title_en = item.String("title_en");
    clock.start = item.String("start");
    const std::string limit = item.String("limit");
    if (limit == "immediate") {
        clock.limit = domain::ClockLimit::kImmediate;
    } else if (limit == "hours") {
        clock.limit = domain::ClockLimit::kHours;
        clock.amount = static_cast<int>(item.Int("hours"));
    } else if (limit == "days") {
        clock.limit = domain::ClockLimit::kDays;
        clock.amount = static_cast<int>(item.Int("days"));
        const std::string count = item.String("count");
        if (count == "working") {
            clock.count = domain::DayCount::kWorking;
        } else if (count != "calendar") {
            errors.Add(path + "count", "phải là calendar hoặc working",
                       "must be calendar or working");
        }
    } else {
        errors.Add(path + "limit", "phải là immediate, hours hoặc days",
                   "must be immediate, hours or days");
    }
    clock.done = item.String("done");
    clock.also_done_by = item.OptStringArray("also_done_by").value_or(std::vector<std::string>{});
    clock.article = item.String("article");
    errors.AddAll(item.Finish());
    return clock;
}

}  // namespace

core::Result<domain::IncidentRuleSet> ParseIncidentRules(std::string_view json_text) {
    UNGCUU_ASSIGN_OR_RETURN(parsed, jsonio::ObjectReader::Parse(json_text));
    jsonio::ObjectReader& root = parsed;
    domain::FieldErrors errors;
    domain::IncidentRuleSet rules;
    rules.id = root.String("rule_set");
    rules.version = root.String("version");
    rules.title_vi = root.String("title_vi");
    rules.title_en = root.String("title_en");
    (void)root.OptString("note");
    const std::string status = root.String("status");
    if (status != "in_force" && status != "awaiting_confirmation") {
        errors.Add("status", "phải là in_force hoặc awaiting_confirmation",
                   "must be in_force or awaiting_confirmation");
    }
    rules.awaiting_confirmation = status == "awaiting_confirmation";
    rules.immediate_minutes = static_cast<int>(root.Int("immediate_minutes"));
    const auto lead = root.OptInt("machine_notice_lead_minutes").value_or(0);
    if (lead < 0 || lead > 24 * 60) {
        errors.Add("machine_notice_lead_minutes", "phải từ 0 đến 1440", "must be 0 to 1440");
    }
    rules.machine_notice_lead_minutes =
        static_cast<int>(std::clamp<std::int64_t>(lead, 0, 24 * 60));
    for (auto& item : root.ObjectArray("intake_required")) {
        rules.intake_required.push_back({item.String("field"), item.String("article")});
        errors.AddAll(item.Finish());
    }
    ReadSeverity(root, rules, errors);
    for (auto& item : root.ObjectArray("reports")) {
        rules.reports.push_back(ReadReportType(item, errors));
    }
    std::size_t index = 0;
    for (auto& item : root.ObjectArray("clocks")) {
        rules.clocks.push_back(ReadClock(item, fmt::format("clocks[{}].", index++), errors));
    }
    const std::string final_required = root.String("final_report_required");
    if (final_required != "always" && final_required != "capacity_exceeded") {
        errors.Add("final_report_required", "phải là always hoặc capacity_exceeded",
                   "must be always or capacity_exceeded");
    }
    rules.final_report_always = final_required == "always";
    errors.AddAll(root.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_RETURN_IF_ERROR(domain::ValidateIncidentRuleSet(rules));
    return rules;
}

}  // namespace ungcuu::rules
