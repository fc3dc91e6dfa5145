// The HTTP server's mechanics with a handler of the test's own: light requests are answered
// while heavy work holds every worker, a full pool answers 503 with Retry-After, a refusal on the
// head is sent without reading the body, idle connections give way to new clients and time out.
#include "http/server.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <future>

namespace ungcuu::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

// A blocking loopback connection from `source` ("127.0.0.x"), reads failing after 20 s.
tcp::socket Connect(asio::io_context& io, unsigned short port, const std::string& source) {
    tcp::socket socket(io);
    socket.open(tcp::v4());
    socket.bind(tcp::endpoint(asio::ip::make_address(source), 0));
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    timeval timeout{20, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return socket;
}

// One request on `socket`; the status, or 0 when the server closed without answering.
int Exchange(tcp::socket& socket, const std::string& target, std::string* retry_after = nullptr) {
    bhttp::request<bhttp::string_body> request{bhttp::verb::get, target, 11};
    request.set(bhttp::field::host, "127.0.0.1");
    beast::error_code ec;
    bhttp::write(socket, request, ec);
    if (ec) {
        return 0;
    }
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> response;
    bhttp::read(socket, buffer, response, ec);
    if (ec) {
        return 0;
    }
    if (retry_after != nullptr) {
        *retry_after = std::string(response[bhttp::field::retry_after]);
    }
    return static_cast<int>(response.result_int());
}

// True when the server closed `socket` (a read ends) within the socket's read timeout.
bool ClosedByServer(tcp::socket& socket) {
    char byte = 0;
    beast::error_code ec;
    const auto n = socket.read_some(asio::buffer(&byte, 1), ec);
    return n == 0 && (ec == asio::error::eof || ec == asio::error::connection_reset);
}

class ServerTest : public ::testing::Test {
public:
    // Lets held heavy requests finish (once).
    void Release() {
        if (!released_.exchange(true)) {
            release_.set_value();
        }
    }

protected:
    void StartServer(ServerOptions options) {
        options.host = "127.0.0.1";
        options.port = 0;
        options.screen = [](const Request& head, const std::string&) {
            Screening screening;
            const std::string_view target = head.target();
            screening.lane = target.starts_with("/heavy") ? Lane::kHeavy : Lane::kRead;
            if (target.starts_with("/refuse")) {
                Response refusal{bhttp::status::unauthorized, head.version()};
                refusal.body() = "refused on the head";
                screening.refusal = std::move(refusal);
            }
            return screening;
        };
        server_ = std::make_unique<Server>(
            options,
            [this](const RequestContext& context) {
                if (context.request.target().starts_with("/heavy")) {
                    ++heavy_started_;
                    held_.wait();
                }
                Response response{bhttp::status::ok, context.request.version()};
                response.body() = "ok";
                return response;
            },
            [](bhttp::status status, std::string_view) {
                Response response{status, 11};
                if (status == bhttp::status::service_unavailable) {
                    response.set(bhttp::field::retry_after, "5");
                }
                return response;
            });
        auto bound = server_->Start();
        ASSERT_TRUE(bound.ok());
        port_ = bound->port();
    }

    // Waits (at most 20 s) until the gate's counters satisfy `ready`; fails the test otherwise.
    void WaitFor(const std::function<bool(const net::GateCounters&)>& ready) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!ready(server_->Counters().connections)) {
            ASSERT_LT(std::chrono::steady_clock::now(), until) << "the server never got there";
            std::this_thread::yield();
        }
    }

    void TearDown() override {
        Release();
        if (server_) {
            server_->Stop();
        }
    }

    std::atomic<bool> released_{false};
    std::promise<void> release_;
    std::shared_future<void> held_ = release_.get_future().share();
    std::atomic<int> heavy_started_{0};
    std::unique_ptr<Server> server_;
    unsigned short port_ = 0;
};

TEST_F(ServerTest, LightRequestsAreAnsweredWhileHeavyWorkHoldsEveryWorker) {
    ServerOptions options;
    options.threads = 1;
    options.heavy_threads = 1;
    options.heavy_queue = 1;
    StartServer(options);
    asio::io_context io;
    // The one worker is held by a first heavy request; a second waits in the queue.
    std::vector<std::future<int>> waiting;

    // On an early return the held requests are let go before their futures are waited for.
    struct ReleaseOnExit {
        ServerTest* test;

        ~ReleaseOnExit() { test->Release(); }
    } release_on_exit{this};

    const auto send_heavy = [&] {
        waiting.push_back(std::async(std::launch::async, [this] {
            asio::io_context own;
            auto socket = Connect(own, port_, "127.0.0.1");
            return Exchange(socket, "/heavy");
        }));
    };
    const auto wait_until = [&](const std::function<bool()>& ready) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!ready()) {
            ASSERT_LT(std::chrono::steady_clock::now(), until);
            std::this_thread::yield();
        }
    };
    send_heavy();
    wait_until([&] { return heavy_started_.load() == 1; });
    send_heavy();
    wait_until([&] { return server_->Counters().heavy.queued == 1; });
    // The next heavy request is refused at once, with when to come back…
    auto busy = Connect(io, port_, "127.0.0.1");
    std::string retry_after;
    EXPECT_EQ(Exchange(busy, "/heavy", &retry_after), 503);
    EXPECT_EQ(retry_after, "5");
    // …while light requests, on the one io thread, are answered at once.
    for (int i = 0; i < 20; ++i) {
        auto light = Connect(io, port_, "127.0.0.1");
        EXPECT_EQ(Exchange(light, "/healthz"), 200);
    }
    Release();
    for (auto& result : waiting) {
        EXPECT_EQ(result.get(), 200);
    }
}

TEST_F(ServerTest, ARefusalOnTheHeadIsSentWithoutWaitingForTheBody) {
    StartServer(ServerOptions{});
    asio::io_context io;
    auto socket = Connect(io, port_, "127.0.0.1");
    const std::string head = "POST /refuse HTTP/1.1\r\nHost: a\r\nContent-Length: 20000000\r\n\r\n";
    asio::write(socket, asio::buffer(head));
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    beast::error_code ec;
    bhttp::read(socket, buffer, parser, ec);
    ASSERT_FALSE(ec) << ec.message();
    const auto& response = parser.get();
    EXPECT_EQ(response.result_int(), 401U);
    EXPECT_EQ(response.body(), "refused on the head");
}

TEST_F(ServerTest, IdleOrSlowConnectionsGiveWayToNewClientsAndBusyOnesAreNotEvicted) {
    ServerOptions options;
    options.connections = {.max_total = 6, .max_per_address = 3};
    options.header_timeout = std::chrono::seconds(60);
    options.idle_timeout = std::chrono::seconds(60);
    StartServer(options);
    asio::io_context io;
    // Three idle connections from one address fill its share, the first sending a head that
    // never ends (slowloris)…
    std::vector<tcp::socket> idle;
    idle.reserve(3);
    for (int i = 0; i < 3; ++i) {
        idle.push_back(Connect(io, port_, "127.0.0.2"));
    }
    asio::write(idle.front(), asio::buffer(std::string("GET / HTTP/1.1\r\nX-Slow: ")));
    WaitFor([&](const net::GateCounters& c) { return c.open == 3 && c.idle == 3; });
    // …yet a health check from that address gets in: the oldest idle one is closed.
    auto check = Connect(io, port_, "127.0.0.2");
    EXPECT_EQ(Exchange(check, "/healthz"), 200);
    EXPECT_TRUE(ClosedByServer(idle.front()));
    // The two idle ones left and the health check's, kept alive (the server marks it idle just
    // after answering, so this waits for that).
    WaitFor([&](const net::GateCounters& c) { return c.open == 3 && c.idle == 3; });
    // Connections in the middle of a request (its body on the way) are not closed for room: a
    // fourth from that address is refused. Each is waited for until its head has been read (open
    // one more, idle unchanged), so none is still evictable when the fourth arrives.
    std::vector<tcp::socket> busy;
    busy.reserve(3);
    for (std::size_t i = 1; i <= 3; ++i) {
        busy.push_back(Connect(io, port_, "127.0.0.3"));
        asio::write(busy.back(),
                    asio::buffer(std::string(
                        "POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n")));
        WaitFor([&](const net::GateCounters& c) { return c.open == 3 + i && c.idle == 3; });
    }
    auto refused = Connect(io, port_, "127.0.0.3");
    EXPECT_EQ(Exchange(refused, "/healthz"), 0);
    // Another address still gets in.
    auto other = Connect(io, port_, "127.0.0.4");
    EXPECT_EQ(Exchange(other, "/healthz"), 200);
    // The busy ones finish their request and are answered.
    asio::write(busy.front(), asio::buffer(std::string("hello")));
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> response;
    bhttp::read(busy.front(), buffer, response);
    EXPECT_EQ(response.result_int(), 200U);
}

TEST_F(ServerTest, IdleAndSlowConnectionsTimeOut) {
    ServerOptions options;
    options.idle_timeout = std::chrono::seconds(1);
    options.header_timeout = std::chrono::seconds(1);
    StartServer(options);
    asio::io_context io;
    // Kept alive after a request, then silent: closed after the idle timeout.
    auto kept = Connect(io, port_, "127.0.0.1");
    EXPECT_EQ(Exchange(kept, "/healthz"), 200);
    EXPECT_TRUE(ClosedByServer(kept));
    // A head that never ends: closed after the header timeout.
    auto slow = Connect(io, port_, "127.0.0.1");
    asio::write(slow, asio::buffer(std::string("GET / HTTP/1.1\r\nX-Slow: ")));
    EXPECT_TRUE(ClosedByServer(slow));
    WaitFor([](const net::GateCounters& c) { return c.open == 0; });
}

}  // namespace
}  // namespace ungcuu::http
