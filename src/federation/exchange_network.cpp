// What the network's year sends between installations, beside warnings and incident reports:
// Mẫu 06 coordination orders down to the unit a child installation stands for and their answers
// back up; withdrawals of warnings sent down; the top unit's periodic reports up to the parent
// installation and the parent's review (accepted, or returned with the reason) back down; the
// parent's acknowledgement of an incident a child reported; an incident shared by choice, under a
// TLP label, with any connected installation. Each is collected from the records (or queued by
// the sharing) in the transaction that links it to its envelope, so it is queued once and never
// lost.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <set>

#include "app/audit_writer.hpp"
#include "app/unit_access.hpp"
#include "core/text.hpp"
#include "federation/exchange_service.hpp"
#include "federation/json_fields.hpp"

namespace ungcuu::federation {

namespace {

namespace json = boost::json;
using app::Repositories;

json::object FiguresJson(const domain::Figures& figures) {
    json::object out;
    for (const auto& [key, value] : figures) {
        out[key] = value;
    }
    return out;
}

core::Result<domain::Figures> FiguresField(const json::object& body, std::string_view key) {
    constexpr std::size_t kMaxFigures = 1000;
    const auto* object = ObjectField(body, key);
    if (object == nullptr || object->size() > kMaxFigures) {
        return FieldError(key);
    }
    domain::Figures out;
    for (const auto& [name, value] : *object) {
        if (!value.is_int64()) {
            return FieldError(key);
        }
        out[std::string(name)] = value.as_int64();
    }
    return out;
}

}  // namespace

core::Status ExchangeService::FromRelation(const domain::ExchangePeer& peer,
                                           domain::PeerRelation relation,
                                           std::string_view what_vi,
                                           std::string_view what_en) {
    if (peer.relation == relation && (relation == domain::PeerRelation::kParent || peer.unit)) {
        return core::Ok();
    }
    const bool parent = relation == domain::PeerRelation::kParent;
    return core::Error::Make(
        core::ErrorCode::kPermissionDenied,
        fmt::format("Chỉ hệ thống {} mới {}.", parent ? "cấp trên" : "cấp dưới", what_vi),
        fmt::format("Only a {} installation {}.", parent ? "parent" : "child", what_en));
}

core::Result<int> ExchangeService::CollectNetwork(
    Repositories& repos,
    const Self& self,
    const std::map<std::int64_t, domain::ExchangePeer>& peers) {
    int queued = 0;
    const auto queue = [&](const app::ExchangeCandidate& c, std::string type, json::object body,
                           std::string_view link, const std::string& remote) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(id, QueueEnvelope(repos, self, self.key, peers.at(c.peer.value()),
                                                  std::move(type), std::move(body)));
        ++queued;
        return repos.exchange.SaveLink(c.peer, link, c.local_id, remote.empty() ? id : remote);
    };

    UNGCUU_ASSIGN_OR_RETURN(orders, repos.exchange.OrdersToSend(200));
    for (const auto& c : orders) {
        UNGCUU_ASSIGN_OR_RETURN(task, repos.network.GetTask(domain::OrderTaskId{c.local_id}));
        UNGCUU_ASSIGN_OR_RETURN(order, repos.network.GetOrder(task.order_id));
        UNGCUU_RETURN_IF_ERROR(queue(c, "order",
                                     {{"task", std::to_string(task.id.value())},
                                      {"kind", domain::OrderKindCode(order.kind)},
                                      {"issuer", order.issuer},
                                      {"number", order.number},
                                      {"issued_on", core::FormatDate(order.issued_on)},
                                      {"subject", order.subject},
                                      {"actions", order.actions},
                                      {"deadline", core::FormatRfc3339(task.due_at)}},
                                     "order_out", ""));
    }
    UNGCUU_ASSIGN_OR_RETURN(answers, repos.exchange.TaskAnswersToSend(200));
    for (const auto& c : answers) {
        UNGCUU_ASSIGN_OR_RETURN(task, repos.network.GetTask(domain::OrderTaskId{c.local_id}));
        UNGCUU_RETURN_IF_ERROR(queue(c, "task_answer",
                                     {{"task", c.remote_id},
                                      {"state", domain::TaskStateCode(task.state)},
                                      {"answer", task.answer},
                                      {"answered_by", task.answered_by}},
                                     "task_out", ""));
    }
    UNGCUU_ASSIGN_OR_RETURN(withdrawals, repos.exchange.WithdrawalsToSend(200));
    for (const auto& c : withdrawals) {
        UNGCUU_RETURN_IF_ERROR(
            queue(c, "withdrawal", {{"warning", std::to_string(c.local_id)}}, "withdraw_out", ""));
    }
    UNGCUU_ASSIGN_OR_RETURN(periodics, repos.exchange.PeriodicsToSend(50));
    for (const auto& c : periodics) {
        UNGCUU_ASSIGN_OR_RETURN(report, repos.periodic.Get(domain::PeriodicReportId{c.local_id}));
        if (!report.submitted_at) {
            continue;
        }
        const auto submitted = std::to_string(core::ToUnixMillis(*report.submitted_at));
        UNGCUU_RETURN_IF_ERROR(queue(c, "periodic",
                                     {{"regime", report.regime},
                                      {"period", report.period},
                                      {"narrative", report.narrative},
                                      {"proposals", report.proposals},
                                      {"helpers", report.helpers},
                                      {"foreign_helpers", report.foreign_helpers},
                                      {"own", FiguresJson(report.own)},
                                      {"total", FiguresJson(report.total)},
                                      {"submitted", submitted},
                                      {"submitted_by", report.submitted_by}},
                                     "periodic_out", submitted));
    }
    UNGCUU_ASSIGN_OR_RETURN(reviews, repos.exchange.ReviewsToSend(200));
    for (const auto& c : reviews) {
        UNGCUU_ASSIGN_OR_RETURN(report, repos.periodic.Get(domain::PeriodicReportId{c.local_id}));
        const bool accepted = report.state == domain::PeriodicState::kAccepted;
        UNGCUU_RETURN_IF_ERROR(queue(c, "review",
                                     {{"regime", report.regime},
                                      {"period", report.period},
                                      {"submitted", c.remote_id},
                                      {"state", domain::PeriodicStateCode(report.state)},
                                      {"reason", accepted ? std::string() : report.return_reason},
                                      {"by", accepted ? report.accepted_by : report.returned_by}},
                                     "review_out", c.remote_id));
    }
    UNGCUU_ASSIGN_OR_RETURN(acks, repos.exchange.AcknowledgementsToSend(200));
    for (const auto& c : acks) {
        UNGCUU_ASSIGN_OR_RETURN(incident, repos.incidents.Get(domain::IncidentId{c.local_id}));
        if (!incident.acknowledged_at) {
            continue;
        }
        UNGCUU_RETURN_IF_ERROR(
            queue(c, "ack",
                  {{"incident", c.remote_id},
                   {"code", incident.code},
                   {"acknowledged_at", core::FormatRfc3339(*incident.acknowledged_at)}},
                  "ack_out", ""));
    }
    return queued;
}

core::Status ExchangeService::ApplyOrder(Repositories& repos,
                                         const domain::ExchangePeer& peer,
                                         const Envelope& envelope) {
    UNGCUU_RETURN_IF_ERROR(FromRelation(peer, domain::PeerRelation::kParent,
                                        "gửi lệnh điều phối xuống", "sends orders down"));
    const auto& body = envelope.body.as_object();
    UNGCUU_ASSIGN_OR_RETURN(remote_task, IdField(body, "task"));
    UNGCUU_ASSIGN_OR_RETURN(kind, TextField(body, "kind", 20));
    UNGCUU_ASSIGN_OR_RETURN(issuer, TextField(body, "issuer", 300));
    UNGCUU_ASSIGN_OR_RETURN(number, TextField(body, "number", 100));
    UNGCUU_ASSIGN_OR_RETURN(issued_on, TextField(body, "issued_on", 10));
    UNGCUU_ASSIGN_OR_RETURN(subject, TextField(body, "subject", 500));
    UNGCUU_ASSIGN_OR_RETURN(actions, TextField(body, "actions", 10000));
    UNGCUU_ASSIGN_OR_RETURN(deadline, TimeField(body, "deadline"));
    const auto parsed_kind = domain::ParseOrderKind(kind);
    const auto date = core::ParseDate(issued_on);
    if (!parsed_kind || !date) {
        return FieldError(parsed_kind ? "issued_on" : "kind");
    }
    domain::CoordinationOrder order;
    order.kind = *parsed_kind;
    order.issuer = std::move(issuer);
    order.number = std::move(number);
    order.issued_on = *date;
    order.subject = std::move(subject);
    order.actions = std::move(actions);
    order.deadline = deadline;
    UNGCUU_ASSIGN_OR_RETURN(top, app::TopUnit(repos));
    UNGCUU_ASSIGN_OR_RETURN(task,
                            network_.Receive(repos, PeerActor(peer), std::move(order), top.id));
    return repos.exchange.SaveLink(peer.id, "order_in", task.id.value(),
                                   std::to_string(remote_task));
}

core::Status ExchangeService::ApplyTaskAnswer(Repositories& repos,
                                              const domain::ExchangePeer& peer,
                                              const Envelope& envelope) {
    UNGCUU_RETURN_IF_ERROR(FromRelation(peer, domain::PeerRelation::kChild,
                                        "trả lời lệnh điều phối", "answers orders"));
    const auto& body = envelope.body.as_object();
    UNGCUU_ASSIGN_OR_RETURN(task, IdField(body, "task"));
    UNGCUU_ASSIGN_OR_RETURN(state_code, TextField(body, "state", 20));
    UNGCUU_ASSIGN_OR_RETURN(answer, TextField(body, "answer", 5000));
    UNGCUU_ASSIGN_OR_RETURN(by, TextField(body, "answered_by", 200, false));
    const auto state = domain::ParseTaskState(state_code);
    if (!state) {
        return FieldError("state");
    }
    return network_.TakeRemoteAnswer(repos, PeerActor(peer), domain::OrderTaskId{task}, *peer.unit,
                                     *state, answer, fmt::format("{} ({})", by, peer.name));
}

core::Status ExchangeService::ApplyWithdrawal(Repositories& repos,
                                              const domain::ExchangePeer& peer,
                                              const Envelope& envelope) {
    UNGCUU_RETURN_IF_ERROR(FromRelation(peer, domain::PeerRelation::kParent,
                                        "thu hồi cảnh báo đã gửi", "withdraws warnings it sent"));
    UNGCUU_ASSIGN_OR_RETURN(remote, IdField(envelope.body.as_object(), "warning"));
    UNGCUU_ASSIGN_OR_RETURN(local,
                            repos.exchange.LocalOf(peer.id, "warning_in", std::to_string(remote)));
    if (!local) {
        return core::NotFound("Cảnh báo được thu hồi chưa từng được nhận ở đây.",
                              "The withdrawn warning was never received here.");
    }
    return warnings_.WithdrawRemote(repos, PeerActor(peer), domain::WarningId{*local});
}

core::Status ExchangeService::ApplyPeriodic(Repositories& repos,
                                            const domain::ExchangePeer& peer,
                                            const Envelope& envelope) {
    UNGCUU_RETURN_IF_ERROR(FromRelation(peer, domain::PeerRelation::kChild,
                                        "gửi báo cáo định kỳ lên", "sends periodic reports up"));
    const auto& body = envelope.body.as_object();
    domain::PeriodicReport filed;
    UNGCUU_ASSIGN_OR_RETURN(regime, TextField(body, "regime", 64));
    UNGCUU_ASSIGN_OR_RETURN(period, TextField(body, "period", 16));
    UNGCUU_ASSIGN_OR_RETURN(narrative, TextField(body, "narrative", 50000, false));
    UNGCUU_ASSIGN_OR_RETURN(proposals, TextField(body, "proposals", 50000, false));
    UNGCUU_ASSIGN_OR_RETURN(helpers, TextField(body, "helpers", 20000, false));
    UNGCUU_ASSIGN_OR_RETURN(foreign_helpers, TextField(body, "foreign_helpers", 20000, false));
    UNGCUU_ASSIGN_OR_RETURN(own, FiguresField(body, "own"));
    UNGCUU_ASSIGN_OR_RETURN(total, FiguresField(body, "total"));
    UNGCUU_ASSIGN_OR_RETURN(submitted, IdField(body, "submitted"));
    UNGCUU_ASSIGN_OR_RETURN(by, TextField(body, "submitted_by", 200, false));
    filed.regime = std::move(regime);
    filed.period = std::move(period);
    filed.unit_id = *peer.unit;
    filed.narrative = std::move(narrative);
    filed.proposals = std::move(proposals);
    filed.helpers = std::move(helpers);
    filed.foreign_helpers = std::move(foreign_helpers);
    filed.own = std::move(own);
    filed.total = std::move(total);
    filed.submitted_at = core::FromUnixMillis(submitted);
    filed.submitted_by = fmt::format("{} ({})", by, peer.name);
    UNGCUU_ASSIGN_OR_RETURN(id, periodic_.ReceiveRemote(repos, PeerActor(peer), std::move(filed)));
    return repos.exchange.SaveLink(peer.id, "periodic_in", id.value(), std::to_string(submitted));
}

core::Status ExchangeService::ApplyReview(Repositories& repos,
                                          const domain::ExchangePeer& peer,
                                          const Envelope& envelope) {
    UNGCUU_RETURN_IF_ERROR(FromRelation(peer, domain::PeerRelation::kParent,
                                        "xem xét báo cáo định kỳ", "reviews periodic reports"));
    const auto& body = envelope.body.as_object();
    domain::PeriodicReport reviewed;
    UNGCUU_ASSIGN_OR_RETURN(regime, TextField(body, "regime", 64));
    UNGCUU_ASSIGN_OR_RETURN(period, TextField(body, "period", 16));
    UNGCUU_ASSIGN_OR_RETURN(submitted, IdField(body, "submitted"));
    UNGCUU_ASSIGN_OR_RETURN(state_code, TextField(body, "state", 20));
    UNGCUU_ASSIGN_OR_RETURN(reason, TextField(body, "reason", 5000, false));
    UNGCUU_ASSIGN_OR_RETURN(by, TextField(body, "by", 200, false));
    const auto state = domain::ParsePeriodicState(state_code);
    if (!state || (*state != domain::PeriodicState::kAccepted &&
                   *state != domain::PeriodicState::kReturned)) {
        return FieldError("state");
    }
    UNGCUU_ASSIGN_OR_RETURN(top, app::TopUnit(repos));
    reviewed.regime = std::move(regime);
    reviewed.period = std::move(period);
    reviewed.unit_id = top.id;
    reviewed.state = *state;
    reviewed.return_reason = std::move(reason);
    return periodic_.TakeRemoteReview(repos, PeerActor(peer), reviewed,
                                      core::FromUnixMillis(submitted),
                                      fmt::format("{} ({})", by, peer.name));
}

core::Status ExchangeService::ApplyAcknowledgement(Repositories& repos,
                                                   const domain::ExchangePeer& peer,
                                                   const Envelope& envelope) {
    UNGCUU_RETURN_IF_ERROR(FromRelation(peer, domain::PeerRelation::kParent,
                                        "xác nhận đã tiếp nhận sự cố", "acknowledges incidents"));
    const auto& body = envelope.body.as_object();
    UNGCUU_ASSIGN_OR_RETURN(id, IdField(body, "incident"));
    UNGCUU_ASSIGN_OR_RETURN(code, TextField(body, "code", 64, false));
    UNGCUU_ASSIGN_OR_RETURN(at, TimeField(body, "acknowledged_at"));
    auto incident = repos.incidents.Get(domain::IncidentId{id});
    if (!incident.ok()) {
        return core::NotFound("Sự cố được xác nhận không có ở đây.",
                              "The acknowledged incident does not exist here.");
    }
    return repos.incidents.AddEvent(domain::IncidentEvent{
        .incident_id = incident->id,
        .at = clock_.Now(),
        .kind = "note",
        .actor = PeerActor(peer).login,
        .note = fmt::format("Hệ thống \"{}\" đã tiếp nhận báo cáo sự cố lúc {}{}.", peer.name,
                            core::FormatLocalDateTime(at),
                            code.empty() ? "" : fmt::format(" (mã ở cấp trên: {})", code))});
}

// ---- incidents shared by choice --------------------------------------------------------------

core::Result<std::vector<app::ShareTarget>> ExchangeService::ShareTargets(const app::Actor& actor) {
    (void)actor;  // the door admits incident handlers only; the names are not confidential
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<app::ShareTarget>> {
        UNGCUU_ASSIGN_OR_RETURN(peers, repos.exchange.Peers());
        std::vector<app::ShareTarget> out;
        for (const auto& peer : peers) {
            if (!peer.suspended) {
                out.push_back({peer.id, peer.name, peer.relation});
            }
        }
        return out;
    });
}

core::Result<std::string> ExchangeService::ShareIncident(const app::Actor& actor,
                                                         domain::IncidentId id,
                                                         domain::PeerId peer_id,
                                                         domain::Tlp tlp) {
    UNGCUU_ASSIGN_OR_RETURN(details, incidents_.Get(actor, id));
    const auto& incident = details.incident;
    UNGCUU_RETURN_IF_ERROR(
        actor.Authorize(incident.unit_path, domain::Permission::kIncidentHandle));
    if (incident.drill_id) {
        return core::Conflict("Sự cố diễn tập không chia sẻ ra ngoài.",
                              "An exercise incident is not shared outside.");
    }
    if (incident.confidential && tlp != domain::Tlp::kAmber && tlp != domain::Tlp::kRed) {
        return core::InvalidArgument("Sự cố mật chỉ chia sẻ với nhãn TLP:AMBER hoặc TLP:RED.",
                                     "A confidential incident is shared as TLP:AMBER or RED only.");
    }
    json::array observables;
    for (const auto& observable : details.observables) {
        observables.push_back(json::object{{"kind", domain::ObservableKindCode(observable.kind)},
                                           {"value", observable.value}});
    }
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<std::string> {
        UNGCUU_ASSIGN_OR_RETURN(peer, repos.exchange.GetPeer(peer_id));
        if (peer.suspended) {
            return core::Conflict(
                "Kết nối với hệ thống này đang tạm ngừng; quản trị hệ thống mở lại trên trang "
                "Kết nối hệ thống.",
                "The connection to this installation is suspended; the administrator resumes it "
                "on the connections page.");
        }
        UNGCUU_ASSIGN_OR_RETURN(shared, repos.exchange.LinkOf(peer.id, "share_out", id.value()));
        if (shared) {
            return core::Conflict(
                fmt::format("Sự cố đã được chia sẻ với \"{}\".", peer.name),
                fmt::format("The incident has been shared with \"{}\" already.", peer.name));
        }
        UNGCUU_ASSIGN_OR_RETURN(self, EnsureIdentity(repos));
        UNGCUU_ASSIGN_OR_RETURN(
            envelope, QueueEnvelope(repos, self, self.key, peer, "share",
                                    {{"id", std::to_string(id.value())},
                                     {"code", incident.code},
                                     {"title", incident.title},
                                     {"description", incident.description},
                                     {"unit", details.unit_name},
                                     {"detected_at", core::FormatRfc3339(incident.detected_at)},
                                     {"serious", incident.severity == domain::Severity::kSerious},
                                     {"scenarios", StringArray(incident.scenarios)},
                                     {"observables", std::move(observables)},
                                     {"tlp", domain::TlpCode(tlp)}}));
        UNGCUU_RETURN_IF_ERROR(repos.exchange.SaveLink(peer.id, "share_out", id.value(), envelope));
        std::string label(domain::TlpCode(tlp));
        std::transform(label.begin(), label.end(), label.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        const auto note = fmt::format("Chia sẻ với hệ thống \"{}\" (TLP:{}).", peer.name, label);
        UNGCUU_RETURN_IF_ERROR(repos.incidents.AddEvent(domain::IncidentEvent{
            .incident_id = id, .at = now, .kind = "note", .actor = actor.login, .note = note}));
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(incident.unit_id));
        UNGCUU_RETURN_IF_ERROR(
            app::WriteAudit(repos, actor, now,
                            {"incident.share", "incident", id.value(), &unit, "{}",
                             core::FieldSnapshot()
                                 .Add("peer", std::string_view(peer.name))
                                 .Add("tlp", domain::TlpCode(tlp))
                                 .ToJson()}));
        return envelope;
    });
}

core::Status ExchangeService::ApplyShare(Repositories& repos,
                                         const domain::ExchangePeer& peer,
                                         const Envelope& envelope) {
    const auto& body = envelope.body.as_object();
    UNGCUU_ASSIGN_OR_RETURN(remote, IdField(body, "id"));
    UNGCUU_ASSIGN_OR_RETURN(code, TextField(body, "code", 64));
    UNGCUU_ASSIGN_OR_RETURN(title, TextField(body, "title", 500));
    UNGCUU_ASSIGN_OR_RETURN(description, TextField(body, "description", 20000, false));
    UNGCUU_ASSIGN_OR_RETURN(unit, TextField(body, "unit", 300, false));
    UNGCUU_ASSIGN_OR_RETURN(detected_at, TimeField(body, "detected_at"));
    UNGCUU_ASSIGN_OR_RETURN(scenarios, TextsField(body, "scenarios", 20, 40));
    UNGCUU_ASSIGN_OR_RETURN(tlp_code, TextField(body, "tlp", 10));
    const auto tlp = domain::ParseTlp(tlp_code);
    if (!tlp) {
        return FieldError("tlp");
    }
    UNGCUU_ASSIGN_OR_RETURN(observables, IndicatorsField(body, "observables"));
    domain::Warning w;
    std::set<std::pair<domain::ObservableKind, std::string>> seen;
    for (auto& [kind, value] : observables) {
        // What a warning cannot carry as an indicator (a user name, say) stays in the text.
        auto normal = domain::NormaliseObservable(kind, value);
        if (normal.ok() && seen.emplace(kind, *normal).second) {
            w.indicators.push_back({kind, std::move(normal).value()});
        }
    }
    const auto now = clock_.Now();
    const auto serious = body.if_contains("serious");
    w.title = std::string(core::CutUtf8(fmt::format("Sự cố {} chia sẻ: {}", code, title), 500));
    w.severity = serious != nullptr && serious->is_bool() && serious->as_bool()
                     ? domain::WarningSeverity::kHigh
                     : domain::WarningSeverity::kMedium;
    w.description = std::string(core::CutUtf8(
        fmt::format(
            "Hệ thống \"{}\" chia sẻ sự cố {}{} phát hiện lúc {}{}.\n\n{}", peer.name, code,
            unit.empty() ? "" : fmt::format(" của {}", unit),
            core::FormatLocalDateTime(detected_at),
            scenarios.empty() ? "" : fmt::format(" (kịch bản {})", fmt::join(scenarios, ", ")),
            description),
        20000));
    w.actions =
        "Đối chiếu các dấu hiệu với hệ thống và sự cố của đơn vị; báo cho hệ thống đã chia sẻ nếu "
        "gặp dấu hiệu tương tự.";
    w.tlp = *tlp;
    w.issued_at = now;
    w.deadline = now + std::chrono::hours(24 * 7);
    w.issued_by = peer.name;
    w.origin_peer = peer.id;
    w.origin_name = peer.name;
    UNGCUU_ASSIGN_OR_RETURN(top, app::TopUnit(repos));
    UNGCUU_ASSIGN_OR_RETURN(created,
                            warnings_.Receive(repos, PeerActor(peer), std::move(w), top.id));
    return repos.exchange.SaveLink(peer.id, "share_in", created.id.value(), std::to_string(remote));
}

}  // namespace ungcuu::federation
