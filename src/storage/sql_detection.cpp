#include "storage/sql_detection.hpp"

#include <cstdlib>

#include "storage/sql_helpers.hpp"
#include "storage/sql_repositories.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

constexpr std::string_view kAlertColumns =
    "a.id, a.unit_id, u.path, u.name_vi, a.rule_id, a.rule_title, a.level, a.group_key, a.hits, "
    "a.first_seen, a.last_seen, a.first_event_seq, a.last_event_seq, a.sample, a.incident_id, "
    "i.code, a.state, a.events, a.measure, a.subject, a.observables";
constexpr std::string_view kAlertFrom =
    "detection_alerts a JOIN units u ON u.id = a.unit_id LEFT JOIN incidents i ON i.id = "
    "a.incident_id";

// Facts as stored: one "kind<TAB>value" per line (values carry no control characters).
std::vector<app::AlertFact> FactsFromText(std::string_view text) {
    std::vector<app::AlertFact> facts;
    while (!text.empty()) {
        const auto end = std::min(text.find('\n'), text.size());
        const auto line = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        if (const auto tab = line.find('\t'); tab != std::string_view::npos) {
            facts.push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))});
        }
    }
    return facts;
}

std::string FactsToText(const std::vector<app::AlertFact>& facts) {
    std::string out;
    for (const auto& fact : facts) {
        if (!out.empty()) {
            out += '\n';
        }
        out += fact.kind;
        out += '\t';
        out += fact.value;
    }
    return out;
}

std::string MeasureText(const std::optional<double>& measure) {
    return measure ? fmt::format("{}", *measure) : std::string();
}

app::DetectionAlert AlertFromRow(const RowView& row) {
    app::DetectionAlert a;
    a.id = row.Int(0);
    a.unit_id = domain::UnitId{row.Int(1)};
    a.unit_path = row.String(2);
    a.unit_name = row.String(3);
    a.rule_id = row.String(4);
    a.rule_title = row.String(5);
    a.level = row.String(6);
    a.group_key = row.String(7);
    a.count = row.Int(8);
    a.first_seen = Time(row, 9);
    a.last_seen = Time(row, 10);
    a.first_event_seq = row.Int(11);
    a.last_event_seq = row.Int(12);
    a.sample = row.String(13);
    if (!row.IsNull(14)) {
        a.incident_id = domain::IncidentId{row.Int(14)};
    }
    a.incident_code = row.String(15);
    a.state = row.String(16);
    a.events = row.Int(17);
    if (const auto measure = row.String(18); !measure.empty()) {
        a.measure = std::strtod(measure.c_str(), nullptr);
    }
    a.subject = row.String(19);
    a.facts = FactsFromText(row.String(20));
    return a;
}

constexpr std::string_view kSourceColumns =
    "s.id, s.unit_id, u.path, u.name_vi, s.name, s.kind, s.format, s.address, s.active, "
    "s.created_at, s.path, s.follow, s.utc_offset_minutes, s.max_skew_seconds";

app::LogSource SourceFromRow(const RowView& row) {
    app::LogSource s;
    s.id = row.Int(0);
    s.unit_id = domain::UnitId{row.Int(1)};
    s.unit_path = row.String(2);
    s.unit_name = row.String(3);
    s.name = row.String(4);
    s.kind = row.String(5);
    s.format = row.String(6);
    s.address = row.String(7);
    s.active = row.Bool(8);
    s.created_at = Time(row, 9);
    s.path = row.String(10);
    s.follow = row.Bool(11);
    if (!row.IsNull(12)) {
        s.utc_offset_minutes = static_cast<std::int32_t>(row.Int(12));
    }
    s.max_skew_seconds = static_cast<std::int32_t>(row.Int(13));
    return s;
}

// The columns a source's insert and update write, in the order of SourceValues.
constexpr std::string_view kSourceWritten =
    "unit_id, name, kind, format, address, active, path, follow, utc_offset_minutes, "
    "max_skew_seconds";

std::vector<Value> SourceValues(const app::LogSource& s) {
    return {s.unit_id.value(),
            s.name,
            s.kind,
            s.format,
            s.address,
            Flag(s.active),
            s.path,
            Flag(s.follow),
            s.utc_offset_minutes ? Value{std::int64_t{*s.utc_offset_minutes}} : Value{nullptr},
            std::int64_t{s.max_skew_seconds}};
}

Value IncidentOf(const app::DetectionAlert& a) {
    return a.incident_id ? Value{a.incident_id->value()} : Value{nullptr};
}

}  // namespace

class SqlDetectionRepository final : public app::DetectionRepository {
public:
    explicit SqlDetectionRepository(Connection& db) : db_(db) {}

    Result<std::optional<app::DetectionAlert>> FindOngoingAlert(domain::UnitId unit,
                                                                std::string_view rule_id,
                                                                std::string_view group_key,
                                                                core::TimePoint since) override {
        const Value params[] = {unit.value(), std::string(rule_id), std::string(group_key),
                                Millis(since)};
        std::optional<app::DetectionAlert> found;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} WHERE a.unit_id = ? AND a.rule_id = ? AND a.group_key "
                        "= ? AND a.last_seen >= ? AND a.state <> 'dismissed' ORDER BY a.id DESC "
                        "LIMIT 1",
                        kAlertColumns, kAlertFrom),
            params, [&found](const RowView& row) { found = AlertFromRow(row); }));
        return found;
    }

    Result<app::DetectionAlert> InsertAlert(app::DetectionAlert a) override {
        const Value params[] = {a.unit_id.value(),
                                a.rule_id,
                                a.rule_title,
                                a.level,
                                a.group_key,
                                a.count,
                                Millis(a.first_seen),
                                Millis(a.last_seen),
                                a.first_event_seq,
                                a.last_event_seq,
                                a.sample,
                                IncidentOf(a),
                                a.state,
                                a.events,
                                MeasureText(a.measure),
                                a.subject,
                                FactsToText(a.facts)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO detection_alerts (unit_id, rule_id, rule_title, level, "
                            "group_key, hits, "
                            "first_seen, last_seen, first_event_seq, last_event_seq, sample, "
                            "incident_id, state, events, measure, subject, observables) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id",
                            params));
        a.id = InsertedId(rows);
        return a;
    }

    Status UpdateAlert(const app::DetectionAlert& a) override {
        const Value params[] = {a.count,  Millis(a.last_seen),    a.last_event_seq,
                                a.sample, IncidentOf(a),          a.state,
                                a.events, MeasureText(a.measure), FactsToText(a.facts),
                                a.id};
        return ExpectOneRow(
            db_.Execute("UPDATE detection_alerts SET hits = ?, last_seen = ?, last_event_seq = ?, "
                        "sample = ?, incident_id = ?, state = ?, events = ?, measure = ?, "
                        "observables = ? WHERE id = ?",
                        params),
            "cảnh báo");
    }

    Result<app::DetectionAlert> GetAlert(std::int64_t id) override {
        const Value params[] = {id};
        return QueryOne(
            db_, fmt::format("SELECT {} FROM {} WHERE a.id = ?", kAlertColumns, kAlertFrom), params,
            AlertFromRow, core::NotFound("Không tìm thấy cảnh báo.", "Alert not found."));
    }

    Result<std::optional<app::DetectionAlert>> FindPromotedAlert(domain::UnitId unit,
                                                                 std::string_view subject,
                                                                 core::TimePoint since) override {
        const Value params[] = {unit.value(), std::string(subject), Millis(since)};
        std::optional<app::DetectionAlert> found;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} WHERE a.unit_id = ? AND a.subject = ? AND a.last_seen "
                        ">= ? AND a.incident_id IS NOT NULL ORDER BY a.id DESC LIMIT 1",
                        kAlertColumns, kAlertFrom),
            params, [&found](const RowView& row) { found = AlertFromRow(row); }));
        return found;
    }

    Result<std::vector<app::DetectionAlert>> Alerts(const app::AlertFilter& filter) override {
        std::string sql = fmt::format("SELECT {} FROM {} WHERE 1 = 1", kAlertColumns, kAlertFrom);
        std::vector<Value> params;
        AppendScopeFilter(sql, params, filter.scope, filter.unrestricted, "u.path");
        if (filter.unit_id) {
            sql += " AND " + SubtreeCondition(params, "u.path", *filter.unit_id);
        }
        if (!filter.state.empty()) {
            sql += " AND a.state = ?";
            params.emplace_back(filter.state);
        }
        if (!filter.rule_id.empty()) {
            sql += " AND a.rule_id = ?";
            params.emplace_back(filter.rule_id);
        }
        if (filter.before_id) {
            sql += " AND a.id < ?";
            params.emplace_back(*filter.before_id);
        }
        sql += " ORDER BY a.id DESC LIMIT ?";
        params.emplace_back(std::int64_t{filter.limit});
        std::vector<app::DetectionAlert> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            sql, params, [&out](const RowView& row) { out.push_back(AlertFromRow(row)); }));
        return out;
    }

    Result<std::vector<app::DetectionSetting>> Settings() override {
        std::vector<app::DetectionSetting> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT s.unit_id, u.path, s.rule_id, s.enabled, s.auto_open_level, u.name_vi, "
            "s.join_minutes, s.warning_rules FROM detection_settings s JOIN units u ON u.id = "
            "s.unit_id",
            {}, [&out](const RowView& row) {
                app::DetectionSetting s;
                s.unit_id = domain::UnitId{row.Int(0)};
                s.unit_path = row.String(1);
                s.rule_id = row.String(2);
                if (!row.IsNull(3)) {
                    s.enabled = row.Bool(3);
                }
                s.auto_open_level = row.String(4);
                s.unit_name = row.String(5);
                if (!row.IsNull(6)) {
                    s.join_minutes = static_cast<std::int32_t>(row.Int(6));
                }
                if (!row.IsNull(7)) {
                    s.warning_rules = row.Bool(7);
                }
                out.push_back(std::move(s));
            }));
        return out;
    }

    Status PutSetting(const app::DetectionSetting& s) override {
        const Value key[] = {s.unit_id.value(), s.rule_id};
        UNGCUU_RETURN_IF_ERROR(
            Exec(db_, "DELETE FROM detection_settings WHERE unit_id = ? AND rule_id = ?", key));
        if (!s.enabled && s.auto_open_level.empty() && !s.join_minutes && !s.warning_rules) {
            return core::Ok();  // back to inheriting
        }
        const Value params[] = {
            s.unit_id.value(),
            s.rule_id,
            s.enabled ? Value{Flag(*s.enabled)} : Value{nullptr},
            s.auto_open_level,
            s.join_minutes ? Value{std::int64_t{*s.join_minutes}} : Value{nullptr},
            s.warning_rules ? Value{Flag(*s.warning_rules)} : Value{nullptr}};
        return Exec(db_,
                    "INSERT INTO detection_settings (unit_id, rule_id, enabled, auto_open_level, "
                    "join_minutes, warning_rules) VALUES (?, ?, ?, ?, ?, ?)",
                    params);
    }

    Result<std::vector<app::LogSource>> Sources(const std::vector<domain::ScopeRoot>& scope,
                                                bool unrestricted) override {
        std::string sql =
            fmt::format("SELECT {} FROM log_sources s JOIN units u ON u.id = s.unit_id WHERE 1 = 1",
                        kSourceColumns);
        std::vector<Value> params;
        AppendScopeFilter(sql, params, scope, unrestricted, "u.path");
        sql += " ORDER BY u.path, s.name, s.id";
        std::vector<app::LogSource> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            sql, params, [&out](const RowView& row) { out.push_back(SourceFromRow(row)); }));
        return out;
    }

    Result<app::LogSource> GetSource(std::int64_t id) override {
        const Value params[] = {id};
        return QueryOne(db_,
                        fmt::format("SELECT {} FROM log_sources s JOIN units u ON u.id = "
                                    "s.unit_id WHERE s.id = ?",
                                    kSourceColumns),
                        params, SourceFromRow,
                        core::NotFound("Không tìm thấy nguồn nhật ký.", "Log source not found."));
    }

    Result<app::LogSource> InsertSource(app::LogSource s) override {
        auto params = SourceValues(s);
        params.emplace_back(Millis(s.created_at));
        auto rows = db_.Query(
            fmt::format("INSERT INTO log_sources ({}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?, ?) RETURNING id",
                        kSourceWritten),
            params);
        if (!rows.ok()) {
            return AddressTaken(std::move(rows).error(), s);
        }
        s.id = InsertedId(rows);
        return s;
    }

    Status UpdateSource(const app::LogSource& s) override {
        auto params = SourceValues(s);
        params.emplace_back(s.id);
        auto changed = db_.Execute(
            "UPDATE log_sources SET unit_id = ?, name = ?, kind = ?, format = ?, address = ?, "
            "active = ?, path = ?, follow = ?, utc_offset_minutes = ?, max_skew_seconds = ? "
            "WHERE id = ?",
            params);
        if (!changed.ok()) {
            return AddressTaken(std::move(changed).error(), s);
        }
        return ExpectOneRow(std::move(changed), "nguồn nhật ký");
    }

private:
    static core::Error AddressTaken(core::Error error, const app::LogSource& s) {
        if (error.code != core::ErrorCode::kAlreadyExists) {
            return error;
        }
        if (s.kind == "file") {
            return core::Error::Make(
                core::ErrorCode::kAlreadyExists,
                fmt::format("Tệp {} đã được một nguồn nhật ký khác đọc.", s.path),
                fmt::format("File {} is already read by another log source.", s.path));
        }
        return core::Error::Make(
            core::ErrorCode::kAlreadyExists,
            fmt::format("Địa chỉ {} đã gắn với một nguồn syslog khác.", s.address),
            fmt::format("Address {} already belongs to another syslog source.", s.address));
    }

    Connection& db_;
};

SqlDetectionRepositories::SqlDetectionRepositories(Connection& db)
    : detection_(std::make_unique<SqlDetectionRepository>(db)) {}

SqlDetectionRepositories::~SqlDetectionRepositories() = default;

app::DetectionRepository& SqlDetectionRepositories::detection() { return *detection_; }

}  // namespace ungcuu::storage
