// Files embedded in the binary at build time: the built web UI (web/dist), the OpenAPI document,
// the rule files (rules/) and the schema migrations (src/storage/migrations/). The table is
// generated; see cmake/EmbedAssets.cmake and docs/adr/0005-assets-module.md. Read-only,
// thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ungcuu::assets {

struct Asset {
    // URL path ("/index.html", "/assets/index-3f2a.js"), "rules/<file>" or "migrations/<file>"
    const char* path;
    const unsigned char* data;
    std::size_t size;

    [[nodiscard]] std::string_view text() const {
        return {reinterpret_cast<const char*>(data), size};
    }
};

/// Every embedded file: web files, the OpenAPI document, rule files, migrations, each group sorted
/// by path.
std::span<const Asset> All();

/// The embedded file with this path, or nullptr.
const Asset* Find(std::string_view path);

/// A rule file by its path under rules/ ("vn-2017/levels.json"); Internal when this build did
/// not embed it.
core::Result<std::string_view> RuleFile(std::string_view name);

/// The files whose path starts with `prefix` ("migrations/") and ends with `suffix`, in path
/// order.
std::vector<const Asset*> Files(std::string_view prefix, std::string_view suffix);

/// The rule files under rules/<folder>/ whose names end with `suffix`, in path order.
std::vector<const Asset*> RuleFiles(std::string_view folder, std::string_view suffix);

}  // namespace ungcuu::assets
