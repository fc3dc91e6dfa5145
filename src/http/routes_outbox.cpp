// Deliveries of reports and notices: the inbox, acknowledgements, retries, and each unit's
// routing designations (which functions it holds, its webhook).
#include <fmt/format.h>

#include "core/text.hpp"
#include "http/incident_views.hpp"
#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::object RoutingJson(const app::UnitRouting& routing) {
    const auto report_json = [](const domain::ReportTypeRule* report) {
        return json::object{
            {"type", report->type}, {"title_vi", report->title_vi}, {"title_en", report->title_en}};
    };
    return json::object{
        {"unit_id", routing.unit_id.value()},
        {"functions", ArrayJson(routing.functions,
                                [](domain::RoutingFunction f) {
                                    return json::value(domain::RoutingFunctionCode(f));
                                })},
        {"webhook_url", routing.webhook_url},
        {"unserved", ArrayJson(routing.unserved, [&](const app::UnservedFunction& missing) {
             return json::object{{"function", missing.function},
                                 {"reports", ArrayJson(missing.reports, report_json)}};
         })}};
}

// PUT /api/v1/units/{}/routing
Result<ApiReply> PutUnitsRouting(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::UnitRouting routing;
    routing.unit_id = domain::UnitId{id};
    const auto codes = reader.OptStringArray("functions").value_or(std::vector<std::string>{});
    routing.webhook_url = reader.OptString("webhook_url").value_or("");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    for (const auto& code : codes) {
        const auto f = domain::ParseRoutingFunction(code);
        if (!f) {
            return core::InvalidArgument(fmt::format("Chức năng \"{}\" không có.", code),
                                         fmt::format("Unknown function \"{}\".", code));
        }
        routing.functions.push_back(*f);
    }
    UNGCUU_ASSIGN_OR_RETURN(saved, s.outbox.SetRouting(call.actor, routing));
    return Ok(RoutingJson(saved));
}

}  // namespace

void AddOutboxRoutes(RouteTable& table, Services s) {
    table.Add(verb::get, "/api/v1/inbox", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(unacknowledged, OptBoolQuery(call, "unacknowledged"));
        UNGCUU_ASSIGN_OR_RETURN(rows, s.outbox.Inbox(call.actor, unacknowledged.value_or(false)));
        json::array items;
        for (const auto& d : rows) {
            items.push_back(DeliveryJson(d));
        }
        return Ok(json::object{{"items", std::move(items)}});
    });
    table.Add(verb::post, "/api/v1/deliveries/{}/acknowledge", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(delivery,
                                          s.outbox.Acknowledge(call.actor, domain::DeliveryId{id}));
                  return Ok(DeliveryJson(delivery));
              });
    table.Add(verb::post, "/api/v1/deliveries/{}/retry", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(delivery,
                                          s.outbox.Retry(call.actor, domain::DeliveryId{id}));
                  return Ok(DeliveryJson(delivery));
              });
    table.Add(verb::get, "/api/v1/units/{}/routing", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(routing,
                                          s.outbox.Routing(call.actor, domain::UnitId{id}));
                  return Ok(RoutingJson(routing));
              });
    table.Add(verb::put, "/api/v1/units/{}/routing", Access::kSignedIn,
              [s](Call& call) { return PutUnitsRouting(s, call); });
}

}  // namespace ungcuu::http
