// The harmful-content register (Luật An ninh mạng 2018 Điều 16, Điều 26; seeds 002 §II.4–5,
// 003 §II.4): cases of content about the province that harms it or its people — a fake portal,
// an account impersonating an official or an agency, fake news, fraud — with where it is
// (an address or an account on a platform), what kind it is, when it was first seen, the unit
// handling it, its hand-over to the police or the Department, and the takedown requests sent
// to the platforms with their answers. Evidence lives beside it (captured pages and uploaded
// files with their digests). Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"
#include "domain/incident.hpp"

namespace ungcuu::domain {

using HarmfulCaseId = core::Id<struct HarmfulCaseTag>;
using CaseEvidenceId = core::Id<struct CaseEvidenceTag>;
using TakedownId = core::Id<struct TakedownTag>;

enum class ContentPlatform { kWebsite, kFacebook, kZalo, kYoutube, kTiktok, kTelegram, kOther };
enum class ContentCategory {
    kFakePortal,     // a site posing as the province's or an agency's portal
    kImpersonation,  // an account posing as an official or an agency
    kFakeNews,       // false information about the province or its people
    kFraud,          // scams using the province's name (fake fines, fake services)
    kDefamation,     // insulting, defaming officials or citizens
    kOther,
};
enum class CaseState {
    kOpen,        // being handled
    kHandedOver,  // handed to the police or the Department, following up
    kRemoved,     // the content is gone
    kClosed,      // finished without removal (not harmful, or nothing more can be done)
};
enum class TakedownStatus { kSent, kAcknowledged, kRemoved, kRefused, kNoAnswer };

std::string_view ContentPlatformCode(ContentPlatform platform);
std::optional<ContentPlatform> ParseContentPlatform(std::string_view code);
std::string_view ContentPlatformLabel(ContentPlatform platform);  // Vietnamese
std::string_view ContentCategoryCode(ContentCategory category);
std::optional<ContentCategory> ParseContentCategory(std::string_view code);
std::string_view ContentCategoryLabel(ContentCategory category);  // Vietnamese
std::string_view CaseStateCode(CaseState state);
std::optional<CaseState> ParseCaseState(std::string_view code);
std::string_view CaseStateLabel(CaseState state);  // Vietnamese
std::string_view TakedownStatusCode(TakedownStatus status);
std::optional<TakedownStatus> ParseTakedownStatus(std::string_view code);
std::string_view TakedownStatusLabel(TakedownStatus status);  // Vietnamese

struct HarmfulCase {
    HarmfulCaseId id{};
    UnitId unit_id{};         // the unit handling it
    std::string unit_path{};  // loaded with it
    std::string unit_name{};  // loaded with it
    std::string location{};   // the URL, or the account as the platform shows it
    ContentPlatform platform = ContentPlatform::kWebsite;
    ContentCategory category = ContentCategory::kOther;
    std::string title{};
    std::string description{};
    core::TimePoint first_seen{};
    CaseState state = CaseState::kOpen;
    std::string handed_to{};  // "Công an tỉnh (PA05)", "Sở Thông tin và Truyền thông"
    std::optional<core::TimePoint> handed_at{};
    std::string handover_ref{};                    // the number of the letter that handed it over
    std::optional<IncidentId> source_incident{};   // the public report it came from
    std::optional<IncidentId> malware_incident{};  // opened when its evidence held malware
    std::string created_by{};
    core::TimePoint created_at{};
    core::TimePoint updated_at{};
};

/// "ND-2026-0007": the case's number in hand-over lists, from its year of entry and id.
std::string CaseCode(const HarmfulCase& c);

struct Takedown {
    TakedownId id{};
    HarmfulCaseId case_id{};
    std::string recipient{};  // the platform or provider asked
    std::string channel{};    // how: the platform's report form, an official letter, e-mail
    std::string reference{};  // the platform's ticket number or the letter's number
    core::TimePoint sent_at{};
    TakedownStatus status = TakedownStatus::kSent;
    std::optional<core::TimePoint> answered_at{};
    std::string note{};
    std::string created_by{};
};

/// What a case may hold: the location on its platform (an address for a website, an account or
/// a link elsewhere), a title, dates not in the future; kInvalidArgument naming each field.
core::Status CheckCase(const HarmfulCase& c, core::TimePoint now);
core::Status CheckTakedown(const Takedown& t, core::TimePoint now);

/// The text cases are searched by (folded: without diacritics, lower case).
std::string CaseSearchText(const HarmfulCase& c);

}  // namespace ungcuu::domain
