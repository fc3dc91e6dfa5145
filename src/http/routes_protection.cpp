// Protection records: the four layers of a unit, assessments (scans, drills, audits), the
// inventory of equipment and licences, the risk register with its scenario taxonomy.
#include <fmt/format.h>

#include "core/text.hpp"
#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

// An optional "YYYY-MM-DD" field; a bad date is a field error.
std::optional<core::Date> OptDate(jsonio::ObjectReader& reader,
                                  std::string_view field,
                                  domain::FieldErrors& errors) {
    const auto text = reader.OptString(field);
    if (!text || text->empty()) {
        return std::nullopt;
    }
    const auto date = core::ParseDate(*text);
    if (!date) {
        errors.Add(field, fmt::format("\"{}\" không phải ngày hợp lệ (YYYY-MM-DD)", *text),
                   fmt::format("\"{}\" is not a valid date (YYYY-MM-DD)", *text));
    }
    return date;
}

template <typename Parse>
auto RequiredCode(jsonio::ObjectReader& reader,
                  std::string_view field,
                  Parse parse,
                  domain::FieldErrors& errors) -> decltype(parse(std::string_view())) {
    const std::string text = reader.String(field);
    auto value = parse(text);
    if (!value && !text.empty()) {
        errors.Add(field, fmt::format("mã \"{}\" không hợp lệ", text),
                   fmt::format("unknown code \"{}\"", text));
    }
    return value;
}

json::object LayerJson(const domain::ProtectionLayer& layer) {
    return json::object{{"layer", layer.layer},
                        {"state", domain::LayerStateCode(layer.state)},
                        {"provider", layer.provider},
                        {"evidence", layer.evidence},
                        {"since", DateJson(layer.since)}};
}

json::object AssessmentJson(const domain::Assessment& a) {
    return json::object{
        {"id", a.id.value()},
        {"kind", domain::DueKindCode(a.kind)},
        {"unit_id", a.unit_id.value()},
        {"system_id", a.system_id ? json::value(a.system_id->value()) : json::value(nullptr)},
        {"performed_on", core::FormatDate(a.performed_on)},
        {"performer", a.performer},
        {"licensed", a.licensed},
        {"findings", a.findings},
        {"recorded_by", a.recorded_by},
        {"created_at", core::FormatRfc3339(a.created_at)}};
}

json::object ItemJson(const domain::InventoryItem& item) {
    return json::object{{"id", item.id.value()},
                        {"unit_id", item.unit_id.value()},
                        {"kind", domain::InventoryKindCode(item.kind)},
                        {"name", item.name},
                        {"location", item.location},
                        {"serial", item.serial},
                        {"expires_on", DateJson(item.expires_on)},
                        {"stamped_on", DateJson(item.stamped_on)},
                        {"sensitive_place", item.sensitive_place},
                        {"state", domain::InventoryStateCode(item.state)},
                        {"created_at", core::FormatRfc3339(item.created_at)},
                        {"updated_at", core::FormatRfc3339(item.updated_at)}};
}

json::object RiskJson(const domain::Risk& risk, const app::ProtectionService& protection) {
    return json::object{
        {"id", risk.id.value()},
        {"system_id", risk.system_id.value()},
        {"system_code", risk.system_code},
        {"unit_id", risk.unit_id.value()},
        {"scenario", risk.scenario},
        {"likelihood", risk.likelihood},
        {"impact", risk.impact},
        {"score", risk.Score()},
        {"consequences", risk.consequences},
        {"people", risk.people},
        {"tools", risk.tools},
        {"contractors", risk.contractors},
        {"reviewed_on", core::FormatDate(risk.reviewed_on)},
        {"review_due", core::FormatDate(protection.RiskReviewDue(risk.reviewed_on))},
        {"updated_at", core::FormatRfc3339(risk.updated_at)}};
}

Result<domain::InventoryItem> ItemFrom(std::string_view body) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(body));
    domain::FieldErrors errors;
    domain::InventoryItem item;
    item.unit_id = domain::UnitId{reader.Int("unit_id")};
    item.kind = RequiredCode(reader, "kind", domain::ParseInventoryKind, errors)
                    .value_or(domain::InventoryKind::kOther);
    item.name = reader.String("name");
    item.location = reader.OptString("location").value_or("");
    item.serial = reader.OptString("serial").value_or("");
    item.expires_on = OptDate(reader, "expires_on", errors);
    item.stamped_on = OptDate(reader, "stamped_on", errors);
    item.sensitive_place = reader.OptBool("sensitive_place").value_or(false);
    if (reader.OptString("state")) {
        item.state = RequiredCode(reader, "state", domain::ParseInventoryState, errors)
                         .value_or(domain::InventoryState::kInUse);
    }
    UNGCUU_RETURN_IF_ERROR(reader.Finish(errors));
    return item;
}

Result<domain::Risk> RiskFrom(std::string_view body, bool with_system) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(body));
    domain::FieldErrors errors;
    domain::Risk risk;
    if (with_system) {
        risk.system_id = domain::SystemId{reader.Int("system_id")};
    }
    risk.scenario = reader.String("scenario");
    risk.likelihood = static_cast<int>(std::clamp<std::int64_t>(reader.Int("likelihood"), -1, 99));
    risk.impact = static_cast<int>(std::clamp<std::int64_t>(reader.Int("impact"), -1, 99));
    risk.consequences = reader.String("consequences");
    risk.people = reader.OptString("people").value_or("");
    risk.tools = reader.OptString("tools").value_or("");
    risk.contractors = reader.OptString("contractors").value_or("");
    const auto reviewed = OptDate(reader, "reviewed_on", errors);
    if (!reviewed && errors.empty()) {
        errors.Add("reviewed_on", "bắt buộc nhập ngày đánh giá", "the review date is required");
    }
    risk.reviewed_on = reviewed.value_or(core::Date{});
    UNGCUU_RETURN_IF_ERROR(reader.Finish(errors));
    return risk;
}

// PUT /api/v1/units/{}/layers/{}
Result<ApiReply> PutUnitsLayersById(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(number, IdParam(call, 1));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::ProtectionLayer layer;
    layer.unit_id = domain::UnitId{id};
    layer.layer = static_cast<int>(std::clamp<std::int64_t>(number, 0, 99));
    layer.state = RequiredCode(reader, "state", domain::ParseLayerState, errors)
                      .value_or(domain::LayerState::kMissing);
    layer.provider = reader.OptString("provider").value_or("");
    layer.evidence = reader.OptString("evidence").value_or("");
    layer.since = OptDate(reader, "since", errors);
    UNGCUU_RETURN_IF_ERROR(reader.Finish(errors));
    UNGCUU_ASSIGN_OR_RETURN(layers, s.protection.SetLayer(call.actor, layer));
    json::array items;
    for (const auto& l : layers) {
        items.push_back(LayerJson(l));
    }
    return Ok(json::object{{"items", std::move(items)}});
}

// GET /api/v1/assessments
Result<ApiReply> GetAssessments(const Services& s, Call& call) {
    app::AssessmentFilter filter;
    UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
    UNGCUU_ASSIGN_OR_RETURN(unit, OptUnitQuery(call));
    UNGCUU_ASSIGN_OR_RETURN(system, OptIdQuery(call, "system_id"));
    filter.limit = limit;
    filter.unit_id = unit;
    if (system) {
        filter.system_id = domain::SystemId{*system};
    }
    if (const std::string kind = QueryText(call, "kind"); !kind.empty()) {
        const auto parsed = domain::ParseDueKind(kind);
        if (!parsed) {
            return core::InvalidArgument(fmt::format("Loại \"{}\" không hợp lệ.", kind),
                                         fmt::format("Unknown kind \"{}\".", kind));
        }
        filter.kind = parsed;
    }
    UNGCUU_ASSIGN_OR_RETURN(items, s.protection.Assessments(call.actor, filter));
    json::array out;
    for (const auto& a : items) {
        out.push_back(AssessmentJson(a));
    }
    return Ok(json::object{{"items", std::move(out)}});
}

// POST /api/v1/assessments
Result<ApiReply> PostAssessments(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::Assessment a;
    a.kind =
        RequiredCode(reader, "kind", domain::ParseDueKind, errors).value_or(domain::DueKind::kScan);
    if (const auto unit = reader.OptInt("unit_id")) {
        a.unit_id = domain::UnitId{*unit};
    }
    if (const auto system = reader.OptInt("system_id")) {
        a.system_id = domain::SystemId{*system};
    }
    const auto performed = OptDate(reader, "performed_on", errors);
    if (!performed && errors.empty()) {
        errors.Add("performed_on", "bắt buộc nhập ngày thực hiện", "the date is required");
    }
    a.performed_on = performed.value_or(core::Date{});
    a.performer = reader.String("performer");
    a.licensed = reader.OptBool("licensed").value_or(false);
    a.findings = reader.OptString("findings").value_or("");
    UNGCUU_RETURN_IF_ERROR(reader.Finish(errors));
    if (!a.system_id && !a.unit_id.valid()) {
        return core::InvalidArgument("Hãy chọn hệ thống hoặc đơn vị.",
                                     "Choose a system or a unit.");
    }
    UNGCUU_ASSIGN_OR_RETURN(created, s.protection.RecordAssessment(call.actor, a));
    return Ok(AssessmentJson(created), bhttp::status::created);
}

// GET /api/v1/inventory
Result<ApiReply> GetInventory(const Services& s, Call& call) {
    app::InventoryQuery query;
    UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
    UNGCUU_ASSIGN_OR_RETURN(cursor, CursorParam(call));
    UNGCUU_ASSIGN_OR_RETURN(unit, OptUnitQuery(call));
    UNGCUU_ASSIGN_OR_RETURN(search, SearchParam(call));
    query.limit = limit;
    query.after_id = cursor;
    query.unit_id = unit;
    query.search = std::move(search);
    if (const std::string kind = QueryText(call, "kind"); !kind.empty()) {
        query.kind = domain::ParseInventoryKind(kind);
        if (!query.kind) {
            return core::InvalidArgument(fmt::format("Loại \"{}\" không hợp lệ.", kind),
                                         fmt::format("Unknown kind \"{}\".", kind));
        }
    }
    if (const std::string state = QueryText(call, "state"); !state.empty()) {
        query.state = domain::ParseInventoryState(state);
        if (!query.state) {
            return core::InvalidArgument(fmt::format("Trạng thái \"{}\" không hợp lệ.", state),
                                         fmt::format("Unknown state \"{}\".", state));
        }
    }
    if (const std::string days = QueryText(call, "expiring_within"); !days.empty()) {
        const auto value = core::ParseInt64(days);
        if (!value || *value < 0 || *value > 3650) {
            return core::InvalidArgument("Tham số expiring_within phải là số ngày từ 0 đến 3650.",
                                         "The expiring_within parameter must be 0 to 3650 days.");
        }
        query.expiring_within_days = static_cast<int>(*value);
    }
    UNGCUU_ASSIGN_OR_RETURN(page, s.protection.Inventory(call.actor, query));
    json::array items;
    for (const auto& item : page.items) {
        items.push_back(ItemJson(item));
    }
    return Ok(Page(std::move(items), page.next_cursor));
}

// GET /api/v1/taxonomy
Result<ApiReply> GetTaxonomy(const Services& s, Call& /*call*/) {
    const auto& taxonomy = s.protection.taxonomy();
    json::array groups;
    for (const auto& g : taxonomy.groups) {
        groups.push_back(
            json::object{{"code", g.code}, {"name_vi", g.name_vi}, {"name_en", g.name_en}});
    }
    json::array scenarios;
    for (const auto& sc : taxonomy.scenarios) {
        json::array rsit(sc.rsit.begin(), sc.rsit.end());
        json::array veris(sc.veris.begin(), sc.veris.end());
        scenarios.push_back(json::object{{"code", sc.code},
                                         {"group", sc.group},
                                         {"name_vi", sc.name_vi},
                                         {"name_en", sc.name_en},
                                         {"rsit", std::move(rsit)},
                                         {"veris", std::move(veris)}});
    }
    return Ok(json::object{{"taxonomy", taxonomy.id},
                           {"version", taxonomy.version},
                           {"groups", std::move(groups)},
                           {"scenarios", std::move(scenarios)}});
}

// GET /api/v1/risks
Result<ApiReply> GetRisks(const Services& s, Call& call) {
    app::RiskQuery query;
    UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
    UNGCUU_ASSIGN_OR_RETURN(cursor, CursorParam(call));
    UNGCUU_ASSIGN_OR_RETURN(unit, OptUnitQuery(call));
    UNGCUU_ASSIGN_OR_RETURN(system, OptIdQuery(call, "system_id"));
    UNGCUU_ASSIGN_OR_RETURN(overdue, OptBoolQuery(call, "review_overdue"));
    query.limit = limit;
    query.after_id = cursor;
    query.unit_id = unit;
    if (system) {
        query.system_id = domain::SystemId{*system};
    }
    query.review_overdue = overdue.value_or(false);
    UNGCUU_ASSIGN_OR_RETURN(page, s.protection.Risks(call.actor, query));
    json::array items;
    for (const auto& risk : page.risks) {
        items.push_back(RiskJson(risk, s.protection));
    }
    return Ok(Page(std::move(items), page.next_cursor));
}

}  // namespace

void AddProtectionRoutes(RouteTable& table, Services s) {
    // -- four-layer model ----------------------------------------------------------------------
    table.Add(verb::get, "/api/v1/units/{}/layers", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(layers,
                                          s.protection.Layers(call.actor, domain::UnitId{id}));
                  json::array items;
                  for (const auto& layer : layers) {
                      items.push_back(LayerJson(layer));
                  }
                  return Ok(json::object{{"items", std::move(items)}});
              });
    table.Add(verb::put, "/api/v1/units/{}/layers/{}", Access::kSignedIn,
              [s](Call& call) { return PutUnitsLayersById(s, call); });

    // -- assessments, scans, drills -------------------------------------------------------------
    table.Add(verb::get, "/api/v1/assessments", Access::kSignedIn,
              [s](Call& call) { return GetAssessments(s, call); });
    table.Add(verb::post, "/api/v1/assessments", Access::kSignedIn,
              [s](Call& call) { return PostAssessments(s, call); });

    // -- inventory ------------------------------------------------------------------------------
    table.Add(verb::get, "/api/v1/inventory", Access::kSignedIn,
              [s](Call& call) { return GetInventory(s, call); });
    table.Add(
        verb::post, "/api/v1/inventory", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(item, ItemFrom(call.body()));
            UNGCUU_ASSIGN_OR_RETURN(created, s.protection.CreateItem(call.actor, std::move(item)));
            return Ok(ItemJson(created), bhttp::status::created);
        });
    table.Add(
        verb::put, "/api/v1/inventory/{}", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(item, ItemFrom(call.body()));
            UNGCUU_ASSIGN_OR_RETURN(
                updated,
                s.protection.UpdateItem(call.actor, domain::InventoryId{id}, std::move(item)));
            return Ok(ItemJson(updated));
        });
    table
        .AddRaw(verb::post, "/api/v1/inventory/import", Access::kSignedIn,
                [s](Call& call) -> Result<ApiReply> {
                    UNGCUU_ASSIGN_OR_RETURN(rows, s.tables.Read(call.body()));
                    UNGCUU_ASSIGN_OR_RETURN(
                        report, s.protection.ImportInventory(call.actor, std::move(rows)));
                    return Ok(json::object{{"created", report.created}});
                })
        .precheck = NeedsSomewhere(domain::Permission::kSystemWrite);

    // -- risk register --------------------------------------------------------------------------
    table.Add(verb::get, "/api/v1/taxonomy", Access::kSignedIn,
              [s](Call& call) { return GetTaxonomy(s, call); });
    table.Add(verb::get, "/api/v1/risks", Access::kSignedIn,
              [s](Call& call) { return GetRisks(s, call); });
    table.Add(verb::post, "/api/v1/risks", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(risk, RiskFrom(call.body(), true));
        UNGCUU_ASSIGN_OR_RETURN(created, s.protection.CreateRisk(call.actor, std::move(risk)));
        return Ok(RiskJson(created, s.protection), bhttp::status::created);
    });
    table.Add(
        verb::put, "/api/v1/risks/{}", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(risk, RiskFrom(call.body(), false));
            UNGCUU_ASSIGN_OR_RETURN(
                updated, s.protection.UpdateRisk(call.actor, domain::RiskId{id}, std::move(risk)));
            return Ok(RiskJson(updated, s.protection));
        });
}

}  // namespace ungcuu::http
