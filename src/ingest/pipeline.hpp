// The intake pipeline: listeners put received events in a bounded queue; a writer thread makes
// them durable in the raw event store in batches (that is the acknowledgement); a detection
// thread reads the store after its cursor, runs the engine, records alerts and moves the cursor —
// so a restart resumes exactly where detection stopped and no stored event is skipped. A full
// queue holds TCP senders and HTTP clients back and counts dropped UDP datagrams; nothing is
// lost without a counter saying so.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/detection/alert_service.hpp"

namespace ungcuu::ingest {

struct PipelineOptions {
    std::size_t queue_capacity = 100000;  // events waiting to be stored
    std::size_t batch = 2000;             // events per store transaction and per engine pass
    std::chrono::milliseconds submit_wait{10000};  // how long an HTTP client waits for room
    std::chrono::hours retention{24 * 30};         // raw events kept this long
    // At start, at most this many events before the detection cursor are matched again (when
    // within the engine's correlation reach) to refill the correlation windows.
    std::size_t replay = 200000;
};

namespace detail {
/// How many of `queued` events the writer stores in one transaction: `batch`, or more so as
/// not to split a submission (`ends(i)`: the i-th queued event is the last of its submission).
template <class Ends>
std::size_t BatchLength(std::size_t queued, std::size_t batch, Ends&& ends) {
    std::size_t n = 0;
    bool inside = false;
    while (n < queued && (n < batch || inside)) {
        inside = !ends(n++);
    }
    return n;
}
}  // namespace detail

class EventPipeline final : public app::EventIntake {
public:
    EventPipeline(app::RawEventStore& store,
                  app::DetectionEngine& engine,
                  app::AlertService& service,
                  const core::Clock& clock,
                  PipelineOptions options = {});
    ~EventPipeline() override;
    EventPipeline(const EventPipeline&) = delete;
    EventPipeline& operator=(const EventPipeline&) = delete;

    void Start();
    /// Stores what is queued, finishes detection of what is stored, then stops the threads.
    void Stop();

    /// Queues all the events or none: false when there is no room (the queue takes a batch
    /// larger than its capacity only when empty). Never blocks.
    bool TryEnqueue(std::vector<app::IngestedEvent>& events);
    core::Status SubmitDurable(std::vector<app::IngestedEvent> events) override;
    /// As SubmitDurable, and commits the file position reached with the events (with none: the
    /// position alone). The next chunk of the same file is submitted only after this returns.
    core::Status SubmitFromFile(std::vector<app::IngestedEvent> events,
                                const app::FilePosition& position);
    app::IntakeCounters Counters() const override;
    std::vector<app::FilePosition> FilePositions() const override;

    void CountDropped(std::int64_t n) { dropped_ += n; }

    void CountRefused(std::int64_t n) { refused_ += n; }

    void CountThrottled() { ++throttled_; }

    void CountReceived(std::int64_t n) { received_ += n; }

    void AddListener(std::string name);
    /// Removes raw events past the retention period; run by the background jobs.
    core::Result<std::int64_t> Prune();
    /// Waits until every stored event has been through detection (tests, shutdown).
    bool WaitIdle(std::chrono::milliseconds timeout);

private:
    struct Ticket;

    struct Item {
        app::IngestedEvent event;
        std::shared_ptr<Ticket> ticket;  // on the last event of an acknowledged submission
        std::optional<app::FilePosition> position;  // on the last event of a file's chunk
        bool ends = true;  // false: more events of the same submission follow
    };

    core::Status Submit(std::vector<app::IngestedEvent> events,
                        std::optional<app::FilePosition> position);
    bool EnqueueLocked(std::vector<app::IngestedEvent>& events,
                       std::shared_ptr<Ticket> ticket,
                       std::optional<app::FilePosition>& position);
    void WriterLoop();
    void DetectorLoop();
    /// Refills the engine's correlation windows from the events detected before `cursor`.
    void Replay(std::int64_t cursor);

    app::RawEventStore& store_;
    app::DetectionEngine& engine_;
    app::AlertService& service_;
    const core::Clock& clock_;
    PipelineOptions options_;

    mutable std::mutex mutex_;
    std::condition_variable queued_;  // the writer waits for events
    std::condition_variable room_;    // submitters wait for room
    std::condition_variable stored_;  // the detector waits for stored events
    std::condition_variable idle_;    // WaitIdle waits for the detector
    std::deque<Item> queue_;          // guarded by mutex_
    bool stopping_ = false;           // guarded by mutex_
    bool writer_done_ = false;        // guarded by mutex_
    /// The writer holds a batch taken from the queue and not yet committed (or refused): the
    /// pipeline is not idle, though the queue is empty.
    bool writing_ = false;                // guarded by mutex_
    std::int64_t last_stored_ = 0;        // guarded by mutex_
    std::int64_t last_detected_ = 0;      // guarded by mutex_
    std::vector<std::string> listeners_;  // guarded by mutex_
    std::thread writer_;
    std::thread detector_;

    std::atomic<std::int64_t> received_{0};
    std::atomic<std::int64_t> stored_count_{0};
    std::atomic<std::int64_t> dropped_{0};
    std::atomic<std::int64_t> refused_{0};
    std::atomic<std::int64_t> throttled_{0};
    std::atomic<std::int64_t> processed_{0};
    std::atomic<std::int64_t> unreadable_{0};
    std::atomic<std::int64_t> missing_fields_{0};
    std::atomic<std::int64_t> skewed_{0};
    std::atomic<std::int64_t> alerts_{0};
};

}  // namespace ungcuu::ingest
