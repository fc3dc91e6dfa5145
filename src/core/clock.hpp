// Time is injected: production code asks a Clock, tests move a ManualClock
// (tests/support). Implementations must be safe to call from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ungcuu::core {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

/// Milliseconds since the Unix epoch: how time is stored in the database.
std::int64_t ToUnixMillis(TimePoint time);
TimePoint FromUnixMillis(std::int64_t millis);

/// RFC 3339 in UTC with millisecond precision, e.g. "2026-11-21T08:30:00.000Z".
std::string FormatRfc3339(TimePoint time);
/// Reads "YYYY-MM-DDTHH:MM[:SS[.fraction]]" followed by "Z" or "±HH:MM" (RFC 3339; a space may
/// stand for "T"). nullopt when malformed or out of range (years 1678–2261, what the clock can
/// hold).
std::optional<TimePoint> ParseRfc3339(std::string_view text);

}  // namespace ungcuu::core
