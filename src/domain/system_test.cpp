#include "domain/system.hpp"

#include <gtest/gtest.h>

namespace ungcuu::domain {
namespace {

InformationSystem Portal() {
    InformationSystem system;
    system.code = "DLK-CONG-TTDT";
    system.name_vi = "Cổng thông tin điện tử tỉnh";
    system.owner_unit_id = UnitId{1};
    system.public_ips = {"203.113.1.10", "2402:800:20ff::10"};
    system.domains = {"daklak.gov.vn", "https://dichvucong.daklak.gov.vn/portal"};
    system.services = {"web", "database"};
    system.security_measures = {"firewall", "waf", "antivirus"};
    return system;
}

TEST(InformationSystem, AValidRecordPasses) { EXPECT_TRUE(ValidateSystem(Portal()).ok()); }

TEST(InformationSystem, EveryBadFieldIsNamed) {
    InformationSystem system = Portal();
    system.code = "bad code";
    system.name_vi = "";
    system.owner_unit_id = UnitId{};
    system.facts.user_count = -1;
    system.facts.online_service_level = 5;
    system.public_ips = {"256.1.1.1", "10.0.0", "01.2.3.4", "fe80::1"};
    system.domains = {"not a domain", "http://"};
    system.services = {"web", "ftp"};
    system.security_measures = {"prayer"};
    const auto status = ValidateSystem(system);
    ASSERT_FALSE(status.ok());
    std::multiset<std::string> fields;
    for (const auto& detail : status.error().details) {
        fields.insert(detail.where);
    }
    EXPECT_EQ(fields.count("code"), 1u);
    EXPECT_EQ(fields.count("name_vi"), 1u);
    EXPECT_EQ(fields.count("owner_unit_id"), 1u);
    EXPECT_EQ(fields.count("user_count"), 1u);
    EXPECT_EQ(fields.count("online_service_level"), 1u);
    EXPECT_EQ(fields.count("public_ips"), 3u);  // fe80::1 is a valid IPv6 address
    EXPECT_EQ(fields.count("domains"), 2u);
    EXPECT_EQ(fields.count("services"), 1u);
    EXPECT_EQ(fields.count("security_measures"), 1u);
}

TEST(InformationSystem, SubSystemCyclesAreRefused) {
    // 3 is a sub-system of 2, which is a sub-system of 1; making 1 a part of 3 closes a cycle.
    const std::vector<SystemId> chain_of_3 = {SystemId{3}, SystemId{2}, SystemId{1}};
    EXPECT_EQ(CheckSubSystemParent(SystemId{1}, chain_of_3).error().code,
              core::ErrorCode::kConflict);
    EXPECT_FALSE(CheckSubSystemParent(SystemId{3}, {SystemId{3}}).ok());  // itself
    EXPECT_TRUE(CheckSubSystemParent(SystemId{4}, chain_of_3).ok());
}

TEST(InformationSystem, CodesRoundTrip) {
    for (const auto value :
         {SystemClass::kInternal, SystemClass::kCitizenService, SystemClass::kInfrastructure,
          SystemClass::kIndustrialControl, SystemClass::kOther}) {
        EXPECT_EQ(ParseSystemClass(SystemClassCode(value)), value);
    }
    for (const auto value :
         {InfoClass::kPublic, InfoClass::kPrivate, InfoClass::kPersonal, InfoClass::kStateSecret}) {
        EXPECT_EQ(ParseInfoClass(InfoClassCode(value)), value);
    }
    EXPECT_EQ(ParseInfrastructureScope(InfrastructureScopeCode(InfrastructureScope::kNationwide)),
              InfrastructureScope::kNationwide);
    EXPECT_EQ(ParseWorksGrade(WorksGradeCode(WorksGrade::kGrade1)), WorksGrade::kGrade1);
    EXPECT_EQ(ParseSecretImpact(SecretImpactCode(SecretImpact::kSerious)), SecretImpact::kSerious);
}

}  // namespace
}  // namespace ungcuu::domain
