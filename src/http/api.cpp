#include "http/api.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json.hpp>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>

#include "core/text.hpp"
#include "http/embedded_assets.hpp"
#include "http/error_mapping.hpp"
#include "http/json_io.hpp"
#include "http/json_writer.hpp"

namespace ungcuu::http {

namespace bhttp = boost::beast::http;
namespace json = boost::json;
using core::Result;
using core::Status;

namespace {

constexpr std::string_view kSessionCookie = "ungcuu_session";

// ---- small helpers ---------------------------------------------------------------------------

std::string PercentDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%' && i + 2 < text.size()) {
            const auto hex = [](char h) -> int {
                if (h >= '0' && h <= '9') return h - '0';
                if (h >= 'a' && h <= 'f') return h - 'a' + 10;
                if (h >= 'A' && h <= 'F') return h - 'A' + 10;
                return -1;
            };
            const int high = hex(text[i + 1]);
            const int low = hex(text[i + 2]);
            if (high < 0 || low < 0) {
                out.push_back(c);
                continue;
            }
            out.push_back(static_cast<char>(high * 16 + low));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::map<std::string, std::string, std::less<>> ParseQuery(std::string_view query) {
    std::map<std::string, std::string, std::less<>> out;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        std::string key = PercentDecode(pair.substr(0, eq));
        std::string value = eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1));
        if (!key.empty()) {
            out[std::move(key)] = std::move(value);
        }
        if (amp == std::string_view::npos) {
            break;
        }
        query.remove_prefix(amp + 1);
    }
    return out;
}

std::string CookieValue(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto semi = header.find(';');
        std::string_view part = core::Trim(header.substr(0, semi));
        if (part.size() > name.size() && part.substr(0, name.size()) == name &&
            part[name.size()] == '=') {
            return std::string(part.substr(name.size() + 1));
        }
        if (semi == std::string_view::npos) {
            break;
        }
        header.remove_prefix(semi + 1);
    }
    return {};
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

std::string_view ContentTypeFor(std::string_view path) {
    const auto dot = path.rfind('.');
    const std::string_view ext = dot == std::string_view::npos ? "" : path.substr(dot + 1);
    if (ext == "html") return "text/html; charset=utf-8";
    if (ext == "js") return "text/javascript; charset=utf-8";
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "json") return "application/json";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "ico") return "image/x-icon";
    if (ext == "woff2") return "font/woff2";
    if (ext == "txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

// A client-side route ("/units/12") has no file extension; asset paths always do.
bool HasExtension(std::string_view path) {
    const auto dot = path.rfind('.');
    return dot != std::string_view::npos && dot > path.rfind('/');
}

// ---- JSON views of domain objects -----------------------------------------------------------

// Units are the most listed objects, so they are written straight to text (see JsonWriter).
void WriteUnit(JsonWriter& out, const domain::Unit& unit) {
    out.BeginObject().Key("id").Int(unit.id.value()).Key("parent_id");
    if (unit.parent_id) {
        out.Int(unit.parent_id->value());
    } else {
        out.Null();
    }
    out.Key("path").String(unit.path);
    out.Key("code").String(unit.code);
    out.Key("kind").String(domain::UnitKindCode(unit.kind));
    out.Key("name_vi").String(unit.name_vi);
    out.Key("name_en").String(unit.name_en);
    out.Key("address").String(unit.contact.address);
    out.Key("phone").String(unit.contact.phone);
    out.Key("fax").String(unit.contact.fax);
    out.Key("email").String(unit.contact.email);
    out.Key("website").String(unit.contact.website);
    out.Key("report_address").String(unit.contact.report_address);
    out.Key("active").Bool(unit.active);
    out.Key("created_at").String(core::FormatRfc3339(unit.created_at));
    out.Key("updated_at").String(core::FormatRfc3339(unit.updated_at));
    out.EndObject();
}

std::string UnitJson(const domain::Unit& unit) {
    std::string text;
    text.reserve(512);
    JsonWriter out(text);
    WriteUnit(out, unit);
    return text;
}

json::object AssignmentJson(const domain::RoleAssignment& a) {
    return json::object{{"id", a.id.value()},
                        {"unit_id", a.unit_id.value()},
                        {"role", domain::RoleCode(a.role)},
                        {"local", a.local}};
}

json::object UserJson(const domain::User& user) {
    return json::object{{"id", user.id.value()},
                        {"login", user.login},
                        {"full_name", user.full_name},
                        {"email", user.email},
                        {"unit_id", user.unit_id.value()},
                        {"active", user.active},
                        {"totp_enabled", user.totp_enabled},
                        {"created_at", core::FormatRfc3339(user.created_at)}};
}

json::object PersonJson(const domain::Person& person) {
    return json::object{{"id", person.id.value()},
                        {"unit_id", person.unit_id.value()},
                        {"full_name", person.full_name},
                        {"position", person.position},
                        {"office_phone", person.office_phone},
                        {"mobile_phone", person.mobile_phone},
                        {"email", person.email},
                        {"active", person.active}};
}

json::object ContactJson(const app::ContactView& view) {
    return json::object{{"role", domain::ContactRoleCode(view.contact.role)},
                        {"changed_at", core::FormatRfc3339(view.contact.changed_at)},
                        {"person", PersonJson(view.person)}};
}

json::object AuditJson(const domain::AuditEntry& e) {
    const auto parse_or_string = [](const std::string& text) -> json::value {
        boost::system::error_code ec;
        json::value value = json::parse(text, ec);
        return ec ? json::value(text) : value;
    };
    return json::object{
        {"id", e.id.value()},
        {"at", core::FormatRfc3339(e.at)},
        {"actor_user_id", e.actor_id ? json::value(e.actor_id->value()) : json::value(nullptr)},
        {"actor_login", e.actor_login},
        {"address", e.address},
        {"request_id", e.request_id},
        {"action", e.action},
        {"object_type", e.object_type},
        {"object_id", e.object_id},
        {"unit_id", e.unit_id ? json::value(e.unit_id->value()) : json::value(nullptr)},
        {"before", parse_or_string(e.before_json)},
        {"after", parse_or_string(e.after_json)},
    };
}

json::object PrincipalJson(const app::Principal& principal) {
    json::array assignments;
    for (const auto& a : principal.assignments) {
        assignments.push_back(AssignmentJson(a));
    }
    json::object user = UserJson(principal.user);
    user["roles"] = std::move(assignments);
    return user;
}

json::object Page(json::array items, std::int64_t next_cursor) {
    return json::object{{"items", std::move(items)},
                        {"next_cursor", next_cursor > 0 ? json::value(std::to_string(next_cursor))
                                                        : json::value(nullptr)}};
}

// ---- routing ---------------------------------------------------------------------------------

struct ApiReply {
    bhttp::status status = bhttp::status::ok;
    json::value body;
    std::string raw_json;  // used instead of `body` when set (hot responses written directly)
    std::vector<std::string> set_cookies;
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

using RouteHandler = std::function<Result<ApiReply>(Call&)>;

struct Route {
    bhttp::verb method;
    std::vector<std::string> segments;  // "{}" marks a parameter
    Access access;
    RouteHandler handler;
};

std::vector<std::string> SplitPath(std::string_view path) {
    std::vector<std::string> segments;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        const auto slash = path.find('/');
        segments.emplace_back(path.substr(0, slash));
        if (slash == std::string_view::npos) {
            break;
        }
        path.remove_prefix(slash);
    }
    return segments;
}

Result<std::int64_t> IdParam(const Call& call, std::size_t index) {
    const auto value = core::ParseInt64(call.params.at(index));
    if (!value || *value <= 0) {
        return core::NotFound("Không tìm thấy đối tượng.", "Not found.");
    }
    return *value;
}

Result<int> LimitParam(const Call& call) {
    const auto found = call.query.find("limit");
    if (found == call.query.end()) {
        return 50;
    }
    const auto value = core::ParseInt64(found->second);
    if (!value || *value < 1 || *value > 500) {
        return core::InvalidArgument("Tham số limit phải là số nguyên từ 1 đến 500.",
                                     "The limit parameter must be an integer from 1 to 500.");
    }
    return static_cast<int>(*value);
}

Result<std::int64_t> CursorParam(const Call& call) {
    const auto found = call.query.find("cursor");
    if (found == call.query.end() || found->second.empty()) {
        return std::int64_t{0};
    }
    const auto value = core::ParseInt64(found->second);
    if (!value || *value < 0) {
        return core::InvalidArgument("Tham số cursor không hợp lệ.", "Invalid cursor parameter.");
    }
    return *value;
}

Result<std::optional<std::int64_t>> OptIdQuery(const Call& call, std::string_view name) {
    const auto found = call.query.find(name);
    if (found == call.query.end() || found->second.empty()) {
        return std::optional<std::int64_t>();
    }
    const auto value = core::ParseInt64(found->second);
    if (!value || *value <= 0) {
        return core::InvalidArgument(fmt::format("Tham số {} phải là mã số hợp lệ.", name),
                                     fmt::format("The {} parameter must be a valid id.", name));
    }
    return std::optional<std::int64_t>(*value);
}

std::string QueryText(const Call& call, std::string_view name) {
    const auto found = call.query.find(name);
    return found == call.query.end() ? std::string() : found->second;
}

#define UNGCUU_ASSIGN_OR_RETURN(lhs, expr)      \
    auto lhs##_result = (expr);                 \
    if (!lhs##_result.ok()) {                   \
        return std::move(lhs##_result).error(); \
    }                                           \
    auto lhs = std::move(lhs##_result).value()

ApiReply Ok(json::value body, bhttp::status status = bhttp::status::ok) {
    ApiReply reply;
    reply.status = status;
    reply.body = std::move(body);
    return reply;
}

ApiReply OkRaw(std::string json_text, bhttp::status status = bhttp::status::ok) {
    ApiReply reply;
    reply.status = status;
    reply.raw_json = std::move(json_text);
    return reply;
}

Result<domain::UnitKind> KindFrom(const std::string& text) {
    const auto kind = domain::ParseUnitKind(text);
    if (!kind) {
        core::Error error =
            core::InvalidArgument(fmt::format("Loại đơn vị \"{}\" không hợp lệ.", text),
                                  fmt::format("Unknown unit kind \"{}\".", text));
        error.details.push_back({"kind", "loại đơn vị không hợp lệ", "unknown unit kind"});
        return error;
    }
    return *kind;
}

Result<domain::Role> RoleFrom(const std::string& text) {
    const auto role = domain::ParseRole(text);
    if (!role) {
        core::Error error = core::InvalidArgument(fmt::format("Vai trò \"{}\" không hợp lệ.", text),
                                                  fmt::format("Unknown role \"{}\".", text));
        error.details.push_back({"role", "vai trò không hợp lệ", "unknown role"});
        return error;
    }
    return *role;
}

}  // namespace

// ---- the API ---------------------------------------------------------------------------------

struct Api::Impl {
    Services services;
    ApiOptions options;
    std::vector<Route> routes;
    std::map<std::string, const EmbeddedAsset*, std::less<>> assets;
    std::atomic<std::uint64_t> request_counter{0};
    std::uint64_t request_prefix = 0;

    Impl(Services s, ApiOptions o) : services(s), options(std::move(o)) {
        for (const auto& asset : EmbeddedAssets()) {
            assets.emplace(asset.path, &asset);
        }
        std::random_device device;
        request_prefix = (static_cast<std::uint64_t>(device()) << 32) | device();
        Register();
    }

    void Add(bhttp::verb method, std::string_view path, Access access, RouteHandler handler) {
        routes.push_back(Route{method, SplitPath(path), access, std::move(handler)});
    }

    std::string SessionCookie(const std::string& token, std::int64_t max_age) const {
        return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kSessionCookie,
                           token, max_age, options.secure_cookies ? "; Secure" : "");
    }

    void Register();

    Response Finish(const RequestContext& context,
                    bhttp::status status,
                    std::string body,
                    std::string_view content_type,
                    std::string_view request_id) const {
        Response response{status, context.request.version()};
        response.set(bhttp::field::server, "ungcuu");
        response.set(bhttp::field::content_type, content_type);
        response.set("X-Request-Id", request_id);
        response.set("X-Content-Type-Options", "nosniff");
        response.set("X-Frame-Options", "DENY");
        response.set("Referrer-Policy", "no-referrer");
        response.set(bhttp::field::cache_control, "no-store");
        response.body() = std::move(body);
        return response;
    }

    Response Problem(const RequestContext& context,
                     const core::Error& error,
                     std::string_view request_id) const {
        if (error.code == core::ErrorCode::kInternal) {
            spdlog::error("request {} failed: {}", request_id, error.message_en);
        }
        return Finish(context, StatusFor(error.code), ProblemJson(error, request_id),
                      "application/problem+json", request_id);
    }

    std::string RequestId(const Request& request) {
        const auto given = request["X-Request-Id"];
        if (!given.empty() && given.size() <= 64 &&
            std::all_of(given.begin(), given.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
            })) {
            return std::string(given);
        }
        return fmt::format("{:016x}{:08x}", request_prefix, ++request_counter);
    }

    Response Handle(const RequestContext& context) {
        const Request& request = context.request;
        const std::string request_id = RequestId(request);
        const std::string_view target = request.target();
        const auto question = target.find('?');
        const std::string_view path = target.substr(0, question);
        const std::string_view query =
            question == std::string_view::npos ? "" : target.substr(question + 1);

        if (path == "/healthz") {
            return Finish(context, bhttp::status::ok, R"({"status":"ok"})", "application/json",
                          request_id);
        }
        if (path == "/api/v1/openapi.json" && request.method() == bhttp::verb::get) {
            return ServeAsset(context, path, request_id);
        }
        if (path.starts_with("/api/")) {
            return HandleApi(context, path, query, request_id);
        }
        if (request.method() != bhttp::verb::get && request.method() != bhttp::verb::head) {
            return Problem(
                context,
                core::Error::Make(core::ErrorCode::kInvalidArgument,
                                  "Phương thức không được hỗ trợ.", "Method not allowed."),
                request_id);
        }
        return ServeAsset(context, path, request_id);
    }

    Response ServeAsset(const RequestContext& context,
                        std::string_view path,
                        std::string_view request_id) {
        std::string wanted = path == "/" ? "/index.html" : std::string(path);
        std::string body;
        bool found = false;
        if (options.web_root && !path.starts_with("/api/")) {
            if (wanted.find("..") == std::string::npos) {
                std::ifstream file(*options.web_root / wanted.substr(1), std::ios::binary);
                if (!file && !HasExtension(wanted)) {
                    wanted = "/index.html";  // client-side route
                    file.open(*options.web_root / "index.html", std::ios::binary);
                }
                if (file) {
                    std::ostringstream content;
                    content << file.rdbuf();
                    body = content.str();
                    found = true;
                }
            }
        } else {
            auto asset = assets.find(wanted);
            if (asset == assets.end() && !HasExtension(wanted)) {
                wanted = "/index.html";  // client-side route such as /units/12
                asset = assets.find(wanted);
            }
            if (asset != assets.end()) {
                body.assign(reinterpret_cast<const char*>(asset->second->data),
                            asset->second->size);
                found = true;
            }
        }
        if (!found) {
            return Finish(context, bhttp::status::not_found, "Không tìm thấy / Not found\n",
                          "text/plain; charset=utf-8", request_id);
        }
        Response response =
            Finish(context, bhttp::status::ok, std::move(body), ContentTypeFor(wanted), request_id);
        if (wanted.starts_with("/assets/")) {
            response.set(bhttp::field::cache_control, "public, max-age=31536000, immutable");
        }
        if (wanted == "/index.html") {
            response.set("Content-Security-Policy",
                         "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' "
                         "data:; connect-src 'self'; frame-ancestors 'none'");
        }
        if (context.request.method() == bhttp::verb::head) {
            response.body().clear();
        }
        return response;
    }

    Response HandleApi(const RequestContext& context,
                       std::string_view path,
                       std::string_view query,
                       const std::string& request_id) {
        const Request& request = context.request;
        const auto segments = SplitPath(path);
        const Route* matched = nullptr;
        bool path_known = false;
        std::vector<std::string> params;
        for (const auto& route : routes) {
            if (route.segments.size() != segments.size()) {
                continue;
            }
            std::vector<std::string> captured;
            bool same = true;
            for (std::size_t i = 0; i < segments.size() && same; ++i) {
                if (route.segments[i] == "{}") {
                    captured.push_back(segments[i]);
                } else {
                    same = route.segments[i] == segments[i];
                }
            }
            if (!same) {
                continue;
            }
            path_known = true;
            if (route.method == request.method()) {
                matched = &route;
                params = std::move(captured);
                break;
            }
        }
        if (matched == nullptr) {
            if (path_known) {
                Response response =
                    Problem(context,
                            core::Error::Make(core::ErrorCode::kInvalidArgument,
                                              "Phương thức không được hỗ trợ cho địa chỉ này.",
                                              "This method is not allowed on this resource."),
                            request_id);
                response.result(bhttp::status::method_not_allowed);
                return response;
            }
            return Problem(context, core::NotFound("Không có API này.", "No such API endpoint."),
                           request_id);
        }

        Call call{context, std::move(params), ParseQuery(query), std::nullopt, {}, {}, request_id};
        call.actor.address = context.remote_address;
        call.actor.request_id = request_id;

        const bool changes_state =
            request.method() != bhttp::verb::get && request.method() != bhttp::verb::head;
        if (changes_state && !request.body().empty()) {
            const auto type = request[bhttp::field::content_type];
            if (!type.starts_with("application/json")) {
                return Problem(context,
                               core::InvalidArgument(
                                   "Nội dung yêu cầu phải có Content-Type: application/json.",
                                   "The request body must be sent as application/json."),
                               request_id);
            }
        }
        const std::string cookie = CookieValue(request[bhttp::field::cookie], kSessionCookie);
        call.session_token = cookie;
        if (matched->access == Access::kSignedIn) {
            const auto authorization = request[bhttp::field::authorization];
            Result<app::Principal> principal =
                authorization.starts_with("Bearer ")
                    ? services.auth.AuthenticateApiToken(core::Trim(authorization.substr(7)))
                    : services.auth.Authenticate(cookie);
            if (!principal.ok()) {
                Response response = Problem(context, principal.error(), request_id);
                if (!cookie.empty()) {
                    response.insert(bhttp::field::set_cookie, SessionCookie("", 0));
                }
                return response;
            }
            if (changes_state && !principal->via_api_token) {
                const auto csrf = request["X-CSRF-Token"];
                if (csrf.empty() || !ConstantTimeEquals(csrf, principal->csrf_token)) {
                    return Problem(
                        context,
                        core::Error::Make(
                            core::ErrorCode::kPermissionDenied,
                            csrf.empty()
                                ? "Thiếu mã chống giả mạo yêu cầu (X-CSRF-Token); hãy tải lại "
                                  "trang."
                                : "Mã chống giả mạo yêu cầu (X-CSRF-Token) không đúng; hãy tải "
                                  "lại trang.",
                            csrf.empty() ? "The X-CSRF-Token header is missing; reload the page."
                                         : "The X-CSRF-Token header is wrong; reload the page."),
                        request_id);
                }
            }
            call.actor = principal->ToActor(context.remote_address, request_id);
            call.principal = std::move(principal).value();
        }

        Result<ApiReply> reply = matched->handler(call);
        if (!reply.ok()) {
            return Problem(context, reply.error(), request_id);
        }
        std::string body = !reply->raw_json.empty() ? std::move(reply->raw_json)
                           : reply->body.is_null()  ? std::string()
                                                    : json::serialize(reply->body);
        Response response =
            Finish(context, reply->status, std::move(body), "application/json", request_id);
        for (const auto& set_cookie : reply->set_cookies) {
            response.insert(bhttp::field::set_cookie, set_cookie);
        }
        return response;
    }
};

void Api::Impl::Register() {
    using bhttp::verb;
    auto& s = services;

    // -- session ----------------------------------------------------------------------------
    Add(verb::post, "/api/v1/session", Access::kPublic, [this, &s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
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
            SessionCookie(signed_in.session_token, signed_in.lifetime.count()));
        return reply;
    });
    Add(verb::get, "/api/v1/session", Access::kSignedIn, [](Call& call) -> Result<ApiReply> {
        return Ok(json::object{{"csrf_token", call.principal->csrf_token},
                               {"user", PrincipalJson(*call.principal)}});
    });
    Add(verb::delete_, "/api/v1/session", Access::kSignedIn,
        [this, &s](Call& call) -> Result<ApiReply> {
            UNGCUU_RETURN_IF_ERROR(s.auth.SignOut(call.session_token, call.actor));
            ApiReply reply = Ok(nullptr, bhttp::status::no_content);
            reply.set_cookies.push_back(SessionCookie("", 0));
            return reply;
        });

    // -- the signed-in user's own account --------------------------------------------------------
    Add(verb::post, "/api/v1/me/password", Access::kSignedIn,
        [this, &s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
            const std::string current = reader.String("current_password");
            const std::string replacement = reader.String("new_password");
            UNGCUU_RETURN_IF_ERROR(reader.Finish());
            UNGCUU_RETURN_IF_ERROR(s.auth.ChangePassword(call.actor, current, replacement));
            ApiReply reply = Ok(nullptr, bhttp::status::no_content);
            reply.set_cookies.push_back(SessionCookie("", 0));
            return reply;
        });
    Add(verb::delete_, "/api/v1/me/sessions", Access::kSignedIn,
        [this, &s](Call& call) -> Result<ApiReply> {
            UNGCUU_RETURN_IF_ERROR(s.auth.SignOutEverywhere(call.actor));
            ApiReply reply = Ok(nullptr, bhttp::status::no_content);
            reply.set_cookies.push_back(SessionCookie("", 0));
            return reply;
        });
    Add(verb::post, "/api/v1/me/totp", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(setup, s.auth.BeginTotp(call.actor));
        return Ok(
            json::object{{"secret", setup.secret_base32}, {"otpauth_uri", setup.otpauth_uri}});
    });
    Add(verb::post, "/api/v1/me/totp/confirm", Access::kSignedIn,
        [&s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
            const std::string code = reader.String("code");
            UNGCUU_RETURN_IF_ERROR(reader.Finish());
            UNGCUU_RETURN_IF_ERROR(s.auth.ConfirmTotp(call.actor, code));
            return Ok(nullptr, bhttp::status::no_content);
        });
    Add(verb::delete_, "/api/v1/me/totp", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
        const std::string password = reader.String("password");
        UNGCUU_RETURN_IF_ERROR(reader.Finish());
        UNGCUU_RETURN_IF_ERROR(s.auth.DisableTotp(call.actor, password));
        return Ok(nullptr, bhttp::status::no_content);
    });
    Add(verb::get, "/api/v1/me/tokens", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(tokens, s.auth.ListApiTokens(call.actor));
        json::array items;
        for (const auto& token : tokens) {
            items.push_back(json::object{{"id", token.id.value()},
                                         {"name", token.name},
                                         {"created_at", core::FormatRfc3339(token.created_at)},
                                         {"revoked", token.revoked}});
        }
        return Ok(json::object{{"items", std::move(items)}});
    });
    Add(verb::post, "/api/v1/me/tokens", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
        const std::string name = reader.String("name");
        UNGCUU_RETURN_IF_ERROR(reader.Finish());
        UNGCUU_ASSIGN_OR_RETURN(created, s.auth.CreateApiToken(call.actor, name));
        return Ok(json::object{{"id", created.token.id.value()},
                               {"name", created.token.name},
                               {"token", created.secret}},
                  bhttp::status::created);
    });
    Add(verb::delete_, "/api/v1/me/tokens/{}", Access::kSignedIn,
        [&s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_RETURN_IF_ERROR(s.auth.RevokeApiToken(call.actor, domain::TokenId{id}));
            return Ok(nullptr, bhttp::status::no_content);
        });

    // -- units ---------------------------------------------------------------------------------
    Add(verb::get, "/api/v1/units", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
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
        query.search = QueryText(call, "q");
        if (!core::IsValidUtf8(query.search) || query.search.size() > 200) {
            return core::InvalidArgument("Từ khóa tìm kiếm không hợp lệ.", "Invalid search text.");
        }
        UNGCUU_ASSIGN_OR_RETURN(
            text, s.units.ListRendered(call.actor, query, [](const app::UnitPage& page) {
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
    });
    Add(verb::post, "/api/v1/units", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
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
    });
    Add(verb::get, "/api/v1/units/{}", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
        UNGCUU_ASSIGN_OR_RETURN(unit, s.units.Get(call.actor, domain::UnitId{id}));
        return OkRaw(UnitJson(unit));
    });
    Add(verb::patch, "/api/v1/units/{}", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
        UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
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
    });
    Add(verb::post, "/api/v1/units/{}/move", Access::kSignedIn,
        [&s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
            const std::int64_t parent = reader.Int("parent_id");
            UNGCUU_RETURN_IF_ERROR(reader.Finish());
            UNGCUU_ASSIGN_OR_RETURN(
                unit, s.units.Move(call.actor, domain::UnitId{id}, domain::UnitId{parent}));
            return OkRaw(UnitJson(unit));
        });

    // -- people and contact points ----------------------------------------------------------
    Add(verb::get, "/api/v1/units/{}/people", Access::kSignedIn,
        [&s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(people, s.people.List(call.actor, domain::UnitId{id}));
            json::array items;
            for (const auto& person : people) {
                items.push_back(PersonJson(person));
            }
            return Ok(json::object{{"items", std::move(items)}});
        });
    Add(verb::post, "/api/v1/units/{}/people", Access::kSignedIn,
        [&s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
            domain::Person person;
            person.unit_id = domain::UnitId{id};
            person.full_name = reader.String("full_name");
            person.position = reader.OptString("position").value_or("");
            person.office_phone = reader.OptString("office_phone").value_or("");
            person.mobile_phone = reader.OptString("mobile_phone").value_or("");
            person.email = reader.OptString("email").value_or("");
            UNGCUU_RETURN_IF_ERROR(reader.Finish());
            UNGCUU_ASSIGN_OR_RETURN(created, s.people.Create(call.actor, std::move(person)));
            return Ok(PersonJson(created), bhttp::status::created);
        });
    Add(verb::patch, "/api/v1/people/{}", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
        UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
        app::PersonPatch patch;
        patch.full_name = reader.OptString("full_name");
        patch.position = reader.OptString("position");
        patch.office_phone = reader.OptString("office_phone");
        patch.mobile_phone = reader.OptString("mobile_phone");
        patch.email = reader.OptString("email");
        patch.active = reader.OptBool("active");
        UNGCUU_RETURN_IF_ERROR(reader.Finish());
        UNGCUU_ASSIGN_OR_RETURN(person, s.people.Update(call.actor, domain::PersonId{id}, patch));
        return Ok(PersonJson(person));
    });
    Add(verb::get, "/api/v1/units/{}/contacts", Access::kSignedIn,
        [&s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(contacts, s.people.Contacts(call.actor, domain::UnitId{id}));
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
    Add(verb::put, "/api/v1/units/{}/contacts/{}", Access::kSignedIn,
        [&s, contact_role](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(role, contact_role(call));
            UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
            const std::int64_t person = reader.Int("person_id");
            UNGCUU_RETURN_IF_ERROR(reader.Finish());
            UNGCUU_ASSIGN_OR_RETURN(view, s.people.SetContact(call.actor, domain::UnitId{id}, role,
                                                              domain::PersonId{person}));
            return Ok(ContactJson(view));
        });
    Add(verb::delete_, "/api/v1/units/{}/contacts/{}", Access::kSignedIn,
        [&s, contact_role](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(role, contact_role(call));
            UNGCUU_RETURN_IF_ERROR(s.people.ClearContact(call.actor, domain::UnitId{id}, role));
            return Ok(nullptr, bhttp::status::no_content);
        });

    // -- users and roles ---------------------------------------------------------------------
    Add(verb::get, "/api/v1/users", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
        app::UserQuery query;
        UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
        UNGCUU_ASSIGN_OR_RETURN(cursor, CursorParam(call));
        UNGCUU_ASSIGN_OR_RETURN(unit, OptIdQuery(call, "unit_id"));
        query.limit = limit;
        query.after_id = cursor;
        if (unit) {
            query.unit_id = domain::UnitId{*unit};
        }
        query.search = QueryText(call, "q");
        if (!core::IsValidUtf8(query.search) || query.search.size() > 200) {
            return core::InvalidArgument("Từ khóa tìm kiếm không hợp lệ.", "Invalid search text.");
        }
        UNGCUU_ASSIGN_OR_RETURN(page, s.users.List(call.actor, query));
        json::array items;
        for (const auto& user : page.users) {
            items.push_back(UserJson(user));
        }
        return Ok(Page(std::move(items), page.next_cursor));
    });
    Add(verb::post, "/api/v1/users", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
        app::NewUser input;
        input.login = reader.String("login");
        input.full_name = reader.String("full_name");
        input.email = reader.OptString("email").value_or("");
        input.unit_id = domain::UnitId{reader.Int("unit_id")};
        input.password = reader.String("password");
        UNGCUU_RETURN_IF_ERROR(reader.Finish());
        UNGCUU_ASSIGN_OR_RETURN(user, s.users.Create(call.actor, input));
        return Ok(UserJson(user), bhttp::status::created);
    });
    Add(verb::get, "/api/v1/users/{}", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
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
    });
    Add(verb::patch, "/api/v1/users/{}", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
        UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
        app::UserPatch patch;
        patch.full_name = reader.OptString("full_name");
        patch.email = reader.OptString("email");
        patch.active = reader.OptBool("active");
        UNGCUU_RETURN_IF_ERROR(reader.Finish());
        UNGCUU_ASSIGN_OR_RETURN(user, s.users.Update(call.actor, domain::UserId{id}, patch));
        return Ok(UserJson(user));
    });
    Add(verb::post, "/api/v1/users/{}/password", Access::kSignedIn,
        [&s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
            const std::string password = reader.String("password");
            UNGCUU_RETURN_IF_ERROR(reader.Finish());
            UNGCUU_ASSIGN_OR_RETURN(user, s.users.Get(call.actor, domain::UserId{id}));
            UNGCUU_RETURN_IF_ERROR(s.users.ResetPassword(call.actor, user.login, password));
            return Ok(nullptr, bhttp::status::no_content);
        });
    Add(verb::get, "/api/v1/users/{}/roles", Access::kSignedIn,
        [&s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(assignments,
                                    s.users.Assignments(call.actor, domain::UserId{id}));
            json::array items;
            for (const auto& a : assignments) {
                items.push_back(AssignmentJson(a));
            }
            return Ok(json::object{{"items", std::move(items)}});
        });
    Add(verb::post, "/api/v1/users/{}/roles", Access::kSignedIn,
        [&s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(reader, ObjectReader::Parse(call.body()));
            const std::int64_t unit = reader.Int("unit_id");
            const std::string role = reader.String("role");
            const bool local = reader.OptBool("local").value_or(false);
            UNGCUU_RETURN_IF_ERROR(reader.Finish());
            UNGCUU_ASSIGN_OR_RETURN(parsed, RoleFrom(role));
            UNGCUU_ASSIGN_OR_RETURN(granted, s.users.Grant(call.actor, domain::UserId{id},
                                                           domain::UnitId{unit}, parsed, local));
            return Ok(AssignmentJson(granted), bhttp::status::created);
        });
    Add(verb::delete_, "/api/v1/users/{}/roles/{}", Access::kSignedIn,
        [&s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(assignment, IdParam(call, 1));
            UNGCUU_RETURN_IF_ERROR(
                s.users.Revoke(call.actor, domain::UserId{id}, domain::AssignmentId{assignment}));
            return Ok(nullptr, bhttp::status::no_content);
        });

    // -- audit -------------------------------------------------------------------------------
    Add(verb::get, "/api/v1/audit", Access::kSignedIn, [&s](Call& call) -> Result<ApiReply> {
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
    });

    Add(verb::get, "/api/v1/version", Access::kPublic, [this](Call&) -> Result<ApiReply> {
        return Ok(json::object{{"name", "ungcuu"}, {"version", options.version}});
    });
}

Api::Api(Services services, ApiOptions options)
    : impl_(std::make_unique<Impl>(services, std::move(options))) {}

Api::~Api() = default;

Response Api::Handle(const RequestContext& context) { return impl_->Handle(context); }

std::vector<std::string> Api::Routes() const {
    std::vector<std::string> routes;
    for (const auto& route : impl_->routes) {
        std::string path;
        for (const auto& segment : route.segments) {
            path += "/" + segment;
        }
        routes.push_back(std::string(bhttp::to_string(route.method)) + " " + path);
    }
    return routes;
}

Response Api::Refuse(bhttp::status status, std::string_view detail) {
    static const Request kEmpty;
    const RequestContext context{kEmpty, ""};
    core::Error error;
    if (status == bhttp::status::payload_too_large) {
        error = core::Error::Make(core::ErrorCode::kPayloadTooLarge,
                                  fmt::format("Nội dung yêu cầu quá lớn (giới hạn {}).", detail),
                                  fmt::format("The request body is too large (limit {}).", detail));
    } else if (status == bhttp::status::internal_server_error) {
        error = core::Internal(std::string(detail));
    } else {
        error = core::InvalidArgument("Yêu cầu HTTP không hợp lệ.",
                                      fmt::format("Malformed HTTP request: {}.", detail));
    }
    return impl_->Problem(context, error, "-");
}

}  // namespace ungcuu::http
