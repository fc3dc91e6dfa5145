#include "domain/work_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "domain/code_table.hpp"
#include "domain/periodic.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr CodeTable<AssignmentStatus, 4> kStatusCodes = {{
    {AssignmentStatus::kNotStarted, "not_started"},
    {AssignmentStatus::kInProgress, "in_progress"},
    {AssignmentStatus::kDone, "done"},
    {AssignmentStatus::kNotApplicable, "not_applicable"},
}};

constexpr std::string_view kRoman[] = {"I", "II", "III", "IV"};

int YearOf(core::Date date) { return static_cast<int>(year_month_day(date).year()); }

std::optional<TimeFrame> Quarter(int y, int q) {
    auto period = MakePeriod(PeriodKind::kQuarter, y, q);
    if (!period.ok()) {
        return std::nullopt;
    }
    TimeFrame frame;
    frame.kind = FrameKind::kQuarter;
    frame.year = y;
    frame.quarter = q;
    frame.date = period->to;
    return frame;
}

std::optional<int> Digits(std::string_view text) {
    if (text.empty() || text.size() > 4) {
        return std::nullopt;
    }
    int n = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        n = n * 10 + (c - '0');
    }
    return n;
}

/// "2/10/2026", "02/10/2026".
std::optional<core::Date> DayMonthYear(std::string_view text) {
    const auto first = text.find('/');
    const auto second = first == std::string_view::npos ? first : text.find('/', first + 1);
    if (second == std::string_view::npos) {
        return std::nullopt;
    }
    const auto d = Digits(text.substr(0, first));
    const auto m = Digits(text.substr(first + 1, second - first - 1));
    const auto y = text.substr(second + 1);
    if (!d || !m || y.size() != 4 || !Digits(y)) {
        return std::nullopt;
    }
    return core::ParseDate(fmt::format("{}-{:02}-{:02}", y, *m, *d));
}

/// The words of folded text: runs of letters and digits.
std::vector<std::string_view> Words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t start = std::string_view::npos;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const bool alnum =
            i < text.size() && std::isalnum(static_cast<unsigned char>(text[i])) != 0;
        if (alnum && start == std::string_view::npos) {
            start = i;
        } else if (!alnum && start != std::string_view::npos) {
            words.push_back(text.substr(start, i - start));
            start = std::string_view::npos;
        }
    }
    return words;
}

/// "quý III/2026", "quy 3 nam 2026" in folded words.
std::optional<TimeFrame> QuarterInWords(const std::vector<std::string_view>& words) {
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        if (words[i] != "quy") {
            continue;
        }
        std::optional<int> q = Digits(words[i + 1]);
        for (int r = 0; r < 4 && !q; ++r) {
            if (core::FoldForSearch(kRoman[r]) == words[i + 1]) {
                q = r + 1;
            }
        }
        for (std::size_t j = i + 2; q && j < words.size(); ++j) {
            if (words[j].size() == 4) {
                if (const auto y = Digits(words[j])) {
                    return Quarter(*y, *q);
                }
            }
        }
    }
    return std::nullopt;
}

bool HasPair(const std::vector<std::string_view>& words, std::string_view a, std::string_view b) {
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        if (words[i] == a && words[i + 1] == b) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::string TimeFrame::Code() const {
    switch (kind) {
        case FrameKind::kDate:
            return core::FormatDate(date);
        case FrameKind::kQuarter:
            return fmt::format("{}-Q{}", year, quarter);
        case FrameKind::kYearly:
            return "yearly";
        case FrameKind::kContinuous:
            return "continuous";
    }
    return "continuous";
}

std::string TimeFrame::LabelVi() const {
    switch (kind) {
        case FrameKind::kDate:
            return core::FormatDayVi(date);
        case FrameKind::kQuarter:
            return fmt::format("Quý {}/{}", kRoman[std::clamp(quarter, 1, 4) - 1], year);
        case FrameKind::kYearly:
            return "Hằng năm";
        case FrameKind::kContinuous:
            return "Thường xuyên";
    }
    return "Thường xuyên";
}

std::optional<TimeFrame> ParseTimeFrame(std::string_view text) {
    text = core::Trim(text);
    if (text.empty() || text.size() > 200) {
        return std::nullopt;
    }
    TimeFrame frame;
    if (text == "yearly") {
        frame.kind = FrameKind::kYearly;
        return frame;
    }
    if (text == "continuous") {
        return frame;
    }
    if (const auto date = core::ParseDate(text)) {
        frame.kind = FrameKind::kDate;
        frame.date = *date;
        return frame;
    }
    if (text.size() == 7 && text[4] == '-' && text[5] == 'Q') {
        const auto y = Digits(text.substr(0, 4));
        const auto q = Digits(text.substr(6));
        return y && q ? Quarter(*y, *q) : std::nullopt;
    }
    if (const auto date = DayMonthYear(text)) {
        frame.kind = FrameKind::kDate;
        frame.date = *date;
        return frame;
    }
    const std::string folded = core::FoldForSearch(text);
    const auto words = Words(folded);
    if (auto quarter = QuarterInWords(words)) {
        return quarter;
    }
    if (HasPair(words, "hang", "nam")) {
        frame.kind = FrameKind::kYearly;
        return frame;
    }
    if (HasPair(words, "thuong", "xuyen")) {
        return frame;
    }
    return std::nullopt;
}

std::optional<core::Date> DueOn(const TimeFrame& frame, core::Date today, core::Date plan_to) {
    switch (frame.kind) {
        case FrameKind::kDate:
        case FrameKind::kQuarter:
            return frame.date;
        case FrameKind::kYearly: {
            const core::Date year_end{year{YearOf(today)} / month{12} / day{31}};
            return std::min(year_end, plan_to);
        }
        case FrameKind::kContinuous:
            return std::nullopt;
    }
    return std::nullopt;
}

core::Status ValidateWorkPlan(const WorkPlan& plan) {
    FieldErrors errors;
    CheckText(errors, "title", plan.title, Required::kYes, 500);
    CheckText(errors, "number", plan.number, Required::kNo, 100);
    CheckText(errors, "legal_bases", plan.legal_bases, Required::kNo, 10000);
    CheckText(errors, "objectives", plan.objectives, Required::kNo, 10000);
    if (plan.period_to < plan.period_from) {
        errors.Add("period_to", "ngày kết thúc không thể trước ngày bắt đầu",
                   "the last day cannot be before the first");
    } else if (YearOf(plan.period_to) - YearOf(plan.period_from) > 10) {
        errors.Add("period_to", "một kế hoạch kéo dài tối đa 10 năm",
                   "a plan spans at most 10 years");
    }
    return errors.ToStatus();
}

bool AssignableKind(UnitKind kind) {
    return kind == UnitKind::kDepartment || kind == UnitKind::kDistrict ||
           kind == UnitKind::kCommune || kind == UnitKind::kResponseTeam ||
           kind == UnitKind::kSoc || kind == UnitKind::kEnterprise || kind == UnitKind::kOther;
}

core::Status ValidatePlanTask(const PlanTask& task, std::size_t executors) {
    FieldErrors errors;
    CheckText(errors, "item", task.item, Required::kNo, 50);
    CheckText(errors, "content", task.content, Required::kYes, 5000);
    CheckText(errors, "coordinating", task.coordinating, Required::kNo, 2000);
    CheckText(errors, "budget_source", task.budget_source, Required::kNo, 500);
    CheckText(errors, "expected_output", task.expected_output, Required::kNo, 2000);
    if (task.budget_estimate &&
        (*task.budget_estimate < 0 || *task.budget_estimate > 1'000'000'000'000'000)) {
        errors.Add("budget_estimate", "dự toán là số đồng không âm, tối đa 10^18",
                   "the estimate is a non-negative number of dong, at most 10^18");
    }
    for (const auto kind : task.executor_kinds) {
        if (!AssignableKind(kind)) {
            errors.Add(
                "executor_kinds", fmt::format("không giao theo loại \"{}\"", UnitKindCode(kind)),
                fmt::format("tasks are not assigned to the kind \"{}\"", UnitKindCode(kind)));
        }
    }
    if (executors == 0) {
        errors.Add("executors", "cần ít nhất một đơn vị chủ trì trong phạm vi của kế hoạch",
                   "at least one executing unit within the plan's subtree is needed");
    }
    return errors.ToStatus();
}

std::string_view AssignmentStatusCode(AssignmentStatus status) {
    return CodeOf(kStatusCodes, status);
}

std::optional<AssignmentStatus> ParseAssignmentStatus(std::string_view code) {
    return ParseCode(kStatusCodes, code);
}

core::Status CheckProgress(AssignmentStatus status, int progress, std::string_view evidence) {
    FieldErrors errors;
    CheckText(errors, "evidence", evidence, Required::kNo, 4000);
    if (progress < 0 || progress > 100) {
        errors.Add("progress", "tiến độ là số phần trăm từ 0 đến 100",
                   "progress is a percentage from 0 to 100");
    } else if (status == AssignmentStatus::kInProgress && progress == 100) {
        errors.Add("progress", "đã đạt 100% thì chọn trạng thái hoàn thành",
                   "at 100% choose the status done");
    }
    const bool blank = core::Trim(evidence).empty();
    if (status == AssignmentStatus::kDone && blank) {
        errors.Add("evidence", "hoàn thành cần kết quả, sản phẩm hoặc văn bản chứng minh",
                   "done needs its result, output or the document that shows it");
    }
    if (status == AssignmentStatus::kNotApplicable && blank) {
        errors.Add("evidence", "cần ghi lý do nhiệm vụ không áp dụng cho đơn vị",
                   "give the reason the task does not apply to the unit");
    }
    return errors.ToStatus();
}

Standing StandingOf(const Assignment& assignment,
                    const TimeFrame& frame,
                    core::Date today,
                    core::Date plan_to) {
    Standing standing;
    standing.due_on = DueOn(frame, today, plan_to);
    const bool earlier_round = frame.kind == FrameKind::kYearly && assignment.status_on &&
                               YearOf(*assignment.status_on) < YearOf(today);
    if (!earlier_round) {
        standing.status = assignment.status;
        standing.progress =
            assignment.status == AssignmentStatus::kDone ? 100 : assignment.progress;
    }
    const bool finished = standing.status == AssignmentStatus::kDone ||
                          standing.status == AssignmentStatus::kNotApplicable;
    standing.overdue = !finished && standing.due_on && today > *standing.due_on;
    return standing;
}

void TaskRollUp::Add(const Standing& standing) {
    ++total;
    switch (standing.status) {
        case AssignmentStatus::kNotStarted:
            ++not_started;
            break;
        case AssignmentStatus::kInProgress:
            ++in_progress;
            break;
        case AssignmentStatus::kDone:
            ++done;
            break;
        case AssignmentStatus::kNotApplicable:
            ++not_applicable;
            break;
    }
    if (standing.overdue) {
        ++overdue;
    }
}

}  // namespace ungcuu::domain
