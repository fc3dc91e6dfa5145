// Level dossiers (hồ sơ đề xuất cấp độ), their documents, the registry rules the UI shows, and
// the working-day calendar.
#include <fmt/format.h>

#include "core/text.hpp"
#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::array LevelsJson(const std::vector<int>& levels) {
    json::array array;
    for (const int level : levels) {
        array.emplace_back(level);
    }
    return array;
}

std::string_view DayCountCode(domain::DayCount count) {
    return count == domain::DayCount::kWorking ? "working" : "calendar";
}

json::object DetailsJson(const app::DossierDetails& details, core::TimePoint now) {
    json::object body = DossierJson(details.dossier, now);
    json::array events;
    for (const auto& e : details.events) {
        events.push_back(json::object{{"at", core::FormatRfc3339(e.at)},
                                      {"action", domain::DossierActionCode(e.action)},
                                      {"from", domain::DossierStateCode(e.from)},
                                      {"to", domain::DossierStateCode(e.to)},
                                      {"actor_login", e.actor_login},
                                      {"note", e.note}});
    }
    json::array documents;
    for (const auto* slot : details.required) {
        json::object item{{"slot", slot->code},
                          {"title_vi", slot->title_vi},
                          {"title_en", slot->title_en},
                          {"article", slot->article},
                          {"file", nullptr}};
        for (const auto& d : details.documents) {
            if (d.slot == slot->code) {
                item["file"] = json::object{{"file_name", d.file_name},
                                            {"content_type", d.content_type},
                                            {"size", d.size},
                                            {"sha256", d.sha256},
                                            {"uploaded_by", d.uploaded_by},
                                            {"uploaded_at", core::FormatRfc3339(d.uploaded_at)},
                                            {"scan", FileScanJson(d.scan)}};
            }
        }
        documents.push_back(std::move(item));
    }
    json::array allowed;
    for (const auto action : details.allowed) {
        allowed.emplace_back(domain::DossierActionCode(action));
    }
    body["allowed_actions"] = std::move(allowed);
    body["events"] = std::move(events);
    body["documents"] = std::move(documents);
    if (details.authority != nullptr) {
        body["appraiser"] = domain::AuthorityCode(details.authority->appraiser);
        body["approver"] = domain::AuthorityCode(details.authority->approver);
        body["authority_article"] = details.authority->article;
    }
    if (details.limit && *details.limit != nullptr) {
        const auto* limit = *details.limit;
        body["stage_limit"] = json::object{{"days", limit->days},
                                           {"count", DayCountCode(limit->count)},
                                           {"article", limit->article}};
    }
    return body;
}

Result<int> YearParam(const Call& call) {
    const auto year = core::ParseInt64(call.params[0]);
    if (!year || *year < 2000 || *year > 2100) {
        return core::NotFound("Năm không hợp lệ; hãy chọn một năm từ 2000 đến 2100.",
                              "Invalid year; choose a year from 2000 to 2100.");
    }
    return static_cast<int>(*year);
}

// GET /api/v1/dossiers
Result<ApiReply> GetDossiers(const Services& s, Call& call) {
    app::DossierQuery query;
    UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
    UNGCUU_ASSIGN_OR_RETURN(cursor, CursorParam(call));
    UNGCUU_ASSIGN_OR_RETURN(system, OptIdQuery(call, "system_id"));
    UNGCUU_ASSIGN_OR_RETURN(unit, OptIdQuery(call, "unit_id"));
    query.limit = limit;
    query.after_id = cursor;
    if (system) {
        query.system_id = domain::SystemId{*system};
    }
    if (unit) {
        query.unit_id = domain::UnitId{*unit};
    }
    if (const std::string state = QueryText(call, "state"); !state.empty()) {
        const auto parsed = domain::ParseDossierState(state);
        if (!parsed) {
            return core::InvalidArgument(
                fmt::format("Trạng thái hồ sơ \"{}\" không hợp lệ.", state),
                fmt::format("Unknown dossier state \"{}\".", state));
        }
        query.state = *parsed;
    }
    query.overdue_only = QueryText(call, "overdue") == "true";
    UNGCUU_ASSIGN_OR_RETURN(page, s.dossiers.List(call.actor, query));
    const auto now = s.dossiers.Now();
    json::array items;
    for (const auto& dossier : page.dossiers) {
        items.push_back(DossierJson(dossier, now));
    }
    return Ok(Page(std::move(items), page.next_cursor));
}

// POST /api/v1/dossiers
Result<ApiReply> PostDossiers(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::NewDossier request;
    request.system_id = domain::SystemId{reader.Int("system_id")};
    request.reviewer_unit_id = domain::UnitId{reader.Int("reviewer_unit_id")};
    if (const auto level = reader.OptInt("proposed_level")) {
        request.proposed_level = static_cast<int>(std::clamp<std::int64_t>(*level, -1, 99));
    }
    request.justification = reader.OptString("justification").value_or("");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(created, s.dossiers.Create(call.actor, request));
    return Ok(DetailsJson(created, s.dossiers.Now()), bhttp::status::created);
}

// POST /api/v1/dossiers/{}/actions
Result<ApiReply> PostDossiersActions(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    const std::string action_code = reader.String("action");
    const std::string note = reader.OptString("note").value_or("");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    const auto action = domain::ParseDossierAction(action_code);
    if (!action) {
        core::Error error =
            core::InvalidArgument(fmt::format("Thao tác \"{}\" không hợp lệ.", action_code),
                                  fmt::format("Unknown action \"{}\".", action_code));
        error.details.push_back({"action",
                                 "chỉ được: submit, accept, appraise, approve, return, reopen",
                                 "one of: submit, accept, appraise, approve, return, reopen"});
        return error;
    }
    UNGCUU_ASSIGN_OR_RETURN(details,
                            s.dossiers.Act(call.actor, domain::DossierId{id}, *action, note));
    return Ok(DetailsJson(details, s.dossiers.Now()));
}

// GET /api/v1/registry-rules
Result<ApiReply> GetRegistryRules(const Services& s, Call& /*call*/) {
    const auto& rules = s.dossiers.rules();
    json::array authorities;
    for (const auto& a : rules.authorities) {
        authorities.push_back(json::object{{"levels", LevelsJson(a.levels)},
                                           {"appraiser", domain::AuthorityCode(a.appraiser)},
                                           {"approver", domain::AuthorityCode(a.approver)},
                                           {"article", a.article}});
    }
    json::array stages;
    for (const auto& limit : rules.stages) {
        stages.push_back(json::object{{"stage", domain::DossierStageCode(limit.stage)},
                                      {"levels", LevelsJson(limit.levels)},
                                      {"days", limit.days},
                                      {"count", DayCountCode(limit.count)},
                                      {"article", limit.article}});
    }
    json::array documents;
    for (const auto& slot : rules.documents) {
        documents.push_back(json::object{{"code", slot.code},
                                         {"from_level", slot.from_level},
                                         {"title_vi", slot.title_vi},
                                         {"title_en", slot.title_en},
                                         {"article", slot.article}});
    }
    json::array due;
    for (const auto& rule : rules.due) {
        due.push_back(json::object{{"kind", domain::DueKindCode(rule.kind)},
                                   {"levels", LevelsJson(rule.levels)},
                                   {"months", rule.months},
                                   {"article", rule.article}});
    }
    return Ok(json::object{{"rule_set", rules.id},
                           {"version", rules.version},
                           {"authorities", std::move(authorities)},
                           {"stages", std::move(stages)},
                           {"documents", std::move(documents)},
                           {"due", std::move(due)},
                           {"max_upload_bytes", s.dossiers.limits().max_bytes}});
}

// PUT /api/v1/calendar/{}
Result<ApiReply> PutCalendarById(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(year, YearParam(call));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    std::vector<domain::CalendarDay> days;
    domain::FieldErrors errors;
    std::size_t index = 0;
    for (auto& item : reader.ObjectArray("days")) {
        domain::CalendarDay day;
        const std::string date = item.String("date");
        if (const auto parsed = core::ParseDate(date)) {
            day.date = *parsed;
        } else {
            errors.Add(fmt::format("days[{}].date", index),
                       fmt::format("\"{}\" không phải ngày hợp lệ (YYYY-MM-DD)", date),
                       fmt::format("\"{}\" is not a valid date (YYYY-MM-DD)", date));
        }
        day.name_vi = item.String("name_vi");
        day.name_en = item.OptString("name_en").value_or("");
        day.working = item.OptBool("working").value_or(false);
        errors.AddAll(item.Finish());
        days.push_back(std::move(day));
        ++index;
    }
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_RETURN_IF_ERROR(s.calendar.ReplaceYear(call.actor, year, std::move(days)));
    return Ok(json::object{{"year", year}});
}

}  // namespace

void AddDossierRoutes(RouteTable& table, Services s) {
    table.Add(verb::get, "/api/v1/dossiers", Access::kSignedIn,
              [s](Call& call) { return GetDossiers(s, call); });
    table.Add(verb::post, "/api/v1/dossiers", Access::kSignedIn,
              [s](Call& call) { return PostDossiers(s, call); });
    table.Add(
        verb::get, "/api/v1/dossiers/{}", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(details, s.dossiers.Get(call.actor, domain::DossierId{id}));
            return Ok(DetailsJson(details, s.dossiers.Now()));
        });
    table.Add(verb::post, "/api/v1/dossiers/{}/actions", Access::kSignedIn,
              [s](Call& call) { return PostDossiersActions(s, call); });
    table
        .AddRaw(verb::put, "/api/v1/dossiers/{}/documents/{}", Access::kSignedIn,
                [s](Call& call) -> Result<ApiReply> {
                    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                    UNGCUU_ASSIGN_OR_RETURN(
                        details,
                        s.dossiers.Upload(call.actor, domain::DossierId{id}, call.params[1],
                                          QueryText(call, "name"), call.body()));
                    return Ok(DetailsJson(details, s.dossiers.Now()));
                })
        .precheck = NeedsSomewhere(domain::Permission::kSystemWrite);
    table.Add(verb::get, "/api/v1/dossiers/{}/documents/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(
                      file, s.dossiers.Download(call.actor, domain::DossierId{id}, call.params[1]));
                  return OkFile(file.document.content_type, file.document.file_name,
                                std::move(file.bytes));
              });
    table.Add(verb::get, "/api/v1/reminders", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(reminders, s.dossiers.Reminders(call.actor));
                  const auto now = s.dossiers.Now();
                  json::array items;
                  for (const auto& r : reminders) {
                      json::object item = DossierJson(r.dossier, now);
                      item["responsible_unit_id"] = r.responsible_unit_id.value();
                      item["can_act"] = r.can_act;
                      items.push_back(std::move(item));
                  }
                  return Ok(json::object{{"items", std::move(items)}});
              });
    table.Add(verb::get, "/api/v1/systems/{}/reviewers", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(units,
                                          s.dossiers.Reviewers(call.actor, domain::SystemId{id}));
                  return Ok(UnitChoicesJson(units));
              });
    table.Add(verb::get, "/api/v1/registry-rules", Access::kSignedIn,
              [s](Call& call) { return GetRegistryRules(s, call); });
    table.Add(verb::get, "/api/v1/calendar/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(year, YearParam(call));
                  UNGCUU_ASSIGN_OR_RETURN(days, s.calendar.Year(year));
                  json::array items;
                  for (const auto& day : days) {
                      items.push_back(json::object{{"date", core::FormatDate(day.date)},
                                                   {"name_vi", day.name_vi},
                                                   {"name_en", day.name_en},
                                                   {"working", day.working}});
                  }
                  return Ok(json::object{{"year", year}, {"days", std::move(items)}});
              });
    table.Add(verb::put, "/api/v1/calendar/{}", Access::kSignedIn,
              [s](Call& call) { return PutCalendarById(s, call); });
}

}  // namespace ungcuu::http
