#include "http/api.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json.hpp>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <sstream>

#include "assets/embedded.hpp"
#include "core/text.hpp"
#include "http/error_mapping.hpp"
#include "http/routes.hpp"
#include "http/static_files.hpp"

namespace ungcuu::http {

using core::Result;

namespace {

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
                if (h >= '0' && h <= '9') {
                    return h - '0';
                }
                if (h >= 'a' && h <= 'f') {
                    return h - 'a' + 10;
                }
                if (h >= 'A' && h <= 'F') {
                    return h - 'A' + 10;
                }
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

// Raw-body routes take up to the server's large body limit, which clamps this.
constexpr std::size_t kLargestBody = std::numeric_limits<std::size_t>::max();

std::string_view ContentTypeFor(std::string_view path) {
    const auto dot = path.rfind('.');
    const std::string_view ext = dot == std::string_view::npos ? "" : path.substr(dot + 1);
    if (ext == "html") {
        return "text/html; charset=utf-8";
    }
    if (ext == "js") {
        return "text/javascript; charset=utf-8";
    }
    if (ext == "css") {
        return "text/css; charset=utf-8";
    }
    if (ext == "json") {
        return "application/json";
    }
    if (ext == "svg") {
        return "image/svg+xml";
    }
    if (ext == "png") {
        return "image/png";
    }
    if (ext == "ico") {
        return "image/x-icon";
    }
    if (ext == "woff2") {
        return "font/woff2";
    }
    if (ext == "txt") {
        return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
}

// A client-side route ("/units/12") has no file extension; asset paths always do.
bool HasExtension(std::string_view path) {
    const auto dot = path.rfind('.');
    return dot != std::string_view::npos && dot > path.rfind('/');
}

}  // namespace

// ---- the API ---------------------------------------------------------------------------------

struct Api::Impl {
    Services services;
    ApiOptions options;
    RouteTable table;
    std::map<std::string, const assets::Asset*, std::less<>> embedded;
    std::atomic<std::uint64_t> request_counter{0};
    std::uint64_t request_prefix = 0;

    Impl(Services s, ApiOptions o) : services(s), options(std::move(o)) {
        for (const auto& asset : assets::All()) {
            embedded.emplace(asset.path, &asset);
        }
        std::random_device device;
        request_prefix = (static_cast<std::uint64_t>(device()) << 32) | device();
        Register();
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
        if (options.secure_cookies) {
            // Served over HTTPS: browsers keep to HTTPS for this host from now on.
            response.set(bhttp::field::strict_transport_security, "max-age=31536000");
        }
        response.body() = std::move(body);
        return response;
    }

    Response Problem(const RequestContext& context,
                     const core::Error& error,
                     std::string_view request_id) const {
        if (error.code == core::ErrorCode::kInternal) {
            spdlog::error("request {} failed: {}", request_id, error.message_en);
        }
        Response response = Finish(context, StatusFor(error.code), ProblemJson(error, request_id),
                                   "application/problem+json", request_id);
        if (error.retry_after_seconds > 0) {
            response.set(bhttp::field::retry_after, std::to_string(error.retry_after_seconds));
        } else if (error.code == core::ErrorCode::kTooManyRequests ||
                   error.code == core::ErrorCode::kUnavailable) {
            response.set(bhttp::field::retry_after, "5");
        }
        return response;
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
        const auto* passed =
            context.screened != nullptr ? std::any_cast<Passed>(context.screened) : nullptr;
        const std::string request_id = passed != nullptr ? passed->request_id : RequestId(request);
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
        if (path.starts_with("/api/") || path.starts_with("/taxii2/") || path == "/taxii2") {
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

    /// Whether `url` is read from --web-root: the UI's files are; the OpenAPI document (under
    /// /api/) is always the embedded one.
    bool FromDisk(const std::string& url) const {
        return options.web_root.has_value() && !url.starts_with("/api/");
    }

    /// The bytes of the file at `url` (embedded, or under --web-root), if there is one.
    std::optional<std::string> ReadAsset(const std::string& url) const {
        if (FromDisk(url)) {
            const auto file_path = ResolveUnderRoot(*options.web_root, url);
            if (!file_path) {
                return std::nullopt;
            }
            std::ifstream file(*file_path, std::ios::binary);
            std::ostringstream content;
            content << file.rdbuf();
            if (!file) {
                return std::nullopt;
            }
            return content.str();
        }
        const auto asset = embedded.find(url);
        if (asset == embedded.end()) {
            return std::nullopt;
        }
        return std::string(asset->second->text());
    }

    bool HasAsset(const std::string& url) const {
        return FromDisk(url) ? ResolveUnderRoot(*options.web_root, url).has_value()
                             : embedded.contains(url);
    }

    Response ServeAsset(const RequestContext& context,
                        std::string_view path,
                        std::string_view request_id) {
        std::string wanted = path == "/" ? "/index.html" : std::string(path);
        if (!HasAsset(wanted) && !HasExtension(wanted) && IsPlainAssetPath(wanted)) {
            wanted = "/index.html";  // client-side route such as /units/12
        }
        // The build leaves a brotli and a gzip copy beside each text file: the smaller one the
        // browser takes is sent as it is.
        const std::string_view encoding =
            ChooseEncoding(context.request[bhttp::field::accept_encoding], HasAsset(wanted + ".br"),
                           HasAsset(wanted + ".gz"));
        std::optional<std::string> body = ReadAsset(encoding == "br"     ? wanted + ".br"
                                                    : encoding == "gzip" ? wanted + ".gz"
                                                                         : wanted);
        if (!body) {
            return Finish(context, bhttp::status::not_found, "Không tìm thấy / Not found\n",
                          "text/plain; charset=utf-8", request_id);
        }
        Response response = Finish(context, bhttp::status::ok, std::move(*body),
                                   ContentTypeFor(wanted), request_id);
        if (!encoding.empty()) {
            response.set(bhttp::field::content_encoding, encoding);
        }
        if (HasAsset(wanted + ".gz") || HasAsset(wanted + ".br")) {
            response.set(bhttp::field::vary, "Accept-Encoding");
        }
        if (wanted.starts_with("/assets/")) {
            // Hashed file names: a new build has new names, so these never change.
            response.set(bhttp::field::cache_control, "public, max-age=31536000, immutable");
        }
        if (wanted == "/index.html") {
            response.set("Content-Security-Policy",
                         "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' "
                         "data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                         "form-action 'self'");
        }
        if (context.request.method() == bhttp::verb::head) {
            response.body().clear();
        }
        return response;
    }

    /// The route for `method` and `path`, capturing its parameters; `path_known` tells whether
    /// any route has this path (for 405 rather than 404).
    const Route* Match(bhttp::verb method,
                       std::string_view path,
                       std::vector<std::string>& params,
                       bool& path_known) const {
        const auto segments = SplitPath(path);
        for (const auto& route : table.routes) {
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
            if (route.method == method) {
                params = std::move(captured);
                return &route;
            }
        }
        return nullptr;
    }

    /// What a request's head allows, before its body is read: the content type of a JSON
    /// route, the caller (session cookie or API token), the CSRF token of a state-changing
    /// session request, the route's precheck. Fills the call's caller; a refusal is returned as
    /// the response to send.
    std::optional<Response> Admit(const RequestContext& context, const Route& route, Call& call) {
        const Request& request = context.request;
        const bool changes_state =
            request.method() != bhttp::verb::get && request.method() != bhttp::verb::head;
        const bool has_body =
            !request.body().empty() || request.has_content_length() || request.chunked();
        if (changes_state && has_body && !route.raw_body) {
            const auto type = request[bhttp::field::content_type];
            if (!type.starts_with("application/json") &&
                !(request.has_content_length() && request[bhttp::field::content_length] == "0")) {
                return Problem(context,
                               core::InvalidArgument(
                                   "Nội dung yêu cầu phải có Content-Type: application/json.",
                                   "The request body must be sent as application/json."),
                               call.request_id);
            }
        }
        const std::string cookie = CookieValue(request[bhttp::field::cookie], kSessionCookie);
        call.session_token = cookie;
        if (route.access != Access::kSignedIn) {
            // An open route may still refuse from the head (an unknown installation).
            if (route.precheck) {
                if (auto checked = route.precheck(call); !checked.ok()) {
                    return Problem(context, checked.error(), call.request_id);
                }
            }
            return std::nullopt;
        }
        const auto authorization = request[bhttp::field::authorization];
        Result<app::Principal> principal =
            authorization.starts_with("Bearer ")
                ? services.auth.AuthenticateApiToken(core::Trim(authorization.substr(7)))
                : services.auth.Authenticate(cookie);
        if (!principal.ok()) {
            Response response = Problem(context, principal.error(), call.request_id);
            if (!cookie.empty()) {
                response.insert(bhttp::field::set_cookie,
                                SessionCookie("", 0, options.secure_cookies));
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
                    call.request_id);
            }
        }
        call.actor = principal->ToActor(context.remote_address, call.request_id);
        call.principal = std::move(principal).value();
        if (route.precheck) {
            if (auto checked = route.precheck(call); !checked.ok()) {
                return Problem(context, checked.error(), call.request_id);
            }
        }
        return std::nullopt;
    }

    /// What the screen hands on to the handler: the route and everything taken from the head,
    /// so that nothing is matched, parsed or authenticated twice.
    struct Passed {
        std::string request_id;
        const Route* route = nullptr;
        std::vector<std::string> params;
        std::map<std::string, std::string, std::less<>> query;
        std::optional<app::Principal> principal;
        app::Actor actor;
        std::string session_token;
    };

    Screening Screen(const Request& head, const std::string& remote) {
        Screening screening;
        const std::string_view target = head.target();
        const auto question = target.find('?');
        const std::string_view path = target.substr(0, question);
        if (!path.starts_with("/api/") && !path.starts_with("/taxii2/") && path != "/taxii2") {
            return screening;  // the UI's files and /healthz: light, no body wanted
        }
        bool path_known = false;
        std::vector<std::string> params;
        const Route* route = Match(head.method(), path, params, path_known);
        if (route == nullptr) {
            screening.body_limit = options.public_body_limit;  // answered 404/405 anyway
            return screening;
        }
        screening.body_limit = route->raw_body && route->body_limit > 0 ? route->body_limit
                               : route->raw_body                        ? kLargestBody
                               : route->access == Access::kPublic       ? options.public_body_limit
                                                                        : 0;
        const bool changes_state =
            head.method() != bhttp::verb::get && head.method() != bhttp::verb::head;
        screening.lane = route->heavy && route->heavy(path) ? Lane::kHeavy
                         : changes_state                    ? Lane::kWrite
                                                            : Lane::kRead;
        const RequestContext context{head, remote, nullptr};
        const std::string request_id = RequestId(head);
        Call call{context,
                  std::move(params),
                  ParseQuery(question == std::string_view::npos ? std::string_view()
                                                                : target.substr(question + 1)),
                  std::nullopt,
                  {},
                  {},
                  request_id};
        call.actor.address = remote;
        call.actor.request_id = request_id;
        if (auto refusal = Admit(context, *route, call)) {
            screening.refusal = std::move(*refusal);
            return screening;
        }
        screening.passed = Passed{request_id,
                                  route,
                                  std::move(call.params),
                                  std::move(call.query),
                                  std::move(call.principal),
                                  std::move(call.actor),
                                  std::move(call.session_token)};
        return screening;
    }

    Response HandleApi(const RequestContext& context,
                       std::string_view path,
                       std::string_view query,
                       const std::string& request_id) {
        const Request& request = context.request;
        if (auto* passed =
                context.screened != nullptr ? std::any_cast<Passed>(context.screened) : nullptr;
            passed != nullptr && passed->route != nullptr) {
            // The head was screened before the body was read: route and caller are known.
            Call call{context,
                      std::move(passed->params),
                      std::move(passed->query),
                      std::move(passed->principal),
                      std::move(passed->actor),
                      std::move(passed->session_token),
                      request_id};
            return Reply(context, *passed->route, call);
        }
        bool path_known = false;
        std::vector<std::string> params;
        const Route* matched = Match(request.method(), path, params, path_known);
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
        if (auto refusal = Admit(context, *matched, call)) {
            return std::move(*refusal);
        }
        return Reply(context, *matched, call);
    }

    /// Runs the route's handler and writes its reply (JSON, a download, or problem+json).
    Response Reply(const RequestContext& context, const Route& route, Call& call) {
        const std::string& request_id = call.request_id;
        Result<ApiReply> reply = route.handler(call);
        if (!reply.ok()) {
            return Problem(context, reply.error(), request_id);
        }
        if (reply->stream) {
            if (context.stream == nullptr) {
                return Problem(context,
                               core::Error::Make(core::ErrorCode::kUnavailable,
                                                 "Máy chủ không hỗ trợ luồng sự kiện ở đây.",
                                                 "The server cannot stream here."),
                               request_id);
            }
            *context.stream = std::move(reply->stream);
            Response response =
                Finish(context, bhttp::status::ok, std::string(), reply->content_type, request_id);
            // Proxies (nginx) must pass each event on at once.
            response.set("X-Accel-Buffering", "no");
            return response;
        }
        if (reply->file) {
            // Downloads are always attachments, never rendered by the browser.
            Response response = Finish(context, reply->status, std::move(reply->file->bytes),
                                       reply->file->content_type, request_id);
            response.set(bhttp::field::content_disposition,
                         "attachment; filename=\"download\"; filename*=UTF-8''" +
                             PercentEncode(reply->file->file_name));
            response.set("Content-Security-Policy", "sandbox; default-src 'none'");
            return response;
        }
        std::string body = !reply->raw_json.empty() ? std::move(reply->raw_json)
                           : reply->body.is_null()  ? std::string()
                                                    : json::serialize(reply->body);
        Response response =
            Finish(context, reply->status, std::move(body),
                   reply->content_type.empty() ? std::string_view("application/json")
                                               : std::string_view(reply->content_type),
                   request_id);
        for (const auto& set_cookie : reply->set_cookies) {
            response.insert(bhttp::field::set_cookie, set_cookie);
        }
        return response;
    }
};

void Api::Impl::Register() {
    AddSessionRoutes(table, services, options);
    AddUnitRoutes(table, services);
    AddUserRoutes(table, services);
    AddSystemRoutes(table, services);
    AddDossierRoutes(table, services);
    AddProtectionRoutes(table, services);
    AddReadinessRoutes(table, services);
    AddIncidentRoutes(table, services);
    AddIncidentReportRoutes(table, services);
    AddOutboxRoutes(table, services);
    AddPublicReportRoutes(table, services);
    AddPlanRoutes(table, services);
    AddDetectionRoutes(table, services);
    AddEventRoutes(table, services);
    AddNetworkRoutes(table, services);
    AddPeriodicRoutes(table, services);
    AddWorkPlanRoutes(table, services);
    AddTeamRoutes(table, services);
    AddDrillRoutes(table, services);
    AddTrainingRoutes(table, services);
    AddWarningRoutes(table, services);
    AddExchangeRoutes(table, services);
    AddSharingRoutes(table, services);
    AddMonitorRoutes(table, services);
    AddCaseRoutes(table, services);
}

Api::Api(Services services, ApiOptions options)
    : impl_(std::make_unique<Impl>(services, std::move(options))) {}

Api::~Api() = default;

Response Api::Handle(const RequestContext& context) { return impl_->Handle(context); }

Screening Api::Screen(const Request& head, const std::string& remote) {
    return impl_->Screen(head, remote);
}

std::vector<std::string> Api::Routes() const {
    std::vector<std::string> routes;
    for (const auto& route : impl_->table.routes) {
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
        // `detail`: the limit in bytes, named as people count them.
        const auto bytes = std::strtoull(std::string(detail).c_str(), nullptr, 10);
        const auto limit = bytes >= (1U << 20) && bytes % (1U << 20) == 0
                               ? fmt::format("{} MiB = {} byte", bytes >> 20, bytes)
                           : bytes >= 1024 && bytes % 1024 == 0
                               ? fmt::format("{} KiB = {} byte", bytes >> 10, bytes)
                               : fmt::format("{} byte", bytes);
        error = core::Error::Make(
            core::ErrorCode::kPayloadTooLarge,
            fmt::format("Nội dung yêu cầu quá lớn (giới hạn {}); chưa nhận gì. Hãy gửi thành "
                        "nhiều phần nhỏ hơn.",
                        limit),
            fmt::format("The request body is too large (limit {}); nothing was taken. Send it in "
                        "smaller parts.",
                        limit));
    } else if (status == bhttp::status::internal_server_error) {
        error = core::Internal(std::string(detail));
    } else if (status == bhttp::status::service_unavailable) {
        error = core::Error::Make(
            core::ErrorCode::kUnavailable,
            "Máy chủ đang bận với các việc dài (nhập tệp, tạo văn bản); hãy thử lại sau ít giây.",
            "The server is busy with long work (imports, documents); try again in a few seconds.");
    } else {
        error = core::InvalidArgument("Yêu cầu HTTP không hợp lệ.",
                                      fmt::format("Malformed HTTP request: {}.", detail));
    }
    return impl_->Problem(context, error, "-");
}

}  // namespace ungcuu::http
