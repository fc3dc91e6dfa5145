// Files of an incident: evidence attachments and the signed copies of issued reports, stored
// content-addressed like registry uploads (the bytes outside the transaction, the row inside).
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "app/audit_writer.hpp"
#include "app/incidents/incident_service.hpp"
#include "app/upload_check.hpp"

namespace ungcuu::app {

namespace {

// A signed copy: the scan of the signed and stamped paper, or a digitally signed PDF.
constexpr std::array<std::string_view, 4> kSignedTypes = {"application/pdf", "image/png",
                                                          "image/jpeg", "image/tiff"};
constexpr UploadRule kSignedUpload = {kSignedTypes, "PDF (ký số) hoặc ảnh quét (PNG, JPEG, TIFF)",
                                      "a (digitally signed) PDF or a scan (PNG, JPEG, TIFF)"};

core::FieldSnapshot FileSnapshot(std::string_view name,
                                 std::string_view type,
                                 std::size_t size,
                                 std::string_view sha256) {
    core::FieldSnapshot snapshot;
    AddUploadFields(snapshot, name, type, size, sha256);
    return snapshot;
}

}  // namespace

core::Result<IncidentDetails> IncidentService::AddAttachment(const Actor& actor,
                                                             domain::IncidentId id,
                                                             std::string_view file_name,
                                                             std::string_view bytes) {
    std::string type;
    UNGCUU_ASSIGN_OR_RETURN(name, CheckUpload(file_name, bytes, kEvidenceUpload, detector_, type));
    // Access first, then the bytes: nothing is scanned or stored for a caller who may not add it.
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(incident, LoadVisible(repos, actor, id));
        return actor.Authorize(incident.unit_path, domain::Permission::kIncidentReport);
    }));
    UNGCUU_ASSIGN_OR_RETURN(scan, ScanUpload(scanner_, bytes, clock_.Now()));
    UNGCUU_ASSIGN_OR_RETURN(digest, uploads_.Put(bytes));
    const auto now = clock_.Now();
    return Change(
        actor, id,
        [&](Repositories& repos, domain::Incident& incident) -> core::Status {
            UNGCUU_RETURN_IF_ERROR(
                repos.incidents.InsertAttachment({.incident_id = id,
                                                  .name = name,
                                                  .content_type = type,
                                                  .size = static_cast<std::int64_t>(bytes.size()),
                                                  .sha256 = digest,
                                                  .uploaded_by = actor.login,
                                                  .uploaded_at = now,
                                                  .scan = std::nullopt}));
            UNGCUU_RETURN_IF_ERROR(
                repos.incidents.AddEvent(domain::IncidentEvent{.incident_id = id,
                                                               .at = now,
                                                               .kind = "attachment",
                                                               .actor = ActorName(actor),
                                                               .note = name}));
            auto snapshot = FileSnapshot(name, type, bytes.size(), digest);
            UNGCUU_RETURN_IF_ERROR(RecordScan(repos, scan, digest, snapshot));
            if (scan && scan->verdict == domain::ScanVerdict::kInfected) {
                UNGCUU_RETURN_IF_ERROR(NoteMalware(repos, incident, name, *scan, now));
            }
            auto unit = repos.units.Get(incident.unit_id);
            return WriteAudit(repos, actor, now,
                              {"incident.attach", "incident", id.value(),
                               unit.ok() ? &*unit : nullptr, "{}", snapshot.ToJson()});
        },
        domain::Permission::kIncidentReport);
}

core::Status IncidentService::NoteMalware(Repositories& repos,
                                          const domain::Incident& incident,
                                          std::string_view file_name,
                                          const domain::FileScan& scan,
                                          core::TimePoint now) {
    // The file's digest becomes an observable, so the same sample elsewhere links the incidents.
    auto added = repos.incidents.AddObservable(
        {incident.id, domain::ObservableKind::kHash, scan.sha256, now});
    if (!added.ok()) {
        return std::move(added).error();
    }
    return repos.incidents.AddEvent(domain::IncidentEvent{
        .incident_id = incident.id,
        .at = now,
        .kind = "malware",
        .actor = "quet-ma-doc",
        .note = fmt::format("Phát hiện mã độc trong tệp {}: {}. Xem xét phân loại theo kịch bản A3 "
                            "(mã độc). / Malware found in {}.",
                            file_name, domain::DescribeFindings(scan.findings), file_name)});
}

core::Result<IncidentFile> IncidentService::Attachment(const Actor& actor,
                                                       domain::IncidentId id,
                                                       domain::AttachmentId attachment_id) {
    UNGCUU_ASSIGN_OR_RETURN(details, Get(actor, id));
    for (const auto& a : details.attachments) {
        if (a.id == attachment_id) {
            UNGCUU_ASSIGN_OR_RETURN(bytes, uploads_.Read(a.sha256));
            return IncidentFile{a.name, a.content_type, std::move(bytes)};
        }
    }
    return core::NotFound("Không tìm thấy tệp đính kèm.", "Attachment not found.");
}

core::Result<IncidentDetails> IncidentService::AttachSignedCopy(const Actor& actor,
                                                                domain::IncidentId id,
                                                                domain::ReportId report_id,
                                                                std::string_view file_name,
                                                                std::string_view bytes) {
    std::string type;
    UNGCUU_ASSIGN_OR_RETURN(name, CheckUpload(file_name, bytes, kSignedUpload, detector_, type));
    const auto find = [&](Repositories& repos) -> core::Result<domain::IncidentReport> {
        auto report = repos.incidents.GetReport(report_id);
        if (!report.ok() || report->incident_id != id) {
            return core::NotFound("Không tìm thấy báo cáo.", "Report not found.");
        }
        if (report->state != domain::ReportState::kIssued) {
            return core::Conflict(
                "Chỉ đính kèm bản có chữ ký cho báo cáo đã ban hành (đã có số ký hiệu).",
                "A signed copy belongs to an issued report (one with its number).");
        }
        return report;
    };
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(incident, LoadVisible(repos, actor, id));
        UNGCUU_RETURN_IF_ERROR(
            actor.Authorize(incident.unit_path, domain::Permission::kIncidentHandle));
        auto report = find(repos);
        return report.ok() ? core::Ok() : core::Status(std::move(report).error());
    }));
    UNGCUU_ASSIGN_OR_RETURN(scan, ScanUpload(scanner_, bytes, clock_.Now()));
    UNGCUU_ASSIGN_OR_RETURN(digest, uploads_.Put(bytes));
    const auto now = clock_.Now();
    return Change(actor, id, [&](Repositories& repos, domain::Incident& incident) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(report, find(repos));
        report.signed_name = name;
        report.signed_sha256 = digest;
        report.signed_type = type;
        UNGCUU_RETURN_IF_ERROR(repos.incidents.UpdateReport(report));
        UNGCUU_RETURN_IF_ERROR(
            repos.incidents.AddEvent(domain::IncidentEvent{.incident_id = id,
                                                           .at = now,
                                                           .kind = "signed_copy",
                                                           .actor = ActorName(actor),
                                                           .note = report.number}));
        auto snapshot = FileSnapshot(name, type, bytes.size(), digest);
        UNGCUU_RETURN_IF_ERROR(RecordScan(repos, scan, digest, snapshot));
        if (scan && scan->verdict == domain::ScanVerdict::kInfected) {
            UNGCUU_RETURN_IF_ERROR(NoteMalware(repos, incident, name, *scan, now));
        }
        auto unit = repos.units.Get(incident.unit_id);
        return WriteAudit(repos, actor, now,
                          {"incident.report.signed", "incident", id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", snapshot.ToJson()});
    });
}

core::Result<IncidentFile> IncidentService::SignedCopy(const Actor& actor,
                                                       domain::IncidentId id,
                                                       domain::ReportId report_id) {
    UNGCUU_ASSIGN_OR_RETURN(found, ReportFor(actor, id, report_id));
    const auto& report = found.first;
    if (report.signed_sha256.empty()) {
        return core::NotFound("Báo cáo chưa có bản có chữ ký.", "The report has no signed copy.");
    }
    UNGCUU_ASSIGN_OR_RETURN(bytes, uploads_.Read(report.signed_sha256));
    return IncidentFile{report.signed_name, report.signed_type, std::move(bytes)};
}

}  // namespace ungcuu::app
