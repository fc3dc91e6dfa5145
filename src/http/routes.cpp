#include "http/routes.hpp"

#include <fmt/format.h>

#include <cctype>

#include "core/text.hpp"

namespace ungcuu::http {

Route& RouteTable::Add(bhttp::verb method,
                       std::string_view path,
                       Access access,
                       RouteHandler handler) {
    routes.push_back(Route{method, SplitPath(path), access, std::move(handler), false, {}, {}, 0});
    return routes.back();
}

Route& RouteTable::AddRaw(bhttp::verb method,
                          std::string_view path,
                          Access access,
                          RouteHandler handler) {
    routes.push_back(
        Route{method, SplitPath(path), access, std::move(handler), true, AlwaysHeavy, {}, 0});
    return routes.back();
}

Precheck NeedsSomewhere(domain::Permission permission) {
    return [permission](const Call& call) -> core::Status {
        if (call.actor.unrestricted || !call.actor.scope.RootsAllowing(permission).empty()) {
            return core::Ok();
        }
        return core::PermissionDenied();
    };
}

std::string PercentEncode(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(c);
        } else {
            out += fmt::format("%{:02X}", byte);
        }
    }
    return out;
}

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

core::Result<std::int64_t> IdParam(const Call& call, std::size_t index) {
    const auto value = core::ParseInt64(call.params.at(index));
    if (!value || *value <= 0) {
        return core::NotFound("Không tìm thấy đối tượng.", "Not found.");
    }
    return *value;
}

core::Result<int> LimitParam(const Call& call) {
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

core::Result<std::int64_t> CursorParam(const Call& call) {
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

core::Result<std::optional<std::int64_t>> OptIdQuery(const Call& call, std::string_view name) {
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

core::Result<std::optional<bool>> OptBoolQuery(const Call& call, std::string_view name) {
    const std::string text = QueryText(call, name);
    if (text.empty()) {
        return std::optional<bool>();
    }
    if (text != "true" && text != "false") {
        return core::InvalidArgument(fmt::format("Tham số {} phải là true hoặc false.", name),
                                     fmt::format("The {} parameter must be true or false.", name));
    }
    return std::optional<bool>(text == "true");
}

std::string QueryText(const Call& call, std::string_view name) {
    const auto found = call.query.find(name);
    return found == call.query.end() ? std::string() : found->second;
}

ApiReply Ok(json::value body, bhttp::status status) {
    ApiReply reply;
    reply.status = status;
    reply.body = std::move(body);
    return reply;
}

ApiReply OkRaw(std::string json_text, bhttp::status status) {
    ApiReply reply;
    reply.status = status;
    reply.raw_json = std::move(json_text);
    return reply;
}

ApiReply OkFile(std::string content_type, std::string file_name, std::string bytes) {
    ApiReply reply;
    reply.file = FileReply{std::move(content_type), std::move(file_name), std::move(bytes)};
    return reply;
}

core::Result<domain::UnitKind> KindFrom(const std::string& text) {
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

core::Result<domain::Role> RoleFrom(const std::string& text) {
    const auto role = domain::ParseRole(text);
    if (!role) {
        core::Error error = core::InvalidArgument(fmt::format("Vai trò \"{}\" không hợp lệ.", text),
                                                  fmt::format("Unknown role \"{}\".", text));
        error.details.push_back({"role", "vai trò không hợp lệ", "unknown role"});
        return error;
    }
    return *role;
}

core::Result<std::string> SearchParam(const Call& call) {
    std::string search = QueryText(call, "q");
    if (!core::IsValidUtf8(search) || search.size() > 200) {
        return core::InvalidArgument(
            "Từ khóa tìm kiếm không hợp lệ (phải là văn bản UTF-8, tối đa 200 byte).",
            "Invalid search text (UTF-8, at most 200 bytes).");
    }
    return search;
}

std::string SessionCookie(const std::string& token, std::int64_t max_age, bool secure) {
    return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kSessionCookie,
                       token, max_age, secure ? "; Secure" : "");
}

core::Result<std::optional<domain::UnitId>> OptUnitQuery(const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(unit, OptIdQuery(call, "unit_id"));
    return unit ? std::optional(domain::UnitId{*unit}) : std::nullopt;
}

}  // namespace ungcuu::http
