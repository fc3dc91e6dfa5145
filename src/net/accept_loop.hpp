// AcceptLoop: accepts TCP connections on a listening socket until it is closed, handing each to
// a callback. When the process is out of descriptors (EMFILE, ENFILE) or buffers, accepting would
// fail at once in a loop that spins a core: instead the gate's oldest idle connection is closed to
// free a descriptor and the loop waits a little before trying again. Runs on the acceptor's
// executor; Start() once, from any thread. The owner keeps the loop (a shared_ptr) and destroys
// it before the io_context; pending operations hold it only weakly.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>

#include "net/connection_gate.hpp"

namespace ungcuu::net {

class AcceptLoop : public std::enable_shared_from_this<AcceptLoop> {
public:
    using OnSocket = std::function<void(boost::asio::ip::tcp::socket)>;
    /// The executor each accepted socket is bound to (a strand per connection, or one thread's).
    using ExecutorFor = std::function<boost::asio::any_io_executor()>;

    AcceptLoop(boost::asio::ip::tcp::acceptor& acceptor,
               ConnectionGate& gate,
               ExecutorFor executor_for,
               OnSocket on_socket);

    void Start();

    /// How many times accepting failed for want of descriptors or memory.
    std::uint64_t starved() const { return starved_.load(); }

private:
    void Next();

    boost::asio::ip::tcp::acceptor& acceptor_;
    ConnectionGate& gate_;
    ExecutorFor executor_for_;
    OnSocket on_socket_;
    boost::asio::steady_timer timer_;
    std::atomic<std::uint64_t> starved_{0};
};

}  // namespace ungcuu::net
