#include "domain/drill.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/code_table.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

std::string_view DrillKindCode(DrillKind kind) { return kDrillKinds[static_cast<int>(kind)]; }

std::optional<DrillKind> ParseDrillKind(std::string_view code) {
    return ParseListedCode<DrillKind>(kDrillKinds, code);
}

std::string_view DrillLevelCode(DrillLevel level) { return kDrillLevels[static_cast<int>(level)]; }

std::optional<DrillLevel> ParseDrillLevel(std::string_view code) {
    return ParseListedCode<DrillLevel>(kDrillLevels, code);
}

std::string_view DrillStateCode(DrillState state) { return kDrillStates[static_cast<int>(state)]; }

std::optional<DrillState> ParseDrillState(std::string_view code) {
    return ParseListedCode<DrillState>(kDrillStates, code);
}

core::Status ValidateDrill(const Drill& drill) {
    FieldErrors errors;
    CheckText(errors, "title", drill.title, Required::kYes, 500);
    CheckText(errors, "people", drill.people, Required::kNo, 4000);
    CheckText(errors, "lessons", drill.lessons, Required::kNo, 10000);
    CheckText(errors, "organiser_name", drill.organiser_name,
              drill.level == DrillLevel::kOwn ? Required::kNo : Required::kYes, 300);
    if (drill.duration_hours < 1 || drill.duration_hours > 240) {
        errors.Add("duration_hours", "thời lượng là 1–240 giờ", "the duration is 1–240 hours");
    }
    if (drill.units.size() > 100 || drill.systems.size() > 100 || drill.scenarios.size() > 50) {
        errors.Add("units", "tối đa 100 đơn vị, 100 hệ thống, 50 kịch bản",
                   "at most 100 units, 100 systems and 50 scenarios");
    }
    if (drill.budget && *drill.budget < 0) {
        errors.Add("budget", "kinh phí không âm", "the budget is not negative");
    }
    return errors.ToStatus();
}

bool TakesPart(const Drill& drill, UnitId unit) {
    return drill.unit_id == unit ||
           std::find(drill.units.begin(), drill.units.end(), unit) != drill.units.end();
}

core::Status ValidateInject(const Inject& inject) {
    FieldErrors errors;
    CheckText(errors, "title", inject.title, Required::kYes, 300);
    CheckText(errors, "description", inject.description, Required::kNo, 5000);
    if (inject.minute < 0 || inject.minute > 10080) {
        errors.Add("minute", "phút thứ 0–10080 kể từ khi bắt đầu", "minute 0–10080 from the start");
    }
    return errors.ToStatus();
}

core::Status ValidateFinding(const Finding& finding, core::Date drill_day) {
    FieldErrors errors;
    CheckText(errors, "text", finding.text, Required::kYes, 2000);
    CheckText(errors, "lesson", finding.lesson, Required::kNo, 2000);
    CheckText(errors, "owner", finding.owner, Required::kNo, 300);
    if (finding.due < drill_day) {
        errors.Add("due",
                   fmt::format("hạn khắc phục không trước ngày diễn tập ({})",
                               core::FormatDayVi(drill_day)),
                   fmt::format("the fix is not due before the drill's day ({})",
                               core::FormatDayVi(drill_day)));
    }
    return errors.ToStatus();
}

}  // namespace ungcuu::domain
