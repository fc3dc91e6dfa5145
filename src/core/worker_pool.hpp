// WorkerPool: a fixed number of threads running submitted jobs in order, with a bounded queue.
// For work that may take long (file imports, rule tests, documents) so that the threads that
// answer light requests — the health check among them — never wait behind it. A job that cannot
// be queued is refused at once (the caller answers "busy, try again"), never held. Thread-safe;
// the destructor stops the pool: running jobs finish, queued ones are dropped unrun (destroyed).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ungcuu::core {

struct WorkerPoolCounters {
    std::size_t running = 0;
    std::size_t queued = 0;
    std::uint64_t done = 0;
    std::uint64_t refused = 0;
};

class WorkerPool {
public:
    WorkerPool(std::size_t threads, std::size_t queue_limit);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Queues `job`; false (and `job` dropped) when the queue is full or the pool stopped.
    bool TrySubmit(std::function<void()> job);
    /// Stops taking jobs, lets the running ones finish, drops the queued ones, joins.
    void Stop();
    WorkerPoolCounters Counters() const;

private:
    void Run();

    const std::size_t queue_limit_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    std::vector<std::thread> threads_;
    WorkerPoolCounters counters_;
    bool stopping_ = false;
};

}  // namespace ungcuu::core
