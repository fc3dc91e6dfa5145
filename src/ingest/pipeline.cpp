#include "ingest/pipeline.hpp"

#include <spdlog/spdlog.h>

namespace ungcuu::ingest {

struct EventPipeline::Ticket {
    bool done = false;  // guarded by the pipeline's mutex_
    core::Status status = core::Ok();
};

EventPipeline::EventPipeline(app::RawEventStore& store,
                             app::DetectionEngine& engine,
                             app::AlertService& service,
                             const core::Clock& clock,
                             PipelineOptions options)
    : store_(store), engine_(engine), service_(service), clock_(clock), options_(options) {}

EventPipeline::~EventPipeline() { Stop(); }

void EventPipeline::Start() {
    auto cursor = store_.Cursor();
    auto stats = store_.Stats();
    {
        std::lock_guard lock(mutex_);
        last_detected_ = cursor.ok() ? *cursor : 0;
        last_stored_ = stats.ok() ? stats->last_seq : 0;
        last_stored_ = std::max(last_stored_, last_detected_);
    }
    writer_ = std::thread([this] { WriterLoop(); });
    detector_ = std::thread([this] { DetectorLoop(); });
}

void EventPipeline::Stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            return;
        }
        stopping_ = true;
    }
    queued_.notify_all();
    room_.notify_all();
    if (writer_.joinable()) {
        writer_.join();
    }
    stored_.notify_all();
    if (detector_.joinable()) {
        detector_.join();
    }
}

bool EventPipeline::EnqueueLocked(std::vector<app::IngestedEvent>& events,
                                  std::shared_ptr<Ticket> ticket,
                                  std::optional<app::FilePosition>& position) {
    if (stopping_) {
        return false;
    }
    if (!queue_.empty() && queue_.size() + events.size() > options_.queue_capacity) {
        return false;
    }
    for (auto& event : events) {
        queue_.push_back({std::move(event), nullptr, std::nullopt, !ticket});
    }
    if (!queue_.empty()) {
        queue_.back().ends = true;
        queue_.back().ticket = std::move(ticket);
        queue_.back().position = std::move(position);
    }
    events.clear();
    return true;
}

bool EventPipeline::TryEnqueue(std::vector<app::IngestedEvent>& events) {
    if (events.empty()) {
        return true;
    }
    {
        std::lock_guard lock(mutex_);
        std::optional<app::FilePosition> none;
        if (!EnqueueLocked(events, nullptr, none)) {
            return false;
        }
    }
    queued_.notify_one();
    return true;
}

core::Status EventPipeline::SubmitDurable(std::vector<app::IngestedEvent> events) {
    return Submit(std::move(events), std::nullopt);
}

core::Status EventPipeline::SubmitFromFile(std::vector<app::IngestedEvent> events,
                                           const app::FilePosition& position) {
    if (events.empty()) {
        return store_.SavePosition(position);
    }
    return Submit(std::move(events), position);
}

core::Status EventPipeline::Submit(std::vector<app::IngestedEvent> events,
                                   std::optional<app::FilePosition> position) {
    if (events.empty()) {
        return core::Ok();
    }
    received_ += static_cast<std::int64_t>(events.size());
    auto ticket = std::make_shared<Ticket>();
    std::unique_lock lock(mutex_);
    const auto until = std::chrono::steady_clock::now() + options_.submit_wait;
    bool held = false;
    while (!EnqueueLocked(events, ticket, position)) {
        if (stopping_) {
            return core::Error::Make(core::ErrorCode::kUnavailable,
                                     "Máy chủ đang dừng, hãy gửi lại sau.",
                                     "The server is stopping; send again later.");
        }
        if (!held) {
            ++throttled_;
            held = true;
        }
        if (room_.wait_until(lock, until) == std::cv_status::timeout &&
            !EnqueueLocked(events, ticket, position)) {
            return core::Error::Make(
                core::ErrorCode::kUnavailable,
                "Hàng đợi nhật ký đầy; chưa nhận lô này, hãy gửi lại sau.",
                "The log queue is full; this batch was not taken, send it again later.");
        } else if (events.empty()) {
            break;
        }
    }
    queued_.notify_one();
    // The acknowledgement: wait until the writer has committed the submission's last event.
    stored_.wait(lock, [&] { return ticket->done; });
    return ticket->status;
}

void EventPipeline::WriterLoop() {
    std::vector<app::IngestedEvent> batch;
    std::vector<std::shared_ptr<Ticket>> tickets;
    std::vector<app::FilePosition> positions;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {  // stopping, and everything is stored
                writer_done_ = true;
                break;
            }
            // A submission is stored whole in one transaction, so that a crash never keeps half
            // of one (its sender sends it again, a file is read again from its position).
            const auto length = detail::BatchLength(queue_.size(), options_.batch,
                                                    [&](std::size_t i) { return queue_[i].ends; });
            for (std::size_t i = 0; i < length; ++i) {
                batch.push_back(std::move(queue_.front().event));
                if (queue_.front().ticket) {
                    tickets.push_back(std::move(queue_.front().ticket));
                }
                if (queue_.front().position) {
                    positions.push_back(std::move(*queue_.front().position));
                }
                queue_.pop_front();
            }
            writing_ = true;
        }
        room_.notify_all();
        // A failing store is retried: what is taken from the queue is never dropped.
        auto status = store_.Append(batch, positions);
        for (int attempt = 1; !status.ok() && attempt < 20; ++attempt) {
            spdlog::warn("raw event store: {} (attempt {})", status.error().message_en, attempt);
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
            status = store_.Append(batch, positions);
        }
        {
            std::lock_guard lock(mutex_);
            if (status.ok()) {
                stored_count_ += static_cast<std::int64_t>(batch.size());
                last_stored_ = std::max(last_stored_, batch.back().seq);
            } else {
                refused_ += static_cast<std::int64_t>(batch.size());
                spdlog::error("raw event store: {} events not stored: {}", batch.size(),
                              status.error().message_en);
            }
            for (auto& ticket : tickets) {
                ticket->done = true;
                ticket->status = status;
            }
            writing_ = false;
        }
        stored_.notify_all();
        idle_.notify_all();
        batch.clear();
        tickets.clear();
        positions.clear();
    }
    stored_.notify_all();
}

void EventPipeline::Replay(std::int64_t cursor) {
    const auto reach = engine_.CorrelationReach();
    if (reach.count() <= 0 || cursor <= 0 || options_.replay == 0) {
        return;
    }
    const auto horizon = clock_.Now() - reach;
    std::int64_t after =
        std::max<std::int64_t>(0, cursor - static_cast<std::int64_t>(options_.replay));
    std::size_t replayed = 0;
    while (after < cursor) {
        auto events = store_.ReadAfter(after, options_.batch);
        if (!events.ok()) {
            spdlog::warn("raw event store: correlation windows not refilled: {}",
                         events.error().message_en);
            return;
        }
        if (events->empty()) {
            break;
        }
        after = events->back().seq;
        std::erase_if(*events, [&](const app::IngestedEvent& e) {
            return e.seq > cursor || e.received_at < horizon;
        });
        if (events->empty()) {
            continue;
        }
        engine_.Replay(*events);  // their alerts were recorded before
        replayed += events->size();
    }
    if (replayed > 0) {
        spdlog::info("detection: correlation windows refilled from {} events of the last {} s",
                     replayed, reach.count());
    }
}

void EventPipeline::DetectorLoop() {
    std::vector<app::DetectionHit> hits;
    {
        std::int64_t cursor = 0;
        {
            std::lock_guard lock(mutex_);
            cursor = last_detected_;
        }
        Replay(cursor);
    }
    for (;;) {
        std::int64_t after = 0;
        std::int64_t stored_up_to = 0;
        {
            std::unique_lock lock(mutex_);
            stored_.wait(
                lock, [&] { return last_stored_ > last_detected_ || (stopping_ && writer_done_); });
            if (last_stored_ <= last_detected_) {
                break;  // stopping, and all is detected
            }
            after = last_detected_;
            stored_up_to = last_stored_;
        }
        auto events = store_.ReadAfter(after, options_.batch);
        if (!events.ok() || events->empty()) {
            // Stored events are never pruned before they are detected, so an empty read is a
            // passing fault of the store: the cursor stays and the read is tried again — an
            // empty read never counts events as detected.
            if (!events.ok()) {
                spdlog::error("raw event store: {}", events.error().message_en);
            } else {
                spdlog::warn(
                    "raw event store: no events after {} though {} were stored; reading "
                    "again",
                    after, stored_up_to);
            }
            std::unique_lock lock(mutex_);
            stored_.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping_; });
            if (stopping_ && writer_done_) {
                break;
            }
            continue;
        }
        hits.clear();
        const auto seen = engine_.Process(*events, hits);
        auto recorded = service_.Record(*events, hits);
        if (!recorded.ok()) {
            // The cursor stays: the batch is matched again once the case store answers.
            spdlog::error("detection: alerts not recorded: {}", recorded.error().message_en);
            std::unique_lock lock(mutex_);
            stored_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
            if (stopping_) {
                break;
            }
            continue;
        }
        // The counters first: whoever sees the cursor at the last event (the status page, a
        // benchmark) then sees the batch counted too.
        processed_ += static_cast<std::int64_t>(seen.events);
        unreadable_ += static_cast<std::int64_t>(seen.unreadable);
        missing_fields_ += static_cast<std::int64_t>(seen.missing_fields);
        skewed_ += static_cast<std::int64_t>(seen.skewed);
        alerts_ += static_cast<std::int64_t>(*recorded);
        const auto last = events->back().seq;
        if (auto moved = store_.SetCursor(last); !moved.ok()) {
            spdlog::error("raw event store: cursor not saved: {}", moved.error().message_en);
        }
        {
            std::lock_guard lock(mutex_);
            last_detected_ = last;
        }
        idle_.notify_all();
    }
    idle_.notify_all();
}

bool EventPipeline::WaitIdle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, timeout, [&] {
        return queue_.empty() && !writing_ && last_detected_ >= last_stored_;
    });
}

void EventPipeline::AddListener(std::string name) {
    std::lock_guard lock(mutex_);
    listeners_.push_back(std::move(name));
}

core::Result<std::int64_t> EventPipeline::Prune() {
    return store_.PruneBefore(clock_.Now() - options_.retention);
}

app::IntakeCounters EventPipeline::Counters() const {
    app::IntakeCounters c;
    c.received = received_;
    c.stored = stored_count_;
    c.dropped = dropped_;
    c.refused = refused_;
    c.throttled = throttled_;
    c.processed = processed_;
    c.unreadable = unreadable_;
    c.missing_fields = missing_fields_;
    c.skewed = skewed_;
    c.alerts = alerts_;
    {
        std::lock_guard lock(mutex_);
        c.queue_depth = static_cast<std::int64_t>(queue_.size());
        c.listeners = listeners_;
    }
    c.queue_capacity = static_cast<std::int64_t>(options_.queue_capacity);
    if (auto raw = store_.Stats(); raw.ok()) {
        c.raw = *raw;
    }
    return c;
}

std::vector<app::FilePosition> EventPipeline::FilePositions() const {
    auto positions = store_.Positions();
    if (!positions.ok()) {
        return {};
    }
    return std::move(positions).value();
}

}  // namespace ungcuu::ingest
