// Level determination (NĐ 85/2016 Điều 5, 7–11) evaluated with the shipped rule file
// rules/vn-2017/levels.json: each row names the article whose criterion it exercises.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "rules/level_rules_loader.hpp"

namespace ungcuu::rules {
namespace {

using domain::InfoClass;
using domain::SystemClass;

domain::LevelRuleSet ShippedRules() {
    std::ifstream file(std::string(UNGCUU_RULES_DIR) + "/vn-2017/levels.json");
    std::ostringstream text;
    text << file.rdbuf();
    auto rules = ParseLevelRules(text.str());
    EXPECT_TRUE(rules.ok()) << (rules.ok() ? "" : rules.error().message_en);
    return std::move(rules).value();
}

struct Case {
    const char* article;  // what the row checks
    domain::SystemFacts facts;
    int level;
    const char* decided_by;
};

domain::SystemFacts Facts(SystemClass system_class, std::vector<InfoClass> info) {
    domain::SystemFacts facts;
    facts.system_class = system_class;
    facts.info_classes = std::move(info);
    return facts;
}

TEST(LevelRules, ShippedFileProposesTheLawsLevels) {
    const auto rules = ShippedRules();
    EXPECT_EQ(rules.id, "vn-2017");
    std::vector<Case> cases;
    cases.push_back({"Điều 7: internal, public information only",
                     Facts(SystemClass::kInternal, {InfoClass::kPublic}), 1, "L1-internal-public"});
    cases.push_back({"Điều 8: internal with personal data",
                     Facts(SystemClass::kInternal, {InfoClass::kPublic, InfoClass::kPersonal}), 2,
                     "L2-internal-private"});
    {
        auto facts = Facts(SystemClass::kCitizenService, {InfoClass::kPersonal});
        facts.user_count = 9'999;
        facts.online_service_level = 2;
        cases.push_back({"Điều 8: online service, personal data, 9,999 users", facts, 2,
                         "L2-service-online-up-to-2"});
        facts.user_count = 10'000;
        cases.push_back(
            {"Điều 9: the 10,000-user threshold is inclusive", facts, 3, "L3-personal-10000"});
    }
    {
        auto facts = Facts(SystemClass::kCitizenService, {InfoClass::kPublic});
        facts.online_service_level = 3;
        cases.push_back({"Điều 9: online public service level 3", facts, 3, "L3-online-level-3"});
        facts.online_service_level = 1;
        facts.conditional_business = true;
        cases.push_back(
            {"Điều 9: conditional business lines", facts, 3, "L3-conditional-business"});
    }
    {
        auto facts = Facts(SystemClass::kInfrastructure, {InfoClass::kPublic});
        facts.infrastructure_scope = domain::InfrastructureScope::kSingleOrganisation;
        cases.push_back({"Điều 8: infrastructure of one organisation", facts, 2,
                         "L2-infrastructure-single-organisation"});
        facts.infrastructure_scope = domain::InfrastructureScope::kSectorOrProvince;
        cases.push_back({"Điều 9: shared infrastructure of a province", facts, 3,
                         "L3-infrastructure-sector-or-province"});
        facts.infrastructure_scope = domain::InfrastructureScope::kNationwide;
        cases.push_back({"Điều 9: nationwide without the 24/7 requirement is level 3", facts, 3,
                         "L3-infrastructure-sector-or-province"});
        facts.requires_24_7 = true;
        cases.push_back({"Điều 10: nationwide shared infrastructure 24/7", facts, 4,
                         "L4-infrastructure-nationwide-24-7"});
        facts.infrastructure_scope = domain::InfrastructureScope::kInternational;
        cases.push_back(
            {"Điều 11: international links", facts, 5, "L5-international-infrastructure"});
    }
    {
        auto facts = Facts(SystemClass::kInternal, {InfoClass::kStateSecret});
        facts.secret_impact = domain::SecretImpact::kHarm;
        cases.push_back({"Điều 9: state secrets, harm", facts, 3, "L3-secret-harm"});
        facts.secret_impact = domain::SecretImpact::kSerious;
        cases.push_back({"Điều 10: state secrets, serious harm", facts, 4, "L4-secret-serious"});
        facts.secret_impact = domain::SecretImpact::kVerySerious;
        cases.push_back(
            {"Điều 11: state secrets, very serious harm", facts, 5, "L5-secret-very-serious"});
    }
    {
        auto facts = Facts(SystemClass::kIndustrialControl, {});
        facts.works_grade = domain::WorksGrade::kGrade2To4;
        cases.push_back(
            {"Điều 9: industrial control, grade II–IV", facts, 3, "L3-industrial-grade-2-4"});
        facts.works_grade = domain::WorksGrade::kGrade1;
        cases.push_back(
            {"Điều 10: industrial control, grade I", facts, 4, "L4-industrial-grade-1"});
        facts.works_grade = domain::WorksGrade::kSpecial;
        cases.push_back(
            {"Điều 11: industrial control, special grade", facts, 5, "L5-industrial-special"});
    }
    cases.push_back({"no criterion of level 2+ met: level 1, nothing matched",
                     Facts(SystemClass::kOther, {InfoClass::kPublic}), 1, nullptr});
    {
        auto facts = Facts(SystemClass::kCitizenService, {InfoClass::kPublic});
        facts.national_egovernment = true;
        facts.requires_24_7 = true;
        cases.push_back(
            {"Điều 10: national e-government 24/7", facts, 4, "L4-national-egovernment-24-7"});
    }
    for (const auto& row : cases) {
        const auto proposal = domain::ProposeLevel(rules, row.facts);
        EXPECT_EQ(proposal.level, row.level) << row.article;
        if (row.decided_by != nullptr) {
            ASSERT_FALSE(proposal.matched.empty()) << row.article;
            EXPECT_EQ(proposal.matched.front()->id, row.decided_by) << row.article;
            EXPECT_FALSE(proposal.matched.front()->article.empty());
        } else {
            EXPECT_TRUE(proposal.matched.empty()) << row.article;
        }
    }
}

TEST(LevelRules, SubSystemsRaiseTheLevel) {
    // Điều 5: a system takes the highest level of its parts.
    EXPECT_EQ(domain::CombinedLevel(2, {1, 3, 2}), 3);
    EXPECT_EQ(domain::CombinedLevel(4, {1}), 4);
    EXPECT_EQ(domain::CombinedLevel(2, {}), 2);
}

TEST(LevelRules, BadFilesAreRefusedWithTheirPlace) {
    const auto unknown_field = ParseLevelRules(R"({"rule_set":"x","version":"1","levels":[
        {"id":"a","level":2,"article":"Điều 8","text_vi":"…","when":{"clases":["internal"]}}]})");
    ASSERT_FALSE(unknown_field.ok());
    EXPECT_EQ(unknown_field.error().details[0].where, "levels[0].when.clases");

    const auto bad_code = ParseLevelRules(R"({"rule_set":"x","version":"1","levels":[
        {"id":"a","level":2,"article":"Điều 8","text_vi":"…","when":{"classes":["intranet"]}}]})");
    ASSERT_FALSE(bad_code.ok());
    EXPECT_EQ(bad_code.error().details[0].where, "levels[0].when.classes");

    const auto bad_level = ParseLevelRules(R"({"rule_set":"x","version":"1","levels":[
        {"id":"a","level":6,"article":"Điều 8","text_vi":"…","when":{}}]})");
    ASSERT_FALSE(bad_level.ok());
    EXPECT_NE(bad_level.error().message_vi.find("cấp độ 6"), std::string::npos);

    const auto no_article = ParseLevelRules(R"({"rule_set":"x","version":"1","levels":[
        {"id":"a","level":2,"article":"","text_vi":"…","when":{}},
        {"id":"a","level":3,"article":"Điều 9","text_vi":"…","when":{}}]})");
    ASSERT_FALSE(no_article.ok());
    EXPECT_EQ(no_article.error().details.size(), 2u);  // missing article, duplicate id

    EXPECT_FALSE(ParseLevelRules("{not json").ok());
    EXPECT_FALSE(ParseLevelRules(R"({"rule_set":"x","version":"1"})").ok());  // no levels
}

}  // namespace
}  // namespace ungcuu::rules
