// Files embedded in the binary at build time: the built web UI (web/dist) and the OpenAPI
// document. The table is generated; see cmake/EmbedAssets.cmake. Read-only, thread-safe.
#pragma once

#include <cstddef>
#include <span>

namespace ungcuu::http {

struct EmbeddedAsset {
    const char* path;  // URL path, e.g. "/index.html", "/assets/index-3f2a.js"
    const unsigned char* data;
    std::size_t size;
};

std::span<const EmbeddedAsset> EmbeddedAssets();

}  // namespace ungcuu::http
