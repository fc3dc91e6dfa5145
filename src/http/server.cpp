#include "http/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <future>
#include <limits>
#include <sstream>

namespace ungcuu::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Server::Shared {
    ServerOptions options;
    Handler handler;
    ErrorResponder on_error;
    net::ConnectionGate gate;
    core::WorkerPool writes;
    core::WorkerPool heavy;

    Shared(ServerOptions o, Handler h, ErrorResponder e)
        : options(std::move(o)),
          handler(std::move(h)),
          on_error(std::move(e)),
          gate(options.connections),
          writes(options.write_threads, options.write_queue),
          heavy(options.heavy_threads, options.heavy_queue) {}
};

namespace {

class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(tcp::socket socket, std::shared_ptr<Server::Shared> shared, std::string remote)
        : stream_(std::move(socket)), shared_(std::move(shared)), remote_(std::move(remote)) {}

    ~Connection() {
        if (stream_source_) {
            stream_source_->Cancel();
        }
        if (place_) {
            shared_->gate.Release(place_->id);
        }
    }

    /// Takes a place at the gate (closing an idle connection to make room if need be) and
    /// starts serving; false when there is no room.
    bool Admit() {
        auto weak = weak_from_this();
        auto executor = stream_.get_executor();
        place_ = shared_->gate.Admit(remote_, [weak, executor] {
            asio::post(executor, [weak] {
                if (auto self = weak.lock()) {
                    self->Evict();
                }
            });
        });
        if (!place_) {
            return false;
        }
        asio::dispatch(executor, [self = shared_from_this()] { self->WaitForRequest(true); });
        return true;
    }

private:
    const ServerOptions& options() const { return shared_->options; }

    // Idle until the client's next request head has arrived: such a connection (keep-alive
    // between requests, or a head arriving slowly) is the first to give way when the server
    // is full. A fresh connection has `header_timeout` for its first head, a kept one
    // `idle_timeout` for the next.
    void WaitForRequest(bool first) {
        place_->SetIdle(true);
        parser_.emplace();
        parser_->header_limit(16 * 1024);
        // No limit while the head is read: the screen chooses it (a refusal on the head wins
        // over a body that would be too large anyway).
        parser_->body_limit(boost::none);
        stream_.expires_after(first ? options().header_timeout : options().idle_timeout);
        bhttp::async_read_header(
            stream_, buffer_, *parser_,
            beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
    }

    void OnHeader(beast::error_code ec, std::size_t /*bytes*/) {
        place_->SetIdle(false);
        if (ec) {
            OnReadError(ec);
            return;
        }
        Screening screening;
        if (options().screen) {
            try {
                screening = options().screen(parser_->get(), remote_);
            } catch (const std::exception& error) {
                spdlog::error("screening {} failed: {}", std::string(parser_->get().target()),
                              error.what());
                Send(shared_->on_error(bhttp::status::internal_server_error, "exception"), false);
                return;
            }
        }
        if (screening.refusal) {
            // Refused on its head: the body is never read, so the connection cannot go on.
            Send(std::move(*screening.refusal), false);
            return;
        }
        // 0: the JSON limit; the largest value: the large body limit; else the route's own.
        body_limit_ = screening.body_limit == 0 ? options().body_limit
                      : screening.body_limit == std::numeric_limits<std::size_t>::max()
                          ? std::max(options().body_limit, options().large_body_limit)
                          : screening.body_limit;
        lane_ = screening.lane;
        passed_ = std::move(screening.passed);
        const auto length = parser_->content_length();
        if (length && *length > body_limit_) {
            OnReadError(bhttp::error::body_limit);
            return;
        }
        parser_->body_limit(body_limit_);
        stream_.expires_after(options().body_timeout);
        const auto& header = parser_->get();
        // A client that asked whether to send its body (curl does past 1 KiB) is told to go on,
        // instead of waiting a second for an answer that never comes.
        if (header.version() >= 11 &&
            beast::iequals(header[bhttp::field::expect], "100-continue")) {
            auto go_on = std::make_shared<bhttp::response<bhttp::empty_body>>(
                bhttp::status::continue_, header.version());
            bhttp::async_write(
                stream_, *go_on,
                [self = shared_from_this(), go_on](beast::error_code written, std::size_t) {
                    if (written) {
                        self->Close();
                        return;
                    }
                    self->ReadBody();
                });
            return;
        }
        ReadBody();
    }

    void ReadBody() {
        bhttp::async_read(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Connection::OnBody, shared_from_this()));
    }

    void OnReadError(beast::error_code ec) {
        if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
            ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
            ec == asio::error::eof) {
            Close();
            return;
        }
        if (ec == bhttp::error::body_limit) {
            Send(shared_->on_error(bhttp::status::payload_too_large, std::to_string(body_limit_)),
                 false);
            return;
        }
        Send(shared_->on_error(bhttp::status::bad_request, ec.message()), false);
    }

    void OnBody(beast::error_code ec, std::size_t /*bytes*/) {
        if (ec) {
            OnReadError(ec);
            return;
        }
        if (lane_ == Lane::kRead) {
            Reply(Run());
            return;
        }
        auto self = shared_from_this();
        auto& pool = lane_ == Lane::kHeavy ? shared_->heavy : shared_->writes;
        const bool queued = pool.TrySubmit([self] {
            auto response = std::make_shared<Response>(self->Run());
            asio::post(self->stream_.get_executor(),
                       [self, response] { self->Reply(std::move(*response)); });
        });
        if (!queued) {
            Response busy = shared_->on_error(bhttp::status::service_unavailable, "busy");
            Reply(std::move(busy));
        }
    }

    Response Run() {
        const Request& request = parser_->get();
        try {
            return shared_->handler(RequestContext{request, remote_, &passed_, &stream_source_});
        } catch (const std::exception& error) {
            spdlog::error("unhandled exception while serving {}: {}", std::string(request.target()),
                          error.what());
            return shared_->on_error(bhttp::status::internal_server_error, "exception");
        }
    }

    void Reply(Response response) {
        if (stream_source_) {
            StartStream(std::move(response));
            return;
        }
        const Request& request = parser_->get();
        response.version(request.version());
        const bool keep_alive = request.keep_alive();
        response.keep_alive(keep_alive);
        Send(std::move(response), keep_alive);
    }

    void Send(Response response, bool keep_alive) {
        response.prepare_payload();
        if (!keep_alive) {
            response.keep_alive(false);
        }
        auto shared = std::make_shared<Response>(std::move(response));
        stream_.expires_after(options().body_timeout);
        bhttp::async_write(
            stream_, *shared,
            [self = shared_from_this(), shared, keep_alive](beast::error_code ec, std::size_t) {
                if (ec || !keep_alive) {
                    self->Close();
                    return;
                }
                self->parser_.reset();
                self->passed_.reset();
                self->WaitForRequest(false);
            });
    }

    // A streamed answer: the head (no length: the body ends with the connection), then each
    // piece the source gives, until it gives an empty one or the client goes away.
    void StartStream(Response head) {
        head.version(parser_->get().version());
        head.keep_alive(false);
        head.body().clear();
        std::ostringstream text;
        text << head.base();
        WriteStreamed(text.str(), true);
    }

    // A stream's client sends nothing after its request: whatever a read brings (the close, a
    // reset) ends the stream at once, not only at the next write.
    void WatchClose() {
        stream_.socket().async_read_some(
            asio::buffer(close_probe_),
            [self = shared_from_this()](beast::error_code, std::size_t) { self->EndStream(); });
    }

    void NextPiece() {
        if (!stream_source_) {
            return;  // the stream already ended (the client closed while a write was finishing)
        }
        // The source may answer from another thread, and after this connection is gone.
        std::weak_ptr<Connection> weak = weak_from_this();
        auto executor = stream_.get_executor();
        stream_.expires_never();  // waiting for news is not a stalled client
        stream_source_->Next([weak, executor](std::string piece) {
            asio::post(executor, [weak, piece = std::move(piece)]() mutable {
                if (auto self = weak.lock()) {
                    self->WritePiece(std::move(piece));
                }
            });
        });
    }

    void WritePiece(std::string piece) {
        if (!stream_source_) {
            return;
        }
        if (piece.empty()) {
            EndStream();
            return;
        }
        WriteStreamed(std::move(piece), false);
    }

    // Writes the head (`first`: then starts watching for the close) or a piece, then asks for
    // the next piece.
    void WriteStreamed(std::string text, bool first) {
        auto out = std::make_shared<std::string>(std::move(text));
        stream_.expires_after(options().body_timeout);
        asio::async_write(
            stream_, asio::buffer(*out),
            [self = shared_from_this(), out, first](beast::error_code ec, std::size_t) {
                if (ec) {
                    self->EndStream();
                    return;
                }
                if (first) {
                    self->WatchClose();
                }
                self->NextPiece();
            });
    }

    void EndStream() {
        if (stream_source_) {
            stream_source_->Cancel();
            stream_source_.reset();
        }
        Close();
    }

    void Close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    // Closed to make room for another connection while waiting for its client.
    void Evict() {
        if (stream_source_) {
            stream_source_->Cancel();
        }
        stream_.close();
    }

    beast::tcp_stream stream_;
    std::shared_ptr<Server::Shared> shared_;
    std::string remote_;
    std::optional<net::ConnectionGate::Place> place_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::size_t body_limit_ = 0;
    Lane lane_ = Lane::kRead;
    std::any passed_;
    std::shared_ptr<ResponseStream> stream_source_;
    std::array<char, 1> close_probe_{};
};

}  // namespace

std::size_t RaiseDescriptorLimit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return 1024;
    }
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
            limit = raised;
        }
    }
    return limit.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20
                                           : static_cast<std::size_t>(limit.rlim_cur);
}

Server::Server(ServerOptions options, Handler handler, ErrorResponder on_error)
    : shared_(
          std::make_shared<Shared>(std::move(options), std::move(handler), std::move(on_error))),
      io_(shared_->options.threads),
      acceptor_(asio::make_strand(io_)) {}

Server::~Server() {
    try {
        Stop();
    } catch (...) {  // a destructor does not throw; Stop() only fails when the process is dying
    }
}

core::Result<tcp::endpoint> Server::Start() {
    const auto& options = shared_->options;
    beast::error_code ec;
    const auto address = asio::ip::make_address(options.host, ec);
    if (ec) {
        return core::InvalidArgument(
            fmt::format("Địa chỉ lắng nghe \"{}\" không hợp lệ.", options.host),
            fmt::format("Invalid listen address \"{}\".", options.host));
    }
    const tcp::endpoint endpoint(address, options.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) {
        acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        acceptor_.bind(endpoint, ec);
    }
    if (!ec) {
        acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        return core::Error::Make(
            core::ErrorCode::kUnavailable,
            fmt::format("Không lắng nghe được trên {}:{}: {}", options.host, options.port,
                        ec.message()),
            fmt::format("Cannot listen on {}:{}: {}", options.host, options.port, ec.message()));
    }
    const auto bound = acceptor_.local_endpoint();
    accept_loop_ = std::make_shared<net::AcceptLoop>(
        acceptor_, shared_->gate, [this] { return asio::any_io_executor(asio::make_strand(io_)); },
        [shared = shared_](tcp::socket socket) {
            beast::error_code peer_error;
            const auto peer = socket.remote_endpoint(peer_error);
            std::string remote = peer_error ? "unknown" : peer.address().to_string();
            auto connection =
                std::make_shared<Connection>(std::move(socket), shared, std::move(remote));
            (void)connection->Admit();  // refused: dropped here, which closes the socket
        });
    accept_loop_->Start();
    for (int i = 0; i < options.threads; ++i) {
        threads_.emplace_back([this] { io_.run(); });
    }
    return bound;
}

void Server::Wait(bool handle_signals) {
    if (handle_signals) {
        auto signals = std::make_shared<asio::signal_set>(io_, SIGINT, SIGTERM);
        std::promise<void> done;
        signals->async_wait([&done](beast::error_code, int) { done.set_value(); });
        done.get_future().wait();
        Stop();
        return;
    }
    for (auto& thread : threads_) {
        thread.join();
    }
    threads_.clear();
}

ServerCounters Server::Counters() const {
    ServerCounters counters;
    counters.connections = shared_->gate.Counters();
    counters.writes = shared_->writes.Counters();
    counters.heavy = shared_->heavy.Counters();
    counters.accept_starved = accept_loop_ ? accept_loop_->starved() : 0;
    return counters;
}

void Server::Stop() {
    if (stopped_) {
        return;
    }
    stopped_ = true;
    // The pools first: their answers are posted to connections the io threads still serve.
    shared_->heavy.Stop();
    shared_->writes.Stop();
    asio::post(acceptor_.get_executor(), [this] {
        beast::error_code ignored;
        acceptor_.close(ignored);
    });
    io_.stop();
    for (auto& thread : threads_) {
        if (thread.joinable()) {
            thread.join();
        }
    }
    threads_.clear();
}

}  // namespace ungcuu::http
