#include "app/incidents/outbox_service.hpp"

#include <fmt/format.h>

#include "app/audit_writer.hpp"
#include "app/unit_access.hpp"
#include "core/text.hpp"

namespace ungcuu::app {

core::Result<DispatchResult> OutboxService::DispatchDue() {
    std::vector<domain::Delivery> due;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        auto rows = repos.outbox.Due(clock_.Now(), options_.batch);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        due = std::move(rows).value();
        return core::Ok();
    }));
    DispatchResult result;
    for (auto& delivery : due) {
        // The channel is called outside any transaction; only the outcome is written.
        const auto sent = notifier_.Send(delivery);
        const auto now = clock_.Now();
        delivery.attempts += 1;
        if (sent.ok()) {
            delivery.state = domain::DeliveryState::kSent;
            delivery.sent_at = now;
            delivery.last_error.clear();
            ++result.sent;
        } else {
            delivery.last_error = std::string(core::CutUtf8(sent.error().message_en, 500));
            if (const auto next =
                    domain::NextAttempt(now, delivery.attempts, options_.max_attempts)) {
                delivery.next_attempt_at = *next;
                ++result.retried;
            } else {
                delivery.state = domain::DeliveryState::kFailed;
                ++result.failed;
            }
        }
        UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
            UNGCUU_RETURN_IF_ERROR(repos.outbox.Update(delivery));
            if (delivery.state == domain::DeliveryState::kFailed) {
                return repos.incidents.AddEvent(
                    {{},
                     delivery.incident_id,
                     now,
                     "delivery_failed",
                     "ungcuu",
                     "",
                     "",
                     fmt::format("{} → {}: {}", domain::ChannelCode(delivery.channel),
                                 delivery.address, delivery.last_error)});
            }
            return core::Ok();
        }));
    }
    return result;
}

core::Result<int> OutboxService::RunClocks() {
    const auto now = clock_.Now();
    const Actor system = Actor::Cli();
    std::vector<domain::Incident> candidates;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        // Reminders go out within a quarter of a clock's span (5 days at most) before it is due.
        auto rows = repos.incidents.DueBefore(now + std::chrono::hours(24 * 5), 500);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        candidates = std::move(rows).value();
        return core::Ok();
    }));
    int queued = 0;
    for (const auto& candidate : candidates) {
        auto details = incidents_.Get(system, candidate.id);
        if (!details.ok()) {
            continue;  // gone or changed meanwhile; the next run sees it again
        }
        for (const auto& clock : details->clocks) {
            const bool overdue = clock.state == domain::ClockState::kOverdue;
            if (!overdue && clock.state != domain::ClockState::kDueSoon) {
                continue;
            }
            UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
                auto first = repos.outbox.MarkNotice(candidate.id, clock.code,
                                                     overdue ? "overdue" : "reminder", now);
                if (!first.ok()) {
                    return std::move(first).error();
                }
                if (!*first) {
                    return core::Ok();
                }
                auto unit = repos.units.Get(candidate.unit_id);
                if (!unit.ok()) {
                    return std::move(unit).error();
                }
                // Overdue: the parent unit is told; a root unit is reminded itself.
                domain::Unit target = *unit;
                if (overdue && unit->parent_id) {
                    auto parent = repos.units.Get(*unit->parent_id);
                    if (!parent.ok()) {
                        return std::move(parent).error();
                    }
                    target = std::move(parent).value();
                }
                domain::Delivery delivery;
                delivery.incident_id = candidate.id;
                delivery.kind = overdue ? "overdue" : "reminder";
                delivery.function = overdue ? "parent" : "handler";
                delivery.subject = fmt::format(
                    "[TBSC] {} — {}: {} ({})", overdue ? "Quá hạn" : "Sắp đến hạn", candidate.code,
                    clock.title_vi, core::FormatLocalDateTime(clock.due_at));
                delivery.body =
                    fmt::format("Sự cố {} — {}\nĐơn vị xử lý: {}\n{}: {}\nHạn: {}\nCăn cứ: {}\n",
                                candidate.code, candidate.title, unit->name_vi,
                                overdue ? "Đã quá hạn" : "Sắp đến hạn", clock.title_vi,
                                core::FormatLocalDateTime(clock.due_at), clock.article);
                UNGCUU_RETURN_IF_ERROR(QueueToUnit(repos, delivery, target, now));
                ++queued;
                return repos.incidents.AddEvent(
                    {{},
                     candidate.id,
                     now,
                     delivery.kind,
                     "ungcuu",
                     "",
                     "",
                     fmt::format("{} → {}", clock.title_vi, target.name_vi)});
            }));
        }
    }
    return queued;
}

core::Result<std::vector<domain::Delivery>> OutboxService::Inbox(const Actor& actor,
                                                                 bool unacknowledged_only) {
    std::vector<domain::Delivery> out;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        auto rows = repos.outbox.Inbox(actor.scope.VisibleRoots(), unacknowledged_only, 100);
        if (!rows.ok()) {
            return std::move(rows).error();
        }
        out = std::move(rows).value();
        return core::Ok();
    }));
    return out;
}

core::Result<domain::Delivery> OutboxService::LoadForRecipient(Repositories& repos,
                                                               const Actor& actor,
                                                               domain::DeliveryId id,
                                                               domain::Permission permission) {
    auto delivery = repos.outbox.Get(id);
    if (!delivery.ok()) {
        return std::move(delivery).error();
    }
    if (!delivery->unit_id) {
        return core::NotFound("Không tìm thấy lượt gửi.", "Delivery not found.");
    }
    auto unit = LoadUnitFor(repos, actor, *delivery->unit_id, permission);
    if (!unit.ok()) {
        return std::move(unit).error();
    }
    return delivery;
}

core::Result<domain::Delivery> OutboxService::Acknowledge(const Actor& actor,
                                                          domain::DeliveryId id) {
    std::optional<domain::Delivery> result;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        auto delivery = LoadForRecipient(repos, actor, id, domain::Permission::kIncidentReport);
        if (!delivery.ok()) {
            return std::move(delivery).error();
        }
        if (delivery->acknowledged_at) {
            result = std::move(delivery).value();
            return core::Ok();
        }
        const auto now = clock_.Now();
        delivery->acknowledged_at = now;
        delivery->acknowledged_by = ActorName(actor);
        UNGCUU_RETURN_IF_ERROR(repos.outbox.Update(*delivery));
        UNGCUU_RETURN_IF_ERROR(repos.incidents.AddEvent(
            {{},
             delivery->incident_id,
             now,
             "recipient_ack",
             ActorName(actor),
             "",
             "",
             fmt::format("{} — {}", delivery->unit_name, delivery->subject)}));
        result = std::move(delivery).value();
        return core::Ok();
    }));
    return std::move(*result);
}

core::Result<domain::Delivery> OutboxService::Retry(const Actor& actor, domain::DeliveryId id) {
    std::optional<domain::Delivery> result;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        auto delivery = repos.outbox.Get(id);
        if (!delivery.ok()) {
            return std::move(delivery).error();
        }
        auto incident = incidents_.Get(actor, delivery->incident_id);
        if (!incident.ok()) {
            return std::move(incident).error();
        }
        if (!incident->can_handle) {
            return core::PermissionDenied();
        }
        if (delivery->state != domain::DeliveryState::kFailed) {
            return core::Conflict("Chỉ gửi lại lượt đã thất bại.",
                                  "Only failed deliveries are retried.");
        }
        delivery->state = domain::DeliveryState::kQueued;
        delivery->attempts = 0;
        delivery->next_attempt_at = clock_.Now();
        UNGCUU_RETURN_IF_ERROR(repos.outbox.Update(*delivery));
        result = std::move(delivery).value();
        return core::Ok();
    }));
    return std::move(*result);
}

core::Result<UnitRouting> OutboxService::Routing(const Actor& actor, domain::UnitId unit) {
    std::optional<UnitRouting> result;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        auto loaded = LoadUnitFor(repos, actor, unit, domain::Permission::kUnitRead);
        if (!loaded.ok()) {
            return std::move(loaded).error();
        }
        auto routing = repos.outbox.Routing(unit);
        if (!routing.ok()) {
            return std::move(routing).error();
        }
        result = std::move(routing).value();
        return core::Ok();
    }));
    return std::move(*result);
}

core::Result<UnitRouting> OutboxService::SetRouting(const Actor& actor,
                                                    const UnitRouting& routing) {
    const auto& url = routing.webhook_url;
    if (!url.empty() && ((url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) ||
                         url.size() > 2000 || url.find_first_of(" \r\n\t") != std::string::npos)) {
        return core::InvalidArgument("Địa chỉ webhook phải là URL http:// hoặc https://.",
                                     "The webhook must be an http:// or https:// URL.");
    }
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        auto unit = LoadUnitFor(repos, actor, routing.unit_id, domain::Permission::kUnitWrite);
        if (!unit.ok()) {
            return std::move(unit).error();
        }
        UNGCUU_RETURN_IF_ERROR(repos.outbox.SetRouting(routing));
        std::string functions;
        for (const auto function : routing.functions) {
            functions += functions.empty() ? "" : ",";
            functions += domain::RoutingFunctionCode(function);
        }
        return WriteAudit(repos, actor, clock_.Now(),
                          {"unit.routing", "unit", unit->id.value(), &*unit, "{}",
                           core::FieldSnapshot()
                               .Add("functions", std::string_view(functions))
                               .Add("webhook_url", std::string_view(url))
                               .ToJson()});
    }));
    return routing;
}

}  // namespace ungcuu::app
