// How envelopes and enrolments reach another installation: an HTTP(S) POST of JSON, the answer's
// body returned when the peer answers 2xx. TLS is the deployment's (a reverse proxy in front of
// each installation); the envelopes' signatures are the trust. Thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "core/result.hpp"

namespace ungcuu::federation {

class PeerTransport {
public:
    virtual ~PeerTransport() = default;
    /// POSTs `body` to `url` with this installation's node in the Ungcuu-Node header.
    virtual core::Result<std::string> Post(const std::string& url,
                                           const std::string& node,
                                           const std::string& body) = 0;
};

/// libcurl; answers are read up to 16 MiB.
class CurlPeerTransport final : public PeerTransport {
public:
    explicit CurlPeerTransport(std::chrono::seconds timeout = std::chrono::seconds(60))
        : timeout_(timeout) {}

    core::Result<std::string> Post(const std::string& url,
                                   const std::string& node,
                                   const std::string& body) override;

private:
    std::chrono::seconds timeout_;
};

}  // namespace ungcuu::federation
