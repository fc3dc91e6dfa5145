// Sigma correlation rules (Sigma 2.1 correlation specification): counts, distinct values,
// sums, averages and percentiles of a field, and temporal proximity (any order or the rules'
// order) over a sliding time window, per group of events that share the `group-by` values.
//
// The correlator sits after either evaluator: it is fed the matches of the rules correlations
// refer to, with the event they matched, and reports each correlation that fires. Correlations
// may refer to other correlations (chains); a firing is then fed onward with its group values
// as the fields of its "event".
//
// Window semantics, stated because backends differ:
//  - a window is sliding: an entry counts while `now - entry time <= timespan`, where `now` is
//    the time of the newest event of its group;
//  - a condition with only lower bounds (`gt`, `gte`) is checked on every new entry; one with an
//    upper bound (`lt`, `lte`, `eq`) only when the group's window closes (an event of the group
//    arrives more than `timespan` after the window's first entry, or the input ends), since a
//    count can still grow until then;
//  - after a correlation fires for a group, the group starts again empty (one alert per burst,
//    and its repeats are counted by the caller);
//  - fed online (with each event's receive time), a sender's time too far from its receipt is
//    replaced by the receipt, and no event moves time forward past the newest receipt: entries
//    expire, windows close and groups are forgotten by min(event time, receive time), so one line
//    stamped in the future cannot close the windows of the present.
// Events carry their time in `@timestamp`, `timestamp`, `TimeCreated` (evtx `SystemTime`),
// `UtcTime`, `EventTime`, `time` or `date` (RFC 3339, a space for `T`, no zone taken as UTC, or
// seconds/milliseconds since the epoch); an event without a time is taken at the caller's
// `now`.
//
// Not thread-safe: one correlator per stream of events, fed in event order.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sigma/rule.hpp"

namespace ungcuu::sigma {

/// A correlation that fired.
struct CorrelationMatch {
    std::size_t correlation = 0;  // index into Correlator::rule()
    std::size_t event_index = 0;  // the event that completed it (or the last of the window)
    double value = 0;             // the measure compared with the condition
    std::vector<std::pair<std::string, std::string>> group;  // group-by name → value
    std::vector<std::size_t> events;  // indexes of the window's events (at most kMaxEvents)
    std::size_t event_count = 0;      // how many events the window held
    static constexpr std::size_t kMaxEvents = 100;
};

/// The time of an event in seconds since the Unix epoch, from the fields listed above.
std::optional<double> EventTime(const boost::json::value& event);

class Correlator {
public:
    /// Resolves what each correlation refers to among `base` (by id or `name`) and the other
    /// correlations. A correlation whose references cannot be resolved (unknown rule, a refused
    /// rule, a cycle) is refused into `refused` with its reason, as are those that refer to it.
    static Correlator Build(std::vector<CorrelationRule> correlations,
                            const std::vector<const Rule*>& base,
                            std::vector<Refusal>& refused);

    Correlator(Correlator&&) noexcept;
    Correlator& operator=(Correlator&&) noexcept;
    ~Correlator();

    std::size_t size() const;
    const CorrelationRule& rule(std::size_t index) const;

    /// Does a correlation use the matches of this base rule?
    bool Uses(std::uint32_t base_rule) const;
    /// Should this base rule's own matches be reported: it is not used by a correlation, or one
    /// of those that use it says `generate: true`.
    bool Reports(std::uint32_t base_rule) const;

    using OnFire = std::function<void(const CorrelationMatch&)>;

    /// One match of a base rule on an event (its JSON text). `now` is the time taken for an
    /// event that states none. Fires `on_fire` for each correlation completed, chains included.
    /// Events that are not JSON objects are ignored.
    void Feed(std::uint32_t base_rule,
              std::size_t event_index,
              std::string_view event_json,
              double now,
              const OnFire& on_fire);

    /// Online use: when the event was received, and how far its own time may stray from that
    /// before the receive time is taken instead.
    struct Received {
        double at = 0;
        double max_skew = std::numeric_limits<double>::infinity();
    };

    /// As Feed above, for events received now. Returns true when the event's own time was
    /// beyond the bound (and its receive time was taken).
    bool Feed(std::uint32_t base_rule,
              std::size_t event_index,
              std::string_view event_json,
              const Received& received,
              const OnFire& on_fire);

    /// The input ended: windows still open are closed and their upper-bounded conditions
    /// checked.
    void Finish(const OnFire& on_fire);

    struct Impl;

private:
    explicit Correlator(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace ungcuu::sigma
