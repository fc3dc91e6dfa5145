// Information systems (hệ thống thông tin): the registry, its import, and the
// level-determination helper.
#include <fmt/format.h>

#include "core/text.hpp"
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

// The level facts, read from the same object as the rest of a system or on their own.
domain::SystemFacts ReadFacts(jsonio::ObjectReader& reader, domain::FieldErrors& errors) {
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
    facts.online_service_level = static_cast<int>(
        std::clamp<std::int64_t>(reader.OptInt("online_service_level").value_or(0), -1, 99));
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
    return facts;
}

Result<domain::SystemFacts> FactsFrom(std::string_view body) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(body));
    domain::FieldErrors errors;
    auto facts = ReadFacts(reader, errors);
    UNGCUU_RETURN_IF_ERROR(reader.Finish(errors));
    return facts;
}

Result<domain::InformationSystem> SystemFrom(std::string_view body) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(body));
    domain::FieldErrors errors;
    domain::InformationSystem s;
    s.code = reader.String("code");
    s.name_vi = reader.String("name_vi");
    s.name_en = reader.OptString("name_en").value_or("");
    s.description = reader.OptString("description").value_or("");
    s.owner_unit_id = domain::UnitId{reader.Int("owner_unit_id")};
    if (const auto op = reader.OptInt("operator_unit_id")) {
        s.operator_unit_id = domain::UnitId{*op};
    }
    if (const auto parent = reader.OptInt("parent_id")) {
        s.parent_id = domain::SystemId{*parent};
    }
    s.vendor = reader.OptString("vendor").value_or("");
    s.facts = ReadFacts(reader, errors);
    s.national_critical = reader.OptBool("national_critical").value_or(false);
    const auto list = [&reader](std::string_view field) {
        return reader.OptStringArray(field).value_or(std::vector<std::string>{});
    };
    s.public_ips = list("public_ips");
    s.domains = list("domains");
    s.services = list("services");
    s.security_measures = list("security_measures");
    s.operating_systems = reader.OptString("operating_systems").value_or("");
    s.isp = reader.OptString("isp").value_or("");
    s.security_provider = reader.OptString("security_provider").value_or("");
    s.active = reader.OptBool("active").value_or(true);
    UNGCUU_RETURN_IF_ERROR(reader.Finish(errors));
    return s;
}

json::array CriteriaJson(const std::vector<const domain::LevelCriterion*>& criteria) {
    json::array items;
    for (const auto* criterion : criteria) {
        items.push_back(json::object{{"id", criterion->id},
                                     {"level", criterion->level},
                                     {"article", criterion->article},
                                     {"text_vi", criterion->text_vi},
                                     {"text_en", criterion->text_en}});
    }
    return items;
}

json::object DetailsJson(const app::SystemDetails& details) {
    json::object body = SystemJson(details.system);
    body["combined_level"] = details.combined_level;
    body["deciding_criteria"] = CriteriaJson(details.deciding_criteria);
    return body;
}

// GET /api/v1/systems
Result<ApiReply> GetSystems(const Services& s, Call& call) {
    app::SystemQuery query;
    UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
    UNGCUU_ASSIGN_OR_RETURN(cursor, CursorParam(call));
    UNGCUU_ASSIGN_OR_RETURN(owner, OptIdQuery(call, "owner_unit_id"));
    UNGCUU_ASSIGN_OR_RETURN(parent, OptIdQuery(call, "parent_id"));
    UNGCUU_ASSIGN_OR_RETURN(level, OptIdQuery(call, "level"));
    UNGCUU_ASSIGN_OR_RETURN(approved, OptBoolQuery(call, "approved"));
    UNGCUU_ASSIGN_OR_RETURN(active, OptBoolQuery(call, "active"));
    UNGCUU_ASSIGN_OR_RETURN(search, SearchParam(call));
    query.limit = limit;
    query.after_id = cursor;
    if (owner) {
        query.owner_unit_id = domain::UnitId{*owner};
    }
    if (parent) {
        query.parent_id = domain::SystemId{*parent};
    }
    if (level) {
        if (*level > 5) {
            return core::InvalidArgument("Tham số level phải từ 1 đến 5.",
                                         "The level parameter must be 1 to 5.");
        }
        query.level = static_cast<int>(*level);
    }
    query.approved = approved;
    query.active = active;
    query.search = std::move(search);
    UNGCUU_ASSIGN_OR_RETURN(page, s.systems.List(call.actor, query));
    json::array items;
    for (const auto& system : page.systems) {
        items.push_back(SystemJson(system));
    }
    return Ok(Page(std::move(items), page.next_cursor));
}

}  // namespace

void AddSystemRoutes(RouteTable& table, Services s) {
    table.Add(verb::post, "/api/v1/systems/level-proposal", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(facts, FactsFrom(call.body()));
                  UNGCUU_ASSIGN_OR_RETURN(proposal, s.levels.Propose(facts));
                  return Ok(json::object{{"rule_set", s.levels.rules().id},
                                         {"version", s.levels.rules().version},
                                         {"level", proposal.level},
                                         {"criteria", CriteriaJson(proposal.matched)}});
              });
    table.Add(verb::get, "/api/v1/systems", Access::kSignedIn,
              [s](Call& call) { return GetSystems(s, call); });
    table.Add(verb::post, "/api/v1/systems", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(system, SystemFrom(call.body()));
                  UNGCUU_ASSIGN_OR_RETURN(created, s.systems.Create(call.actor, std::move(system)));
                  return Ok(DetailsJson(created), bhttp::status::created);
              });
    table.Add(verb::get, "/api/v1/systems/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(details, s.systems.Get(call.actor, domain::SystemId{id}));
                  return Ok(DetailsJson(details));
              });
    table.Add(
        verb::put, "/api/v1/systems/{}", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(system, SystemFrom(call.body()));
            UNGCUU_ASSIGN_OR_RETURN(
                updated, s.systems.Update(call.actor, domain::SystemId{id}, std::move(system)));
            return Ok(DetailsJson(updated));
        });
    table.Add(verb::get, "/api/v1/units/{}/operators", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(units,
                                          s.systems.Operators(call.actor, domain::UnitId{id}));
                  return Ok(UnitChoicesJson(units));
              });
    table
        .AddRaw(verb::post, "/api/v1/systems/import", Access::kSignedIn,
                [s](Call& call) -> Result<ApiReply> {
                    UNGCUU_ASSIGN_OR_RETURN(rows, s.tables.Read(call.body()));
                    UNGCUU_ASSIGN_OR_RETURN(report, s.systems.Import(call.actor, std::move(rows)));
                    return Ok(json::object{{"created", report.created}});
                })
        .precheck = NeedsSomewhere(domain::Permission::kSystemWrite);
}

}  // namespace ungcuu::http
