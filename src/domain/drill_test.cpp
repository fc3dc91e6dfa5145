#include "domain/drill.hpp"

#include <gtest/gtest.h>

namespace ungcuu::domain {
namespace {

core::Date D(const char* text) { return *core::ParseDate(text); }

Drill Tabletop() {
    Drill drill;
    drill.unit_id = UnitId{1};
    drill.title = "Diễn tập ứng phó mã độc mã hóa dữ liệu";
    drill.day = D("2026-10-24");
    drill.units = {UnitId{4}, UnitId{5}};
    return drill;
}

TEST(DrillRules, TheOrganiserAndTheParticipatingUnitsTakePartNobodyElse) {
    const auto drill = Tabletop();
    EXPECT_TRUE(TakesPart(drill, UnitId{1}));
    EXPECT_TRUE(TakesPart(drill, UnitId{5}));
    EXPECT_FALSE(TakesPart(drill, UnitId{2}));
}

TEST(DrillRules, AProvincialDrillNamesItsOrganiserAndSizesAreBounded) {
    auto drill = Tabletop();
    EXPECT_TRUE(ValidateDrill(drill).ok());
    drill.level = DrillLevel::kProvincial;
    EXPECT_FALSE(ValidateDrill(drill).ok());
    drill.organiser_name = "Sở Khoa học và Công nghệ";
    EXPECT_TRUE(ValidateDrill(drill).ok());
    drill.duration_hours = 0;
    EXPECT_FALSE(ValidateDrill(drill).ok());
    drill.duration_hours = 4;
    drill.units.assign(101, UnitId{3});
    EXPECT_FALSE(ValidateDrill(drill).ok());
    EXPECT_EQ(ParseDrillKind(DrillKindCode(DrillKind::kLiveFire)), DrillKind::kLiveFire);
    EXPECT_FALSE(ParseDrillLevel("regional"));
}

TEST(DrillRules, AFixIsNotDueBeforeTheDrill) {
    Finding finding;
    finding.text = "Chưa có bản sao lưu ngoại tuyến";
    finding.due = D("2026-10-23");
    const auto early = ValidateFinding(finding, D("2026-10-24"));
    ASSERT_FALSE(early.ok());
    EXPECT_NE(early.error().details.at(0).message_vi.find("24/10/2026"), std::string::npos);
    finding.due = D("2026-10-24");
    EXPECT_TRUE(ValidateFinding(finding, D("2026-10-24")).ok());
    Inject inject;
    inject.title = "Máy chủ tệp bị mã hóa";
    inject.minute = 10081;
    EXPECT_FALSE(ValidateInject(inject).ok());
}

}  // namespace
}  // namespace ungcuu::domain
