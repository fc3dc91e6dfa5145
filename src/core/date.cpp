#include "core/date.hpp"

#include <fmt/format.h>

namespace ungcuu::core {

namespace {

std::optional<int> Digits(std::string_view text) {
    int value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

std::optional<Date> ParseDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const auto year = Digits(text.substr(0, 4));
    const auto month = Digits(text.substr(5, 2));
    const auto day = Digits(text.substr(8, 2));
    if (!year || !month || !day) {
        return std::nullopt;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{*year},
                                          std::chrono::month{static_cast<unsigned>(*month)},
                                          std::chrono::day{static_cast<unsigned>(*day)}};
    if (!ymd.ok() || *year < 1900) {
        return std::nullopt;
    }
    return Date{ymd};
}

std::optional<Date> ParseDayAsWritten(std::string_view text) {
    if (auto iso = ParseDate(text)) {
        return iso;
    }
    const auto first = text.find('/');
    const auto second = first == std::string_view::npos ? first : text.find('/', first + 1);
    if (second == std::string_view::npos || first < 1 || first > 2 || second - first < 2 ||
        second - first > 3 || text.size() - second != 5) {
        return std::nullopt;
    }
    const auto day = Digits(text.substr(0, first));
    const auto month = Digits(text.substr(first + 1, second - first - 1));
    const auto year = Digits(text.substr(second + 1));
    if (!day || !month || !year) {
        return std::nullopt;
    }
    return ParseDate(fmt::format("{:04}-{:02}-{:02}", *year, *month, *day));
}

std::string FormatDate(Date date) {
    const std::chrono::year_month_day ymd{date};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string FormatDayVi(Date date) {
    const std::chrono::year_month_day ymd{date};
    return fmt::format("{:02}/{:02}/{:04}", static_cast<unsigned>(ymd.day()),
                       static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
}

Date LocalDate(TimePoint time) {
    return std::chrono::floor<std::chrono::days>(time + kVietnamUtcOffset);
}

std::string FormatLocalDateTime(TimePoint time) {
    const auto local = time + kVietnamUtcOffset;
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::hh_mm_ss clock(std::chrono::floor<std::chrono::minutes>(local - day));
    const std::chrono::year_month_day ymd{day};
    return fmt::format("{:02}:{:02} ngày {:02}/{:02}/{}", clock.hours().count(),
                       clock.minutes().count(), static_cast<unsigned>(ymd.day()),
                       static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
}

std::string FormatVietnameseDate(TimePoint time) {
    const std::chrono::year_month_day day(LocalDate(time));
    const auto month = static_cast<unsigned>(day.month());
    return fmt::format("ngày {:02} tháng {} năm {}", static_cast<unsigned>(day.day()),
                       month < 3 ? fmt::format("{:02}", month) : std::to_string(month),
                       static_cast<int>(day.year()));
}

TimePoint StartOfLocalDay(Date date) {
    return TimePoint{std::chrono::duration_cast<TimePoint::duration>(date.time_since_epoch() -
                                                                     kVietnamUtcOffset)};
}

TimePoint EndOfLocalDay(Date date) {
    return StartOfLocalDay(date + std::chrono::days{1}) - std::chrono::milliseconds{1};
}

Date AddMonths(Date date, int months) {
    const std::chrono::year_month_day ymd{date};
    const auto shifted =
        std::chrono::year_month{ymd.year(), ymd.month()} + std::chrono::months{months};
    const auto last = std::chrono::year_month_day_last{
        shifted.year(), std::chrono::month_day_last{shifted.month()}};
    const auto day = ymd.day() > last.day() ? last.day() : ymd.day();
    return Date{std::chrono::year_month_day{shifted.year(), shifted.month(), day}};
}

}  // namespace ungcuu::core
