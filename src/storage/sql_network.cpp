// SQL repository of the network context: member profiles, contact notices, coordination orders
// and their tasks.
#include "storage/sql_network.hpp"

#include <fmt/format.h>

#include "storage/sql_helpers.hpp"
#include "storage/sql_repositories.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

constexpr std::string_view kNoticeColumns =
    "n.id, n.unit_id, su.name_vi, n.recipient_unit_id, ru.name_vi, n.via_function, "
    "n.changes_from, n.due_at, n.sent_at, n.sent_by, n.body, n.email, n.email_state, "
    "n.email_attempts, n.email_next_at, n.email_error, n.acknowledged_at, n.acknowledged_by";
constexpr std::string_view kNoticeFrom =
    "contact_notices n JOIN units su ON su.id = n.unit_id JOIN units ru ON ru.id = "
    "n.recipient_unit_id";

domain::ContactNotice NoticeFromRow(const RowView& row) {
    domain::ContactNotice n;
    n.id = domain::ContactNoticeId{row.Int(0)};
    n.unit_id = domain::UnitId{row.Int(1)};
    n.unit_name = row.String(2);
    n.recipient_unit_id = domain::UnitId{row.Int(3)};
    n.recipient_name = row.String(4);
    n.function = row.String(5);
    n.changes_from = Time(row, 6);
    n.due_at = Time(row, 7);
    n.sent_at = Time(row, 8);
    n.sent_by = row.String(9);
    n.body = row.String(10);
    n.email = row.String(11);
    n.mail.state = row.String(12);
    n.mail.attempts = static_cast<int>(row.Int(13));
    n.mail.next_at = OptTime(row, 14);
    n.mail.error = row.String(15);
    n.acknowledged_at = OptTime(row, 16);
    n.acknowledged_by = row.String(17);
    return n;
}

constexpr std::string_view kOrderColumns =
    "o.id, o.receiving_unit_id, u.name_vi, u.path, o.kind, o.issuer, o.number, o.issued_on, "
    "o.subject, o.actions, o.deadline, o.created_at, o.created_by";

domain::CoordinationOrder OrderFromRow(const RowView& row) {
    domain::CoordinationOrder o;
    o.id = domain::OrderId{row.Int(0)};
    o.receiving_unit_id = domain::UnitId{row.Int(1)};
    o.receiving_unit_name = row.String(2);
    o.receiving_unit_path = row.String(3);
    o.kind = domain::ParseOrderKind(row.Text(4)).value_or(domain::OrderKind::kOrder);
    o.issuer = row.String(5);
    o.number = row.String(6);
    o.issued_on = core::ParseDate(row.Text(7)).value_or(core::Date{});
    o.subject = row.String(8);
    o.actions = row.String(9);
    o.deadline = Time(row, 10);
    o.created_at = Time(row, 11);
    o.created_by = row.String(12);
    return o;
}

constexpr std::string_view kTaskColumns =
    "t.id, t.order_id, t.unit_id, u.name_vi, u.path, t.due_at, t.state, t.answer, "
    "t.answered_at, t.answered_by";

domain::OrderTask TaskFromRow(const RowView& row) {
    domain::OrderTask t;
    t.id = domain::OrderTaskId{row.Int(0)};
    t.order_id = domain::OrderId{row.Int(1)};
    t.unit_id = domain::UnitId{row.Int(2)};
    t.unit_name = row.String(3);
    t.unit_path = row.String(4);
    t.due_at = Time(row, 5);
    t.state = domain::ParseTaskState(row.Text(6)).value_or(domain::TaskState::kOpen);
    t.answer = row.String(7);
    t.answered_at = OptTime(row, 8);
    t.answered_by = row.String(9);
    return t;
}

template <typename T, typename FromRow>
Result<std::vector<T>> Many(Connection& db,
                            const std::string& sql,
                            std::span<const Value> params,
                            FromRow from_row) {
    std::vector<T> out;
    UNGCUU_RETURN_IF_ERROR(
        db.QueryEach(sql, params, [&](const RowView& row) { out.push_back(from_row(row)); }));
    return out;
}

class SqlNetworkRepository final : public app::NetworkRepository {
public:
    explicit SqlNetworkRepository(Connection& db) : db_(db) {}

    Result<std::optional<domain::MemberProfile>> Profile(domain::UnitId unit) override {
        const Value params[] = {unit.value()};
        std::optional<domain::MemberProfile> found;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT unit_id, member_code, membership, capability, activity, pgp_key, "
            "submitted_on, updated_at FROM member_profiles WHERE unit_id = ?",
            params, [&found](const RowView& row) {
                domain::MemberProfile p;
                p.unit_id = domain::UnitId{row.Int(0)};
                p.member_code = row.String(1);
                p.membership =
                    domain::ParseMembership(row.Text(2)).value_or(domain::Membership::kMandatory);
                p.capability = row.String(3);
                p.activity = row.String(4);
                p.pgp_key = row.String(5);
                if (!row.IsNull(6)) {
                    p.submitted_on = core::ParseDate(row.Text(6));
                }
                p.updated_at = Time(row, 7);
                found = std::move(p);
            }));
        return found;
    }

    Status SaveProfile(const domain::MemberProfile& p) override {
        const Value params[] = {
            p.unit_id.value(),
            p.member_code,
            std::string(domain::MembershipCode(p.membership)),
            p.capability,
            p.activity,
            p.pgp_key,
            p.submitted_on ? Value{core::FormatDate(*p.submitted_on)} : Value{nullptr},
            Millis(p.updated_at)};
        return Exec(db_,
                    "INSERT INTO member_profiles (unit_id, member_code, membership, capability, "
                    "activity, pgp_key, submitted_on, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (unit_id) DO UPDATE SET member_code = excluded.member_code, "
                    "membership = excluded.membership, capability = excluded.capability, "
                    "activity = excluded.activity, pgp_key = excluded.pgp_key, submitted_on = "
                    "excluded.submitted_on, updated_at = excluded.updated_at",
                    params);
    }

    Result<domain::ContactNotice> InsertNotice(domain::ContactNotice n) override {
        const Value params[] = {n.unit_id.value(),
                                n.recipient_unit_id.value(),
                                n.function,
                                Millis(n.changes_from),
                                n.through_change,
                                Millis(n.due_at),
                                Millis(n.sent_at),
                                n.sent_by,
                                n.body,
                                n.email,
                                n.mail.state,
                                OptMillis(n.mail.next_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO contact_notices (unit_id, recipient_unit_id, "
                            "via_function, changes_from, through_change, due_at, sent_at, sent_by, "
                            "body, email, email_state, email_next_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                            "?, ?, ?, ?, ?) "
                            "RETURNING id",
                            params));
        n.id = domain::ContactNoticeId{InsertedId(rows)};
        return n;
    }

    Status UpdateNotice(const domain::ContactNotice& n) override {
        const Value params[] = {
            n.mail.state, std::int64_t{n.mail.attempts}, OptMillis(n.mail.next_at),
            n.mail.error, OptMillis(n.acknowledged_at),  n.acknowledged_by,
            n.id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE contact_notices SET email_state = ?, email_attempts = ?, "
                        "email_next_at = ?, email_error = ?, acknowledged_at = ?, "
                        "acknowledged_by = ? WHERE id = ?",
                        params),
            "thông báo này");
    }

    Result<domain::ContactNotice> GetNotice(domain::ContactNoticeId id) override {
        const Value params[] = {id.value()};
        return QueryOne(
            db_, fmt::format("SELECT {} FROM {} WHERE n.id = ?", kNoticeColumns, kNoticeFrom),
            params, NoticeFromRow,
            core::NotFound("Không tìm thấy thông báo.", "Notice not found."));
    }

    Result<std::int64_t> LastNotifiedChange(domain::UnitId unit) override {
        const Value params[] = {unit.value()};
        std::int64_t last = 0;
        UNGCUU_RETURN_IF_ERROR(
            db_.QueryEach("SELECT MAX(through_change) FROM contact_notices WHERE unit_id = ?",
                          params, [&last](const RowView& row) { last = row.Int(0); }));
        return last;
    }

    Result<std::vector<domain::ContactNotice>> NoticesFrom(domain::UnitId unit,
                                                           int limit) override {
        const Value params[] = {unit.value(), std::int64_t{limit}};
        return Many<domain::ContactNotice>(
            db_,
            fmt::format("SELECT {} FROM {} WHERE n.unit_id = ? ORDER BY n.id DESC LIMIT ?",
                        kNoticeColumns, kNoticeFrom),
            params, NoticeFromRow);
    }

    Result<std::vector<domain::ContactNotice>> NoticesTo(
        const std::vector<domain::ScopeRoot>& scope, bool unacknowledged_only, int limit) override {
        std::string sql = fmt::format("SELECT {} FROM {} WHERE 1 = 1", kNoticeColumns, kNoticeFrom);
        std::vector<Value> params;
        AppendScopeFilter(sql, params, scope, false, "ru.path");
        if (unacknowledged_only) {
            sql += " AND n.acknowledged_at IS NULL";
        }
        sql += " ORDER BY n.id DESC LIMIT ?";
        params.emplace_back(std::int64_t{limit});
        return Many<domain::ContactNotice>(db_, sql, params, NoticeFromRow);
    }

    Result<std::optional<domain::ContactNotice>> ClaimMailDue(core::TimePoint now,
                                                              core::TimePoint until) override {
        UNGCUU_ASSIGN_OR_RETURN(
            id, ClaimQueued(db_, "contact_notices", "email_state", "email_next_at", now, until));
        if (!id) {
            return std::optional<domain::ContactNotice>{};
        }
        UNGCUU_ASSIGN_OR_RETURN(notice, GetNotice(domain::ContactNoticeId{*id}));
        return std::optional<domain::ContactNotice>{std::move(notice)};
    }

    Result<domain::CoordinationOrder> InsertOrder(domain::CoordinationOrder o) override {
        const Value params[] = {o.receiving_unit_id.value(),
                                std::string(domain::OrderKindCode(o.kind)),
                                o.issuer,
                                o.number,
                                core::FormatDate(o.issued_on),
                                o.subject,
                                o.actions,
                                Millis(o.deadline),
                                Millis(o.created_at),
                                o.created_by};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO coordination_orders (receiving_unit_id, kind, issuer, "
                            "number, issued_on, subject, actions, deadline, created_at, "
                            "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            params));
        o.id = domain::OrderId{InsertedId(rows)};
        return o;
    }

    Result<domain::CoordinationOrder> GetOrder(domain::OrderId id) override {
        const Value params[] = {id.value()};
        return QueryOne(
            db_,
            fmt::format("SELECT {} FROM coordination_orders o JOIN units u ON u.id = "
                        "o.receiving_unit_id WHERE o.id = ?",
                        kOrderColumns),
            params, OrderFromRow,
            core::NotFound("Không tìm thấy lệnh điều phối.", "Coordination order not found."));
    }

    Result<std::vector<domain::CoordinationOrder>> Orders(
        const std::vector<domain::ScopeRoot>& scope, bool unrestricted, int limit) override {
        std::vector<Value> params;
        const std::string received = ScopeCondition(params, scope, unrestricted, "u.path");
        const std::string addressed = ScopeCondition(params, scope, unrestricted, "tu.path");
        std::string sql = fmt::format(
            "SELECT {} FROM coordination_orders o JOIN units u ON u.id = o.receiving_unit_id "
            "WHERE {} OR EXISTS (SELECT 1 FROM order_tasks t JOIN units tu ON tu.id = t.unit_id "
            "WHERE t.order_id = o.id AND {}) ORDER BY o.id DESC LIMIT ?",
            kOrderColumns, received, addressed);
        params.emplace_back(std::int64_t{limit});
        return Many<domain::CoordinationOrder>(db_, sql, params, OrderFromRow);
    }

    Result<domain::OrderTask> InsertTask(domain::OrderTask t) override {
        const Value params[] = {t.order_id.value(), t.unit_id.value(), Millis(t.due_at),
                                std::string(domain::TaskStateCode(t.state))};
        UNGCUU_ASSIGN_OR_RETURN(rows, db_.Query("INSERT INTO order_tasks (order_id, unit_id, "
                                                "due_at, state) VALUES (?, ?, ?, ?) RETURNING id",
                                                params));
        t.id = domain::OrderTaskId{InsertedId(rows)};
        return t;
    }

    Result<domain::OrderTask> GetTask(domain::OrderTaskId id) override {
        const Value params[] = {id.value()};
        return QueryOne(
            db_,
            fmt::format("SELECT {} FROM order_tasks t JOIN units u ON u.id = t.unit_id WHERE t.id "
                        "= ?",
                        kTaskColumns),
            params, TaskFromRow, core::NotFound("Không tìm thấy nhiệm vụ.", "Task not found."));
    }

    Status UpdateTask(const domain::OrderTask& t) override {
        const Value params[] = {std::string(domain::TaskStateCode(t.state)), t.answer,
                                OptMillis(t.answered_at), t.answered_by, t.id.value()};
        return ExpectOneRow(db_.Execute("UPDATE order_tasks SET state = ?, answer = ?, "
                                        "answered_at = ?, answered_by = ? WHERE id = ?",
                                        params),
                            "nhiệm vụ này");
    }

    Result<std::vector<domain::OrderTask>> Tasks(domain::OrderId order) override {
        const Value params[] = {order.value()};
        return Many<domain::OrderTask>(
            db_,
            fmt::format("SELECT {} FROM order_tasks t JOIN units u ON u.id = t.unit_id WHERE "
                        "t.order_id = ? ORDER BY u.path",
                        kTaskColumns),
            params, TaskFromRow);
    }

private:
    Connection& db_;
};

}  // namespace

std::unique_ptr<app::NetworkRepository> MakeSqlNetworkRepository(Connection& db) {
    return std::make_unique<SqlNetworkRepository>(db);
}

}  // namespace ungcuu::storage
