#include "app/network/statistics_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "app/unit_access.hpp"

namespace ungcuu::app {

namespace {

std::string MonthKey(core::Date day) {
    const std::chrono::year_month_day ymd{day};
    return fmt::format("{:04}-{:02}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()));
}

/// Nearest-rank quantile of sorted values (0 when there are none).
double Quantile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) {
        return 0;
    }
    const auto rank =
        static_cast<std::size_t>(std::lround(q * static_cast<double>(sorted.size() - 1)));
    return sorted[std::min(rank, sorted.size() - 1)];
}

void Summarise(std::vector<double>& minutes, DurationFigures& out) {
    std::sort(minutes.begin(), minutes.end());
    out.measured = static_cast<std::int64_t>(minutes.size());
    out.median_minutes = Quantile(minutes, 0.5);
    out.p90_minutes = Quantile(minutes, 0.9);
}

double MinutesBetween(core::TimePoint from, core::TimePoint to) {
    return std::chrono::duration<double, std::ratio<60>>(to - from).count();
}

}  // namespace

core::Result<Statistics> StatisticsService::Compute(const Actor& actor,
                                                    const StatisticsQuery& query) {
    if (query.to < query.from) {
        return core::InvalidArgument("Ngày kết thúc phải từ ngày bắt đầu trở đi.",
                                     "The end day must not be before the start day.");
    }
    if (query.to - query.from > std::chrono::days(3660)) {
        return core::InvalidArgument("Khoảng thời gian thống kê tối đa 10 năm.",
                                     "The statistics span at most ten years.");
    }
    return store_.Read([&](Repositories& repos) -> core::Result<Statistics> {
        Statistics s;
        s.from = query.from;
        s.to = query.to;
        s.as_of = clock_.Now();
        if (query.unit) {
            UNGCUU_ASSIGN_OR_RETURN(
                unit, LoadUnitFor(repos, actor, *query.unit, domain::Permission::kUnitRead));
            s.unit = std::move(unit);
        } else {
            UnitFilter roots;
            roots.scope = actor.scope.VisibleRoots();
            roots.unrestricted = actor.unrestricted;
            roots.roots_only = actor.unrestricted;
            roots.limit = 1;
            UNGCUU_ASSIGN_OR_RETURN(found, repos.units.List(roots));
            if (found.empty()) {
                return core::NotFound("Không có đơn vị nào để thống kê.",
                                      "There is no unit to compute statistics for.");
            }
            s.unit = std::move(found.front());
        }
        UnitFilter below;
        below.unrestricted = true;  // only what the caller sees is counted, row by row
        below.parent_id = s.unit.id;
        below.limit = 5000;
        UNGCUU_ASSIGN_OR_RETURN(children, repos.units.List(below));
        std::sort(children.begin(), children.end(),
                  [](const domain::Unit& a, const domain::Unit& b) { return a.path < b.path; });
        s.by_unit.push_back({s.unit, true});
        for (auto& child : children) {
            if (actor.unrestricted || actor.scope.Sees(child.path)) {
                s.by_unit.push_back({std::move(child), false});
            }
        }
        std::vector<std::string> child_paths;
        for (std::size_t i = 1; i < s.by_unit.size(); ++i) {
            child_paths.push_back(s.by_unit[i].unit.path);
        }

        for (auto month = std::chrono::year_month_day{query.from}.year() /
                          std::chrono::year_month_day{query.from}.month();
             month <= std::chrono::year_month_day{query.to}.year() /
                          std::chrono::year_month_day{query.to}.month();
             month += std::chrono::months(1)) {
            s.by_month.push_back({MonthKey(core::Date{month / 1})});
        }
        std::map<std::string, CountBy> scenarios;
        std::vector<double> ack;
        std::vector<double> close;
        const auto count = [&](const IncidentFacts& f) {
            if (!actor.unrestricted && !actor.scope.Sees(f.unit_path)) {
                return;
            }
            ++s.total;
            const bool open = !f.closed_at.has_value();
            s.open += open ? 1 : 0;
            s.serious += f.serious ? 1 : 0;
            const auto key = MonthKey(core::LocalDate(f.detected_at));
            const auto month =
                std::lower_bound(s.by_month.begin(), s.by_month.end(), key,
                                 [](const CountBy& m, const std::string& k) { return m.key < k; });
            if (month != s.by_month.end() && month->key == key) {
                ++month->count;
                month->serious += f.serious ? 1 : 0;
            }
            const auto count_in = [&](const std::string& code) {
                auto& c = scenarios[code];
                c.key = code;
                ++c.count;
                c.serious += f.serious ? 1 : 0;
            };
            if (f.scenarios.empty()) {
                count_in("");
            }
            for (const auto& code : f.scenarios) {
                count_in(code);
            }
            // The unit's own (row 0), or the child whose subtree holds it (row 1 on).
            const auto child = domain::SubtreeHolding(child_paths, f.unit_path);
            auto& unit = s.by_unit[child ? *child + 1 : 0];
            ++unit.count;
            unit.open += open ? 1 : 0;
            unit.serious += f.serious ? 1 : 0;
            if (f.acknowledged_at) {
                const double minutes = MinutesBetween(f.received_at, *f.acknowledged_at);
                ack.push_back(minutes);
                const auto limit = immediate_minutes_.find(f.rule_set);
                const int allowed = limit == immediate_minutes_.end() ? 60 : limit->second;
                s.acknowledge.within += minutes <= allowed ? 1 : 0;
            }
            if (f.closed_at) {
                close.push_back(MinutesBetween(f.received_at, *f.closed_at));
            }
        };
        UNGCUU_ASSIGN_OR_RETURN(
            visited, repos.periodic.EachFact(s.unit.path, core::StartOfLocalDay(query.from),
                                             core::EndOfLocalDay(query.to), kMaxIncidents, count));
        s.truncated = visited >= kMaxIncidents;
        Summarise(ack, s.acknowledge);
        Summarise(close, s.close);
        for (auto& [code, figures] : scenarios) {
            s.by_scenario.push_back(std::move(figures));
        }
        std::stable_sort(s.by_scenario.begin(), s.by_scenario.end(),
                         [](const CountBy& a, const CountBy& b) { return a.count > b.count; });
        // Readiness over time: what each report the unit sent in the span carried.
        UNGCUU_ASSIGN_OR_RETURN(
            sent, repos.periodic.Submitted(s.unit.id, core::StartOfLocalDay(query.from),
                                           core::EndOfLocalDay(query.to), kMaxReadinessPoints));
        constexpr std::string_view kPrefix = "readiness.";
        for (auto& report : sent) {
            ReadinessPoint point{
                *report.submitted_at, std::move(report.regime), std::move(report.period), {}};
            for (const auto& [key, value] : report.own) {
                if (key.starts_with(kPrefix)) {
                    point.figures[key.substr(kPrefix.size())] = value;
                }
            }
            if (!point.figures.empty()) {
                s.readiness.push_back(std::move(point));
            }
        }
        return s;
    });
}

}  // namespace ungcuu::app
