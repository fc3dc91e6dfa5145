// Adapters for uploaded files. FileUploadStore keeps each file once under its SHA-256
// (<root>/ab/abcdef…), written to a temporary name, synced and renamed so a crash never leaves
// half a file under a real name; files are never executed or served inline by ungcuu.
// MagicContentTypeDetector asks libmagic what the bytes are. Both are thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>

#include "app/ports.hpp"

namespace ungcuu::files {

class FileUploadStore final : public app::UploadStore {
public:
    /// The directory is created at the first upload.
    static core::Result<std::unique_ptr<FileUploadStore>> Open(std::filesystem::path root);

    core::Result<std::string> Put(std::string_view bytes) override;
    core::Result<std::string> Read(std::string_view sha256) override;

private:
    explicit FileUploadStore(std::filesystem::path root) : root_(std::move(root)) {}

    std::filesystem::path PathOf(std::string_view sha256) const;

    std::filesystem::path root_;
};

class MagicContentTypeDetector final : public app::ContentTypeDetector {
public:
    /// kInternal when libmagic or its database cannot be loaded.
    static core::Result<std::unique_ptr<MagicContentTypeDetector>> Open();
    ~MagicContentTypeDetector() override;

    std::string Detect(std::string_view bytes) override;

private:
    explicit MagicContentTypeDetector(void* cookie) : cookie_(cookie) {}

    std::mutex mutex_;  // a magic_t is not thread-safe
    void* cookie_;      // magic_t
};

/// SHA-256 of `bytes`, lower-case hex.
std::string Sha256Hex(std::string_view bytes);

}  // namespace ungcuu::files
