// The website monitor inside `serve`: every enabled site checked on its interval (default 60 s),
// agentless — DNS records through the monitor's resolver, then HTTP(S) through libcurl's multi
// interface, many transfers at once on one thread: status, latency, size, the certificate
// (expiry, issuer, a failed verification — the page is then read without it), redirects
// followed within the site and a foreign one recorded, the page read as its readers see it, and
// every few checks the same page fetched as a search engine (cloaking). The checks are handed in
// batches to app::MonitorService, which judges them; a first failure is checked again soon.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/detection/monitor_service.hpp"
#include "monitor/resolver.hpp"

namespace ungcuu::monitor {

struct MonitorOptions {
    int concurrency = 200;  // checks in flight at once
    int resolvers = 4;      // DNS lookup threads
    std::chrono::milliseconds timeout{10000};
    DnsOptions dns;
    std::string ca_file;  // certificates to trust besides the system's; empty: the system's
    int bot_every = 5;    // every Nth check of a site also fetches it as a search engine
    std::chrono::milliseconds batch{500};
    std::chrono::seconds reload{30};  // the site list is read again at least this often
    std::string user_agent = "Mozilla/5.0 (compatible; ungcuu-giam-sat/1.0)";
    /// Whether sites on this machine's own or link-local addresses may be checked (the demo, a
    /// test fleet); off, such a check fails saying why (IsMachineAddress).
    bool allow_machine_addresses = false;
};

struct MonitorCounters {
    std::uint64_t checks = 0;
    std::uint64_t failures = 0;
    std::uint64_t batches = 0;
    std::uint64_t record_errors = 0;
    int sites = 0;
    int in_flight = 0;
    /// How late checks started after their due time, ms: the 50th, 99th percentile and the
    /// largest, over the last 10,000 checks.
    std::int64_t delay_p50_ms = 0;
    std::int64_t delay_p99_ms = 0;
    std::int64_t delay_max_ms = 0;
};

class WebsiteMonitor {
public:
    WebsiteMonitor(app::MonitorService& service, const core::Clock& clock, MonitorOptions options);
    ~WebsiteMonitor();
    WebsiteMonitor(const WebsiteMonitor&) = delete;
    WebsiteMonitor& operator=(const WebsiteMonitor&) = delete;

    void Start();
    void Stop();

    MonitorCounters Counters() const;

    /// Checks the site at once (the next round of the loop) rather than on its interval.
    void CheckSoon(domain::MonitorTargetId id);

    struct Job;

private:
    struct Entry;
    class Loop;

    void RecordLoop();

    app::MonitorService& service_;
    const core::Clock& clock_;
    const MonitorOptions options_;
    std::unique_ptr<Loop> loop_;
    std::thread loop_thread_;
    std::thread record_thread_;
    std::atomic<bool> stop_{false};

    mutable std::mutex mutex_;
    std::condition_variable wake_recorder_;
    std::deque<domain::SiteCheck> results_;  // guarded by mutex_
    // Sites to check before their turn, and after how long; guarded by mutex_.
    std::vector<std::pair<domain::MonitorTargetId, std::chrono::milliseconds>> soon_;
    std::deque<std::int64_t> delays_;  // guarded by mutex_
    MonitorCounters counters_;         // guarded by mutex_
};

}  // namespace ungcuu::monitor
