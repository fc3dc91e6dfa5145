// Opens the archives inside an uploaded file so a scanner sees what they hold: the file itself,
// then each member of a ZIP archive (Office documents are ZIP archives too) and the contents of
// a gzip stream, recursively. Everything is bounded before it costs memory or time
// (ArchiveLimits): members in all, nesting depth, one member's inflated size, all inflated bytes
// and their ratio to the file's size. Crossing a bound is an archive bomb and the file is
// refused with the bound named; a member that cannot be read (damaged, encrypted) is skipped and
// reported, not refused. Pure function of its input; thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ungcuu::scan {

struct ArchiveLimits {
    std::size_t max_members = 1000;      // members in all, at every depth
    int max_depth = 3;                   // an archive inside an archive inside an archive
    std::size_t max_member = 64U << 20;  // one member inflated
    std::size_t max_total = 128U << 20;  // everything inflated
    /// Inflated bytes per byte of the file beyond the first `ratio_floor` (documents and logs
    /// compress 5–50 times; a bomb thousands).
    std::size_t max_ratio = 200;
    std::size_t ratio_floor = 8U << 20;
};

struct WalkResult {
    bool complete = true;                 // false: the deadline came before every piece was seen
    std::vector<std::string> unreadable;  // members skipped: damaged or encrypted
};

/// Called for the file (path "") and every member ("docs/a.zip/shell.php"); returns false to
/// stop the walk.
using PieceVisitor = std::function<bool(std::string_view path, std::string_view bytes)>;

/// kPayloadTooLarge in Vietnamese and English naming the bound an archive bomb crosses.
core::Result<WalkResult> WalkArchive(std::string_view bytes,
                                     const ArchiveLimits& limits,
                                     std::chrono::steady_clock::time_point deadline,
                                     const PieceVisitor& visit);

}  // namespace ungcuu::scan
