// ConnectionGate: how many connections one listener holds, in all and per client address, and
// which one gives way when it is full. A connection is admitted with a function that closes it;
// while it waits for its client to start a request (idle keep-alive, a syslog sender with nothing
// to say) it is marked idle. When the listener is full, or the address at its own cap, the
// oldest idle connection (of that address when the address is the limit) is closed to make room,
// so that a crowd of idle connections never keeps a new client — the health check among them —
// out; with nothing idle to close, the new connection is refused. Thread-safe: connections on
// any thread admit, mark and release themselves.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace ungcuu::net {

struct GateLimits {
    std::size_t max_total = 4096;
    std::size_t max_per_address = 256;
};

struct GateCounters {
    std::size_t open = 0;
    std::size_t idle = 0;  // of the open ones, waiting for their client
    std::uint64_t admitted = 0;
    std::uint64_t evicted = 0;  // idle connections closed to make room
    std::uint64_t refused = 0;  // nothing idle to close
};

class ConnectionGate {
public:
    using Id = std::uint64_t;

    /// A connection's place: its id, and its flag "waiting for its client" (may be closed to
    /// make room), which the connection sets itself without taking the gate's lock.
    struct Place {
        Id id = 0;
        std::shared_ptr<std::atomic<bool>> idle;

        void SetIdle(bool waiting) const { idle->store(waiting, std::memory_order_relaxed); }
    };

    explicit ConnectionGate(GateLimits limits) : limits_(limits) {}

    /// Admits a connection from `address`, busy at first; `close` closes it (called at most
    /// once, from the thread admitting another connection, without the gate's lock held).
    /// nullopt when the gate is full of busy connections: the caller closes the new one.
    std::optional<Place> Admit(const std::string& address, std::function<void()> close);
    /// Forgets the connection (it closed); nothing when it was already closed to make room.
    void Release(Id id);
    /// Closes the oldest idle connection, if any (the process ran out of descriptors).
    bool EvictOne();

    GateCounters Counters() const;

    const GateLimits& limits() const { return limits_; }

private:
    struct Entry {
        Id id = 0;
        std::string address;
        std::shared_ptr<std::atomic<bool>> idle;
        std::function<void()> close;
    };

    using Entries = std::list<Entry>;

    /// The oldest idle entry, of `address` when given. Caller holds mutex_.
    Entries::iterator OldestIdle(const std::string* address);
    /// Removes `at` from the books and returns its close function. Caller holds mutex_.
    std::function<void()> Remove(Entries::iterator at);

    GateLimits limits_;
    mutable std::mutex mutex_;
    Entries entries_;  // in order of admission
    std::unordered_map<Id, Entries::iterator> by_id_;
    std::unordered_map<std::string, std::size_t> per_address_;
    Id next_id_ = 1;
    GateCounters counters_;
};

}  // namespace ungcuu::net
