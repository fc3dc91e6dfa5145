// A loopback test fleet for the website monitor: one HTTPS and one HTTP server answering for any
// number of host names (the certificate chosen by SNI, made on first use by a test CA), each host
// with its page, status, latency, redirect, certificate (valid, ten days from expiry, for another
// name) and what it shows search engines; and Debian's dnsmasq as the name server for them,
// whose records a test changes. Both started by the test on 127.0.0.1.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace ungcuu::testing {

enum class FleetCert {
    kValid,      // a year
    kExpiring,   // ten days left
    kWrongHost,  // made out to another name
};

struct FleetSite {
    int status = 200;
    std::string body;
    std::optional<std::string> bot_body;  // served to a search engine's user agent
    std::chrono::milliseconds latency{0};
    std::string location;  // the Location header (with a 3xx status)
    FleetCert cert = FleetCert::kValid;
};

class WebFleet {
public:
    /// Certificates are valid from `now` (the clock of the system under test).
    WebFleet(std::filesystem::path dir, std::chrono::system_clock::time_point now);
    ~WebFleet();
    WebFleet(const WebFleet&) = delete;
    WebFleet& operator=(const WebFleet&) = delete;

    /// Binds both ports on 127.0.0.1 and answers on `threads` threads (one connection each at a
    /// time, its latency slept); false when it could not bind.
    bool Start(int threads = 16);
    void Stop();

    int https_port() const { return https_port_; }

    int http_port() const { return http_port_; }

    /// The test CA's certificate (PEM), for the monitor to trust.
    std::string ca_file() const { return (dir_ / "fleet-ca.pem").string(); }

    /// What `host` serves from now on.
    void Set(const std::string& host, FleetSite site);
    /// What hosts not set serve (default: a plain page naming the host).
    void SetDefault(std::function<FleetSite(const std::string& host)> make);

    std::uint64_t requests() const { return requests_.load(); }

    /// The site of `host` (for the server's threads).
    FleetSite SiteOf(const std::string& host) const;

    void Count() { requests_ += 1; }

    struct Impl;

private:
    std::filesystem::path dir_;
    std::unique_ptr<Impl> impl_;
    int https_port_ = 0;
    int http_port_ = 0;
    std::atomic<std::uint64_t> requests_{0};
    mutable std::mutex mutex_;
    std::map<std::string, FleetSite> sites_;                // guarded by mutex_
    std::function<FleetSite(const std::string&)> default_;  // guarded by mutex_
};

/// Debian's dnsmasq on a loopback UDP port answering A and MX records from files the test
/// writes; Reload() makes it read them again. Stopped on destruction.
class DnsServer {
public:
    explicit DnsServer(std::filesystem::path dir) : dir_(std::move(dir)) {}

    ~DnsServer() { Stop(); }

    DnsServer(const DnsServer&) = delete;
    DnsServer& operator=(const DnsServer&) = delete;

    /// Whether dnsmasq is installed.
    static bool Available();

    /// Writes the records (host → IPv4 address; MX as host → "pref target") and starts it.
    bool Start(const std::map<std::string, std::string>& addresses,
               const std::map<std::string, std::string>& mail = {});
    /// New address records, read at once.
    void Update(const std::map<std::string, std::string>& addresses);
    void Stop();

    /// "127.0.0.1:PORT"
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

private:
    void WriteHosts(const std::map<std::string, std::string>& addresses);

    std::filesystem::path dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace ungcuu::testing
