#include "domain/calendar.hpp"

namespace ungcuu::domain {

namespace {

bool IsWeekend(core::Date date) {
    const std::chrono::weekday weekday{date};
    return weekday == std::chrono::Saturday || weekday == std::chrono::Sunday;
}

}  // namespace

WorkingCalendar::WorkingCalendar(const std::vector<CalendarDay>& days) {
    for (const auto& day : days) {
        (day.working ? worked_weekend_days_ : holidays_).insert(day.date);
    }
}

bool WorkingCalendar::IsWorkingDay(core::Date date) const {
    if (worked_weekend_days_.count(date) > 0) {
        return true;
    }
    return !IsWeekend(date) && holidays_.count(date) == 0;
}

core::Date WorkingCalendar::AddWorkingDays(core::Date from, int count) const {
    core::Date day = from;
    while (count > 0) {
        day += std::chrono::days{1};
        if (IsWorkingDay(day)) {
            --count;
        }
    }
    return day;
}

core::Date WorkingCalendar::NextWorkingDayFrom(core::Date date) const {
    while (!IsWorkingDay(date)) {
        date += std::chrono::days{1};
    }
    return date;
}

core::Date DeadlineDay(core::Date start,
                       int days,
                       DayCount count,
                       const WorkingCalendar& calendar) {
    if (count == DayCount::kWorking) {
        return calendar.AddWorkingDays(start, days);
    }
    return calendar.NextWorkingDayFrom(start + std::chrono::days{days});
}

core::TimePoint Deadline(core::TimePoint start,
                         int days,
                         DayCount count,
                         const WorkingCalendar& calendar) {
    return core::EndOfLocalDay(DeadlineDay(core::LocalDate(start), days, count, calendar));
}

}  // namespace ungcuu::domain
