#include "domain/periodic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "domain/code_table.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

constexpr CodeTable<PeriodKind, 4> kPeriodKinds{{
    {PeriodKind::kMonth, "month"},
    {PeriodKind::kQuarter, "quarter"},
    {PeriodKind::kHalf, "half"},
    {PeriodKind::kYear, "year"},
}};

constexpr CodeTable<HandlingMode, 4> kModes{{
    {HandlingMode::kSelf, "self"},
    {HandlingMode::kDomesticHelp, "domestic_help"},
    {HandlingMode::kForeignHelp, "foreign_help"},
    {HandlingMode::kCoordinatorHelp, "coordinator_help"},
}};

constexpr CodeTable<PeriodicState, 4> kStates{{
    {PeriodicState::kDraft, "draft"},
    {PeriodicState::kSubmitted, "submitted"},
    {PeriodicState::kReturned, "returned"},
    {PeriodicState::kAccepted, "accepted"},
}};

constexpr CodeTable<FilingStatus, 5> kFilingStatuses{{
    {FilingStatus::kNotStarted, "not_started"},
    {FilingStatus::kDraft, "draft"},
    {FilingStatus::kSubmitted, "submitted"},
    {FilingStatus::kReturned, "returned"},
    {FilingStatus::kAccepted, "accepted"},
}};

int PeriodsPerYear(PeriodKind kind) {
    switch (kind) {
        case PeriodKind::kMonth:
            return 12;
        case PeriodKind::kQuarter:
            return 4;
        case PeriodKind::kHalf:
            return 2;
        case PeriodKind::kYear:
            return 1;
    }
    return 1;
}

constexpr std::array<std::string_view, 5> kRoman = {"", "I", "II", "III", "IV"};

std::optional<int> Number(std::string_view text) {
    int value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || text.empty()) {
        return std::nullopt;
    }
    return value;
}

core::Error BadPeriod(std::string_view key) {
    return core::InvalidArgument(
        fmt::format("Kỳ báo cáo \"{}\" không hợp lệ; viết 2026, 2026-H1, 2026-Q3 hoặc 2026-07.",
                    key),
        fmt::format("Reporting period \"{}\" is not valid; write 2026, 2026-H1, 2026-Q3 or "
                    "2026-07.",
                    key));
}

}  // namespace

std::string_view PeriodKindCode(PeriodKind kind) { return CodeOf(kPeriodKinds, kind); }

std::optional<PeriodKind> ParsePeriodKind(std::string_view code) {
    return ParseCode(kPeriodKinds, code);
}

std::string Period::Key() const {
    switch (kind) {
        case PeriodKind::kMonth:
            return fmt::format("{}-{:02}", year, index);
        case PeriodKind::kQuarter:
            return fmt::format("{}-Q{}", year, index);
        case PeriodKind::kHalf:
            return fmt::format("{}-H{}", year, index);
        case PeriodKind::kYear:
            return fmt::format("{}", year);
    }
    return "";
}

std::string Period::LabelVi() const {
    switch (kind) {
        case PeriodKind::kMonth:
            return fmt::format("Tháng {} năm {}", index, year);
        case PeriodKind::kQuarter:
            return fmt::format("Quý {} năm {}", kRoman.at(static_cast<std::size_t>(index)), year);
        case PeriodKind::kHalf:
            return fmt::format("{} năm {}", index == 1 ? "6 tháng đầu" : "6 tháng cuối", year);
        case PeriodKind::kYear:
            return fmt::format("Năm {}", year);
    }
    return "";
}

std::string Period::LabelEn() const {
    switch (kind) {
        case PeriodKind::kMonth:
            return fmt::format("{}-{:02}", year, index);
        case PeriodKind::kQuarter:
            return fmt::format("Q{} {}", index, year);
        case PeriodKind::kHalf:
            return fmt::format("{} half of {}", index == 1 ? "First" : "Second", year);
        case PeriodKind::kYear:
            return fmt::format("Year {}", year);
    }
    return "";
}

core::Result<Period> MakePeriod(PeriodKind kind, int y, int index) {
    if (y < 2000 || y > 2100 || index < 1 || index > PeriodsPerYear(kind)) {
        return BadPeriod(fmt::format("{}/{}", y, index));
    }
    const int months = 12 / PeriodsPerYear(kind);
    const int first = (index - 1) * months + 1;
    Period p;
    p.kind = kind;
    p.year = y;
    p.index = index;
    p.from = core::Date{year{y} / month{static_cast<unsigned>(first)} / day{1}};
    const auto last_month = year{y} / month{static_cast<unsigned>(first + months - 1)};
    p.to = core::Date{last_month / std::chrono::last};
    return p;
}

core::Result<Period> ParsePeriodKey(std::string_view key) {
    if (key.size() < 4) {
        return BadPeriod(key);
    }
    const auto y = Number(key.substr(0, 4));
    if (!y) {
        return BadPeriod(key);
    }
    if (key.size() == 4) {
        return MakePeriod(PeriodKind::kYear, *y, 1);
    }
    if (key.size() < 6 || key[4] != '-') {
        return BadPeriod(key);
    }
    const auto rest = key.substr(5);
    std::optional<int> index;
    PeriodKind kind = PeriodKind::kMonth;
    if (rest[0] == 'H' || rest[0] == 'Q') {
        kind = rest[0] == 'H' ? PeriodKind::kHalf : PeriodKind::kQuarter;
        index = rest.size() == 2 ? Number(rest.substr(1)) : std::nullopt;
    } else if (rest.size() == 2) {
        index = Number(rest);
    }
    if (!index) {
        return BadPeriod(key);
    }
    auto period = MakePeriod(kind, *y, *index);
    if (!period.ok()) {
        return BadPeriod(key);
    }
    return period;
}

const RegimeTier* ReportRegime::TierOf(UnitKind kind) const {
    for (const auto& tier : tiers) {
        if (std::find(tier.kinds.begin(), tier.kinds.end(), kind) != tier.kinds.end()) {
            return &tier;
        }
    }
    return nullptr;
}

bool ReportRegime::Reports(const Period& p) const {
    return p.kind == period &&
           (indices.empty() || std::find(indices.begin(), indices.end(), p.index) != indices.end());
}

std::vector<Period> ReportRegime::PeriodsIn(int y) const {
    std::vector<Period> out;
    for (int i = 1; i <= PeriodsPerYear(period); ++i) {
        auto p = MakePeriod(period, y, i);
        if (p.ok() && Reports(*p)) {
            out.push_back(*p);
        }
    }
    return out;
}

const ReportRegime* RegimeBook::Find(std::string_view code) const {
    for (const auto& regime : regimes) {
        if (regime.code == code) {
            return &regime;
        }
    }
    return nullptr;
}

core::TimePoint DueAt(const ReportDue& rule, const Period& period) {
    if (rule.month == 0) {
        return core::EndOfLocalDay(period.to + std::chrono::days{rule.days_after});
    }
    const auto date = year{period.year} / month{static_cast<unsigned>(rule.month)} /
                      day{static_cast<unsigned>(rule.day)};
    return core::StartOfLocalDay(core::Date{date});
}

void AddFigures(Figures& into, const Figures& from) {
    for (const auto& [key, value] : from) {
        into[key] += value;
    }
}

std::string_view HandlingModeCode(HandlingMode mode) { return CodeOf(kModes, mode); }

std::optional<HandlingMode> ParseHandlingMode(std::string_view code) {
    return ParseCode(kModes, code);
}

std::optional<std::string> Mau05Row(const std::vector<std::string>& scenarios) {
    std::optional<std::string> row;
    int attacks = 0;
    for (const auto& code : scenarios) {
        const int number =
            code.size() >= 2 && code[0] == 'A' ? Number(code.substr(1)).value_or(0) : 0;
        if (number >= 1 && number <= 10) {
            ++attacks;
            row = code;
        }
    }
    if (attacks > 1) {
        return std::string("A9");
    }
    return row;
}

Figures Mau05Figures(const std::vector<IncidentTally>& tallies) {
    Figures f;
    for (int i = 1; i <= 10; ++i) {
        for (const auto* column :
             {"count", "self", "domestic_help", "foreign_help", "coordinator_help", "damage"}) {
            f[fmt::format("mau05.A{}.{}", i, column)] = 0;
        }
    }
    f["mau05.no_mode"] = 0;
    f["mau05.not_attack"] = 0;
    for (const auto& tally : tallies) {
        const auto row = Mau05Row(tally.scenarios);
        if (!row) {
            f["mau05.not_attack"] += tally.count;
            continue;
        }
        const std::string prefix = "mau05." + *row + ".";
        f[prefix + "count"] += tally.count;
        f[prefix + "damage"] += tally.damage;
        if (tally.mode) {
            f[prefix + std::string(HandlingModeCode(*tally.mode))] += tally.count;
        } else {
            f["mau05.no_mode"] += tally.count;
        }
    }
    for (const auto* column :
         {"count", "self", "domestic_help", "foreign_help", "coordinator_help", "damage"}) {
        std::int64_t sum = 0;
        for (int i = 1; i <= 10; ++i) {
            sum += f[fmt::format("mau05.A{}.{}", i, column)];
        }
        f[fmt::format("mau05.total.{}", column)] = sum;
    }
    return f;
}

std::string_view PeriodicStateCode(PeriodicState state) { return CodeOf(kStates, state); }

std::optional<PeriodicState> ParsePeriodicState(std::string_view code) {
    return ParseCode(kStates, code);
}

std::string_view FilingStatusCode(FilingStatus status) { return CodeOf(kFilingStatuses, status); }

core::Status ValidateReportText(const PeriodicReport& report) {
    FieldErrors errors;
    CheckText(errors, "narrative", report.narrative, Required::kNo, 20000);
    CheckText(errors, "proposals", report.proposals, Required::kNo, 10000);
    return errors.ToStatus();
}

core::Status CheckSubmit(const PeriodicReport& report) {
    if (report.state == PeriodicState::kSubmitted || report.state == PeriodicState::kAccepted) {
        return core::Conflict("Báo cáo kỳ này đã được gửi.",
                              "This period's report has already been submitted.");
    }
    return ValidateReportText(report);
}

core::Status CheckReview(const PeriodicReport& report, bool accept, std::string_view reason) {
    if (report.state != PeriodicState::kSubmitted) {
        return core::Conflict("Chỉ xem xét được báo cáo đã gửi và chưa được tiếp nhận.",
                              "Only a submitted report not yet accepted can be reviewed.");
    }
    if (!accept) {
        FieldErrors errors;
        CheckText(errors, "reason", reason, Required::kYes, 5000);
        return errors.ToStatus();
    }
    return core::Ok();
}

bool IsLate(const std::optional<PeriodicReport>& report,
            core::TimePoint due_at,
            core::TimePoint now) {
    if (report && report->submitted_at) {
        return *report->submitted_at > due_at;
    }
    return now > due_at;
}

}  // namespace ungcuu::domain
