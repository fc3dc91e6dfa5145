#include "ingest/syslog_listener.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <cctype>

#include "net/accept_loop.hpp"

namespace ungcuu::ingest {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

bool TakeSyslogFrames(std::string& buffer,
                      bool& skipping,
                      std::size_t max,
                      const std::function<void(std::string_view)>& on_message,
                      const std::function<void()>& on_too_long) {
    std::size_t at = 0;
    if (skipping) {  // the rest of a line already cut off as too long
        const auto end = buffer.find_first_of(std::string_view("\n\0", 2));
        if (end == std::string::npos) {
            buffer.clear();
            return true;
        }
        skipping = false;
        at = end + 1;
    }
    bool readable = true;
    while (at < buffer.size()) {
        const char first = buffer[at];
        if (first >= '1' && first <= '9') {
            // Octet counting: MSG-LEN SP SYSLOG-MSG.
            std::size_t length = 0, k = at;
            while (k < buffer.size() && std::isdigit(static_cast<unsigned char>(buffer[k])) &&
                   length <= max) {
                length = length * 10 + static_cast<std::size_t>(buffer[k] - '0');
                ++k;
            }
            if (length > max) {
                readable = false;
                break;
            }
            if (k == buffer.size()) {
                break;  // the count goes on in the next read
            }
            if (buffer[k] != ' ') {
                readable = false;  // digits not followed by a space: not a frame we can follow
                break;
            }
            if (buffer.size() - (k + 1) < length) {
                break;  // wait for the rest
            }
            on_message(std::string_view(buffer).substr(k + 1, length));
            at = k + 1 + length;
            continue;
        }
        // Non-transparent framing: up to LF (a NUL ends a frame too, as some senders use it).
        const auto end = buffer.find_first_of(std::string_view("\n\0", 2), at);
        if (end == std::string::npos) {
            if (buffer.size() - at > max) {
                on_too_long();
                at = buffer.size();
                skipping = true;
            }
            break;
        }
        std::string_view frame = std::string_view(buffer).substr(at, end - at);
        while (!frame.empty() && frame.back() == '\r') {
            frame.remove_suffix(1);
        }
        if (frame.size() > max) {
            on_too_long();
        } else if (!frame.empty()) {
            on_message(frame);
        }
        at = end + 1;
    }
    buffer.erase(0, std::min(at, buffer.size()));
    return readable;
}

struct SyslogListener::Impl {
    EventPipeline& pipeline;
    app::DetectionSetupService& service;
    const core::Clock& clock;
    SyslogOptions options;
    // Before the io_context: sessions still queued in it release their place when it goes.
    std::optional<net::ConnectionGate> gate;
    asio::io_context io;
    std::optional<udp::socket> udp_socket;
    std::optional<tcp::acceptor> acceptor;
    std::shared_ptr<net::AcceptLoop> accept_loop;
    std::thread thread;
    std::vector<char> datagram;
    udp::endpoint sender;

    Impl(EventPipeline& p, app::DetectionSetupService& s, const core::Clock& c, SyslogOptions o)
        : pipeline(p), service(s), clock(c), options(std::move(o)) {}

    // The event of a message from `address`, bound to its source's unit (or the fallback).
    std::optional<app::IngestedEvent> EventFrom(const std::string& address,
                                                std::string_view message) {
        app::IngestedEvent event;
        event.received_at = clock.Now();
        event.format = "syslog";
        event.unit_id = options.fallback_unit;
        auto source = service.SyslogSource(address);
        if (source.ok() && *source) {
            event.source_id = (*source)->id;
            event.unit_id = (*source)->unit_id;
            event.format = (*source)->format;
        }
        if (event.unit_id.value() == 0) {
            return std::nullopt;
        }
        while (!message.empty() &&
               (message.back() == '\n' || message.back() == '\0' || message.back() == '\r')) {
            message.remove_suffix(1);
        }
        event.body = std::string(message);
        return event;
    }

    void ReceiveUdp() {
        udp_socket->async_receive_from(
            asio::buffer(datagram), sender, [this](boost::system::error_code ec, std::size_t n) {
                if (ec == asio::error::operation_aborted) {
                    return;
                }
                if (!ec && n > 0) {
                    pipeline.CountReceived(1);
                    auto event = EventFrom(sender.address().to_string(),
                                           std::string_view(datagram.data(), n));
                    std::vector<app::IngestedEvent> one;
                    if (event) {
                        one.push_back(std::move(*event));
                    }
                    if (!event) {
                        pipeline.CountRefused(1);
                    } else if (!pipeline.TryEnqueue(one)) {
                        pipeline.CountDropped(1);
                    }
                }
                ReceiveUdp();
            });
    }

    class Session : public std::enable_shared_from_this<Session> {
    public:
        Session(Impl& owner, tcp::socket socket)
            : owner_(owner), socket_(std::move(socket)), timer_(owner.io), idle_timer_(owner.io) {
            boost::system::error_code ec;
            address_ = socket_.remote_endpoint(ec).address().to_string();
        }

        ~Session() {
            if (place_) {
                owner_.gate->Release(place_->id);
            }
        }

        // Takes a place at the gate (a silent connection may give way); false when full.
        bool Admit() {
            std::weak_ptr<Session> weak = shared_from_this();
            place_ = owner_.gate->Admit(address_, [weak, &io = owner_.io] {
                asio::post(io, [weak] {
                    if (auto self = weak.lock()) {
                        self->Close();
                    }
                });
            });
            return place_.has_value();
        }

        void Read() {
            auto self = shared_from_this();
            // Between messages the connection is idle: it may give way, and it times out.
            const bool between_messages = buffer_.empty();
            place_->SetIdle(between_messages);
            idle_timer_.expires_after(owner_.options.tcp_idle_timeout);
            idle_timer_.async_wait(
                [weak = std::weak_ptr<Session>(self)](boost::system::error_code ec) {
                    if (ec == asio::error::operation_aborted) {
                        return;
                    }
                    if (auto session = weak.lock()) {
                        session->Close();
                    }
                });
            socket_.async_read_some(
                asio::buffer(chunk_), [self](boost::system::error_code ec, std::size_t n) {
                    self->idle_timer_.cancel();
                    self->place_->SetIdle(false);
                    if (n > 0) {
                        self->buffer_.append(self->chunk_.data(), n);
                        const bool readable = TakeSyslogFrames(
                            self->buffer_, self->skipping_, self->owner_.options.max_message,
                            [&](std::string_view message) {
                                self->owner_.pipeline.CountReceived(1);
                                auto event = self->owner_.EventFrom(self->address_, message);
                                if (event) {
                                    self->pending_.push_back(std::move(*event));
                                } else {
                                    self->owner_.pipeline.CountRefused(1);
                                }
                            },
                            [&] { self->owner_.pipeline.CountRefused(1); });
                        if (!readable) {
                            self->owner_.pipeline.CountRefused(1);
                            ec = asio::error::invalid_argument;
                        }
                    }
                    self->Flush(!ec);
                });
        }

        // Hands the pending events on, waiting for room before reading more (back-pressure).
        void Flush(bool more) {
            if (pending_.empty() || owner_.pipeline.TryEnqueue(pending_)) {
                throttled_ = false;
                if (more) {
                    Read();
                }
                return;
            }
            if (!throttled_) {
                owner_.pipeline.CountThrottled();
                throttled_ = true;
            }
            auto self = shared_from_this();
            timer_.expires_after(std::chrono::milliseconds(20));
            timer_.async_wait([self, more](boost::system::error_code ec) {
                if (ec == asio::error::operation_aborted) {
                    return;
                }
                self->Flush(more);
            });
        }

        void Close() {
            boost::system::error_code ignored;
            socket_.close(ignored);
            timer_.cancel();
            idle_timer_.cancel();
        }

    private:
        Impl& owner_;
        tcp::socket socket_;
        asio::steady_timer timer_;
        asio::steady_timer idle_timer_;
        std::optional<net::ConnectionGate::Place> place_;
        std::string address_;
        std::array<char, std::size_t{16} * 1024> chunk_{};
        std::string buffer_;
        bool skipping_ = false;  // inside a line cut off as too long
        std::vector<app::IngestedEvent> pending_;
        bool throttled_ = false;
    };

    void Accept() {
        gate.emplace(options.tcp_connections);
        accept_loop = std::make_shared<net::AcceptLoop>(
            *acceptor, *gate, [this] { return asio::any_io_executor(io.get_executor()); },
            [this](tcp::socket socket) {
                auto session = std::make_shared<Session>(*this, std::move(socket));
                if (session->Admit()) {
                    session->Read();
                }
            });
        accept_loop->Start();
    }
};

SyslogListener::SyslogListener(EventPipeline& pipeline,
                               app::DetectionSetupService& service,
                               const core::Clock& clock,
                               SyslogOptions options)
    : impl_(std::make_unique<Impl>(pipeline, service, clock, std::move(options))) {}

SyslogListener::~SyslogListener() { Stop(); }

core::Result<std::vector<std::string>> SyslogListener::Start() {
    auto& impl = *impl_;
    std::vector<std::string> names;
    const auto refuse = [](std::string_view what, const SyslogOptions::Endpoint& at,
                           const boost::system::error_code& ec) {
        return core::InvalidArgument(fmt::format("Không mở được cổng syslog {} {}:{}: {}.", what,
                                                 at.first, at.second, ec.message()),
                                     fmt::format("Cannot open the syslog {} port {}:{}: {}.", what,
                                                 at.first, at.second, ec.message()));
    };
    boost::system::error_code ec;
    if (impl.options.udp) {
        const auto& at = *impl.options.udp;
        const auto address = asio::ip::make_address(at.first, ec);
        if (ec) {
            return refuse("UDP", at, ec);
        }
        udp::endpoint endpoint(address, at.second);
        impl.udp_socket.emplace(impl.io);
        impl.udp_socket->open(endpoint.protocol(), ec);
        if (!ec) {
            // A large receive buffer absorbs bursts before datagrams are dropped.
            impl.udp_socket->set_option(asio::socket_base::receive_buffer_size(8 << 20), ec);
            ec.clear();
            impl.udp_socket->bind(endpoint, ec);
        }
        if (ec) {
            return refuse("UDP", at, ec);
        }
        const auto bound = impl.udp_socket->local_endpoint();
        names.push_back(fmt::format("udp {}:{}", bound.address().to_string(), bound.port()));
        impl.datagram.resize(impl.options.max_message);
        impl.ReceiveUdp();
    }
    if (impl.options.tcp) {
        const auto& at = *impl.options.tcp;
        const auto address = asio::ip::make_address(at.first, ec);
        if (ec) {
            return refuse("TCP", at, ec);
        }
        tcp::endpoint endpoint(address, at.second);
        impl.acceptor.emplace(impl.io);
        impl.acceptor->open(endpoint.protocol(), ec);
        if (!ec) {
            impl.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
        }
        if (!ec) {
            impl.acceptor->bind(endpoint, ec);
        }
        if (!ec) {
            impl.acceptor->listen(asio::socket_base::max_listen_connections, ec);
        }
        if (ec) {
            return refuse("TCP", at, ec);
        }
        const auto bound = impl.acceptor->local_endpoint();
        names.push_back(fmt::format("tcp {}:{}", bound.address().to_string(), bound.port()));
        impl.Accept();
    }
    for (const auto& name : names) {
        impl.pipeline.AddListener(name);
    }
    if (!names.empty()) {
        impl.thread = std::thread([&impl] { impl.io.run(); });
    }
    return names;
}

void SyslogListener::Stop() {
    if (!impl_) {
        return;
    }
    impl_->io.stop();
    if (impl_->thread.joinable()) {
        impl_->thread.join();
    }
}

}  // namespace ungcuu::ingest
