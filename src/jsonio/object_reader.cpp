#include "jsonio/object_reader.hpp"

#include <fmt/format.h>

#include "core/text.hpp"

namespace ungcuu::jsonio {

core::Result<ObjectReader> ObjectReader::Parse(std::string_view body) {
    if (core::Trim(body).empty()) {
        return core::InvalidArgument("Thiếu nội dung yêu cầu (cần một đối tượng JSON).",
                                     "The request body is empty (a JSON object is expected).");
    }
    boost::json::stream_parser parser;
    boost::system::error_code ec;
    const std::size_t consumed = parser.write_some(body.data(), body.size(), ec);
    if (!ec) {
        if (consumed < body.size() && !core::Trim(body.substr(consumed)).empty()) {
            return core::InvalidArgument(
                fmt::format("JSON không hợp lệ: có dữ liệu thừa sau vị trí {}.", consumed),
                fmt::format("Malformed JSON: trailing data after byte {}.", consumed));
        }
        parser.finish(ec);
    }
    if (ec) {
        return core::InvalidArgument(
            fmt::format("JSON không hợp lệ gần vị trí {}: {}.", consumed, ec.message()),
            fmt::format("Malformed JSON near byte {}: {}.", consumed, ec.message()));
    }
    boost::json::value value = parser.release();
    if (!value.is_object()) {
        return core::InvalidArgument("Nội dung yêu cầu phải là một đối tượng JSON {…}.",
                                     "The request body must be a JSON object {…}.");
    }
    return ObjectReader(std::move(value.as_object()), "");
}

const boost::json::value* ObjectReader::Find(std::string_view name, bool required) {
    seen_.emplace(name);
    const auto* value = object_.if_contains(name);
    if (value == nullptr || (value->is_null() && required)) {
        if (required) {
            errors_.Add(Path(name), "bắt buộc nhập", "is required");
        }
        return nullptr;
    }
    return value;
}

void ObjectReader::WrongType(std::string_view name, std::string_view vi, std::string_view en) {
    errors_.Add(Path(name), fmt::format("phải là {}", vi), fmt::format("must be {}", en));
}

std::optional<std::string> ObjectReader::OptString(std::string_view name) {
    const auto* value = Find(name, false);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (!value->is_string()) {
        WrongType(name, "chuỗi ký tự", "a string");
        return std::nullopt;
    }
    return std::string(value->as_string());
}

std::string ObjectReader::String(std::string_view name) {
    const auto* value = Find(name, true);
    if (value == nullptr) {
        return {};
    }
    if (!value->is_string()) {
        WrongType(name, "chuỗi ký tự", "a string");
        return {};
    }
    return std::string(value->as_string());
}

std::optional<std::int64_t> ObjectReader::OptInt(std::string_view name) {
    const auto* value = Find(name, false);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (value->is_int64()) {
        return value->as_int64();
    }
    if (value->is_uint64() && value->as_uint64() <= INT64_MAX) {
        return static_cast<std::int64_t>(value->as_uint64());
    }
    WrongType(name, "số nguyên", "an integer");
    return std::nullopt;
}

std::int64_t ObjectReader::Int(std::string_view name) {
    const auto* value = Find(name, true);
    if (value == nullptr) {
        return 0;
    }
    if (value->is_int64()) {
        return value->as_int64();
    }
    WrongType(name, "số nguyên", "an integer");
    return 0;
}

std::optional<bool> ObjectReader::OptBool(std::string_view name) {
    const auto* value = Find(name, false);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (!value->is_bool()) {
        WrongType(name, "true hoặc false", "true or false");
        return std::nullopt;
    }
    return value->as_bool();
}

bool ObjectReader::WithinBound(std::string_view name,
                               const boost::json::array& array,
                               std::size_t max_items) {
    if (array.size() <= max_items) {
        return true;
    }
    errors_.Add(Path(name), fmt::format("có quá {} phần tử", max_items),
                fmt::format("has more than {} items", max_items));
    return false;
}

std::optional<std::vector<std::string>> ObjectReader::OptStringArray(std::string_view name,
                                                                     std::size_t max_items) {
    const auto* value = Find(name, false);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    std::vector<std::string> items;
    if (value->is_array()) {
        if (!WithinBound(name, value->as_array(), max_items)) {
            return std::nullopt;
        }
        for (const auto& item : value->as_array()) {
            if (!item.is_string()) {
                WrongType(name, "mảng chuỗi ký tự", "an array of strings");
                return std::nullopt;
            }
            items.emplace_back(item.as_string());
        }
        return items;
    }
    WrongType(name, "mảng chuỗi ký tự", "an array of strings");
    return std::nullopt;
}

std::optional<std::vector<std::int64_t>> ObjectReader::OptIntArray(std::string_view name,
                                                                   std::size_t max_items) {
    const auto* value = Find(name, false);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    std::vector<std::int64_t> items;
    if (value->is_array()) {
        if (!WithinBound(name, value->as_array(), max_items)) {
            return std::nullopt;
        }
        for (const auto& item : value->as_array()) {
            if (!item.is_int64()) {
                WrongType(name, "mảng số nguyên", "an array of integers");
                return std::nullopt;
            }
            items.push_back(item.as_int64());
        }
        return items;
    }
    WrongType(name, "mảng số nguyên", "an array of integers");
    return std::nullopt;
}

std::optional<ObjectReader> ObjectReader::OptObject(std::string_view name) {
    const auto* value = Find(name, false);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (!value->is_object()) {
        WrongType(name, "đối tượng {…}", "an object {…}");
        return std::nullopt;
    }
    return ObjectReader(value->as_object(), Path(name) + ".");
}

std::vector<ObjectReader> ObjectReader::ObjectArray(std::string_view name, std::size_t max_items) {
    std::vector<ObjectReader> readers;
    const auto* value = Find(name, true);
    if (value == nullptr) {
        return readers;
    }
    if (!value->is_array()) {
        WrongType(name, "mảng đối tượng", "an array of objects");
        return readers;
    }
    if (!WithinBound(name, value->as_array(), max_items)) {
        return readers;
    }
    std::size_t index = 0;
    for (const auto& item : value->as_array()) {
        const std::string path = fmt::format("{}[{}]", Path(name), index++);
        if (!item.is_object()) {
            errors_.Add(path, "phải là đối tượng {…}", "must be an object {…}");
            continue;
        }
        readers.push_back(ObjectReader(item.as_object(), path + "."));
    }
    return readers;
}

core::Status ObjectReader::Finish() {
    for (const auto& [key, value] : object_) {
        if (!seen_.contains(std::string_view(key))) {
            errors_.Add(Path(key), "không phải trường được hỗ trợ", "is not a known field");
        }
    }
    return errors_.ToStatus();
}

core::Status ObjectReader::Finish(domain::FieldErrors& errors) {
    errors.AddAll(Finish());
    return errors.ToStatus();
}

}  // namespace ungcuu::jsonio
