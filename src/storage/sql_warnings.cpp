// SQL repository of warnings: the warning and its target, its indicators (one row each, indexed
// by kind and value so incidents' observables meet them), the items that must answer and the
// reminders and overdue notices sent about them.
#include <fmt/format.h>

#include "storage/sql_helpers.hpp"
#include "storage/sql_network.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

constexpr std::string_view kWarningColumns =
    "w.id, w.issuer_unit_id, iu.name_vi, iu.path, w.parent_id, w.title, w.severity, "
    "w.description, w.actions, w.deadline, w.refs, w.tlp, w.target_unit_id, tu.name_vi, "
    "w.target_kinds, w.trait_os, w.trait_vendor, w.trait_software, w.trait_services, "
    "w.trait_min_level, w.issued_at, w.issued_by, w.withdrawn_at, w.origin_peer_id, w.origin_name";

constexpr std::string_view kWarningFrom =
    "warnings w JOIN units iu ON iu.id = w.issuer_unit_id JOIN units tu ON tu.id = "
    "w.target_unit_id";

domain::Warning WarningFromRow(const RowView& row) {
    domain::Warning w;
    w.id = domain::WarningId{row.Int(0)};
    w.issuer = domain::UnitId{row.Int(1)};
    w.issuer_name = row.String(2);
    w.issuer_path = row.String(3);
    if (!row.IsNull(4)) {
        w.parent = domain::WarningId{row.Int(4)};
    }
    w.title = row.String(5);
    w.severity =
        domain::ParseWarningSeverity(row.Text(6)).value_or(domain::WarningSeverity::kMedium);
    w.description = row.String(7);
    w.actions = row.String(8);
    w.deadline = Time(row, 9);
    w.references = SplitCodes(row.Text(10), '\n');
    w.tlp = domain::ParseTlp(row.Text(11)).value_or(domain::Tlp::kAmber);
    w.target.root = domain::UnitId{row.Int(12)};
    w.target_name = row.String(13);
    for (const auto& code : SplitCodes(row.Text(14))) {
        if (const auto kind = domain::ParseUnitKind(code)) {
            w.target.kinds.push_back(*kind);
        }
    }
    w.target.traits.operating_system = row.String(15);
    w.target.traits.vendor = row.String(16);
    w.target.traits.software = row.String(17);
    w.target.traits.services = SplitCodes(row.Text(18));
    if (!row.IsNull(19)) {
        w.target.traits.min_level = static_cast<int>(row.Int(19));
    }
    w.issued_at = Time(row, 20);
    w.issued_by = row.String(21);
    w.withdrawn_at = OptTime(row, 22);
    if (!row.IsNull(23)) {
        w.origin_peer = domain::PeerId{row.Int(23)};
    }
    w.origin_name = row.String(24);
    return w;
}

constexpr std::string_view kItemColumns =
    "i.id, i.warning_id, i.unit_id, u.name_vi, u.path, i.system_id, s.code, s.name_vi, i.answer, "
    "i.evidence, i.answered_at, i.answered_by";

constexpr std::string_view kItemFrom =
    "warning_items i JOIN units u ON u.id = i.unit_id LEFT JOIN systems s ON s.id = i.system_id";

domain::WarningItem ItemFromRow(const RowView& row) {
    domain::WarningItem item;
    item.id = domain::WarningItemId{row.Int(0)};
    item.warning_id = domain::WarningId{row.Int(1)};
    item.unit = domain::UnitId{row.Int(2)};
    item.unit_name = row.String(3);
    item.unit_path = row.String(4);
    if (!row.IsNull(5)) {
        item.system = domain::SystemId{row.Int(5)};
        item.system_name = fmt::format("{} — {}", row.Text(6), row.Text(7));
    }
    if (!row.IsNull(8)) {
        item.answer = domain::ParseWarningAnswer(row.Text(8));
    }
    item.evidence = row.String(9);
    item.answered_at = OptTime(row, 10);
    item.answered_by = row.String(11);
    return item;
}

constexpr std::string_view kNoticeColumns =
    "n.id, n.warning_id, w.title, n.unit_id, n.about_unit_id, au.name_vi, n.kind, n.created_at, "
    "n.body, n.email, n.email_state, n.email_attempts, n.email_next_at, n.email_error";

constexpr std::string_view kNoticeFrom =
    "warning_notices n JOIN warnings w ON w.id = n.warning_id JOIN units au ON au.id = "
    "n.about_unit_id";

domain::WarningNotice NoticeFromRow(const RowView& row) {
    domain::WarningNotice n;
    n.id = domain::WarningNoticeId{row.Int(0)};
    n.warning_id = domain::WarningId{row.Int(1)};
    n.warning_title = row.String(2);
    n.unit = domain::UnitId{row.Int(3)};
    n.about = domain::UnitId{row.Int(4)};
    n.about_name = row.String(5);
    n.kind =
        domain::ParseWarningNoticeKind(row.Text(6)).value_or(domain::WarningNoticeKind::kReminder);
    n.created_at = Time(row, 7);
    n.body = row.String(8);
    n.email = row.String(9);
    n.mail.state = row.String(10);
    n.mail.attempts = static_cast<int>(row.Int(11));
    n.mail.next_at = OptTime(row, 12);
    n.mail.error = row.String(13);
    return n;
}

/// Candidate matches of indicators and observables: the same kind and value, or a URL under a
/// domain indicator (confirmed by the caller against the URL's host).
constexpr std::string_view kIndicatorMeetsObservable =
    "(o.kind = x.kind AND o.value = x.value) OR (x.kind = 'domain' AND o.kind = 'url' AND "
    "(o.value LIKE 'http://' || x.value || '%' OR o.value LIKE 'https://' || x.value || '%'))";

domain::Observable ObservableFromRow(const RowView& row) {
    domain::Observable o;
    o.incident_id = domain::IncidentId{row.Int(0)};
    o.kind = domain::ParseObservableKind(row.Text(1)).value_or(domain::ObservableKind::kIp);
    o.value = row.String(2);
    o.created_at = Time(row, 3);
    return o;
}

class SqlWarningRepository final : public app::WarningRepository {
public:
    explicit SqlWarningRepository(Connection& db) : db_(db) {}

    Result<domain::Warning> Insert(domain::Warning w) override {
        std::vector<std::string> kinds;
        for (const auto kind : w.target.kinds) {
            kinds.emplace_back(domain::UnitKindCode(kind));
        }
        const auto& traits = w.target.traits;
        const Value params[] = {
            w.issuer.value(),
            w.parent ? Value{w.parent->value()} : Value{nullptr},
            w.title,
            std::string(domain::WarningSeverityCode(w.severity)),
            w.description,
            w.actions,
            Millis(w.deadline),
            JoinCodes(w.references, '\n'),
            std::string(domain::TlpCode(w.tlp)),
            w.target.root.value(),
            JoinCodes(kinds),
            traits.operating_system,
            traits.vendor,
            traits.software,
            JoinCodes(traits.services),
            traits.min_level ? Value{std::int64_t{*traits.min_level}} : Value{nullptr},
            Millis(w.issued_at),
            w.issued_by,
            w.origin_peer ? Value{w.origin_peer->value()} : Value{nullptr},
            w.origin_name,
            w.sigma_rules};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "INSERT INTO warnings (issuer_unit_id, parent_id, title, severity, "
                "description, actions, deadline, refs, tlp, target_unit_id, target_kinds, "
                "trait_os, trait_vendor, trait_software, trait_services, trait_min_level, "
                "issued_at, issued_by, origin_peer_id, origin_name, sigma_rules) VALUES (?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                params));
        w.id = domain::WarningId{InsertedId(rows)};
        for (const auto& indicator : w.indicators) {
            const Value row[] = {w.id.value(),
                                 std::string(domain::ObservableKindCode(indicator.kind)),
                                 indicator.value};
            UNGCUU_RETURN_IF_ERROR(Exec(
                db_, "INSERT INTO warning_indicators (warning_id, kind, value) VALUES (?, ?, ?)",
                row));
        }
        return Get(w.id);
    }

    Result<domain::Warning> Get(domain::WarningId id) override {
        const Value params[] = {id.value()};
        UNGCUU_ASSIGN_OR_RETURN(
            warning,
            QueryOne(db_,
                     fmt::format("SELECT {} FROM {} WHERE w.id = ?", kWarningColumns, kWarningFrom),
                     params, WarningFromRow,
                     core::NotFound("Không tìm thấy cảnh báo.", "Warning not found.")));
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT kind, value FROM warning_indicators WHERE warning_id = ? ORDER BY kind, value",
            params, [&warning](const RowView& row) {
                if (const auto kind = domain::ParseObservableKind(row.Text(0))) {
                    warning.indicators.push_back({*kind, row.String(1)});
                }
            }));
        UNGCUU_RETURN_IF_ERROR(
            db_.QueryEach("SELECT sigma_rules FROM warnings WHERE id = ?", params,
                          [&warning](const RowView& row) { warning.sigma_rules = row.String(0); }));
        return warning;
    }

    Result<std::vector<domain::Warning>> WithRules(core::TimePoint deadline_from,
                                                   int limit) override {
        const Value params[] = {Millis(deadline_from), std::int64_t{limit}};
        std::vector<domain::Warning> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {}, w.sigma_rules FROM {} WHERE w.withdrawn_at IS NULL AND "
                        "w.sigma_rules <> '' AND w.deadline >= ? ORDER BY w.id LIMIT ?",
                        kWarningColumns, kWarningFrom),
            params, [&out](const RowView& row) {
                out.push_back(WarningFromRow(row));
                out.back().sigma_rules = row.String(25);
            }));
        return out;
    }

    Status Withdraw(domain::WarningId id, core::TimePoint at) override {
        const Value params[] = {Millis(at), id.value()};
        return ExpectOneRow(
            db_.Execute(
                "UPDATE warnings SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL",
                params),
            "cảnh báo");
    }

    Result<std::vector<domain::Warning>> List(const std::vector<domain::ScopeRoot>& scope,
                                              bool unrestricted,
                                              int limit) override {
        std::vector<Value> params;
        const std::string own = ScopeCondition(params, scope, unrestricted, "iu.path");
        const std::string received = ScopeCondition(params, scope, unrestricted, "ru.path");
        params.emplace_back(std::int64_t{limit});
        std::vector<domain::Warning> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} WHERE {} OR EXISTS (SELECT 1 FROM warning_items ri "
                        "JOIN units ru ON ru.id = ri.unit_id WHERE ri.warning_id = w.id AND {}) "
                        "ORDER BY w.issued_at DESC, w.id DESC LIMIT ?",
                        kWarningColumns, kWarningFrom, own, received),
            params, [&out](const RowView& row) { out.push_back(WarningFromRow(row)); }));
        return out;
    }

    Result<std::vector<domain::Warning>> Children(domain::WarningId id) override {
        const Value params[] = {id.value()};
        std::vector<domain::Warning> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} WHERE w.parent_id = ? ORDER BY w.id LIMIT 1000",
                        kWarningColumns, kWarningFrom),
            params, [&out](const RowView& row) { out.push_back(WarningFromRow(row)); }));
        return out;
    }

    Status InsertItems(domain::WarningId id,
                       const std::vector<domain::WarningItem>& items) override {
        for (const auto& item : items) {
            const Value params[] = {id.value(), item.unit.value(),
                                    item.system ? Value{item.system->value()} : Value{nullptr}};
            UNGCUU_RETURN_IF_ERROR(Exec(
                db_, "INSERT INTO warning_items (warning_id, unit_id, system_id) VALUES (?, ?, ?)",
                params));
        }
        return core::Ok();
    }

    Result<std::vector<domain::WarningItem>> Items(domain::WarningId id) override {
        const Value params[] = {id.value()};
        std::vector<domain::WarningItem> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} WHERE i.warning_id = ? ORDER BY u.path, i.system_id, "
                        "i.id",
                        kItemColumns, kItemFrom),
            params, [&out](const RowView& row) { out.push_back(ItemFromRow(row)); }));
        return out;
    }

    Result<domain::WarningItem> GetItem(domain::WarningItemId id) override {
        const Value params[] = {id.value()};
        return QueryOne(
            db_, fmt::format("SELECT {} FROM {} WHERE i.id = ?", kItemColumns, kItemFrom), params,
            ItemFromRow, core::NotFound("Không tìm thấy mục cần trả lời.", "Item not found."));
    }

    Status SaveAnswer(const domain::WarningItem& item) override {
        const Value params[] = {
            item.answer ? Value{std::string(domain::WarningAnswerCode(*item.answer))}
                        : Value{nullptr},
            item.evidence, OptMillis(item.answered_at), item.answered_by, item.id.value()};
        return ExpectOneRow(db_.Execute("UPDATE warning_items SET answer = ?, evidence = ?, "
                                        "answered_at = ?, answered_by = ? WHERE id = ?",
                                        params),
                            "mục cần trả lời");
    }

    Result<std::vector<domain::Warning>> DeadlinesBetween(core::TimePoint from,
                                                          core::TimePoint until,
                                                          int limit) override {
        const Value params[] = {Millis(from), Millis(until), std::int64_t{limit}};
        std::vector<domain::Warning> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} WHERE w.withdrawn_at IS NULL AND w.deadline >= ? AND "
                        "w.deadline < ? ORDER BY w.deadline, w.id LIMIT ?",
                        kWarningColumns, kWarningFrom),
            params, [&out](const RowView& row) { out.push_back(WarningFromRow(row)); }));
        return out;
    }

    Result<bool> InsertNotice(domain::WarningNotice& n) override {
        const Value exists[] = {n.warning_id.value(), n.about.value(),
                                std::string(domain::WarningNoticeKindCode(n.kind))};
        UNGCUU_ASSIGN_OR_RETURN(found,
                                db_.Query("SELECT id FROM warning_notices WHERE warning_id = ? AND "
                                          "about_unit_id = ? AND kind = ?",
                                          exists));
        if (!found.empty()) {
            return false;
        }
        const Value params[] = {n.warning_id.value(),
                                n.unit.value(),
                                n.about.value(),
                                std::string(domain::WarningNoticeKindCode(n.kind)),
                                Millis(n.created_at),
                                n.body,
                                n.email,
                                n.mail.state,
                                OptMillis(n.mail.next_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query("INSERT INTO warning_notices (warning_id, unit_id, about_unit_id, kind, "
                      "created_at, body, email, email_state, email_next_at) VALUES (?, ?, "
                      "?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      params));
        n.id = domain::WarningNoticeId{InsertedId(rows)};
        return true;
    }

    Result<std::vector<domain::WarningNotice>> Notices(const std::vector<domain::ScopeRoot>& scope,
                                                       bool unrestricted,
                                                       int limit) override {
        std::vector<Value> params;
        const std::string within = ScopeCondition(params, scope, unrestricted, "ru.path");
        params.emplace_back(std::int64_t{limit});
        std::vector<domain::WarningNotice> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} JOIN units ru ON ru.id = n.unit_id WHERE {} ORDER BY "
                        "n.id DESC LIMIT ?",
                        kNoticeColumns, kNoticeFrom, within),
            params, [&out](const RowView& row) { out.push_back(NoticeFromRow(row)); }));
        return out;
    }

    Result<std::optional<domain::WarningNotice>> ClaimMailDue(core::TimePoint now,
                                                              core::TimePoint until) override {
        UNGCUU_ASSIGN_OR_RETURN(
            id, ClaimQueued(db_, "warning_notices", "email_state", "email_next_at", now, until));
        if (!id) {
            return std::optional<domain::WarningNotice>{};
        }
        const Value params[] = {*id};
        std::optional<domain::WarningNotice> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM {} WHERE n.id = ?", kNoticeColumns, kNoticeFrom), params,
            [&out](const RowView& row) { out = NoticeFromRow(row); }));
        return out;
    }

    Status UpdateNoticeMail(const domain::WarningNotice& n) override {
        const Value params[] = {n.mail.state, std::int64_t{n.mail.attempts},
                                OptMillis(n.mail.next_at), n.mail.error, n.id.value()};
        return ExpectOneRow(db_.Execute("UPDATE warning_notices SET email_state = ?, "
                                        "email_attempts = ?, email_next_at = ?, email_error = ? "
                                        "WHERE id = ?",
                                        params),
                            "thông báo");
    }

    Result<std::vector<domain::Observable>> MatchingObservables(
        domain::WarningId id,
        const std::vector<domain::ScopeRoot>& scope,
        bool unrestricted,
        int limit) override {
        std::vector<Value> params = {id.value()};
        const std::string within = ScopeCondition(params, scope, unrestricted, "u.path");
        params.emplace_back(std::int64_t{limit});
        std::vector<domain::Observable> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT DISTINCT o.incident_id, o.kind, o.value, o.created_at FROM "
                        "warning_indicators x JOIN incident_observables o ON {} JOIN incidents "
                        "inc ON inc.id = o.incident_id JOIN units u ON u.id = inc.unit_id WHERE "
                        "x.warning_id = ? AND inc.drill_id IS NULL AND {} ORDER BY o.incident_id "
                        "DESC LIMIT ?",
                        kIndicatorMeetsObservable, within),
            params, [&out](const RowView& row) { out.push_back(ObservableFromRow(row)); }));
        return out;
    }

    Result<std::vector<domain::WarningId>> MatchingWarnings(domain::IncidentId incident,
                                                            int limit) override {
        const Value params[] = {incident.value(), std::int64_t{limit}};
        std::vector<domain::WarningId> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT DISTINCT w.id FROM incident_observables o JOIN warning_indicators "
                        "x ON {} JOIN warnings w ON w.id = x.warning_id WHERE o.incident_id = ? "
                        "AND w.withdrawn_at IS NULL ORDER BY w.id DESC LIMIT ?",
                        kIndicatorMeetsObservable),
            params, [&out](const RowView& row) { out.emplace_back(row.Int(0)); }));
        return out;
    }

private:
    Connection& db_;
};

}  // namespace

std::unique_ptr<app::WarningRepository> MakeSqlWarningRepository(Connection& db) {
    return std::make_unique<SqlWarningRepository>(db);
}

}  // namespace ungcuu::storage
