#include "http/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <future>
#include <optional>

namespace ungcuu::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(tcp::socket socket,
               const Handler& handler,
               const ErrorResponder& on_error,
               const ServerOptions& options)
        : stream_(std::move(socket)),
          handler_(handler),
          on_error_(on_error),
          options_(options),
          body_limit_(options.body_limit) {
        beast::error_code ignored;
        const auto endpoint = stream_.socket().remote_endpoint(ignored);
        remote_ = ignored ? "unknown" : endpoint.address().to_string();
    }

    void Start() {
        asio::dispatch(stream_.get_executor(),
                       beast::bind_front_handler(&Connection::Read, shared_from_this()));
    }

private:
    void Read() {
        parser_.emplace();
        parser_->header_limit(16 * 1024);
        // Large enough for any route; each request's own limit is set once its target is known.
        parser_->body_limit(std::max(options_.body_limit, options_.large_body_limit));
        stream_.expires_after(std::chrono::seconds(60));
        bhttp::async_read_header(
            stream_, buffer_, *parser_,
            beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
    }

    void OnHeader(beast::error_code ec, std::size_t /*bytes*/) {
        if (ec) {
            OnRead(ec, 0);
            return;
        }
        const auto& header = parser_->get();
        body_limit_ =
            options_.takes_large_body && options_.takes_large_body(header.method(), header.target())
                ? options_.large_body_limit
                : options_.body_limit;
        // The parser checked Content-Length against its default limit while reading the header;
        // check it against the limit chosen for this target (chunked bodies are checked as read).
        const auto length = parser_->content_length();
        if (length && *length > body_limit_) {
            OnRead(bhttp::error::body_limit, 0);
            return;
        }
        parser_->body_limit(body_limit_);
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
                          beast::bind_front_handler(&Connection::OnRead, shared_from_this()));
    }

    void OnRead(beast::error_code ec, std::size_t /*bytes*/) {
        if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
            ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
            Close();
            return;
        }
        if (ec == bhttp::error::body_limit) {
            Send(on_error_(bhttp::status::payload_too_large, fmt::format("{} bytes", body_limit_)),
                 false);
            return;
        }
        if (ec) {
            Send(on_error_(bhttp::status::bad_request, ec.message()), false);
            return;
        }
        const Request& request = parser_->get();
        Response response;
        try {
            response = handler_(RequestContext{request, remote_});
        } catch (const std::exception& error) {
            spdlog::error("unhandled exception while serving {}: {}", std::string(request.target()),
                          error.what());
            response = on_error_(bhttp::status::internal_server_error, "exception");
        }
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
        stream_.expires_after(std::chrono::seconds(60));
        bhttp::async_write(
            stream_, *shared,
            [self = shared_from_this(), shared, keep_alive](beast::error_code ec, std::size_t) {
                if (ec || !keep_alive) {
                    self->Close();
                    return;
                }
                self->Read();
            });
    }

    void Close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    const Handler& handler_;
    const ErrorResponder& on_error_;
    const ServerOptions& options_;
    std::size_t body_limit_;
    std::string remote_;
};

}  // namespace

Server::Server(ServerOptions options, Handler handler, ErrorResponder on_error)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      on_error_(std::move(on_error)),
      io_(options_.threads),
      acceptor_(asio::make_strand(io_)) {}

Server::~Server() { Stop(); }

core::Result<tcp::endpoint> Server::Start() {
    beast::error_code ec;
    const auto address = asio::ip::make_address(options_.host, ec);
    if (ec) {
        return core::InvalidArgument(
            fmt::format("Địa chỉ lắng nghe \"{}\" không hợp lệ.", options_.host),
            fmt::format("Invalid listen address \"{}\".", options_.host));
    }
    const tcp::endpoint endpoint(address, options_.port);
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
            fmt::format("Không lắng nghe được trên {}:{}: {}", options_.host, options_.port,
                        ec.message()),
            fmt::format("Cannot listen on {}:{}: {}", options_.host, options_.port, ec.message()));
    }
    const auto bound = acceptor_.local_endpoint();
    Accept();
    for (int i = 0; i < options_.threads; ++i) {
        threads_.emplace_back([this] { io_.run(); });
    }
    return bound;
}

void Server::Accept() {
    acceptor_.async_accept(asio::make_strand(io_), [this](beast::error_code ec,
                                                          tcp::socket socket) {
        if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor_.is_open()) {
                return;
            }
        } else {
            std::make_shared<Connection>(std::move(socket), handler_, on_error_, options_)->Start();
        }
        Accept();
    });
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

void Server::Stop() {
    if (stopped_) {
        return;
    }
    stopped_ = true;
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
