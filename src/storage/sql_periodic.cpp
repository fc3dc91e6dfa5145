// SQL repository of periodic reports: the regimes each unit runs in its subtree, each unit's
// report for a period with its figures (one row per figure, "own" and "total"), and the tallies
// of incidents behind Mẫu 05, grouped in the database.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "storage/sql_helpers.hpp"
#include "storage/sql_network.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

constexpr std::string_view kReportColumns =
    "r.id, r.regime, r.period, r.unit_id, u.name_vi, u.path, r.recipient_unit_id, r.due_at, "
    "r.state, r.narrative, r.proposals, r.helpers, r.foreign_helpers, r.submitted_at, "
    "r.submitted_by, r.return_reason, r.returned_at, r.returned_by, r.accepted_at, "
    "r.accepted_by, r.version, r.created_at, r.updated_at";

domain::PeriodicReport ReportFromRow(const RowView& row) {
    domain::PeriodicReport r;
    r.id = domain::PeriodicReportId{row.Int(0)};
    r.regime = row.String(1);
    r.period = row.String(2);
    r.unit_id = domain::UnitId{row.Int(3)};
    r.unit_name = row.String(4);
    r.unit_path = row.String(5);
    if (!row.IsNull(6)) {
        r.recipient_unit_id = domain::UnitId{row.Int(6)};
    }
    r.due_at = Time(row, 7);
    r.state = domain::ParsePeriodicState(row.Text(8)).value_or(domain::PeriodicState::kDraft);
    r.narrative = row.String(9);
    r.proposals = row.String(10);
    r.helpers = row.String(11);
    r.foreign_helpers = row.String(12);
    r.submitted_at = OptTime(row, 13);
    r.submitted_by = row.String(14);
    r.return_reason = row.String(15);
    r.returned_at = OptTime(row, 16);
    r.returned_by = row.String(17);
    r.accepted_at = OptTime(row, 18);
    r.accepted_by = row.String(19);
    r.version = row.Int(20);
    r.created_at = Time(row, 21);
    r.updated_at = Time(row, 22);
    return r;
}

class SqlPeriodicRepository final : public app::PeriodicRepository {
public:
    explicit SqlPeriodicRepository(Connection& db) : db_(db) {}

    Result<std::vector<app::RegimeAdoption>> Adoptions() override {
        std::vector<app::RegimeAdoption> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT a.regime, a.unit_id, u.path, u.name_vi, a.adopted_at, a.adopted_by FROM "
            "report_adoptions a JOIN units u ON u.id = a.unit_id ORDER BY u.path, a.regime",
            {}, [&out](const RowView& row) {
                out.push_back({row.String(0), domain::UnitId{row.Int(1)}, row.String(2),
                               row.String(3), Time(row, 4), row.String(5)});
            }));
        return out;
    }

    Status Adopt(const app::RegimeAdoption& a) override {
        const Value params[] = {a.regime, a.unit_id.value(), Millis(a.adopted_at), a.adopted_by};
        return Exec(db_,
                    "INSERT INTO report_adoptions (regime, unit_id, adopted_at, adopted_by) "
                    "VALUES (?, ?, ?, ?)",
                    params);
    }

    Status Drop(std::string_view regime, domain::UnitId unit) override {
        const Value params[] = {std::string(regime), unit.value()};
        return ExpectOneRow(
            db_.Execute("DELETE FROM report_adoptions WHERE regime = ? AND unit_id = ?", params),
            "chế độ báo cáo của đơn vị");
    }

    Result<std::optional<domain::PeriodicReport>> Find(std::string_view regime,
                                                       std::string_view period,
                                                       domain::UnitId unit) override {
        UNGCUU_ASSIGN_OR_RETURN(found, ForUnits(regime, period, {unit}));
        if (found.empty()) {
            return std::optional<domain::PeriodicReport>();
        }
        return std::optional<domain::PeriodicReport>(std::move(found.front()));
    }

    Result<std::vector<domain::PeriodicReport>> ForUnits(
        std::string_view regime,
        std::string_view period,
        const std::vector<domain::UnitId>& units) override {
        std::vector<domain::PeriodicReport> out;
        // In chunks, so that a province of a thousand units stays under any parameter limit.
        constexpr std::size_t kChunk = 400;
        for (std::size_t first = 0; first < units.size(); first += kChunk) {
            const auto last = std::min(units.size(), first + kChunk);
            std::vector<Value> params = {std::string(regime), std::string(period)};
            std::string marks;
            for (std::size_t i = first; i < last; ++i) {
                marks += marks.empty() ? "?" : ", ?";
                params.emplace_back(units[i].value());
            }
            UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
                fmt::format("SELECT {} FROM periodic_reports r JOIN units u ON u.id = r.unit_id "
                            "WHERE r.regime = ? AND r.period = ? AND r.unit_id IN ({})",
                            kReportColumns, marks),
                params, [&out](const RowView& row) { out.push_back(ReportFromRow(row)); }));
        }
        for (auto& report : out) {
            UNGCUU_RETURN_IF_ERROR(LoadFigures(report));
        }
        return out;
    }

    Result<domain::PeriodicReport> Get(domain::PeriodicReportId id) override {
        const Value params[] = {id.value()};
        std::optional<domain::PeriodicReport> found;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM periodic_reports r JOIN units u ON u.id = r.unit_id "
                        "WHERE r.id = ?",
                        kReportColumns),
            params, [&found](const RowView& row) { found = ReportFromRow(row); }));
        if (!found) {
            return core::NotFound("Không tìm thấy báo cáo định kỳ.", "Periodic report not found.");
        }
        UNGCUU_RETURN_IF_ERROR(LoadFigures(*found));
        return *std::move(found);
    }

    Result<std::vector<domain::PeriodicReport>> Submitted(domain::UnitId unit,
                                                          core::TimePoint from,
                                                          core::TimePoint to,
                                                          int limit) override {
        const Value params[] = {unit.value(), Millis(from), Millis(to), std::int64_t{limit}};
        std::vector<domain::PeriodicReport> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM periodic_reports r JOIN units u ON u.id = r.unit_id "
                        "WHERE r.unit_id = ? AND r.submitted_at >= ? AND r.submitted_at <= ? "
                        "ORDER BY r.submitted_at, r.id LIMIT ?",
                        kReportColumns),
            params, [&out](const RowView& row) { out.push_back(ReportFromRow(row)); }));
        for (auto& report : out) {
            UNGCUU_RETURN_IF_ERROR(LoadFigures(report));
        }
        return out;
    }

    Result<domain::PeriodicReport> Save(domain::PeriodicReport r) override {
        std::vector<Value> params = {
            r.regime,
            r.period,
            r.unit_id.value(),
            r.recipient_unit_id ? Value{r.recipient_unit_id->value()} : Value{nullptr},
            Millis(r.due_at),
            std::string(domain::PeriodicStateCode(r.state)),
            r.narrative,
            r.proposals,
            r.helpers,
            r.foreign_helpers,
            OptMillis(r.submitted_at),
            r.submitted_by,
            r.return_reason,
            OptMillis(r.returned_at),
            r.returned_by,
            OptMillis(r.accepted_at),
            r.accepted_by,
            Millis(r.updated_at),
        };
        if (r.id.value() == 0) {
            params.emplace_back(Millis(r.created_at));
            UNGCUU_ASSIGN_OR_RETURN(
                rows,
                db_.Query("INSERT INTO periodic_reports (regime, period, unit_id, "
                          "recipient_unit_id, due_at, state, narrative, proposals, helpers, "
                          "foreign_helpers, submitted_at, submitted_by, return_reason, "
                          "returned_at, returned_by, accepted_at, accepted_by, updated_at, "
                          "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                          "?, ?) RETURNING id",
                          params));
            r.id = domain::PeriodicReportId{InsertedId(rows)};
            r.version = 0;
        } else {
            params.emplace_back(r.id.value());
            params.emplace_back(r.version);
            UNGCUU_ASSIGN_OR_RETURN(
                changed,
                db_.Execute("UPDATE periodic_reports SET regime = ?, period = ?, unit_id = ?, "
                            "recipient_unit_id = ?, due_at = ?, state = ?, narrative = ?, "
                            "proposals = ?, helpers = ?, foreign_helpers = ?, submitted_at = ?, "
                            "submitted_by = ?, return_reason = ?, returned_at = ?, "
                            "returned_by = ?, accepted_at = ?, accepted_by = ?, updated_at = ?, "
                            "version = version + 1 WHERE id = ? AND version = ?",
                            params));
            if (changed == 0) {
                return core::Conflict(
                    "Báo cáo vừa được người khác thay đổi; hãy tải lại rồi làm lại.",
                    "The report was changed by someone else meanwhile; reload and try again.");
            }
            ++r.version;
        }
        const Value id[] = {r.id.value()};
        UNGCUU_RETURN_IF_ERROR(
            Exec(db_, "DELETE FROM periodic_report_figures WHERE report_id = ?", id));
        for (const auto& [part, figures] :
             {std::pair<std::string, const domain::Figures*>{"own", &r.own},
              std::pair<std::string, const domain::Figures*>{"total", &r.total}}) {
            for (const auto& [key, value] : *figures) {
                const Value row[] = {r.id.value(), part, key, value};
                UNGCUU_RETURN_IF_ERROR(Exec(db_,
                                            "INSERT INTO periodic_report_figures (report_id, "
                                            "part, figure, value) VALUES (?, ?, ?, ?)",
                                            row));
            }
        }
        return r;
    }

    // The tallies are grouped by unit as well and the excluded subtrees (a compiler's filers,
    // up to thousands) dropped here: a condition per excluded subtree in SQL grows the query
    // past SQLite's expression depth (1,000) for a province of a thousand communes.
    Result<app::IncidentTallies> Tally(std::string_view subtree,
                                       const std::vector<std::string>& excluded,
                                       core::TimePoint from,
                                       core::TimePoint to) override {
        const std::vector<Value> params = {std::string(subtree), SubtreeEnd(subtree), Millis(from),
                                           Millis(to)};
        const std::string where =
            "u.path >= ? AND u.path < ? AND i.detected_at >= ? AND i.detected_at <= ? AND "
            "i.state NOT IN ('rejected', 'merged') AND i.drill_id IS NULL";
        std::vector<std::string> cut(excluded.begin(), excluded.end());
        std::sort(cut.begin(), cut.end());
        const auto counted = [&cut](std::string_view path) {
            return !domain::SubtreeHolding(cut, path).has_value();
        };
        std::map<std::pair<std::string, std::string>, domain::IncidentTally> merged;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT u.path, i.scenarios, i.handling_mode, COUNT(*), "
                        "SUM(i.damage_vnd) FROM incidents i JOIN units u ON u.id = i.unit_id "
                        "WHERE {} GROUP BY u.path, i.scenarios, i.handling_mode",
                        where),
            params, [&](const RowView& row) {
                if (!counted(row.Text(0))) {
                    return;
                }
                auto& tally = merged[{row.String(1), row.String(2)}];
                if (tally.count == 0) {
                    tally.scenarios = SplitCodes(row.Text(1));
                    tally.mode = domain::ParseHandlingMode(row.Text(2));
                }
                tally.count += row.Int(3);
                tally.damage += row.IsNull(4) ? 0 : row.Int(4);
            }));
        app::IncidentTallies out;
        for (auto& [key, tally] : merged) {
            out.tallies.push_back(std::move(tally));
        }
        std::set<std::string> helpers;
        std::set<std::string> foreign;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT DISTINCT u.path, i.helpers, i.foreign_helpers FROM incidents i "
                        "JOIN units u ON u.id = i.unit_id WHERE {} AND (i.helpers <> '' OR "
                        "i.foreign_helpers <> '')",
                        where),
            params, [&](const RowView& row) {
                if (!counted(row.Text(0))) {
                    return;
                }
                for (auto& name : SplitCodes(row.Text(1), '\n')) {
                    helpers.insert(std::move(name));
                }
                for (auto& name : SplitCodes(row.Text(2), '\n')) {
                    foreign.insert(std::move(name));
                }
            }));
        out.helpers.assign(helpers.begin(), helpers.end());
        out.foreign_helpers.assign(foreign.begin(), foreign.end());
        return out;
    }

    Result<std::int64_t> EachFact(
        std::string_view subtree,
        core::TimePoint from,
        core::TimePoint to,
        std::int64_t limit,
        const std::function<void(const app::IncidentFacts&)>& visit) override {
        const std::vector<Value> params = {std::string(subtree), SubtreeEnd(subtree), Millis(from),
                                           Millis(to), limit};
        std::int64_t visited = 0;
        app::IncidentFacts f;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT u.path, i.detected_at, i.received_at, i.acknowledged_at, i.closed_at, "
            "i.severity, i.scenarios, i.rule_set FROM incidents i JOIN units u ON u.id = "
            "i.unit_id WHERE u.path >= ? AND u.path < ? AND i.detected_at >= ? AND i.detected_at "
            "<= ? AND i.state NOT IN ('rejected', 'merged') AND i.drill_id IS NULL LIMIT ?",
            params, [&](const RowView& row) {
                f.unit_path = row.String(0);
                f.detected_at = Time(row, 1);
                f.received_at = Time(row, 2);
                f.acknowledged_at = OptTime(row, 3);
                f.closed_at = OptTime(row, 4);
                f.serious = row.Text(5) == "serious";
                f.scenarios = SplitCodes(row.Text(6));
                f.rule_set = row.String(7);
                visit(f);
                ++visited;
            }));
        return visited;
    }

private:
    Status LoadFigures(domain::PeriodicReport& report) {
        const Value id[] = {report.id.value()};
        return db_.QueryEach(
            "SELECT part, figure, value FROM periodic_report_figures WHERE report_id = ?", id,
            [&report](const RowView& row) {
                auto& figures = row.Text(0) == "own" ? report.own : report.total;
                figures[row.String(1)] = row.Int(2);
            });
    }

    Connection& db_;
};

}  // namespace

std::unique_ptr<app::PeriodicRepository> MakeSqlPeriodicRepository(Connection& db) {
    return std::make_unique<SqlPeriodicRepository>(db);
}

}  // namespace ungcuu::storage
