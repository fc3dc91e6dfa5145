// Training and awareness: courses with their attendees and certificates (added one by one or
// imported from a table), awareness campaigns, and each unit's year against its targets.
#include <fmt/format.h>

#include <algorithm>

#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::value OptAmount(const std::optional<std::int64_t>& amount) {
    return amount ? json::value(*amount) : json::value(nullptr);
}

json::object CourseJson(const domain::Course& c) {
    return {{"id", c.id.value()},
            {"unit_id", c.unit_id.value()},
            {"unit_name", c.unit_name},
            {"topic", c.topic},
            {"provider", c.provider},
            {"from", core::FormatDate(c.from)},
            {"to", core::FormatDate(c.to)},
            {"hours", c.hours},
            {"kind", domain::CourseKindCode(c.kind)},
            {"cost", OptAmount(c.cost)},
            {"attendees", c.attendees}};
}

json::object AttendeeJson(const domain::CourseAttendee& a) {
    return {{"person_id", a.person_id.value()},
            {"name", a.name},
            {"unit_name", a.unit_name},
            {"certificate", a.certificate},
            {"certificate_until", DateJson(a.certificate_until)}};
}

json::object CourseViewJson(const app::CourseView& v) {
    auto out = CourseJson(v.course);
    out["attendee_list"] = ArrayJson(v.attendees, AttendeeJson);
    out["can_edit"] = v.can_edit;
    return out;
}

json::object CampaignJson(const domain::Campaign& k) {
    return {{"id", k.id.value()},
            {"unit_id", k.unit_id.value()},
            {"unit_name", k.unit_name},
            {"title", k.title},
            {"audience", domain::AudienceCode(k.audience)},
            {"channel", k.channel},
            {"day", core::FormatDate(k.day)},
            {"reach", k.reach},
            {"cost", OptAmount(k.cost)},
            {"notes", k.notes}};
}

json::array AudiencesJson(const std::vector<domain::Audience>& audiences) {
    json::array out;
    for (const auto a : audiences) {
        out.emplace_back(domain::AudienceCode(a));
    }
    return out;
}

json::object UnitPracticeJson(const app::UnitPractice& p) {
    return {{"unit_id", p.unit.id.value()},
            {"unit_name", p.unit.name_vi},
            {"unit_kind", domain::UnitKindCode(p.unit.kind)},
            {"depth", static_cast<std::int64_t>(domain::PathIds(p.unit.path).size())},
            {"coverage", CoverageJson(p.coverage)},
            {"targets", json::object{{"set", p.targets_set},
                                     {"trained_percent", p.targets.trained_percent},
                                     {"audiences", AudiencesJson(p.targets.audiences)},
                                     {"it_budget", OptAmount(p.targets.it_budget)},
                                     {"security_budget", OptAmount(p.targets.security_budget)}}},
            {"campaigns", p.campaigns},
            {"reach", p.reach},
            {"reached", AudiencesJson(p.reached)},
            {"spent", p.spent},
            {"duties", ArrayJson(p.duties,
                                 [](const domain::PracticeDuty& d) {
                                     return json::object{
                                         {"code", d.code},
                                         {"status", domain::DutyStatusCode(d.status)},
                                         {"detail_vi", d.detail_vi},
                                         {"detail_en", d.detail_en}};
                                 })},
            {"can_edit", p.can_edit}};
}

/// An optional amount of dong: absent or null for none.
std::optional<std::int64_t> ReadAmount(jsonio::ObjectReader& reader, std::string_view name) {
    return reader.OptInt(name);
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

void ReadCourse(jsonio::ObjectReader& reader, domain::FieldErrors& errors, domain::Course& c) {
    c.topic = reader.String("topic");
    c.provider = reader.OptString("provider").value_or("");
    c.from = ReadDay(reader, errors, "from");
    c.to = ReadDay(reader, errors, "to");
    c.hours = static_cast<int>(std::clamp<std::int64_t>(reader.Int("hours"), -1, 100000));
    const auto kind = reader.String("kind");
    if (const auto parsed = domain::ParseCourseKind(kind)) {
        c.kind = *parsed;
    } else {
        errors.Add("kind", "loại khóa là specialist, awareness hoặc drill_preparation",
                   "the kind is specialist, awareness or drill_preparation");
    }
    c.cost = ReadAmount(reader, "cost");
}

void ReadAttendee(jsonio::ObjectReader& reader,
                  domain::FieldErrors& errors,
                  domain::CourseAttendee& a) {
    a.certificate = reader.OptString("certificate").value_or("");
    const auto until = reader.OptString("certificate_until");
    if (until && !until->empty()) {
        a.certificate_until = core::ParseDate(*until);
        if (!a.certificate_until) {
            errors.Add("certificate_until", "hạn chứng chỉ viết dạng YYYY-MM-DD",
                       "the certificate's validity is written YYYY-MM-DD");
        }
    }
}

void ReadCampaign(jsonio::ObjectReader& reader, domain::FieldErrors& errors, domain::Campaign& k) {
    k.title = reader.String("title");
    const auto audience = reader.String("audience");
    if (const auto parsed = domain::ParseAudience(audience)) {
        k.audience = *parsed;
    } else {
        errors.Add("audience", "đối tượng là officials, pupils hoặc citizens",
                   "the audience is officials, pupils or citizens");
    }
    k.channel = reader.String("channel");
    k.day = ReadDay(reader, errors, "day");
    k.reach = reader.OptInt("reach").value_or(0);
    k.cost = ReadAmount(reader, "cost");
    k.notes = reader.OptString("notes").value_or("");
}

Result<int> YearQuery(const Services& s, const Call& call) {
    const auto it = call.query.find("year");
    if (it == call.query.end() || it->second.empty()) {
        return s.training.CurrentYear();
    }
    const auto parsed = core::ParseInt64(it->second);
    if (!parsed) {
        return core::InvalidArgument("Năm viết bằng số (ví dụ 2026).",
                                     "The year is a number (e.g. 2026).");
    }
    return static_cast<int>(std::clamp<std::int64_t>(*parsed, 0, 9999));
}

Result<domain::UnitId> UnitQuery(const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(unit, OptUnitQuery(call));
    if (!unit) {
        return core::InvalidArgument("Chọn đơn vị (tham số unit_id).", "Choose a unit (unit_id=).");
    }
    return *unit;
}

Result<ApiReply> PostCourse(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::Course course;
    course.unit_id = domain::UnitId{reader.Int("unit_id")};
    ReadCourse(reader, errors, course);
    errors.AddAll(reader.Finish());
    errors.AddAll(domain::ValidateCourse(course));
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view, s.training.CreateCourse(call.actor, std::move(course)));
    return Ok(CourseViewJson(view), bhttp::status::created);
}

Result<ApiReply> PutCourse(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::Course course;
    course.id = domain::CourseId{id};
    course.unit_id = domain::UnitId{reader.OptInt("unit_id").value_or(0)};  // unchanged if given
    ReadCourse(reader, errors, course);
    errors.AddAll(reader.Finish());
    errors.AddAll(domain::ValidateCourse(course));
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view, s.training.UpdateCourse(call.actor, course));
    return Ok(CourseViewJson(view));
}

Result<ApiReply> PostAttendees(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    std::vector<domain::CourseAttendee> attendees;
    for (auto& item : reader.ObjectArray("attendees", app::TrainingService::kMaxAttendees)) {
        domain::CourseAttendee a;
        a.person_id = domain::PersonId{item.Int("person_id")};
        ReadAttendee(item, errors, a);
        errors.AddAll(item.Finish());
        attendees.push_back(std::move(a));
    }
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(
        view, s.training.AddAttendees(call.actor, domain::CourseId{id}, std::move(attendees)));
    return Ok(CourseViewJson(view), bhttp::status::created);
}

Result<ApiReply> PutAttendee(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(person, IdParam(call, 1));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::CourseAttendee a;
    a.course_id = domain::CourseId{id};
    a.person_id = domain::PersonId{person};
    ReadAttendee(reader, errors, a);
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view, s.training.UpdateAttendee(call.actor, a));
    return Ok(CourseViewJson(view));
}

Result<ApiReply> PostCampaign(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::Campaign campaign;
    campaign.unit_id = domain::UnitId{reader.Int("unit_id")};
    ReadCampaign(reader, errors, campaign);
    errors.AddAll(reader.Finish());
    errors.AddAll(domain::ValidateCampaign(campaign));
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(made, s.training.CreateCampaign(call.actor, std::move(campaign)));
    return Ok(CampaignJson(made), bhttp::status::created);
}

Result<ApiReply> PutCampaign(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::Campaign campaign;
    campaign.id = domain::CampaignId{id};
    campaign.unit_id = domain::UnitId{reader.OptInt("unit_id").value_or(0)};  // unchanged if given
    ReadCampaign(reader, errors, campaign);
    errors.AddAll(reader.Finish());
    errors.AddAll(domain::ValidateCampaign(campaign));
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(made, s.training.UpdateCampaign(call.actor, campaign));
    return Ok(CampaignJson(made));
}

Result<ApiReply> PutTargets(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(unit, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(year, IdParam(call, 1));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::PracticeTargets targets;
    targets.unit_id = domain::UnitId{unit};
    targets.year = static_cast<int>(std::clamp<std::int64_t>(year, 0, 9999));
    targets.trained_percent =
        static_cast<int>(std::clamp<std::int64_t>(reader.Int("trained_percent"), -1, 1000));
    for (const auto& code :
         reader.OptStringArray("audiences", 3).value_or(std::vector<std::string>{})) {
        if (const auto a = domain::ParseAudience(code)) {
            targets.audiences.push_back(*a);
        } else {
            errors.Add("audiences", "đối tượng là officials, pupils hoặc citizens",
                       "an audience is officials, pupils or citizens");
        }
    }
    targets.it_budget = ReadAmount(reader, "it_budget");
    targets.security_budget = ReadAmount(reader, "security_budget");
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(practice, s.training.SetTargets(call.actor, std::move(targets)));
    return Ok(UnitPracticeJson(practice));
}

}  // namespace

void AddTrainingRoutes(RouteTable& table, Services s) {
    table.Add(
        verb::get, "/api/v1/training/courses", Access::kSignedIn,
        [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(year, YearQuery(s, call));
            UNGCUU_ASSIGN_OR_RETURN(courses, s.training.Courses(call.actor, year));
            return Ok(json::object{{"year", year}, {"items", ArrayJson(courses, CourseJson)}});
        });
    table
        .Add(verb::post, "/api/v1/training/courses", Access::kSignedIn,
             [s](Call& call) { return PostCourse(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table.Add(verb::get, "/api/v1/training/courses/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(view,
                                          s.training.Course(call.actor, domain::CourseId{id}));
                  return Ok(CourseViewJson(view));
              });
    table
        .Add(verb::put, "/api/v1/training/courses/{}", Access::kSignedIn,
             [s](Call& call) { return PutCourse(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table
        .Add(verb::post, "/api/v1/training/courses/{}/attendees", Access::kSignedIn,
             [s](Call& call) { return PostAttendees(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table
        .AddRaw(verb::post, "/api/v1/training/courses/{}/attendees/import", Access::kSignedIn,
                [s](Call& call) -> Result<ApiReply> {
                    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                    UNGCUU_ASSIGN_OR_RETURN(rows, s.tables.Read(call.body()));
                    UNGCUU_ASSIGN_OR_RETURN(
                        view, s.training.ImportAttendees(call.actor, domain::CourseId{id},
                                                         std::move(rows)));
                    return Ok(CourseViewJson(view), bhttp::status::created);
                })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table
        .Add(verb::put, "/api/v1/training/courses/{}/attendees/{}", Access::kSignedIn,
             [s](Call& call) { return PutAttendee(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table
        .Add(verb::delete_, "/api/v1/training/courses/{}/attendees/{}", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 UNGCUU_ASSIGN_OR_RETURN(person, IdParam(call, 1));
                 UNGCUU_ASSIGN_OR_RETURN(view,
                                         s.training.RemoveAttendee(call.actor, domain::CourseId{id},
                                                                   domain::PersonId{person}));
                 return Ok(CourseViewJson(view));
             })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table.Add(
        verb::get, "/api/v1/training/campaigns", Access::kSignedIn,
        [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(year, YearQuery(s, call));
            UNGCUU_ASSIGN_OR_RETURN(unit, UnitQuery(call));
            UNGCUU_ASSIGN_OR_RETURN(items, s.training.Campaigns(call.actor, unit, year));
            return Ok(json::object{{"year", year}, {"items", ArrayJson(items, CampaignJson)}});
        });
    table
        .Add(verb::post, "/api/v1/training/campaigns", Access::kSignedIn,
             [s](Call& call) { return PostCampaign(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table
        .Add(verb::put, "/api/v1/training/campaigns/{}", Access::kSignedIn,
             [s](Call& call) { return PutCampaign(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
    table.Add(verb::get, "/api/v1/training/coverage", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(year, YearQuery(s, call));
                  UNGCUU_ASSIGN_OR_RETURN(unit, UnitQuery(call));
                  UNGCUU_ASSIGN_OR_RETURN(view, s.training.Coverage(call.actor, unit, year));
                  return Ok(json::object{{"year", view.year},
                                         {"total", CoverageJson(view.total)},
                                         {"units", ArrayJson(view.units, UnitPracticeJson)},
                                         {"truncated", view.truncated}});
              });
    table
        .Add(verb::put, "/api/v1/units/{}/practice-targets/{}", Access::kSignedIn,
             [s](Call& call) { return PutTargets(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kContactWrite);
}

}  // namespace ungcuu::http
