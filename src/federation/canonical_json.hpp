// The canonical form of JSON that envelopes between installations are signed in: object members
// sorted by key (bytewise over UTF-8), no white space, strings escaped as JSON requires and no
// more (the string rules of RFC 8785: `"` and `\`, control characters as \b \t \n \f \r or
// \u00xx, everything else as it is), integers in decimal. Two installations that agree on the
// data produce the same bytes whatever order or spacing a proxy or a library gave it. Fractional
// numbers are refused (an envelope carries none: times are RFC 3339 strings, amounts integers),
// as is nesting deeper than kMaxCanonicalDepth. Thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "core/result.hpp"

namespace ungcuu::federation {

inline constexpr int kMaxCanonicalDepth = 32;

core::Result<std::string> Canonical(const boost::json::value& value);

}  // namespace ungcuu::federation
