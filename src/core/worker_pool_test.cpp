#include "core/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace ungcuu::core {
namespace {

TEST(WorkerPool, RunsJobsAndRefusesWhatItCannotQueue) {
    WorkerPool pool(1, 2);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::promise<void> started;
    std::atomic<int> done{0};
    // The one thread is held by the first job; two more wait in the queue; the fourth is refused.
    ASSERT_TRUE(pool.TrySubmit([&] {
        started.set_value();
        released.wait();
        ++done;
    }));
    started.get_future().wait();
    EXPECT_TRUE(pool.TrySubmit([&] { ++done; }));
    EXPECT_TRUE(pool.TrySubmit([&] { ++done; }));
    EXPECT_FALSE(pool.TrySubmit([&] { ++done; }));
    EXPECT_EQ(pool.Counters().queued, 2U);
    EXPECT_EQ(pool.Counters().refused, 1U);
    release.set_value();
    pool.Stop();  // lets the running job finish; the queued ones may have run or been dropped
    EXPECT_GE(done.load(), 1);
    EXPECT_FALSE(pool.TrySubmit([] {}));
}

TEST(WorkerPool, StoppingDropsQueuedJobsUnrunAndReleasesWhatTheyHold) {
    auto held = std::make_shared<int>(7);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::promise<void> started;
    std::atomic<bool> ran_queued{false};
    {
        WorkerPool pool(1, 4);
        ASSERT_TRUE(pool.TrySubmit([&] {
            started.set_value();
            released.wait();
        }));
        started.get_future().wait();
        ASSERT_TRUE(pool.TrySubmit([held, &ran_queued] { ran_queued = true; }));
        EXPECT_EQ(held.use_count(), 2);
        std::thread stopper([&] { pool.Stop(); });
        // Stop takes the queue before the running job ends, so the queued job never runs.
        while (pool.Counters().queued != 0) {
            std::this_thread::yield();
        }
        release.set_value();
        stopper.join();
    }
    EXPECT_FALSE(ran_queued.load());
    EXPECT_EQ(held.use_count(), 1);
}

}  // namespace
}  // namespace ungcuu::core
