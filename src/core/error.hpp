// The one error model of ungcuu: a closed list of codes plus a message for people.
//
// Expected failures (bad input, missing objects, refused actions) travel as values inside
// core::Result. Every message exists in Vietnamese (shown first to users) and English. The
// http module maps ErrorCode to an HTTP status in one place, the cli module to an exit code.
// Error is a plain value type; copies are independent and safe to pass between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ungcuu::core {

enum class ErrorCode {
    kInvalidArgument,   // input is malformed or breaks a rule
    kNotFound,          // no such object, or not within the caller's scope
    kAlreadyExists,     // a unique key is taken
    kConflict,          // the object's state forbids the action (cycle, inactive parent…)
    kPermissionDenied,  // in scope, but the caller's roles do not allow it
    kUnauthenticated,   // no valid session or token, wrong password, missing CSRF token
    kTooManyRequests,   // throttled
    kPayloadTooLarge,   // body or file over the limit
    kUnavailable,       // a dependency (database) cannot be reached now
    kInternal,          // a bug or an unexpected library failure
};

std::string_view ErrorCodeName(ErrorCode code);

/// One problem with one part of the input, e.g. a CSV line or a JSON field.
struct ErrorDetail {
    std::string where;  // "line 4", "name_vi", …
    std::string message_vi;
    std::string message_en;
};

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message_vi;
    std::string message_en;
    std::vector<ErrorDetail> details;
    /// For kTooManyRequests and kUnavailable: when to try again, in seconds (0: not said).
    std::int64_t retry_after_seconds = 0;

    static Error Make(ErrorCode code, std::string vi, std::string en) {
        return Error{code, std::move(vi), std::move(en), {}, 0};
    }
};

inline Error InvalidArgument(std::string vi, std::string en) {
    return Error::Make(ErrorCode::kInvalidArgument, std::move(vi), std::move(en));
}

inline Error NotFound(std::string vi, std::string en) {
    return Error::Make(ErrorCode::kNotFound, std::move(vi), std::move(en));
}

inline Error Conflict(std::string vi, std::string en) {
    return Error::Make(ErrorCode::kConflict, std::move(vi), std::move(en));
}

inline Error PermissionDenied() {
    return Error::Make(ErrorCode::kPermissionDenied,
                       "Bạn không có quyền thực hiện thao tác này trên đơn vị này.",
                       "You are not allowed to do this on this unit.");
}

inline Error Unavailable(std::string vi, std::string en) {
    return Error::Make(ErrorCode::kUnavailable, std::move(vi), std::move(en));
}

inline Error Internal(std::string en) {
    return Error::Make(ErrorCode::kInternal, "Lỗi hệ thống, vui lòng thử lại hoặc báo quản trị.",
                       std::move(en));
}

}  // namespace ungcuu::core
