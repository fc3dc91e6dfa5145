// Internal to the http module: what route handlers share — the reply and call types, the route
// table, parameter helpers and the registration functions of each group of routes
// (routes_session.cpp, routes_units.cpp, routes_users.cpp). Handlers run on server threads and
// only touch thread-safe services.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/organisation/auth_service.hpp"
#include "http/api.hpp"

namespace ungcuu::http {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

struct FileReply {
    std::string content_type;
    std::string file_name;
    std::string bytes;
};

struct ApiReply {
    bhttp::status status = bhttp::status::ok;
    std::optional<FileReply> file;  // a download instead of JSON
    json::value body;
    std::string raw_json;  // used instead of `body` when set (hot responses written directly)
    std::vector<std::string> set_cookies;
    /// An answer that goes on after its head (Server-Sent Events); `content_type` is sent.
    std::shared_ptr<ResponseStream> stream;
    std::string content_type;
};

struct Call {
    const RequestContext& context;
    std::vector<std::string> params;
    std::map<std::string, std::string, std::less<>> query;
    std::optional<app::Principal> principal;
    app::Actor actor;
    std::string session_token;
    std::string request_id;

    const std::string& body() const { return context.request.body(); }
};

enum class Access { kPublic, kSignedIn };

using RouteHandler = std::function<core::Result<ApiReply>(Call&)>;
/// A check made from the request's head, before its body is read (the body is empty in the call).
using Precheck = std::function<core::Status(const Call&)>;

struct Route {
    bhttp::verb method;
    std::vector<std::string> segments;  // "{}" marks a parameter
    Access access;
    RouteHandler handler;
    bool raw_body = false;  // takes any content type, up to the large body limit
    /// Whether a request (by its path) is long work for the worker pool rather than the io
    /// threads: password hashing, file imports and uploads, rule tests, documents. None: light.
    std::function<bool(std::string_view path)> heavy;
    /// Refuses a request from its head (a caller who may not import anything, an unknown log
    /// source) before its body is read. None: only authentication is checked first.
    Precheck precheck;
    /// A raw route's own body limit, named in its 413 answer; 0: the server's large body limit.
    std::size_t body_limit = 0;
};

/// For Route::heavy: every request of the route is long work.
inline bool AlwaysHeavy(std::string_view /*path*/) { return true; }

struct RouteTable {
    std::vector<Route> routes;
    /// Adds a route and returns it, to set `heavy` or `precheck` (valid until the next Add).
    Route& Add(bhttp::verb method, std::string_view path, Access access, RouteHandler handler);
    /// A route whose body is a file (upload or import), not JSON; heavy.
    Route& AddRaw(bhttp::verb method, std::string_view path, Access access, RouteHandler handler);
};

/// A precheck: the caller holds `permission` on some unit (the service checks the exact one).
Precheck NeedsSomewhere(domain::Permission permission);

std::vector<std::string> SplitPath(std::string_view path);

/// A path parameter as an id; a malformed id is "not found".
core::Result<std::int64_t> IdParam(const Call& call, std::size_t index);
/// `limit` (1–500, default 50) and `cursor` (default 0) query parameters.
core::Result<int> LimitParam(const Call& call);
core::Result<std::int64_t> CursorParam(const Call& call);
core::Result<std::optional<std::int64_t>> OptIdQuery(const Call& call, std::string_view name);
/// The optional "unit_id" query parameter.
core::Result<std::optional<domain::UnitId>> OptUnitQuery(const Call& call);
std::string QueryText(const Call& call, std::string_view name);
/// An optional "true"/"false" query parameter.
core::Result<std::optional<bool>> OptBoolQuery(const Call& call, std::string_view name);
/// The `q` search text: valid UTF-8, at most 200 bytes.
core::Result<std::string> SearchParam(const Call& call);
ApiReply Ok(json::value body, bhttp::status status = bhttp::status::ok);
ApiReply OkRaw(std::string json_text, bhttp::status status = bhttp::status::ok);
/// A download: the bytes with their type and the name the browser saves them under.
ApiReply OkFile(std::string content_type, std::string file_name, std::string bytes);
core::Result<domain::UnitKind> KindFrom(const std::string& text);
core::Result<domain::Role> RoleFrom(const std::string& text);

inline constexpr std::string_view kSessionCookie = "ungcuu_session";
/// The Set-Cookie value for the session (an empty token with max_age 0 clears it).
std::string SessionCookie(const std::string& token, std::int64_t max_age, bool secure);

void AddSessionRoutes(RouteTable& table, Services s, const ApiOptions& options);
void AddUnitRoutes(RouteTable& table, Services s);
void AddUserRoutes(RouteTable& table, Services s);
void AddSystemRoutes(RouteTable& table, Services s);
void AddDossierRoutes(RouteTable& table, Services s);
void AddProtectionRoutes(RouteTable& table, Services s);
void AddReadinessRoutes(RouteTable& table, Services s);
void AddIncidentRoutes(RouteTable& table, Services s);
void AddIncidentReportRoutes(RouteTable& table, Services s);
void AddOutboxRoutes(RouteTable& table, Services s);
void AddPublicReportRoutes(RouteTable& table, Services s);
void AddPlanRoutes(RouteTable& table, Services s);
void AddDetectionRoutes(RouteTable& table, Services s);
void AddEventRoutes(RouteTable& table, Services s);
void AddNetworkRoutes(RouteTable& table, Services s);
void AddPeriodicRoutes(RouteTable& table, Services s);
void AddWorkPlanRoutes(RouteTable& table, Services s);
void AddTeamRoutes(RouteTable& table, Services s);
void AddDrillRoutes(RouteTable& table, Services s);
void AddTrainingRoutes(RouteTable& table, Services s);
void AddWarningRoutes(RouteTable& table, Services s);
void AddExchangeRoutes(RouteTable& table, Services s);
void AddSharingRoutes(RouteTable& table, Services s);
void AddMonitorRoutes(RouteTable& table, Services s);
void AddCaseRoutes(RouteTable& table, Services s);

/// RFC 3986 percent-encoding of everything but unreserved characters (for filename*=).
std::string PercentEncode(std::string_view text);

}  // namespace ungcuu::http
