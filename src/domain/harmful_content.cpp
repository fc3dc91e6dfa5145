#include "domain/harmful_content.hpp"

#include <fmt/format.h>

#include "core/date.hpp"
#include "core/text.hpp"
#include "domain/code_table.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

// Code, Vietnamese label.
struct Entry {
    std::string_view code;
    std::string_view label;
};

template <typename Enum, std::size_t N>
using LabelTable = std::array<std::pair<Enum, Entry>, N>;

template <typename Enum, std::size_t N>
std::string_view CodeIn(const LabelTable<Enum, N>& table, Enum value) {
    for (const auto& [entry, names] : table) {
        if (entry == value) {
            return names.code;
        }
    }
    return "";
}

template <typename Enum, std::size_t N>
std::string_view LabelIn(const LabelTable<Enum, N>& table, Enum value) {
    for (const auto& [entry, names] : table) {
        if (entry == value) {
            return names.label;
        }
    }
    return "";
}

template <typename Enum, std::size_t N>
std::optional<Enum> ParseIn(const LabelTable<Enum, N>& table, std::string_view code) {
    for (const auto& [entry, names] : table) {
        if (names.code == code) {
            return entry;
        }
    }
    return std::nullopt;
}

constexpr LabelTable<ContentPlatform, 7> kPlatforms = {{
    {ContentPlatform::kWebsite, {"website", "Trang web"}},
    {ContentPlatform::kFacebook, {"facebook", "Facebook"}},
    {ContentPlatform::kZalo, {"zalo", "Zalo"}},
    {ContentPlatform::kYoutube, {"youtube", "YouTube"}},
    {ContentPlatform::kTiktok, {"tiktok", "TikTok"}},
    {ContentPlatform::kTelegram, {"telegram", "Telegram"}},
    {ContentPlatform::kOther, {"other", "Nền tảng khác"}},
}};

constexpr LabelTable<ContentCategory, 6> kCategories = {{
    {ContentCategory::kFakePortal, {"fake_portal", "Trang giả mạo cổng thông tin"}},
    {ContentCategory::kImpersonation, {"impersonation", "Tài khoản mạo danh"}},
    {ContentCategory::kFakeNews, {"fake_news", "Tin giả, tin sai sự thật"}},
    {ContentCategory::kFraud, {"fraud", "Lừa đảo"}},
    {ContentCategory::kDefamation, {"defamation", "Xúc phạm, vu khống"}},
    {ContentCategory::kOther, {"other", "Khác"}},
}};

constexpr LabelTable<CaseState, 4> kStates = {{
    {CaseState::kOpen, {"open", "Đang xử lý"}},
    {CaseState::kHandedOver, {"handed_over", "Đã chuyển cơ quan chức năng"}},
    {CaseState::kRemoved, {"removed", "Đã gỡ bỏ"}},
    {CaseState::kClosed, {"closed", "Kết thúc"}},
}};

constexpr LabelTable<TakedownStatus, 5> kTakedowns = {{
    {TakedownStatus::kSent, {"sent", "Đã gửi"}},
    {TakedownStatus::kAcknowledged, {"acknowledged", "Đã tiếp nhận"}},
    {TakedownStatus::kRemoved, {"removed", "Đã gỡ"}},
    {TakedownStatus::kRefused, {"refused", "Từ chối gỡ"}},
    {TakedownStatus::kNoAnswer, {"no_answer", "Chưa trả lời"}},
}};

void CheckWhen(FieldErrors& errors,
               std::string_view field,
               core::TimePoint when,
               core::TimePoint now) {
    // A day's slack for a clock set a little ahead on the officer's machine.
    if (when > now + std::chrono::hours(24)) {
        errors.Add(field, "thời điểm không được ở tương lai", "the time must not be in the future");
    }
    if (core::ToUnixMillis(when) <= 0) {
        errors.Add(field, "thiếu thời điểm", "the time is missing");
    }
}

}  // namespace

std::string_view ContentPlatformCode(ContentPlatform p) { return CodeIn(kPlatforms, p); }

std::optional<ContentPlatform> ParseContentPlatform(std::string_view c) {
    return ParseIn(kPlatforms, c);
}

std::string_view ContentPlatformLabel(ContentPlatform p) { return LabelIn(kPlatforms, p); }

std::string_view ContentCategoryCode(ContentCategory c) { return CodeIn(kCategories, c); }

std::optional<ContentCategory> ParseContentCategory(std::string_view c) {
    return ParseIn(kCategories, c);
}

std::string_view ContentCategoryLabel(ContentCategory c) { return LabelIn(kCategories, c); }

std::string_view CaseStateCode(CaseState s) { return CodeIn(kStates, s); }

std::optional<CaseState> ParseCaseState(std::string_view c) { return ParseIn(kStates, c); }

std::string_view CaseStateLabel(CaseState s) { return LabelIn(kStates, s); }

std::string_view TakedownStatusCode(TakedownStatus s) { return CodeIn(kTakedowns, s); }

std::optional<TakedownStatus> ParseTakedownStatus(std::string_view c) {
    return ParseIn(kTakedowns, c);
}

std::string_view TakedownStatusLabel(TakedownStatus s) { return LabelIn(kTakedowns, s); }

std::string CaseCode(const HarmfulCase& c) {
    return fmt::format(
        "ND-{}-{:04}",
        static_cast<int>(std::chrono::year_month_day(core::LocalDate(c.created_at)).year()),
        c.id.value());
}

core::Status CheckCase(const HarmfulCase& c, core::TimePoint now) {
    FieldErrors errors;
    CheckText(errors, "location", c.location, Required::kYes, 2000);
    if (c.platform == ContentPlatform::kWebsite && !c.location.empty() &&
        !IsDomainOrUrl(c.location)) {
        errors.Add("location", "trang web phải là một địa chỉ (https://… hoặc tên miền)",
                   "a website must be an address (https://… or a domain name)");
    }
    CheckText(errors, "title", c.title, Required::kYes, 300);
    CheckText(errors, "description", c.description, Required::kNo, 20000);
    CheckWhen(errors, "first_seen", c.first_seen, now);
    CheckText(errors, "handed_to", c.handed_to, Required::kNo, 300);
    CheckText(errors, "handover_ref", c.handover_ref, Required::kNo, 100);
    if (c.handed_at) {
        CheckWhen(errors, "handed_at", *c.handed_at, now);
        if (c.handed_to.empty()) {
            errors.Add("handed_to", "hãy ghi cơ quan nhận bàn giao",
                       "name the body the case was handed to");
        }
    }
    if (c.state == CaseState::kHandedOver && !c.handed_at) {
        errors.Add("handed_at", "vụ việc đã chuyển cần ngày chuyển giao",
                   "a case handed over needs the date it was");
    }
    return errors.ToStatus();
}

core::Status CheckTakedown(const Takedown& t, core::TimePoint now) {
    FieldErrors errors;
    CheckText(errors, "recipient", t.recipient, Required::kYes, 200);
    CheckText(errors, "channel", t.channel, Required::kNo, 200);
    CheckText(errors, "reference", t.reference, Required::kNo, 200);
    CheckText(errors, "note", t.note, Required::kNo, 4000);
    CheckWhen(errors, "sent_at", t.sent_at, now);
    if (t.answered_at) {
        CheckWhen(errors, "answered_at", *t.answered_at, now);
        if (*t.answered_at < t.sent_at) {
            errors.Add("answered_at", "ngày trả lời trước ngày gửi",
                       "the answer is dated before the request");
        }
    }
    return errors.ToStatus();
}

std::string CaseSearchText(const HarmfulCase& c) {
    return core::FoldForSearch(c.title + " " + c.location + " " + c.description + " " +
                               c.handed_to + " " + c.handover_ref);
}

}  // namespace ungcuu::domain
