// Syslog over UDP (one message per datagram) and TCP (RFC 6587: octet-counted "LEN SP MSG" or
// newline-ended frames, told apart per frame), on one Boost.Asio thread. The sender's address
// picks its log source and so its unit; senders with no source go to the fallback unit. A full
// queue drops UDP datagrams (counted) and stops reading a TCP connection until there is room
// (the sender's TCP window fills: back-pressure, nothing lost). TCP connections are capped in all
// and per sender address (net::ConnectionGate: a silent one gives way to a new sender), and one
// that says nothing for `tcp_idle_timeout` is closed (senders reconnect when they have more).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "app/detection/setup_service.hpp"
#include "ingest/pipeline.hpp"
#include "net/connection_gate.hpp"

namespace ungcuu::ingest {

struct SyslogOptions {
    using Endpoint = std::pair<std::string, unsigned short>;  // host, port (0: any free)
    std::optional<Endpoint> udp;                              // none: no UDP listener
    std::optional<Endpoint> tcp;                              // none: no TCP listener
    std::size_t max_message = std::size_t{64} * 1024;
    net::GateLimits tcp_connections{1024, 64};
    std::chrono::seconds tcp_idle_timeout{300};
    domain::UnitId fallback_unit;  // 0: events of unknown senders are refused (counted)
};

/// Splits TCP syslog frames off the front of `buffer`, calling `on_message` for each; returns
/// false when the stream cannot be read on (an octet count over `max`, digits without a space):
/// the caller closes it. A newline frame longer than `max` is left out and counted by
/// `on_too_long`; `skipping` (kept per connection) remembers to drop the rest of its line.
bool TakeSyslogFrames(std::string& buffer,
                      bool& skipping,
                      std::size_t max,
                      const std::function<void(std::string_view)>& on_message,
                      const std::function<void()>& on_too_long);

class SyslogListener {
public:
    SyslogListener(EventPipeline& pipeline,
                   app::DetectionSetupService& service,
                   const core::Clock& clock,
                   SyslogOptions options);
    ~SyslogListener();
    SyslogListener(const SyslogListener&) = delete;
    SyslogListener& operator=(const SyslogListener&) = delete;

    /// Binds the sockets and starts the thread; returns what is listened on ("udp 127.0.0.1:5514").
    core::Result<std::vector<std::string>> Start();
    void Stop();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace ungcuu::ingest
