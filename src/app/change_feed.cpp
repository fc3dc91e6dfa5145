#include "app/change_feed.hpp"

#include <algorithm>
#include <array>

namespace ungcuu::app {

namespace {

using Steady = std::chrono::steady_clock;

constexpr std::array<std::string_view, 9> kShownPrefixes = {
    "incident.", "detection.alert.", "delivery.", "dossier.", "system.", "plan.",
    "unit.",     "log_source.",      "monitor.",
};

}  // namespace

struct ChangeFeed::Listener {
    domain::Scope scope;
    std::int64_t user_id = 0;
    Steady::time_point started;
    Steady::time_point last_sent;
    // Guarded by the feed's mutex:
    std::deque<ChangeEvent> queue;
    bool reset = false;
    bool ended = false;
    bool cancelled = false;
    std::function<void(FeedBatch)> waiting;
};

namespace {

// What waits for a listener, as one batch (a reset stands for everything lost); the listener's
// queue is then empty. Called with the feed's mutex held.
FeedBatch TakeQueued(ChangeFeed::Listener& listener) {
    FeedBatch batch;
    batch.reset = listener.reset;
    if (!batch.reset) {
        batch.events.assign(listener.queue.begin(), listener.queue.end());
    }
    listener.queue.clear();
    listener.reset = false;
    return batch;
}

}  // namespace

bool ChangeFeed::Shown(std::string_view action) {
    return std::any_of(kShownPrefixes.begin(), kShownPrefixes.end(),
                       [&](std::string_view prefix) { return action.starts_with(prefix); });
}

ChangeFeed::ChangeFeed(Store& store, FeedOptions options) : store_(store), options_(options) {}

ChangeFeed::~ChangeFeed() { Stop(); }

void ChangeFeed::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

std::size_t ChangeFeed::subscribers() const {
    std::lock_guard lock(mutex_);
    return listeners_.size();
}

core::Result<std::shared_ptr<ChangeFeed::Subscription>> ChangeFeed::Subscribe(
    const Actor& actor, std::int64_t after_id) {
    UNGCUU_ASSIGN_OR_RETURN(
        latest, store_.Read([](Repositories& repos) { return repos.audit.LatestId(); }));
    auto listener = std::make_shared<Listener>();
    listener->scope = actor.scope;
    listener->user_id = actor.user_id ? actor.user_id->value() : 0;
    listener->started = Steady::now();
    listener->last_sent = listener->started;
    std::int64_t registered_at = 0;
    {
        std::lock_guard lock(mutex_);
        const auto mine = std::count_if(listeners_.begin(), listeners_.end(), [&](const auto& l) {
            return l->user_id == listener->user_id;
        });
        if (listeners_.size() >= options_.max_subscribers ||
            static_cast<std::size_t>(mine) >= options_.max_per_user) {
            auto error = core::Error::Make(
                core::ErrorCode::kUnavailable,
                "Quá nhiều kết nối cập nhật trực tiếp; trang vẫn tự làm mới định kỳ.",
                "Too many live update connections; pages still refresh periodically.");
            error.retry_after_seconds = 30;
            return error;
        }
        if (listeners_.empty()) {
            // Nobody listened: start from now, not from where reading stopped.
            cursor_ = latest;
            seen_.clear();
        }
        registered_at = cursor_;
        listeners_.push_back(listener);
        if (!thread_.joinable() && !stopping_) {
            thread_ = std::thread([this] { Run(); });
        }
    }
    // What the browser missed, up to where the feed's thread takes over.
    if (after_id > 0 && after_id < registered_at) {
        const auto limit = static_cast<int>(options_.backlog_limit) + 1;
        auto missed =
            store_.Read([&](Repositories& repos) { return repos.audit.After(after_id, limit); });
        std::lock_guard lock(mutex_);
        if (!missed.ok() || missed->size() > options_.backlog_limit) {
            listener->reset = true;
        } else {
            std::deque<ChangeEvent> backlog;
            for (const auto& entry : *missed) {
                if (entry.id.value() <= registered_at && Shown(entry.action) &&
                    listener->scope.Sees(entry.unit_path)) {
                    backlog.push_back(ChangeEvent{entry.id.value(), entry.action, entry.object_type,
                                                  entry.object_id, entry.unit_id});
                }
            }
            listener->queue.insert(listener->queue.begin(), backlog.begin(), backlog.end());
        }
    } else if (after_id > latest) {
        // An id this database never gave (another installation, a restored backup).
        std::lock_guard lock(mutex_);
        listener->reset = true;
    }
    return std::make_shared<Subscription>(*this, std::move(listener));
}

void ChangeFeed::Run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, options_.poll_interval, [&] { return stopping_; });
        if (stopping_ || listeners_.empty()) {
            continue;
        }
        lock.unlock();
        Poll();
        Tick();
        lock.lock();
    }
}

void ChangeFeed::Poll() {
    std::int64_t from = 0;
    {
        std::lock_guard lock(mutex_);
        from = std::max<std::int64_t>(0, cursor_ - options_.reread_window);
    }
    const auto limit = static_cast<int>(options_.read_batch);
    auto entries = store_.Read([&](Repositories& repos) { return repos.audit.After(from, limit); });
    if (!entries.ok()) {
        return;  // the database is away for a moment: the next round tries again
    }
    std::vector<std::pair<std::shared_ptr<Listener>, FeedBatch>> ready;
    {
        std::lock_guard lock(mutex_);
        for (const auto& entry : *entries) {
            const std::int64_t id = entry.id.value();
            if (!seen_.insert(id).second) {
                continue;
            }
            cursor_ = std::max(cursor_, id);
            if (!Shown(entry.action)) {
                continue;
            }
            const ChangeEvent event{id, entry.action, entry.object_type, entry.object_id,
                                    entry.unit_id};
            for (const auto& listener : listeners_) {
                if (!listener->scope.Sees(entry.unit_path)) {
                    continue;
                }
                if (listener->queue.size() >= options_.queue_limit) {
                    listener->queue.clear();
                    listener->reset = true;
                } else if (!listener->reset) {
                    listener->queue.push_back(event);
                }
            }
        }
        // Forget ids the window no longer reaches.
        seen_.erase(seen_.begin(), seen_.lower_bound(cursor_ - options_.reread_window));
        for (const auto& listener : listeners_) {
            if (listener->waiting && (!listener->queue.empty() || listener->reset)) {
                ready.emplace_back(listener, TakeQueued(*listener));
            }
        }
    }
    for (auto& [listener, batch] : ready) {
        Deliver(listener, std::move(batch));
    }
}

void ChangeFeed::Tick() {
    const auto now = Steady::now();
    std::vector<std::pair<std::shared_ptr<Listener>, FeedBatch>> ready;
    {
        std::lock_guard lock(mutex_);
        for (const auto& listener : listeners_) {
            if (!listener->waiting) {
                continue;
            }
            FeedBatch batch;
            if (now - listener->started >= options_.lifetime) {
                batch.end = true;
            } else if (now - listener->last_sent >= options_.heartbeat) {
                batch.heartbeat = true;
            } else {
                continue;
            }
            ready.emplace_back(listener, std::move(batch));
        }
    }
    for (auto& [listener, batch] : ready) {
        Deliver(listener, std::move(batch));
    }
}

// Called without the mutex: hands the batch to the listener's waiting callback, once.
void ChangeFeed::Deliver(const std::shared_ptr<Listener>& listener, FeedBatch batch) {
    std::function<void(FeedBatch)> deliver;
    {
        std::lock_guard lock(mutex_);
        if (listener->cancelled || listener->ended || !listener->waiting) {
            return;
        }
        deliver = std::move(listener->waiting);
        listener->waiting = nullptr;
        listener->last_sent = Steady::now();
        listener->ended = batch.end;
    }
    deliver(std::move(batch));
}

void ChangeFeed::Remove(const Listener* listener) {
    std::lock_guard lock(mutex_);
    std::erase_if(listeners_, [&](const auto& l) { return l.get() == listener; });
}

ChangeFeed::Subscription::Subscription(ChangeFeed& feed, std::shared_ptr<Listener> listener)
    : feed_(feed), listener_(std::move(listener)) {}

ChangeFeed::Subscription::~Subscription() { Cancel(); }

void ChangeFeed::Subscription::Next(std::function<void(FeedBatch)> deliver) {
    FeedBatch batch;
    {
        std::lock_guard lock(feed_.mutex_);
        if (listener_->cancelled || listener_->ended) {
            return;
        }
        if (listener_->queue.empty() && !listener_->reset) {
            listener_->waiting = std::move(deliver);
            return;
        }
        batch = TakeQueued(*listener_);
        listener_->last_sent = Steady::now();
    }
    deliver(std::move(batch));
}

void ChangeFeed::Subscription::Cancel() {
    {
        std::lock_guard lock(feed_.mutex_);
        if (listener_->cancelled) {
            return;
        }
        listener_->cancelled = true;
        listener_->waiting = nullptr;
    }
    feed_.Remove(listener_.get());
}

}  // namespace ungcuu::app
