// The harmful-content register's use cases (Luật An ninh mạng Điều 16, 26; seeds 002 §II.4–5,
// 003 §II.4): units record cases of content harming the province — by hand, or from a citizen's
// report on the public page —, keep evidence (files uploaded, or the page captured from its
// address the way the website monitor captures a defaced one: the page, its headers, a picture,
// and their SHA-256 digests with the time), hand cases over to the police or the Department,
// follow takedown requests to the platforms, and hand a periodic list over as a workbook.
// Evidence is scanned for malware like every upload; a match opens an incident (A3, malware) at
// the handling unit. Reading follows the unit tree like incidents; recording needs the right to
// report incidents at the case's unit. Thread-safe.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/documents.hpp"
#include "app/incidents/incident_service.hpp"
#include "app/ports.hpp"
#include "domain/harmful_content.hpp"

namespace ungcuu::app {

struct CaseList {
    std::int64_t total = 0;
    std::vector<domain::HarmfulCase> rows;
    std::vector<domain::Takedown> takedowns;  // of the rows
};

struct CaseDetails {
    domain::HarmfulCase c;
    std::vector<CaseEvidence> evidence;
    std::vector<domain::Takedown> takedowns;
    bool can_edit = false;
};

class HarmfulContentService {
public:
    static constexpr int kMaxExport = 5000;

    HarmfulContentService(Store& store,
                          const core::Clock& clock,
                          IncidentService& incidents,
                          DocumentRenderer& renderer)
        : store_(store), clock_(clock), incidents_(incidents), renderer_(renderer) {}

    /// The fetcher and camera captures use (set at start-up; nullptr: no capture, no picture).
    void Attach(PageFetcher* fetcher, PageCamera* camera) {
        std::lock_guard lock(mutex_);
        fetcher_ = fetcher;
        camera_ = camera;
    }

    core::Result<CaseList> List(const Actor& actor, const CaseFilter& filter);
    core::Result<CaseDetails> Get(const Actor& actor, domain::HarmfulCaseId id);
    core::Result<CaseDetails> Create(const Actor& actor, domain::HarmfulCase draft);
    /// A case from a report (a citizen's on the public page, or any incident): its unit, text,
    /// time and affected address, with what `draft` says of platform, category and location.
    /// kConflict naming the case when the report was turned into one already.
    core::Result<CaseDetails> FromReport(const Actor& actor,
                                         domain::IncidentId report,
                                         domain::HarmfulCase draft);
    /// Location, platform, category, title, description, first seen, state and hand-over.
    core::Result<CaseDetails> Update(const Actor& actor,
                                     domain::HarmfulCaseId id,
                                     const domain::HarmfulCase& fields);

    core::Result<CaseDetails> AddEvidence(const Actor& actor,
                                          domain::HarmfulCaseId id,
                                          std::string_view file_name,
                                          std::string_view bytes);
    /// Reads the case's address now and keeps the page, its headers, a picture and the list of
    /// digests. kUnavailable saying why when the page cannot be read.
    core::Result<CaseDetails> Capture(const Actor& actor, domain::HarmfulCaseId id);
    core::Result<IncidentFile> EvidenceFile(const Actor& actor,
                                            domain::HarmfulCaseId id,
                                            domain::CaseEvidenceId evidence);

    core::Result<CaseDetails> AddTakedown(const Actor& actor,
                                          domain::HarmfulCaseId id,
                                          domain::Takedown takedown);
    core::Result<CaseDetails> UpdateTakedown(const Actor& actor,
                                             domain::HarmfulCaseId id,
                                             const domain::Takedown& takedown);

    /// The list for hand-over: the cases of the filter (first seen in its period) with their
    /// hand-over and takedown requests, as a document (XLSX for the workbook).
    core::Result<RenderedDocument> Export(const Actor& actor,
                                          const CaseFilter& filter,
                                          DocumentFormat format);

private:
    /// List with the page size bounded by `most` (a page: 500; the hand-over list: kMaxExport).
    core::Result<CaseList> ListUpTo(const Actor& actor, const CaseFilter& filter, int most);
    core::Result<CaseDetails> Details(Repositories& repos,
                                      const Actor& actor,
                                      domain::HarmfulCaseId id);
    /// The case when `actor` may record on it (404 outside scope, 403 without the right).
    core::Result<domain::HarmfulCase> Editable(Repositories& repos,
                                               const Actor& actor,
                                               domain::HarmfulCaseId id);
    /// Stores one evidence file (checked, scanned, kept by digest) inside the case.
    core::Result<std::optional<domain::FileScan>> StoreEvidence(const Actor& actor,
                                                                domain::HarmfulCaseId id,
                                                                std::string_view file_name,
                                                                std::string_view bytes,
                                                                std::string_view source_url);
    /// Opens (or finds) the malware incident of a case whose evidence matched.
    void OpenMalwareIncident(domain::HarmfulCaseId id,
                             std::string_view file_name,
                             const domain::FileScan& scan);

    Store& store_;
    const core::Clock& clock_;
    IncidentService& incidents_;
    DocumentRenderer& renderer_;
    std::mutex mutex_;
    PageFetcher* fetcher_ = nullptr;  // guarded by mutex_
    PageCamera* camera_ = nullptr;    // guarded by mutex_
};

}  // namespace ungcuu::app
