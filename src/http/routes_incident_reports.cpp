// An incident's reports (drafts, issuing, DOCX and PDF), evidence attachments and the signed
// copies of issued reports.
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

Result<app::ReportDraft> ReadDraft(const Call& call, bool with_type) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::ReportDraft draft;
    if (with_type) {
        draft.type = reader.String("type");
    }
    draft.summary = reader.OptString("summary").value_or("");
    draft.result = reader.OptString("result").value_or("");
    draft.requested_help = reader.OptString("requested_help").value_or("");
    draft.signer_name = reader.OptString("signer_name").value_or("");
    draft.signer_title = reader.OptString("signer_title").value_or("");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    return draft;
}

// PUT /api/v1/incidents/{}/reports/{}
Result<ApiReply> PutIncidentsReportsById(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(report_id, IdParam(call, 1));
    UNGCUU_ASSIGN_OR_RETURN(draft, ReadDraft(call, false));
    UNGCUU_ASSIGN_OR_RETURN(report, s.incidents.UpdateReport(call.actor, domain::IncidentId{id},
                                                             domain::ReportId{report_id}, draft));
    UNGCUU_ASSIGN_OR_RETURN(details, s.incidents.Get(call.actor, domain::IncidentId{id}));
    return Ok(ReportJson(report, details.rules));
}

// GET /api/v1/incidents/{}/reports/{}
Result<ApiReply> GetIncidentsReportsById(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    // "<id>", "<id>.docx" or "<id>.pdf".
    std::string_view name = call.params[1];
    std::string format = "json";
    if (const auto dot = name.find('.'); dot != std::string_view::npos) {
        format = std::string(name.substr(dot + 1));
        name = name.substr(0, dot);
    }
    const auto report_id = core::ParseInt64(name);
    if (!report_id || (format != "json" && format != "docx" && format != "pdf")) {
        return core::NotFound("Không tìm thấy báo cáo.", "Report not found.");
    }
    if (format == "json") {
        UNGCUU_ASSIGN_OR_RETURN(found, s.incidents.ReportFor(call.actor, domain::IncidentId{id},
                                                             domain::ReportId{*report_id}));
        return Ok(ReportJson(found.first, found.second.rules));
    }
    UNGCUU_ASSIGN_OR_RETURN(
        file, s.documents.Render(
                  call.actor, domain::IncidentId{id}, domain::ReportId{*report_id},
                  format == "docx" ? app::DocumentFormat::kDocx : app::DocumentFormat::kPdf));
    return OkFile(file.content_type, file.file_name, std::move(file.bytes));
}

}  // namespace

void AddIncidentReportRoutes(RouteTable& table, Services s) {
    table.Add(verb::post, "/api/v1/incidents/{}/reports", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(draft, ReadDraft(call, true));
                  UNGCUU_ASSIGN_OR_RETURN(
                      report, s.incidents.CreateReport(call.actor, domain::IncidentId{id}, draft));
                  UNGCUU_ASSIGN_OR_RETURN(details,
                                          s.incidents.Get(call.actor, domain::IncidentId{id}));
                  return Ok(ReportJson(report, details.rules), bhttp::status::created);
              });
    table.Add(verb::put, "/api/v1/incidents/{}/reports/{}", Access::kSignedIn,
              [s](Call& call) { return PutIncidentsReportsById(s, call); });
    table.Add(verb::post, "/api/v1/incidents/{}/reports/{}/issue", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(report_id, IdParam(call, 1));
                  UNGCUU_ASSIGN_OR_RETURN(
                      details, s.incidents.IssueReport(call.actor, domain::IncidentId{id},
                                                       domain::ReportId{report_id}));
                  return Ok(DetailsJson(details));
              });
    table
        .Add(verb::get, "/api/v1/incidents/{}/reports/{}", Access::kSignedIn,
             [s](Call& call) { return GetIncidentsReportsById(s, call); })
        .heavy = [](std::string_view path) {
        return path.ends_with(".docx") || path.ends_with(".pdf");
    };
    // Files: evidence attachments and the signed copies of issued reports (raw bodies).
    table
        .AddRaw(verb::post, "/api/v1/incidents/{}/attachments", Access::kSignedIn,
                [s](Call& call) -> Result<ApiReply> {
                    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                    UNGCUU_ASSIGN_OR_RETURN(
                        details, s.incidents.AddAttachment(call.actor, domain::IncidentId{id},
                                                           QueryText(call, "name"), call.body()));
                    return Ok(DetailsJson(details), bhttp::status::created);
                })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentReport);
    table.Add(verb::get, "/api/v1/incidents/{}/attachments/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(attachment, IdParam(call, 1));
                  UNGCUU_ASSIGN_OR_RETURN(file,
                                          s.incidents.Attachment(call.actor, domain::IncidentId{id},
                                                                 domain::AttachmentId{attachment}));
                  return OkFile(file.content_type, file.name, std::move(file.bytes));
              });
    table
        .AddRaw(verb::put, "/api/v1/incidents/{}/reports/{}/signed", Access::kSignedIn,
                [s](Call& call) -> Result<ApiReply> {
                    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                    UNGCUU_ASSIGN_OR_RETURN(report, IdParam(call, 1));
                    UNGCUU_ASSIGN_OR_RETURN(
                        details, s.incidents.AttachSignedCopy(
                                     call.actor, domain::IncidentId{id}, domain::ReportId{report},
                                     QueryText(call, "name"), call.body()));
                    return Ok(DetailsJson(details));
                })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table.Add(verb::get, "/api/v1/incidents/{}/reports/{}/signed", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(report, IdParam(call, 1));
                  UNGCUU_ASSIGN_OR_RETURN(file,
                                          s.incidents.SignedCopy(call.actor, domain::IncidentId{id},
                                                                 domain::ReportId{report}));
                  return OkFile(file.content_type, file.name, std::move(file.bytes));
              });
}

}  // namespace ungcuu::http
