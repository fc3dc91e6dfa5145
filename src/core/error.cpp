#include "core/error.hpp"

namespace ungcuu::core {

std::string_view ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return "invalid_argument";
        case ErrorCode::kNotFound:
            return "not_found";
        case ErrorCode::kAlreadyExists:
            return "already_exists";
        case ErrorCode::kConflict:
            return "conflict";
        case ErrorCode::kPermissionDenied:
            return "permission_denied";
        case ErrorCode::kUnauthenticated:
            return "unauthenticated";
        case ErrorCode::kTooManyRequests:
            return "too_many_requests";
        case ErrorCode::kPayloadTooLarge:
            return "payload_too_large";
        case ErrorCode::kUnavailable:
            return "unavailable";
        case ErrorCode::kInternal:
            return "internal";
    }
    return "internal";
}

}  // namespace ungcuu::core
