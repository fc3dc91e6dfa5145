// Calendar dates and the Vietnamese local day. Vietnam keeps UTC+7 all year (no daylight
// saving), so a local day is a fixed 24-hour span of UTC. Legal deadlines counted in days end at
// the end of a local day. Pure functions, thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace ungcuu::core {

using Date = std::chrono::sys_days;

inline constexpr std::chrono::hours kVietnamUtcOffset{7};

/// Strict "YYYY-MM-DD" naming a real day (2026-02-30 is refused).
std::optional<Date> ParseDate(std::string_view text);
/// A day as people type it in a table: "YYYY-MM-DD", or "dd/mm/yyyy" (one-digit day and month
/// accepted: "5/3/2026"); a real day only.
std::optional<Date> ParseDayAsWritten(std::string_view text);
std::string FormatDate(Date date);

/// A day as Vietnamese documents and forms write it: "05/12/2026".
std::string FormatDayVi(Date date);
/// The day `time` falls on in Vietnam.
Date LocalDate(TimePoint time);
/// Vietnamese local time as people write it: "08:30 ngày 21/11/2026".
std::string FormatLocalDateTime(TimePoint time);
/// The day of `time` in Vietnam as a document's date line writes it: "ngày 05 tháng 12 năm
/// 2026" — days below 10 and the months January and February take a leading zero, the other
/// months do not (Nghị định 30/2020 Phụ lục I).
std::string FormatVietnameseDate(TimePoint time);
/// The first instant of a Vietnamese local day.
TimePoint StartOfLocalDay(Date date);
/// The last millisecond of a Vietnamese local day: where a deadline "on day D" ends.
TimePoint EndOfLocalDay(Date date);
/// Adds whole calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb).
Date AddMonths(Date date, int months);

}  // namespace ungcuu::core
