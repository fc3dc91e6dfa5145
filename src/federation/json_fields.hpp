// Reading JSON that comes from outside this installation: parsing with a bound on depth (the
// callers bound the size first), members read strictly — a peer's envelope, where a wrong shape
// is refused naming the field — or leniently — a foreign tool's export, where what does not fit
// is left out. Pure, thread-safe.
#pragma once

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/incident_work.hpp"

namespace ungcuu::federation {

/// The value, or nullopt when the text is not JSON or nests deeper than `max_depth`.
std::optional<boost::json::value> ParseLimited(std::string_view text, int max_depth);

/// kInvalidArgument naming the field of a malformed message from another installation.
core::Error FieldError(std::string_view field);

/// A string member of at most `max` bytes of UTF-8, not empty when required ("" when absent
/// and not required); FieldError otherwise.
core::Result<std::string> TextField(const boost::json::object& object,
                                    std::string_view key,
                                    std::size_t max,
                                    bool required = true);
/// A required RFC 3339 instant.
core::Result<core::TimePoint> TimeField(const boost::json::object& object, std::string_view key);
/// An array of at most `max_items` strings of at most `max_bytes` each (empty when absent).
core::Result<std::vector<std::string>> TextsField(const boost::json::object& object,
                                                  std::string_view key,
                                                  std::size_t max_items,
                                                  std::size_t max_bytes);
/// A positive integer written as a string of at most 18 digits (ids, milliseconds).
core::Result<std::int64_t> IdField(const boost::json::object& object, std::string_view key);
/// Standard base64 (RFC 4648 §4) of at most `max_bytes` bytes once decoded; FieldError otherwise.
core::Result<std::string> Base64Field(const boost::json::object& object,
                                      std::string_view key,
                                      std::size_t max_bytes);
/// An array of at most kMaxWarningIndicators {"kind", "value"} objects, each kind an observable
/// kind and each value at most 2,000 bytes (empty when absent); the values as written.
core::Result<std::vector<std::pair<domain::ObservableKind, std::string>>> IndicatorsField(
    const boost::json::object& object, std::string_view key);
/// An object member; nullptr when absent or not an object.
const boost::json::object* ObjectField(const boost::json::object& object, std::string_view key);

/// A string member cut to `max` bytes on a character boundary; "" when absent, not a string or
/// not UTF-8.
std::string LenientText(const boost::json::object& object, std::string_view key, std::size_t max);

boost::json::array StringArray(const std::vector<std::string>& items);

}  // namespace ungcuu::federation
