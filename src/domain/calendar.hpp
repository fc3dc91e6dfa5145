// Working days and legal deadlines. A deadline counted in "ngày làm việc" (working days) skips
// Saturdays, Sundays and public holidays; the holidays are data (a calendar per year, kept in the
// database and editable, shipped from rules/calendar/), including the Saturdays the government
// moves to working days (ngày làm bù). Counting follows Bộ luật Dân sự 2015: a time limit in days
// starts on the day after the event (Điều 147 khoản 1), and when the last day of a calendar-day
// limit is a day off, it ends with the next working day (Điều 148 khoản 5). Pure and thread-safe.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/date.hpp"

namespace ungcuu::domain {

struct CalendarDay {
    core::Date date;
    std::string name_vi;
    std::string name_en;
    /// False: a public holiday (ngày nghỉ lễ, Tết). True: a weekend day that is worked instead
    /// (ngày làm bù).
    bool working = false;
};

enum class DayCount {
    kCalendar,  // ngày (calendar days)
    kWorking,   // ngày làm việc (working days)
};

class WorkingCalendar {
public:
    WorkingCalendar() = default;
    explicit WorkingCalendar(const std::vector<CalendarDay>& days);

    bool IsWorkingDay(core::Date date) const;
    /// The `count`-th working day after `from` (from itself is not counted).
    core::Date AddWorkingDays(core::Date from, int count) const;
    /// The first working day on or after `date`.
    core::Date NextWorkingDayFrom(core::Date date) const;

private:
    std::set<core::Date> holidays_;
    std::set<core::Date> worked_weekend_days_;
};

/// The last day of a limit of `days` days (calendar or working) started by an event on `start`.
core::Date DeadlineDay(core::Date start, int days, DayCount count, const WorkingCalendar& calendar);

/// The instant a limit started at `start` ends: the end of its last day, Vietnamese time.
core::TimePoint Deadline(core::TimePoint start,
                         int days,
                         DayCount count,
                         const WorkingCalendar& calendar);

}  // namespace ungcuu::domain
