// The SQL repository of the outbox: deliveries, routing designations, clock notices.
#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"
#include "storage/sql_helpers.hpp"
#include "storage/sql_incidents.hpp"
#include "storage/sql_repositories.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

// ---- outbox -------------------------------------------------------------------------------

constexpr std::string_view kDeliveryColumns =
    "d.id, d.incident_id, d.report_id, d.kind, d.unit_id, COALESCE(u.name_vi, ''), "
    "d.via_function, d.channel, d.address, d.subject, d.body, d.state, d.attempts, "
    "d.next_attempt_at, d.last_error, d.created_at, d.sent_at, d.acknowledged_at, "
    "d.acknowledged_by";

domain::Delivery DeliveryFromRow(const RowView& row) {
    domain::Delivery d;
    d.id = domain::DeliveryId{row.Int(0)};
    d.incident_id = domain::IncidentId{row.Int(1)};
    if (!row.IsNull(2)) {
        d.report_id = domain::ReportId{row.Int(2)};
    }
    d.kind = row.Text(3);
    if (!row.IsNull(4)) {
        d.unit_id = domain::UnitId{row.Int(4)};
    }
    d.unit_name = row.Text(5);
    d.function = row.Text(6);
    d.channel = domain::ParseChannel(row.Text(7)).value_or(domain::Channel::kApp);
    d.address = row.Text(8);
    d.subject = row.Text(9);
    d.body = row.Text(10);
    d.state = domain::ParseDeliveryState(row.Text(11)).value_or(domain::DeliveryState::kQueued);
    d.attempts = static_cast<int>(row.Int(12));
    d.next_attempt_at = Time(row, 13);
    d.last_error = row.Text(14);
    d.created_at = Time(row, 15);
    d.sent_at = OptTime(row, 16);
    d.acknowledged_at = OptTime(row, 17);
    d.acknowledged_by = row.Text(18);
    return d;
}

class SqlOutboxRepository final : public app::OutboxRepository {
public:
    explicit SqlOutboxRepository(Connection& db) : db_(db) {}

    Result<domain::Delivery> Insert(domain::Delivery d) override {
        const Value params[] = {d.incident_id.value(),
                                d.report_id ? Value{d.report_id->value()} : Value{nullptr},
                                d.kind,
                                d.unit_id ? Value{d.unit_id->value()} : Value{nullptr},
                                d.function,
                                std::string(domain::ChannelCode(d.channel)),
                                d.address,
                                d.subject,
                                d.body,
                                std::string(domain::DeliveryStateCode(d.state)),
                                std::int64_t{d.attempts},
                                Millis(d.next_attempt_at),
                                d.last_error,
                                Millis(d.created_at),
                                OptMillis(d.sent_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "INSERT INTO deliveries (incident_id, report_id, kind, unit_id, via_function, "
                "channel, address, subject, body, state, attempts, next_attempt_at, last_error, "
                "created_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING "
                "id",
                params));
        d.id = domain::DeliveryId{InsertedId(rows)};
        return d;
    }

    Status Update(const domain::Delivery& d) override {
        const Value params[] = {std::string(domain::DeliveryStateCode(d.state)),
                                std::int64_t{d.attempts},
                                Millis(d.next_attempt_at),
                                d.last_error,
                                OptMillis(d.sent_at),
                                OptMillis(d.acknowledged_at),
                                d.acknowledged_by,
                                d.id.value()};
        return ExpectOneRow(db_.Execute("UPDATE deliveries SET state = ?, attempts = ?, "
                                        "next_attempt_at = ?, last_error = ?, sent_at = ?, "
                                        "acknowledged_at = ?, acknowledged_by = ? WHERE id = ?",
                                        params),
                            "lượt gửi");
    }

    Result<domain::Delivery> Get(domain::DeliveryId id) override {
        const Value params[] = {id.value()};
        return QueryOne(db_,
                        fmt::format("SELECT {} FROM deliveries d LEFT JOIN units u ON u.id = "
                                    "d.unit_id WHERE d.id = ?",
                                    kDeliveryColumns),
                        params, DeliveryFromRow,
                        core::NotFound("Không tìm thấy lượt gửi.", "Delivery not found."));
    }

    Result<std::vector<domain::Delivery>> ForIncident(domain::IncidentId id) override {
        const Value params[] = {id.value()};
        return Many(fmt::format("SELECT {} FROM deliveries d LEFT JOIN units u ON u.id = "
                                "d.unit_id WHERE d.incident_id = ? ORDER BY d.id",
                                kDeliveryColumns),
                    params);
    }

    Result<std::optional<domain::Delivery>> ClaimDue(core::TimePoint now,
                                                     core::TimePoint until) override {
        UNGCUU_ASSIGN_OR_RETURN(
            id, ClaimQueued(db_, "deliveries", "state", "next_attempt_at", now, until));
        if (!id) {
            return std::optional<domain::Delivery>{};
        }
        UNGCUU_ASSIGN_OR_RETURN(claimed, Get(domain::DeliveryId{*id}));
        return std::optional<domain::Delivery>{std::move(claimed)};
    }

    Result<std::vector<domain::Delivery>> Inbox(const std::vector<domain::ScopeRoot>& scope,
                                                bool unacknowledged_only,
                                                int limit) override {
        std::string sql = fmt::format(
            "SELECT {} FROM deliveries d JOIN units u ON u.id = d.unit_id WHERE d.channel = "
            "'app'",
            kDeliveryColumns);
        std::vector<Value> params;
        AppendScopeFilter(sql, params, scope, false, "u.path");
        if (unacknowledged_only) {
            sql += " AND d.acknowledged_at IS NULL";
        }
        sql += " ORDER BY d.id DESC LIMIT ?";
        params.emplace_back(std::int64_t{limit});
        return Many(sql, params);
    }

    Result<std::vector<domain::RoutingUnit>> Holders() override {
        std::vector<domain::RoutingUnit> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT u.id, u.path, u.parent_id, u.name_vi, r.functions FROM unit_routing r JOIN "
            "units u ON u.id = r.unit_id WHERE u.active = 1 AND r.functions <> '' ORDER BY u.id",
            {}, [&out](const RowView& row) {
                domain::RoutingUnit unit;
                unit.id = domain::UnitId{row.Int(0)};
                unit.path = row.Text(1);
                if (!row.IsNull(2)) {
                    unit.parent_id = domain::UnitId{row.Int(2)};
                }
                unit.name = row.Text(3);
                for (const auto& code : SplitCodes(row.Text(4))) {
                    if (const auto function = domain::ParseRoutingFunction(code)) {
                        unit.functions.push_back(*function);
                    }
                }
                out.push_back(std::move(unit));
            }));
        return out;
    }

    Result<app::UnitRouting> Routing(domain::UnitId unit) override {
        app::UnitRouting routing;
        routing.unit_id = unit;
        const Value params[] = {unit.value()};
        UNGCUU_RETURN_IF_ERROR(
            db_.QueryEach("SELECT functions, webhook_url FROM unit_routing WHERE unit_id = ?",
                          params, [&routing](const RowView& row) {
                              for (const auto& code : SplitCodes(row.Text(0))) {
                                  if (const auto function = domain::ParseRoutingFunction(code)) {
                                      routing.functions.push_back(*function);
                                  }
                              }
                              routing.webhook_url = row.Text(1);
                          }));
        return routing;
    }

    Status SetRouting(const app::UnitRouting& routing) override {
        std::vector<std::string> codes;
        for (const auto function : routing.functions) {
            codes.emplace_back(domain::RoutingFunctionCode(function));
        }
        const Value params[] = {routing.unit_id.value(), JoinCodes(codes), routing.webhook_url};
        return Exec(db_,
                    "INSERT INTO unit_routing (unit_id, functions, webhook_url) VALUES (?, ?, ?) "
                    "ON CONFLICT (unit_id) DO UPDATE SET functions = excluded.functions, "
                    "webhook_url = excluded.webhook_url",
                    params);
    }

    Result<bool> MarkNotice(domain::IncidentId incident,
                            std::string_view clock,
                            std::string_view kind,
                            core::TimePoint at) override {
        const Value params[] = {incident.value(), std::string(clock), std::string(kind),
                                Millis(at)};
        UNGCUU_ASSIGN_OR_RETURN(
            changed,
            db_.Execute(
                "INSERT INTO clock_notices (incident_id, clock, kind, at) VALUES (?, ?, ?, ?) ON "
                "CONFLICT DO NOTHING",
                params));
        return changed > 0;
    }

private:
    Result<std::vector<domain::Delivery>> Many(const std::string& sql,
                                               std::span<const Value> params) {
        std::vector<domain::Delivery> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            sql, params, [&out](const RowView& row) { out.push_back(DeliveryFromRow(row)); }));
        return out;
    }

    Connection& db_;
};

}  // namespace

std::unique_ptr<app::OutboxRepository> MakeSqlOutboxRepository(Connection& db) {
    return std::make_unique<SqlOutboxRepository>(db);
}

}  // namespace ungcuu::storage
