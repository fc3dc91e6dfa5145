// The HTTP/1.1 server: Boost.Beast over one Asio io_context run by a few threads.
//
// A connection goes through: waiting for its client to start a request (idle: `idle_timeout`
// between requests, `header_timeout` for the first) → the request head within `header_timeout`
// → the screen, which decides from the head alone (before any body byte is read) the body limit,
// whether the work is heavy, or an answer that refuses the request (not signed in, not allowed)
// → the body within `body_timeout` → the handler → the answer. Reads run on the io threads;
// writes (which wait for the database's write lock and its flush to disk) on a bounded pool of
// their own, and heavy work (imports, uploads, rule tests, documents, password hashing) on
// another, so the health check and reads never wait behind either — a full pool answers 503 with
// Retry-After. A ConnectionGate caps connections in all and per client address, closing
// the oldest idle one to make room; the accept loop backs off when descriptors run out.
// Start() binds (port 0 picks a free port); Stop() is safe from any thread.
#pragma once

#include <any>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "core/worker_pool.hpp"
#include "net/accept_loop.hpp"
#include "net/connection_gate.hpp"

namespace ungcuu::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

/// A response that goes on after its head (Server-Sent Events): the server asks for the next
/// piece of the body, writes it, and asks again, until a piece is empty (the end), the client
/// goes away or the server stops. The connection closes at the end (the body is delimited by
/// the close).
class ResponseStream {
public:
    virtual ~ResponseStream() = default;
    /// Calls `write` once with the next piece (empty: the end), now or later from any thread.
    virtual void Next(std::function<void(std::string)> write) = 0;
    /// The client went away or the server stops: `write` may no longer be called.
    virtual void Cancel() = 0;
};

struct RequestContext {
    const Request& request;
    std::string remote_address;
    /// What the screen passed on for this request (the authenticated caller), for the handler
    /// to take; null when the request was not screened.
    std::any* screened = nullptr;
    /// Set by the handler when its answer goes on after the head (then the response carries
    /// only the head); null when the server does not stream.
    std::shared_ptr<ResponseStream>* stream = nullptr;
};

/// Where a request's handler runs.
enum class Lane {
    kRead,   // on the io threads: quick, never waits for a lock
    kWrite,  // on the write pool: a database write
    kHeavy,  // on the heavy pool: long work
};

/// The decision on a request from its head alone, before its body is read.
// NOLINTNEXTLINE(bugprone-exception-escape): moving the refusal (a beast response) may allocate
struct Screening {
    /// 0: ServerOptions::body_limit; SIZE_MAX: the large body limit; else the route's own limit.
    std::size_t body_limit = 0;
    Lane lane = Lane::kRead;
    std::optional<Response> refusal;  // answer this at once; the body is not read
    std::any passed;                  // handed to the handler as RequestContext::screened
};

using Handler = std::function<Response(const RequestContext&)>;
/// Builds the response for a request that could not be read (too large, malformed) or run
/// (the worker pool is full: 503).
using ErrorResponder = std::function<Response(boost::beast::http::status, std::string_view)>;
/// Screens a request from its head (the request with an empty body) and the client's address.
using Screen = std::function<Screening(const Request& head, const std::string& remote)>;

struct ServerOptions {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;
    int threads = 2;
    std::size_t body_limit = std::size_t{1024} * 1024;
    /// The largest limit any screen may choose (file uploads and imports).
    std::size_t large_body_limit = std::size_t{1024} * 1024;
    Screen screen;
    net::GateLimits connections;
    std::chrono::seconds idle_timeout{30};
    std::chrono::seconds header_timeout{15};
    std::chrono::seconds body_timeout{120};
    std::size_t heavy_threads = 2;
    std::size_t heavy_queue = 32;
    std::size_t write_threads = 4;  // mostly waiting on the disk: more than the cores
    std::size_t write_queue = 512;
};

struct ServerCounters {
    net::GateCounters connections;
    core::WorkerPoolCounters writes;
    core::WorkerPoolCounters heavy;
    std::uint64_t accept_starved = 0;
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
    ServerCounters Counters() const;

    struct Shared;  // what connections share with the server; outlives every connection

private:
    std::shared_ptr<Shared> shared_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::shared_ptr<net::AcceptLoop> accept_loop_;
    std::vector<std::thread> threads_;
    bool stopped_ = false;
};

/// Raises the process's soft limit of open descriptors to its hard limit (Debian's default soft
/// limit, 1024, is reached by a few hundred idle connections); returns the limit now in force.
std::size_t RaiseDescriptorLimit();

}  // namespace ungcuu::http
