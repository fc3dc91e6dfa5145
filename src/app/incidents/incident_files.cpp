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

// Evidence: documents and screenshots, plus plain-text logs and zipped log bundles.
constexpr auto kEvidenceTypes = [] {
    constexpr std::array<std::string_view, 3> kLogTypes = {"text/plain", "application/zip",
                                                           "application/gzip"};
    std::array<std::string_view, kDocumentTypes.size() + kLogTypes.size()> out{};
    std::copy(kDocumentTypes.begin(), kDocumentTypes.end(), out.begin());
    std::copy(kLogTypes.begin(), kLogTypes.end(), out.begin() + kDocumentTypes.size());
    return out;
}();
constexpr UploadRule kEvidenceUpload = {
    kEvidenceTypes,
    "PDF, Word, Excel, OpenDocument, ảnh chụp (PNG, JPEG, TIFF), nhật ký dạng văn bản hoặc tệp "
    "nén ZIP, GZIP",
    "PDF, Word, Excel, OpenDocument, screenshots (PNG, JPEG, TIFF), plain-text logs or ZIP, GZIP "
    "archives"};

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
    auto name = CheckUpload(file_name, bytes, kEvidenceUpload, detector_, type);
    if (!name.ok()) {
        return std::move(name).error();
    }
    // Access first, then the bytes: nothing is stored for a caller who may not add it.
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        auto incident = LoadVisible(repos, actor, id);
        if (!incident.ok()) {
            return std::move(incident).error();
        }
        return actor.Authorize(incident->unit_path, domain::Permission::kIncidentReport);
    }));
    auto digest = uploads_.Put(bytes);
    if (!digest.ok()) {
        return std::move(digest).error();
    }
    const auto now = clock_.Now();
    return Change(
        actor, id,
        [&](Repositories& repos, domain::Incident& incident) -> core::Status {
            auto stored = repos.incidents.InsertAttachment({{},
                                                            id,
                                                            *name,
                                                            type,
                                                            static_cast<std::int64_t>(bytes.size()),
                                                            *digest,
                                                            actor.login,
                                                            now});
            if (!stored.ok()) {
                return std::move(stored).error();
            }
            UNGCUU_RETURN_IF_ERROR(repos.incidents.AddEvent(
                {{}, id, now, "attachment", ActorName(actor), "", "", *name}));
            auto unit = repos.units.Get(incident.unit_id);
            return WriteAudit(
                repos, actor, now,
                {"incident.attach", "incident", id.value(), unit.ok() ? &*unit : nullptr, "{}",
                 FileSnapshot(*name, type, bytes.size(), *digest).ToJson()});
        },
        domain::Permission::kIncidentReport);
}

core::Result<IncidentFile> IncidentService::Attachment(const Actor& actor,
                                                       domain::IncidentId id,
                                                       domain::AttachmentId attachment_id) {
    auto details = Get(actor, id);
    if (!details.ok()) {
        return std::move(details).error();
    }
    for (const auto& a : details->attachments) {
        if (a.id == attachment_id) {
            auto bytes = uploads_.Read(a.sha256);
            if (!bytes.ok()) {
                return std::move(bytes).error();
            }
            return IncidentFile{a.name, a.content_type, std::move(bytes).value()};
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
    auto name = CheckUpload(file_name, bytes, kSignedUpload, detector_, type);
    if (!name.ok()) {
        return std::move(name).error();
    }
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
        auto incident = LoadVisible(repos, actor, id);
        if (!incident.ok()) {
            return std::move(incident).error();
        }
        UNGCUU_RETURN_IF_ERROR(
            actor.Authorize(incident->unit_path, domain::Permission::kIncidentHandle));
        auto report = find(repos);
        return report.ok() ? core::Ok() : core::Status(std::move(report).error());
    }));
    auto digest = uploads_.Put(bytes);
    if (!digest.ok()) {
        return std::move(digest).error();
    }
    const auto now = clock_.Now();
    return Change(actor, id, [&](Repositories& repos, domain::Incident& incident) -> core::Status {
        auto report = find(repos);
        if (!report.ok()) {
            return std::move(report).error();
        }
        report->signed_name = *name;
        report->signed_sha256 = *digest;
        report->signed_type = type;
        UNGCUU_RETURN_IF_ERROR(repos.incidents.UpdateReport(*report));
        UNGCUU_RETURN_IF_ERROR(repos.incidents.AddEvent(
            {{}, id, now, "signed_copy", ActorName(actor), "", "", report->number}));
        auto unit = repos.units.Get(incident.unit_id);
        return WriteAudit(
            repos, actor, now,
            {"incident.report.signed", "incident", id.value(), unit.ok() ? &*unit : nullptr, "{}",
             FileSnapshot(*name, type, bytes.size(), *digest).ToJson()});
    });
}

core::Result<IncidentFile> IncidentService::SignedCopy(const Actor& actor,
                                                       domain::IncidentId id,
                                                       domain::ReportId report_id) {
    auto found = ReportFor(actor, id, report_id);
    if (!found.ok()) {
        return std::move(found).error();
    }
    const auto& report = found->first;
    if (report.signed_sha256.empty()) {
        return core::NotFound("Báo cáo chưa có bản có chữ ký.", "The report has no signed copy.");
    }
    auto bytes = uploads_.Read(report.signed_sha256);
    if (!bytes.ok()) {
        return std::move(bytes).error();
    }
    return IncidentFile{report.signed_name, report.signed_type, std::move(bytes).value()};
}

}  // namespace ungcuu::app
