#include "core/text.hpp"
#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

// GET /api/v1/users
Result<ApiReply> GetUsers(const Services& s, Call& call) {
    app::UserQuery query;
    UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
    UNGCUU_ASSIGN_OR_RETURN(cursor, CursorParam(call));
    UNGCUU_ASSIGN_OR_RETURN(unit, OptIdQuery(call, "unit_id"));
    query.limit = limit;
    query.after_id = cursor;
    if (unit) {
        query.unit_id = domain::UnitId{*unit};
    }
    UNGCUU_ASSIGN_OR_RETURN(search, SearchParam(call));
    query.search = std::move(search);
    UNGCUU_ASSIGN_OR_RETURN(page, s.users.List(call.actor, query));
    json::array items;
    for (const auto& user : page.users) {
        items.push_back(UserJson(user));
    }
    return Ok(Page(std::move(items), page.next_cursor));
}

// GET /api/v1/users/{}
Result<ApiReply> GetUsersById(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(user, s.users.Get(call.actor, domain::UserId{id}));
    UNGCUU_ASSIGN_OR_RETURN(assignments, s.users.Assignments(call.actor, domain::UserId{id}));
    json::object body = UserJson(user);
    json::array roles;
    for (const auto& a : assignments) {
        roles.push_back(AssignmentJson(a));
    }
    body["roles"] = std::move(roles);
    return Ok(std::move(body));
}

// POST /api/v1/users/{}/roles
Result<ApiReply> PostUsersRoles(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    const std::int64_t unit = reader.Int("unit_id");
    const std::string role = reader.String("role");
    const bool local = reader.OptBool("local").value_or(false);
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(parsed, RoleFrom(role));
    UNGCUU_ASSIGN_OR_RETURN(granted, s.users.Grant(call.actor, domain::UserId{id},
                                                   domain::UnitId{unit}, parsed, local));
    return Ok(AssignmentJson(granted), bhttp::status::created);
}

// GET /api/v1/audit
Result<ApiReply> GetAudit(const Services& s, Call& call) {
    app::AuditQuery query;
    UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
    UNGCUU_ASSIGN_OR_RETURN(cursor, CursorParam(call));
    UNGCUU_ASSIGN_OR_RETURN(unit, OptIdQuery(call, "unit_id"));
    query.limit = limit;
    query.before_id = cursor;
    if (unit) {
        query.unit_id = domain::UnitId{*unit};
    }
    query.object_type = QueryText(call, "object_type");
    UNGCUU_ASSIGN_OR_RETURN(page, s.audit.List(call.actor, query));
    json::array items;
    for (const auto& entry : page.entries) {
        items.push_back(AuditJson(entry));
    }
    return Ok(Page(std::move(items), page.next_cursor));
}

// POST /api/v1/users
Result<ApiReply> PostUsers(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::NewUser input;
    input.login = reader.String("login");
    input.full_name = reader.String("full_name");
    input.email = reader.OptString("email").value_or("");
    input.unit_id = domain::UnitId{reader.Int("unit_id")};
    input.password = reader.String("password");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(user, s.users.Create(call.actor, input));
    return Ok(UserJson(user), bhttp::status::created);
}

// PATCH /api/v1/users/{}
Result<ApiReply> PatchUsersById(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::UserPatch patch;
    patch.full_name = reader.OptString("full_name");
    patch.email = reader.OptString("email");
    patch.active = reader.OptBool("active");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(user, s.users.Update(call.actor, domain::UserId{id}, patch));
    return Ok(UserJson(user));
}

}  // namespace

void AddUserRoutes(RouteTable& table, Services s) {
    // -- users and roles ---------------------------------------------------------------------
    table.Add(verb::get, "/api/v1/users", Access::kSignedIn,
              [s](Call& call) { return GetUsers(s, call); });
    table
        .Add(verb::post, "/api/v1/users", Access::kSignedIn,
             [s](Call& call) { return PostUsers(s, call); })
        .heavy = AlwaysHeavy;
    table.Add(verb::get, "/api/v1/users/{}", Access::kSignedIn,
              [s](Call& call) { return GetUsersById(s, call); });
    table.Add(verb::patch, "/api/v1/users/{}", Access::kSignedIn,
              [s](Call& call) { return PatchUsersById(s, call); });
    table
        .Add(verb::post, "/api/v1/users/{}/password", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                 const std::string password = reader.String("password");
                 UNGCUU_RETURN_IF_ERROR(reader.Finish());
                 UNGCUU_ASSIGN_OR_RETURN(user, s.users.Get(call.actor, domain::UserId{id}));
                 UNGCUU_RETURN_IF_ERROR(s.users.ResetPassword(call.actor, user.login, password));
                 return Ok(nullptr, bhttp::status::no_content);
             })
        .heavy = AlwaysHeavy;
    table.Add(verb::delete_, "/api/v1/users/{}/totp", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_RETURN_IF_ERROR(s.users.ResetTotp(call.actor, domain::UserId{id}));
                  return Ok(nullptr, bhttp::status::no_content);
              });
    table.Add(verb::delete_, "/api/v1/users/{}/sessions", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_RETURN_IF_ERROR(s.users.EndSessions(call.actor, domain::UserId{id}));
                  return Ok(nullptr, bhttp::status::no_content);
              });
    table.Add(verb::get, "/api/v1/users/{}/roles", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(assignments,
                                          s.users.Assignments(call.actor, domain::UserId{id}));
                  json::array items;
                  for (const auto& a : assignments) {
                      items.push_back(AssignmentJson(a));
                  }
                  return Ok(json::object{{"items", std::move(items)}});
              });
    table.Add(verb::post, "/api/v1/users/{}/roles", Access::kSignedIn,
              [s](Call& call) { return PostUsersRoles(s, call); });
    table.Add(verb::delete_, "/api/v1/users/{}/roles/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(assignment, IdParam(call, 1));
                  UNGCUU_RETURN_IF_ERROR(s.users.Revoke(call.actor, domain::UserId{id},
                                                        domain::AssignmentId{assignment}));
                  return Ok(nullptr, bhttp::status::no_content);
              });

    // -- audit -------------------------------------------------------------------------------
    table.Add(verb::get, "/api/v1/audit", Access::kSignedIn,
              [s](Call& call) { return GetAudit(s, call); });
}

}  // namespace ungcuu::http
