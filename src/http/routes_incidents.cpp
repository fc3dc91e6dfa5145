// Incidents: intake (signed in, API token, public page), list, details, procedure steps,
// classification, tasks, observables, reports and their documents, deliveries and the inbox,
// routing designations, rule sets.
#include <fmt/format.h>

#include "core/text.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::value OptTime(const std::optional<core::TimePoint>& time) {
    return time ? json::value(core::FormatRfc3339(*time)) : json::value(nullptr);
}

json::array Strings(const std::vector<std::string>& values) {
    json::array array;
    for (const auto& value : values) {
        array.emplace_back(value);
    }
    return array;
}

json::object PartyJson(const domain::Party& p) {
    return {{"name", p.name},
            {"address", p.address},
            {"position", p.position},
            {"phone", p.phone},
            {"email", p.email}};
}

json::object IncidentJson(const domain::Incident& i, std::string_view unit_name) {
    json::array systems;
    for (const auto id : i.system_ids) {
        systems.emplace_back(id.value());
    }
    return {{"id", i.id.value()},
            {"code", i.code},
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
            {"detection_methods", Strings(i.detection_methods)},
            {"detection_note", i.detection_note},
            {"notified_parties", Strings(i.notified_parties)},
            {"confidential", i.confidential},
            {"proposals", i.proposals},
            {"scenarios", Strings(i.scenarios)},
            {"impacts", Strings(i.impacts)},
            {"capacity", domain::CapacityCode(i.capacity)},
            {"plan_criteria_met",
             [&i] {
                 json::array met;
                 for (const int index : i.plan_criteria_met) {
                     met.emplace_back(index);
                 }
                 return met;
             }()},
            {"acknowledged_at", OptTime(i.acknowledged_at)},
            {"escalated_at", OptTime(i.escalated_at)},
            {"response_ended_at", OptTime(i.response_ended_at)},
            {"closed_at", OptTime(i.closed_at)},
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
            {"done_at", OptTime(c.done_at)},
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
            {"issued_at", OptTime(r.issued_at)},
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
            {"sent_at", OptTime(d.sent_at)},
            {"acknowledged_at", OptTime(d.acknowledged_at)},
            {"acknowledged_by", d.acknowledged_by}};
}

json::object DetailsJson(const app::IncidentDetails& d) {
    json::object body = IncidentJson(d.incident, d.unit_name);
    json::array systems;
    for (const auto& s : d.systems) {
        systems.push_back({{"id", s.id.value()},
                           {"code", s.code},
                           {"name", s.name},
                           {"level", s.level},
                           {"national_critical", s.national_critical}});
    }
    json::array evidence;
    for (const auto& e : d.severity.evidence) {
        evidence.push_back({{"criterion", e.criterion},
                            {"met", e.met},
                            {"text_vi", e.text_vi},
                            {"text_en", e.text_en},
                            {"article", e.article}});
    }
    json::array clocks;
    json::object deadlines;
    for (const auto& c : d.clocks) {
        clocks.push_back(ClockJson(c));
        deadlines[c.code] = core::FormatRfc3339(c.due_at);
    }
    json::array next;
    for (const auto& n : d.next) {
        const auto& step = domain::StepOf(n.to);
        next.push_back({{"to", domain::IncidentStateCode(n.to)},
                        {"step", step.step},
                        {"name_vi", step.name_vi},
                        {"name_en", step.name_en},
                        {"lead", step.lead},
                        {"article", step.article},
                        {"possible", n.possible},
                        {"why_not_vi", n.why_not_vi},
                        {"why_not_en", n.why_not_en}});
    }
    json::array tasks;
    for (const auto& t : d.tasks) {
        tasks.push_back(
            {{"id", t.id.value()},
             {"title", t.title},
             {"lead", t.lead},
             {"step", t.step},
             {"assignee_id", t.assignee_id ? json::value(t.assignee_id->value()) : nullptr},
             {"assignee_name", t.assignee_name},
             {"due_at", OptTime(t.due_at)},
             {"done_at", OptTime(t.done_at)},
             {"result", t.result},
             {"from_plan", t.from_plan}});
    }
    json::array events;
    for (const auto& e : d.events) {
        events.push_back({{"at", core::FormatRfc3339(e.at)},
                          {"kind", e.kind},
                          {"actor", e.actor},
                          {"from", e.from_state},
                          {"to", e.to_state},
                          {"note", e.note}});
    }
    json::array observables;
    for (const auto& o : d.observables) {
        observables.push_back({{"kind", domain::ObservableKindCode(o.kind)}, {"value", o.value}});
    }
    json::array related;
    for (const auto& r : d.related) {
        related.push_back({{"id", r.id.value()},
                           {"code", r.code},
                           {"title", r.title},
                           {"kind", r.kind},
                           {"value", r.value}});
    }
    json::array reports;
    for (const auto& r : d.reports) {
        reports.push_back(ReportJson(r, d.rules));
    }
    json::array deliveries;
    for (const auto& del : d.deliveries) {
        deliveries.push_back(DeliveryJson(del));
    }
    json::array report_types;
    if (d.rules != nullptr) {
        for (const auto& rule : d.rules->reports) {
            report_types.push_back({{"type", rule.type},
                                    {"form", rule.form},
                                    {"title_vi", rule.title_vi},
                                    {"title_en", rule.title_en},
                                    {"required", Strings(rule.required)},
                                    {"serious_only", rule.serious_only},
                                    {"article", rule.article}});
        }
    }
    body["systems"] = std::move(systems);
    body["severity_evidence"] = std::move(evidence);
    body["clocks"] = std::move(clocks);
    body["deadlines"] = std::move(deadlines);
    body["next_steps"] = std::move(next);
    body["can_handle"] = d.can_handle;
    body["tasks"] = std::move(tasks);
    body["timeline"] = std::move(events);
    body["observables"] = std::move(observables);
    body["related"] = std::move(related);
    body["reports"] = std::move(reports);
    body["deliveries"] = std::move(deliveries);
    body["report_types"] = std::move(report_types);
    json::array attachments;
    for (const auto& a : d.attachments) {
        attachments.push_back({{"id", a.id.value()},
                               {"name", a.name},
                               {"content_type", a.content_type},
                               {"size", a.size},
                               {"uploaded_by", a.uploaded_by},
                               {"uploaded_at", core::FormatRfc3339(a.uploaded_at)}});
    }
    body["attachments"] = std::move(attachments);
    body["rule_set_awaiting_confirmation"] = d.rules != nullptr && d.rules->awaiting_confirmation;
    if (d.plan) {
        json::array steps;
        for (const auto& step : d.plan->steps) {
            steps.push_back({{"title", step.title}, {"lead", step.lead}, {"step", step.step}});
        }
        json::array criteria;
        for (const auto& c : d.plan->criteria) {
            criteria.push_back({{"text", c.text}, {"serious", c.serious}});
        }
        body["plan"] =
            json::object{{"id", d.plan->id.value()},        {"title", d.plan->title},
                         {"version", d.plan->version},      {"steps", std::move(steps)},
                         {"criteria", std::move(criteria)}, {"people", d.plan->people},
                         {"tools", d.plan->tools},          {"contractors", d.plan->contractors},
                         {"continuity", d.plan->continuity}};
    } else {
        body["plan"] = nullptr;
    }
    return body;
}

Result<core::TimePoint> TimeField(std::string_view field, const std::string& text) {
    const auto parsed = core::ParseRfc3339(text);
    if (!parsed) {
        core::Error error = core::InvalidArgument(
            fmt::format("{}: thời gian không hợp lệ (ví dụ 2026-11-21T08:30:00+07:00).", field),
            fmt::format("{}: invalid time (e.g. 2026-11-21T08:30:00+07:00).", field));
        error.details.push_back({std::string(field), "thời gian RFC 3339", "an RFC 3339 time"});
        return error;
    }
    return *parsed;
}

// Unknown or wrong-typed fields of the nested object are reported like the others.
Result<domain::Party> ReadParty(jsonio::ObjectReader& reader, std::string_view name) {
    domain::Party party;
    if (auto nested = reader.OptObject(name)) {
        party.name = nested->OptString("name").value_or("");
        party.address = nested->OptString("address").value_or("");
        party.position = nested->OptString("position").value_or("");
        party.phone = nested->OptString("phone").value_or("");
        party.email = nested->OptString("email").value_or("");
        UNGCUU_RETURN_IF_ERROR(nested->Finish());
    }
    return party;
}

Result<std::vector<domain::SystemId>> SystemIds(jsonio::ObjectReader& reader) {
    std::vector<domain::SystemId> ids;
    for (const auto id : reader.OptIntArray("system_ids").value_or(std::vector<std::int64_t>{})) {
        ids.push_back(domain::SystemId{id});
    }
    return ids;
}

Result<domain::Capacity> CapacityFrom(const std::optional<std::string>& text) {
    if (!text) {
        return domain::Capacity::kUnknown;
    }
    const auto parsed = domain::ParseCapacity(*text);
    if (!parsed) {
        return core::InvalidArgument("capacity: chỉ được unknown, within, exceeded.",
                                     "capacity: one of unknown, within, exceeded.");
    }
    return *parsed;
}

Result<app::NewIncident> ReadNewIncident(const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::NewIncident request;
    auto& f = request.fields;
    f.title = reader.OptString("title").value_or("");
    f.description = reader.OptString("description").value_or("");
    UNGCUU_ASSIGN_OR_RETURN(reporter, ReadParty(reader, "reporter"));
    UNGCUU_ASSIGN_OR_RETURN(contact, ReadParty(reader, "contact"));
    f.reporter = std::move(reporter);
    f.contact = std::move(contact);
    UNGCUU_ASSIGN_OR_RETURN(systems, SystemIds(reader));
    f.system_ids = std::move(systems);
    f.affected_text = reader.OptString("affected_text").value_or("");
    const auto detected = reader.OptString("detected_at");
    f.handled = reader.OptBool("handled");
    f.detection_methods =
        reader.OptStringArray("detection_methods").value_or(std::vector<std::string>{});
    f.detection_note = reader.OptString("detection_note").value_or("");
    f.notified_parties =
        reader.OptStringArray("notified_parties").value_or(std::vector<std::string>{});
    f.confidential = reader.OptBool("confidential").value_or(false);
    f.proposals = reader.OptString("proposals").value_or("");
    f.scenarios = reader.OptStringArray("scenarios").value_or(std::vector<std::string>{});
    f.impacts = reader.OptStringArray("impacts").value_or(std::vector<std::string>{});
    const auto capacity = reader.OptString("capacity");
    const auto source = reader.OptString("source");
    f.source_ref = reader.OptString("source_ref").value_or("");
    if (const auto unit = reader.OptInt("unit_id")) {
        request.unit_id = domain::UnitId{*unit};
    }
    request.rule_set = reader.OptString("rule_set");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    if (detected) {
        UNGCUU_ASSIGN_OR_RETURN(at, TimeField("detected_at", *detected));
        f.detected_at = at;
    }
    UNGCUU_ASSIGN_OR_RETURN(parsed_capacity, CapacityFrom(capacity));
    f.capacity = parsed_capacity;
    // A session files by hand; a token (a machine) files an alert or an API report.
    f.source =
        call.session_token.empty() ? domain::IncidentSource::kApi : domain::IncidentSource::kManual;
    if (source) {
        const auto parsed = domain::ParseIncidentSource(*source);
        if (!parsed || *parsed == domain::IncidentSource::kPublic) {
            return core::InvalidArgument("source: chỉ được manual, api, detection, monitor.",
                                         "source: one of manual, api, detection, monitor.");
        }
        f.source = *parsed;
    }
    return request;
}

Result<std::vector<domain::IncidentState>> StatesQuery(const Call& call) {
    std::vector<domain::IncidentState> states;
    const std::string state_text = QueryText(call, "state");
    std::string_view text = state_text;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const auto code = text.substr(0, comma);
        if (code == "triage") {  // the triage queue: not yet past verification
            for (const auto state :
                 {domain::IncidentState::kReceived, domain::IncidentState::kAcknowledged,
                  domain::IncidentState::kVerifying}) {
                states.push_back(state);
            }
        } else {
            const auto state = domain::ParseIncidentState(code);
            if (!state) {
                return core::InvalidArgument(fmt::format("Trạng thái \"{}\" không hợp lệ.", code),
                                             fmt::format("Unknown state \"{}\".", code));
            }
            states.push_back(*state);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        text.remove_prefix(comma + 1);
    }
    return states;
}

Result<std::optional<app::IncidentCursor>> IncidentCursorQuery(const Call& call) {
    const std::string text = QueryText(call, "cursor");
    if (text.empty()) {
        return std::optional<app::IncidentCursor>();
    }
    const auto dot = text.find('.');
    const auto key = core::ParseInt64(std::string_view(text).substr(0, dot));
    const auto id = dot == std::string::npos
                        ? std::nullopt
                        : core::ParseInt64(std::string_view(text).substr(dot + 1));
    if (!key || !id) {
        return core::InvalidArgument("cursor không hợp lệ.", "Invalid cursor.");
    }
    return std::optional(app::IncidentCursor{*key, *id});
}

Result<app::ReportDraft> ReadDraft(const Call& call, bool with_type) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::ReportDraft draft;
    if (with_type) {
        draft.type = reader.String("type");
    }
    draft.summary = reader.OptString("summary").value_or("");
    draft.result = reader.OptString("result").value_or("");
    draft.requested_help = reader.OptString("requested_help").value_or("");
    draft.signer_name = reader.OptString("signer_name").value_or("");
    draft.signer_title = reader.OptString("signer_title").value_or("");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    return draft;
}

}  // namespace

void AddIncidentRoutes(RouteTable& table, Services s) {
    table.Add(verb::post, "/api/v1/incidents", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(request, ReadNewIncident(call));
                  UNGCUU_ASSIGN_OR_RETURN(outcome, s.incidents.Create(call.actor, request));
                  auto body = DetailsJson(outcome.details);
                  body["created"] = outcome.created;
                  return Ok(std::move(body),
                            outcome.created ? bhttp::status::created : bhttp::status::ok);
              });
    table.Add(verb::get, "/api/v1/incidents", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  app::IncidentQuery query;
                  UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
                  UNGCUU_ASSIGN_OR_RETURN(unit, OptIdQuery(call, "unit"));
                  UNGCUU_ASSIGN_OR_RETURN(states, StatesQuery(call));
                  UNGCUU_ASSIGN_OR_RETURN(search, SearchParam(call));
                  UNGCUU_ASSIGN_OR_RETURN(cursor, IncidentCursorQuery(call));
                  query.limit = std::min(limit, 200);
                  if (unit) {
                      query.unit_id = domain::UnitId{*unit};
                  }
                  query.states = std::move(states);
                  query.search = std::move(search);
                  query.after = cursor;
                  if (const auto severity = QueryText(call, "severity"); !severity.empty()) {
                      const auto parsed = domain::ParseSeverity(severity);
                      if (!parsed) {
                          return core::InvalidArgument("severity: normal hoặc serious.",
                                                       "severity: normal or serious.");
                      }
                      query.severity = *parsed;
                  }
                  if (const auto source = QueryText(call, "source"); !source.empty()) {
                      const auto parsed = domain::ParseIncidentSource(source);
                      if (!parsed) {
                          return core::InvalidArgument("source không hợp lệ.", "Unknown source.");
                      }
                      query.source = *parsed;
                  }
                  query.scenario = QueryText(call, "scenario");
                  UNGCUU_ASSIGN_OR_RETURN(overdue, OptBoolQuery(call, "overdue"));
                  query.overdue = overdue.value_or(false);
                  const auto sort = QueryText(call, "sort");
                  if (sort.empty() || sort == "-detected_at") {
                      query.sort = app::IncidentSort::kDetectedDesc;
                  } else if (sort == "detected_at") {
                      query.sort = app::IncidentSort::kDetectedAsc;
                  } else if (sort == "-updated_at") {
                      query.sort = app::IncidentSort::kUpdatedDesc;
                  } else if (sort == "due_at") {
                      query.sort = app::IncidentSort::kDueAsc;
                  } else {
                      return core::InvalidArgument(
                          "sort: -detected_at, detected_at, -updated_at hoặc due_at.",
                          "sort: -detected_at, detected_at, -updated_at or due_at.");
                  }
                  UNGCUU_ASSIGN_OR_RETURN(page, s.incidents.List(call.actor, query));
                  json::array items;
                  for (const auto& row : page.rows) {
                      auto item = IncidentJson(row.incident, row.unit_name);
                      item["next_due_at"] = OptTime(row.next_due_at);
                      items.push_back(std::move(item));
                  }
                  json::object body{{"items", std::move(items)}};
                  body["next_cursor"] =
                      page.next ? json::value(fmt::format("{}.{}", page.next->key, page.next->id))
                                : json::value(nullptr);
                  return Ok(std::move(body));
              });
    table.Add(
        verb::get, "/api/v1/incidents/{}", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(details, s.incidents.Get(call.actor, domain::IncidentId{id}));
            return Ok(DetailsJson(details));
        });
    table.Add(verb::post, "/api/v1/incidents/{}/transitions", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  const std::string to = reader.String("to");
                  const std::string note = reader.OptString("note").value_or("");
                  const auto merge = reader.OptInt("merge_into");
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  const auto state = domain::ParseIncidentState(to);
                  if (!state) {
                      return core::InvalidArgument(fmt::format("Bước \"{}\" không có.", to),
                                                   fmt::format("Unknown step \"{}\".", to));
                  }
                  UNGCUU_ASSIGN_OR_RETURN(
                      details,
                      s.incidents.Transition(
                          call.actor, domain::IncidentId{id}, *state, note,
                          merge ? std::optional(domain::IncidentId{*merge}) : std::nullopt));
                  return Ok(DetailsJson(details));
              });
    table.Add(
        verb::post, "/api/v1/incidents/{}/classification", Access::kSignedIn,
        [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
            app::Classification c;
            c.scenarios = reader.OptStringArray("scenarios").value_or(std::vector<std::string>{});
            c.impacts = reader.OptStringArray("impacts").value_or(std::vector<std::string>{});
            const auto capacity = reader.OptString("capacity");
            if (const auto ids = reader.OptIntArray("system_ids")) {
                std::vector<domain::SystemId> systems;
                for (const auto system : *ids) {
                    systems.push_back(domain::SystemId{system});
                }
                c.system_ids = std::move(systems);
            }
            for (const auto index :
                 reader.OptIntArray("plan_criteria_met").value_or(std::vector<std::int64_t>{})) {
                c.plan_criteria_met.push_back(static_cast<int>(index));
            }
            UNGCUU_RETURN_IF_ERROR(reader.Finish());
            UNGCUU_ASSIGN_OR_RETURN(parsed, CapacityFrom(capacity));
            c.capacity = parsed;
            UNGCUU_ASSIGN_OR_RETURN(details,
                                    s.incidents.Classify(call.actor, domain::IncidentId{id}, c));
            return Ok(DetailsJson(details));
        });
    table.Add(verb::post, "/api/v1/incidents/{}/notes", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  const std::string note = reader.String("note");
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  UNGCUU_ASSIGN_OR_RETURN(
                      details, s.incidents.AddNote(call.actor, domain::IncidentId{id}, note));
                  return Ok(DetailsJson(details));
              });
    table.Add(verb::post, "/api/v1/incidents/{}/tasks", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  domain::IncidentTask task;
                  task.title = reader.String("title");
                  task.lead = reader.OptString("lead").value_or("");
                  task.step = reader.OptString("step").value_or("");
                  const auto due = reader.OptString("due_at");
                  if (const auto assignee = reader.OptInt("assignee_id")) {
                      task.assignee_id = domain::UserId{*assignee};
                  }
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  if (due) {
                      UNGCUU_ASSIGN_OR_RETURN(at, TimeField("due_at", *due));
                      task.due_at = at;
                  }
                  UNGCUU_ASSIGN_OR_RETURN(
                      details, s.incidents.AddTask(call.actor, domain::IncidentId{id}, task));
                  return Ok(DetailsJson(details), bhttp::status::created);
              });
    table.Add(verb::patch, "/api/v1/incidents/{}/tasks/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(task_id, IdParam(call, 1));
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  domain::IncidentTask changes;
                  changes.result = reader.OptString("result").value_or("");
                  const auto done = reader.OptBool("done");
                  const auto due = reader.OptString("due_at");
                  if (const auto assignee = reader.OptInt("assignee_id")) {
                      changes.assignee_id = domain::UserId{*assignee};
                  }
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  if (due) {
                      UNGCUU_ASSIGN_OR_RETURN(at, TimeField("due_at", *due));
                      changes.due_at = at;
                  }
                  UNGCUU_ASSIGN_OR_RETURN(
                      details, s.incidents.UpdateTask(call.actor, domain::IncidentId{id},
                                                      domain::TaskId{task_id}, changes, done));
                  return Ok(DetailsJson(details));
              });
    table.Add(verb::post, "/api/v1/incidents/{}/observables", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  const std::string kind = reader.String("kind");
                  const std::string value = reader.String("value");
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  const auto parsed = domain::ParseObservableKind(kind);
                  if (!parsed) {
                      return core::InvalidArgument("kind: ip, domain, url, hash hoặc email.",
                                                   "kind: ip, domain, url, hash or email.");
                  }
                  UNGCUU_ASSIGN_OR_RETURN(
                      details, s.incidents.AddObservable(call.actor, domain::IncidentId{id},
                                                         *parsed, value));
                  return Ok(DetailsJson(details));
              });
    table.Add(verb::post, "/api/v1/incidents/{}/reports", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(draft, ReadDraft(call, true));
                  UNGCUU_ASSIGN_OR_RETURN(
                      report, s.incidents.CreateReport(call.actor, domain::IncidentId{id}, draft));
                  UNGCUU_ASSIGN_OR_RETURN(details,
                                          s.incidents.Get(call.actor, domain::IncidentId{id}));
                  return Ok(ReportJson(report, details.rules), bhttp::status::created);
              });
    table.Add(verb::put, "/api/v1/incidents/{}/reports/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(report_id, IdParam(call, 1));
                  UNGCUU_ASSIGN_OR_RETURN(draft, ReadDraft(call, false));
                  UNGCUU_ASSIGN_OR_RETURN(
                      report, s.incidents.UpdateReport(call.actor, domain::IncidentId{id},
                                                       domain::ReportId{report_id}, draft));
                  UNGCUU_ASSIGN_OR_RETURN(details,
                                          s.incidents.Get(call.actor, domain::IncidentId{id}));
                  return Ok(ReportJson(report, details.rules));
              });
    table.Add(verb::post, "/api/v1/incidents/{}/reports/{}/issue", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(report_id, IdParam(call, 1));
                  UNGCUU_ASSIGN_OR_RETURN(
                      details, s.incidents.IssueReport(call.actor, domain::IncidentId{id},
                                                       domain::ReportId{report_id}));
                  return Ok(DetailsJson(details));
              });
    table
        .Add(verb::get, "/api/v1/incidents/{}/reports/{}", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 // "<id>", "<id>.docx" or "<id>.pdf".
                 std::string_view name = call.params[1];
                 std::string format = "json";
                 if (const auto dot = name.find('.'); dot != std::string_view::npos) {
                     format = std::string(name.substr(dot + 1));
                     name = name.substr(0, dot);
                 }
                 const auto report_id = core::ParseInt64(name);
                 if (!report_id || (format != "json" && format != "docx" && format != "pdf")) {
                     return core::NotFound("Không tìm thấy báo cáo.", "Report not found.");
                 }
                 UNGCUU_ASSIGN_OR_RETURN(found,
                                         s.incidents.ReportFor(call.actor, domain::IncidentId{id},
                                                               domain::ReportId{*report_id}));
                 if (format == "json") {
                     return Ok(ReportJson(found.first, found.second.rules));
                 }
                 const auto document = app::BuildReportDocument(found.first, found.second);
                 UNGCUU_ASSIGN_OR_RETURN(file, format == "docx" ? s.documents.Docx(document)
                                                                : s.documents.Pdf(document));
                 return OkFile(
                     format == "docx" ? "application/vnd.openxmlformats-officedocument."
                                        "wordprocessingml.document"
                                      : "application/pdf",
                     fmt::format("{}-{}.{}", found.second.incident.code, found.first.type, format),
                     std::move(file));
             })
        .heavy = [](std::string_view path) {
        return path.ends_with(".docx") || path.ends_with(".pdf");
    };
    // Files: evidence attachments and the signed copies of issued reports (raw bodies).
    table
        .AddRaw(verb::post, "/api/v1/incidents/{}/attachments", Access::kSignedIn,
                [s](Call& call) -> Result<ApiReply> {
                    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                    UNGCUU_ASSIGN_OR_RETURN(
                        details, s.incidents.AddAttachment(call.actor, domain::IncidentId{id},
                                                           QueryText(call, "name"), call.body()));
                    return Ok(DetailsJson(details), bhttp::status::created);
                })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentReport);
    table.Add(verb::get, "/api/v1/incidents/{}/attachments/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(attachment, IdParam(call, 1));
                  UNGCUU_ASSIGN_OR_RETURN(file,
                                          s.incidents.Attachment(call.actor, domain::IncidentId{id},
                                                                 domain::AttachmentId{attachment}));
                  return OkFile(file.content_type, file.name, std::move(file.bytes));
              });
    table
        .AddRaw(verb::put, "/api/v1/incidents/{}/reports/{}/signed", Access::kSignedIn,
                [s](Call& call) -> Result<ApiReply> {
                    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                    UNGCUU_ASSIGN_OR_RETURN(report, IdParam(call, 1));
                    UNGCUU_ASSIGN_OR_RETURN(
                        details, s.incidents.AttachSignedCopy(
                                     call.actor, domain::IncidentId{id}, domain::ReportId{report},
                                     QueryText(call, "name"), call.body()));
                    return Ok(DetailsJson(details));
                })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table.Add(verb::get, "/api/v1/incidents/{}/reports/{}/signed", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(report, IdParam(call, 1));
                  UNGCUU_ASSIGN_OR_RETURN(file,
                                          s.incidents.SignedCopy(call.actor, domain::IncidentId{id},
                                                                 domain::ReportId{report}));
                  return OkFile(file.content_type, file.name, std::move(file.bytes));
              });
    table.Add(verb::get, "/api/v1/inbox", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(unacknowledged, OptBoolQuery(call, "unacknowledged"));
        UNGCUU_ASSIGN_OR_RETURN(rows, s.outbox.Inbox(call.actor, unacknowledged.value_or(false)));
        json::array items;
        for (const auto& d : rows) {
            items.push_back(DeliveryJson(d));
        }
        return Ok(json::object{{"items", std::move(items)}});
    });
    table.Add(verb::post, "/api/v1/deliveries/{}/acknowledge", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(delivery,
                                          s.outbox.Acknowledge(call.actor, domain::DeliveryId{id}));
                  return Ok(DeliveryJson(delivery));
              });
    table.Add(verb::post, "/api/v1/deliveries/{}/retry", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(delivery,
                                          s.outbox.Retry(call.actor, domain::DeliveryId{id}));
                  return Ok(DeliveryJson(delivery));
              });
    table.Add(verb::get, "/api/v1/units/{}/routing", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(routing,
                                          s.outbox.Routing(call.actor, domain::UnitId{id}));
                  json::array functions;
                  for (const auto f : routing.functions) {
                      functions.emplace_back(domain::RoutingFunctionCode(f));
                  }
                  return Ok(json::object{{"unit_id", id},
                                         {"functions", std::move(functions)},
                                         {"webhook_url", routing.webhook_url}});
              });
    table.Add(verb::put, "/api/v1/units/{}/routing", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  app::UnitRouting routing;
                  routing.unit_id = domain::UnitId{id};
                  const auto codes =
                      reader.OptStringArray("functions").value_or(std::vector<std::string>{});
                  routing.webhook_url = reader.OptString("webhook_url").value_or("");
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  for (const auto& code : codes) {
                      const auto f = domain::ParseRoutingFunction(code);
                      if (!f) {
                          return core::InvalidArgument(
                              fmt::format("Chức năng \"{}\" không có.", code),
                              fmt::format("Unknown function \"{}\".", code));
                      }
                      routing.functions.push_back(*f);
                  }
                  UNGCUU_ASSIGN_OR_RETURN(saved, s.outbox.SetRouting(call.actor, routing));
                  json::array functions;
                  for (const auto f : saved.functions) {
                      functions.emplace_back(domain::RoutingFunctionCode(f));
                  }
                  return Ok(json::object{{"unit_id", id},
                                         {"functions", std::move(functions)},
                                         {"webhook_url", saved.webhook_url}});
              });
    table.Add(verb::get, "/api/v1/incident-rules", Access::kSignedIn,
              [s](Call&) -> Result<ApiReply> {
                  json::array sets;
                  for (const auto& set : s.incidents.rules().sets) {
                      json::array clocks;
                      for (const auto& c : set.clocks) {
                          clocks.push_back({{"code", c.code},
                                            {"title_vi", c.title_vi},
                                            {"title_en", c.title_en},
                                            {"start", c.start},
                                            {"article", c.article}});
                      }
                      json::array impacts;
                      for (const auto& i : set.severity.impacts) {
                          impacts.push_back({{"code", i.code},
                                             {"title_vi", i.title_vi},
                                             {"title_en", i.title_en},
                                             {"article", i.article}});
                      }
                      json::array required;
                      for (const auto& r : set.intake_required) {
                          required.push_back({{"field", r.field}, {"article", r.article}});
                      }
                      sets.push_back({{"id", set.id},
                                      {"version", set.version},
                                      {"title_vi", set.title_vi},
                                      {"title_en", set.title_en},
                                      {"awaiting_confirmation", set.awaiting_confirmation},
                                      {"default", set.id == s.incidents.rules().default_id},
                                      {"intake_required", std::move(required)},
                                      {"impacts", std::move(impacts)},
                                      {"clocks", std::move(clocks)}});
                  }
                  return Ok(json::object{{"items", std::move(sets)}});
              });
    // The public page: no account, rate-limited per address.
    table.Add(verb::post, "/api/v1/public/reports", Access::kPublic,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  app::PublicReport report;
                  report.name = reader.OptString("name").value_or("");
                  report.organisation = reader.OptString("organisation").value_or("");
                  report.email = reader.OptString("email").value_or("");
                  report.phone = reader.OptString("phone").value_or("");
                  report.affected = reader.OptString("affected").value_or("");
                  report.description = reader.OptString("description").value_or("");
                  // A field people do not see: robots fill it.
                  const auto trap = reader.OptString("website").value_or("");
                  if (const auto unit = reader.OptInt("unit_id")) {
                      report.unit_id = domain::UnitId{*unit};
                  }
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  report.address = call.context.remote_address;
                  if (!trap.empty()) {
                      return core::InvalidArgument("Không nhận được phản ánh.",
                                                   "The report was not accepted.");
                  }
                  UNGCUU_ASSIGN_OR_RETURN(code, s.incidents.CreatePublic(report));
                  return Ok(json::object{{"tracking_code", code}}, bhttp::status::accepted);
              });
    table.Add(verb::get, "/api/v1/public/reports/{}", Access::kPublic,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(status, s.incidents.StatusByTrackingCode(call.params[0]));
                  const auto& step = domain::StepOf(status.state);
                  return Ok(json::object{{"tracking_code", status.code},
                                         {"state", domain::IncidentStateCode(status.state)},
                                         {"state_vi", step.name_vi},
                                         {"state_en", step.name_en},
                                         {"received_at", core::FormatRfc3339(status.received_at)},
                                         {"updated_at", core::FormatRfc3339(status.updated_at)}});
              });
}

}  // namespace ungcuu::http
