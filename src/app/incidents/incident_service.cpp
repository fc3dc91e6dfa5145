#include "app/incidents/incident_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "app/audit_writer.hpp"
#include "app/unit_access.hpp"
#include "core/text.hpp"
#include "domain/validation.hpp"

namespace ungcuu::app {

namespace {

using domain::IncidentState;

constexpr std::string_view kTrackingAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

core::FieldSnapshot IncidentSnapshot(const domain::Incident& i) {
    core::FieldSnapshot snapshot;
    snapshot.Add("code", std::string_view(i.code))
        .Add("state", domain::IncidentStateCode(i.state))
        .Add("severity", domain::SeverityCode(i.severity))
        .Add("title", std::string_view(i.title))
        .Add("scenarios", std::string_view(fmt::format("{}", fmt::join(i.scenarios, ","))))
        .Add("capacity", domain::CapacityCode(i.capacity))
        .Add("rule_set", std::string_view(i.rule_set));
    return snapshot;
}

std::optional<core::TimePoint> NextDue(const std::vector<domain::IncidentClock>& clocks) {
    std::optional<core::TimePoint> next;
    for (const auto& clock : clocks) {
        if (clock.done_at) {
            continue;
        }
        if (!next || clock.due_at < *next) {
            next = clock.due_at;
        }
    }
    return next;
}

bool HasIssued(const std::vector<domain::IncidentReport>& reports, std::string_view type) {
    return std::any_of(reports.begin(), reports.end(), [&](const auto& r) {
        return r.type == type && r.state == domain::ReportState::kIssued;
    });
}

core::Status CheckSearch(const IncidentQuery& query) {
    if (query.limit < 1 || query.limit > 200) {
        return core::InvalidArgument("limit phải từ 1 đến 200.", "limit must be 1 to 200.");
    }
    return core::Ok();
}

}  // namespace

const domain::IncidentRuleSet* IncidentRuleBook::Find(std::string_view id) const {
    for (const auto& set : sets) {
        if (set.id == id) {
            return &set;
        }
    }
    return nullptr;
}

const domain::IncidentRuleSet& IncidentRuleBook::Default() const {
    const auto* found = Find(default_id);
    return found != nullptr ? *found : sets.front();
}

std::string ActorName(const Actor& actor) { return actor.login; }

const domain::IncidentRuleSet& IncidentService::RulesOf(const domain::Incident& incident) const {
    const auto* found = rules_.Find(incident.rule_set);
    return found != nullptr ? *found : rules_.Default();
}

core::Result<std::vector<domain::AffectedSystem>> IncidentService::AffectedSystems(
    Repositories& repos, const std::vector<domain::SystemId>& ids, const Actor* naming) {
    std::vector<domain::AffectedSystem> out;
    for (const auto id : ids) {
        auto system = repos.systems.Get(id);
        const bool out_of_scope = system.ok() && naming != nullptr && !naming->unrestricted &&
                                  !naming->scope.Sees(system->owner_path);
        if (out_of_scope || (!system.ok() && system.error().code == core::ErrorCode::kNotFound)) {
            core::Error error = core::InvalidArgument(
                fmt::format("Hệ thống {} không có trong danh mục của bạn.", id.value()),
                fmt::format("System {} is not in your registry.", id.value()));
            error.details.push_back(
                {"system_ids", "không có trong danh mục của bạn", "not in your registry"});
            return error;
        }
        if (!system.ok()) {
            return std::move(system).error();
        }
        out.push_back({system->id, system->code, system->name_vi,
                       system->approved_level.value_or(system->proposed_level),
                       system->national_critical});
    }
    return out;
}

std::vector<domain::IncidentClock> IncidentService::Clocks(
    const domain::Incident& incident,
    const std::vector<domain::IncidentReport>& reports,
    core::TimePoint now) {
    domain::ClockEvents events;
    for (const auto& report : reports) {
        if (report.state == domain::ReportState::kIssued && report.issued_at) {
            events.reports_issued.emplace_back(report.type, *report.issued_at);
        }
    }
    auto calendar = calendar_.Calendar();
    static const domain::WorkingCalendar kEmpty;
    return domain::ComputeClocks(RulesOf(incident), incident, events,
                                 calendar.ok() ? **calendar : kEmpty, now);
}

core::Status IncidentService::Save(Repositories& repos,
                                   const Actor& actor,
                                   domain::Incident& incident,
                                   domain::IncidentEvent event) {
    const auto now = clock_.Now();
    incident.updated_at = now;
    UNGCUU_ASSIGN_OR_RETURN(reports, repos.incidents.Reports(incident.id));
    const auto clocks = Clocks(incident, reports, now);
    const auto next = domain::IsOpen(incident.state) ? NextDue(clocks) : std::nullopt;
    UNGCUU_RETURN_IF_ERROR(repos.incidents.Update(incident, next));
    event.incident_id = incident.id;
    event.at = now;
    event.actor = ActorName(actor);
    UNGCUU_RETURN_IF_ERROR(repos.incidents.AddEvent(event));
    // Steps, classification, files and issued reports are audited by their callers with their
    // snapshots; the incident's other changes are recorded here (and reach the change feed).
    static constexpr std::string_view kAuditedHere[] = {
        "note", "observable", "task", "task_done", "report_draft", "repeated", "track_decision"};
    if (std::find(std::begin(kAuditedHere), std::end(kAuditedHere), event.kind) ==
        std::end(kAuditedHere)) {
        return core::Ok();
    }
    const auto unit = repos.units.Get(incident.unit_id);
    const std::string action = "incident." + event.kind;
    // A leader's decision is kept in the audit log with who decided and why.
    std::string after = "{}";
    if (event.kind == "track_decision" && incident.track_decision) {
        core::FieldSnapshot decision;
        decision.Add("leader", std::string_view(incident.track_decision->name))
            .Add("reason", std::string_view(incident.track_decision->reason));
        after = decision.ToJson();
    }
    return WriteAudit(
        repos, actor, now,
        {action, "incident", incident.id.value(), unit.ok() ? &*unit : nullptr, "{}", after});
}

core::Result<domain::Incident> IncidentService::LoadVisible(Repositories& repos,
                                                            const Actor& actor,
                                                            domain::IncidentId id) {
    UNGCUU_ASSIGN_OR_RETURN(incident, repos.incidents.Get(id));
    if (!actor.unrestricted && !actor.scope.Sees(incident.unit_path)) {
        return core::NotFound("Không tìm thấy sự cố.", "Incident not found.");
    }
    return incident;
}

namespace {

/// What the state machine's guards need to know of the incident (the caller adds what depends
/// on the step asked for: a note, a merge target).
domain::TransitionFacts FactsOf(const domain::Incident& incident,
                                const domain::IncidentRuleSet& rules,
                                const std::vector<domain::IncidentReport>& reports) {
    domain::TransitionFacts facts;
    facts.classified = !incident.scenarios.empty();
    facts.serious = incident.severity == domain::Severity::kSerious;
    facts.final_report_due = rules.final_report_always || incident.capacity_exceeded_at.has_value();
    facts.final_report_issued = HasIssued(reports, "final");
    facts.serious_pending = domain::SeriousDecisionPending(incident, rules.severity);
    facts.escalation_article = rules.severity.escalation_article;
    return facts;
}

/// The steps that may follow the incident's state, each with why it cannot be taken yet.
std::vector<NextStep> NextSteps(const domain::Incident& incident,
                                const domain::IncidentRuleSet& rules,
                                const std::vector<domain::IncidentReport>& reports) {
    auto facts = FactsOf(incident, rules, reports);
    facts.merge_target = true;  // asked for when the step is taken
    facts.note = true;
    std::vector<NextStep> next;
    for (const auto to : domain::NextStates(incident.state)) {
        NextStep step;
        step.to = to;
        const auto check = domain::CheckTransition(incident.state, to, facts);
        if (!check.ok()) {
            step.possible = false;
            step.why_not_vi = check.error().message_vi;
            step.why_not_en = check.error().message_en;
        }
        next.push_back(std::move(step));
    }
    return next;
}

}  // namespace

core::Result<IncidentDetails> IncidentService::Details(Repositories& repos,
                                                       const Actor& actor,
                                                       domain::Incident incident) {
    IncidentDetails d;
    const auto now = clock_.Now();
    const auto& rules = RulesOf(incident);
    d.rules = &rules;
    if (auto unit = repos.units.Get(incident.unit_id); unit.ok()) {
        d.unit_name = unit->name_vi;
    }
    UNGCUU_ASSIGN_OR_RETURN(systems, AffectedSystems(repos, incident.system_ids));
    d.systems = std::move(systems);
    if (!incident.scenarios.empty()) {
        UNGCUU_ASSIGN_OR_RETURN(
            plan,
            repos.plans.Applicable(
                incident.system_ids.empty() ? std::nullopt : std::optional(incident.system_ids[0]),
                incident.unit_id, incident.scenarios.front()));
        d.plan = std::move(plan);
    }
    // The evidence includes the plan's criteria as the handler ticked them at classification.
    std::vector<domain::PlanCriterion> criteria;
    if (d.plan) {
        criteria = d.plan->criteria;
        for (const int index : incident.plan_criteria_met) {
            if (index >= 0 && index < static_cast<int>(criteria.size())) {
                criteria[static_cast<std::size_t>(index)].met = true;
            }
        }
    }
    d.severity = domain::ComputeSeverity(rules.severity, d.systems, incident.impacts,
                                         incident.capacity, criteria);
    UNGCUU_ASSIGN_OR_RETURN(tasks, repos.incidents.Tasks(incident.id));
    UNGCUU_ASSIGN_OR_RETURN(events, repos.incidents.Events(incident.id));
    UNGCUU_ASSIGN_OR_RETURN(observables, repos.incidents.Observables(incident.id));
    UNGCUU_ASSIGN_OR_RETURN(
        related,
        repos.incidents.Related(incident.id, actor.scope.VisibleRoots(), actor.unrestricted));
    UNGCUU_ASSIGN_OR_RETURN(reports, repos.incidents.Reports(incident.id));
    UNGCUU_ASSIGN_OR_RETURN(deliveries, repos.outbox.ForIncident(incident.id));
    UNGCUU_ASSIGN_OR_RETURN(attachments, repos.incidents.Attachments(incident.id));
    d.clocks = Clocks(incident, reports, now);
    d.tasks = std::move(tasks);
    d.events = std::move(events);
    d.observables = std::move(observables);
    d.related = std::move(related);
    d.reports = std::move(reports);
    d.deliveries = std::move(deliveries);
    d.attachments = std::move(attachments);
    d.can_handle = actor.Authorize(incident.unit_path, domain::Permission::kIncidentHandle).ok();
    d.can_decide = actor.Authorize(incident.unit_path, domain::Permission::kIncidentDecide).ok();
    d.decision_pending = domain::SeriousDecisionPending(incident, RulesOf(incident).severity);
    if (d.can_handle) {
        d.next = NextSteps(incident, rules, d.reports);
    }
    d.incident = std::move(incident);
    return d;
}

namespace {

/// A new incident's fields checked against its rule set (what intake requires of its source)
/// and the taxonomy; a detected time given by the machine when an automatic source has none.
core::Status CheckNewIncident(domain::Incident& incident,
                              const domain::IncidentRuleSet& rules,
                              const domain::Taxonomy& taxonomy,
                              core::TimePoint now) {
    std::vector<std::string> required;
    if (incident.source == domain::IncidentSource::kManual) {
        for (const auto& field : rules.intake_required) {
            required.push_back(field.field);
        }
    } else {
        required = {"title", "description", "detected_at"};
    }
    if (incident.detected_at == core::TimePoint() &&
        incident.source != domain::IncidentSource::kManual) {
        incident.detected_at = now;
    }
    UNGCUU_RETURN_IF_ERROR(domain::CheckIntakeFields(incident, rules, required, now));
    for (const auto& scenario : incident.scenarios) {
        if (taxonomy.Find(scenario) == nullptr) {
            return core::InvalidArgument(fmt::format("Kịch bản \"{}\" không có.", scenario),
                                         fmt::format("Unknown scenario \"{}\".", scenario));
        }
    }
    return core::Ok();
}

/// The unit named, else the owner of the first affected system.
core::Result<domain::UnitId> ReceivingUnitId(Repositories& repos,
                                             std::optional<domain::UnitId> named,
                                             const domain::Incident& incident) {
    if (named) {
        return *named;
    }
    if (!incident.system_ids.empty()) {
        UNGCUU_ASSIGN_OR_RETURN(first, repos.systems.Get(incident.system_ids.front()));
        return first.owner_unit_id;
    }
    return core::InvalidArgument("Chọn hệ thống bị ảnh hưởng hoặc đơn vị tiếp nhận.",
                                 "Name an affected system or the receiving unit.");
}

}  // namespace

core::Result<CreateOutcome> IncidentService::Create(const Actor& actor, NewIncident request) {
    const auto now = clock_.Now();
    const domain::IncidentRuleSet* rules = &rules_.Default();
    if (request.rule_set) {
        rules = rules_.Find(*request.rule_set);
        if (rules == nullptr) {
            return core::InvalidArgument(
                fmt::format("Bộ quy tắc \"{}\" không có.", *request.rule_set),
                fmt::format("Unknown rule set \"{}\".", *request.rule_set));
        }
    }
    domain::Incident incident = std::move(request.fields);
    incident.drill_id = request.drill_id;
    UNGCUU_RETURN_IF_ERROR(CheckNewIncident(incident, *rules, taxonomy_, now));
    return store_.Write([&](Repositories& repos) -> core::Result<CreateOutcome> {
        return Insert(repos, actor, incident, request.unit_id, *rules, now);
    });
}

core::Result<CreateOutcome> IncidentService::CreateIn(Repositories& repos,
                                                      const Actor& actor,
                                                      NewIncident request) {
    const auto now = clock_.Now();
    const domain::IncidentRuleSet& rules = rules_.Default();
    domain::Incident incident = std::move(request.fields);
    incident.drill_id.reset();
    UNGCUU_RETURN_IF_ERROR(CheckNewIncident(incident, rules, taxonomy_, now));
    return Insert(repos, actor, std::move(incident), request.unit_id, rules, now);
}

core::Result<CreateOutcome> IncidentService::Insert(Repositories& repos,
                                                    const Actor& actor,
                                                    domain::Incident incident,
                                                    std::optional<domain::UnitId> unit_id_asked,
                                                    const domain::IncidentRuleSet& rule_set,
                                                    core::TimePoint now) {
    UNGCUU_ASSIGN_OR_RETURN(systems, AffectedSystems(repos, incident.system_ids, &actor));
    UNGCUU_ASSIGN_OR_RETURN(unit_id, ReceivingUnitId(repos, unit_id_asked, incident));
    UNGCUU_ASSIGN_OR_RETURN(
        unit, LoadUnitFor(repos, actor, unit_id, domain::Permission::kIncidentReport));
    if (!unit.active) {
        return core::Conflict("Đơn vị đã ngừng hoạt động.", "The unit is inactive.");
    }
    incident.unit_id = unit.id;
    incident.unit_path = unit.path;
    if (!incident.source_ref.empty() && incident.source != domain::IncidentSource::kManual &&
        incident.source != domain::IncidentSource::kPublic) {
        incident.dedup_key = fmt::format("{}|{}|{}", domain::IncidentSourceCode(incident.source),
                                         incident.source_ref, unit.id.value());
        UNGCUU_ASSIGN_OR_RETURN(existing, repos.incidents.FindOpenByDedupKey(incident.dedup_key));
        if (existing) {
            domain::Incident repeated = std::move(*existing);
            repeated.repeat_count += 1;
            UNGCUU_RETURN_IF_ERROR(
                Save(repos, actor, repeated,
                     domain::IncidentEvent{
                         .kind = "repeated",
                         .note = fmt::format("Lặp lại lần {} / repeat {}", repeated.repeat_count,
                                             repeated.repeat_count)}));
            UNGCUU_ASSIGN_OR_RETURN(details, Details(repos, actor, std::move(repeated)));
            return CreateOutcome{std::move(details), false};
        }
    }
    incident.rule_set = rule_set.id;
    incident.state = IncidentState::kReceived;
    incident.track = domain::IncidentTrack::kNormal;
    incident.received_at = now;
    incident.created_at = now;
    incident.updated_at = now;
    const auto severity = domain::ComputeSeverity(rule_set.severity, systems, incident.impacts,
                                                  incident.capacity, {});
    incident.severity = severity.severity;
    if (incident.severity == domain::Severity::kSerious) {
        incident.serious_at = now;
    }
    if (incident.capacity == domain::Capacity::kExceeded) {
        incident.capacity_exceeded_at = now;
    }
    UNGCUU_ASSIGN_OR_RETURN(inserted, repos.incidents.Insert(incident));
    domain::Incident stored = std::move(inserted);
    const auto clocks = Clocks(stored, {}, now);
    UNGCUU_RETURN_IF_ERROR(repos.incidents.Update(stored, NextDue(clocks)));
    UNGCUU_RETURN_IF_ERROR(repos.incidents.AddEvent(
        domain::IncidentEvent{.incident_id = stored.id,
                              .at = now,
                              .kind = "filed",
                              .actor = ActorName(actor),
                              .to_state = "received",
                              .note = std::string(domain::IncidentSourceCode(stored.source))}));
    UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                      {"incident.create", "incident", stored.id.value(), &unit,
                                       "{}", IncidentSnapshot(stored).ToJson()}));
    UNGCUU_ASSIGN_OR_RETURN(details, Details(repos, actor, std::move(stored)));
    return CreateOutcome{std::move(details), true};
}

namespace {

/// At most `max_per_window` public reports per address and window.
core::Status ThrottlePublic(Repositories& repos,
                            const PublicIntakeOptions& options,
                            const std::string& address,
                            core::TimePoint now) {
    const std::string key = "public:" + address;
    UNGCUU_RETURN_IF_ERROR(repos.throttle.Prune(now - options.window));
    UNGCUU_ASSIGN_OR_RETURN(recent, repos.throttle.FailuresSince(key, now - options.window));
    if (recent.count >= options.max_per_window) {
        core::Error error = core::Error::Make(
            core::ErrorCode::kTooManyRequests,
            "Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn; vui lòng thử lại sau ít phút "
            "hoặc gọi đường dây nóng.",
            "Too many reports in a short time; try again in a few minutes or call the "
            "hotline.");
        // The earliest report of the window leaves it first.
        error.retry_after_seconds = std::max<std::int64_t>(
            1,
            std::chrono::ceil<std::chrono::seconds>(*recent.first + options.window - now).count());
        return error;
    }
    return repos.throttle.RecordFailure(key, now);
}

/// The receiving unit: the owner of a registered system the reporter names (which becomes the
/// incident's system), else the unit they chose, else the first province of the installation.
core::Result<domain::Unit> ReceivingUnit(Repositories& repos,
                                         const PublicReport& report,
                                         domain::Incident& incident) {
    SystemFilter by_address;
    by_address.unrestricted = true;
    by_address.search = core::FoldForSearch(report.affected);
    by_address.limit = 1;
    UNGCUU_ASSIGN_OR_RETURN(matched, repos.systems.List(by_address));
    if (!report.affected.empty() && !matched.empty()) {
        incident.system_ids = {matched.front().id};
        auto owner = repos.units.Get(matched.front().owner_unit_id);
        if (owner.ok()) {
            return std::move(owner).value();
        }
    }
    if (report.unit_id) {
        auto chosen = repos.units.Get(*report.unit_id);
        if (chosen.ok() && chosen->active) {
            return std::move(chosen).value();
        }
    }
    UnitFilter roots;
    roots.unrestricted = true;
    roots.roots_only = true;
    roots.kind = domain::UnitKind::kProvince;
    roots.limit = 1;
    UNGCUU_ASSIGN_OR_RETURN(provinces, repos.units.List(roots));
    if (provinces.empty()) {
        return core::Conflict("Chưa có đơn vị tiếp nhận phản ánh.",
                              "No unit receives public reports yet.");
    }
    return provinces.front();
}

/// The reporter's acknowledgement with the tracking code, sent at once.
core::Status QueueAcknowledgement(Repositories& repos,
                                  const PublicReport& report,
                                  const domain::Unit& unit,
                                  domain::IncidentId id,
                                  const std::string& code,
                                  core::TimePoint now) {
    domain::Delivery ack;
    ack.incident_id = id;
    ack.kind = "acknowledgement";
    ack.function = "reporter";
    ack.channel = domain::Channel::kEmail;
    ack.address = report.email;
    ack.subject = fmt::format("[TBSC] Đã tiếp nhận phản ánh {} / Report received", code);
    ack.body = fmt::format(
        "Kính gửi {},\n\n{} đã tiếp nhận phản ánh của Quý vị lúc {}.\nMã theo "
        "dõi: {}\n\nWe received your report. Tracking code: {}\n",
        report.name.empty() ? "Quý vị" : report.name, unit.name_vi, core::FormatLocalDateTime(now),
        code, code);
    ack.next_attempt_at = now;
    ack.created_at = now;
    UNGCUU_ASSIGN_OR_RETURN(queued, repos.outbox.Insert(ack));
    return core::Ok();
}

}  // namespace

core::Result<std::string> IncidentService::CreatePublic(const PublicReport& report) {
    const auto now = clock_.Now();
    domain::Incident incident;
    incident.source = domain::IncidentSource::kPublic;
    incident.title = report.affected.empty()
                         ? std::string("Phản ánh của người dân")
                         : fmt::format("Phản ánh sự cố: {}", core::CutUtf8(report.affected, 200));
    incident.description = report.description;
    incident.affected_text = report.affected;
    incident.reporter = {report.name, report.organisation, "", report.phone, report.email};
    incident.contact = incident.reporter;
    incident.detected_at = now;
    incident.detection_methods = {"notified"};
    domain::FieldErrors errors;
    domain::CheckText(errors, "name", report.name, domain::Required::kNo,
                      200);  // may stay anonymous
    domain::CheckText(errors, "description", report.description, domain::Required::kYes, 5000);
    domain::CheckText(errors, "affected", report.affected, domain::Required::kYes, 500);
    if (report.email.empty() && report.phone.empty()) {
        errors.Add("email", "cần thư điện tử hoặc số điện thoại để liên hệ lại",
                   "an e-mail address or a phone number is needed to reply");
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_RETURN_IF_ERROR(domain::CheckIntakeFields(incident, rules_.Default(), {}, now));
    std::string code;
    for (const char byte : random_.Bytes(10)) {
        code.push_back(
            kTrackingAlphabet[static_cast<unsigned char>(byte) % kTrackingAlphabet.size()]);
    }
    incident.tracking_code = code;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_RETURN_IF_ERROR(ThrottlePublic(repos, public_options_, report.address, now));
        UNGCUU_ASSIGN_OR_RETURN(unit, ReceivingUnit(repos, report, incident));
        incident.unit_id = unit.id;
        incident.unit_path = unit.path;
        incident.rule_set = rules_.Default().id;
        incident.received_at = now;
        incident.created_at = now;
        incident.updated_at = now;
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.incidents.Insert(incident));
        const auto clocks = Clocks(inserted, {}, now);
        UNGCUU_RETURN_IF_ERROR(repos.incidents.Update(inserted, NextDue(clocks)));
        UNGCUU_RETURN_IF_ERROR(repos.incidents.AddEvent(domain::IncidentEvent{
            .incident_id = inserted.id,
            .at = now,
            .kind = "filed",
            .actor =
                report.name.empty() ? "Người phản ánh ẩn danh / anonymous reporter" : report.name,
            .to_state = "received",
            .note = "public"}));
        if (!report.email.empty()) {
            UNGCUU_RETURN_IF_ERROR(
                QueueAcknowledgement(repos, report, unit, inserted.id, code, now));
        }
        return core::Ok();
    }));
    return code;
}

core::Result<PublicStatus> IncidentService::StatusByTrackingCode(std::string_view code) {
    return store_.Read([&](Repositories& repos) -> core::Result<PublicStatus> {
        UNGCUU_ASSIGN_OR_RETURN(found, repos.incidents.FindByTrackingCode(code));
        if (!found || code.size() != 10) {
            return core::NotFound("Không tìm thấy mã theo dõi.", "Tracking code not found.");
        }
        return PublicStatus{std::string(code), (found)->state, (found)->received_at,
                            (found)->updated_at};
    });
}

core::Result<IncidentPage> IncidentService::List(const Actor& actor, const IncidentQuery& query) {
    UNGCUU_RETURN_IF_ERROR(CheckSearch(query));
    IncidentFilter filter;
    filter.scope = actor.scope.VisibleRoots();
    filter.unrestricted = actor.unrestricted;
    filter.unit_id = query.unit_id;
    filter.states = query.states;
    filter.severity = query.severity;
    filter.source = query.source;
    filter.scenario = query.scenario;
    if (query.detected_from) {
        filter.detected_from = core::StartOfLocalDay(*query.detected_from);
    }
    if (query.detected_to) {
        filter.detected_to = core::EndOfLocalDay(*query.detected_to);
    }
    filter.search = core::FoldForSearch(query.search);
    if (query.overdue) {
        filter.due_before = clock_.Now();
    }
    filter.sort = query.sort;
    filter.after = query.after;
    filter.limit = query.limit + 1;
    IncidentPage page;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(rows, repos.incidents.List(filter));
        page.rows = std::move(rows);
        return core::Ok();
    }));
    if (static_cast<int>(page.rows.size()) > query.limit) {
        page.rows.resize(static_cast<std::size_t>(query.limit));
        const auto& last = page.rows.back();
        std::int64_t key = core::ToUnixMillis(last.incident.detected_at);
        if (query.sort == IncidentSort::kUpdatedDesc) {
            key = core::ToUnixMillis(last.incident.updated_at);
        } else if (query.sort == IncidentSort::kDueAsc) {
            key = last.next_due_at ? core::ToUnixMillis(*last.next_due_at)
                                   : std::numeric_limits<std::int64_t>::max();
        }
        page.next = IncidentCursor{key, last.incident.id.value()};
    }
    return page;
}

core::Result<IncidentDetails> IncidentService::Get(const Actor& actor, domain::IncidentId id) {
    return store_.Read([&](Repositories& repos) -> core::Result<IncidentDetails> {
        UNGCUU_ASSIGN_OR_RETURN(incident, LoadVisible(repos, actor, id));
        return Details(repos, actor, std::move(incident));
    });
}

core::Result<IncidentDetails> IncidentService::Change(
    const Actor& actor,
    domain::IncidentId id,
    const std::function<core::Status(Repositories&, domain::Incident&)>& change,
    domain::Permission permission) {
    return store_.Write([&](Repositories& repos) -> core::Result<IncidentDetails> {
        UNGCUU_ASSIGN_OR_RETURN(incident, LoadVisible(repos, actor, id));
        UNGCUU_RETURN_IF_ERROR(actor.Authorize(incident.unit_path, permission));
        UNGCUU_RETURN_IF_ERROR(change(repos, incident));
        return Details(repos, actor, std::move(incident));
    });
}

namespace {

/// The times and track a step sets on the incident it enters.
void StampTransition(domain::Incident& incident,
                     IncidentState from,
                     IncidentState to,
                     core::TimePoint now,
                     std::optional<domain::IncidentId> merge_into) {
    switch (to) {
        case IncidentState::kAcknowledged:
            incident.acknowledged_at = now;
            break;
        case IncidentState::kEscalationProposed:
            incident.escalated_at = now;
            incident.track = domain::IncidentTrack::kSerious;
            break;
        case IncidentState::kChoosingResponse:
            if (from == IncidentState::kNationalVerification) {
                incident.track = domain::IncidentTrack::kNormal;
            }
            break;
        case IncidentState::kReviewing:
        case IncidentState::kResultEvaluation:
            if (!incident.response_ended_at) {
                incident.response_ended_at = now;
            }
            break;
        case IncidentState::kClosed:
        case IncidentState::kRejected:
            incident.closed_at = now;
            break;
        case IncidentState::kMerged:
            incident.closed_at = now;
            incident.merged_into = merge_into;
            break;
        default:
            break;
    }
}

/// Entering the initial steps creates the applicable plan's tasks (once).
core::Status CreatePlanTasks(Repositories& repos,
                             const domain::Incident& incident,
                             core::TimePoint now) {
    UNGCUU_ASSIGN_OR_RETURN(
        plan,
        repos.plans.Applicable(
            incident.system_ids.empty() ? std::nullopt : std::optional(incident.system_ids.front()),
            incident.unit_id, incident.scenarios.front()));
    UNGCUU_ASSIGN_OR_RETURN(existing, repos.incidents.Tasks(incident.id));
    const bool has_plan_tasks =
        std::any_of(existing.begin(), existing.end(), [](const auto& t) { return t.from_plan; });
    if (!plan || has_plan_tasks) {
        return core::Ok();
    }
    for (const auto& step : plan->steps) {
        domain::IncidentTask task;
        task.incident_id = incident.id;
        task.title = step.title;
        task.lead = step.lead;
        task.step = step.step.empty() ? "1b" : step.step;
        if (step.due_hours > 0) {
            task.due_at = now + std::chrono::hours(step.due_hours);
        }
        task.from_plan = true;
        task.created_at = now;
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.incidents.InsertTask(task));
    }
    return core::Ok();
}

}  // namespace

core::Result<IncidentDetails> IncidentService::Transition(
    const Actor& actor,
    domain::IncidentId id,
    domain::IncidentState to,
    std::string_view note,
    std::optional<domain::IncidentId> merge_into) {
    if (note.size() > 10000) {
        return core::InvalidArgument("Ghi chú dài quá 10000 ký tự.", "The note is too long.");
    }
    return Change(actor, id, [&](Repositories& repos, domain::Incident& incident) -> core::Status {
        const auto now = clock_.Now();
        const auto& rules = RulesOf(incident);
        UNGCUU_ASSIGN_OR_RETURN(reports, repos.incidents.Reports(incident.id));
        auto facts = FactsOf(incident, rules, reports);
        facts.note = !core::Trim(note).empty();
        if (merge_into) {
            if (*merge_into == incident.id) {
                return core::InvalidArgument("Không thể gộp sự cố vào chính nó.",
                                             "An incident cannot be merged into itself.");
            }
            auto target = LoadVisible(repos, actor, *merge_into);
            if (!target.ok()) {
                return core::InvalidArgument("Sự cố cần gộp vào không tồn tại.",
                                             "The incident to merge into does not exist.");
            }
            facts.merge_target = domain::IsOpen(target->state);
        }
        UNGCUU_RETURN_IF_ERROR(domain::CheckTransition(incident.state, to, facts));
        const auto before = IncidentSnapshot(incident).ToJson();
        const auto from = incident.state;
        incident.state = to;
        StampTransition(incident, from, to, now, merge_into);
        if (to == IncidentState::kInitialResponse && !incident.scenarios.empty()) {
            UNGCUU_RETURN_IF_ERROR(CreatePlanTasks(repos, incident, now));
        }
        UNGCUU_RETURN_IF_ERROR(
            Save(repos, actor, incident,
                 domain::IncidentEvent{.kind = "transition",
                                       .from_state = std::string(domain::IncidentStateCode(from)),
                                       .to_state = std::string(domain::IncidentStateCode(to)),
                                       .note = std::string(note)}));
        auto unit = repos.units.Get(incident.unit_id);
        return WriteAudit(
            repos, actor, now,
            {"incident.transition", "incident", incident.id.value(), unit.ok() ? &*unit : nullptr,
             before, IncidentSnapshot(incident).ToJson()});
    });
}

core::Result<IncidentDetails> IncidentService::Classify(const Actor& actor,
                                                        domain::IncidentId id,
                                                        const Classification& c) {
    domain::FieldErrors errors;
    if (c.scenarios.empty()) {
        errors.Add("scenarios", "chọn ít nhất một kịch bản", "choose at least one scenario");
    }
    for (const auto& scenario : c.scenarios) {
        if (taxonomy_.Find(scenario) == nullptr) {
            errors.Add("scenarios", fmt::format("kịch bản \"{}\" không có", scenario),
                       fmt::format("unknown scenario \"{}\"", scenario));
        }
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    return Change(actor, id, [&](Repositories& repos, domain::Incident& incident) -> core::Status {
        const auto now = clock_.Now();
        const auto& rules = RulesOf(incident);
        if (!domain::IsOpen(incident.state)) {
            return core::Conflict("Sự cố đã kết thúc, không phân loại lại.",
                                  "The incident has ended; it cannot be reclassified.");
        }
        domain::Incident changed = incident;
        changed.scenarios = c.scenarios;
        changed.impacts = c.impacts;
        changed.capacity = c.capacity;
        if (c.system_ids) {
            changed.system_ids = *c.system_ids;
        }
        UNGCUU_RETURN_IF_ERROR(domain::CheckIntakeFields(changed, rules, {}, now));
        UNGCUU_ASSIGN_OR_RETURN(systems, AffectedSystems(repos, changed.system_ids, &actor));
        std::vector<domain::PlanCriterion> criteria;
        changed.plan_criteria_met.clear();
        UNGCUU_ASSIGN_OR_RETURN(
            plan, repos.plans.Applicable(changed.system_ids.empty()
                                             ? std::nullopt
                                             : std::optional(changed.system_ids.front()),
                                         changed.unit_id, changed.scenarios.front()));
        if (plan) {
            criteria = (plan)->criteria;
            for (const int index : c.plan_criteria_met) {
                if (index < 0 || index >= static_cast<int>(criteria.size())) {
                    return core::InvalidArgument("Tiêu chí của phương án không có.",
                                                 "No such criterion in the plan.");
                }
                criteria[static_cast<std::size_t>(index)].met = true;
                changed.plan_criteria_met.push_back(index);
            }
        }
        const auto severity = domain::ComputeSeverity(rules.severity, systems, changed.impacts,
                                                      changed.capacity, criteria);
        changed.severity = severity.severity;
        if (changed.severity == domain::Severity::kSerious && !changed.serious_at) {
            changed.serious_at = now;
        }
        if (changed.capacity == domain::Capacity::kExceeded && !changed.capacity_exceeded_at) {
            changed.capacity_exceeded_at = now;
        }
        // Found once, the moment stays (its clock has started); un-ticked, it is withdrawn.
        for (auto [given, at] : {std::pair{c.security_signs, &changed.security_signs_at},
                                 std::pair{c.personal_data, &changed.personal_data_at}}) {
            if (given && *given && !*at) {
                *at = now;
            } else if (given && !*given) {
                at->reset();
            }
        }
        const auto before = IncidentSnapshot(incident).ToJson();
        incident = std::move(changed);
        UNGCUU_RETURN_IF_ERROR(
            Save(repos, actor, incident,
                 domain::IncidentEvent{
                     .kind = "classified",
                     .note = fmt::format("{} — {}", fmt::join(incident.scenarios, ", "),
                                         domain::SeverityCode(incident.severity))}));
        auto unit = repos.units.Get(incident.unit_id);
        return WriteAudit(
            repos, actor, now,
            {"incident.classify", "incident", incident.id.value(), unit.ok() ? &*unit : nullptr,
             before, IncidentSnapshot(incident).ToJson()});
    });
}

core::Result<IncidentDetails> IncidentService::AddNote(const Actor& actor,
                                                       domain::IncidentId id,
                                                       std::string_view note) {
    domain::FieldErrors errors;
    domain::CheckText(errors, "note", note, domain::Required::kYes, 10000);
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    return Change(actor, id, [&](Repositories& repos, domain::Incident& incident) {
        return Save(repos, actor, incident,
                    domain::IncidentEvent{.kind = "note", .note = std::string(note)});
    });
}

core::Result<IncidentDetails> IncidentService::RecordOutcome(
    const Actor& actor,
    domain::IncidentId id,
    domain::HandlingMode mode,
    std::vector<std::string> helpers,
    std::vector<std::string> foreign_helpers,
    std::int64_t damage_vnd) {
    domain::FieldErrors errors;
    for (auto* names : {&helpers, &foreign_helpers}) {
        for (auto& name : *names) {
            name = std::string(core::Trim(name));
            domain::CheckText(errors, names == &helpers ? "helpers" : "foreign_helpers", name,
                              domain::Required::kYes, 300);
            if (name.find('\n') != std::string::npos) {
                errors.Add(names == &helpers ? "helpers" : "foreign_helpers",
                           "tên tổ chức viết trên một dòng", "an organisation's name is one line");
            }
        }
    }
    if (damage_vnd < 0 || damage_vnd > 1'000'000'000'000'000) {
        errors.Add("damage_vnd", "thiệt hại ước tính từ 0 đến 10^18 đồng",
                   "the estimated damage is 0 to 10^18 VND");
    }
    if (mode == domain::HandlingMode::kDomesticHelp && helpers.empty()) {
        errors.Add("helpers", "ghi tên tổ chức đã hỗ trợ xử lý",
                   "name the organisations that helped");
    }
    if (mode == domain::HandlingMode::kForeignHelp && foreign_helpers.empty()) {
        errors.Add("foreign_helpers", "ghi tên tổ chức nước ngoài đã hỗ trợ",
                   "name the foreign organisations that helped");
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    return Change(
        actor, id,
        [&](Repositories& repos, domain::Incident& incident) -> core::Status {
            incident.handling_mode = mode;
            incident.helpers = helpers;
            incident.foreign_helpers = foreign_helpers;
            incident.damage_vnd = damage_vnd;
            return Save(repos, actor, incident,
                        domain::IncidentEvent{.kind = "outcome",
                                              .note = std::string(domain::HandlingModeCode(mode))});
        },
        domain::Permission::kIncidentHandle);
}

core::Result<IncidentDetails> IncidentService::DecideTrack(const Actor& actor,
                                                           domain::IncidentId id,
                                                           std::string_view reason) {
    domain::FieldErrors errors;
    domain::CheckText(errors, "reason", reason, domain::Required::kYes, 4000);
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    return Change(
        actor, id,
        [&](Repositories& repos, domain::Incident& incident) -> core::Status {
            if (!domain::SeriousDecisionPending(incident, RulesOf(incident).severity)) {
                return core::Conflict(
                    "Không có quyết định nào đang chờ: sự cố không nghiêm trọng, đã được đề xuất "
                    "nâng cấp hoặc đã có quyết định.",
                    "No decision is pending: the incident is not serious, was escalated or "
                    "already decided.");
            }
            std::string name = actor.login;
            if (actor.user_id) {
                if (auto user = repos.users.Get(*actor.user_id); user.ok()) {
                    name = user->full_name;
                }
            }
            incident.track_decision = domain::Incident::TrackDecision{
                actor.login, std::move(name), std::string(core::Trim(reason)), clock_.Now()};
            return Save(repos, actor, incident,
                        domain::IncidentEvent{.kind = "track_decision",
                                              .note = std::string(core::Trim(reason))});
        },
        domain::Permission::kIncidentDecide);
}

core::Result<IncidentDetails> IncidentService::AddTask(const Actor& actor,
                                                       domain::IncidentId id,
                                                       domain::IncidentTask task) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateTask(task));
    return Change(actor, id, [&](Repositories& repos, domain::Incident& incident) -> core::Status {
        task.incident_id = incident.id;
        task.created_at = clock_.Now();
        task.from_plan = false;
        task.done_at.reset();
        if (task.step.empty()) {
            task.step = std::string(domain::StepOf(incident.state).step);
        }
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.incidents.InsertTask(task));
        return Save(repos, actor, incident,
                    domain::IncidentEvent{.kind = "task", .note = task.title});
    });
}

core::Result<IncidentDetails> IncidentService::UpdateTask(const Actor& actor,
                                                          domain::IncidentId id,
                                                          domain::TaskId task_id,
                                                          const domain::IncidentTask& changes,
                                                          std::optional<bool> done) {
    return Change(actor, id, [&](Repositories& repos, domain::Incident& incident) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(task, repos.incidents.GetTask(task_id));
        if (task.incident_id != incident.id) {
            return core::NotFound("Không tìm thấy công việc.", "Task not found.");
        }
        if (!changes.result.empty()) {
            task.result = changes.result;
        }
        if (changes.assignee_id) {
            task.assignee_id = changes.assignee_id;
        }
        if (changes.due_at) {
            task.due_at = changes.due_at;
        }
        if (done) {
            task.done_at = *done ? std::optional(clock_.Now()) : std::nullopt;
        }
        UNGCUU_RETURN_IF_ERROR(domain::ValidateTask(task));
        UNGCUU_RETURN_IF_ERROR(repos.incidents.UpdateTask(task));
        return Save(repos, actor, incident,
                    domain::IncidentEvent{
                        .kind = task.done_at ? "task_done" : "task",
                        .note = task.title + (task.result.empty() ? "" : ": " + task.result)});
    });
}

core::Result<IncidentDetails> IncidentService::AddObservable(const Actor& actor,
                                                             domain::IncidentId id,
                                                             domain::ObservableKind kind,
                                                             std::string_view value) {
    UNGCUU_ASSIGN_OR_RETURN(normal, domain::NormaliseObservable(kind, value));
    return AddObservables(actor, id, {{kind, std::move(normal)}});
}

core::Result<IncidentDetails> IncidentService::AddObservables(
    const Actor& actor,
    domain::IncidentId id,
    const std::vector<std::pair<domain::ObservableKind, std::string>>& items) {
    std::vector<std::pair<domain::ObservableKind, std::string>> normal;
    for (const auto& [kind, value] : items) {
        if (auto n = domain::NormaliseObservable(kind, value); n.ok()) {
            normal.emplace_back(kind, std::move(n).value());
        }
    }
    // One transaction for all of them (detection adds an address, a user and a host at once).
    return Change(actor, id, [&](Repositories& repos, domain::Incident& incident) -> core::Status {
        for (const auto& [kind, value] : normal) {
            UNGCUU_ASSIGN_OR_RETURN(
                added, repos.incidents.AddObservable({incident.id, kind, value, clock_.Now()}));
            if (!added) {
                continue;  // already there
            }
            UNGCUU_RETURN_IF_ERROR(
                Save(repos, actor, incident,
                     domain::IncidentEvent{
                         .kind = "observable",
                         .note = fmt::format("{}: {}", domain::ObservableKindCode(kind), value)}));
        }
        return core::Ok();
    });
}

}  // namespace ungcuu::app
