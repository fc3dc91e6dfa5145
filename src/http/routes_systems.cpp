// Information systems (hệ thống thông tin): for now the level-determination helper.
#include <fmt/format.h>

#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

// Reads an optional code with `parse`; an unknown code is a field error.
template <typename Parse>
auto Code(jsonio::ObjectReader& reader,
          std::string_view field,
          Parse parse,
          domain::FieldErrors& errors) -> decltype(parse(std::string_view())) {
    const auto text = reader.OptString(field);
    if (!text) {
        return std::nullopt;
    }
    auto value = parse(*text);
    if (!value) {
        errors.Add(field, fmt::format("mã \"{}\" không hợp lệ", *text),
                   fmt::format("unknown code \"{}\"", *text));
    }
    return value;
}

Result<domain::SystemFacts> FactsFrom(std::string_view body) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(body));
    domain::FieldErrors errors;
    domain::SystemFacts facts;
    if (!reader.OptString("system_class")) {
        errors.Add("system_class", "bắt buộc chọn loại hệ thống", "is required");
    }
    facts.system_class = Code(reader, "system_class", domain::ParseSystemClass, errors)
                             .value_or(domain::SystemClass::kOther);
    for (const auto& code :
         reader.OptStringArray("info_classes").value_or(std::vector<std::string>{})) {
        if (const auto info = domain::ParseInfoClass(code)) {
            facts.info_classes.push_back(*info);
        } else {
            errors.Add("info_classes", fmt::format("loại thông tin \"{}\" không hợp lệ", code),
                       fmt::format("unknown information class \"{}\"", code));
        }
    }
    facts.user_count = reader.OptInt("user_count").value_or(0);
    facts.online_service_level =
        static_cast<int>(reader.OptInt("online_service_level").value_or(0));
    facts.conditional_business = reader.OptBool("conditional_business").value_or(false);
    facts.infrastructure_scope =
        Code(reader, "infrastructure_scope", domain::ParseInfrastructureScope, errors)
            .value_or(domain::InfrastructureScope::kNone);
    facts.works_grade = Code(reader, "works_grade", domain::ParseWorksGrade, errors)
                            .value_or(domain::WorksGrade::kNone);
    facts.requires_24_7 = reader.OptBool("requires_24_7").value_or(false);
    facts.national_egovernment = reader.OptBool("national_egovernment").value_or(false);
    facts.national_data_store = reader.OptBool("national_data_store").value_or(false);
    facts.secret_impact = Code(reader, "secret_impact", domain::ParseSecretImpact, errors)
                              .value_or(domain::SecretImpact::kNone);
    auto finished = reader.Finish();
    if (!finished.ok()) {
        for (const auto& detail : finished.error().details) {
            errors.Add(detail.where, detail.message_vi, detail.message_en);
        }
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    return facts;
}

}  // namespace

void AddSystemRoutes(RouteTable& table, Services s) {
    table.Add(verb::post, "/api/v1/systems/level-proposal", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(facts, FactsFrom(call.body()));
                  UNGCUU_ASSIGN_OR_RETURN(proposal, s.levels.Propose(facts));
                  json::array criteria;
                  for (const auto* criterion : proposal.matched) {
                      criteria.push_back(json::object{{"id", criterion->id},
                                                      {"level", criterion->level},
                                                      {"article", criterion->article},
                                                      {"text_vi", criterion->text_vi},
                                                      {"text_en", criterion->text_en}});
                  }
                  return Ok(json::object{{"rule_set", s.levels.rules().id},
                                         {"version", s.levels.rules().version},
                                         {"level", proposal.level},
                                         {"criteria", std::move(criteria)}});
              });
}

}  // namespace ungcuu::http
