#include "core/text.hpp"
#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

// GET /api/v1/units
Result<ApiReply> GetUnits(const Services& s, Call& call) {
    app::UnitQuery query;
    UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
    UNGCUU_ASSIGN_OR_RETURN(cursor, CursorParam(call));
    UNGCUU_ASSIGN_OR_RETURN(parent, OptIdQuery(call, "parent_id"));
    query.limit = limit;
    query.after_id = cursor;
    if (parent) {
        query.parent_id = domain::UnitId{*parent};
    }
    query.roots_only = QueryText(call, "roots") == "true";
    if (const std::string kind = QueryText(call, "kind"); !kind.empty()) {
        UNGCUU_ASSIGN_OR_RETURN(parsed, KindFrom(kind));
        query.kind = parsed;
    }
    if (const std::string active = QueryText(call, "active"); !active.empty()) {
        if (active != "true" && active != "false") {
            return core::InvalidArgument("Tham số active phải là true hoặc false.",
                                         "The active parameter must be true or false.");
        }
        query.active = active == "true";
    }
    UNGCUU_ASSIGN_OR_RETURN(search, SearchParam(call));
    query.search = std::move(search);
    UNGCUU_ASSIGN_OR_RETURN(text,
                            s.units.ListRendered(call.actor, query, [](const app::UnitPage& page) {
                                std::string json_text;
                                json_text.reserve(64 + page.units.size() * 512);
                                JsonWriter out(json_text);
                                out.BeginObject().Key("items").BeginArray();
                                for (const auto& unit : page.units) {
                                    WriteUnit(out, unit);
                                }
                                out.EndArray().Key("next_cursor");
                                if (page.next_cursor > 0) {
                                    out.String(std::to_string(page.next_cursor));
                                } else {
                                    out.Null();
                                }
                                out.EndObject();
                                return json_text;
                            }));
    return OkRaw(std::move(text));
}

// POST /api/v1/units
Result<ApiReply> PostUnits(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::Unit unit;
    const auto parent = reader.OptInt("parent_id");
    if (parent) {
        unit.parent_id = domain::UnitId{*parent};
    }
    unit.code = reader.String("code");
    const std::string kind = reader.String("kind");
    unit.name_vi = reader.String("name_vi");
    unit.name_en = reader.OptString("name_en").value_or("");
    unit.contact.address = reader.OptString("address").value_or("");
    unit.contact.phone = reader.OptString("phone").value_or("");
    unit.contact.fax = reader.OptString("fax").value_or("");
    unit.contact.email = reader.OptString("email").value_or("");
    unit.contact.website = reader.OptString("website").value_or("");
    unit.contact.report_address = reader.OptString("report_address").value_or("");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(parsed_kind, KindFrom(kind));
    unit.kind = parsed_kind;
    UNGCUU_ASSIGN_OR_RETURN(created, s.units.Create(call.actor, std::move(unit)));
    return OkRaw(UnitJson(created), bhttp::status::created);
}

// PATCH /api/v1/units/{}
Result<ApiReply> PatchUnitsById(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::UnitPatch patch;
    patch.code = reader.OptString("code");
    const auto kind = reader.OptString("kind");
    patch.name_vi = reader.OptString("name_vi");
    patch.name_en = reader.OptString("name_en");
    patch.address = reader.OptString("address");
    patch.phone = reader.OptString("phone");
    patch.fax = reader.OptString("fax");
    patch.email = reader.OptString("email");
    patch.website = reader.OptString("website");
    patch.report_address = reader.OptString("report_address");
    patch.active = reader.OptBool("active");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    if (kind) {
        UNGCUU_ASSIGN_OR_RETURN(parsed, KindFrom(*kind));
        patch.kind = parsed;
    }
    UNGCUU_ASSIGN_OR_RETURN(unit, s.units.Update(call.actor, domain::UnitId{id}, patch));
    return OkRaw(UnitJson(unit));
}

// The staff annex fields of Mẫu 01/02, as a nested object; checked by domain::ValidatePerson.
core::Result<std::optional<domain::Qualification>> ReadQualification(jsonio::ObjectReader& reader) {
    auto nested = reader.OptObject("qualification");
    if (!nested) {
        return std::optional<domain::Qualification>();
    }
    domain::Qualification q;
    q.training_field = nested->OptString("training_field").value_or("");
    q.degree = nested->OptString("degree").value_or("");
    q.certificates = nested->OptString("certificates").value_or("");
    q.certificate_scope = nested->OptString("certificate_scope").value_or("");
    q.expert_group = nested->OptString("expert_group").value_or("");
    q.school = nested->OptString("school").value_or("");
    q.major = nested->OptString("major").value_or("");
    q.graduated = nested->OptString("graduated").value_or("");
    UNGCUU_RETURN_IF_ERROR(nested->Finish());
    return std::optional<domain::Qualification>(std::move(q));
}

// POST /api/v1/units/{}/people
Result<ApiReply> PostUnitsPeople(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::Person person;
    person.unit_id = domain::UnitId{id};
    person.full_name = reader.String("full_name");
    person.position = reader.OptString("position").value_or("");
    person.office_phone = reader.OptString("office_phone").value_or("");
    person.mobile_phone = reader.OptString("mobile_phone").value_or("");
    person.email = reader.OptString("email").value_or("");
    UNGCUU_ASSIGN_OR_RETURN(qualification, ReadQualification(reader));
    person.qualification = qualification.value_or(domain::Qualification{});
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(created, s.people.Create(call.actor, std::move(person)));
    return Ok(PersonJson(created), bhttp::status::created);
}

// PATCH /api/v1/people/{}
Result<ApiReply> PatchPeopleById(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::PersonPatch patch;
    patch.full_name = reader.OptString("full_name");
    patch.position = reader.OptString("position");
    patch.office_phone = reader.OptString("office_phone");
    patch.mobile_phone = reader.OptString("mobile_phone");
    patch.email = reader.OptString("email");
    patch.active = reader.OptBool("active");
    UNGCUU_ASSIGN_OR_RETURN(qualification, ReadQualification(reader));
    patch.qualification = std::move(qualification);
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(person, s.people.Update(call.actor, domain::PersonId{id}, patch));
    return Ok(PersonJson(person));
}

}  // namespace

void AddUnitRoutes(RouteTable& table, Services s) {
    // -- units ---------------------------------------------------------------------------------
    table.Add(verb::get, "/api/v1/units", Access::kSignedIn,
              [s](Call& call) { return GetUnits(s, call); });
    table.Add(verb::post, "/api/v1/units", Access::kSignedIn,
              [s](Call& call) { return PostUnits(s, call); });
    table.Add(verb::get, "/api/v1/units/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(unit, s.units.Get(call.actor, domain::UnitId{id}));
                  return OkRaw(UnitJson(unit));
              });
    table.Add(verb::patch, "/api/v1/units/{}", Access::kSignedIn,
              [s](Call& call) { return PatchUnitsById(s, call); });
    table.Add(verb::post, "/api/v1/units/{}/move", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  const std::int64_t parent = reader.Int("parent_id");
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  UNGCUU_ASSIGN_OR_RETURN(
                      unit, s.units.Move(call.actor, domain::UnitId{id}, domain::UnitId{parent}));
                  return OkRaw(UnitJson(unit));
              });

    // -- people and contact points ----------------------------------------------------------
    table.Add(verb::get, "/api/v1/units/{}/people", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(people, s.people.List(call.actor, domain::UnitId{id}));
                  json::array items;
                  for (const auto& person : people) {
                      items.push_back(PersonJson(person));
                  }
                  return Ok(json::object{{"items", std::move(items)}});
              });
    table.Add(verb::post, "/api/v1/units/{}/people", Access::kSignedIn,
              [s](Call& call) { return PostUnitsPeople(s, call); });
    table.Add(verb::patch, "/api/v1/people/{}", Access::kSignedIn,
              [s](Call& call) { return PatchPeopleById(s, call); });
    table.Add(verb::get, "/api/v1/units/{}/contacts", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(contacts,
                                          s.people.Contacts(call.actor, domain::UnitId{id}));
                  json::array items;
                  for (const auto& view : contacts) {
                      items.push_back(ContactJson(view));
                  }
                  return Ok(json::object{{"items", std::move(items)}});
              });
    const auto contact_role = [](const Call& call) -> Result<domain::ContactRole> {
        const auto role = domain::ParseContactRole(call.params.at(1));
        if (!role) {
            return core::NotFound("Vai trò liên hệ phải là leader, primary hoặc backup.",
                                  "The contact role must be leader, primary or backup.");
        }
        return *role;
    };
    table.Add(verb::put, "/api/v1/units/{}/contacts/{}", Access::kSignedIn,
              [s, contact_role](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(role, contact_role(call));
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  const std::int64_t person = reader.Int("person_id");
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  UNGCUU_ASSIGN_OR_RETURN(view,
                                          s.people.SetContact(call.actor, domain::UnitId{id}, role,
                                                              domain::PersonId{person}));
                  return Ok(ContactJson(view));
              });
    table.Add(
        verb::delete_, "/api/v1/units/{}/contacts/{}", Access::kSignedIn,
        [s, contact_role](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(role, contact_role(call));
            UNGCUU_RETURN_IF_ERROR(s.people.ClearContact(call.actor, domain::UnitId{id}, role));
            return Ok(nullptr, bhttp::status::no_content);
        });
}

}  // namespace ungcuu::http
