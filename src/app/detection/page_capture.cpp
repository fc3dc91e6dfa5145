#include "app/detection/page_capture.hpp"

#include <fmt/format.h>

#include <cctype>

#include "core/date.hpp"

namespace ungcuu::app {

std::string CaptureStamp(core::TimePoint at) {
    std::string digits;
    for (const char c : core::FormatRfc3339(at)) {
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            digits.push_back(c);
        }
    }
    digits.resize(14, '0');
    return digits.substr(0, 8) + "T" + digits.substr(8) + "Z";
}

std::vector<CaptureFile> CapturePage(const CapturedPage& page,
                                     PageCamera* camera,
                                     const std::function<std::string(std::string_view)>& sha256) {
    const auto stamp = CaptureStamp(page.at);
    std::vector<CaptureFile> files;
    if (!page.body.empty()) {
        files.push_back({fmt::format("trang-{}.html", stamp), page.body});
    }
    if (!page.headers.empty()) {
        files.push_back({fmt::format("phan-hoi-{}.txt", stamp), page.headers});
    }
    std::string picture_note;
    if (camera != nullptr && !page.body.empty()) {
        auto picture = camera->Picture(page.body, page.url);
        if (picture.ok()) {
            files.push_back({fmt::format("anh-trang-{}.png", stamp), std::move(*picture)});
        } else {
            picture_note = "Không chụp được ảnh trang: " + picture.error().message_vi;
        }
    }
    std::string manifest = fmt::format(
        "Bằng chứng thu thập bởi {}\nĐịa chỉ: {}\nThời điểm thu thập: {}\n\nTệp và "
        "mã băm SHA-256:\n",
        page.who_vi, page.url, core::FormatLocalDateTime(page.at));
    for (const auto& file : files) {
        manifest +=
            fmt::format("- {} ({} byte): {}\n", file.name, file.bytes.size(), sha256(file.bytes));
    }
    if (!picture_note.empty()) {
        manifest += "\n" + picture_note + "\n";
    }
    if (!page.findings.empty()) {
        manifest += "\nPhát hiện:\n";
        for (const auto& line : page.findings) {
            manifest += "- " + line + "\n";
        }
    }
    files.push_back({fmt::format("bang-chung-{}.txt", stamp), std::move(manifest)});
    return files;
}

}  // namespace ungcuu::app
