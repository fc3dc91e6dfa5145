// Strict JSON input (API bodies, rule files): a document must be one JSON object; each field is
// read with its expected type; missing required fields, wrong types and unknown fields are all
// collected and reported together, naming each field (with its path inside nested objects), in
// Vietnamese and English.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/validation.hpp"

namespace ungcuu::jsonio {

/// The most items an array of a document may hold (the API documents them as maxItems): more is
/// refused as a field error before anything is read from it.
inline constexpr std::size_t kMaxArrayItems = 200;
inline constexpr std::size_t kMaxObjectArrayItems = 1000;

class ObjectReader {
public:
    /// kInvalidArgument for malformed JSON (with the byte offset) or a non-object body.
    static core::Result<ObjectReader> Parse(std::string_view body);

    std::optional<std::string> OptString(std::string_view name);
    std::string String(std::string_view name);  // required
    std::optional<std::int64_t> OptInt(std::string_view name);

    /// Whether the body names the field at all (null included): "absent: keep" against
    /// "null: clear".
    bool Has(std::string_view name) const { return object_.contains(name); }

    std::int64_t Int(std::string_view name);  // required
    std::optional<bool> OptBool(std::string_view name);
    /// An array of strings; nullopt when absent.
    std::optional<std::vector<std::string>> OptStringArray(std::string_view name,
                                                           std::size_t max_items = kMaxArrayItems);
    /// An array of integers; nullopt when absent.
    std::optional<std::vector<std::int64_t>> OptIntArray(std::string_view name,
                                                         std::size_t max_items = kMaxArrayItems);
    /// A nested object, read by its own reader whose field names are prefixed "name.".
    std::optional<ObjectReader> OptObject(std::string_view name);
    /// A required array of objects, each read by its own reader prefixed "name[i].".
    std::vector<ObjectReader> ObjectArray(std::string_view name,
                                          std::size_t max_items = kMaxObjectArrayItems);

    /// Ok when every field was known and well-typed and every required field present.
    core::Status Finish();
    /// Finish(), with the caller's own field errors (checks made while reading) reported
    /// together with the reader's.
    core::Status Finish(domain::FieldErrors& errors);

private:
    ObjectReader(boost::json::object object, std::string prefix)
        : object_(std::move(object)), prefix_(std::move(prefix)) {}

    std::string Path(std::string_view name) const { return prefix_ + std::string(name); }

    const boost::json::value* Find(std::string_view name, bool required);
    void WrongType(std::string_view name, std::string_view vi, std::string_view en);
    /// False (with the field's error) when the array holds more than `max_items`.
    bool WithinBound(std::string_view name, const boost::json::array& array, std::size_t max_items);

    boost::json::object object_;
    std::string prefix_;
    std::set<std::string, std::less<>> seen_;
    domain::FieldErrors errors_;
};

}  // namespace ungcuu::jsonio
