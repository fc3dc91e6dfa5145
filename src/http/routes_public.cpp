// The public page: a citizen's report without an account (rate-limited per address) and its
// status by tracking code.
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

// POST /api/v1/public/reports
Result<ApiReply> PostPublicReports(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::PublicReport report;
    report.name = reader.OptString("name").value_or("");
    report.organisation = reader.OptString("organisation").value_or("");
    report.email = reader.OptString("email").value_or("");
    report.phone = reader.OptString("phone").value_or("");
    report.affected = reader.OptString("affected").value_or("");
    report.description = reader.OptString("description").value_or("");
    // A field people do not see: robots fill it.
    const auto trap = reader.OptString("website").value_or("");
    if (const auto unit = reader.OptInt("unit_id")) {
        report.unit_id = domain::UnitId{*unit};
    }
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    report.address = call.context.remote_address;
    if (!trap.empty()) {
        return core::InvalidArgument("Không nhận được phản ánh.", "The report was not accepted.");
    }
    UNGCUU_ASSIGN_OR_RETURN(code, s.incidents.CreatePublic(report));
    return Ok(json::object{{"tracking_code", code}}, bhttp::status::accepted);
}

}  // namespace

void AddPublicReportRoutes(RouteTable& table, Services s) {
    // The public page: no account, rate-limited per address.
    table.Add(verb::post, "/api/v1/public/reports", Access::kPublic,
              [s](Call& call) { return PostPublicReports(s, call); });
    table.Add(verb::get, "/api/v1/public/reports/{}", Access::kPublic,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(status, s.incidents.StatusByTrackingCode(call.params[0]));
                  const auto& step = domain::StepOf(status.state);
                  return Ok(json::object{{"tracking_code", status.code},
                                         {"state", domain::IncidentStateCode(status.state)},
                                         {"state_vi", step.name_vi},
                                         {"state_en", step.name_en},
                                         {"received_at", core::FormatRfc3339(status.received_at)},
                                         {"updated_at", core::FormatRfc3339(status.updated_at)}});
              });
}

}  // namespace ungcuu::http
