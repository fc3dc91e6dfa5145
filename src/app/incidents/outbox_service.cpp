#include "app/incidents/outbox_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/audit_writer.hpp"
#include "app/claims.hpp"
#include "app/on_call.hpp"
#include "app/unit_access.hpp"
#include "core/text.hpp"

namespace ungcuu::app {

core::Result<std::vector<MailAttachment>> OutboxService::AttachmentsOf(
    const domain::Delivery& delivery) {
    std::vector<MailAttachment> files;
    if (documents_ == nullptr || delivery.channel != domain::Channel::kEmail ||
        !delivery.report_id) {
        return files;
    }
    UNGCUU_ASSIGN_OR_RETURN(outside, store_.Read([&](Repositories& repos) -> core::Result<bool> {
        if (!delivery.unit_id) {
            return true;
        }
        UserFilter filter;
        filter.unrestricted = true;
        filter.unit_id = delivery.unit_id;
        UNGCUU_ASSIGN_OR_RETURN(users, repos.users.List(filter));
        return std::none_of(users.begin(), users.end(),
                            [](const domain::User& user) { return user.active; });
    }));
    std::vector<DocumentFormat> formats{DocumentFormat::kPdf};
    if (outside) {
        formats.push_back(DocumentFormat::kDocx);
    }
    for (const auto format : formats) {
        UNGCUU_ASSIGN_OR_RETURN(document, documents_->Render(Actor::Cli(), delivery.incident_id,
                                                             *delivery.report_id, format));
        files.push_back(MailAttachment{std::move(document.file_name),
                                       std::move(document.content_type),
                                       std::move(document.bytes)});
    }
    return files;
}

core::Result<DispatchResult> OutboxService::DispatchDue() {
    DispatchResult result;
    const auto claim = [](Repositories& repos, core::TimePoint now, core::TimePoint until) {
        return repos.outbox.ClaimDue(now, until);
    };
    const auto attempt = [&](domain::Delivery& delivery) -> core::Status {
        // The channel is called outside any transaction; only the outcome is written. A
        // document that cannot be made now is retried like a channel that is down.
        auto files = AttachmentsOf(delivery);
        core::Status sent = core::Ok();
        if (!files.ok()) {
            sent = std::move(files).error();
        } else {
            domain::Delivery outgoing = delivery;
            for (std::size_t i = 0; i < files->size(); ++i) {
                outgoing.body += fmt::format("{}{}", i == 0 ? "\n\nVăn bản đính kèm: " : ", ",
                                             (*files)[i].file_name);
            }
            sent = notifier_.Send(outgoing, *files);
        }
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
        return store_.Write([&](Repositories& repos) -> core::Status {
            UNGCUU_RETURN_IF_ERROR(repos.outbox.Update(delivery));
            if (delivery.state == domain::DeliveryState::kFailed) {
                return repos.incidents.AddEvent(domain::IncidentEvent{
                    .incident_id = delivery.incident_id,
                    .at = now,
                    .kind = "delivery_failed",
                    .actor = "ungcuu",
                    .note = fmt::format("{} → {}: {}", domain::ChannelCode(delivery.channel),
                                        delivery.address, delivery.last_error)});
            }
            return core::Ok();
        });
    };
    UNGCUU_RETURN_IF_ERROR(
        AttemptClaimed(store_, clock_, options_.batch, options_.lease, claim, attempt));
    return result;
}

core::Result<int> OutboxService::RunClocks() {
    const auto now = clock_.Now();
    const Actor system = Actor::Cli();
    UNGCUU_ASSIGN_OR_RETURN(
        candidates,
        store_.Read([&](Repositories& repos) -> core::Result<std::vector<domain::Incident>> {
            // Reminders go out within a quarter of a clock's span (5 days at most) before it is
            // due.
            return repos.incidents.DueBefore(now + std::chrono::hours(24 * 5), 500);
        }));
    int queued = 0;
    for (const auto& candidate : candidates) {
        auto details = incidents_.Get(system, candidate.id);
        if (!details.ok()) {
            continue;  // gone or changed meanwhile; the next run sees it again
        }
        // An incident a machine opened is looked at in the app before anyone is mailed about
        // it; a later run sends what is still due.
        const bool machine = candidate.source == domain::IncidentSource::kDetection ||
                             candidate.source == domain::IncidentSource::kMonitor;
        if (machine && details->rules != nullptr &&
            now < candidate.received_at +
                      std::chrono::minutes(details->rules->machine_notice_lead_minutes)) {
            continue;
        }
        for (const auto& clock : details->clocks) {
            const bool overdue = clock.state == domain::ClockState::kOverdue;
            if (!overdue && clock.state != domain::ClockState::kDueSoon) {
                continue;
            }
            UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
                UNGCUU_ASSIGN_OR_RETURN(
                    first, repos.outbox.MarkNotice(candidate.id, clock.code,
                                                   overdue ? "overdue" : "reminder", now));
                if (!first) {
                    return core::Ok();
                }
                UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(candidate.unit_id));
                // Overdue: the parent unit is told; a root unit is reminded itself.
                domain::Unit target = unit;
                if (overdue && unit.parent_id) {
                    UNGCUU_ASSIGN_OR_RETURN(parent, repos.units.Get(*unit.parent_id));
                    target = std::move(parent);
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
                                candidate.code, candidate.title, unit.name_vi,
                                overdue ? "Đã quá hạn" : "Sắp đến hạn", clock.title_vi,
                                core::FormatLocalDateTime(clock.due_at), clock.article);
                UNGCUU_ASSIGN_OR_RETURN(on_call, OnCallFor(repos, unit.path, now));
                if (on_call) {
                    delivery.body += fmt::format(
                        "Đang trực ({}): {}{}\n", on_call->team.name, CallLine(on_call->member),
                        on_call->backup ? "; dự phòng: " + CallLine(*on_call->backup)
                                        : std::string());
                }
                UNGCUU_RETURN_IF_ERROR(QueueToUnit(repos, delivery, target, now));
                ++queued;
                return repos.incidents.AddEvent(domain::IncidentEvent{
                    .incident_id = candidate.id,
                    .at = now,
                    .kind = delivery.kind,
                    .actor = "ungcuu",
                    .note = fmt::format("{} → {}", clock.title_vi, target.name_vi)});
            }));
        }
    }
    return queued;
}

namespace {

/// The call of one person on call about `incident`: in the team unit's inbox, by e-mail to the
/// person, to the team unit's webhook.
core::Status Call(Repositories& repos,
                  const domain::Incident& incident,
                  const OnCall& on_call,
                  const domain::TeamMember& person,
                  bool backup,
                  core::TimePoint now) {
    UNGCUU_ASSIGN_OR_RETURN(team_unit, repos.units.Get(on_call.team.unit_id));
    UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(incident.unit_id));
    domain::Delivery delivery;
    delivery.incident_id = incident.id;
    delivery.kind = "on_call";
    delivery.function = backup ? "on_call_backup" : "on_call";
    delivery.subject = fmt::format("[TBSC] Sự cố ngoài giờ — {}: {}", incident.code,
                                   core::CutUtf8(incident.title, 200));
    delivery.body = fmt::format(
        "Kính gửi {},\n\n{} đang trực {}. Sự cố mới ngoài giờ hành chính:\n"
        "Sự cố {} — {}\nĐơn vị: {}\nTiếp nhận lúc: {}\n\n",
        person.name, backup ? "Anh/chị là người dự phòng của ca" : "Anh/chị", on_call.team.name,
        incident.code, incident.title, unit.name_vi,
        core::FormatLocalDateTime(incident.received_at));
    if (backup) {
        delivery.body += fmt::format(
            "{} (người trực) chưa xác nhận tiếp nhận sau {} phút; đề nghị anh/chị xử lý.\n",
            on_call.member.name, on_call.team.ack_minutes);
    } else {
        delivery.body +=
            fmt::format("Đề nghị xác nhận tiếp nhận trong {} phút{}.\n", on_call.team.ack_minutes,
                        on_call.backup ? "; quá thời gian này, người dự phòng " +
                                             CallLine(*on_call.backup) + " sẽ được gọi"
                                       : std::string());
    }
    UNGCUU_RETURN_IF_ERROR(QueueToUnit(repos, delivery, team_unit, now, person.email));
    return repos.incidents.AddEvent(
        domain::IncidentEvent{.incident_id = incident.id,
                              .at = now,
                              .kind = delivery.function,
                              .actor = "ungcuu",
                              .note = fmt::format("{} — {}", CallLine(person), on_call.team.name)});
}

}  // namespace

core::Result<int> OutboxService::RunOnCall() {
    const auto now = clock_.Now();
    UNGCUU_ASSIGN_OR_RETURN(calendar, incidents_.calendar().Calendar());
    // A call is about a fresh incident: one that waited half a day is the clocks' business.
    UNGCUU_ASSIGN_OR_RETURN(
        waiting,
        store_.Read([&](Repositories& repos) -> core::Result<std::vector<domain::Incident>> {
            return repos.incidents.Unacknowledged(now - std::chrono::hours(12), 200);
        }));
    enum class Due { kNothing, kMember, kBackup };
    int queued = 0;
    for (const auto& incident : waiting) {
        if (!domain::IsOffHours(*calendar, incident.received_at)) {
            continue;
        }
        // Read first: most rounds find nothing to do, and a write per waiting incident per
        // round would cost a commit each.
        const auto due =
            [&](Repositories& repos) -> core::Result<std::pair<Due, std::optional<OnCall>>> {
            UNGCUU_ASSIGN_OR_RETURN(on_call,
                                    OnCallFor(repos, incident.unit_path, incident.received_at));
            if (!on_call) {
                return std::pair{Due::kNothing, std::move(on_call)};
            }
            if (incident.drill_id) {
                // An exercise calls the team only when the team's unit takes part in the drill.
                UNGCUU_ASSIGN_OR_RETURN(drill, repos.drills.Get(*incident.drill_id));
                if (!domain::TakesPart(drill, on_call->team.unit_id)) {
                    return std::pair{Due::kNothing, std::move(on_call)};
                }
            }
            UNGCUU_ASSIGN_OR_RETURN(deliveries, repos.outbox.ForIncident(incident.id));
            std::optional<core::TimePoint> called;
            bool backup_called = false;
            for (const auto& d : deliveries) {
                if (d.kind != "on_call" || d.channel != domain::Channel::kApp) {
                    continue;
                }
                if (d.acknowledged_at) {
                    return std::pair{Due::kNothing, std::move(on_call)};
                }
                called = d.function == "on_call" ? std::optional(d.created_at) : called;
                backup_called = backup_called || d.function == "on_call_backup";
            }
            if (!called) {
                return std::pair{Due::kMember, std::move(on_call)};
            }
            // The backup when the call went unanswered for the team's acknowledgement time.
            if (on_call->backup && !backup_called &&
                now >= *called + std::chrono::minutes(on_call->team.ack_minutes)) {
                return std::pair{Due::kBackup, std::move(on_call)};
            }
            return std::pair{Due::kNothing, std::move(on_call)};
        };
        UNGCUU_ASSIGN_OR_RETURN(found, store_.Read(due));
        if (found.first == Due::kNothing) {
            continue;
        }
        UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
            const bool backup = found.first == Due::kBackup;
            // The notice mark makes each call happen once, whoever runs the round.
            UNGCUU_ASSIGN_OR_RETURN(
                first,
                repos.outbox.MarkNotice(incident.id, "on_call", backup ? "backup" : "member", now));
            if (!first) {
                return core::Ok();
            }
            ++queued;
            const auto& on_call = *found.second;
            return Call(repos, incident, on_call, backup ? *on_call.backup : on_call.member, backup,
                        now);
        }));
    }
    return queued;
}

core::Result<std::vector<domain::Delivery>> OutboxService::Inbox(const Actor& actor,
                                                                 bool unacknowledged_only) {
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<domain::Delivery>> {
        return repos.outbox.Inbox(actor.scope.VisibleRoots(), unacknowledged_only, 100);
    });
}

core::Result<domain::Delivery> OutboxService::LoadForRecipient(Repositories& repos,
                                                               const Actor& actor,
                                                               domain::DeliveryId id,
                                                               domain::Permission permission) {
    UNGCUU_ASSIGN_OR_RETURN(delivery, repos.outbox.Get(id));
    if (!delivery.unit_id) {
        return core::NotFound("Không tìm thấy lượt gửi.", "Delivery not found.");
    }
    UNGCUU_ASSIGN_OR_RETURN(unit, LoadUnitFor(repos, actor, *delivery.unit_id, permission));
    return delivery;
}

core::Result<domain::Delivery> OutboxService::Acknowledge(const Actor& actor,
                                                          domain::DeliveryId id) {
    return store_.Write([&](Repositories& repos) -> core::Result<domain::Delivery> {
        UNGCUU_ASSIGN_OR_RETURN(
            delivery, LoadForRecipient(repos, actor, id, domain::Permission::kIncidentReport));
        if (delivery.acknowledged_at) {
            return delivery;
        }
        const auto now = clock_.Now();
        delivery.acknowledged_at = now;
        delivery.acknowledged_by = ActorName(actor);
        UNGCUU_RETURN_IF_ERROR(repos.outbox.Update(delivery));
        UNGCUU_RETURN_IF_ERROR(repos.incidents.AddEvent(domain::IncidentEvent{
            .incident_id = delivery.incident_id,
            .at = now,
            .kind = "recipient_ack",
            .actor = ActorName(actor),
            .note = fmt::format("{} — {}", delivery.unit_name, delivery.subject)}));
        // Who acknowledged a report, and when, is on record — under the incident's unit, so the
        // sender sees it arrive.
        UNGCUU_ASSIGN_OR_RETURN(incident, repos.incidents.Get(delivery.incident_id));
        const auto unit = repos.units.Get(incident.unit_id);
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"delivery.acknowledge", "incident", delivery.incident_id.value(),
                        unit.ok() ? &*unit : nullptr, "{}", "{}"}));
        return delivery;
    });
}

core::Result<domain::Delivery> OutboxService::Retry(const Actor& actor, domain::DeliveryId id) {
    return store_.Write([&](Repositories& repos) -> core::Result<domain::Delivery> {
        UNGCUU_ASSIGN_OR_RETURN(delivery, repos.outbox.Get(id));
        UNGCUU_ASSIGN_OR_RETURN(incident, incidents_.Get(actor, delivery.incident_id));
        if (!incident.can_handle) {
            return core::PermissionDenied();
        }
        if (delivery.state != domain::DeliveryState::kFailed) {
            return core::Conflict("Chỉ gửi lại lượt đã thất bại.",
                                  "Only failed deliveries are retried.");
        }
        delivery.state = domain::DeliveryState::kQueued;
        delivery.attempts = 0;
        delivery.next_attempt_at = clock_.Now();
        UNGCUU_RETURN_IF_ERROR(repos.outbox.Update(delivery));
        return delivery;
    });
}

core::Result<UnitRouting> OutboxService::Routing(const Actor& actor, domain::UnitId unit) {
    return store_.Read([&](Repositories& repos) -> core::Result<UnitRouting> {
        UNGCUU_ASSIGN_OR_RETURN(loaded,
                                LoadUnitFor(repos, actor, unit, domain::Permission::kUnitRead));
        UNGCUU_ASSIGN_OR_RETURN(routing, repos.outbox.Routing(unit));
        UNGCUU_ASSIGN_OR_RETURN(holders, repos.outbox.Holders());
        // Each function a report of the deployment's rule set goes to, resolved for a report
        // sent by this unit: the ones that reach nobody are said, not left to surprise.
        for (const auto& report : incidents_.rules().Default().reports) {
            for (const auto& function : report.recipients) {
                std::vector<std::string> unheld;
                (void)domain::ResolveRecipients({function}, loaded.path, loaded.id, {}, {}, holders,
                                                &unheld);
                if (unheld.empty()) {
                    continue;
                }
                auto it = std::find_if(
                    routing.unserved.begin(), routing.unserved.end(),
                    [&](const UnservedFunction& known) { return known.function == function; });
                if (it == routing.unserved.end()) {
                    routing.unserved.push_back({function, {}});
                    it = std::prev(routing.unserved.end());
                }
                it->reports.push_back(&report);
            }
        }
        return routing;
    });
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
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, routing.unit_id, domain::Permission::kUnitWrite));
        UNGCUU_RETURN_IF_ERROR(repos.outbox.SetRouting(routing));
        std::string functions;
        for (const auto function : routing.functions) {
            functions += functions.empty() ? "" : ",";
            functions += domain::RoutingFunctionCode(function);
        }
        return WriteAudit(repos, actor, clock_.Now(),
                          {"unit.routing", "unit", unit.id.value(), &unit, "{}",
                           core::FieldSnapshot()
                               .Add("functions", std::string_view(functions))
                               .Add("webhook_url", std::string_view(url))
                               .ToJson()});
    }));
    return Routing(actor, routing.unit_id);
}

}  // namespace ungcuu::app
