#include "core/worker_pool.hpp"

namespace ungcuu::core {

WorkerPool::WorkerPool(std::size_t threads, std::size_t queue_limit) : queue_limit_(queue_limit) {
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) {
        threads_.emplace_back([this] { Run(); });
    }
}

WorkerPool::~WorkerPool() { Stop(); }

bool WorkerPool::TrySubmit(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= queue_limit_) {
            ++counters_.refused;
            return false;
        }
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

void WorkerPool::Stop() {
    std::deque<std::function<void()>> dropped;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            return;
        }
        stopping_ = true;
        dropped.swap(queue_);
    }
    wake_.notify_all();
    for (auto& thread : threads_) {
        if (thread.joinable()) {
            thread.join();
        }
    }
}

WorkerPoolCounters WorkerPool::Counters() const {
    std::lock_guard lock(mutex_);
    WorkerPoolCounters counters = counters_;
    counters.queued = queue_.size();
    return counters;
}

void WorkerPool::Run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) {
            return;
        }
        auto job = std::move(queue_.front());
        queue_.pop_front();
        ++counters_.running;
        lock.unlock();
        job();
        job = nullptr;  // whatever the job holds is released outside the lock
        lock.lock();
        --counters_.running;
        ++counters_.done;
    }
}

}  // namespace ungcuu::core
