// A counter bumped after every committed change that can alter what a signed-in user may do
// (roles granted or revoked, accounts locked, passwords changed, sessions ended, units moved).
// AuthService caches principals for a few seconds and drops them when the epoch moves, so a
// change made through this process takes effect on the next request. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>

namespace ungcuu::app {

class AccessEpoch {
public:
    std::uint64_t Current() const { return value_.load(std::memory_order_acquire); }

    void Bump() { value_.fetch_add(1, std::memory_order_acq_rel); }

private:
    std::atomic<std::uint64_t> value_{0};
};

}  // namespace ungcuu::app
