#include "domain/exchange.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "domain/code_table.hpp"

namespace ungcuu::domain {

namespace {

// Letters and digits a person reads out without confusion: no 0/O, 1/I/L.
constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::size_t kCodeLength = 16;

constexpr std::array<std::string_view, 5> kFinalRefusals = {
    "too_large", "malformed", "bad_signature", "expired", "not_applied"};

}  // namespace

std::string_view PeerRelationCode(PeerRelation relation) {
    return kPeerRelations[static_cast<int>(relation)];
}

std::optional<PeerRelation> ParsePeerRelation(std::string_view code) {
    return ParseListedCode<PeerRelation>(kPeerRelations, code);
}

std::string FormatEnrolmentCode(const std::vector<std::uint8_t>& random) {
    std::string code;
    for (std::size_t i = 0; i < kCodeLength; ++i) {
        if (i > 0 && i % 4 == 0) {
            code += '-';
        }
        const std::size_t value = i < random.size() ? random[i] : 0U;
        code += kCodeAlphabet[value % kCodeAlphabet.size()];
    }
    return code;
}

std::optional<std::string> NormaliseEnrolmentCode(std::string_view typed) {
    if (typed.size() > 64) {
        return std::nullopt;
    }
    std::string code;
    for (const char c : typed) {
        if (c == '-' || c == ' ') {
            continue;
        }
        const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (kCodeAlphabet.find(upper) == std::string_view::npos) {
            return std::nullopt;
        }
        code += upper;
    }
    if (code.size() != kCodeLength) {
        return std::nullopt;
    }
    return code;
}

core::TimePoint NextAttempt(core::TimePoint now, int attempts) {
    constexpr auto kFirst = std::chrono::seconds(30);
    constexpr auto kLongest = std::chrono::hours(1);
    auto wait = std::chrono::duration_cast<std::chrono::seconds>(kFirst);
    for (int i = 1; i < attempts && wait < kLongest; ++i) {
        wait *= 2;
    }
    return now + std::min<std::chrono::seconds>(wait, kLongest);
}

bool RefusalIsFinal(std::string_view code) {
    return std::find(kFinalRefusals.begin(), kFinalRefusals.end(), code) != kFinalRefusals.end();
}

core::Status ValidatePeerUrl(std::string_view url) {
    const bool web = url.starts_with("https://") || url.starts_with("http://");
    const auto rest =
        url.substr(url.find("://") == std::string_view::npos ? 0 : url.find("://") + 3);
    const auto host = rest.substr(0, rest.find('/'));
    const bool clean = std::all_of(url.begin(), url.end(), [](char c) {
        return c > ' ' && c < 127 && c != '@' && c != '"' && c != '\\';
    });
    if (!web || url.size() > 300 || host.empty() || !clean) {
        return core::InvalidArgument(
            "Địa chỉ của hệ thống kia phải là http(s)://máy[:cổng][/đường dẫn], không có tên "
            "đăng nhập, tối đa 300 ký tự.",
            "The installation's address must be http(s)://host[:port][/path], without "
            "credentials, at most 300 characters.");
    }
    return core::Ok();
}

}  // namespace ungcuu::domain
