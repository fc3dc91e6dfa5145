#include "app/upload_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "domain/validation.hpp"

namespace ungcuu::app {

// Evidence: documents and screenshots, plus plain-text logs, zipped log bundles and saved web
// pages (a defaced page as captured; downloads are never rendered by the browser).
constexpr auto kEvidenceTypes = [] {
    constexpr std::array<std::string_view, 4> kLogTypes = {"text/plain", "application/zip",
                                                           "application/gzip", "text/html"};
    std::array<std::string_view, kDocumentTypes.size() + kLogTypes.size()> out{};
    std::copy(kDocumentTypes.begin(), kDocumentTypes.end(), out.begin());
    std::copy(kLogTypes.begin(), kLogTypes.end(), out.begin() + kDocumentTypes.size());
    return out;
}();
const UploadRule kEvidenceUpload = {
    kEvidenceTypes,
    "PDF, Word, Excel, OpenDocument, ảnh chụp (PNG, JPEG, TIFF), nhật ký dạng văn bản, trang web "
    "đã lưu (HTML) hoặc tệp nén ZIP, GZIP",
    "PDF, Word, Excel, OpenDocument, screenshots (PNG, JPEG, TIFF), plain-text logs, saved web "
    "pages (HTML) or ZIP, GZIP archives"};

const UploadRule kDocumentUpload = {
    kDocumentTypes, "PDF, Word (.doc, .docx), Excel, OpenDocument hoặc ảnh quét (PNG, JPEG, TIFF)",
    "PDF, Word, Excel, OpenDocument or scanned images (PNG, JPEG, TIFF)"};

void AddUploadFields(core::FieldSnapshot& snapshot,
                     std::string_view file_name,
                     std::string_view content_type,
                     std::size_t size,
                     std::string_view sha256) {
    snapshot.Add("file_name", file_name)
        .Add("content_type", content_type)
        .Add("size", static_cast<std::int64_t>(size))
        .Add("sha256", sha256);
}

core::Result<std::optional<domain::FileScan>> ScanUpload(FileScanner* scanner,
                                                         std::string_view bytes,
                                                         core::TimePoint now) {
    if (scanner == nullptr) {
        return std::optional<domain::FileScan>{};
    }
    UNGCUU_ASSIGN_OR_RETURN(outcome, scanner->Scan(bytes));
    return std::optional<domain::FileScan>{domain::FileScan{.sha256 = "",
                                                            .verdict = outcome.verdict,
                                                            .findings = std::move(outcome.findings),
                                                            .engines = std::move(outcome.engines),
                                                            .scanned_at = now}};
}

core::Status RecordScan(Repositories& repos,
                        std::optional<domain::FileScan>& scan,
                        std::string_view sha256,
                        core::FieldSnapshot& snapshot) {
    if (!scan) {
        return core::Ok();
    }
    scan->sha256 = std::string(sha256);
    snapshot.Add("scan", std::string_view(domain::ScanVerdictCode(scan->verdict)));
    if (!scan->findings.empty()) {
        snapshot.Add("scan_findings", std::string_view(domain::DescribeFindings(scan->findings)));
    }
    return repos.scans.Record(*scan);
}

core::Result<std::string> CheckUpload(std::string_view file_name,
                                      std::string_view bytes,
                                      const UploadRule& rule,
                                      ContentTypeDetector& detector,
                                      std::string& type) {
    domain::FieldErrors errors;
    std::string name(core::Trim(file_name));
    domain::CheckText(errors, "file_name", name, domain::Required::kYes, 255);
    if (name.find_first_of("/\\") != std::string::npos) {
        errors.Add("file_name", "tên tệp không được chứa dấu / hoặc \\",
                   "a file name must not contain / or \\");
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    if (bytes.empty()) {
        return core::InvalidArgument("Tệp tải lên trống.", "The uploaded file is empty.");
    }
    if (bytes.size() > rule.max_bytes) {
        return core::Error::Make(
            core::ErrorCode::kInvalidArgument,
            fmt::format("Tệp quá lớn ({} MB); tối đa {} MB.", (bytes.size() + 1048575) / 1048576,
                        rule.max_bytes / 1048576),
            fmt::format("The file is too large ({} MB); the limit is {} MB.",
                        (bytes.size() + 1048575) / 1048576, rule.max_bytes / 1048576));
    }
    type = detector.Detect(bytes);
    if (std::find(rule.types.begin(), rule.types.end(), type) == rule.types.end()) {
        return core::InvalidArgument(
            fmt::format("Loại tệp \"{}\" không được chấp nhận. Hãy tải lên {}.", type,
                        rule.what_vi),
            fmt::format("Files of type \"{}\" are not accepted. Upload {}.", type, rule.what_en));
    }
    return name;
}

}  // namespace ungcuu::app
