#include "sigma/evaluator.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace ungcuu::sigma {

namespace json = boost::json;

namespace {

// ---- events --------------------------------------------------------------------------------

const json::value* Child(const json::value* v, std::string_view key) {
    if (v == nullptr || !v->is_object()) {
        return nullptr;
    }
    const auto& object = v->get_object();
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &it->value();
}

// "#text" holds an element's content in evtx exports ({"#text": 4688, "#attributes": …}).
const json::value* Content(const json::value* v) {
    if (v != nullptr && v->is_object()) {
        if (const auto* text = Child(v, "#text")) {
            return text;
        }
    }
    return v;
}

const json::value* Path(const json::value& root, std::string_view path) {
    const json::value* v = &root;
    while (v != nullptr && !path.empty()) {
        const auto dot = path.find('.');
        v = Child(v, path.substr(0, dot));
        path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    }
    return v;
}

// The scalar tests see; text is kept in `buffer` for numbers.
std::optional<Scalar> ScalarOf(const json::value& v, char* buffer) {
    switch (v.kind()) {
        case json::kind::string:
            return Scalar{Scalar::Kind::kString, std::string_view(v.get_string())};
        case json::kind::int64:
            return Scalar{Scalar::Kind::kNumber, IntegerText(v.get_int64(), buffer)};
        case json::kind::uint64:
            return Scalar{Scalar::Kind::kNumber, UnsignedText(v.get_uint64(), buffer)};
        case json::kind::double_:
            return Scalar{Scalar::Kind::kNumber, DoubleText(v.get_double(), buffer)};
        case json::kind::bool_:
            return Scalar{Scalar::Kind::kBool, v.get_bool() ? "true" : "false"};
        default:
            return std::nullopt;
    }
}

bool OneScalar(const Test& t, const json::value& v, const json::value& event) {
    char buffer[kNumberTextSize];
    const auto scalar = ScalarOf(v, buffer);
    if (!scalar) {
        return false;
    }
    if (t.kind == Test::Kind::kFieldRef) {
        const auto* other = Content(FindField(event, t.other_field));
        char other_buffer[kNumberTextSize];
        const auto other_scalar = other != nullptr ? ScalarOf(*other, other_buffer) : std::nullopt;
        return other_scalar && FieldRefMatches(t, *scalar, *other_scalar);
    }
    return ScalarMatches(t, *scalar);
}

// A test against a field (missing: nullptr). Lists match when any element does.
bool TestMatches(const Test& t, const json::value* field, const json::value& event) {
    if (t.kind == Test::Kind::kExists) {
        return (field != nullptr) == t.exists;
    }
    if (t.kind == Test::Kind::kNull) {
        return field == nullptr || field->is_null();
    }
    if (field == nullptr || field->is_null()) {
        return t.negate;  // neq: a missing field differs from any value
    }
    bool hit = false;
    if (field->is_array()) {
        for (const auto& element : field->get_array()) {
            hit = hit || OneScalar(t, *Content(&element), event);
        }
    } else {
        hit = OneScalar(t, *field, event);
    }
    return t.negate ? !hit : hit;
}

// Keywords: any scalar anywhere in the event.
bool AnyScalar(const Test& t, const json::value& v) {
    if (v.is_object()) {
        for (const auto& [key, child] : v.get_object()) {
            if (AnyScalar(t, child)) {
                return true;
            }
        }
        return false;
    }
    if (v.is_array()) {
        for (const auto& child : v.get_array()) {
            if (AnyScalar(t, child)) {
                return true;
            }
        }
        return false;
    }
    char buffer[kNumberTextSize];
    const auto scalar = ScalarOf(v, buffer);
    return scalar && ScalarMatches(t, *scalar);
}

}  // namespace

const json::value* FindField(const json::value& event, std::string_view field) {
    if (!event.is_object()) {
        return nullptr;
    }
    if (const auto* exact = Child(&event, field)) {
        return exact;
    }
    if (field.find('.') != std::string_view::npos) {
        if (const auto* nested = Path(event, field)) {
            return nested;
        }
    }
    const auto* evtx = Child(&event, "Event");
    if (evtx != nullptr) {
        const auto* event_data = Child(evtx, "EventData");
        if (const auto* data = Child(event_data, field)) {
            return data;
        }
        // Some providers name data with spaces ("Threat Name"); Sigma writes them without.
        if (event_data != nullptr && event_data->is_object()) {
            for (const auto& [key, value] : event_data->get_object()) {
                std::string compact;
                for (const char c : key) {
                    if (c != ' ') {
                        compact += c;
                    }
                }
                if (compact == field) {
                    return &value;
                }
            }
        }
        // UserData holds one element named by the provider, with the data inside it.
        if (const auto* user_data = Child(evtx, "UserData"); user_data != nullptr) {
            if (const auto* data = Child(user_data, field)) {
                return data;
            }
            if (user_data->is_object()) {
                for (const auto& [key, element] : user_data->get_object()) {
                    if (const auto* data = Child(&element, field)) {
                        return data;
                    }
                }
            }
        }
        const auto* system = Child(evtx, "System");
        if (const auto* value = Child(system, field)) {
            return value;
        }
        if (field == "Provider_Name") {
            return Child(Child(Child(system, "Provider"), "#attributes"), "Name");
        }
    }
    if (const auto* winlog = Child(&event, "winlog")) {
        if (const auto* data = Child(Child(winlog, "event_data"), field)) {
            return data;
        }
        if (field == "EventID") {
            return Child(winlog, "event_id");
        }
        if (field == "Channel") {
            return Child(winlog, "channel");
        }
        if (field == "Provider_Name") {
            return Child(winlog, "provider_name");
        }
    }
    return nullptr;
}

std::optional<std::string> FieldText(const json::value& event, std::string_view field) {
    const auto* v = Content(FindField(event, field));
    char buffer[kNumberTextSize];
    const auto scalar = v != nullptr ? ScalarOf(*v, buffer) : std::nullopt;
    if (!scalar) {
        return std::nullopt;
    }
    return std::string(scalar->text);
}

core::Result<std::vector<json::value>> ParseEvents(std::string_view text) {
    std::vector<json::value> out;
    json::stream_parser parser;
    std::size_t offset = 0;
    while (offset < text.size()) {
        // Whitespace between documents.
        while (offset < text.size() && std::isspace(static_cast<unsigned char>(text[offset]))) {
            ++offset;
        }
        if (offset >= text.size()) {
            break;
        }
        parser.reset();
        boost::system::error_code ec;
        const std::size_t used = parser.write_some(text.data() + offset, text.size() - offset, ec);
        if (ec || !parser.done()) {
            if (!ec) {
                parser.finish(ec);
            }
            if (ec || !parser.done()) {
                return core::InvalidArgument(
                    fmt::format("Dữ liệu không phải JSON hợp lệ tại byte {}.", offset + used),
                    fmt::format("The input is not valid JSON at byte {}.", offset + used));
            }
        }
        offset += used;
        json::value document = parser.release();
        if (document.is_array() && out.empty() && offset >= text.size()) {
            for (auto& event : document.as_array()) {
                out.push_back(std::move(event));
            }
        } else {
            out.push_back(std::move(document));
        }
    }
    return out;
}

struct CompiledRule::Impl {
    Rule rule;
    CompiledDetections detections;
    std::vector<CompiledCondition> conditions;  // over `detections`
};

core::Result<CompiledRule> CompiledRule::Compile(const Rule& rule, std::size_t* expanded_bytes) {
    auto impl = std::make_unique<Impl>();
    impl->rule = rule;
    UNGCUU_ASSIGN_OR_RETURN(detections, CompileDetections(rule, expanded_bytes));
    impl->detections = std::move(detections);
    impl->conditions = CompileConditions(impl->rule, impl->detections);
    return CompiledRule(std::move(impl));
}

CompiledRule::CompiledRule(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

CompiledRule::CompiledRule(CompiledRule&&) noexcept = default;
CompiledRule& CompiledRule::operator=(CompiledRule&&) noexcept = default;
CompiledRule::~CompiledRule() = default;

const Rule& CompiledRule::rule() const { return impl_->rule; }

bool CompiledRule::Matches(const json::value& event) const {
    const auto test = [&](const Item& item, const Test& t) {
        if (item.field.empty()) {
            return AnyScalar(t, event);
        }
        return TestMatches(t, Content(FindField(event, item.field)), event);
    };
    return RuleMatches(impl_->conditions,
                       [&](const CompiledDetection& d) { return DetectionMatches(d, test); });
}

}  // namespace ungcuu::sigma
