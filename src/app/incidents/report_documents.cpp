#include "app/incidents/report_documents.hpp"

#include <fmt/format.h>

namespace ungcuu::app {

core::Result<RenderedDocument> ReportDocumentService::Render(const Actor& actor,
                                                             domain::IncidentId incident,
                                                             domain::ReportId report,
                                                             DocumentFormat format) {
    UNGCUU_ASSIGN_OR_RETURN(found, incidents_.ReportFor(actor, incident, report));
    const auto& [issued, details] = found;
    const auto document = BuildReportDocument(issued, details);
    const bool docx = format == DocumentFormat::kDocx;
    UNGCUU_ASSIGN_OR_RETURN(bytes, docx ? renderer_.Docx(document) : renderer_.Pdf(document));
    return RenderedDocument{
        docx ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
             : "application/pdf",
        fmt::format("{}-{}.{}", details.incident.code, issued.type, docx ? "docx" : "pdf"),
        std::move(bytes)};
}

}  // namespace ungcuu::app
