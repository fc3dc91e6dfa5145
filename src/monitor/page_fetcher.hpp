// Fetches one page at once for evidence (app::PageFetcher), with the monitor's guards: http(s)
// only, redirects followed a few hops, at most 4 MiB of page and 64 KiB of headers, a time
// limit, and no connection to this machine's own or link-local addresses (checked on the address
// libcurl is about to connect to) unless allowed. Thread-safe: each fetch has its own handle.
#pragma once

#include <chrono>
#include <string>

#include "app/detection/ports.hpp"

namespace ungcuu::monitor {

struct FetcherOptions {
    std::chrono::milliseconds timeout{15000};
    std::string ca_file;  // more certificates to trust; empty: the system's
    bool allow_machine_addresses = false;
    std::string user_agent = "Mozilla/5.0 (compatible; ungcuu-thu-thap/1.0)";
    std::size_t max_body = 4U << 20;
};

class CurlPageFetcher final : public app::PageFetcher {
public:
    explicit CurlPageFetcher(FetcherOptions options) : options_(std::move(options)) {}

    core::Result<app::FetchedPage> Fetch(std::string_view url) override;

private:
    FetcherOptions options_;
};

}  // namespace ungcuu::monitor
