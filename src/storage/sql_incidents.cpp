// The SQL repository of incidents (with their tasks, observables, attachments and reports),
// and the owner of the incident context's three repositories.
#include "storage/sql_incidents.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"
#include "storage/sql_file_scans.hpp"
#include "storage/sql_helpers.hpp"
#include "storage/sql_repositories.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

// ---- incidents ----------------------------------------------------------------------------

// A list limited to at most this many units reads their incidents through the unit index.
constexpr int kFewUnits = 30;

constexpr std::string_view kIncidentWritable =
    "code, unit_id, rule_set, track, state, is_open, severity, source, source_ref, dedup_key, "
    "repeat_count, title, search_key, description, reporter_name, reporter_address, "
    "reporter_position, reporter_phone, reporter_email, contact_name, contact_address, "
    "contact_position, contact_phone, contact_email, affected_text, handled, "
    "detection_methods, detection_note, notified_parties, confidential, proposals, scenarios, "
    "impacts, capacity, detected_at, received_at, acknowledged_at, capacity_exceeded_at, "
    "serious_at, escalated_at, response_ended_at, closed_at, merged_into, tracking_code, "
    "next_due_at, updated_at, plan_criteria_met, track_decision_login, track_decision_name, "
    "track_decision_reason, track_decided_at, security_signs_at, personal_data_at, "
    "handling_mode, helpers, foreign_helpers, damage_vnd";

constexpr std::string_view kIncidentColumns =
    "i.id, i.code, i.unit_id, u.path, i.rule_set, i.track, i.state, i.severity, i.source, "
    "i.source_ref, i.dedup_key, i.repeat_count, i.title, i.description, i.reporter_name, "
    "i.reporter_address, i.reporter_position, i.reporter_phone, i.reporter_email, "
    "i.contact_name, i.contact_address, i.contact_position, i.contact_phone, i.contact_email, "
    "i.affected_text, i.handled, i.detection_methods, i.detection_note, i.notified_parties, "
    "i.confidential, i.proposals, i.scenarios, i.impacts, i.capacity, i.detected_at, "
    "i.received_at, i.acknowledged_at, i.capacity_exceeded_at, i.serious_at, i.escalated_at, "
    "i.response_ended_at, i.closed_at, i.merged_into, i.tracking_code, i.version, "
    "i.created_at, i.updated_at, u.name_vi, i.next_due_at, i.plan_criteria_met, "
    "i.track_decision_login, i.track_decision_name, i.track_decision_reason, i.track_decided_at, "
    "i.security_signs_at, i.personal_data_at, i.handling_mode, i.helpers, i.foreign_helpers, "
    "i.damage_vnd, i.drill_id";

domain::Incident IncidentFromRow(const RowView& row) {
    domain::Incident i;
    i.id = domain::IncidentId{row.Int(0)};
    i.code = row.Text(1);
    i.unit_id = domain::UnitId{row.Int(2)};
    i.unit_path = row.Text(3);
    i.rule_set = row.Text(4);
    i.track =
        row.Text(5) == "serious" ? domain::IncidentTrack::kSerious : domain::IncidentTrack::kNormal;
    i.state = domain::ParseIncidentState(row.Text(6)).value_or(domain::IncidentState::kReceived);
    i.severity = domain::ParseSeverity(row.Text(7)).value_or(domain::Severity::kNormal);
    i.source = domain::ParseIncidentSource(row.Text(8)).value_or(domain::IncidentSource::kManual);
    i.source_ref = row.Text(9);
    i.dedup_key = row.Text(10);
    i.repeat_count = static_cast<int>(row.Int(11));
    i.title = row.Text(12);
    i.description = row.Text(13);
    i.reporter = {row.String(14), row.String(15), row.String(16), row.String(17), row.String(18)};
    i.contact = {row.String(19), row.String(20), row.String(21), row.String(22), row.String(23)};
    i.affected_text = row.Text(24);
    if (!row.IsNull(25)) {
        i.handled = row.Int(25) != 0;
    }
    i.detection_methods = SplitCodes(row.Text(26));
    i.detection_note = row.Text(27);
    i.notified_parties = SplitCodes(row.Text(28));
    i.confidential = row.Int(29) != 0;
    i.proposals = row.Text(30);
    i.scenarios = SplitCodes(row.Text(31));
    i.impacts = SplitCodes(row.Text(32));
    i.capacity = domain::ParseCapacity(row.Text(33)).value_or(domain::Capacity::kUnknown);
    i.detected_at = Time(row, 34);
    i.received_at = Time(row, 35);
    i.acknowledged_at = OptTime(row, 36);
    i.capacity_exceeded_at = OptTime(row, 37);
    i.serious_at = OptTime(row, 38);
    i.escalated_at = OptTime(row, 39);
    i.response_ended_at = OptTime(row, 40);
    i.closed_at = OptTime(row, 41);
    if (!row.IsNull(42)) {
        i.merged_into = domain::IncidentId{row.Int(42)};
    }
    i.tracking_code = row.Text(43);
    i.version = row.Int(44);
    i.created_at = Time(row, 45);
    i.updated_at = Time(row, 46);
    for (const auto& index : SplitCodes(row.Text(49))) {
        if (const auto n = core::ParseInt64(index)) {
            i.plan_criteria_met.push_back(static_cast<int>(*n));
        }
    }
    if (const auto decided = OptTime(row, 53)) {
        i.track_decision = domain::Incident::TrackDecision{row.String(50), row.String(51),
                                                           row.String(52), *decided};
    }
    i.security_signs_at = OptTime(row, 54);
    i.personal_data_at = OptTime(row, 55);
    i.handling_mode = domain::ParseHandlingMode(row.Text(56));
    i.helpers = SplitCodes(row.Text(57), '\n');
    i.foreign_helpers = SplitCodes(row.Text(58), '\n');
    i.damage_vnd = row.Int(59);
    if (!row.IsNull(60)) {
        i.drill_id = domain::DrillId{row.Int(60)};
    }
    return i;
}

void AppendIncidentFields(std::vector<Value>& p,
                          const domain::Incident& i,
                          std::optional<core::TimePoint> next_due_at) {
    p.emplace_back(i.code.empty() ? Value{nullptr} : Value{i.code});
    p.emplace_back(i.unit_id.value());
    p.emplace_back(i.rule_set);
    p.emplace_back(std::string(i.track == domain::IncidentTrack::kSerious ? "serious" : "normal"));
    p.emplace_back(std::string(domain::IncidentStateCode(i.state)));
    p.emplace_back(Flag(domain::IsOpen(i.state)));
    p.emplace_back(std::string(domain::SeverityCode(i.severity)));
    p.emplace_back(std::string(domain::IncidentSourceCode(i.source)));
    p.emplace_back(i.source_ref);
    p.emplace_back(i.dedup_key.empty() ? Value{nullptr} : Value{i.dedup_key});
    p.emplace_back(std::int64_t{i.repeat_count});
    p.emplace_back(i.title);
    p.emplace_back(core::FoldForSearch(i.code + " " + i.title + " " +
                                       std::string(core::CutUtf8(i.description, 500))));
    p.emplace_back(i.description);
    for (const auto* party : {&i.reporter, &i.contact}) {
        p.emplace_back(party->name);
        p.emplace_back(party->address);
        p.emplace_back(party->position);
        p.emplace_back(party->phone);
        p.emplace_back(party->email);
    }
    p.emplace_back(i.affected_text);
    p.emplace_back(i.handled ? Flag(*i.handled) : Value{nullptr});
    p.emplace_back(JoinCodes(i.detection_methods));
    p.emplace_back(i.detection_note);
    p.emplace_back(JoinCodes(i.notified_parties));
    p.emplace_back(Flag(i.confidential));
    p.emplace_back(i.proposals);
    p.emplace_back(JoinCodes(i.scenarios));
    p.emplace_back(JoinCodes(i.impacts));
    p.emplace_back(std::string(domain::CapacityCode(i.capacity)));
    p.emplace_back(Millis(i.detected_at));
    p.emplace_back(Millis(i.received_at));
    p.emplace_back(OptMillis(i.acknowledged_at));
    p.emplace_back(OptMillis(i.capacity_exceeded_at));
    p.emplace_back(OptMillis(i.serious_at));
    p.emplace_back(OptMillis(i.escalated_at));
    p.emplace_back(OptMillis(i.response_ended_at));
    p.emplace_back(OptMillis(i.closed_at));
    p.emplace_back(i.merged_into ? Value{i.merged_into->value()} : Value{nullptr});
    p.emplace_back(i.tracking_code.empty() ? Value{nullptr} : Value{i.tracking_code});
    p.emplace_back(OptMillis(next_due_at));
    p.emplace_back(Millis(i.updated_at));
    std::vector<std::string> met;
    for (const int index : i.plan_criteria_met) {
        met.push_back(std::to_string(index));
    }
    p.emplace_back(JoinCodes(met));
    const auto& decision = i.track_decision;
    p.emplace_back(decision ? decision->login : std::string());
    p.emplace_back(decision ? decision->name : std::string());
    p.emplace_back(decision ? decision->reason : std::string());
    p.emplace_back(decision ? OptMillis(decision->at) : Value{nullptr});
    p.emplace_back(OptMillis(i.security_signs_at));
    p.emplace_back(OptMillis(i.personal_data_at));
    p.emplace_back(i.handling_mode ? std::string(domain::HandlingModeCode(*i.handling_mode))
                                   : std::string());
    p.emplace_back(JoinCodes(i.helpers, '\n'));
    p.emplace_back(JoinCodes(i.foreign_helpers, '\n'));
    p.emplace_back(i.damage_vnd);
}

std::string Assignments(std::string_view columns) {
    std::string out;
    for (const auto& column : SplitCodes(columns)) {
        out += fmt::format("{}{} = ?", out.empty() ? "" : ", ", core::Trim(column));
    }
    return out;
}

domain::IncidentTask TaskFromRow(const RowView& row) {
    domain::IncidentTask t;
    t.id = domain::TaskId{row.Int(0)};
    t.incident_id = domain::IncidentId{row.Int(1)};
    t.title = row.Text(2);
    t.lead = row.Text(3);
    t.step = row.Text(4);
    if (!row.IsNull(5)) {
        t.assignee_id = domain::UserId{row.Int(5)};
    }
    t.due_at = OptTime(row, 6);
    t.done_at = OptTime(row, 7);
    t.result = row.Text(8);
    t.from_plan = row.Int(9) != 0;
    t.created_at = Time(row, 10);
    t.assignee_name = row.Text(11);
    return t;
}

constexpr std::string_view kTaskColumns =
    "t.id, t.incident_id, t.title, t.lead, t.step, t.assignee_id, t.due_at, t.done_at, "
    "t.result, t.from_plan, t.created_at, COALESCE(us.full_name, '')";

constexpr std::string_view kReportColumns =
    "id, incident_id, type, unit_id, year, seq, number, state, summary, result, "
    "requested_help, signer_name, signer_title, initial_report_id, issued_at, issued_by, "
    "signed_name, signed_sha256, signed_type, created_at";

domain::IncidentReport ReportFromRow(const RowView& row) {
    domain::IncidentReport r;
    r.id = domain::ReportId{row.Int(0)};
    r.incident_id = domain::IncidentId{row.Int(1)};
    r.type = row.Text(2);
    r.unit_id = domain::UnitId{row.Int(3)};
    r.year = static_cast<int>(row.Int(4));
    r.seq = static_cast<int>(row.Int(5));
    r.number = row.Text(6);
    r.state = row.Text(7) == "issued" ? domain::ReportState::kIssued : domain::ReportState::kDraft;
    r.summary = row.Text(8);
    r.result = row.Text(9);
    r.requested_help = row.Text(10);
    r.signer_name = row.Text(11);
    r.signer_title = row.Text(12);
    if (!row.IsNull(13)) {
        r.initial_report_id = domain::ReportId{row.Int(13)};
    }
    r.issued_at = OptTime(row, 14);
    r.issued_by = row.Text(15);
    r.signed_name = row.Text(16);
    r.signed_sha256 = row.Text(17);
    r.signed_type = row.Text(18);
    r.created_at = Time(row, 19);
    return r;
}

void AppendReportFields(std::vector<Value>& p, const domain::IncidentReport& r) {
    p.emplace_back(r.incident_id.value());
    p.emplace_back(r.type);
    p.emplace_back(r.unit_id.value());
    p.emplace_back(std::int64_t{r.year});
    p.emplace_back(std::int64_t{r.seq});
    p.emplace_back(r.number);
    p.emplace_back(std::string(domain::ReportStateCode(r.state)));
    p.emplace_back(r.summary);
    p.emplace_back(r.result);
    p.emplace_back(r.requested_help);
    p.emplace_back(r.signer_name);
    p.emplace_back(r.signer_title);
    p.emplace_back(r.initial_report_id ? Value{r.initial_report_id->value()} : Value{nullptr});
    p.emplace_back(OptMillis(r.issued_at));
    p.emplace_back(r.issued_by);
    p.emplace_back(r.signed_name);
    p.emplace_back(r.signed_sha256);
    p.emplace_back(r.signed_type);
}

constexpr std::string_view kReportWritable =
    "incident_id, type, unit_id, year, seq, number, state, summary, result, requested_help, "
    "signer_name, signer_title, initial_report_id, issued_at, issued_by, signed_name, "
    "signed_sha256, signed_type";

/// The units a list may show, and which index should lead. A unit condition covering few units
/// reads those units' incidents (unit, detected_at); a wide one (a province's scope) must not, or
/// a page of 50 would sort the whole province — there the sort key's index leads and the unit
/// check is made unindexable with a unary plus. The count of units decides, not the planner's
/// guess about a path range.
struct ListUnits {
    std::string sql;
    std::vector<Value> params;
    bool any = false;  // every unit: no condition
    bool few = false;
};

Result<ListUnits> UnitsOfList(Connection& db, const app::IncidentFilter& filter) {
    ListUnits units;
    units.sql = "SELECT id FROM units WHERE 1 = 1";
    AppendScopeFilter(units.sql, units.params, filter.scope, filter.unrestricted, "path");
    if (filter.unit_id) {
        units.sql += " AND " + SubtreeCondition(units.params, "path", *filter.unit_id);
    }
    units.any = filter.unrestricted && !filter.unit_id;
    if (!units.any) {
        UNGCUU_ASSIGN_OR_RETURN(
            counted,
            db.Query(fmt::format("SELECT COUNT(*) FROM ({} LIMIT {}) x", units.sql, kFewUnits + 1),
                     units.params));
        units.few = counted[0].Int(0) <= kFewUnits;
    }
    return units;
}

/// States, severity, source, due time and the text filter of a list.
void AppendListFilters(const app::IncidentFilter& filter,
                       std::string& sql,
                       std::vector<Value>& params) {
    const bool only_open =
        !filter.states.empty() && std::all_of(filter.states.begin(), filter.states.end(),
                                              [](auto state) { return domain::IsOpen(state); });
    if (only_open) {
        sql += " AND i.is_open = 1";  // lets an index of open incidents lead, not the state's
    }
    if (!filter.states.empty()) {
        // (A unary plus would do on SQLite, but PostgreSQL has no "+" for text.)
        sql += only_open ? " AND (i.state || '') IN (" : " AND i.state IN (";
        for (std::size_t k = 0; k < filter.states.size(); ++k) {
            sql += k == 0 ? "?" : ", ?";
            params.emplace_back(std::string(domain::IncidentStateCode(filter.states[k])));
        }
        sql += ")";
    }
    if (filter.severity) {
        sql += " AND i.severity = ?";
        params.emplace_back(std::string(domain::SeverityCode(*filter.severity)));
    }
    if (filter.source) {
        sql += " AND i.source = ?";
        params.emplace_back(std::string(domain::IncidentSourceCode(*filter.source)));
    }
    if (filter.due_before) {
        sql += " AND i.is_open = 1 AND i.next_due_at < ?";
        params.emplace_back(Millis(*filter.due_before));
    }
    if (filter.detected_from) {
        sql += " AND i.detected_at >= ?";
        params.emplace_back(Millis(*filter.detected_from));
    }
    if (filter.detected_to) {
        sql += " AND i.detected_at <= ?";
        params.emplace_back(Millis(*filter.detected_to));
    }
    if (!filter.search.empty()) {
        sql += " AND i.search_key LIKE ? ESCAPE '\\'";
        params.emplace_back(LikeContains(filter.search));
    }
}

/// The sort key, the cursor after which the page starts, and the page size.
void AppendListOrder(const app::IncidentFilter& filter,
                     bool by_scenario,
                     std::string& sql,
                     std::vector<Value>& params) {
    // With a scenario, its own copy of detected_at (indexed with the scenario) is the key.
    const char* key = by_scenario ? "sc.detected_at" : "i.detected_at";
    const char* id = by_scenario ? "sc.incident_id" : "i.id";
    bool descending = true;
    switch (filter.sort) {
        case app::IncidentSort::kDetectedDesc:
            break;
        case app::IncidentSort::kDetectedAsc:
            descending = false;
            break;
        case app::IncidentSort::kUpdatedDesc:
            key = "i.updated_at";
            id = "i.id";
            break;
        case app::IncidentSort::kDueAsc:
            // Without a clock the key is the largest value, so those come last (the
            // expression is indexed as written here); overdue ones all have a clock.
            key = filter.due_before ? "i.next_due_at"
                                    : "COALESCE(i.next_due_at, 9223372036854775807)";
            id = "i.id";
            descending = false;
            break;
    }
    if (filter.after) {  // a row value, which both engines compare with an index range
        sql += fmt::format(" AND ({0}, {1}) {2} (?, ?)", key, id, descending ? "<" : ">");
        params.emplace_back(filter.after->key);
        params.emplace_back(filter.after->id);
    }
    sql += fmt::format(" ORDER BY {0} {2}, {1} {2} LIMIT ?", key, id, descending ? "DESC" : "ASC");
    params.emplace_back(std::int64_t{filter.limit});
}

/// The systems of a page of incidents, in one query.
core::Status AttachSystems(Connection& db, std::vector<app::IncidentListRow>& rows) {
    if (rows.empty()) {
        return core::Ok();
    }
    std::string ids;
    std::vector<Value> id_params;
    for (const auto& row : rows) {
        ids += ids.empty() ? "?" : ", ?";
        id_params.emplace_back(row.incident.id.value());
    }
    return db.QueryEach(fmt::format("SELECT incident_id, system_id FROM incident_systems WHERE "
                                    "incident_id IN ({}) ORDER BY system_id",
                                    ids),
                        id_params, [&rows](const RowView& row) {
                            for (auto& out : rows) {
                                if (out.incident.id.value() == row.Int(0)) {
                                    out.incident.system_ids.emplace_back(row.Int(1));
                                }
                            }
                        });
}

class SqlIncidentRepository final : public app::IncidentRepository {
public:
    explicit SqlIncidentRepository(Connection& db) : db_(db) {}

    Result<domain::Incident> Get(domain::IncidentId id) override {
        const Value params[] = {id.value()};
        return One("i.id = ?", params);
    }

    Result<std::optional<domain::Incident>> FindOpenByDedupKey(std::string_view key) override {
        const Value params[] = {std::string(key)};
        return Maybe("i.dedup_key = ? AND i.is_open = 1", params);
    }

    Result<std::optional<domain::Incident>> FindByTrackingCode(std::string_view code) override {
        const Value params[] = {std::string(code)};
        return Maybe("i.tracking_code = ?", params);
    }

    Result<domain::Incident> Insert(domain::Incident incident) override {
        // The code is derived from the id: inserted without one (NULL), then named.
        incident.code.clear();
        std::vector<Value> params;
        AppendIncidentFields(params, incident, std::nullopt);
        params.emplace_back(Millis(incident.created_at));
        // The drill is written once, here: an exercise incident never becomes a real one.
        params.emplace_back(incident.drill_id ? Value{incident.drill_id->value()} : Value{nullptr});
        auto rows = db_.Query(
            fmt::format("INSERT INTO incidents ({}, created_at, drill_id) VALUES ({}?, ?) "
                        "RETURNING id",
                        kIncidentWritable, Placeholders(params.size() - 2)),
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        incident.id = domain::IncidentId{InsertedId(rows)};
        // An exercise incident is told apart by its code too: DT (diễn tập) instead of SC.
        incident.code = fmt::format("{}-{}-{:06}", incident.drill_id ? "DT" : "SC",
                                    YearOf(incident.created_at), incident.id.value());
        const Value rename[] = {incident.code, incident.id.value()};
        UNGCUU_RETURN_IF_ERROR(Exec(db_, "UPDATE incidents SET code = ? WHERE id = ?", rename));
        UNGCUU_RETURN_IF_ERROR(WriteChildren(incident));
        return incident;
    }

    Status Update(domain::Incident& incident, std::optional<core::TimePoint> next_due_at) override {
        std::vector<Value> params;
        AppendIncidentFields(params, incident, next_due_at);
        params.emplace_back(incident.id.value());
        params.emplace_back(incident.version);
        auto changed = db_.Execute(
            fmt::format("UPDATE incidents SET {}, version = version + 1 WHERE id = ? AND "
                        "version = ?",
                        Assignments(kIncidentWritable)),
            params);
        if (!changed.ok()) {
            return std::move(changed).error();
        }
        if (*changed == 0) {
            return core::Conflict(
                "Sự cố vừa được người khác cập nhật; tải lại trang rồi thử lại.",
                "The incident was changed by someone else; reload and try again.");
        }
        incident.version += 1;
        const Value id[] = {incident.id.value()};
        UNGCUU_RETURN_IF_ERROR(Exec(db_, "DELETE FROM incident_systems WHERE incident_id = ?", id));
        UNGCUU_RETURN_IF_ERROR(
            Exec(db_, "DELETE FROM incident_scenarios WHERE incident_id = ?", id));
        return WriteChildren(incident);
    }

    Result<std::vector<app::IncidentListRow>> List(const app::IncidentFilter& filter) override {
        UNGCUU_ASSIGN_OR_RETURN(units, UnitsOfList(db_, filter));
        const bool by_scenario = !filter.scenario.empty();
        std::string sql = fmt::format("SELECT {} FROM incidents i JOIN units u ON u.id = i.unit_id",
                                      kIncidentColumns);
        std::vector<Value> params;
        if (by_scenario) {
            sql += " JOIN incident_scenarios sc ON sc.incident_id = i.id AND sc.scenario = ?";
            params.emplace_back(filter.scenario);
        }
        sql += " WHERE 1 = 1";
        if (!units.any) {
            sql += fmt::format(" AND {}i.unit_id IN ({})", units.few ? "" : "+", units.sql);
            params.insert(params.end(), units.params.begin(), units.params.end());
        }
        AppendListFilters(filter, sql, params);
        AppendListOrder(filter, by_scenario, sql, params);
        std::vector<app::IncidentListRow> rows;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(sql, params, [&rows](const RowView& row) {
            app::IncidentListRow out;
            out.incident = IncidentFromRow(row);
            out.unit_name = row.Text(47);
            out.next_due_at = OptTime(row, 48);
            rows.push_back(std::move(out));
        }));
        UNGCUU_RETURN_IF_ERROR(AttachSystems(db_, rows));
        return rows;
    }

    Result<std::vector<domain::Incident>> DueBefore(core::TimePoint before, int limit) override {
        std::string sql = fmt::format(
            "SELECT {} FROM incidents i JOIN units u ON u.id = i.unit_id WHERE i.is_open = 1 AND "
            "i.next_due_at IS NOT NULL AND i.next_due_at < ? ORDER BY i.next_due_at LIMIT ?",
            kIncidentColumns);
        const Value params[] = {Millis(before), std::int64_t{limit}};
        std::vector<domain::Incident> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            sql, params, [&out](const RowView& row) { out.push_back(IncidentFromRow(row)); }));
        for (auto& incident : out) {
            UNGCUU_RETURN_IF_ERROR(LoadSystems(incident));
        }
        return out;
    }

    Result<std::vector<domain::Incident>> Unacknowledged(core::TimePoint since,
                                                         int limit) override {
        const Value params[] = {
            std::string(domain::IncidentStateCode(domain::IncidentState::kReceived)), Millis(since),
            std::int64_t{limit}};
        std::vector<domain::Incident> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM incidents i JOIN units u ON u.id = i.unit_id WHERE "
                        "i.state = ? AND i.received_at >= ? ORDER BY i.received_at DESC LIMIT ?",
                        kIncidentColumns),
            params, [&out](const RowView& row) { out.push_back(IncidentFromRow(row)); }));
        return out;
    }

    Status AddEvent(const domain::IncidentEvent& e) override {
        const Value params[] = {e.incident_id.value(), Millis(e.at), e.kind, e.actor,
                                e.from_state,          e.to_state,   e.note};
        return Exec(db_,
                    "INSERT INTO incident_events (incident_id, at, kind, actor, from_state, "
                    "to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    params);
    }

    Result<std::vector<domain::IncidentEvent>> Events(domain::IncidentId id) override {
        const Value params[] = {id.value()};
        std::vector<domain::IncidentEvent> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT id, incident_id, at, kind, actor, from_state, to_state, note FROM "
            "incident_events WHERE incident_id = ? ORDER BY id",
            params, [&out](const RowView& row) {
                out.push_back({domain::IncidentEventId{row.Int(0)}, domain::IncidentId{row.Int(1)},
                               Time(row, 2), row.String(3), row.String(4), row.String(5),
                               row.String(6), row.String(7)});
            }));
        return out;
    }

    Result<domain::IncidentTask> InsertTask(domain::IncidentTask task) override {
        const Value params[] = {
            task.incident_id.value(),
            task.title,
            task.lead,
            task.step,
            task.assignee_id ? Value{task.assignee_id->value()} : Value{nullptr},
            OptMillis(task.due_at),
            OptMillis(task.done_at),
            task.result,
            Flag(task.from_plan),
            Millis(task.created_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "INSERT INTO incident_tasks (incident_id, title, lead, step, assignee_id, due_at, "
                "done_at, result, from_plan, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                params));
        task.id = domain::TaskId{InsertedId(rows)};
        return task;
    }

    Status UpdateTask(const domain::IncidentTask& task) override {
        const Value params[] = {
            task.title,
            task.lead,
            task.step,
            task.assignee_id ? Value{task.assignee_id->value()} : Value{nullptr},
            OptMillis(task.due_at),
            OptMillis(task.done_at),
            task.result,
            task.id.value()};
        return ExpectOneRow(db_.Execute("UPDATE incident_tasks SET title = ?, lead = ?, step = ?, "
                                        "assignee_id = ?, due_at = ?, done_at = ?, result = ? "
                                        "WHERE id = ?",
                                        params),
                            "công việc");
    }

    Result<domain::IncidentTask> GetTask(domain::TaskId id) override {
        const Value params[] = {id.value()};
        return QueryOne(db_,
                        fmt::format("SELECT {} FROM incident_tasks t LEFT JOIN users us ON us.id "
                                    "= t.assignee_id WHERE t.id = ?",
                                    kTaskColumns),
                        params, TaskFromRow,
                        core::NotFound("Không tìm thấy công việc.", "Task not found."));
    }

    Result<std::vector<domain::IncidentTask>> Tasks(domain::IncidentId id) override {
        const Value params[] = {id.value()};
        std::vector<domain::IncidentTask> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM incident_tasks t LEFT JOIN users us ON us.id = "
                        "t.assignee_id WHERE t.incident_id = ? ORDER BY t.id",
                        kTaskColumns),
            params, [&out](const RowView& row) { out.push_back(TaskFromRow(row)); }));
        return out;
    }

    Result<bool> AddObservable(const domain::Observable& o) override {
        const Value params[] = {o.incident_id.value(),
                                std::string(domain::ObservableKindCode(o.kind)), o.value,
                                Millis(o.created_at)};
        UNGCUU_ASSIGN_OR_RETURN(changed,
                                db_.Execute("INSERT INTO incident_observables (incident_id, kind, "
                                            "value, created_at) VALUES (?, "
                                            "?, ?, ?) ON CONFLICT DO NOTHING",
                                            params));
        return changed > 0;
    }

    Result<std::vector<domain::Observable>> Observables(domain::IncidentId id) override {
        const Value params[] = {id.value()};
        std::vector<domain::Observable> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT incident_id, kind, value, created_at FROM incident_observables WHERE "
            "incident_id = ? ORDER BY created_at, kind, value",
            params, [&out](const RowView& row) {
                out.push_back(
                    {domain::IncidentId{row.Int(0)},
                     domain::ParseObservableKind(row.Text(1)).value_or(domain::ObservableKind::kIp),
                     row.String(2), Time(row, 3)});
            }));
        return out;
    }

    Result<std::vector<app::RelatedIncident>> Related(domain::IncidentId id,
                                                      const std::vector<domain::ScopeRoot>& scope,
                                                      bool unrestricted) override {
        std::string sql =
            "SELECT DISTINCT i.id, i.code, i.title, o.kind, o.value FROM incident_observables "
            "mine JOIN incident_observables o ON o.kind = mine.kind AND o.value = mine.value AND "
            "o.incident_id <> mine.incident_id JOIN incidents i ON i.id = o.incident_id JOIN "
            "units u ON u.id = i.unit_id WHERE mine.incident_id = ?";
        std::vector<Value> params{id.value()};
        AppendScopeFilter(sql, params, scope, unrestricted, "u.path");
        sql += " ORDER BY i.id DESC LIMIT 100";
        std::vector<app::RelatedIncident> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(sql, params, [&out](const RowView& row) {
            out.push_back({domain::IncidentId{row.Int(0)}, row.String(1), row.String(2),
                           row.String(3), row.String(4)});
        }));
        return out;
    }

    Result<domain::IncidentAttachment> InsertAttachment(domain::IncidentAttachment a) override {
        const Value params[] = {
            a.incident_id.value(), a.name, a.content_type, a.size, a.sha256, a.uploaded_by,
            Millis(a.uploaded_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "INSERT INTO incident_attachments (incident_id, name, content_type, size, sha256, "
                "uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                params));
        a.id = domain::AttachmentId{InsertedId(rows)};
        return a;
    }

    Result<std::vector<domain::IncidentAttachment>> Attachments(domain::IncidentId id) override {
        const Value params[] = {id.value()};
        std::vector<domain::IncidentAttachment> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT a.id, a.incident_id, a.name, a.content_type, a.size, a.sha256, a.uploaded_by, "
            "a.uploaded_at, " +
                std::string(kFileScanColumns) +
                " FROM incident_attachments a LEFT JOIN file_scans s ON s.sha256 = a.sha256 "
                "WHERE a.incident_id = ? ORDER BY a.id",
            params, [&out](const RowView& row) {
                out.push_back({domain::AttachmentId{row.Int(0)}, domain::IncidentId{row.Int(1)},
                               row.String(2), row.String(3), row.Int(4), row.String(5),
                               row.String(6), Time(row, 7), ReadFileScan(row, 8)});
            }));
        return out;
    }

    Result<domain::IncidentReport> InsertReport(domain::IncidentReport report) override {
        std::vector<Value> params;
        AppendReportFields(params, report);
        params.emplace_back(Millis(report.created_at));
        auto rows = db_.Query(fmt::format("INSERT INTO incident_reports ({}, created_at) VALUES "
                                          "({}?) RETURNING id",
                                          kReportWritable, Placeholders(params.size() - 1)),
                              params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        report.id = domain::ReportId{InsertedId(rows)};
        return report;
    }

    Status UpdateReport(const domain::IncidentReport& report) override {
        std::vector<Value> params;
        AppendReportFields(params, report);
        params.emplace_back(report.id.value());
        return ExpectOneRow(db_.Execute(fmt::format("UPDATE incident_reports SET {} WHERE id = ?",
                                                    Assignments(kReportWritable)),
                                        params),
                            "báo cáo");
    }

    Result<domain::IncidentReport> GetReport(domain::ReportId id) override {
        const Value params[] = {id.value()};
        return QueryOne(
            db_, fmt::format("SELECT {} FROM incident_reports WHERE id = ?", kReportColumns),
            params, ReportFromRow, core::NotFound("Không tìm thấy báo cáo.", "Report not found."));
    }

    Result<std::vector<domain::IncidentReport>> Reports(domain::IncidentId id) override {
        const Value params[] = {id.value()};
        std::vector<domain::IncidentReport> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM incident_reports WHERE incident_id = ? ORDER BY id",
                        kReportColumns),
            params, [&out](const RowView& row) { out.push_back(ReportFromRow(row)); }));
        return out;
    }

    Result<int> NextReportSeq(domain::UnitId unit, int year) override {
        const Value params[] = {unit.value(), std::int64_t{year}};
        UNGCUU_ASSIGN_OR_RETURN(rows, db_.Query("SELECT COALESCE(MAX(seq), 0) + 1 FROM "
                                                "incident_reports WHERE unit_id = ? AND year = ?",
                                                params));
        return static_cast<int>((rows)[0].Int(0));
    }

private:
    static int YearOf(core::TimePoint time) {
        return static_cast<int>(std::chrono::year_month_day(core::LocalDate(time)).year());
    }

    Result<domain::Incident> One(std::string_view where, std::span<const Value> params) {
        UNGCUU_ASSIGN_OR_RETURN(found, Maybe(where, params));
        if (!found) {
            return core::NotFound("Không tìm thấy sự cố.", "Incident not found.");
        }
        return std::move(*found);
    }

    Result<std::optional<domain::Incident>> Maybe(std::string_view where,
                                                  std::span<const Value> params) {
        std::optional<domain::Incident> found;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM incidents i JOIN units u ON u.id = i.unit_id WHERE {} "
                        "LIMIT 1",
                        kIncidentColumns, where),
            params, [&found](const RowView& row) { found = IncidentFromRow(row); }));
        if (found) {
            UNGCUU_RETURN_IF_ERROR(LoadSystems(*found));
        }
        return found;
    }

    Status LoadSystems(domain::Incident& incident) {
        const Value params[] = {incident.id.value()};
        incident.system_ids.clear();
        return db_.QueryEach(
            "SELECT system_id FROM incident_systems WHERE incident_id = ? ORDER BY system_id",
            params,
            [&incident](const RowView& row) { incident.system_ids.emplace_back(row.Int(0)); });
    }

    Status WriteChildren(const domain::Incident& incident) {
        for (const auto system : incident.system_ids) {
            const Value params[] = {incident.id.value(), system.value()};
            UNGCUU_RETURN_IF_ERROR(Exec(db_,
                                        "INSERT INTO incident_systems (incident_id, system_id) "
                                        "VALUES (?, ?) ON CONFLICT DO NOTHING",
                                        params));
        }
        for (const auto& scenario : incident.scenarios) {
            const Value params[] = {incident.id.value(), scenario, Millis(incident.detected_at)};
            UNGCUU_RETURN_IF_ERROR(Exec(db_,
                                        "INSERT INTO incident_scenarios (incident_id, scenario, "
                                        "detected_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                        params));
        }
        return core::Ok();
    }

    Connection& db_;
};

}  // namespace

struct SqlIncidentRepositories::Impl {
    explicit Impl(Connection& db)
        : incidents(db), outbox(MakeSqlOutboxRepository(db)), plans(MakeSqlPlanRepository(db)) {}

    SqlIncidentRepository incidents;
    std::unique_ptr<app::OutboxRepository> outbox;
    std::unique_ptr<app::PlanRepository> plans;
};

SqlIncidentRepositories::SqlIncidentRepositories(Connection& db)
    : impl_(std::make_unique<Impl>(db)) {}

SqlIncidentRepositories::~SqlIncidentRepositories() = default;

app::IncidentRepository& SqlIncidentRepositories::incidents() { return impl_->incidents; }

app::OutboxRepository& SqlIncidentRepositories::outbox() { return *impl_->outbox; }

app::PlanRepository& SqlIncidentRepositories::plans() { return *impl_->plans; }

}  // namespace ungcuu::storage
