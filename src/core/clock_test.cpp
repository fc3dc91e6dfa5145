#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <ctime>

namespace ungcuu::core {
namespace {

TEST(FormatRfc3339, KnownInstants) {
    EXPECT_EQ(FormatRfc3339(FromUnixMillis(0)), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(FormatRfc3339(FromUnixMillis(951'782'400'123)), "2000-02-29T00:00:00.123Z");
    // Expected value from `date -u -d @1795292199`.
    EXPECT_EQ(FormatRfc3339(FromUnixMillis(1'795'292'199'999)), "2026-11-21T20:16:39.999Z");
    EXPECT_EQ(FormatRfc3339(FromUnixMillis(-1)), "1969-12-31T23:59:59.999Z");
}

TEST(FormatRfc3339, AgreesWithGmtimeAcrossYears) {
    // Every 7 days and 13 hours over ~60 years, against the C library.
    for (std::int64_t seconds = 0; seconds < 1'900'000'000; seconds += 7 * 86'400 + 13 * 3'600) {
        const auto as_time_t = static_cast<std::time_t>(seconds);
        std::tm parts{};
        gmtime_r(&as_time_t, &parts);
        char expected[32];
        std::strftime(expected, sizeof(expected), "%Y-%m-%dT%H:%M:%S.000Z", &parts);
        ASSERT_EQ(FormatRfc3339(FromUnixMillis(seconds * 1000)), expected) << seconds;
    }
}

}  // namespace
}  // namespace ungcuu::core
