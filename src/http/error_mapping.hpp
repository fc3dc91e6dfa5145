// The one place where ErrorCode becomes an HTTP status and an application/problem+json body
// (RFC 9457) carrying a Vietnamese and an English message and the per-field details.
#pragma once

#include <boost/beast/http/status.hpp>
#include <string>

#include "core/error.hpp"

namespace ungcuu::http {

boost::beast::http::status StatusFor(core::ErrorCode code);

/// {"type","title","status","code","detail","message_vi","message_en","errors":[…],"request_id"}
std::string ProblemJson(const core::Error& error, std::string_view request_id);

}  // namespace ungcuu::http
