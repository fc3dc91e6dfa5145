#include "core/clock.hpp"

#include <fmt/format.h>

#include <ctime>

namespace ungcuu::core {

std::int64_t ToUnixMillis(TimePoint time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

TimePoint FromUnixMillis(std::int64_t millis) {
    return TimePoint{
        std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds{millis})};
}

std::string FormatRfc3339(TimePoint time) {
    const std::int64_t millis = ToUnixMillis(time);
    std::int64_t seconds = millis / 1000;
    std::int64_t rest = millis % 1000;
    if (rest < 0) {
        rest += 1000;
        seconds -= 1;
    }
    const auto as_time_t = static_cast<std::time_t>(seconds);
    std::tm parts{};
    gmtime_r(&as_time_t, &parts);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", parts.tm_year + 1900,
                       parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                       rest);
}

}  // namespace ungcuu::core
