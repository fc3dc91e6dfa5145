// The working-day calendar (holidays and make-up working days) that dossier and other legal
// time limits are counted on. Stored in the database so administrators can correct it each year;
// seeded from the shipped calendar file, year by year. The built WorkingCalendar is cached,
// rebuilt after every change made through this process and at least every kCalendarFor (another
// node of the same database may have changed it). Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "app/actor.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

class CalendarService {
public:
    CalendarService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

    /// Stores the shipped `days` of every year the database has no days for yet (first start, or
    /// a newer binary shipping a new year); years already stored keep their edited days.
    core::Status SeedIfEmpty(const std::vector<domain::CalendarDay>& days);
    /// The calendar to count working days on.
    core::Result<std::shared_ptr<const domain::WorkingCalendar>> Calendar();
    core::Result<std::vector<domain::CalendarDay>> Year(int year);
    /// Replaces one year's days; needs kCalendarWrite on a root unit. Days must lie in `year`,
    /// be unique, and a make-up working day must be a Saturday or Sunday.
    core::Status ReplaceYear(const Actor& actor, int year, std::vector<domain::CalendarDay> days);

    static constexpr std::chrono::seconds kCalendarFor{30};

private:
    Store& store_;
    const core::Clock& clock_;
    std::mutex mutex_;
    std::shared_ptr<const domain::WorkingCalendar> cached_;  // guarded by mutex_
    core::TimePoint cached_at_{};                            // guarded by mutex_
};

}  // namespace ungcuu::app
