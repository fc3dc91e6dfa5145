// Use case: an incident report as an official document (DOCX or PDF), for a caller who may read
// the incident. Thread-safe as the services it uses.
#pragma once

#include <string>

#include "app/actor.hpp"
#include "app/incidents/incident_service.hpp"
#include "app/incidents/ports.hpp"

namespace ungcuu::app {

class ReportDocumentService {
public:
    ReportDocumentService(IncidentService& incidents, DocumentRenderer& renderer)
        : incidents_(incidents), renderer_(renderer) {}

    /// kNotFound when the caller does not see the incident or it has no such report.
    core::Result<RenderedDocument> Render(const Actor& actor,
                                          domain::IncidentId incident,
                                          domain::ReportId report,
                                          DocumentFormat format);

private:
    IncidentService& incidents_;
    DocumentRenderer& renderer_;
};

}  // namespace ungcuu::app
