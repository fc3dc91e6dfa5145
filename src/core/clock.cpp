#include "core/clock.hpp"

namespace ungcuu::core {

std::int64_t ToUnixMillis(TimePoint time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

TimePoint FromUnixMillis(std::int64_t millis) {
    return TimePoint{
        std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds{millis})};
}

std::string FormatRfc3339(TimePoint time) {
    // Hand-written rather than through fmt/gmtime: lists format two timestamps per row.
    const std::int64_t millis = ToUnixMillis(time);
    std::int64_t days = millis / 86'400'000;
    std::int64_t rest = millis % 86'400'000;
    if (rest < 0) {
        rest += 86'400'000;
        days -= 1;
    }
    // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted).
    days += 719'468;
    const std::int64_t era = (days >= 0 ? days : days - 146'096) / 146'097;
    const std::int64_t day_of_era = days - era * 146'097;
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36'524 - day_of_era / 146'096) / 365;
    const std::int64_t day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t month_index = (5 * day_of_year + 2) / 153;
    const std::int64_t day = day_of_year - (153 * month_index + 2) / 5 + 1;
    const std::int64_t month = month_index < 10 ? month_index + 3 : month_index - 9;
    const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);

    char out[] = "0000-00-00T00:00:00.000Z";
    const auto put = [&out](std::size_t at, std::int64_t value, std::size_t width) {
        for (std::size_t i = 0; i < width; ++i) {
            out[at + width - 1 - i] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    put(0, year, 4);
    put(5, month, 2);
    put(8, day, 2);
    put(11, rest / 3'600'000, 2);
    put(14, rest / 60'000 % 60, 2);
    put(17, rest / 1000 % 60, 2);
    put(20, rest % 1000, 3);
    return std::string(out, sizeof(out) - 1);
}

std::optional<TimePoint> ParseRfc3339(std::string_view text) {
    std::size_t at = 0;
    const auto number = [&](std::size_t width, int& value) {
        if (at + width > text.size()) {
            return false;
        }
        value = 0;
        for (std::size_t i = 0; i < width; ++i) {
            const char c = text[at + i];
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        at += width;
        return true;
    };
    const auto expect = [&](char c) {
        if (at < text.size() && text[at] == c) {
            ++at;
            return true;
        }
        return false;
    };
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!number(4, year) || !expect('-') || !number(2, month) || !expect('-') || !number(2, day) ||
        !(expect('T') || expect('t') || expect(' ')) || !number(2, hour) || !expect(':') ||
        !number(2, minute)) {
        return std::nullopt;
    }
    std::int64_t millis = 0;
    if (expect(':')) {
        if (!number(2, second)) {
            return std::nullopt;
        }
        if (expect('.')) {
            int digits = 0;
            while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
                if (digits < 3) {
                    millis = millis * 10 + (text[at] - '0');
                }
                ++digits;
                ++at;
            }
            if (digits == 0) {
                return std::nullopt;
            }
            for (int i = digits; i < 3; ++i) {
                millis *= 10;
            }
        }
    }
    int offset_minutes = 0;
    if (!(expect('Z') || expect('z'))) {
        const bool negative = at < text.size() && text[at] == '-';
        int offset_hour = 0, offset_minute = 0;
        if (!(expect('+') || expect('-')) || !number(2, offset_hour) || !expect(':') ||
            !number(2, offset_minute) || offset_hour > 23 || offset_minute > 59) {
            return std::nullopt;
        }
        offset_minutes = (offset_hour * 60 + offset_minute) * (negative ? -1 : 1);
    }
    // The clock counts nanoseconds in 64 bits: it reaches from 1677 to 2262.
    if (at != text.size() || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60 ||
        year < 1678 || year > 2261) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year{year},
                                           std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    const auto local = std::chrono::sys_days(date) + std::chrono::hours(hour) +
                       std::chrono::minutes(minute) + std::chrono::seconds(second) +
                       std::chrono::milliseconds(millis);
    return TimePoint(std::chrono::duration_cast<TimePoint::duration>(
        (local - std::chrono::minutes(offset_minutes)).time_since_epoch()));
}

}  // namespace ungcuu::core
