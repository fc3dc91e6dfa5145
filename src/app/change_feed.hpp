// The change feed behind the web UI's live updates (GET /api/v1/events, Server-Sent Events):
// what was committed, as the audit log records it in the same transaction as the change, handed
// to each subscriber limited to the units its roles let it see. An event says only what changed
// (the action, the object, its unit) — never the content: the browser reads that again through
// the scoped API. The audit id is the event id, so a browser that reconnects with the last id
// it saw gets what it missed (within `backlog_limit`; further behind, it is told to reload), on
// any node reading the same database.
//
// One thread reads the log every `poll_interval` while anyone listens (none: no reading at all).
// On PostgreSQL two transactions may commit out of id order; each read looks `reread_window`
// ids back and forwards an id once, so such a change still arrives (late, not lost).
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/actor.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

struct ChangeEvent {
    std::int64_t id = 0;  // the audit entry's id
    std::string action;   // "incident.transition", "dossier.upload"…
    std::string object_type;
    std::int64_t object_id = 0;
    std::optional<domain::UnitId> unit_id;
};

/// What a subscriber receives at a time: events, or a signal.
struct FeedBatch {
    std::vector<ChangeEvent> events;
    bool reset = false;      // events were lost (too far behind): reload everything
    bool heartbeat = false;  // nothing happened for a while; keeps proxies from closing
    bool end = false;        // the stream's lifetime is over: reconnect with the last id
};

struct FeedOptions {
    std::chrono::milliseconds poll_interval{500};
    std::chrono::seconds heartbeat{20};
    /// A stream ends after this long; the browser reconnects (and is authenticated again).
    std::chrono::seconds lifetime{300};
    std::size_t max_subscribers = 500;
    std::size_t max_per_user = 8;
    std::size_t backlog_limit = 500;
    std::size_t queue_limit = 1000;  // a subscriber this far behind is told to reload
    std::int64_t reread_window = 100;
    std::size_t read_batch = 500;
};

class ChangeFeed {
public:
    class Subscription;
    struct Listener;  // one subscriber's state (change_feed.cpp)

    explicit ChangeFeed(Store& store, FeedOptions options = {});
    ~ChangeFeed();
    ChangeFeed(const ChangeFeed&) = delete;
    ChangeFeed& operator=(const ChangeFeed&) = delete;

    /// Starts listening for `actor` from after the event `after_id` (0: from now on).
    /// kUnavailable (with a retry time) when too many are listening, in all or for this user.
    core::Result<std::shared_ptr<Subscription>> Subscribe(const Actor& actor,
                                                          std::int64_t after_id);

    /// Whether an audit action is something the UI shows changing (incidents, reports and
    /// deliveries, alerts, dossiers, systems, plans, units) — not sign-ins or accounts.
    static bool Shown(std::string_view action);

    std::size_t subscribers() const;

    /// Stops the reading thread: nothing is delivered from it afterwards (call before the server
    /// that holds the streams goes away). Subscriptions still answer what is already queued.
    void Stop();

private:
    void Run();
    void Poll();
    void Tick();
    void Deliver(const std::shared_ptr<Listener>& listener, FeedBatch batch);
    void Remove(const Listener* listener);

    Store& store_;
    FeedOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<std::shared_ptr<Listener>> listeners_;
    std::int64_t cursor_ = 0;
    std::set<std::int64_t> seen_;  // ids forwarded within the reread window
    bool stopping_ = false;
    std::thread thread_;

    friend class Subscription;
};

/// One listener's end: asks for the next batch, and says when it is gone.
class ChangeFeed::Subscription {
public:
    Subscription(ChangeFeed& feed, std::shared_ptr<Listener> listener);
    ~Subscription();
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

    /// Calls `deliver` once, now if something is waiting or later from the feed's thread. After
    /// a batch with `end` no more comes.
    void Next(std::function<void(FeedBatch)> deliver);
    /// The client went away: no more calls.
    void Cancel();

private:
    ChangeFeed& feed_;
    std::shared_ptr<Listener> listener_;
};

}  // namespace ungcuu::app
