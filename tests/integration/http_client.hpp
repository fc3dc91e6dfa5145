// A minimal blocking HTTP/1.1 client over loopback for the integration tests, with a cookie
// jar and the CSRF token of the signed-in session.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ungcuu::testing {

struct HttpReply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // lower-case names; Set-Cookie values joined
    /// The body parsed as JSON (null when it is not JSON); parsed once, kept with the reply.
    const boost::json::value& Json() const;
    /// The problem+json "code", or "" when the body is not a problem.
    std::string Code() const;

private:
    mutable std::optional<boost::json::value> parsed_;
};

class HttpClient {
public:
    explicit HttpClient(unsigned short port) : port_(port) {}

    HttpReply Send(const std::string& method,
                   const std::string& target,
                   const std::string& body = "",
                   std::map<std::string, std::string> headers = {});

    HttpReply Get(const std::string& target) { return Send("GET", target); }

    HttpReply Post(const std::string& target, const std::string& body) {
        return Send("POST", target, body);
    }

    HttpReply Patch(const std::string& target, const std::string& body) {
        return Send("PATCH", target, body);
    }

    /// Signs in and keeps the cookie and CSRF token for later requests.
    HttpReply SignIn(const std::string& login, const std::string& password);

    std::string cookie;
    std::string csrf;
    bool send_csrf = true;
    /// The loopback address requests come from ("127.0.0.2" …), so that a test can be several
    /// clients on one machine; empty: the system's choice (127.0.0.1).
    std::string source_address;

private:
    unsigned short port_;
};

/// Sends `bytes` as they are on a new loopback connection, half-closes it and returns what the
/// server wrote back until it closed (for requests an HTTP library would refuse to write).
std::string RawExchange(unsigned short port, std::string_view bytes);

/// The status code on the first line of a raw HTTP answer, 0 when there is none.
int RawStatus(std::string_view answer);

}  // namespace ungcuu::testing
