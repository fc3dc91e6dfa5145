// The checks every uploaded file passes before it is stored, for dossier documents, incident
// attachments and signed report copies alike: a plain file name, not empty, within the size
// limit, and a type told from its bytes (never from its name) that the use allows.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "app/ports.hpp"
#include "core/text.hpp"
#include "domain/file_scan.hpp"

namespace ungcuu::app {

/// Office documents, PDF and scanned images. Anything else (executables, HTML, scripts,
/// archives) is refused by a rule built on them, whatever its name says.
inline constexpr std::array<std::string_view, 9> kDocumentTypes = {
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",
    "application/vnd.oasis.opendocument.text",
    "image/png",
    "image/jpeg",
    "image/tiff",
};

struct UploadRule {
    std::span<const std::string_view> types;  // MIME types accepted
    std::string_view what_vi;                 // "PDF, Word (.doc, .docx), …" for the message
    std::string_view what_en;
    std::size_t max_bytes = std::size_t{20} * 1024 * 1024;
};

/// The file name trimmed, or the error naming what is wrong; `type` receives the detected type.
core::Result<std::string> CheckUpload(std::string_view file_name,
                                      std::string_view bytes,
                                      const UploadRule& rule,
                                      ContentTypeDetector& detector,
                                      std::string& type);

/// Adds what the audit log keeps of a stored upload: name, detected type, size and digest.
void AddUploadFields(core::FieldSnapshot& snapshot,
                     std::string_view file_name,
                     std::string_view content_type,
                     std::size_t size,
                     std::string_view sha256);

/// Scans bytes about to be stored (before the upload store sees them). The error refuses the
/// file (an archive bomb, with its reason); nullopt when the deployment has no scanner. The
/// result's sha256 is filled in once the bytes are stored (RecordScan).
core::Result<std::optional<domain::FileScan>> ScanUpload(FileScanner* scanner,
                                                         std::string_view bytes,
                                                         core::TimePoint now);

/// Keeps the scan of stored content `sha256` (nothing when there was none) and adds its verdict
/// to the audit snapshot.
core::Status RecordScan(Repositories& repos,
                        std::optional<domain::FileScan>& scan,
                        std::string_view sha256,
                        core::FieldSnapshot& snapshot);

/// Office documents, PDF and scanned images: what official papers may be.
extern const UploadRule kDocumentUpload;

/// Evidence of incidents and harmful-content cases: documents and screenshots, plain-text logs,
/// saved web pages and ZIP/GZIP bundles.
extern const UploadRule kEvidenceUpload;

}  // namespace ungcuu::app
