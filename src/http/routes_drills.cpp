// Drills: planning a drill, its injects, starting it, running an inject (an exercise incident),
// recording findings (tasks of the drill's follow-up plan), finishing it, and the after-action
// report as DOCX or PDF.
#include <fmt/format.h>

#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::object DrillHeadJson(const domain::Drill& d) {
    json::array units;
    for (const auto id : d.units) {
        units.emplace_back(id.value());
    }
    json::array systems;
    for (const auto id : d.systems) {
        systems.emplace_back(id.value());
    }
    return {{"id", d.id.value()},
            {"unit_id", d.unit_id.value()},
            {"unit_name", d.unit_name},
            {"title", d.title},
            {"kind", domain::DrillKindCode(d.kind)},
            {"level", domain::DrillLevelCode(d.level)},
            {"organiser_name", d.organiser_name},
            {"day", core::FormatDate(d.day)},
            {"duration_hours", d.duration_hours},
            {"scenarios", StringsJson(d.scenarios)},
            {"unit_ids", std::move(units)},
            {"system_ids", std::move(systems)},
            {"people", d.people},
            {"budget", d.budget ? json::value(*d.budget) : json::value(nullptr)},
            {"state", domain::DrillStateCode(d.state)},
            {"started_at", OptTimeJson(d.started_at)},
            {"ended_at", OptTimeJson(d.ended_at)},
            {"lessons", d.lessons},
            {"follow_up_plan_id",
             d.follow_up_plan ? json::value(d.follow_up_plan->value()) : json::value(nullptr)}};
}

json::object DrillJson(const app::DrillView& v) {
    auto out = DrillHeadJson(v.drill);
    out["unit_names"] = StringsJson(v.unit_names);
    out["system_names"] = StringsJson(v.system_names);
    out["injects"] = ArrayJson(v.injects, [](const app::InjectView& i) {
        return json::object{
            {"id", i.inject.id.value()},
            {"minute", i.inject.minute},
            {"title", i.inject.title},
            {"description", i.inject.description},
            {"unit_id", i.inject.unit_id.value()},
            {"unit_name", i.inject.unit_name},
            {"scenario", i.inject.scenario},
            {"incident_id", i.inject.incident_id ? json::value(i.inject.incident_id->value())
                                                 : json::value(nullptr)},
            {"incident_code", i.incident_code},
            {"incident_state", i.incident_state},
            {"run_at", OptTimeJson(i.inject.run_at)},
            {"acknowledged_at", OptTimeJson(i.acknowledged_at)},
            {"closed_at", OptTimeJson(i.closed_at)}};
    });
    out["findings"] = ArrayJson(v.findings, [](const app::FindingView& f) {
        return json::object{{"id", f.finding.id.value()},
                            {"text", f.finding.text},
                            {"lesson", f.finding.lesson},
                            {"owner_unit_id", f.finding.owner_unit.value()},
                            {"owner_unit_name", f.finding.owner_unit_name},
                            {"owner", f.finding.owner},
                            {"due", core::FormatDate(f.finding.due)},
                            {"task_id", f.finding.task_id ? json::value(f.finding.task_id->value())
                                                          : json::value(nullptr)},
                            {"status", f.status},
                            {"overdue", f.overdue}};
    });
    out["can_edit"] = v.can_edit;
    return out;
}

core::Date ReadDay(jsonio::ObjectReader& reader,
                   domain::FieldErrors& errors,
                   std::string_view name) {
    const auto day = core::ParseDate(reader.String(name));
    if (!day) {
        errors.Add(name, "ngày viết dạng YYYY-MM-DD", "a day is written YYYY-MM-DD");
        return {};
    }
    return *day;
}

Result<ApiReply> PostDrill(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::Drill drill;
    drill.unit_id = domain::UnitId{reader.Int("unit_id")};
    drill.title = reader.String("title");
    if (const auto kind = domain::ParseDrillKind(reader.String("kind"))) {
        drill.kind = *kind;
    } else {
        errors.Add("kind", "hình thức là tabletop (trên bàn) hoặc live_fire (thực chiến)",
                   "the kind is tabletop or live_fire");
    }
    if (const auto level = domain::ParseDrillLevel(reader.OptString("level").value_or("own"))) {
        drill.level = *level;
    } else {
        errors.Add("level", "cấp là own, provincial hoặc national",
                   "the level is own, provincial or national");
    }
    drill.organiser_name = reader.OptString("organiser_name").value_or("");
    drill.day = ReadDay(reader, errors, "day");
    drill.duration_hours = static_cast<int>(
        std::clamp<std::int64_t>(reader.OptInt("duration_hours").value_or(4), -1, 100000));
    drill.scenarios = reader.OptStringArray("scenarios").value_or(std::vector<std::string>{});
    for (const auto id : reader.OptIntArray("unit_ids").value_or(std::vector<std::int64_t>{})) {
        drill.units.emplace_back(id);
    }
    for (const auto id : reader.OptIntArray("system_ids").value_or(std::vector<std::int64_t>{})) {
        drill.systems.emplace_back(id);
    }
    drill.people = reader.OptString("people").value_or("");
    drill.budget = reader.OptInt("budget");
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view, s.drills.Create(call.actor, std::move(drill)));
    return Ok(DrillJson(view), bhttp::status::created);
}

Result<ApiReply> PostInject(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::Inject inject;
    inject.drill_id = domain::DrillId{id};
    inject.minute = static_cast<int>(
        std::clamp<std::int64_t>(reader.OptInt("minute").value_or(0), -1, 1'000'000));
    inject.title = reader.String("title");
    inject.description = reader.OptString("description").value_or("");
    inject.unit_id = domain::UnitId{reader.Int("unit_id")};
    inject.scenario = reader.OptString("scenario").value_or("");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(view, s.drills.AddInject(call.actor, std::move(inject)));
    return Ok(DrillJson(view), bhttp::status::created);
}

Result<ApiReply> PostFinding(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::Finding finding;
    finding.drill_id = domain::DrillId{id};
    finding.text = reader.String("text");
    finding.lesson = reader.OptString("lesson").value_or("");
    finding.owner_unit = domain::UnitId{reader.Int("owner_unit_id")};
    finding.owner = reader.OptString("owner").value_or("");
    finding.due = ReadDay(reader, errors, "due");
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view, s.drills.AddFinding(call.actor, std::move(finding)));
    return Ok(DrillJson(view), bhttp::status::created);
}

Result<ApiReply> GetReport(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    const std::string_view format = call.params[1];
    if (format != "docx" && format != "pdf") {
        return core::NotFound("Báo cáo có dạng report/docx hoặc report/pdf.",
                              "The report is report/docx or report/pdf.");
    }
    UNGCUU_ASSIGN_OR_RETURN(file, s.drills.Report(call.actor, domain::DrillId{id},
                                                  format == "docx" ? app::DocumentFormat::kDocx
                                                                   : app::DocumentFormat::kPdf));
    return OkFile(file.content_type, file.file_name, std::move(file.bytes));
}

}  // namespace

void AddDrillRoutes(RouteTable& table, Services s) {
    table.Add(verb::get, "/api/v1/drills", Access::kSignedIn, [s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(drills, s.drills.Drills(call.actor));
        return Ok(json::object{{"items", ArrayJson(drills, DrillHeadJson)}});
    });
    table
        .Add(verb::post, "/api/v1/drills", Access::kSignedIn,
             [s](Call& call) { return PostDrill(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table.Add(verb::get, "/api/v1/drills/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(view, s.drills.Drill(call.actor, domain::DrillId{id}));
                  return Ok(DrillJson(view));
              });
    table
        .Add(verb::post, "/api/v1/drills/{}/injects", Access::kSignedIn,
             [s](Call& call) { return PostInject(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .Add(verb::post, "/api/v1/drills/{}/start", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 UNGCUU_ASSIGN_OR_RETURN(view, s.drills.Start(call.actor, domain::DrillId{id}));
                 return Ok(DrillJson(view));
             })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .Add(verb::post, "/api/v1/drills/{}/injects/{}/run", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 UNGCUU_ASSIGN_OR_RETURN(inject, IdParam(call, 1));
                 UNGCUU_ASSIGN_OR_RETURN(view, s.drills.RunInject(call.actor, domain::DrillId{id},
                                                                  domain::InjectId{inject}));
                 return Ok(DrillJson(view));
             })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .Add(verb::post, "/api/v1/drills/{}/findings", Access::kSignedIn,
             [s](Call& call) { return PostFinding(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .Add(verb::post, "/api/v1/drills/{}/finish", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 std::string lessons;
                 if (!call.body().empty()) {
                     UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                     lessons = reader.OptString("lessons").value_or("");
                     UNGCUU_RETURN_IF_ERROR(reader.Finish());
                 }
                 UNGCUU_ASSIGN_OR_RETURN(
                     view, s.drills.Finish(call.actor, domain::DrillId{id}, std::move(lessons)));
                 return Ok(DrillJson(view));
             })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table.Add(verb::get, "/api/v1/readiness/practice", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(unit, OptUnitQuery(call));
                  if (!unit) {
                      return core::InvalidArgument("Chọn đơn vị (unit_id).",
                                                   "Name the unit (unit_id).");
                  }
                  UNGCUU_ASSIGN_OR_RETURN(r, s.drills.Readiness(call.actor, *unit));
                  return Ok(json::object{
                      {"team_id", r.team ? json::value(r.team->id.value()) : json::value(nullptr)},
                      {"team_name", r.team ? r.team->name : std::string()},
                      {"team_members", r.team_members},
                      {"covered_until", OptTimeJson(r.covered_until)},
                      {"roster_30_days", r.roster_30_days},
                      {"drills_done", r.drills_done},
                      {"live_fire_done", r.live_fire_done},
                      {"findings_open", r.findings_open},
                      {"findings_overdue", r.findings_overdue},
                      {"training", CoverageJson(r.training)},
                      {"campaigns", r.campaigns},
                      {"reach", r.reach}});
              });
    table
        .Add(verb::get, "/api/v1/drills/{}/report/{}", Access::kSignedIn,
             [s](Call& call) { return GetReport(s, call); })
        .heavy = [](std::string_view) { return true; };
}

}  // namespace ungcuu::http
