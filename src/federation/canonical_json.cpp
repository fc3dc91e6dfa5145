#include "federation/canonical_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <vector>

#include "core/text.hpp"

namespace ungcuu::federation {

namespace {

namespace json = boost::json;

void AppendString(std::string& out, std::string_view text) {
    out += '"';
    out += core::JsonEscape(text);
    out += '"';
}

core::Status Append(std::string& out, const json::value& value, int depth) {
    if (depth > kMaxCanonicalDepth) {
        return core::InvalidArgument(
            fmt::format("Dữ liệu lồng quá {} tầng.", kMaxCanonicalDepth),
            fmt::format("The data nests deeper than {} levels.", kMaxCanonicalDepth));
    }
    switch (value.kind()) {
        case json::kind::null:
            out += "null";
            return core::Ok();
        case json::kind::bool_:
            out += value.get_bool() ? "true" : "false";
            return core::Ok();
        case json::kind::int64:
            out += std::to_string(value.get_int64());
            return core::Ok();
        case json::kind::uint64:
            out += std::to_string(value.get_uint64());
            return core::Ok();
        case json::kind::double_:
            return core::InvalidArgument("Số thập phân không được dùng trong gói tin.",
                                         "An envelope carries no fractional numbers.");
        case json::kind::string:
            AppendString(out, value.get_string());
            return core::Ok();
        case json::kind::array: {
            out += '[';
            bool first = true;
            for (const auto& item : value.get_array()) {
                if (!first) {
                    out += ',';
                }
                first = false;
                UNGCUU_RETURN_IF_ERROR(Append(out, item, depth + 1));
            }
            out += ']';
            return core::Ok();
        }
        case json::kind::object: {
            const auto& object = value.get_object();
            std::vector<const json::key_value_pair*> members;
            members.reserve(object.size());
            for (const auto& member : object) {
                members.push_back(&member);
            }
            std::sort(members.begin(), members.end(),
                      [](const auto* a, const auto* b) { return a->key() < b->key(); });
            out += '{';
            for (std::size_t i = 0; i < members.size(); ++i) {
                if (i > 0) {
                    if (members[i]->key() == members[i - 1]->key()) {
                        return core::InvalidArgument("Khóa trùng trong đối tượng JSON.",
                                                     "A JSON object repeats a key.");
                    }
                    out += ',';
                }
                AppendString(out, members[i]->key());
                out += ':';
                UNGCUU_RETURN_IF_ERROR(Append(out, members[i]->value(), depth + 1));
            }
            out += '}';
            return core::Ok();
        }
    }
    return core::Ok();
}

}  // namespace

core::Result<std::string> Canonical(const boost::json::value& value) {
    std::string out;
    UNGCUU_RETURN_IF_ERROR(Append(out, value, 0));
    return out;
}

}  // namespace ungcuu::federation
