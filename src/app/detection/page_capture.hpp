// Evidence of a web page as it was served, captured the same way wherever ungcuu captures one
// (the website monitor's defacement findings, a harmful-content case): the page's bytes, its
// response headers, a picture of it, and a list of the files with their SHA-256 digests, the
// address and the time — what a police hand-over asks for. Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "app/detection/ports.hpp"
#include "core/clock.hpp"

namespace ungcuu::app {

struct CapturedPage {
    std::string url;
    std::string body;
    std::string headers;
    core::TimePoint at{};
    std::string who_vi;  // "hệ thống giám sát trang web", "cán bộ nguyenvana"
    std::vector<std::string> findings;  // what was found, for the list
};

struct CaptureFile {
    std::string name;
    std::string bytes;
};

/// trang-<time>.html, phan-hoi-<time>.txt, anh-trang-<time>.png (when `camera` pictures it) and
/// bang-chung-<time>.txt listing each with its size and digest; `sha256` gives a file's digest
/// (the upload store's, which keeps it).
std::vector<CaptureFile> CapturePage(const CapturedPage& page,
                                     PageCamera* camera,
                                     const std::function<std::string(std::string_view)>& sha256);

/// "20261207T190042Z": the time in file names of captures.
std::string CaptureStamp(core::TimePoint at);

}  // namespace ungcuu::app
