#include "http/error_mapping.hpp"

#include <boost/json.hpp>

namespace ungcuu::http {

namespace bhttp = boost::beast::http;

bhttp::status StatusFor(core::ErrorCode code) {
    switch (code) {
        case core::ErrorCode::kInvalidArgument:
            return bhttp::status::bad_request;
        case core::ErrorCode::kNotFound:
            return bhttp::status::not_found;
        case core::ErrorCode::kAlreadyExists:
        case core::ErrorCode::kConflict:
            return bhttp::status::conflict;
        case core::ErrorCode::kPermissionDenied:
            return bhttp::status::forbidden;
        case core::ErrorCode::kUnauthenticated:
            return bhttp::status::unauthorized;
        case core::ErrorCode::kTooManyRequests:
            return bhttp::status::too_many_requests;
        case core::ErrorCode::kPayloadTooLarge:
            return bhttp::status::payload_too_large;
        case core::ErrorCode::kUnavailable:
            return bhttp::status::service_unavailable;
        case core::ErrorCode::kInternal:
            return bhttp::status::internal_server_error;
    }
    return bhttp::status::internal_server_error;
}

std::string ProblemJson(const core::Error& error, std::string_view request_id) {
    const auto status = StatusFor(error.code);
    boost::json::object body;
    body["type"] = "about:blank";
    body["title"] = std::string(bhttp::obsolete_reason(status));
    body["status"] = static_cast<int>(status);
    body["code"] = std::string(core::ErrorCodeName(error.code));
    body["detail"] = error.message_vi;
    body["message_vi"] = error.message_vi;
    body["message_en"] = error.message_en;
    boost::json::array details;
    for (const auto& detail : error.details) {
        details.push_back(boost::json::object{{"field", detail.where},
                                              {"message_vi", detail.message_vi},
                                              {"message_en", detail.message_en}});
    }
    body["errors"] = std::move(details);
    body["request_id"] = std::string(request_id);
    return boost::json::serialize(body);
}

}  // namespace ungcuu::http
