// Field checks shared by the domain's validators. They collect every problem of an input
// (not just the first) so a user can fix a form or a CSV line in one go.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ungcuu::domain {

enum class Required { kNo, kYes };

class FieldErrors {
public:
    void Add(std::string_view field, std::string vi, std::string en);
    /// Every field detail of a failed status (nothing for Ok).
    void AddAll(const core::Status& status);

    bool empty() const { return details_.empty(); }

    const std::vector<core::ErrorDetail>& details() const { return details_; }

    /// Ok when empty, otherwise kInvalidArgument listing every field.
    core::Status ToStatus() const;

private:
    std::vector<core::ErrorDetail> details_;
};

void CheckText(FieldErrors& errors,
               std::string_view field,
               std::string_view value,
               Required required,
               std::size_t max_bytes);
/// Codes: 1–64 characters of A–Z a–z 0–9 . _ -
void CheckCode(FieldErrors& errors, std::string_view field, std::string_view value);
void CheckEmail(FieldErrors& errors, std::string_view field, std::string_view value);
void CheckPhone(FieldErrors& errors, std::string_view field, std::string_view value);

/// Dotted IPv4 without leading zeros.
bool IsIpv4(std::string_view text);
/// Hex digits, colons and dots (an IPv6 address as written, embedded IPv4 allowed).
bool IsIpv6(std::string_view text);
/// A host name or an http(s) URL whose host is one: letters, digits, hyphens, dots, one dot at
/// least.
bool IsDomainOrUrl(std::string_view text);

}  // namespace ungcuu::domain
