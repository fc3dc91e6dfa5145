// JSON views of incidents and what hangs on them: the incident, its clocks, reports, deliveries
// and the details page (systems, severity evidence, next steps, the plan).
#include "http/incident_views.hpp"

#include "core/text.hpp"
#include "http/json_views.hpp"

namespace ungcuu::http {

namespace json = boost::json;

namespace {

json::object PartyJson(const domain::Party& p) {
    return {{"name", p.name},
            {"address", p.address},
            {"position", p.position},
            {"phone", p.phone},
            {"email", p.email}};
}

}  // namespace

json::object IncidentJson(const domain::Incident& i, std::string_view unit_name) {
    json::array systems;
    for (const auto id : i.system_ids) {
        systems.emplace_back(id.value());
    }
    return {{"id", i.id.value()},
            {"code", i.code},
            {"drill_id", i.drill_id ? json::value(i.drill_id->value()) : json::value(nullptr)},
            {"unit_id", i.unit_id.value()},
            {"unit_name", unit_name},
            {"rule_set", i.rule_set},
            {"track", i.track == domain::IncidentTrack::kSerious ? "serious" : "normal"},
            {"state", domain::IncidentStateCode(i.state)},
            {"step", domain::StepOf(i.state).step},
            {"step_name_vi", domain::StepOf(i.state).name_vi},
            {"step_name_en", domain::StepOf(i.state).name_en},
            {"severity", domain::SeverityCode(i.severity)},
            {"source", domain::IncidentSourceCode(i.source)},
            {"source_ref", i.source_ref},
            {"repeat_count", i.repeat_count},
            {"title", i.title},
            {"description", i.description},
            {"reporter", PartyJson(i.reporter)},
            {"contact", PartyJson(i.contact)},
            {"system_ids", std::move(systems)},
            {"affected_text", i.affected_text},
            {"detected_at", core::FormatRfc3339(i.detected_at)},
            {"received_at", core::FormatRfc3339(i.received_at)},
            {"handled", i.handled ? json::value(*i.handled) : json::value(nullptr)},
            {"detection_methods", StringsJson(i.detection_methods)},
            {"detection_note", i.detection_note},
            {"notified_parties", StringsJson(i.notified_parties)},
            {"confidential", i.confidential},
            {"proposals", i.proposals},
            {"scenarios", StringsJson(i.scenarios)},
            {"impacts", StringsJson(i.impacts)},
            {"capacity", domain::CapacityCode(i.capacity)},
            {"plan_criteria_met",
             [&i] {
                 json::array met;
                 for (const int index : i.plan_criteria_met) {
                     met.emplace_back(index);
                 }
                 return met;
             }()},
            {"acknowledged_at", OptTimeJson(i.acknowledged_at)},
            {"escalated_at", OptTimeJson(i.escalated_at)},
            {"security_signs_at", OptTimeJson(i.security_signs_at)},
            {"personal_data_at", OptTimeJson(i.personal_data_at)},
            {"response_ended_at", OptTimeJson(i.response_ended_at)},
            {"closed_at", OptTimeJson(i.closed_at)},
            {"merged_into", i.merged_into ? json::value(i.merged_into->value()) : nullptr},
            {"updated_at", core::FormatRfc3339(i.updated_at)},
            {"version", i.version}};
}

json::object ClockJson(const domain::IncidentClock& c) {
    return {{"code", c.code},
            {"title_vi", c.title_vi},
            {"title_en", c.title_en},
            {"article", c.article},
            {"started_at", core::FormatRfc3339(c.started_at)},
            {"due_at", core::FormatRfc3339(c.due_at)},
            {"done_at", OptTimeJson(c.done_at)},
            {"state", domain::ClockStateCode(c.state)}};
}

json::object ReportJson(const domain::IncidentReport& r, const domain::IncidentRuleSet* rules) {
    const auto* rule = rules != nullptr ? rules->Report(r.type) : nullptr;
    return {{"id", r.id.value()},
            {"type", r.type},
            {"form", rule != nullptr ? rule->form : ""},
            {"title_vi", rule != nullptr ? rule->title_vi : r.type},
            {"title_en", rule != nullptr ? rule->title_en : r.type},
            {"number", r.number},
            {"state", domain::ReportStateCode(r.state)},
            {"summary", r.summary},
            {"result", r.result},
            {"requested_help", r.requested_help},
            {"signer_name", r.signer_name},
            {"signer_title", r.signer_title},
            {"initial_report_id",
             r.initial_report_id ? json::value(r.initial_report_id->value()) : nullptr},
            {"issued_at", OptTimeJson(r.issued_at)},
            {"issued_by", r.issued_by},
            {"signed_name", r.signed_name},
            {"signed_type", r.signed_type},
            {"created_at", core::FormatRfc3339(r.created_at)}};
}

json::object DeliveryJson(const domain::Delivery& d) {
    return {{"id", d.id.value()},
            {"incident_id", d.incident_id.value()},
            {"report_id", d.report_id ? json::value(d.report_id->value()) : nullptr},
            {"kind", d.kind},
            {"unit_id", d.unit_id ? json::value(d.unit_id->value()) : nullptr},
            {"unit_name", d.unit_name},
            {"function", d.function},
            {"channel", domain::ChannelCode(d.channel)},
            {"address", d.address},
            {"subject", d.subject},
            {"state", domain::DeliveryStateCode(d.state)},
            {"attempts", d.attempts},
            {"next_attempt_at", core::FormatRfc3339(d.next_attempt_at)},
            {"last_error", d.last_error},
            {"sent_at", OptTimeJson(d.sent_at)},
            {"acknowledged_at", OptTimeJson(d.acknowledged_at)},
            {"acknowledged_by", d.acknowledged_by}};
}

namespace {

json::object SystemBriefJson(const domain::AffectedSystem& s) {
    return {{"id", s.id.value()},
            {"code", s.code},
            {"name", s.name},
            {"level", s.level},
            {"national_critical", s.national_critical}};
}

json::object EvidenceJson(const domain::SeverityEvidence& e) {
    return {{"criterion", e.criterion},
            {"met", e.met},
            {"text_vi", e.text_vi},
            {"text_en", e.text_en},
            {"article", e.article}};
}

json::object NextStepJson(const app::NextStep& n) {
    const auto& step = domain::StepOf(n.to);
    return {{"to", domain::IncidentStateCode(n.to)},
            {"step", step.step},
            {"name_vi", step.name_vi},
            {"name_en", step.name_en},
            {"lead", step.lead},
            {"article", step.article},
            {"possible", n.possible},
            {"why_not_vi", n.why_not_vi},
            {"why_not_en", n.why_not_en}};
}

json::object TaskJson(const domain::IncidentTask& t) {
    return {{"id", t.id.value()},
            {"title", t.title},
            {"lead", t.lead},
            {"step", t.step},
            {"assignee_id", t.assignee_id ? json::value(t.assignee_id->value()) : nullptr},
            {"assignee_name", t.assignee_name},
            {"due_at", OptTimeJson(t.due_at)},
            {"done_at", OptTimeJson(t.done_at)},
            {"result", t.result},
            {"from_plan", t.from_plan}};
}

json::object EventJson(const domain::IncidentEvent& e) {
    return {{"at", core::FormatRfc3339(e.at)},
            {"kind", e.kind},
            {"actor", e.actor},
            {"from", e.from_state},
            {"to", e.to_state},
            {"note", e.note}};
}

json::object ObservableJson(const domain::Observable& o) {
    return {{"kind", domain::ObservableKindCode(o.kind)}, {"value", o.value}};
}

json::object RelatedJson(const app::RelatedIncident& r) {
    return {{"id", r.id.value()},
            {"code", r.code},
            {"title", r.title},
            {"kind", r.kind},
            {"value", r.value}};
}

json::object ReportTypeJson(const domain::ReportTypeRule& rule) {
    return {{"type", rule.type},
            {"form", rule.form},
            {"title_vi", rule.title_vi},
            {"title_en", rule.title_en},
            {"required", StringsJson(rule.required)},
            {"serious_only", rule.serious_only},
            {"article", rule.article}};
}

json::object AttachmentJson(const domain::IncidentAttachment& a) {
    return {{"id", a.id.value()},
            {"name", a.name},
            {"content_type", a.content_type},
            {"size", a.size},
            {"sha256", a.sha256},
            {"uploaded_by", a.uploaded_by},
            {"uploaded_at", core::FormatRfc3339(a.uploaded_at)},
            {"scan", FileScanJson(a.scan)}};
}

json::value PlanJson(const std::optional<domain::ResponsePlan>& plan) {
    if (!plan) {
        return nullptr;
    }
    auto steps = ArrayJson(plan->steps, [](const auto& step) -> json::object {
        return {{"title", step.title}, {"lead", step.lead}, {"step", step.step}};
    });
    auto criteria = ArrayJson(plan->criteria, [](const auto& c) -> json::object {
        return {{"text", c.text}, {"serious", c.serious}};
    });
    return json::object{{"id", plan->id.value()},
                        {"title", plan->title},
                        {"version", plan->version},
                        {"steps", std::move(steps)},
                        {"criteria", std::move(criteria)},
                        {"people", plan->people},
                        {"tools", plan->tools},
                        {"contractors", plan->contractors},
                        {"continuity", plan->continuity}};
}

}  // namespace

json::object DetailsJson(const app::IncidentDetails& d) {
    json::object body = IncidentJson(d.incident, d.unit_name);
    json::object deadlines;
    for (const auto& c : d.clocks) {
        deadlines[c.code] = core::FormatRfc3339(c.due_at);
    }
    body["systems"] = ArrayJson(d.systems, SystemBriefJson);
    body["severity_evidence"] = ArrayJson(d.severity.evidence, EvidenceJson);
    // The plan's own criteria: priority and a proposal to consider the emergency procedure,
    // never the legal severity.
    body["plan_evidence"] = ArrayJson(d.severity.plan_evidence, EvidenceJson);
    body["priority"] =
        d.incident.severity == domain::Severity::kSerious || d.severity.plan_raises_priority
            ? "high"
            : "normal";
    body["plan_proposes_emergency"] = d.severity.plan_proposes_emergency;
    body["decision_pending"] = d.decision_pending;
    body["can_decide"] = d.can_decide;
    if (const auto& decision = d.incident.track_decision) {
        body["track_decision"] = json::object{{"login", decision->login},
                                              {"name", decision->name},
                                              {"reason", decision->reason},
                                              {"at", core::FormatRfc3339(decision->at)}};
    } else {
        body["track_decision"] = nullptr;
    }
    body["outcome"] = json::object{
        {"handling_mode", d.incident.handling_mode
                              ? json::value(domain::HandlingModeCode(*d.incident.handling_mode))
                              : json::value(nullptr)},
        {"helpers", StringsJson(d.incident.helpers)},
        {"foreign_helpers", StringsJson(d.incident.foreign_helpers)},
        {"damage_vnd", d.incident.damage_vnd}};
    body["clocks"] = ArrayJson(d.clocks, ClockJson);
    body["deadlines"] = std::move(deadlines);
    body["next_steps"] = ArrayJson(d.next, NextStepJson);
    body["can_handle"] = d.can_handle;
    body["tasks"] = ArrayJson(d.tasks, TaskJson);
    body["timeline"] = ArrayJson(d.events, EventJson);
    body["observables"] = ArrayJson(d.observables, ObservableJson);
    body["related"] = ArrayJson(d.related, RelatedJson);
    body["reports"] = ArrayJson(
        d.reports, [&d](const domain::IncidentReport& r) { return ReportJson(r, d.rules); });
    body["deliveries"] = ArrayJson(d.deliveries, DeliveryJson);
    body["report_types"] =
        d.rules != nullptr ? ArrayJson(d.rules->reports, ReportTypeJson) : json::array{};
    body["attachments"] = ArrayJson(d.attachments, AttachmentJson);
    body["rule_set_awaiting_confirmation"] = d.rules != nullptr && d.rules->awaiting_confirmation;
    body["plan"] = PlanJson(d.plan);
    return body;
}

}  // namespace ungcuu::http
