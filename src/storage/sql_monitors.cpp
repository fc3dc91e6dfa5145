// SQL repository of the website monitor: the sites watched (settings, the approved page, what the
// monitor holds between checks), their hourly counts and their events.
#include <fmt/format.h>

#include "storage/sql_detection.hpp"
#include "storage/sql_helpers.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;
using domain::MonitorTargetId;

constexpr char kFieldSeparator = '\x1e';

std::string Clean(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        if (c == kFieldSeparator || c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return out;
}

std::string JoinLines(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        if (!text.empty()) {
            text += '\n';
        }
        text += Clean(item);
    }
    return text;
}

// A page as one text: title, text, hidden text, then the four lists, separated by U+001E, list
// items one per line (the reader folds whitespace, so neither occurs inside them).
std::string EncodePage(const domain::PageFacts& page) {
    std::string out;
    for (const auto& field :
         {Clean(page.title), Clean(page.text), Clean(page.hidden_text), JoinLines(page.links),
          JoinLines(page.hidden_links), JoinLines(page.scripts), JoinLines(page.iframes)}) {
        out += field;
        out += kFieldSeparator;
    }
    return out;
}

domain::PageFacts DecodePage(std::string_view text) {
    std::vector<std::string_view> fields;
    while (!text.empty()) {
        const auto end = text.find(kFieldSeparator);
        fields.push_back(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    }
    fields.resize(7);
    domain::PageFacts page;
    page.title = fields[0];
    page.text = fields[1];
    page.hidden_text = fields[2];
    page.links = SplitCodes(fields[3], '\n');
    page.hidden_links = SplitCodes(fields[4], '\n');
    page.scripts = SplitCodes(fields[5], '\n');
    page.iframes = SplitCodes(fields[6], '\n');
    return page;
}

std::string EncodeTimes(const std::vector<core::TimePoint>& times) {
    std::string text;
    for (const auto at : times) {
        text += (text.empty() ? "" : ",") + std::to_string(Millis(at));
    }
    return text;
}

std::vector<core::TimePoint> DecodeTimes(std::string_view text) {
    std::vector<core::TimePoint> times;
    for (const auto& item : SplitCodes(text)) {
        try {
            times.push_back(core::FromUnixMillis(std::stoll(item)));
        } catch (const std::exception&) {
            // A damaged entry is left out: it only feeds the flapping count.
        }
    }
    return times;
}

Value OptMillis(const std::optional<core::TimePoint>& at) {
    return at ? Value{Millis(*at)} : Value{nullptr};
}

Value OptId(const auto& id) { return id ? Value{id->value()} : Value{nullptr}; }

constexpr std::string_view kColumns =
    "t.id, t.unit_id, u.name_vi, u.path, t.system_id, s.name_vi, t.url, t.name, "
    "t.interval_seconds, t.enabled, t.public_status, t.created_at, t.created_by, t.baseline_at, "
    "t.baseline_by, t.state, t.state_since, t.last_check, t.failures, t.latency_ms, "
    "t.http_status, t.error, t.cert_not_after, t.cert_issuer, t.cert_fingerprint, t.dns, "
    "t.findings, t.recent_downs, t.outage_incident_id, t.content_incident_id";
constexpr std::size_t kBaselineColumn = 30;  // t.baseline, t.pending follow kColumns when asked

constexpr std::string_view kFrom =
    "monitor_targets t JOIN units u ON u.id = t.unit_id LEFT JOIN systems s ON s.id = "
    "t.system_id";

app::MonitorSite SiteFromRow(const RowView& row, bool pages) {
    app::MonitorSite site;
    auto& t = site.target;
    t.id = MonitorTargetId{row.Int(0)};
    t.unit_id = domain::UnitId{row.Int(1)};
    t.unit_name = row.String(2);
    t.unit_path = row.String(3);
    if (!row.IsNull(4)) {
        t.system_id = domain::SystemId{row.Int(4)};
    }
    t.system_name = row.String(5);
    t.url = row.String(6);
    t.name = row.String(7);
    t.interval_seconds = static_cast<int>(row.Int(8));
    t.enabled = row.Bool(9);
    t.public_status = row.Bool(10);
    t.created_at = Time(row, 11);
    t.created_by = row.String(12);
    t.baseline_at = OptTime(row, 13);
    t.baseline_by = row.String(14);
    auto& st = site.status;
    st.state = domain::ParseSiteState(row.Text(15)).value_or(domain::SiteState::kUnknown);
    st.since = OptTime(row, 16);
    st.last_check = OptTime(row, 17);
    st.failures = static_cast<int>(row.Int(18));
    st.latency_ms = static_cast<int>(row.Int(19));
    st.http_status = static_cast<int>(row.Int(20));
    st.error = row.String(21);
    st.cert_not_after = OptTime(row, 22);
    st.cert_issuer = row.String(23);
    st.cert_fingerprint = row.String(24);
    st.dns = SplitCodes(row.Text(25), '\n');
    st.findings = SplitCodes(row.Text(26));
    st.recent_downs = DecodeTimes(row.Text(27));
    if (!row.IsNull(28)) {
        st.outage_incident = domain::IncidentId{row.Int(28)};
    }
    if (!row.IsNull(29)) {
        st.content_incident = domain::IncidentId{row.Int(29)};
    }
    if (pages) {
        t.baseline = DecodePage(row.Text(kBaselineColumn));
        if (!row.Text(kBaselineColumn + 1).empty()) {
            site.pending = DecodePage(row.Text(kBaselineColumn + 1));
        }
    }
    return site;
}

constexpr std::string_view kEventColumns =
    "id, target_id, at, kind, summary_vi, summary_en, evidence, incident_id, actor";

domain::MonitorEvent EventFromRow(const RowView& row) {
    domain::MonitorEvent event;
    event.id = domain::MonitorEventId{row.Int(0)};
    event.target = MonitorTargetId{row.Int(1)};
    event.at = Time(row, 2);
    event.kind =
        domain::ParseMonitorEventKind(row.Text(3)).value_or(domain::MonitorEventKind::kDown);
    event.summary_vi = row.String(4);
    event.summary_en = row.String(5);
    event.evidence = SplitCodes(row.Text(6), '\n');
    if (!row.IsNull(7)) {
        event.incident_id = domain::IncidentId{row.Int(7)};
    }
    event.actor = row.String(8);
    return event;
}

constexpr std::int64_t kHourMillis = 3'600'000;

class SqlMonitorRepository final : public app::MonitorRepository {
public:
    explicit SqlMonitorRepository(Connection& db) : db_(db) {}

    Result<domain::MonitorTarget> Insert(domain::MonitorTarget target) override {
        const std::vector<Value> taken{target.unit_id.value(), target.url};
        UNGCUU_ASSIGN_OR_RETURN(
            existing,
            db_.Query("SELECT id FROM monitor_targets WHERE unit_id = ? AND url = ?", taken));
        if (!existing.empty()) {
            return core::Conflict("Đơn vị đã theo dõi địa chỉ này.",
                                  "The unit already watches this address.");
        }
        const std::vector<Value> params{target.unit_id.value(),
                                        OptId(target.system_id),
                                        target.url,
                                        target.name,
                                        std::int64_t{target.interval_seconds},
                                        std::int64_t{target.enabled ? 1 : 0},
                                        std::int64_t{target.public_status ? 1 : 0},
                                        Millis(target.created_at),
                                        target.created_by};
        auto rows = db_.Query(
            "INSERT INTO monitor_targets (unit_id, system_id, url, name, interval_seconds, "
            "enabled, public_status, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        target.id = MonitorTargetId{InsertedId(rows)};
        return target;
    }

    Status Update(const domain::MonitorTarget& target) override {
        const std::vector<Value> params{OptId(target.system_id),
                                        target.url,
                                        target.name,
                                        std::int64_t{target.interval_seconds},
                                        std::int64_t{target.enabled ? 1 : 0},
                                        std::int64_t{target.public_status ? 1 : 0},
                                        target.id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE monitor_targets SET system_id = ?, url = ?, name = ?, "
                        "interval_seconds = ?, enabled = ?, public_status = ? WHERE id = ?",
                        params),
            "site");
    }

    Status Delete(MonitorTargetId id) override {
        const std::vector<Value> params{id.value()};
        UNGCUU_RETURN_IF_ERROR(Exec(db_, "DELETE FROM monitor_hours WHERE target_id = ?", params));
        UNGCUU_RETURN_IF_ERROR(Exec(db_, "DELETE FROM monitor_events WHERE target_id = ?", params));
        return ExpectOneRow(db_.Execute("DELETE FROM monitor_targets WHERE id = ?", params),
                            "site");
    }

    Result<app::MonitorSite> Get(MonitorTargetId id) override {
        const std::vector<Value> params{id.value()};
        return QueryOne(
            db_,
            fmt::format("SELECT {}, t.baseline, t.pending FROM {} WHERE t.id = ?", kColumns, kFrom),
            params, [](const RowView& row) { return SiteFromRow(row, true); },
            core::NotFound("Không tìm thấy trang được theo dõi.", "Watched site not found."));
    }

    Result<std::vector<app::MonitorSite>> GetMany(
        const std::vector<MonitorTargetId>& ids) override {
        std::vector<app::MonitorSite> sites;
        if (ids.empty()) {
            return sites;
        }
        std::vector<Value> params;
        const auto list = IdList(params, ids);
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {}, t.baseline, t.pending FROM {} WHERE t.id IN ({})", kColumns,
                        kFrom, list),
            params, [&](const RowView& row) { sites.push_back(SiteFromRow(row, true)); }));
        return sites;
    }

    Result<std::vector<app::MonitorSite>> List(const std::vector<domain::ScopeRoot>& scope,
                                               bool unrestricted,
                                               const app::MonitorFilter& filter) override {
        std::vector<Value> params;
        std::string sql = fmt::format("SELECT {} FROM {} WHERE {}", kColumns, kFrom,
                                      Conditions(params, scope, unrestricted, filter, true));
        sql +=
            " ORDER BY CASE t.state WHEN 'down' THEN 0 WHEN 'suspect' THEN 1 ELSE 2 END, CASE "
            "WHEN t.findings <> '' THEN 0 ELSE 1 END, u.path, t.name, t.id LIMIT ? OFFSET ?";
        params.emplace_back(std::int64_t{filter.limit});
        params.emplace_back(std::int64_t{filter.offset});
        std::vector<app::MonitorSite> sites;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            sql, params, [&](const RowView& row) { sites.push_back(SiteFromRow(row, false)); }));
        return sites;
    }

    Result<app::MonitorCounts> Count(const std::vector<domain::ScopeRoot>& scope,
                                     bool unrestricted,
                                     const app::MonitorFilter& filter) override {
        std::vector<Value> params;
        const auto sql = fmt::format(
            "SELECT count(*), "
            "coalesce(sum(CASE WHEN t.enabled <> 0 AND t.state = 'up' THEN 1 ELSE 0 END), 0), "
            "coalesce(sum(CASE WHEN t.enabled <> 0 AND t.state = 'down' THEN 1 ELSE 0 END), 0), "
            "coalesce(sum(CASE WHEN t.enabled <> 0 AND t.state = 'suspect' THEN 1 ELSE 0 END), "
            "0), "
            "coalesce(sum(CASE WHEN t.enabled <> 0 AND t.state = 'unknown' THEN 1 ELSE 0 END), "
            "0), "
            "coalesce(sum(CASE WHEN t.findings <> '' THEN 1 ELSE 0 END), 0), "
            "coalesce(sum(CASE WHEN t.enabled = 0 THEN 1 ELSE 0 END), 0) FROM {} WHERE {}",
            kFrom, Conditions(params, scope, unrestricted, filter, false));
        return QueryOne(
            db_, sql, params,
            [](const RowView& row) {
                return app::MonitorCounts{.total = static_cast<int>(row.Int(0)),
                                          .up = static_cast<int>(row.Int(1)),
                                          .down = static_cast<int>(row.Int(2)),
                                          .suspect = static_cast<int>(row.Int(3)),
                                          .unknown = static_cast<int>(row.Int(4)),
                                          .with_findings = static_cast<int>(row.Int(5)),
                                          .disabled = static_cast<int>(row.Int(6))};
            },
            core::Internal("no count row"));
    }

    Result<std::vector<std::pair<domain::UnitId, std::string>>> WatchedUrls(
        domain::UnitId unit) override {
        std::vector<Value> params;
        const auto within = SubtreeCondition(params, "u.path", unit);
        std::vector<std::pair<domain::UnitId, std::string>> urls;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT t.unit_id, t.url FROM monitor_targets t JOIN units u ON u.id = "
                        "t.unit_id WHERE {}",
                        within),
            params, [&](const RowView& row) {
                urls.emplace_back(domain::UnitId{row.Int(0)}, row.String(1));
            }));
        return urls;
    }

    Result<std::vector<app::MonitorSchedule>> Enabled(int limit) override {
        const std::vector<Value> params{std::int64_t{limit}};
        std::vector<app::MonitorSchedule> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT id, url, interval_seconds FROM monitor_targets WHERE enabled <> 0 ORDER BY id "
            "LIMIT ?",
            params, [&](const RowView& row) {
                out.push_back(
                    {MonitorTargetId{row.Int(0)}, row.String(1), static_cast<int>(row.Int(2))});
            }));
        return out;
    }

    Result<std::vector<app::MonitorSite>> Public(int limit) override {
        const std::vector<Value> params{std::int64_t{limit}};
        std::vector<app::MonitorSite> sites;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} WHERE t.public_status <> 0 AND t.enabled <> 0 ORDER "
                        "BY u.path, t.name, t.id LIMIT ?",
                        kColumns, kFrom),
            params, [&](const RowView& row) { sites.push_back(SiteFromRow(row, false)); }));
        return sites;
    }

    Status SaveStatus(MonitorTargetId id, const domain::MonitorStatus& st) override {
        const std::vector<Value> params{std::string(domain::SiteStateCode(st.state)),
                                        OptMillis(st.since),
                                        OptMillis(st.last_check),
                                        std::int64_t{st.failures},
                                        std::int64_t{st.latency_ms},
                                        std::int64_t{st.http_status},
                                        st.error.substr(0, 500),
                                        OptMillis(st.cert_not_after),
                                        st.cert_issuer,
                                        st.cert_fingerprint,
                                        JoinLines(st.dns),
                                        JoinCodes(st.findings),
                                        EncodeTimes(st.recent_downs),
                                        OptId(st.outage_incident),
                                        OptId(st.content_incident),
                                        id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE monitor_targets SET state = ?, state_since = ?, last_check = ?, "
                        "failures = ?, latency_ms = ?, http_status = ?, error = ?, "
                        "cert_not_after = ?, cert_issuer = ?, cert_fingerprint = ?, dns = ?, "
                        "findings = ?, recent_downs = ?, outage_incident_id = ?, "
                        "content_incident_id = ? WHERE id = ?",
                        params),
            "site");
    }

    Status SavePending(MonitorTargetId id, const std::optional<domain::PageFacts>& page) override {
        const std::vector<Value> params{page ? EncodePage(*page) : std::string(), id.value()};
        return Exec(db_, "UPDATE monitor_targets SET pending = ? WHERE id = ?", params);
    }

    Status SaveBaseline(MonitorTargetId id,
                        const domain::PageFacts& page,
                        core::TimePoint at,
                        const std::string& by) override {
        const std::vector<Value> params{EncodePage(page), Millis(at), by, id.value()};
        return ExpectOneRow(db_.Execute("UPDATE monitor_targets SET baseline = ?, baseline_at = ?, "
                                        "baseline_by = ?, pending = '' WHERE id = ?",
                                        params),
                            "site");
    }

    Status ClearBaseline(MonitorTargetId id) override {
        const std::vector<Value> params{id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE monitor_targets SET baseline = '', baseline_at = NULL, "
                        "baseline_by = '', pending = '' WHERE id = ?",
                        params),
            "site");
    }

    Status AddCheck(MonitorTargetId id, core::TimePoint at, bool up, int latency_ms) override {
        const std::int64_t hour = Millis(at) / kHourMillis * kHourMillis;
        const std::vector<Value> params{id.value(), hour, std::int64_t{up ? 1 : 0},
                                        std::int64_t{latency_ms}, std::int64_t{latency_ms}};
        return Exec(db_,
                    "INSERT INTO monitor_hours (target_id, hour, checks, ups, latency_sum, "
                    "latency_max) VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT (target_id, hour) DO "
                    "UPDATE SET checks = monitor_hours.checks + 1, ups = monitor_hours.ups + "
                    "excluded.ups, latency_sum = monitor_hours.latency_sum + "
                    "excluded.latency_sum, latency_max = CASE WHEN excluded.latency_max > "
                    "monitor_hours.latency_max THEN excluded.latency_max ELSE "
                    "monitor_hours.latency_max END",
                    params);
    }

    Result<std::vector<app::MonitorHour>> Hours(MonitorTargetId id, core::TimePoint from) override {
        const std::vector<Value> params{id.value(), Millis(from) / kHourMillis * kHourMillis};
        std::vector<app::MonitorHour> hours;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT hour, checks, ups, latency_sum, latency_max FROM monitor_hours WHERE "
            "target_id = ? AND hour >= ? ORDER BY hour",
            params, [&](const RowView& row) {
                hours.push_back({Time(row, 0), static_cast<int>(row.Int(1)),
                                 static_cast<int>(row.Int(2)), row.Int(3),
                                 static_cast<int>(row.Int(4))});
            }));
        return hours;
    }

    Result<std::vector<std::pair<MonitorTargetId, app::MonitorUptime>>> Uptime(
        const std::vector<MonitorTargetId>& ids, core::TimePoint from) override {
        std::vector<std::pair<MonitorTargetId, app::MonitorUptime>> out;
        if (ids.empty()) {
            return out;
        }
        std::vector<Value> params;
        const auto list = IdList(params, ids);
        params.emplace_back(Millis(from) / kHourMillis * kHourMillis);
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT target_id, sum(checks), sum(ups) FROM monitor_hours WHERE "
                        "target_id IN ({}) AND hour >= ? GROUP BY target_id",
                        list),
            params, [&](const RowView& row) {
                out.emplace_back(MonitorTargetId{row.Int(0)},
                                 app::MonitorUptime{row.Int(1), row.Int(2)});
            }));
        return out;
    }

    Status PruneHours(core::TimePoint before) override {
        const std::vector<Value> params{Millis(before)};
        return Exec(db_, "DELETE FROM monitor_hours WHERE hour < ?", params);
    }

    Status InsertEvent(domain::MonitorEvent& event) override {
        const std::vector<Value> params{event.target.value(),
                                        Millis(event.at),
                                        std::string(domain::MonitorEventKindCode(event.kind)),
                                        event.summary_vi,
                                        event.summary_en,
                                        JoinLines(event.evidence),
                                        OptId(event.incident_id),
                                        event.actor};
        auto rows = db_.Query(
            "INSERT INTO monitor_events (target_id, at, kind, summary_vi, summary_en, evidence, "
            "incident_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        event.id = domain::MonitorEventId{InsertedId(rows)};
        return core::Ok();
    }

    Status LinkEvent(domain::MonitorEventId id, domain::IncidentId incident) override {
        const std::vector<Value> params{incident.value(), id.value()};
        return Exec(db_, "UPDATE monitor_events SET incident_id = ? WHERE id = ?", params);
    }

    Result<std::vector<domain::MonitorEvent>> Events(MonitorTargetId id, int limit) override {
        const std::vector<Value> params{id.value(), std::int64_t{limit}};
        std::vector<domain::MonitorEvent> events;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM monitor_events WHERE target_id = ? ORDER BY id DESC "
                        "LIMIT ?",
                        kEventColumns),
            params, [&](const RowView& row) { events.push_back(EventFromRow(row)); }));
        return events;
    }

private:
    static std::string Conditions(std::vector<Value>& params,
                                  const std::vector<domain::ScopeRoot>& scope,
                                  bool unrestricted,
                                  const app::MonitorFilter& filter,
                                  bool with_state) {
        std::string sql = ScopeCondition(params, scope, unrestricted, "u.path");
        if (filter.unit_id) {
            sql += " AND " + SubtreeCondition(params, "u.path", *filter.unit_id);
        }
        if (with_state && filter.state) {
            sql += " AND t.enabled <> 0 AND t.state = ?";
            params.emplace_back(std::string(domain::SiteStateCode(*filter.state)));
        }
        if (with_state && filter.with_findings) {
            sql += " AND t.findings <> ''";
        }
        return sql;
    }

    Connection& db_;
};

}  // namespace

std::unique_ptr<app::MonitorRepository> MakeSqlMonitorRepository(Connection& db) {
    return std::make_unique<SqlMonitorRepository>(db);
}

}  // namespace ungcuu::storage
