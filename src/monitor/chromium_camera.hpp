// Pictures a captured page with Debian's headless Chromium (the evidence of a defacement): the
// page as the monitor read it, written to a private folder with its address as the base for
// relative links, rendered with its scripts refused (a content security policy put first), within
// a time budget; the browser is killed past it.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "app/detection/ports.hpp"

namespace ungcuu::monitor {

struct CameraOptions {
    std::string chromium = "/usr/bin/chromium";
    std::chrono::seconds timeout{30};
    int width = 1280;
    int height = 1600;
    /// More switches (a test maps host names to the local fleet with --host-resolver-rules).
    std::vector<std::string> extra_args;
};

class ChromiumCamera final : public app::PageCamera {
public:
    explicit ChromiumCamera(CameraOptions options) : options_(std::move(options)) {}

    /// Whether the browser is installed.
    bool available() const;

    core::Result<std::string> Picture(std::string_view html, std::string_view url) override;

private:
    CameraOptions options_;
};

}  // namespace ungcuu::monitor
