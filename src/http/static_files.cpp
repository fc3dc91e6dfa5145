#include "http/static_files.hpp"

#include <algorithm>
#include <system_error>

namespace ungcuu::http {

namespace fs = std::filesystem;

bool IsPlainAssetPath(std::string_view path) {
    if (path.empty() || path.front() != '/') {
        return false;
    }
    if (path == "/") {
        return true;
    }
    path.remove_prefix(1);
    while (true) {
        const auto slash = path.find('/');
        const std::string_view segment = path.substr(0, slash);
        if (segment.empty() || segment == "." || segment == "..") {
            return false;
        }
        for (const char c : segment) {
            const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                               (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!plain) {
                return false;
            }
        }
        if (slash == std::string_view::npos) {
            return true;
        }
        path.remove_prefix(slash + 1);
    }
}

std::optional<fs::path> ResolveUnderRoot(const fs::path& root, std::string_view path) {
    if (!IsPlainAssetPath(path) || path == "/") {
        return std::nullopt;
    }
    std::error_code ec;
    const fs::path base = fs::canonical(root, ec);
    if (ec) {
        return std::nullopt;
    }
    // The path is plain, so this join is always relative to the root; canonical() then follows
    // every link, and the result must still lie inside the root.
    const fs::path resolved = fs::canonical(base / fs::path(path.substr(1)), ec);
    if (ec) {
        return std::nullopt;
    }
    const auto [base_end, resolved_at] =
        std::mismatch(base.begin(), base.end(), resolved.begin(), resolved.end());
    if (base_end != base.end() || resolved_at == resolved.end()) {
        return std::nullopt;
    }
    if (!fs::is_regular_file(resolved, ec) || ec) {
        return std::nullopt;
    }
    return resolved;
}

}  // namespace ungcuu::http
