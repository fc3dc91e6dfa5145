// The periodic report regimes of rules/reporting/regimes.json: the day each tier's report falls
// due, row by row with the text it comes from, and the loader's refusals. "Trước ngày D" is read
// as due at the start of day D, Vietnam time (UTC+7); none of the texts count working days, so a
// due day on a weekend stays where it is (20/6/2027 is a Sunday).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/date.hpp"
#include "rules/report_regimes_loader.hpp"

namespace ungcuu::rules {
namespace {

using domain::UnitKind;

std::string ReadRuleFile(const std::string& relative) {
    std::ifstream file(std::string(UNGCUU_RULES_DIR) + "/" + relative);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

domain::RegimeBook Shipped() {
    auto book = ParseReportRegimes(ReadRuleFile("reporting/regimes.json"));
    EXPECT_TRUE(book.ok()) << (book.ok() ? "" : book.error().message_en);
    return std::move(book).value();
}

// The local time a report is due, as people read it: "2026-10-02 00:00".
std::string DueOf(const domain::RegimeBook& book,
                  std::string_view regime_code,
                  UnitKind kind,
                  std::string_view period_key) {
    const auto* regime = book.Find(regime_code);
    if (regime == nullptr) {
        return "no regime";
    }
    const auto* tier = regime->TierOf(kind);
    if (tier == nullptr) {
        return "does not file";
    }
    const auto period = domain::ParsePeriodKey(period_key);
    if (!period.ok() || !regime->Reports(*period)) {
        return "not reported";
    }
    const auto due = domain::DueAt(tier->due, *period);
    const auto local = due + core::kVietnamUtcOffset;
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
    return core::FormatDate(core::Date{day}) + (minutes == 0      ? " 00:00"
                                                : minutes == 1439 ? " 23:59"
                                                                  : " ?");
}

struct DueRow {
    const char* regime;
    UnitKind kind;
    const char* period;
    const char* due;
    const char* source;
};

TEST(ReportRegimes, EveryTierFallsDueOnTheDayItsTextNames) {
    const auto book = Shipped();
    const DueRow rows[] = {
        // Mẫu 05: 6-month before 20 June, yearly before 15 December (TT 20/2017 Điều 6.1.c).
        {"tt20-mau05-half", UnitKind::kProvince, "2026-H1", "2026-06-20 00:00", "TT 20 Đ6.1.c"},
        {"tt20-mau05-half", UnitKind::kProvince, "2027-H1", "2027-06-20 00:00",
         "TT 20 Đ6.1.c; a Sunday, the text counts no working days"},
        {"tt20-mau05-half", UnitKind::kProvince, "2026-H2", "not reported",
         "TT 20 Đ6.1.c: the second half is the yearly report"},
        {"tt20-mau05-year", UnitKind::kProvince, "2026", "2026-12-15 00:00", "TT 20 Đ6.1.c"},
        {"tt20-mau05-year", UnitKind::kCommune, "2026", "does not file",
         "TT 20 Đ5: network members only"},
        // NĐ 331/2026 Điều 31.2.d: to the owner before 20/12, to Bộ Công an before 25/12.
        {"nd331-year", UnitKind::kDepartment, "2026", "2026-12-20 00:00", "NĐ 331 Đ31.2.d"},
        {"nd331-year", UnitKind::kCommune, "2026", "2026-12-20 00:00", "NĐ 331 Đ31.2.d"},
        {"nd331-year", UnitKind::kProvince, "2026", "2026-12-25 00:00", "NĐ 331 Đ31.2.d"},
        // The commune plan (003 §IV): units 02/10, the commune to the district 10/10.
        {"plan-commune-year", UnitKind::kOther, "2026", "2026-10-02 00:00", "003 §IV"},
        {"plan-commune-year", UnitKind::kCommune, "2026", "2026-10-10 00:00", "003 §IV"},
        {"plan-commune-year", UnitKind::kDistrict, "2026", "2026-10-20 00:00",
         "003 §IV names no day for the district: the default"},
        // District plans (000/004 §III.2): every 6 months, days after the period by default.
        {"plan-district-half", UnitKind::kCommune, "2026-H1", "2026-07-05 23:59", "000/004 §III.2"},
        {"plan-district-half", UnitKind::kDistrict, "2026-H2", "2027-01-10 23:59",
         "000/004 §III.2"},
        // Thạch Thành (002 §IV.6): monthly.
        {"plan-district-month", UnitKind::kCommune, "2026-02", "2026-03-05 23:59", "002 §IV.6"},
        {"plan-district-month", UnitKind::kDistrict, "2026-12", "2027-01-10 23:59", "002 §IV.6"},
        // The province (001 §IV): units, then the department for the province.
        {"plan-province-year", UnitKind::kDepartment, "2026", "2026-12-01 00:00", "001 §IV"},
        {"plan-province-year", UnitKind::kProvince, "2026", "2026-12-15 00:00", "001 §IV"},
    };
    for (const auto& row : rows) {
        EXPECT_EQ(DueOf(book, row.regime, row.kind, row.period), row.due)
            << row.regime << " " << row.period << " (" << row.source << ")";
    }
}

TEST(ReportRegimes, EveryTierCitesItsSourceAndEveryRegimeHasPeriods) {
    const auto book = Shipped();
    EXPECT_GE(book.regimes.size(), 7U);
    for (const auto& regime : book.regimes) {
        EXPECT_FALSE(regime.article.empty()) << regime.code;
        EXPECT_FALSE(regime.PeriodsIn(2026).empty()) << regime.code;
        EXPECT_FALSE(regime.tiers.empty()) << regime.code;
        for (const auto& tier : regime.tiers) {
            EXPECT_FALSE(tier.due.article.empty()) << regime.code;
            EXPECT_FALSE(tier.kinds.empty()) << regime.code;
        }
    }
    EXPECT_EQ(book.Find("plan-district-month")->PeriodsIn(2026).size(), 12U);
    EXPECT_EQ(book.Find("tt20-mau05-half")->PeriodsIn(2026).size(), 1U);
}

TEST(ReportRegimes, RefusesWhatItCannotRead) {
    const auto refused = [](std::string_view regime) {
        const std::string text = std::string(R"({"regimes_id":"x","version":"1","regimes":[)") +
                                 std::string(regime) + "]}";
        return ParseReportRegimes(text);
    };
    const std::string base =
        R"({"code":"r","rule_set":"plan","title_vi":"t","title_en":"t","form":"results",)"
        R"("article":"a",)";
    // 31 June does not exist.
    auto bad_day = refused(base + R"("period":"year","tiers":[{"kinds":["commune"],)"
                                  R"("due":{"month":6,"day":31,"article":"a"}}]})");
    ASSERT_FALSE(bad_day.ok());
    EXPECT_NE(bad_day.error().message_en.find("no such day"), std::string::npos)
        << bad_day.error().message_en;
    // A kind filing at two tiers, an unknown kind, an unknown period, a month without a day.
    auto twice =
        refused(base + R"("period":"year","tiers":[)"
                       R"({"kinds":["commune"],"due":{"days_after":1,"article":"a"}},)"
                       R"({"kinds":["commune","hamlet"],"due":{"month":3,"article":"a"}}]})");
    ASSERT_FALSE(twice.ok());
    EXPECT_NE(twice.error().message_en.find("already in another tier"), std::string::npos);
    EXPECT_NE(twice.error().message_en.find("hamlet"), std::string::npos);
    EXPECT_NE(twice.error().message_en.find("month and day"), std::string::npos);
    auto fortnight = refused(base + R"("period":"fortnight","tiers":[]})");
    ASSERT_FALSE(fortnight.ok());
    EXPECT_NE(fortnight.error().message_en.find("fortnight"), std::string::npos);
}

}  // namespace
}  // namespace ungcuu::rules
