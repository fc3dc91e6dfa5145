// The connection gate's bookkeeping and the accept loop running out of descriptors, on real
// sockets over loopback.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <boost/asio.hpp>
#include <filesystem>
#include <thread>

#include "net/accept_loop.hpp"
#include "net/connection_gate.hpp"

namespace ungcuu::net {
namespace {

TEST(ConnectionGate, AFullAddressGivesWayWithItsOldestIdleConnection) {
    ConnectionGate gate({.max_total = 10, .max_per_address = 2});
    std::vector<std::string> closed;
    const auto admit = [&](const std::string& address, const std::string& name) {
        return gate.Admit(address, [&closed, name] { closed.push_back(name); });
    };
    const auto a1 = admit("10.0.0.1", "a1");
    const auto a2 = admit("10.0.0.1", "a2");
    ASSERT_TRUE(a1 && a2);
    // Both busy: a third from that address is refused; another address is let in.
    EXPECT_FALSE(admit("10.0.0.1", "a3").has_value());
    EXPECT_TRUE(admit("10.0.0.2", "b1").has_value());
    // Once idle, the oldest of that address gives way.
    a2->SetIdle(true);
    a1->SetIdle(true);
    EXPECT_TRUE(admit("10.0.0.1", "a4").has_value());
    EXPECT_EQ(closed, std::vector<std::string>{"a1"});
    gate.Release(a1->id);  // already gone: nothing happens
    const auto counters = gate.Counters();
    EXPECT_EQ(counters.open, 3U);
    EXPECT_EQ(counters.evicted, 1U);
    EXPECT_EQ(counters.refused, 1U);
}

TEST(ConnectionGate, AFullListenerClosesTheOldestIdleOfAnyAddress) {
    ConnectionGate gate({.max_total = 3, .max_per_address = 3});
    std::vector<std::string> closed;
    const auto x = gate.Admit("10.0.0.1", [&] { closed.push_back("x"); });
    const auto y = gate.Admit("10.0.0.2", [&] { closed.push_back("y"); });
    const auto z = gate.Admit("10.0.0.3", [&] { closed.push_back("z"); });
    ASSERT_TRUE(x && y && z);
    y->SetIdle(true);
    EXPECT_TRUE(gate.Admit("10.0.0.4", [] {}).has_value());
    EXPECT_EQ(closed, std::vector<std::string>{"y"});
    EXPECT_FALSE(gate.Admit("10.0.0.5", [] {}).has_value());
    gate.Release(x->id);
    EXPECT_TRUE(gate.Admit("10.0.0.5", [] {}).has_value());
    EXPECT_FALSE(gate.EvictOne());  // nothing idle
}

std::size_t OpenDescriptors() {
    return static_cast<std::size_t>(
        std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                      std::filesystem::directory_iterator()));
}

// With the process out of descriptors, accepting fails at once; the loop must close an idle
// connection and pause instead of retrying in a tight loop, and go on accepting afterwards.
TEST(AcceptLoop, OutOfDescriptorsItFreesAnIdleConnectionAndBacksOff) {
    namespace asio = boost::asio;
    using tcp = asio::ip::tcp;
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    const auto port = acceptor.local_endpoint().port();
    ConnectionGate gate({.max_total = 1000, .max_per_address = 1000});
    std::vector<std::shared_ptr<tcp::socket>> accepted;
    int admitted = 0;
    auto loop = std::make_shared<AcceptLoop>(
        acceptor, gate, [&] { return asio::any_io_executor(io.get_executor()); },
        [&](tcp::socket socket) {
            auto kept = std::make_shared<tcp::socket>(std::move(socket));
            const auto place = gate.Admit("127.0.0.1", [kept] {
                boost::system::error_code ignored;
                kept->close(ignored);
            });
            ASSERT_TRUE(place.has_value());
            place->SetIdle(true);  // a connection with nothing to say
            accepted.push_back(kept);
            ++admitted;
        });
    // Six clients connect (the kernel completes the handshakes), then the process may open
    // only three more descriptors: the server's side of three of them.
    asio::io_context client_io;
    std::vector<tcp::socket> clients;
    for (int i = 0; i < 6; ++i) {
        clients.emplace_back(client_io);
        clients.back().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    }
    // The sanitizers check a type on its first use, which needs descriptors of their own: use
    // the timer machinery once while there are some.
    asio::steady_timer warm(io);
    warm.expires_after(std::chrono::milliseconds(1));
    warm.async_wait([](const boost::system::error_code&) {});
    io.run_one();
    rlimit saved{};
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
    rlimit low = saved;
    low.rlim_cur = OpenDescriptors() + 3;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
    loop->Start();
    // Run until all six were accepted (each shortage frees an idle one) or two seconds of the
    // loop's own clock have passed; a spinning loop would fail thousands of times meanwhile.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (admitted < 6 && std::chrono::steady_clock::now() < until) {
        io.run_for(std::chrono::milliseconds(20));
    }
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
    EXPECT_EQ(admitted, 6);
    EXPECT_GE(loop->starved(), 1U);
    EXPECT_LT(loop->starved(), 200U) << "the loop retried in a tight loop";
    EXPECT_GE(gate.Counters().evicted, 1U);
}

}  // namespace
}  // namespace ungcuu::net
