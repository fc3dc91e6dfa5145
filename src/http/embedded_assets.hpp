// Files embedded in the binary at build time: the built web UI (web/dist), the OpenAPI
// document and the rule files (rules/). The table is generated; see cmake/EmbedAssets.cmake.
// Read-only, thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace ungcuu::http {

struct EmbeddedAsset {
    const char* path;  // URL path ("/index.html", "/assets/index-3f2a.js") or "rules/<file>"
    const unsigned char* data;
    std::size_t size;
};

std::span<const EmbeddedAsset> EmbeddedAssets();

/// The embedded file with this path, or nullptr.
const EmbeddedAsset* FindEmbeddedAsset(std::string_view path);

}  // namespace ungcuu::http
