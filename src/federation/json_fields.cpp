#include "federation/json_fields.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include "core/text.hpp"
#include "domain/warning.hpp"

namespace ungcuu::federation {

namespace json = boost::json;

std::optional<json::value> ParseLimited(std::string_view text, int max_depth) {
    json::parse_options options;
    options.max_depth = static_cast<std::size_t>(max_depth);
    boost::system::error_code error;
    auto value = json::parse(text, error, {}, options);
    if (error) {
        return std::nullopt;
    }
    return value;
}

core::Error FieldError(std::string_view field) {
    return core::InvalidArgument(
        fmt::format("Nội dung gửi từ hệ thống khác không hợp lệ: trường \"{}\".", field),
        fmt::format("The installation's message is malformed: field \"{}\".", field));
}

core::Result<std::string> TextField(const json::object& object,
                                    std::string_view key,
                                    std::size_t max,
                                    bool required) {
    const auto* value = object.if_contains(key);
    if (value == nullptr) {
        if (required) {
            return FieldError(key);
        }
        return std::string();
    }
    const auto* text = value->if_string();
    if (text == nullptr || text->size() > max || !core::IsValidUtf8(*text) ||
        (required && text->empty())) {
        return FieldError(key);
    }
    return std::string(*text);
}

core::Result<core::TimePoint> TimeField(const json::object& object, std::string_view key) {
    UNGCUU_ASSIGN_OR_RETURN(text, TextField(object, key, 40));
    const auto time = core::ParseRfc3339(text);
    if (!time) {
        return FieldError(key);
    }
    return *time;
}

core::Result<std::vector<std::string>> TextsField(const json::object& object,
                                                  std::string_view key,
                                                  std::size_t max_items,
                                                  std::size_t max_bytes) {
    std::vector<std::string> out;
    const auto* value = object.if_contains(key);
    if (value == nullptr) {
        return out;
    }
    const auto* array = value->if_array();
    if (array == nullptr || array->size() > max_items) {
        return FieldError(key);
    }
    for (const auto& item : *array) {
        const auto* text = item.if_string();
        if (text == nullptr || text->size() > max_bytes || !core::IsValidUtf8(*text)) {
            return FieldError(key);
        }
        out.emplace_back(*text);
    }
    return out;
}

core::Result<std::int64_t> IdField(const json::object& object, std::string_view key) {
    UNGCUU_ASSIGN_OR_RETURN(text, TextField(object, key, 18));
    std::int64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return FieldError(key);
        }
        value = value * 10 + (c - '0');
    }
    if (value <= 0) {
        return FieldError(key);
    }
    return value;
}

core::Result<std::string> Base64Field(const json::object& object,
                                      std::string_view key,
                                      std::size_t max_bytes) {
    // Bounded before decoding: four characters carry three bytes.
    UNGCUU_ASSIGN_OR_RETURN(text, TextField(object, key, (max_bytes + 2) / 3 * 4));
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t written = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                          text.size(), nullptr, &written, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size() || written > max_bytes) {
        return FieldError(key);
    }
    out.resize(written);
    return out;
}

core::Result<std::vector<std::pair<domain::ObservableKind, std::string>>> IndicatorsField(
    const json::object& object, std::string_view key) {
    std::vector<std::pair<domain::ObservableKind, std::string>> out;
    const auto* value = object.if_contains(key);
    if (value == nullptr) {
        return out;
    }
    const auto* array = value->if_array();
    if (array == nullptr || array->size() > domain::kMaxWarningIndicators) {
        return FieldError(key);
    }
    for (const auto& entry : *array) {
        const auto* item = entry.if_object();
        if (item == nullptr) {
            return FieldError(key);
        }
        UNGCUU_ASSIGN_OR_RETURN(kind_code, TextField(*item, "kind", 20));
        UNGCUU_ASSIGN_OR_RETURN(text, TextField(*item, "value", 2000));
        const auto kind = domain::ParseObservableKind(kind_code);
        if (!kind) {
            return FieldError(key);
        }
        out.emplace_back(*kind, std::move(text));
    }
    return out;
}

const json::object* ObjectField(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value != nullptr ? value->if_object() : nullptr;
}

std::string LenientText(const json::object& object, std::string_view key, std::size_t max) {
    const auto* value = object.if_contains(key);
    const auto* text = value != nullptr ? value->if_string() : nullptr;
    if (text == nullptr || !core::IsValidUtf8(*text)) {
        return {};
    }
    return std::string(core::CutUtf8(*text, max));
}

json::array StringArray(const std::vector<std::string>& items) {
    json::array out;
    for (const auto& item : items) {
        out.emplace_back(item);
    }
    return out;
}

}  // namespace ungcuu::federation
