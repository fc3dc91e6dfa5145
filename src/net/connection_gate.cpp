#include "net/connection_gate.hpp"

#include <algorithm>

namespace ungcuu::net {

ConnectionGate::Entries::iterator ConnectionGate::OldestIdle(const std::string* address) {
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (it->idle->load(std::memory_order_relaxed) &&
            (address == nullptr || it->address == *address)) {
            return it;
        }
    }
    return entries_.end();
}

std::function<void()> ConnectionGate::Remove(Entries::iterator at) {
    auto close = std::move(at->close);
    auto count = per_address_.find(at->address);
    if (count != per_address_.end() && --count->second == 0) {
        per_address_.erase(count);
    }
    by_id_.erase(at->id);
    entries_.erase(at);
    return close;
}

std::optional<ConnectionGate::Place> ConnectionGate::Admit(const std::string& address,
                                                           std::function<void()> close) {
    std::function<void()> to_close;
    std::optional<Place> admitted;
    {
        std::lock_guard lock(mutex_);
        const auto found = per_address_.find(address);
        const std::size_t from_address = found == per_address_.end() ? 0 : found->second;
        const bool address_full = from_address >= limits_.max_per_address;
        const bool all_full = entries_.size() >= limits_.max_total;
        if (address_full || all_full) {
            // The address's own idle connection gives way first; when only the total is the
            // limit, the oldest idle one of anybody's.
            auto victim = OldestIdle(address_full ? &address : nullptr);
            if (victim == entries_.end() && !address_full) {
                victim = OldestIdle(nullptr);
            }
            if (victim == entries_.end()) {
                ++counters_.refused;
                return std::nullopt;
            }
            to_close = Remove(victim);
            ++counters_.evicted;
        }
        const Id id = next_id_++;
        auto idle = std::make_shared<std::atomic<bool>>(false);
        entries_.push_back(Entry{id, address, idle, std::move(close)});
        by_id_[id] = std::prev(entries_.end());
        ++per_address_[address];
        ++counters_.admitted;
        admitted = Place{id, std::move(idle)};
    }
    if (to_close) {
        to_close();
    }
    return admitted;
}

void ConnectionGate::Release(Id id) {
    std::function<void()> dropped;  // destroyed outside the lock
    std::lock_guard lock(mutex_);
    const auto found = by_id_.find(id);
    if (found != by_id_.end()) {
        dropped = Remove(found->second);
    }
}

bool ConnectionGate::EvictOne() {
    std::function<void()> to_close;
    {
        std::lock_guard lock(mutex_);
        const auto victim = OldestIdle(nullptr);
        if (victim == entries_.end()) {
            return false;
        }
        to_close = Remove(victim);
        ++counters_.evicted;
    }
    if (to_close) {
        to_close();
    }
    return true;
}

GateCounters ConnectionGate::Counters() const {
    std::lock_guard lock(mutex_);
    GateCounters counters = counters_;
    counters.open = entries_.size();
    counters.idle = static_cast<std::size_t>(
        std::count_if(entries_.begin(), entries_.end(),
                      [](const Entry& e) { return e.idle->load(std::memory_order_relaxed); }));
    return counters;
}

}  // namespace ungcuu::net
