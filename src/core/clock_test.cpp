#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <ctime>

#include "core/date.hpp"

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

namespace ungcuu::core {
namespace {

TEST(Rfc3339, ParsesOffsetsFractionsAndRefusesNonsense) {
    const auto utc = ParseRfc3339("2026-11-21T08:30:00.000Z");
    ASSERT_TRUE(utc.has_value());
    EXPECT_EQ(FormatRfc3339(*utc), "2026-11-21T08:30:00.000Z");
    // Vietnamese time is seven hours ahead of UTC.
    EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2026-11-21T15:30+07:00")), "2026-11-21T08:30:00.000Z");
    EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2026-11-21 08:30:05.1234Z")),
              "2026-11-21T08:30:05.123Z");
    EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2026-11-21T01:00:00-02:30")),
              "2026-11-21T03:30:00.000Z");
    for (const char* bad :
         {"", "2026-11-21", "2026-02-30T00:00Z", "2026-11-21T24:00Z", "2026-11-21T08:30",
          "2026-11-21T08:30:00.Z", "2026-11-21T08:30Zx", "2026/11/21T08:30Z",
          "2584-11-21T08:00:00Z" /* beyond the clock: no overflow */, "1600-01-01T00:00Z"}) {
        EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
    }
}

}  // namespace
}  // namespace ungcuu::core

namespace ungcuu::core {
namespace {

// Nghị định 30/2020 Phụ lục I: the day always has two digits, the month only when it is
// January or February; the day is Vietnam's (UTC+7).
TEST(FormatVietnameseDate, LeadingZerosAsTheDecreeWrites) {
    EXPECT_EQ(FormatVietnameseDate(*ParseRfc3339("2026-12-05T10:00:00+07:00")),
              "ngày 05 tháng 12 năm 2026");
    EXPECT_EQ(FormatVietnameseDate(*ParseRfc3339("2027-02-14T10:00:00+07:00")),
              "ngày 14 tháng 02 năm 2027");
    EXPECT_EQ(FormatVietnameseDate(*ParseRfc3339("2027-03-09T10:00:00+07:00")),
              "ngày 09 tháng 3 năm 2027");
    EXPECT_EQ(FormatVietnameseDate(*ParseRfc3339("2026-12-31T17:30:00Z")),
              "ngày 01 tháng 01 năm 2027");
}

// Forms and tables write a day as dd/mm/yyyy, both parts with two digits.
TEST(FormatDayVi, DayMonthYearWithLeadingZeros) {
    using namespace std::chrono;  // NOLINT(google-build-using-namespace)
    EXPECT_EQ(FormatDayVi(sys_days{2026y / 2 / 3}), "03/02/2026");
    EXPECT_EQ(FormatDayVi(sys_days{2026y / 12 / 31}), "31/12/2026");
}

TEST(ParseDayAsWritten, IsoOrDayMonthYearRealDaysOnly) {
    using namespace std::chrono;  // NOLINT(google-build-using-namespace)
    EXPECT_EQ(ParseDayAsWritten("2026-03-05"), sys_days{2026y / 3 / 5});
    EXPECT_EQ(ParseDayAsWritten("05/03/2026"), sys_days{2026y / 3 / 5});
    EXPECT_EQ(ParseDayAsWritten("5/3/2026"), sys_days{2026y / 3 / 5});
    EXPECT_FALSE(ParseDayAsWritten("30/02/2026"));
    EXPECT_FALSE(ParseDayAsWritten("05/03/26"));
    EXPECT_FALSE(ParseDayAsWritten("/03/2026"));
    EXPECT_FALSE(ParseDayAsWritten("05//2026"));
    EXPECT_FALSE(ParseDayAsWritten("a5/03/2026"));
    EXPECT_FALSE(ParseDayAsWritten("123/03/2026"));
    EXPECT_FALSE(ParseDayAsWritten(""));
}

}  // namespace
}  // namespace ungcuu::core
