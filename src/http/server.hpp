// The HTTP/1.1 server: Boost.Beast over one Asio io_context run by a few threads. Each
// connection reads requests (keep-alive), hands each to the Handler on an io thread and writes
// the response. Bodies over the limit are refused with 413 before they are read in full.
// Start() binds (port 0 picks a free port) and returns the bound endpoint; Stop() is safe to call
// from any thread, including a signal handler's strand.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/result.hpp"

namespace ungcuu::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

struct RequestContext {
    const Request& request;
    std::string remote_address;
};

using Handler = std::function<Response(const RequestContext&)>;
/// Builds the response for a request that could not be read (too large, malformed).
using ErrorResponder = std::function<Response(boost::beast::http::status, std::string_view)>;

struct ServerOptions {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;
    int threads = 2;
    std::size_t body_limit = 1024 * 1024;
    /// A larger limit for the targets `takes_large_body` accepts (file uploads and imports);
    /// decided from the request line and headers before the body is read.
    std::size_t large_body_limit = 1024 * 1024;
    std::function<bool(boost::beast::http::verb, std::string_view target)> takes_large_body;
};

class Server {
public:
    Server(ServerOptions options, Handler handler, ErrorResponder on_error);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds and starts accepting on background threads. kUnavailable when the address is taken.
    core::Result<boost::asio::ip::tcp::endpoint> Start();
    /// Stops accepting, closes connections and joins the threads.
    void Stop();
    /// Blocks until Stop() is called from elsewhere (or SIGINT/SIGTERM arrive when
    /// `handle_signals`).
    void Wait(bool handle_signals);

private:
    void Accept();

    ServerOptions options_;
    Handler handler_;
    ErrorResponder on_error_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::vector<std::thread> threads_;
    bool stopped_ = false;
};

}  // namespace ungcuu::http
