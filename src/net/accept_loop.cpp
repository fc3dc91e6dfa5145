#include "net/accept_loop.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <cerrno>

namespace ungcuu::net {

namespace asio = boost::asio;

AcceptLoop::AcceptLoop(asio::ip::tcp::acceptor& acceptor,
                       ConnectionGate& gate,
                       ExecutorFor executor_for,
                       OnSocket on_socket)
    : acceptor_(acceptor),
      gate_(gate),
      executor_for_(std::move(executor_for)),
      on_socket_(std::move(on_socket)),
      timer_(acceptor.get_executor()) {}

void AcceptLoop::Start() {
    asio::dispatch(acceptor_.get_executor(), [weak = weak_from_this()] {
        if (auto self = weak.lock()) {
            self->Next();
        }
    });
}

// Handlers hold the loop weakly: its owner destroys it before the io_context, so that its timer
// never outlives the context's services.
void AcceptLoop::Next() {
    acceptor_.async_accept(
        executor_for_(), [weak = weak_from_this()](const boost::system::error_code& ec,
                                                   asio::ip::tcp::socket socket) {
            auto self = weak.lock();
            if (!self) {
                return;
            }
            if (!ec) {
                self->on_socket_(std::move(socket));
                self->Next();
                return;
            }
            if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) {
                return;  // the listener closed
            }
            // Out of descriptors or buffers: free one idle connection and pause instead of
            // retrying in a tight loop; any other error (a connection reset before it was
            // accepted) is retried after the same short pause.
            const bool starved = ec == asio::error::no_descriptors || ec.value() == ENFILE ||
                                 ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
            if (starved) {
                ++self->starved_;
                self->gate_.EvictOne();
            }
            self->timer_.expires_after(std::chrono::milliseconds(starved ? 50 : 5));
            self->timer_.async_wait([weak](const boost::system::error_code& waited) {
                auto again = weak.lock();
                if (again && !waited && again->acceptor_.is_open()) {
                    again->Next();
                }
            });
        });
}

}  // namespace ungcuu::net
