// Live updates for the web UI: GET /api/v1/events, Server-Sent Events from the change feed
// (app/change_feed.hpp), limited to the caller's units. Each event is
//   id: <audit id>
//   event: change
//   data: {"action":"incident.transition","object_type":"incident","object_id":12,"unit_id":5}
// A browser reconnecting sends Last-Event-ID (or ?after=) and gets what it missed; "event:
// reset" means reload everything; a comment line every 20 s keeps the connection open; after
// five minutes the stream ends and the browser reconnects (and is authenticated again).
#include <fmt/format.h>

#include "core/text.hpp"
#include "http/json_writer.hpp"
#include "http/routes.hpp"

namespace ungcuu::http {

namespace {

std::string EventText(const app::ChangeEvent& event) {
    std::string json;
    JsonWriter data(json);
    data.BeginObject();
    data.Key("action").String(event.action);
    data.Key("object_type").String(event.object_type);
    data.Key("object_id").Int(event.object_id);
    data.Key("unit_id");
    if (event.unit_id) {
        data.Int(event.unit_id->value());
    } else {
        data.Null();
    }
    data.EndObject();
    return fmt::format("id: {}\nevent: change\ndata: {}\n\n", event.id, json);
}

/// The SSE text of one batch; never empty unless the stream ends.
std::string BatchText(const app::FeedBatch& batch) {
    if (batch.end) {
        return {};
    }
    if (batch.reset) {
        return "event: reset\ndata: {}\n\n";
    }
    if (batch.heartbeat || batch.events.empty()) {
        return ": ping\n\n";
    }
    std::string text;
    for (const auto& event : batch.events) {
        text += EventText(event);
    }
    return text;
}

class FeedStream final : public ResponseStream {
public:
    explicit FeedStream(std::shared_ptr<app::ChangeFeed::Subscription> subscription)
        : subscription_(std::move(subscription)) {}

    void Next(std::function<void(std::string)> write) override {
        if (!started_) {
            // The browser waits 3 s before reconnecting after a drop.
            started_ = true;
            write("retry: 3000\n: connected\n\n");
            return;
        }
        subscription_->Next(
            [write = std::move(write)](const app::FeedBatch& batch) { write(BatchText(batch)); });
    }

    void Cancel() override { subscription_->Cancel(); }

private:
    std::shared_ptr<app::ChangeFeed::Subscription> subscription_;
    bool started_ = false;
};

// The id to resume after: Last-Event-ID (sent by the browser on reconnecting) or ?after=.
core::Result<std::int64_t> ResumeAfter(const Call& call) {
    std::string text(call.context.request["Last-Event-ID"]);
    if (text.empty()) {
        text = QueryText(call, "after");
    }
    if (text.empty()) {
        return std::int64_t{0};
    }
    const auto id = core::ParseInt64(text);
    if (!id || *id < 0) {
        return core::InvalidArgument("Last-Event-ID không hợp lệ.", "Invalid Last-Event-ID.");
    }
    return *id;
}

// GET /api/v1/events
core::Result<ApiReply> GetEvents(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(after, ResumeAfter(call));
    UNGCUU_ASSIGN_OR_RETURN(subscription, s.changes.Subscribe(call.actor, after));
    ApiReply reply;
    reply.stream = std::make_shared<FeedStream>(std::move(subscription));
    reply.content_type = "text/event-stream; charset=utf-8";
    return reply;
}

}  // namespace

void AddEventRoutes(RouteTable& table, Services s) {
    table.Add(bhttp::verb::get, "/api/v1/events", Access::kSignedIn,
              [s](Call& call) { return GetEvents(s, call); });
}

}  // namespace ungcuu::http
