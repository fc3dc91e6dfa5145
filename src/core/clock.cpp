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

}  // namespace ungcuu::core
