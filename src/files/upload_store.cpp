#include "files/upload_store.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <magic.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/text.hpp"

namespace ungcuu::files {

namespace fs = std::filesystem;

namespace {

core::Error IoError(std::string_view what, const fs::path& path) {
    return core::Error::Make(
        core::ErrorCode::kUnavailable,
        "Máy chủ không lưu hoặc đọc được tệp tải lên; hãy thử lại, nếu vẫn lỗi hãy báo quản trị "
        "hệ thống (kiểm tra dung lượng đĩa).",
        fmt::format("Could not {} {}: {}", what, path.string(), std::strerror(errno)));
}

bool IsHexDigest(std::string_view text) {
    return text.size() == 64 &&
           text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return core::HexEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

core::Result<std::unique_ptr<FileUploadStore>> FileUploadStore::Open(fs::path root) {
    if (root.empty()) {
        return core::InvalidArgument("Chưa chọn thư mục lưu tệp tải lên.",
                                     "No upload directory was given.");
    }
    return std::unique_ptr<FileUploadStore>(new FileUploadStore(std::move(root)));
}

fs::path FileUploadStore::PathOf(std::string_view sha256) const {
    return root_ / std::string(sha256.substr(0, 2)) / std::string(sha256);
}

core::Result<std::string> FileUploadStore::Put(std::string_view bytes) {
    const std::string digest = Sha256Hex(bytes);
    const fs::path target = PathOf(digest);
    std::error_code ec;
    if (fs::exists(target, ec)) {
        return digest;
    }
    fs::create_directories(target.parent_path(), ec);
    if (ec) {
        return IoError("create the directory of", target.parent_path());
    }
    const fs::path temp = target.string() + fmt::format(".tmp{}", ::getpid());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) {
        return IoError("open", temp);
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
        const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            ::close(fd);
            return IoError("write", temp);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        return IoError("sync", temp);
    }
    ::close(fd);
    fs::rename(temp, target, ec);
    if (ec) {
        return IoError("rename", target);
    }
    return digest;
}

core::Result<std::string> FileUploadStore::Read(std::string_view sha256) {
    if (!IsHexDigest(sha256)) {
        return core::NotFound("Không tìm thấy tệp.", "File not found.");
    }
    std::ifstream file(PathOf(sha256), std::ios::binary);
    if (!file) {
        return core::NotFound("Không tìm thấy tệp đã tải lên.", "The uploaded file is missing.");
    }
    std::ostringstream content;
    content << file.rdbuf();
    std::string bytes = std::move(content).str();
    if (Sha256Hex(bytes) != sha256) {
        return core::Error::Make(core::ErrorCode::kInternal,
                                 "Tệp đã lưu bị hỏng (sai mã kiểm tra); hãy tải tài liệu lên lại "
                                 "và báo quản trị hệ thống.",
                                 "The stored file does not match its checksum.");
    }
    return bytes;
}

core::Result<std::unique_ptr<MagicContentTypeDetector>> MagicContentTypeDetector::Open() {
    magic_t cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    if (cookie == nullptr || magic_load(cookie, nullptr) != 0) {
        std::string reason = cookie != nullptr && magic_error(cookie) != nullptr
                                 ? magic_error(cookie)
                                 : "magic_open failed";
        if (cookie != nullptr) {
            magic_close(cookie);
        }
        return core::Error::Make(core::ErrorCode::kInternal,
                                 "Không nạp được thư viện nhận dạng loại tệp (libmagic).",
                                 "Cannot load libmagic: " + reason);
    }
    return std::unique_ptr<MagicContentTypeDetector>(new MagicContentTypeDetector(cookie));
}

MagicContentTypeDetector::~MagicContentTypeDetector() {
    magic_close(static_cast<magic_t>(cookie_));
}

std::string MagicContentTypeDetector::Detect(std::string_view bytes) {
    std::lock_guard lock(mutex_);
    const char* type = magic_buffer(static_cast<magic_t>(cookie_), bytes.data(), bytes.size());
    return type != nullptr ? type : "application/octet-stream";
}

}  // namespace ungcuu::files
