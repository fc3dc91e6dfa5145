#include "app/calendar_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "app/audit_writer.hpp"
#include "domain/validation.hpp"

namespace ungcuu::app {

core::Status CalendarService::SeedIfEmpty(const std::vector<domain::CalendarDay>& days) {
    const auto year_of = [](const domain::CalendarDay& day) {
        return static_cast<int>(std::chrono::year_month_day{day.date}.year());
    };
    return store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(existing, repos.calendar.All());
        std::set<int> stored;
        for (const auto& day : existing) {
            stored.insert(year_of(day));
        }
        std::set<int> years;
        for (const auto& day : days) {
            years.insert(year_of(day));
        }
        for (const int year : years) {
            if (stored.contains(year)) {
                continue;  // a year already in the database keeps its (possibly edited) days
            }
            std::vector<domain::CalendarDay> of_year;
            std::copy_if(days.begin(), days.end(), std::back_inserter(of_year),
                         [&](const auto& d) { return year_of(d) == year; });
            UNGCUU_RETURN_IF_ERROR(repos.calendar.ReplaceYear(year, of_year));
        }
        std::lock_guard lock(mutex_);
        cached_.reset();
        return core::Ok();
    });
}

core::Result<std::shared_ptr<const domain::WorkingCalendar>> CalendarService::Calendar() {
    const auto now = clock_.Now();
    {
        std::lock_guard lock(mutex_);
        if (cached_ && now >= cached_at_ && now - cached_at_ < kCalendarFor) {
            return cached_;
        }
    }
    UNGCUU_ASSIGN_OR_RETURN(
        days,
        store_.Read([&](Repositories& repos) -> core::Result<std::vector<domain::CalendarDay>> {
            return repos.calendar.All();
        }));
    auto built = std::make_shared<const domain::WorkingCalendar>(days);
    std::lock_guard lock(mutex_);
    cached_ = built;
    cached_at_ = now;
    return built;
}

core::Result<std::vector<domain::CalendarDay>> CalendarService::Year(int year) {
    std::vector<domain::CalendarDay> days;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(all, repos.calendar.All());
        for (auto& day : all) {
            if (static_cast<int>(std::chrono::year_month_day{day.date}.year()) == year) {
                days.push_back(std::move(day));
            }
        }
        return core::Ok();
    }));
    return days;
}

core::Status CalendarService::ReplaceYear(const Actor& actor,
                                          int year,
                                          std::vector<domain::CalendarDay> days) {
    if (!actor.unrestricted) {
        const auto roots = actor.scope.RootsAllowing(domain::Permission::kCalendarWrite);
        const bool on_root = std::any_of(roots.begin(), roots.end(), [](const auto& root) {
            return !root.exact && std::count(root.path.begin(), root.path.end(), '/') == 2;
        });
        if (!on_root) {
            return core::Error::Make(core::ErrorCode::kPermissionDenied,
                                     "Chỉ quản trị hệ thống cấp cao nhất mới được sửa lịch ngày "
                                     "làm việc.",
                                     "Only an administrator of a top-level unit may edit the "
                                     "working-day calendar.");
        }
    }
    domain::FieldErrors errors;
    if (year < 2000 || year > 2100) {
        errors.Add("year", "năm phải từ 2000 đến 2100", "the year must be 2000 to 2100");
    }
    std::set<core::Date> seen;
    for (std::size_t i = 0; i < days.size(); ++i) {
        const auto& day = days[i];
        const std::string where = fmt::format("days[{}]", i);
        const std::chrono::year_month_day ymd{day.date};
        if (static_cast<int>(ymd.year()) != year) {
            errors.Add(where + ".date",
                       fmt::format("ngày {} không thuộc năm {}", core::FormatDate(day.date), year),
                       fmt::format("{} is not in {}", core::FormatDate(day.date), year));
        }
        if (!seen.insert(day.date).second) {
            errors.Add(where + ".date", fmt::format("ngày {} bị lặp", core::FormatDate(day.date)),
                       fmt::format("{} appears twice", core::FormatDate(day.date)));
        }
        const std::chrono::weekday weekday{day.date};
        if (day.working && weekday != std::chrono::Saturday && weekday != std::chrono::Sunday) {
            errors.Add(where + ".working", "ngày làm bù phải là thứ Bảy hoặc Chủ nhật",
                       "a make-up working day must be a Saturday or Sunday");
        }
        domain::CheckText(errors, where + ".name_vi", day.name_vi, domain::Required::kYes, 200);
        domain::CheckText(errors, where + ".name_en", day.name_en, domain::Required::kNo, 200);
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    std::sort(days.begin(), days.end(),
              [](const auto& a, const auto& b) { return a.date < b.date; });
    const core::TimePoint now = clock_.Now();
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(before, repos.calendar.All());
        auto snapshot = [year](const std::vector<domain::CalendarDay>& list) {
            core::FieldSnapshot s;
            for (const auto& day : list) {
                if (static_cast<int>(std::chrono::year_month_day{day.date}.year()) == year) {
                    s.Add(core::FormatDate(day.date),
                          std::string_view(day.working ? "làm bù: " + day.name_vi : day.name_vi));
                }
            }
            return s.ToJson();
        };
        UNGCUU_RETURN_IF_ERROR(repos.calendar.ReplaceYear(year, days));
        return WriteAudit(
            repos, actor, now,
            {"calendar.update", "calendar", year, nullptr, snapshot(before), snapshot(days)});
    }));
    std::lock_guard lock(mutex_);
    cached_.reset();
    return core::Ok();
}

}  // namespace ungcuu::app
