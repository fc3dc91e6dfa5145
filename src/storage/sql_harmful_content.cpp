// The harmful-content register (migration 0024): cases, their evidence (joined with the files'
// scans) and takedown requests.
#include <fmt/format.h>

#include "storage/sql_detection.hpp"
#include "storage/sql_file_scans.hpp"
#include "storage/sql_helpers.hpp"
#include "storage/sql_repositories.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;
using domain::HarmfulCase;
using domain::HarmfulCaseId;

constexpr std::string_view kCaseColumns =
    "c.id, c.unit_id, u.path, u.name_vi, c.location, c.platform, c.category, c.title, "
    "c.description, c.first_seen, c.state, c.handed_to, c.handed_at, c.handover_ref, "
    "c.source_incident_id, c.malware_incident_id, c.created_by, c.created_at, c.updated_at";
constexpr std::string_view kCaseFrom = "harmful_cases c JOIN units u ON u.id = c.unit_id";

std::optional<domain::IncidentId> OptIncident(const RowView& row, std::size_t column) {
    return row.IsNull(column) ? std::nullopt : std::optional<domain::IncidentId>(row.Int(column));
}

Value OptIncidentValue(const std::optional<domain::IncidentId>& id) {
    return id ? Value{id->value()} : Value{nullptr};
}

HarmfulCase CaseFromRow(const RowView& row) {
    HarmfulCase c;
    c.id = HarmfulCaseId{row.Int(0)};
    c.unit_id = domain::UnitId{row.Int(1)};
    c.unit_path = row.String(2);
    c.unit_name = row.String(3);
    c.location = row.String(4);
    c.platform =
        domain::ParseContentPlatform(row.Text(5)).value_or(domain::ContentPlatform::kOther);
    c.category =
        domain::ParseContentCategory(row.Text(6)).value_or(domain::ContentCategory::kOther);
    c.title = row.String(7);
    c.description = row.String(8);
    c.first_seen = Time(row, 9);
    c.state = domain::ParseCaseState(row.Text(10)).value_or(domain::CaseState::kOpen);
    c.handed_to = row.String(11);
    c.handed_at = OptTime(row, 12);
    c.handover_ref = row.String(13);
    c.source_incident = OptIncident(row, 14);
    c.malware_incident = OptIncident(row, 15);
    c.created_by = row.String(16);
    c.created_at = Time(row, 17);
    c.updated_at = Time(row, 18);
    return c;
}

// The columns an insert and an update write, in this order.
void AppendCaseFields(std::vector<Value>& params, const HarmfulCase& c) {
    params.emplace_back(c.unit_id.value());
    params.emplace_back(c.location);
    params.emplace_back(std::string(domain::ContentPlatformCode(c.platform)));
    params.emplace_back(std::string(domain::ContentCategoryCode(c.category)));
    params.emplace_back(c.title);
    params.emplace_back(c.description);
    params.emplace_back(Millis(c.first_seen));
    params.emplace_back(std::string(domain::CaseStateCode(c.state)));
    params.emplace_back(c.handed_to);
    params.emplace_back(OptMillis(c.handed_at));
    params.emplace_back(c.handover_ref);
    params.emplace_back(OptIncidentValue(c.source_incident));
    params.emplace_back(OptIncidentValue(c.malware_incident));
    params.emplace_back(domain::CaseSearchText(c));
    params.emplace_back(Millis(c.updated_at));
}

constexpr std::string_view kCaseFields =
    "unit_id, location, platform, category, title, description, first_seen, state, handed_to, "
    "handed_at, handover_ref, source_incident_id, malware_incident_id, search_text, updated_at";

std::string Conditions(std::vector<Value>& params,
                       const std::vector<domain::ScopeRoot>& scope,
                       bool unrestricted,
                       const app::CaseFilter& filter) {
    std::string sql = ScopeCondition(params, scope, unrestricted, "u.path");
    if (filter.unit_id) {
        sql += " AND " + SubtreeCondition(params, "u.path", *filter.unit_id);
    }
    if (filter.state) {
        sql += " AND c.state = ?";
        params.emplace_back(std::string(domain::CaseStateCode(*filter.state)));
    }
    if (filter.category) {
        sql += " AND c.category = ?";
        params.emplace_back(std::string(domain::ContentCategoryCode(*filter.category)));
    }
    if (filter.platform) {
        sql += " AND c.platform = ?";
        params.emplace_back(std::string(domain::ContentPlatformCode(*filter.platform)));
    }
    if (filter.seen_from) {
        sql += " AND c.first_seen >= ?";
        params.emplace_back(Millis(*filter.seen_from));
    }
    if (filter.seen_to) {
        sql += " AND c.first_seen < ?";
        params.emplace_back(Millis(*filter.seen_to));
    }
    std::string_view words = filter.q;
    while (!words.empty()) {
        const auto space = words.find(' ');
        const auto word = words.substr(0, space);
        if (!word.empty()) {
            sql += " AND c.search_text LIKE ? ESCAPE '\\'";
            params.emplace_back(LikeContains(word));
        }
        words = space == std::string_view::npos ? std::string_view{} : words.substr(space + 1);
    }
    return sql;
}

constexpr std::string_view kTakedownColumns =
    "id, case_id, recipient, channel, reference, sent_at, status, answered_at, note, created_by";

domain::Takedown TakedownFromRow(const RowView& row) {
    domain::Takedown t;
    t.id = domain::TakedownId{row.Int(0)};
    t.case_id = HarmfulCaseId{row.Int(1)};
    t.recipient = row.String(2);
    t.channel = row.String(3);
    t.reference = row.String(4);
    t.sent_at = Time(row, 5);
    t.status = domain::ParseTakedownStatus(row.Text(6)).value_or(domain::TakedownStatus::kSent);
    t.answered_at = OptTime(row, 7);
    t.note = row.String(8);
    t.created_by = row.String(9);
    return t;
}

class SqlHarmfulContentRepository final : public app::HarmfulContentRepository {
public:
    explicit SqlHarmfulContentRepository(Connection& db) : db_(db) {}

    Result<HarmfulCase> Insert(HarmfulCase c) override {
        std::vector<Value> params;
        AppendCaseFields(params, c);
        params.emplace_back(c.created_by);
        params.emplace_back(Millis(c.created_at));
        auto rows = db_.Query(fmt::format("INSERT INTO harmful_cases ({}, created_by, created_at) "
                                          "VALUES ({}?, ?) RETURNING id",
                                          kCaseFields, Placeholders(15)),
                              params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        return Get(HarmfulCaseId{InsertedId(rows)});
    }

    Status Update(const HarmfulCase& c) override {
        std::vector<Value> params;
        AppendCaseFields(params, c);
        params.emplace_back(c.id.value());
        return ExpectOneRow(
            db_.Execute("UPDATE harmful_cases SET unit_id = ?, location = ?, platform = ?, "
                        "category = ?, title = ?, description = ?, first_seen = ?, state = ?, "
                        "handed_to = ?, handed_at = ?, handover_ref = ?, source_incident_id = ?, "
                        "malware_incident_id = ?, search_text = ?, updated_at = ? WHERE id = ?",
                        params),
            "vụ việc");
    }

    Result<HarmfulCase> Get(HarmfulCaseId id) override {
        const Value params[] = {id.value()};
        return QueryOne(
            db_, fmt::format("SELECT {} FROM {} WHERE c.id = ?", kCaseColumns, kCaseFrom), params,
            CaseFromRow,
            core::NotFound("Không tìm thấy vụ việc nội dung xấu độc.", "Case not found."));
    }

    Result<std::vector<HarmfulCase>> List(const std::vector<domain::ScopeRoot>& scope,
                                          bool unrestricted,
                                          const app::CaseFilter& filter) override {
        std::vector<Value> params;
        const auto where = Conditions(params, scope, unrestricted, filter);
        params.emplace_back(std::int64_t{filter.limit});
        params.emplace_back(std::int64_t{filter.offset});
        std::vector<HarmfulCase> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} WHERE {} ORDER BY c.first_seen DESC, c.id DESC LIMIT "
                        "? OFFSET ?",
                        kCaseColumns, kCaseFrom, where),
            params, [&out](const RowView& row) { out.push_back(CaseFromRow(row)); }));
        return out;
    }

    Result<std::int64_t> Count(const std::vector<domain::ScopeRoot>& scope,
                               bool unrestricted,
                               const app::CaseFilter& filter) override {
        std::vector<Value> params;
        const auto where = Conditions(params, scope, unrestricted, filter);
        return QueryOne(
            db_, fmt::format("SELECT count(*) FROM {} WHERE {}", kCaseFrom, where), params,
            [](const RowView& row) { return row.Int(0); }, core::Internal("no count row"));
    }

    Result<std::optional<HarmfulCaseId>> FromIncident(domain::IncidentId incident) override {
        const Value params[] = {incident.value()};
        std::optional<HarmfulCaseId> found;
        UNGCUU_RETURN_IF_ERROR(
            db_.QueryEach("SELECT id FROM harmful_cases WHERE source_incident_id = ?", params,
                          [&found](const RowView& row) { found = HarmfulCaseId{row.Int(0)}; }));
        return found;
    }

    Result<app::CaseEvidence> InsertEvidence(app::CaseEvidence e) override {
        const Value params[] = {e.case_id.value(), e.name,     e.content_type,    e.size, e.sha256,
                                e.source_url,      e.added_by, Millis(e.added_at)};
        auto rows = db_.Query(
            "INSERT INTO harmful_case_evidence (case_id, name, content_type, size, sha256, "
            "source_url, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        e.id = domain::CaseEvidenceId{InsertedId(rows)};
        return e;
    }

    Result<std::vector<app::CaseEvidence>> Evidence(HarmfulCaseId id) override {
        const Value params[] = {id.value()};
        std::vector<app::CaseEvidence> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT e.id, e.case_id, e.name, e.content_type, e.size, e.sha256, e.source_url, "
            "e.added_by, e.added_at, " +
                std::string(kFileScanColumns) +
                " FROM harmful_case_evidence e LEFT JOIN file_scans s ON s.sha256 = e.sha256 "
                "WHERE e.case_id = ? ORDER BY e.id",
            params, [&out](const RowView& row) {
                out.push_back({domain::CaseEvidenceId{row.Int(0)}, HarmfulCaseId{row.Int(1)},
                               row.String(2), row.String(3), row.Int(4), row.String(5),
                               row.String(6), row.String(7), Time(row, 8), ReadFileScan(row, 9)});
            }));
        return out;
    }

    Result<domain::Takedown> InsertTakedown(domain::Takedown t) override {
        const Value params[] = {t.case_id.value(),
                                t.recipient,
                                t.channel,
                                t.reference,
                                Millis(t.sent_at),
                                std::string(domain::TakedownStatusCode(t.status)),
                                OptMillis(t.answered_at),
                                t.note,
                                t.created_by};
        auto rows = db_.Query(
            "INSERT INTO harmful_takedowns (case_id, recipient, channel, reference, sent_at, "
            "status, answered_at, note, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
            "id",
            params);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        t.id = domain::TakedownId{InsertedId(rows)};
        return t;
    }

    Status UpdateTakedown(const domain::Takedown& t) override {
        const Value params[] = {t.recipient,
                                t.channel,
                                t.reference,
                                Millis(t.sent_at),
                                std::string(domain::TakedownStatusCode(t.status)),
                                OptMillis(t.answered_at),
                                t.note,
                                t.id.value(),
                                t.case_id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE harmful_takedowns SET recipient = ?, channel = ?, reference = ?, "
                        "sent_at = ?, status = ?, answered_at = ?, note = ? WHERE id = ? AND "
                        "case_id = ?",
                        params),
            "yêu cầu gỡ bỏ");
    }

    Result<std::vector<domain::Takedown>> Takedowns(std::span<const HarmfulCaseId> cases) override {
        std::vector<domain::Takedown> out;
        if (cases.empty()) {
            return out;
        }
        std::vector<Value> params;
        const auto list = IdList(params, cases);
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM harmful_takedowns WHERE case_id IN ({}) ORDER BY sent_at, "
                        "id",
                        kTakedownColumns, list),
            params, [&out](const RowView& row) { out.push_back(TakedownFromRow(row)); }));
        return out;
    }

private:
    Connection& db_;
};

}  // namespace

std::unique_ptr<app::HarmfulContentRepository> MakeSqlHarmfulContentRepository(Connection& db) {
    return std::make_unique<SqlHarmfulContentRepository>(db);
}

}  // namespace ungcuu::storage
