#include "domain/user.hpp"

#include "core/text.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

core::Status ValidateUserFields(const User& user) {
    FieldErrors errors;
    if (user.login.size() < 3 || user.login.size() > 64) {
        errors.Add("login", "phải dài từ 3 đến 64 ký tự", "must be 3 to 64 characters long");
    } else {
        for (const char c : user.login) {
            const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                                 c == '_' || c == '-' || c == '@';
            if (!allowed) {
                errors.Add("login", "chỉ được dùng chữ thường không dấu, số và . _ - @",
                           "may contain only lower-case letters, digits and . _ - @");
                break;
            }
        }
    }
    CheckText(errors, "full_name", user.full_name, Required::kYes, 200);
    CheckEmail(errors, "email", user.email);
    if (!user.unit_id.valid()) {
        errors.Add("unit_id", "bắt buộc chọn đơn vị", "is required");
    }
    return errors.ToStatus();
}

core::Status ValidatePassword(std::string_view password, std::string_view login) {
    FieldErrors errors;
    if (!core::IsValidUtf8(password)) {
        errors.Add("password", "không phải văn bản UTF-8 hợp lệ", "is not valid UTF-8");
    } else if (password.size() < 10) {
        errors.Add("password", "phải dài ít nhất 10 ký tự", "must be at least 10 characters");
    } else if (password.size() > 256) {
        errors.Add("password", "dài quá 256 byte", "is longer than 256 bytes");
    } else if (password == login) {
        errors.Add("password", "không được trùng tên đăng nhập", "must differ from the login");
    }
    return errors.ToStatus();
}

}  // namespace ungcuu::domain
