#include "domain/validation.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"

namespace ungcuu::domain {

void FieldErrors::Add(std::string_view field, std::string vi, std::string en) {
    details_.push_back(core::ErrorDetail{std::string(field), std::move(vi), std::move(en)});
}

void FieldErrors::AddAll(const core::Status& status) {
    if (!status.ok()) {
        for (const auto& detail : status.error().details) {
            Add(detail.where, detail.message_vi, detail.message_en);
        }
    }
}

core::Status FieldErrors::ToStatus() const {
    if (details_.empty()) {
        return core::Ok();
    }
    std::string vi = "Dữ liệu chưa hợp lệ: ";
    std::string en = "Invalid input: ";
    for (std::size_t i = 0; i < details_.size(); ++i) {
        if (i > 0) {
            vi += "; ";
            en += "; ";
        }
        vi += details_[i].where + " — " + details_[i].message_vi;
        en += details_[i].where + " — " + details_[i].message_en;
    }
    core::Error error = core::InvalidArgument(std::move(vi), std::move(en));
    error.details = details_;
    return error;
}

void CheckText(FieldErrors& errors,
               std::string_view field,
               std::string_view value,
               Required required,
               std::size_t max_bytes) {
    if (!core::IsValidUtf8(value)) {
        errors.Add(field, "không phải văn bản UTF-8 hợp lệ", "is not valid UTF-8 text");
        return;
    }
    if (required == Required::kYes && core::Trim(value).empty()) {
        errors.Add(field, "bắt buộc nhập", "is required");
        return;
    }
    if (value.size() > max_bytes) {
        errors.Add(field, fmt::format("dài quá {} byte", max_bytes),
                   fmt::format("is longer than {} bytes", max_bytes));
    }
    for (const char c : value) {
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
            errors.Add(field, "chứa ký tự điều khiển", "contains control characters");
            return;
        }
    }
}

void CheckCode(FieldErrors& errors, std::string_view field, std::string_view value) {
    if (value.empty()) {
        errors.Add(field, "bắt buộc nhập", "is required");
        return;
    }
    if (value.size() > 64) {
        errors.Add(field, "dài quá 64 ký tự", "is longer than 64 characters");
        return;
    }
    for (const char c : value) {
        const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                             (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!allowed) {
            errors.Add(field, "chỉ được dùng chữ không dấu, số và các dấu . _ -",
                       "may contain only letters A–Z, digits and . _ -");
            return;
        }
    }
}

void CheckEmail(FieldErrors& errors, std::string_view field, std::string_view value) {
    if (value.empty()) {
        return;
    }
    const auto at = value.find('@');
    const bool plausible = at != std::string_view::npos && at > 0 && at + 1 < value.size() &&
                           value.find('@', at + 1) == std::string_view::npos &&
                           value.find('.', at) != std::string_view::npos &&
                           value.find(' ') == std::string_view::npos && value.size() <= 254;
    if (!plausible) {
        errors.Add(field, "không phải địa chỉ thư điện tử hợp lệ", "is not a valid e-mail address");
    }
}

void CheckPhone(FieldErrors& errors, std::string_view field, std::string_view value) {
    if (value.empty()) {
        return;
    }
    if (value.size() > 40) {
        errors.Add(field, "dài quá 40 ký tự", "is longer than 40 characters");
        return;
    }
    for (const char c : value) {
        const bool allowed = (c >= '0' && c <= '9') || c == '+' || c == ' ' || c == '.' ||
                             c == '-' || c == '(' || c == ')';
        if (!allowed) {
            errors.Add(field, "chỉ được dùng chữ số, dấu cách và + . - ( )",
                       "may contain only digits, spaces and + . - ( )");
            return;
        }
    }
}

bool IsIpv4(std::string_view text) {
    int parts = 0;
    while (true) {
        const auto dot = text.find('.');
        const std::string_view part = text.substr(0, dot);
        const auto value = core::ParseInt64(part);
        if (!value || *value < 0 || *value > 255 || part.size() > 3 ||
            (part.size() > 1 && part[0] == '0')) {
            return false;
        }
        ++parts;
        if (dot == std::string_view::npos) {
            break;
        }
        text.remove_prefix(dot + 1);
    }
    return parts == 4;
}

bool IsIpv6(std::string_view text) {
    if (text.size() < 2 || text.size() > 45 || text.find(':') == std::string_view::npos) {
        return false;
    }
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
               c == ':' || c == '.';
    });
}

// A host name or a URL whose host is one: letters, digits, hyphens and dots, at least one dot.
bool IsDomainOrUrl(std::string_view text) {
    for (const std::string_view scheme : {"https://", "http://"}) {
        if (text.starts_with(scheme)) {
            text.remove_prefix(scheme.size());
            text = text.substr(0, text.find_first_of("/?#"));
            break;
        }
    }
    if (text.empty() || text.size() > 253 || text.find('.') == std::string_view::npos ||
        text.front() == '.' || text.back() == '.') {
        return false;
    }
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.' || c == ':';
    });
}

}  // namespace ungcuu::domain
