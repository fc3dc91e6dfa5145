// Incidents: intake by officers and API tokens, list, details, procedure steps, classification,
// notes, tasks, observables; the rule sets they run on.
#include <fmt/format.h>

#include "core/text.hpp"
#include "http/incident_views.hpp"
#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

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
        ids.emplace_back(id);
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

// GET /api/v1/incidents
Result<ApiReply> GetIncidents(const Services& s, Call& call) {
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
    for (const auto& [name, into] :
         {std::pair{"from", &query.detected_from}, std::pair{"to", &query.detected_to}}) {
        if (const auto text = QueryText(call, name); !text.empty()) {
            *into = core::ParseDate(text);
            if (!*into) {
                return core::InvalidArgument(
                    fmt::format("{}: một ngày dạng YYYY-MM-DD (ngày phát hiện).", name),
                    fmt::format("{}: a day as YYYY-MM-DD (the day detected).", name));
            }
        }
    }
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
        return core::InvalidArgument("sort: -detected_at, detected_at, -updated_at hoặc due_at.",
                                     "sort: -detected_at, detected_at, -updated_at or due_at.");
    }
    UNGCUU_ASSIGN_OR_RETURN(page, s.incidents.List(call.actor, query));
    json::array items;
    for (const auto& row : page.rows) {
        auto item = IncidentJson(row.incident, row.unit_name);
        item["next_due_at"] = OptTimeJson(row.next_due_at);
        items.push_back(std::move(item));
    }
    json::object body{{"items", std::move(items)}};
    body["next_cursor"] = page.next
                              ? json::value(fmt::format("{}.{}", page.next->key, page.next->id))
                              : json::value(nullptr);
    return Ok(std::move(body));
}

// POST /api/v1/incidents/{}/transitions
Result<ApiReply> PostIncidentsTransitions(const Services& s, Call& call) {
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
        s.incidents.Transition(call.actor, domain::IncidentId{id}, *state, note,
                               merge ? std::optional(domain::IncidentId{*merge}) : std::nullopt));
    return Ok(DetailsJson(details));
}

// POST /api/v1/incidents/{}/classification
Result<ApiReply> PostIncidentsClassification(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::Classification c;
    c.scenarios = reader.OptStringArray("scenarios").value_or(std::vector<std::string>{});
    c.impacts = reader.OptStringArray("impacts").value_or(std::vector<std::string>{});
    const auto capacity = reader.OptString("capacity");
    c.security_signs = reader.OptBool("security_signs");
    c.personal_data = reader.OptBool("personal_data");
    if (const auto ids = reader.OptIntArray("system_ids")) {
        std::vector<domain::SystemId> systems;
        for (const auto system : *ids) {
            systems.emplace_back(system);
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
    UNGCUU_ASSIGN_OR_RETURN(details, s.incidents.Classify(call.actor, domain::IncidentId{id}, c));
    return Ok(DetailsJson(details));
}

// POST /api/v1/incidents/{}/tasks
Result<ApiReply> PostIncidentsTasks(const Services& s, Call& call) {
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
    UNGCUU_ASSIGN_OR_RETURN(details, s.incidents.AddTask(call.actor, domain::IncidentId{id}, task));
    return Ok(DetailsJson(details), bhttp::status::created);
}

// PATCH /api/v1/incidents/{}/tasks/{}
Result<ApiReply> PatchIncidentsTasksById(const Services& s, Call& call) {
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
        details, s.incidents.UpdateTask(call.actor, domain::IncidentId{id}, domain::TaskId{task_id},
                                        changes, done));
    return Ok(DetailsJson(details));
}

// POST /api/v1/incidents/{}/observables
Result<ApiReply> PostIncidentsObservables(const Services& s, Call& call) {
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
        details, s.incidents.AddObservable(call.actor, domain::IncidentId{id}, *parsed, value));
    return Ok(DetailsJson(details));
}

// GET /api/v1/incident-rules
Result<ApiReply> GetIncidentRules(const Services& s, Call& /*call*/) {
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
              [s](Call& call) { return GetIncidents(s, call); });
    table.Add(
        verb::get, "/api/v1/incidents/{}", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(details, s.incidents.Get(call.actor, domain::IncidentId{id}));
            return Ok(DetailsJson(details));
        });
    table.Add(verb::post, "/api/v1/incidents/{}/transitions", Access::kSignedIn,
              [s](Call& call) { return PostIncidentsTransitions(s, call); });
    table.Add(verb::post, "/api/v1/incidents/{}/classification", Access::kSignedIn,
              [s](Call& call) { return PostIncidentsClassification(s, call); });
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
    table
        .Add(verb::post, "/api/v1/incidents/{}/track-decision", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                 const std::string reason = reader.String("reason");
                 UNGCUU_RETURN_IF_ERROR(reader.Finish());
                 UNGCUU_ASSIGN_OR_RETURN(
                     details, s.incidents.DecideTrack(call.actor, domain::IncidentId{id}, reason));
                 return Ok(DetailsJson(details));
             })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentDecide);
    table.Add(verb::post, "/api/v1/incidents/{}/tasks", Access::kSignedIn,
              [s](Call& call) { return PostIncidentsTasks(s, call); });
    table.Add(verb::patch, "/api/v1/incidents/{}/tasks/{}", Access::kSignedIn,
              [s](Call& call) { return PatchIncidentsTasksById(s, call); });
    table.Add(verb::post, "/api/v1/incidents/{}/observables", Access::kSignedIn,
              [s](Call& call) { return PostIncidentsObservables(s, call); });
    table.Add(verb::get, "/api/v1/incident-rules", Access::kSignedIn,
              [s](Call& call) { return GetIncidentRules(s, call); });
}

}  // namespace ungcuu::http
