#include "rules/report_regimes_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "jsonio/object_reader.hpp"
#include "rules/rule_file.hpp"

namespace ungcuu::rules {

namespace {

domain::ReportDue ReadDue(jsonio::ObjectReader& due,
                          const std::string& path,
                          domain::FieldErrors& errors) {
    domain::ReportDue rule;
    const auto month = due.OptInt("month");
    const auto day = due.OptInt("day");
    const auto after = due.OptInt("days_after");
    rule.article = due.String("article");
    if (month && day && !after) {
        const std::chrono::year_month_day date{std::chrono::year{2024},
                                               std::chrono::month{static_cast<unsigned>(*month)},
                                               std::chrono::day{static_cast<unsigned>(*day)}};
        if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || !date.ok()) {
            errors.Add(path + "day", fmt::format("ngày {}/{} không có", *day, *month),
                       fmt::format("no such day {}/{}", *day, *month));
        } else {
            rule.month = static_cast<int>(*month);
            rule.day = static_cast<int>(*day);
        }
    } else if (after && !month && !day) {
        if (*after < 0 || *after > 366) {
            errors.Add(path + "days_after", "từ 0 đến 366 ngày", "0 to 366 days");
        } else {
            rule.days_after = static_cast<int>(*after);
        }
    } else {
        errors.Add(path + "month", "ghi tháng và ngày, hoặc days_after",
                   "give month and day, or days_after");
    }
    errors.AddAll(due.Finish());
    return rule;
}

}  // namespace

core::Result<domain::RegimeBook> ParseReportRegimes(std::string_view json_text) {
    UNGCUU_ASSIGN_OR_RETURN(parsed, jsonio::ObjectReader::Parse(json_text));
    jsonio::ObjectReader& root = parsed;
    domain::FieldErrors errors;
    domain::RegimeBook book;
    book.version = ReadHeader(root, "regimes_id").version;
    std::size_t index = 0;
    for (auto& item : root.ObjectArray("regimes")) {
        const std::string path = fmt::format("regimes[{}].", index++);
        domain::ReportRegime regime;
        regime.code = item.String("code");
        regime.rule_set = item.String("rule_set");
        regime.title_vi = item.String("title_vi");
        regime.title_en = item.String("title_en");
        regime.form = item.String("form");
        const std::string period = item.String("period");
        regime.article = item.String("article");
        regime.note = item.OptString("note").value_or("");
        for (const auto i : item.OptIntArray("indices").value_or(std::vector<std::int64_t>{})) {
            regime.indices.push_back(static_cast<int>(i));
        }
        if (const auto kind = domain::ParsePeriodKind(period)) {
            regime.period = *kind;
        } else {
            errors.Add(path + "period", fmt::format("kỳ \"{}\" không có", period),
                       fmt::format("unknown period \"{}\"", period));
        }
        if (regime.form != "mau05" && regime.form != "results") {
            errors.Add(path + "form", fmt::format("mẫu \"{}\" không có", regime.form),
                       fmt::format("unknown form \"{}\"", regime.form));
        }
        if (book.Find(regime.code) != nullptr) {
            errors.Add(path + "code", fmt::format("mã \"{}\" bị trùng", regime.code),
                       fmt::format("duplicate code \"{}\"", regime.code));
        }
        std::size_t tier_index = 0;
        for (auto& tier_item : item.ObjectArray("tiers")) {
            const std::string tier_path = fmt::format("{}tiers[{}].", path, tier_index++);
            domain::RegimeTier tier;
            for (const auto& code :
                 tier_item.OptStringArray("kinds").value_or(std::vector<std::string>{})) {
                const auto kind = domain::ParseUnitKind(code);
                if (!kind) {
                    errors.Add(tier_path + "kinds",
                               fmt::format("loại đơn vị \"{}\" không có", code),
                               fmt::format("unknown unit kind \"{}\"", code));
                } else if (regime.TierOf(*kind) != nullptr) {
                    errors.Add(tier_path + "kinds",
                               fmt::format("loại đơn vị \"{}\" đã ở bậc khác", code),
                               fmt::format("unit kind \"{}\" is already in another tier", code));
                } else {
                    tier.kinds.push_back(*kind);
                }
            }
            if (auto due = tier_item.OptObject("due")) {
                tier.due = ReadDue(*due, tier_path + "due.", errors);
            } else {
                errors.Add(tier_path + "due", "thiếu hạn báo cáo", "the due day is missing");
            }
            tier.outside_recipient_vi = tier_item.OptString("outside_recipient_vi").value_or("");
            tier.outside_recipient_en = tier_item.OptString("outside_recipient_en").value_or("");
            errors.AddAll(tier_item.Finish());
            regime.tiers.push_back(std::move(tier));
        }
        errors.AddAll(item.Finish());
        for (const int i : regime.indices) {
            if (!domain::MakePeriod(regime.period, 2026, i).ok()) {
                errors.Add(path + "indices", fmt::format("kỳ số {} không có", i),
                           fmt::format("no period number {}", i));
            }
        }
        book.regimes.push_back(std::move(regime));
    }
    errors.AddAll(root.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    return book;
}

}  // namespace ungcuu::rules
