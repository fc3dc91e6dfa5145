#include "app/incidents/report_documents.hpp"

#include <fmt/format.h>

namespace ungcuu::app {

core::Result<RenderedDocument> ReportDocumentService::Render(const Actor& actor,
                                                             domain::IncidentId incident,
                                                             domain::ReportId report,
                                                             DocumentFormat format) {
    UNGCUU_ASSIGN_OR_RETURN(found, incidents_.ReportFor(actor, incident, report));
    const auto& [issued, details] = found;
    return RenderDocument(renderer_, BuildReportDocument(issued, details), format,
                          fmt::format("{}-{}", details.incident.code, issued.type));
}

}  // namespace ungcuu::app
