// Statistics a leader reads at a glance: the incidents of a part of the tree over a span of
// days — by month, by attack type (the taxonomy's scenarios), by unit below, serious ones, and
// how fast they were acknowledged (against the rule set's "immediately") and closed — computed
// from the same rows as the periodic reports, so the page and a report never disagree. Only the
// incidents of units the caller sees are counted. Readiness over time is what the unit's own
// periodic reports carried when sent (systems, levels, layers, overdue duties, plan tasks).
// Thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

struct StatisticsQuery {
    std::optional<domain::UnitId> unit;  // default: the caller's first visible root
    core::Date from;
    core::Date to;
};

struct CountBy {
    std::string key;  // "2026-03" for a month, a scenario code, "" for none
    std::int64_t count = 0;
    std::int64_t serious = 0;
};

struct UnitCount {
    domain::Unit unit;
    bool own = false;  // the unit's own incidents (not those of the units below it)
    std::int64_t count = 0;
    std::int64_t open = 0;
    std::int64_t serious = 0;
};

/// A duration measured over the incidents that have it, in minutes.
struct DurationFigures {
    std::int64_t measured = 0;
    std::int64_t within = 0;  // within the legal limit (acknowledgement); 0 where none applies
    double median_minutes = 0;
    double p90_minutes = 0;
};

/// The readiness a unit's report carried when it was sent: one point of readiness over time.
struct ReadinessPoint {
    core::TimePoint at;  // when the report was submitted
    std::string regime;
    std::string period;
    domain::Figures figures;  // the report's "readiness.*" figures, without the prefix
};

struct Statistics {
    domain::Unit unit;
    core::Date from;
    core::Date to;
    std::int64_t total = 0;
    std::int64_t open = 0;
    std::int64_t serious = 0;
    std::vector<CountBy> by_month;          // every month of the span, in order
    std::vector<CountBy> by_scenario;       // scenario codes, most first; "" = not classified
    std::vector<UnitCount> by_unit;         // the unit's own, then each unit directly below
    DurationFigures acknowledge;            // received → acknowledged
    DurationFigures close;                  // received → closed
    std::vector<ReadinessPoint> readiness;  // the unit's reports sent in the span, oldest first
    bool truncated = false;                 // more incidents than the bound: figures are partial
    core::TimePoint as_of;
};

class StatisticsService {
public:
    /// `immediate_minutes`: per rule set, what "immediately" allows for the acknowledgement.
    StatisticsService(Store& store,
                      const core::Clock& clock,
                      std::map<std::string, int> immediate_minutes)
        : store_(store), clock_(clock), immediate_minutes_(std::move(immediate_minutes)) {}

    /// kInvalidArgument for a span that is reversed or longer than ten years.
    core::Result<Statistics> Compute(const Actor& actor, const StatisticsQuery& query);

    /// At most this many incidents are counted (a bound on the time one request may take).
    static constexpr std::int64_t kMaxIncidents = 5'000'000;
    /// At most this many reports make the readiness over time.
    static constexpr int kMaxReadinessPoints = 500;

private:
    Store& store_;
    const core::Clock& clock_;
    const std::map<std::string, int> immediate_minutes_;
};

}  // namespace ungcuu::app
