#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

// DELETE /api/v1/session
Result<ApiReply> DeleteSession(const Services& s, const ApiOptions& options, Call& call) {
    if (call.principal->via_api_token) {
        return core::InvalidArgument(
            "Yêu cầu dùng mã truy cập API, không có phiên đăng nhập để đăng xuất; "
            "hãy thu hồi mã tại DELETE /api/v1/me/tokens/{id}.",
            "This request uses an API token and has no session to sign out; revoke "
            "the token with DELETE /api/v1/me/tokens/{id}.");
    }
    UNGCUU_RETURN_IF_ERROR(s.auth.SignOut(call.session_token, call.actor));
    ApiReply reply = Ok(nullptr, bhttp::status::no_content);
    reply.set_cookies.push_back(SessionCookie("", 0, options.secure_cookies));
    return reply;
}

// POST /api/v1/session
Result<ApiReply> PostSession(const Services& s, const ApiOptions& options, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::SignInRequest request;
    request.login = reader.String("login");
    request.password = reader.String("password");
    request.totp = reader.OptString("totp").value_or("");
    request.address = call.context.remote_address;
    request.request_id = call.request_id;
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(signed_in, s.auth.SignIn(request));
    ApiReply reply = Ok(json::object{{"csrf_token", signed_in.principal.csrf_token},
                                     {"user", PrincipalJson(signed_in.principal)}});
    reply.set_cookies.push_back(
        SessionCookie(signed_in.session_token, signed_in.lifetime.count(), options.secure_cookies));
    return reply;
}

// POST /api/v1/me/password
Result<ApiReply> PostMePassword(const Services& s, const ApiOptions& options, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    const std::string current = reader.String("current_password");
    const std::string replacement = reader.String("new_password");
    const std::string totp = reader.OptString("totp").value_or("");
    const bool keep_tokens = reader.OptBool("keep_tokens").value_or(false);
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(
        s.auth.ChangePassword(call.actor, current, replacement, totp, keep_tokens));
    ApiReply reply = Ok(nullptr, bhttp::status::no_content);
    reply.set_cookies.push_back(SessionCookie("", 0, options.secure_cookies));
    return reply;
}

// GET /api/v1/me/tokens
Result<ApiReply> GetMeTokens(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(tokens, s.auth.ListApiTokens(call.actor));
    json::array items;
    for (const auto& token : tokens) {
        items.push_back(json::object{{"id", token.id.value()},
                                     {"name", token.name},
                                     {"created_at", core::FormatRfc3339(token.created_at)},
                                     {"revoked", token.revoked}});
    }
    return Ok(json::object{{"items", std::move(items)}});
}

}  // namespace

void AddSessionRoutes(RouteTable& table, Services s, const ApiOptions& options) {
    // -- session ----------------------------------------------------------------------------
    table
        .Add(verb::post, "/api/v1/session", Access::kPublic,
             [s, options](Call& call) { return PostSession(s, options, call); })
        .heavy = AlwaysHeavy;
    table.Add(verb::get, "/api/v1/session", Access::kSignedIn, [](Call& call) -> Result<ApiReply> {
        return Ok(json::object{{"csrf_token", call.principal->csrf_token},
                               {"user", PrincipalJson(*call.principal)}});
    });
    table.Add(verb::delete_, "/api/v1/session", Access::kSignedIn,
              [s, options](Call& call) { return DeleteSession(s, options, call); });

    // -- the signed-in user's own account --------------------------------------------------------
    table
        .Add(verb::post, "/api/v1/me/password", Access::kSignedIn,
             [s, options](Call& call) { return PostMePassword(s, options, call); })
        .heavy = AlwaysHeavy;
    table.Add(verb::delete_, "/api/v1/me/sessions", Access::kSignedIn,
              [s, options](Call& call) -> Result<ApiReply> {
                  UNGCUU_RETURN_IF_ERROR(s.auth.SignOutEverywhere(call.actor));
                  ApiReply reply = Ok(nullptr, bhttp::status::no_content);
                  reply.set_cookies.push_back(SessionCookie("", 0, options.secure_cookies));
                  return reply;
              });
    table
        .Add(verb::post, "/api/v1/me/totp", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                 const std::string password = reader.String("password");
                 UNGCUU_RETURN_IF_ERROR(reader.Finish());
                 UNGCUU_ASSIGN_OR_RETURN(setup, s.auth.BeginTotp(call.actor, password));
                 return Ok(json::object{{"secret", setup.secret_base32},
                                        {"otpauth_uri", setup.otpauth_uri}});
             })
        .heavy = AlwaysHeavy;
    table.Add(verb::post, "/api/v1/me/totp/confirm", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  const std::string code = reader.String("code");
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  UNGCUU_RETURN_IF_ERROR(s.auth.ConfirmTotp(call.actor, code));
                  return Ok(nullptr, bhttp::status::no_content);
              });
    table
        .Add(verb::delete_, "/api/v1/me/totp", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                 const std::string password = reader.String("password");
                 const std::string code = reader.String("code");
                 UNGCUU_RETURN_IF_ERROR(reader.Finish());
                 UNGCUU_RETURN_IF_ERROR(s.auth.DisableTotp(call.actor, password, code));
                 return Ok(nullptr, bhttp::status::no_content);
             })
        .heavy = AlwaysHeavy;
    table.Add(verb::get, "/api/v1/me/tokens", Access::kSignedIn,
              [s](Call& call) { return GetMeTokens(s, call); });
    table.Add(verb::post, "/api/v1/me/tokens", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  const std::string name = reader.String("name");
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  UNGCUU_ASSIGN_OR_RETURN(created, s.auth.CreateApiToken(call.actor, name));
                  return Ok(json::object{{"id", created.token.id.value()},
                                         {"name", created.token.name},
                                         {"token", created.secret}},
                            bhttp::status::created);
              });
    table.Add(verb::delete_, "/api/v1/me/tokens/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_RETURN_IF_ERROR(s.auth.RevokeApiToken(call.actor, domain::TokenId{id}));
                  return Ok(nullptr, bhttp::status::no_content);
              });

    table.Add(verb::get, "/api/v1/version", Access::kPublic, [options](Call&) -> Result<ApiReply> {
        return Ok(json::object{{"name", "ungcuu"}, {"version", options.version}});
    });
}

}  // namespace ungcuu::http
