// Periodic reports up the tree: the report regimes (rule data — who files, for which period, due
// when, to whom), the periods of a year, the figures a report carries (Mẫu 05's table of TT
// 20/2017 by the ten attack types and the four ways an incident was handled), and the states of a
// unit's report for one period. Where a regime's text names a day ("trước ngày 20/6") the report
// is due at the start of that day; none of the texts count working days. Pure, thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"
#include "domain/unit.hpp"

namespace ungcuu::domain {

using PeriodicReportId = core::Id<struct PeriodicReportTag>;

// ---- periods ----------------------------------------------------------------------------------

enum class PeriodKind { kMonth, kQuarter, kHalf, kYear };
std::string_view PeriodKindCode(PeriodKind kind);
std::optional<PeriodKind> ParsePeriodKind(std::string_view code);

struct Period {
    PeriodKind kind = PeriodKind::kYear;
    int year = 0;
    int index = 1;  // month 1–12, quarter 1–4, half 1–2, 1 for a year
    core::Date from{};
    core::Date to{};  // the last day, inclusive

    /// "2026", "2026-H1", "2026-Q3", "2026-07".
    std::string Key() const;
    /// "Năm 2026", "6 tháng đầu năm 2026", "Quý III năm 2026", "Tháng 7 năm 2026".
    std::string LabelVi() const;
    std::string LabelEn() const;
};

/// kInvalidArgument for a year outside 2000–2100 or an index outside the kind's.
core::Result<Period> MakePeriod(PeriodKind kind, int year, int index);
/// Reads a key of the forms above.
core::Result<Period> ParsePeriodKey(std::string_view key);

// ---- regimes ----------------------------------------------------------------------------------

/// When a tier's report falls due in a period: on a day of the period's year ("trước ngày 02/10":
/// month 10, day 2 — due at the start of that day), or a number of days after the period's last
/// day.
struct ReportDue {
    int month = 0;  // 0: days_after applies
    int day = 0;
    int days_after = 0;
    std::string article;  // where the day comes from; "" never
};

/// The filers of one tier of a regime: the units of these kinds inside the adopting unit's
/// subtree. A filer's report goes to its nearest filing ancestor, which compiles it into its own;
/// a filer with none files outside the tree (`outside_recipient`).
struct RegimeTier {
    std::vector<UnitKind> kinds;
    ReportDue due;
    std::string outside_recipient_vi;  // e.g. "Cơ quan điều phối quốc gia (VNCERT/CC)"
    std::string outside_recipient_en;
};

struct ReportRegime {
    std::string code;
    std::string rule_set;  // vn-2017, vn-2026, or plan: a plan's own chain
    std::string title_vi;
    std::string title_en;
    std::string form;  // mau05: Mẫu 05's table; results: the plan's results and readiness
    PeriodKind period = PeriodKind::kYear;
    std::vector<int> indices;  // the periods of a year that are reported (empty: every one)
    std::vector<RegimeTier> tiers;
    std::string article;
    std::string note;

    /// The tier a unit of `kind` files at; nullptr when it does not file.
    const RegimeTier* TierOf(UnitKind kind) const;
    /// The reported periods of a year, in order.
    std::vector<Period> PeriodsIn(int year) const;
    bool Reports(const Period& period) const;
};

struct RegimeBook {
    std::string version;
    std::vector<ReportRegime> regimes;

    const ReportRegime* Find(std::string_view code) const;
};

/// The instant the report of `period` is due under `rule`.
core::TimePoint DueAt(const ReportDue& rule, const Period& period);

// ---- figures ----------------------------------------------------------------------------------

/// A report's figures by key ("mau05.A3.count", "readiness.systems"…); sums add key by key.
using Figures = std::map<std::string, std::int64_t>;
void AddFigures(Figures& into, const Figures& from);

/// How an incident was handled (Mẫu 05 columns): by the unit itself, with the help of other
/// (domestic) organisations, of foreign organisations, or of the national coordinator.
enum class HandlingMode { kSelf, kDomesticHelp, kForeignHelp, kCoordinatorHelp };
std::string_view HandlingModeCode(HandlingMode mode);
std::optional<HandlingMode> ParseHandlingMode(std::string_view code);

/// The row of Mẫu 05 an incident counts in: its attack scenario (A1–A10); A9 (combined) when it
/// has several; nullopt when none of its scenarios is an attack.
std::optional<std::string> Mau05Row(const std::vector<std::string>& scenarios);

/// Incidents counted together: the same scenarios and handling mode.
struct IncidentTally {
    std::vector<std::string> scenarios;
    std::optional<HandlingMode> mode;
    std::int64_t count = 0;
    std::int64_t damage = 0;  // estimated damage, VND
};

/// Mẫu 05's table as figures: per row A1–A10 "mau05.<row>.count", ".self", ".domestic_help",
/// ".foreign_help", ".coordinator_help", ".damage"; "mau05.total.*" over the rows;
/// "mau05.no_mode" (attacks whose handling is not recorded) and "mau05.not_attack".
Figures Mau05Figures(const std::vector<IncidentTally>& tallies);

// ---- a unit's report for a period -------------------------------------------------------------

enum class PeriodicState { kDraft, kSubmitted, kReturned, kAccepted };
std::string_view PeriodicStateCode(PeriodicState state);
std::optional<PeriodicState> ParsePeriodicState(std::string_view code);

struct PeriodicReport {
    PeriodicReportId id;
    std::string regime;
    std::string period;  // Period::Key()
    UnitId unit_id;
    std::string unit_name;                    // loaded
    std::string unit_path;                    // loaded
    std::optional<UnitId> recipient_unit_id;  // nullopt: filed outside the tree
    core::TimePoint due_at;
    PeriodicState state = PeriodicState::kDraft;
    std::string narrative;        // kết quả thực hiện, tình hình
    std::string proposals;        // kiến nghị, đề xuất
    std::string helpers;          // organisations that helped, one per line (snapshot)
    std::string foreign_helpers;  // foreign organisations that helped, one per line (snapshot)
    Figures own;                  // the unit's own figures, fixed when submitted
    Figures total;  // own plus the accepted reports compiled into it, fixed when submitted
    std::optional<core::TimePoint> submitted_at;
    std::string submitted_by;
    std::string return_reason;
    std::optional<core::TimePoint> returned_at;
    std::string returned_by;
    std::optional<core::TimePoint> accepted_at;
    std::string accepted_by;
    std::int64_t version = 0;
    core::TimePoint created_at;
    core::TimePoint updated_at;
};

/// Lengths of the texts a unit writes.
core::Status ValidateReportText(const PeriodicReport& report);
/// May the unit submit (draft or returned)? The reviewer return or accept (submitted)?
core::Status CheckSubmit(const PeriodicReport& report);
core::Status CheckReview(const PeriodicReport& report, bool accept, std::string_view reason);

/// Where a filer stands for a period, as its compiler sees it.
enum class FilingStatus { kNotStarted, kDraft, kSubmitted, kReturned, kAccepted };
std::string_view FilingStatusCode(FilingStatus status);
/// Late: submitted after the due time, or not submitted and the due time has passed.
bool IsLate(const std::optional<PeriodicReport>& report,
            core::TimePoint due_at,
            core::TimePoint now);

}  // namespace ungcuu::domain
