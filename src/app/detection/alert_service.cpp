#include "app/detection/alert_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "app/audit_writer.hpp"
#include "core/date.hpp"
#include "core/text.hpp"
#include "domain/unit.hpp"

namespace ungcuu::app {

namespace {

constexpr std::size_t kSampleBytes = 4096;

// Who records alerts and opens incidents by itself, in timelines and the audit log.
Actor DetectionActor() {
    Actor actor;
    actor.login = "phat-hien";
    actor.address = "detection";
    actor.unrestricted = true;
    return actor;
}

constexpr std::string_view kEvidenceName = "nhat-ky-phat-hien.txt";

/// A rule's level as the report says it.
std::string_view LevelVi(std::string_view level) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kNames = {
        {{"critical", "rất cao"}, {"high", "cao"}, {"medium", "trung bình"}, {"low", "thấp"}}};
    for (const auto& [code, name] : kNames) {
        if (code == level) {
            return name;
        }
    }
    return "thông tin";
}

/// The rule's title without its English gloss: "Đăng nhập SSH thất bại (SSH authentication
/// failure)" → "Đăng nhập SSH thất bại".
std::string VietnameseTitle(std::string_view title) {
    const auto open = title.rfind(" (");
    if (open == std::string_view::npos || !title.ends_with(")")) {
        return std::string(title);
    }
    const auto gloss = title.substr(open + 2, title.size() - open - 3);
    const bool english = std::all_of(gloss.begin(), gloss.end(),
                                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    return std::string(english ? title.substr(0, open) : title);
}

/// The source address of a correlation group ("source.ip=203.0.113.9"), if it is one.
std::optional<std::string> GroupAddress(std::string_view group) {
    constexpr std::string_view kPrefix = "source.ip=";
    if (!group.starts_with(kPrefix) || group.find(',') != std::string_view::npos) {
        return std::nullopt;
    }
    return std::string(group.substr(kPrefix.size()));
}

std::string CutSample(std::string_view text) {
    if (text.size() <= kSampleBytes) {
        return std::string(text);
    }
    return std::string(core::CutUtf8(text, kSampleBytes)) + "…";
}

void MergeFacts(std::vector<AlertFact>& into, const std::vector<AlertFact>& more) {
    constexpr std::size_t kMaxFacts = 20;
    for (const auto& fact : more) {
        if (into.size() < kMaxFacts && std::find(into.begin(), into.end(), fact) == into.end()) {
            into.push_back(fact);
        }
    }
}

/// The incident's observables from an alert: its addresses, users and hosts, and the address
/// of its group (a repeat is left out when they are added).
std::vector<std::pair<domain::ObservableKind, std::string>> ObservablesOf(
    const DetectionAlert& alert) {
    std::vector<std::pair<domain::ObservableKind, std::string>> out;
    for (const auto& fact : alert.facts) {
        // A fact's kind ("ip", "user", "host") is the observable kind's code.
        if (const auto kind = domain::ParseObservableKind(fact.kind)) {
            out.emplace_back(*kind, fact.value);
        }
    }
    if (const auto ip = GroupAddress(alert.group_key)) {
        out.emplace_back(domain::ObservableKind::kIp, *ip);
    }
    return out;
}

/// "30 sự kiện, giá trị đo 30" — what a correlation counted.
std::string CountedVi(const DetectionAlert& alert) {
    std::string text = fmt::format("{} sự kiện", alert.events);
    if (alert.measure && *alert.measure != static_cast<double>(alert.events)) {
        text += fmt::format(", giá trị đo {}", *alert.measure);
    }
    return text;
}

core::FieldSnapshot AlertSnapshot(const DetectionAlert& a) {
    core::FieldSnapshot snapshot;
    snapshot.Add("rule_id", std::string_view(a.rule_id))
        .Add("group", std::string_view(a.group_key))
        .Add("count", a.count)
        .Add("state", std::string_view(a.state));
    return snapshot;
}

}  // namespace

core::Result<std::size_t> AlertService::Record(std::span<const IngestedEvent> batch,
                                               const std::vector<DetectionHit>& hits) {
    if (hits.empty()) {
        return std::size_t{0};
    }
    std::size_t recorded = 0;
    std::vector<DetectionAlert> to_open;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        recorded = 0;
        to_open.clear();
        UNGCUU_ASSIGN_OR_RETURN(settings, setup_.Settings(repos));
        std::map<std::int64_t, domain::Unit> units;
        for (const auto& hit : hits) {
            const auto& event = batch[hit.event];
            auto unit_at = units.find(event.unit_id.value());
            if (unit_at == units.end()) {
                UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(event.unit_id));
                unit_at = units.emplace(event.unit_id.value(), std::move(unit)).first;
            }
            const auto& unit = unit_at->second;
            if (const auto* setting = (settings)->Rule(hit.rule_id, unit.path);
                setting != nullptr && !setting->value) {
                continue;  // switched off for this subtree
            }
            UNGCUU_ASSIGN_OR_RETURN(
                ongoing, repos.detection.FindOngoingAlert(unit.id, hit.rule_id, hit.group_key,
                                                          hit.at - setup_.options().fold_window));
            ++recorded;
            if (ongoing) {
                auto alert = std::move(*ongoing);
                alert.count += 1;
                alert.events += hit.event_count;
                if (hit.measure) {
                    alert.measure = hit.measure;
                }
                MergeFacts(alert.facts, hit.facts);
                alert.last_seen = std::max(alert.last_seen, hit.at);
                alert.last_event_seq = event.seq;
                alert.sample = CutSample(event.body);
                UNGCUU_RETURN_IF_ERROR(repos.detection.UpdateAlert(alert));
                continue;
            }
            const auto rule = setup_.FindRule(hit.rule_id);
            DetectionAlert alert;
            alert.unit_id = unit.id;
            alert.rule_id = hit.rule_id;
            alert.rule_title = rule ? rule->title : hit.rule_id;
            alert.level = rule ? rule->level : "medium";
            alert.group_key = hit.group_key;
            alert.events = hit.event_count;
            alert.measure = hit.measure;
            alert.facts = hit.facts;
            if (const auto* subject = SubjectFact(hit.facts)) {
                alert.subject = subject->value;
            }
            alert.first_seen = hit.at;
            alert.last_seen = hit.at;
            alert.first_event_seq = event.seq;
            alert.last_event_seq = event.seq;
            alert.sample = CutSample(event.body);
            UNGCUU_ASSIGN_OR_RETURN(inserted, repos.detection.InsertAlert(std::move(alert)));
            // A new alert (not a repeat folded into one) is a change the unit's people see at
            // once: recorded in the audit log, it reaches their live feed.
            UNGCUU_RETURN_IF_ERROR(
                WriteAudit(repos, DetectionActor(), clock_.Now(),
                           {"detection.alert.new", "detection_alert", inserted.id, &unit, "{}",
                            AlertSnapshot(inserted).ToJson()}));
            const auto* chosen = DetectionSettingIndex::Deepest((settings)->auto_open, unit.path);
            const std::string_view threshold = chosen != nullptr
                                                   ? std::string_view(chosen->value)
                                                   : setup_.options().default_auto_open;
            if (threshold != "none" &&
                DetectionLevelRank(inserted.level) >= DetectionLevelRank(threshold)) {
                inserted.unit_path = unit.path;
                to_open.push_back(std::move(inserted));
            }
        }
        return core::Ok();
    }));
    const auto actor = DetectionActor();
    for (auto& alert : to_open) {
        // An incident that cannot be opened (the unit was deactivated…) leaves the alert "new"
        // for a person to promote; the alerts are recorded and detection goes on.
        (void)OpenIncident(actor, std::move(alert));
    }
    return recorded;
}

core::Result<std::optional<domain::IncidentId>> AlertService::IncidentToJoin(
    const DetectionAlert& alert) {
    if (alert.subject.empty()) {
        return std::optional<domain::IncidentId>();
    }
    return store_.Read([&](Repositories& repos) -> core::Result<std::optional<domain::IncidentId>> {
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(alert.unit_id));
        UNGCUU_ASSIGN_OR_RETURN(settings, setup_.Settings(repos));
        const auto* chosen = DetectionSettingIndex::Deepest((settings)->join, unit.path);
        const auto minutes =
            chosen != nullptr ? chosen->value : setup_.options().default_join_minutes;
        if (minutes <= 0) {
            return std::optional<domain::IncidentId>();
        }
        UNGCUU_ASSIGN_OR_RETURN(related, repos.detection.FindPromotedAlert(
                                             alert.unit_id, alert.subject,
                                             alert.first_seen - std::chrono::minutes(minutes)));
        if (!related || !related->incident_id || related->id == alert.id) {
            return std::optional<domain::IncidentId>();
        }
        UNGCUU_ASSIGN_OR_RETURN(incident, repos.incidents.Get(*related->incident_id));
        if (incident.state == domain::IncidentState::kClosed) {
            return std::optional<domain::IncidentId>();
        }
        return std::optional(incident.id);
    });
}

core::Result<DetectionAlert> AlertService::JoinIncident(const Actor& actor,
                                                        DetectionAlert alert,
                                                        domain::IncidentId id) {
    const std::string title = VietnameseTitle(alert.rule_title);
    UNGCUU_ASSIGN_OR_RETURN(
        joined,
        incidents_.AddNote(actor, id,
                           fmt::format("Cảnh báo liên quan từ cùng nguồn {}: \"{}\" (mức {}; {}), "
                                       "lần đầu lúc {}. Dòng nhật ký: tệp nhat-ky-canh-bao-{}.txt.",
                                       alert.subject, title, LevelVi(alert.level), CountedVi(alert),
                                       core::FormatLocalDateTime(alert.first_seen), alert.id)));
    (void)incidents_.AddAttachment(actor, id, fmt::format("nhat-ky-canh-bao-{}.txt", alert.id),
                                   alert.sample + "\n");
    (void)incidents_.AddObservables(actor, id, ObservablesOf(alert));
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<DetectionAlert> {
        UNGCUU_ASSIGN_OR_RETURN(current, repos.detection.GetAlert(alert.id));
        const auto before = AlertSnapshot(current).ToJson();
        current.incident_id = id;
        current.incident_code = joined.incident.code;
        current.state = "promoted";
        UNGCUU_RETURN_IF_ERROR(
            SaveChanged(repos, actor, now, "detection.alert.promote", before, current));
        return current;
    });
}

core::Result<DetectionAlert> AlertService::OpenIncident(const Actor& actor, DetectionAlert alert) {
    // Alerts about the same address (user, host) close together are one incident: this one
    // joins the open incident of an earlier one.
    UNGCUU_ASSIGN_OR_RETURN(join, IncidentToJoin(alert));
    if (join) {
        return JoinIncident(actor, std::move(alert), *join);
    }
    const auto rule = setup_.FindRule(alert.rule_id);
    NewIncident request;
    auto& fields = request.fields;
    fields.source = domain::IncidentSource::kDetection;
    fields.source_ref =
        alert.group_key.empty() ? alert.rule_id : alert.rule_id + "|" + alert.group_key;
    const std::string title = VietnameseTitle(alert.rule_title);
    fields.title = title;
    if (!alert.subject.empty()) {
        fields.title += " (" + alert.subject + ")";
    } else if (!alert.group_key.empty()) {
        fields.title += " (" + alert.group_key + ")";
    }
    // In Vietnamese, for the people who read the report; the raw log line goes in an annex.
    fields.description = fmt::format(
        "Hệ thống giám sát phát hiện tự động theo luật \"{}\" (mức {}){}: {}, lần đầu lúc {}.\n"
        "Dòng nhật ký ghi nhận được đính kèm (tệp {}).",
        title, LevelVi(alert.level),
        alert.group_key.empty() ? "" : fmt::format(", nguồn {}", alert.group_key), CountedVi(alert),
        core::FormatLocalDateTime(alert.first_seen), kEvidenceName);
    fields.detected_at = std::min(alert.first_seen, clock_.Now());
    fields.detection_methods = {"ids"};
    // The reporter is the unit whose system raised it, the person to contact its primary
    // contact point (đầu mối) — as on a report the unit would have filed itself.
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(alert.unit_id));
        fields.reporter = {unit.name_vi, unit.contact.address, "", unit.contact.phone,
                           unit.contact.email};
        UNGCUU_ASSIGN_OR_RETURN(points, repos.contacts.ListByUnit(unit.id));
        for (const auto& point : points) {
            if (point.role != domain::ContactRole::kPrimary) {
                continue;
            }
            if (auto person = repos.people.Get(point.person_id); person.ok()) {
                fields.contact = {
                    person->full_name, unit.contact.address, person->position,
                    person->mobile_phone.empty() ? person->office_phone : person->mobile_phone,
                    person->email};
            }
        }
        return core::Ok();
    }));
    if (rule) {
        for (const auto& scenario : rule->scenarios) {
            if (taxonomy_.Find(scenario) != nullptr) {
                fields.scenarios.push_back(scenario);
            }
        }
    }
    request.unit_id = alert.unit_id;
    UNGCUU_ASSIGN_OR_RETURN(created, incidents_.Create(actor, std::move(request)));
    const auto id = created.details.incident.id;
    // The evidence: the log line as received; its addresses, users and hosts as observables.
    if (created.created) {
        (void)incidents_.AddAttachment(actor, id, kEvidenceName, alert.sample + "\n");
        (void)incidents_.AddObservables(actor, id, ObservablesOf(alert));
    }
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<DetectionAlert> {
        UNGCUU_ASSIGN_OR_RETURN(current, repos.detection.GetAlert(alert.id));
        const auto before = AlertSnapshot(current).ToJson();
        current.incident_id = created.details.incident.id;
        current.incident_code = created.details.incident.code;
        current.state = "promoted";
        UNGCUU_RETURN_IF_ERROR(
            SaveChanged(repos, actor, now, "detection.alert.promote", before, current));
        return current;
    });
}

core::Result<std::vector<DetectionAlert>> AlertService::Alerts(const Actor& actor,
                                                               const AlertQuery& query) {
    AlertFilter filter;
    filter.scope = actor.scope.VisibleRoots();
    filter.unrestricted = actor.unrestricted;
    filter.unit_id = query.unit_id;
    filter.state = query.state;
    filter.rule_id = query.rule_id;
    filter.before_id = query.before_id;
    filter.limit = std::clamp(query.limit, 1, 500);
    if (!filter.state.empty() && filter.state != "new" && filter.state != "promoted" &&
        filter.state != "dismissed") {
        return core::InvalidArgument(
            fmt::format("Trạng thái cảnh báo \"{}\" không có (new, promoted, dismissed).",
                        filter.state),
            fmt::format("Unknown alert state \"{}\" (new, promoted, dismissed).", filter.state));
    }
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<DetectionAlert>> {
        return repos.detection.Alerts(filter);
    });
}

core::Status AlertService::SaveChanged(Repositories& repos,
                                       const Actor& actor,
                                       core::TimePoint now,
                                       std::string_view action,
                                       const std::string& before,
                                       const DetectionAlert& alert) {
    UNGCUU_RETURN_IF_ERROR(repos.detection.UpdateAlert(alert));
    UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(alert.unit_id));
    return WriteAudit(
        repos, actor, now,
        {action, "detection_alert", alert.id, &unit, before, AlertSnapshot(alert).ToJson()});
}

core::Result<DetectionAlert> AlertService::LoadVisibleAlert(Repositories& repos,
                                                            const Actor& actor,
                                                            std::int64_t id) {
    auto alert = repos.detection.GetAlert(id);
    if (alert.ok() && !actor.unrestricted && !actor.scope.Sees(alert->unit_path)) {
        return core::NotFound("Không tìm thấy cảnh báo.", "Alert not found.");
    }
    return alert;
}

core::Result<DetectionAlert> AlertService::Alert(const Actor& actor, std::int64_t id) {
    return store_.Read([&](Repositories& repos) -> core::Result<DetectionAlert> {
        return LoadVisibleAlert(repos, actor, id);
    });
}

core::Result<DetectionAlert> AlertService::Promote(const Actor& actor, std::int64_t id) {
    auto alert = Alert(actor, id);
    if (!alert.ok()) {
        return alert;
    }
    UNGCUU_RETURN_IF_ERROR(actor.Authorize(alert->unit_path, domain::Permission::kIncidentHandle));
    if (alert->state == "promoted" && alert->incident_id) {
        return core::Conflict(
            fmt::format("Cảnh báo đã có sự cố {}.", alert->incident_code),
            fmt::format("The alert already belongs to incident {}.", alert->incident_code));
    }
    return OpenIncident(actor, std::move(alert).value());
}

core::Result<DetectionAlert> AlertService::Dismiss(const Actor& actor, std::int64_t id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<DetectionAlert> {
        UNGCUU_ASSIGN_OR_RETURN(alert, LoadVisibleAlert(repos, actor, id));
        UNGCUU_RETURN_IF_ERROR(
            actor.Authorize(alert.unit_path, domain::Permission::kIncidentHandle));
        if (alert.state != "new") {
            return core::Conflict("Chỉ bỏ qua được cảnh báo mới.",
                                  "Only new alerts can be dismissed.");
        }
        const auto before = AlertSnapshot(alert).ToJson();
        alert.state = "dismissed";
        UNGCUU_RETURN_IF_ERROR(
            SaveChanged(repos, actor, now, "detection.alert.dismiss", before, alert));
        return alert;
    });
}

}  // namespace ungcuu::app
