#include "app/incidents/report_documents.hpp"

#include <fmt/format.h>

namespace ungcuu::app {

core::Result<RenderedDocument> ReportDocumentService::Render(const Actor& actor,
                                                             domain::IncidentId incident,
                                                             domain::ReportId report,
                                                             DocumentFormat format) {
    auto found = incidents_.ReportFor(actor, incident, report);
    if (!found.ok()) {
        return std::move(found).error();
    }
    const auto& [issued, details] = *found;
    const auto document = BuildReportDocument(issued, details);
    const bool docx = format == DocumentFormat::kDocx;
    auto bytes = docx ? renderer_.Docx(document) : renderer_.Pdf(document);
    if (!bytes.ok()) {
        return std::move(bytes).error();
    }
    return RenderedDocument{
        docx ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
             : "application/pdf",
        fmt::format("{}-{}.{}", details.incident.code, issued.type, docx ? "docx" : "pdf"),
        std::move(bytes).value()};
}

}  // namespace ungcuu::app
